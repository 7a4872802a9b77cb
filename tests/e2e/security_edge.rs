//! What the outside black-box test found at the HTTP edge, each closed for
//! its whole class (issue 24, findings 6, 7 and 10):
//!
//! - a photo body over the upload limit is refused with 413 before it is
//!   read, from its declared length, or where it passes the limit when sent
//!   without one, at both upload doors, saying the limit once in whole MB;
//! - every `/api/v1` answer to a session or a token is `private, no-store`:
//!   every GET route of the router (the list is checked against the
//!   router's source, so a new route cannot be forgotten here);
//! - forms may post only to our origin and to the card checkout's host, the
//!   host a card checkout is redirected to.

use crate::checkout::{order_body, post_checkout};
use crate::stripe::stand_in::{StandIn, SECRET_KEY};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use tests::{on_both_databases, spawn_app, spawn_app_with, TestApp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const MEMBER: &str = "htx.phusa@demo.chocop.vn";
const OFFICER: &str = "canbo.cantho@demo.chocop.vn";
/// A product of [`MEMBER`]'s producer.
const PRODUCT: &str = "SP0000001";
const API_UPLOAD: &str = "/api/v1/stall/products/SP0000001/images";
const FORM_UPLOAD: &str = "/quan-ly/tai-anh";
/// The upload limit, as its refusal says it.
const LIMIT_MB: &str = "64 MB";

// ---------------------------------------------------------------------
// Finding 6: photo bodies over the limit.
// ---------------------------------------------------------------------

/// An answer read off the wire.
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Sends `head` (request line, headers and the blank line) and then `body`, piece by piece,
/// on a connection of its own, then reads the answer (within 30 s). The
/// server may stop reading at any time: a write it refuses ends the sending.
async fn raw_exchange(app: &TestApp, head: &str, body: Vec<Vec<u8>>) -> Raw {
    let address = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await.expect("connect");
    let mut first = head.as_bytes().to_vec();
    let mut pieces = body.into_iter();
    // The head and the first piece in one write, as a client sends them.
    first.extend(pieces.next().unwrap_or_default());
    let mut sending = stream.write_all(&first).await.is_ok();
    for piece in pieces {
        if !sending {
            break;
        }
        sending = stream.write_all(&piece).await.is_ok();
    }
    let mut received = Vec::new();
    let mut buffer = vec![0u8; 64 * 1024];
    let read = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
            if answer_is_whole(&received) {
                break;
            }
        }
    })
    .await;
    assert!(read.is_ok(), "an answer within 30 s");
    parse_answer(&received)
}

/// Whether `bytes` hold a whole answer with a `Content-Length`.
fn answer_is_whole(bytes: &[u8]) -> bool {
    let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&bytes[..end]).to_ascii_lowercase();
    head.lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .is_some_and(|n| bytes.len() >= end + 4 + n)
}

fn parse_answer(bytes: &[u8]) -> Raw {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("an answer: {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Raw {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes[end + 4..]).into_owned(),
    }
}

/// The session cookie (`ocop_session=…`) and CSRF token of `email`.
async fn session_of(app: &TestApp, email: &str) -> (String, String) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&json!({ "email": email, "password": app::demo::DEMO_PASSWORD }))
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 200, "{email} signs in");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("cookie")
        .to_owned();
    let body: Value = response.json().await.expect("json");
    (
        cookie,
        body["csrf_token"].as_str().expect("csrf").to_owned(),
    )
}

const BOUNDARY: &str = "ocopBoundary7MA4YWxkTrZu0gW";

/// The start of a multipart body holding one photo file, whose bytes follow.
fn multipart_start() -> Vec<u8> {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"image\"; \
         filename=\"lon.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u{ff}"
    )
    .into_bytes()
}

/// The request head of an upload to `path` (`extra` headers end in CRLF).
fn upload_head(path: &str, extra: &str, language: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: {language}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{extra}"
    )
}

/// `text` names sizes only as the whole upload limit, exactly `times` times:
/// no decimal MB, no other number of MB (the file's own size was once said
/// next to the limit, the same number twice).
fn assert_names_the_limit(text: &str, times: usize) {
    let named: Vec<&str> = text
        .match_indices(" MB")
        .map(|(at, _)| {
            let before = &text[..at];
            let start = before
                .rfind(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
                .map_or(0, |i| i + 1);
            &before[start..]
        })
        .collect();
    assert_eq!(named, vec!["64"; times], "sizes named in: {text}");
}

/// Where a refusal page says the limit: its Vietnamese and English sentences.
fn sentences_of_page(html: &str) -> (usize, usize) {
    let vi = html
        .find("Ảnh quá lớn: tối đa 64 MB mỗi lần tải lên.")
        .unwrap_or_else(|| panic!("the Vietnamese sentence: {html}"));
    let en = html
        .find("The photo is too large: at most 64 MB per upload.")
        .unwrap_or_else(|| panic!("the English sentence: {html}"));
    (vi, en)
}

on_both_databases!(
    photo_bodies_over_the_limit_are_refused_before_they_are_read,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (cookie, csrf) = session_of(&app, MEMBER).await;
        let signed = format!("Cookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\n");
        let doors = [(API_UPLOAD, signed.as_str()), (FORM_UPLOAD, "")];
        for (path, _) in doors {
            let template = if path == API_UPLOAD {
                "/api/v1/stall/products/{code}/images"
            } else {
                path
            };
            assert!(
                server::http::hardening::limits::is_upload(template),
                "{template} is an upload door of the edge's list"
            );
        }

        // A declared length over the limit (73 MB, as the outside test
        // sent): refused at once, though only the first bytes ever come.
        for (path, headers) in doors {
            for language in ["vi", "en"] {
                let started = Instant::now();
                let extra = format!(
                    "{headers}Accept: text/html,application/json\r\nContent-Length: 73000000\r\n\r\n"
                );
                let answer = raw_exchange(
                    &app,
                    &upload_head(path, &extra, language),
                    vec![multipart_start()],
                )
                .await;
                assert_eq!(answer.status, 413, "{path}: {}", answer.body);
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "{path}: answered without waiting for the body"
                );
                assert!(answer.header("cache-control").contains("no-store"));
                check_refusal(path, language, &answer);
            }
        }

        // Sent without a length: read up to the limit, not a byte further
        // (the last piece passes it; nothing is sent after it), then 413.
        for (path, headers) in doors {
            let extra = format!("{headers}Transfer-Encoding: chunked\r\n\r\n");
            let mut pieces = vec![chunk(&multipart_start())];
            let mut sent = multipart_start().len();
            let piece = vec![0u8; 1024 * 1024];
            let limit = server::http::uploads::MAX_UPLOAD_BODY;
            while sent + piece.len() <= limit {
                pieces.push(chunk(&piece));
                sent += piece.len();
            }
            pieces.push(chunk(&vec![0u8; limit - sent]));
            pieces.push(chunk(b"!"));
            let answer = raw_exchange(&app, &upload_head(path, &extra, "vi"), pieces).await;
            assert_eq!(answer.status, 413, "{path} chunked: {}", answer.body);
            check_refusal(path, "vi", &answer);
        }

        // One file over the pipeline's own limit, in a body within the
        // upload limit: the message names the limit once, in whole MB.
        let mut big = vec![0u8; 20_000_001];
        big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
        let (client, csrf) = app.signed_in_client(MEMBER, app::demo::DEMO_PASSWORD).await;
        for (language, sentence) in [
            ("vi", "Ảnh quá lớn: tối đa 20 MB mỗi ảnh."),
            ("en", "The photo is too large: at most 20 MB each."),
        ] {
            let response = client
                .post(format!("{}{API_UPLOAD}", app.address))
                .header("X-CSRF-Token", &csrf)
                .header("Accept-Language", language)
                .multipart(reqwest::multipart::Form::new().part(
                    "image",
                    reqwest::multipart::Part::bytes(big.clone()).file_name("lon.jpg"),
                ))
                .send()
                .await
                .expect("upload");
            assert_eq!(response.status().as_u16(), 422);
            let body: Value = response.json().await.expect("json");
            assert_eq!(
                body["error"]["fields"]["photo"],
                json!([sentence]),
                "{body}"
            );
        }
    }
);

/// `bytes` as one piece of a chunked body.
fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut piece = format!("{:x}\r\n", bytes.len()).into_bytes();
    piece.extend_from_slice(bytes);
    piece.extend_from_slice(b"\r\n");
    piece
}

/// The refusal is in the asker's form and says the limit once, whole.
fn check_refusal(path: &str, language: &str, answer: &Raw) {
    if path.starts_with("/api/v1/") {
        assert!(answer
            .header("content-type")
            .starts_with("application/json"));
        let body: Value = serde_json::from_str(&answer.body).expect("json");
        assert_eq!(body["error"]["code"], "payload_too_large", "{body}");
        assert!(body["error"]["request_id"].is_string(), "{body}");
        let message = body["error"]["message"].as_str().expect("message");
        let expected = if language == "en" {
            "The photo is too large: at most 64 MB per upload."
        } else {
            "Ảnh quá lớn: tối đa 64 MB mỗi lần tải lên."
        };
        assert_eq!(message, expected);
        assert_names_the_limit(message, 1);
    } else {
        // The page form's refusal: a page, Vietnamese first, then English.
        assert!(answer.header("content-type").starts_with("text/html"));
        let (vi, en) = sentences_of_page(&answer.body);
        assert!(vi < en, "Vietnamese first");
        assert_names_the_limit(&answer.body, 2);
        assert!(answer.body.contains(LIMIT_MB));
    }
}

// ---------------------------------------------------------------------
// Finding 7: personal answers are kept by nobody.
// ---------------------------------------------------------------------

/// The GET routes of the `/api/v1` router: its routes are registered with
/// their OpenAPI descriptions by the same calls (`api::routes`), so the
/// document's GET operations are the router's GET routes.
fn get_routes_in_the_router() -> BTreeSet<String> {
    let document = server::http::api::routes().into_openapi();
    let routes: BTreeSet<String> = document
        .paths
        .paths
        .iter()
        .filter(|(_, item)| item.get.is_some())
        .map(|(path, _)| path.clone())
        .collect();
    assert!(routes.len() > 10, "the router's GET routes: {routes:?}");
    routes
}

fn is_private(response: &reqwest::Response) -> Result<(), String> {
    let cache = response
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if cache.contains("private") && cache.contains("no-store") {
        Ok(())
    } else {
        Err(format!("Cache-Control: {cache:?}"))
    }
}

/// A guest's checkout (paid by `payment`) of one product of [`MEMBER`]'s
/// producer, the first of their products on sale: its answer.
async fn order_from_the_member(app: &TestApp, payment: &str) -> Value {
    let (member, _) = app.signed_in_client(MEMBER, app::demo::DEMO_PASSWORD).await;
    let list: Value =
        tests::send_json(member.get(format!("{}/api/v1/stall/products", app.address))).await;
    for item in list["items"].as_array().expect("items") {
        let code = item["code"].as_str().expect("code");
        let (status, placed) = post_checkout(app, &order_body(&[(code, 1)], payment), None).await;
        if status == 201 {
            return placed;
        }
    }
    panic!("none of {MEMBER}'s products is on sale: {list}");
}

/// The first `field` of the items a list answers.
async fn first_of(app: &TestApp, path: &str, field: &str) -> String {
    let (status, list) = app.get_json(path).await;
    assert_eq!(status, 200, "{path}: {list}");
    let items = list["items"].as_array().or(list.as_array()).expect("items");
    items[0][field].as_str().expect(field).to_owned()
}

on_both_databases!(
    every_api_answer_to_a_session_or_a_token_is_private,
    |backend| async move {
        let app = spawn_app(backend).await;
        let placed = order_from_the_member(&app, "cod").await;
        let order = placed["orders"][0]["number"]
            .as_str()
            .expect("number")
            .to_owned();
        let token = placed["access_token"].as_str().expect("token").to_owned();
        let event = first_of(&app, "/api/v1/events", "code").await;
        let point = first_of(&app, "/api/v1/sales-points", "code").await;
        let (_, plans) = app.get_json("/api/v1/reports/plans").await;
        let plan = plans["plans"][0]["id"].as_str().map(str::to_owned);

        // Every GET route, named once here with an address to ask.
        let routes: Vec<(&str, String)> = vec![
            ("/health", "/health".into()),
            ("/ready", "/ready".into()),
            ("/auth/csrf", "/auth/csrf".into()),
            ("/openapi.json", "/openapi.json".into()),
            ("/products", "/products".into()),
            ("/products/search", "/products/search?q=tra".into()),
            ("/products/suggest", "/products/suggest?q=tr".into()),
            ("/products/{code}", format!("/products/{PRODUCT}")),
            ("/orders/{number}", format!("/orders/{order}")),
            ("/stall/orders", "/stall/orders".into()),
            ("/stall/orders.csv", "/stall/orders.csv".into()),
            ("/stall/products", "/stall/products".into()),
            ("/events", "/events".into()),
            ("/events.ics", "/events.ics".into()),
            ("/events/{code}", format!("/events/{event}")),
            ("/sales-points", "/sales-points".into()),
            ("/sales-points/{code}", format!("/sales-points/{point}")),
            ("/certifications", "/certifications".into()),
            ("/certifications.csv", "/certifications.csv".into()),
            ("/reports/plans", "/reports/plans".into()),
            (
                "/reports/plans/{plan_file}",
                format!(
                    "/reports/plans/{}",
                    plan.as_deref().unwrap_or("ke-hoach-2026")
                ),
            ),
            ("/reports/metrics", "/reports/metrics".into()),
            ("/admin/audit-log", "/admin/audit-log".into()),
            ("/admin/audit-log.csv", "/admin/audit-log.csv".into()),
            (
                "/admin/annual-statistics/{year_file}",
                "/admin/annual-statistics/2026.xlsx".into(),
            ),
        ];
        let listed: BTreeSet<String> = routes.iter().map(|(t, _)| t.to_string()).collect();
        assert_eq!(
            listed,
            get_routes_in_the_router(),
            "every GET route of the /api/v1 router is asked here"
        );

        let mut failures = Vec::new();
        let mut answered = BTreeSet::new();
        for email in [MEMBER, OFFICER, "quantri@demo.chocop.vn"] {
            let (client, _) = app.signed_in_client(email, app::demo::DEMO_PASSWORD).await;
            for (_, path) in &routes {
                let response = client
                    .get(format!("{}/api/v1{path}", app.address))
                    .send()
                    .await
                    .expect("request");
                let status = response.status().as_u16();
                assert!(status < 500, "{email} {path}: {status}");
                if status == 200 {
                    answered.insert(path.clone());
                }
                if let Err(e) = is_private(&response) {
                    failures.push(format!("{email} GET /api/v1{path} ({status}): {e}"));
                }
            }
        }
        assert!(failures.is_empty(), "not private:\n{}", failures.join("\n"));
        // Real answers were looked at, not only refusals: each route
        // answered one of the two (the demo loads no plan to report on).
        for (_, path) in &routes {
            assert!(
                answered.contains(path) || (plan.is_none() && path.starts_with("/reports/plans/")),
                "{path} answered 200 to nobody"
            );
        }

        // A guest with only the order link's token.
        let guest = reqwest::Client::new();
        let response = guest
            .get(format!(
                "{}/api/v1/orders/{order}?token={token}",
                app.address
            ))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        is_private(&response).expect("an order read by its token");

        // A bearer, and answers that hand out a session, are private too;
        // and so is a refusal of the CSRF check.
        let response = guest
            .get(format!("{}/api/v1/stall/orders", app.address))
            .header("Authorization", "Bearer not-a-token")
            .send()
            .await
            .expect("request");
        is_private(&response).expect("a request with Authorization");
        let response = guest
            .post(format!("{}/api/v1/auth/login", app.address))
            .json(&json!({ "email": MEMBER, "password": app::demo::DEMO_PASSWORD }))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200);
        is_private(&response).expect("signing in");
        let response = guest
            .get(format!("{}/api/v1/auth/csrf", app.address))
            .send()
            .await
            .expect("csrf");
        is_private(&response).expect("a guest's first CSRF token");
        let (cookie, _) = session_of(&app, MEMBER).await;
        let response = guest
            .post(format!("{}/api/v1/stall/products", app.address))
            .header("Cookie", &cookie)
            .json(&json!({}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 403);
        is_private(&response).expect("a CSRF refusal");

        // What depends on nobody keeps its own caching.
        let feed = guest
            .get(format!("{}/api/v1/events.ics", app.address))
            .send()
            .await
            .expect("feed");
        assert_eq!(feed.headers()["cache-control"], "public, max-age=300");
    }
);

// ---------------------------------------------------------------------
// Finding 10: where forms may post.
// ---------------------------------------------------------------------

/// The sources of the `form-action` directive of a response's policy
/// (there must be exactly one such directive).
fn form_action(response: &reqwest::Response, what: &str) -> Vec<String> {
    let policy = response
        .headers()
        .get("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: a policy"))
        .to_str()
        .expect("ascii");
    let directives: Vec<Vec<String>> = policy
        .split(';')
        .map(|d| d.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|d| {
            d.first()
                .is_some_and(|n| n.eq_ignore_ascii_case("form-action"))
        })
        .collect();
    assert_eq!(directives.len(), 1, "{what}: one form-action in {policy}");
    directives[0][1..].to_vec()
}

on_both_databases!(
    forms_post_only_here_and_to_the_card_checkout,
    |backend| async move {
        let stand_in = StandIn::start().await;
        let base = stand_in.base_url.clone();
        let app = spawn_app_with(backend, move |settings| {
            settings.stripe.secret_key = Some(server::config::Secret::new(SECRET_KEY));
            settings.stripe.webhook_secret =
                Some(server::config::Secret::new(crate::stripe::WEBHOOK_SECRET));
            settings.stripe.api_base = base;
        })
        .await;
        let allowed = vec![
            "'self'".to_owned(),
            "https://checkout.stripe.com".to_owned(),
        ];

        let (_, list) = app.get_json("/api/v1/products?limit=1").await;
        let product = format!(
            "/san-pham/{}",
            list["items"][0]["slug"].as_str().expect("slug")
        );
        for page in [
            "/",
            product.as_str(),
            "/gio-hang",
            "/thanh-toan",
            "/dang-nhap",
            "/tim-kiem?q=tra",
            "/khong-co-trang-nay",
            "/api/v1/health",
        ] {
            let response = app.get(page).await;
            assert_eq!(form_action(&response, page), allowed, "{page}");
        }
        let (member, _) = app.signed_in_client(MEMBER, app::demo::DEMO_PASSWORD).await;
        let stall = member
            .get(format!("{}/quan-ly", app.address))
            .send()
            .await
            .expect("stall");
        assert_eq!(stall.status(), 200);
        assert_eq!(form_action(&stall, "/quan-ly"), allowed);
        // The edge's own refusal pages too.
        let refused = app
            .client
            .post(format!("{}/api/fn/sign_in", app.address))
            .header("Accept", "text/html")
            .form(&[("email", "a@b.vn"), ("password", &"x".repeat(1_100_000))])
            .send()
            .await
            .expect("refused");
        assert_eq!(refused.status().as_u16(), 413);
        assert_eq!(form_action(&refused, "a refusal page"), allowed);

        // A card checkout sends the shopper where the policy lets the
        // checkout form's redirect go (the stand-in, like Stripe, answers
        // with a page on Stripe Checkout's host, whatever the API base).
        let placed = order_from_the_member(&app, "card").await;
        let target = placed["payment"]["redirect_url"]
            .as_str()
            .expect("redirect");
        let origin = target.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        assert!(
            allowed.contains(&origin),
            "{target} is allowed by form-action"
        );
        assert_eq!(stand_in.requests().len(), 1);
    }
);
