//! The HTTP edge: security headers and the CSP nonce of real pages (kept
//! pages included), request body limits, and rate limits per client address
//! behind trusted proxies and without.

use serde_json::{json, Value};
use std::collections::HashMap;
use tests::{on_both_databases, spawn_app, spawn_app_with, TestApp};

/// The attributes of every `<script …>` tag of `html`, in order.
pub(crate) fn script_tags(html: &str) -> Vec<HashMap<String, String>> {
    let lower = html.to_ascii_lowercase();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let start = at + found + "<script".len();
        let end = start + html[start..].find('>').expect("tag closed");
        tags.push(attributes(&html[start..end]));
        at = end;
    }
    tags
}

/// `name="value"`, `name='value'`, `name=value` and bare `name`.
fn attributes(tag: &str) -> HashMap<String, String> {
    let mut found = HashMap::new();
    let mut rest = tag.trim().trim_end_matches('/');
    while !rest.is_empty() {
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = rest[name_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (value, left) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).expect("quote closed") + 1;
                    (&after[1..close], &after[close + 1..])
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = left.trim_start();
            value.to_owned()
        } else {
            String::new()
        };
        if !name.is_empty() {
            found.insert(name, value);
        }
    }
    found
}

/// The nonce of a response's Content-Security-Policy.
pub(crate) fn csp_nonce(response: &reqwest::Response) -> String {
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii");
    let start = policy.find("'nonce-").expect("a nonce in the policy") + "'nonce-".len();
    policy[start..start + policy[start..].find('\'').expect("quoted")].to_owned()
}

/// Every inline script that a browser would run carries `nonce`; returns
/// how many there are.
pub(crate) fn assert_scripts_carry(html: &str, nonce: &str, page: &str) -> usize {
    let mut inline = 0;
    for tag in script_tags(html) {
        let kind = tag.get("type").map(|t| t.to_ascii_lowercase());
        let runs = matches!(
            kind.as_deref(),
            None | Some("")
                | Some("module")
                | Some("text/javascript")
                | Some("application/javascript")
        );
        if !runs || tag.contains_key("src") {
            continue;
        }
        inline += 1;
        assert_eq!(
            tag.get("nonce").map(String::as_str),
            Some(nonce),
            "{page}: an inline script without this response's nonce: {tag:?}"
        );
    }
    inline
}

/// The page at `path`, asked again while the edge answers 503: a response
/// that takes over the request timeout is refused by design, and under a
/// full parallel test run on two cores a first render can. What the callers
/// check is the headers and scripts of a rendered page, so anything but a
/// 200 or the 404 page after that is a failure, shown with what came back.
async fn page_not_timed_out(app: &TestApp, path: &str) -> reqwest::Response {
    let mut response = app.get(path).await;
    for _ in 0..2 {
        if response.status() != reqwest::StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        response = app.get(path).await;
    }
    let status = response.status();
    assert!(
        status == reqwest::StatusCode::OK || status == reqwest::StatusCode::NOT_FOUND,
        "{path}: {status}"
    );
    response
}

async fn product_path(app: &TestApp) -> String {
    let (_, list) = app.get_json("/api/v1/products?limit=1").await;
    format!(
        "/san-pham/{}",
        list["items"][0]["slug"].as_str().expect("slug")
    )
}

on_both_databases!(
    pages_carry_security_headers_and_nonced_scripts,
    |backend| async move {
        let app = spawn_app_with(backend, |s| s.page_cache_seconds = 0).await;
        let product = product_path(&app).await;
        let mut nonces = Vec::new();
        for page in ["/", product.as_str(), "/diem-ban", "/khong-co-trang-nay"] {
            let response = page_not_timed_out(&app, page).await;
            let headers = response.headers().clone();
            assert_eq!(headers["x-content-type-options"], "nosniff", "{page}");
            assert_eq!(
                headers["referrer-policy"],
                "strict-origin-when-cross-origin"
            );
            assert_eq!(headers["x-frame-options"], "DENY");
            let permissions = headers["permissions-policy"].to_str().expect("ascii");
            assert!(permissions.contains("geolocation=(self)"), "{permissions}");
            assert!(
                !headers.contains_key("strict-transport-security"),
                "plain http"
            );
            let policy = headers["content-security-policy"].to_str().expect("ascii");
            for directive in [
                "frame-ancestors 'none'",
                "object-src 'none'",
                "'wasm-unsafe-eval'",
                "img-src 'self' data: https://tile.openstreetmap.org",
            ] {
                assert!(policy.contains(directive), "{page}: {policy}");
            }
            assert!(
                !policy.contains("'unsafe-eval'")
                    && !policy.contains("script-src 'self' 'unsafe-inline'")
            );
            let nonce = csp_nonce(&response);
            assert!(nonce.len() >= 16, "a nonce worth the name: {nonce}");
            let html = response.text().await.expect("html");
            let inline = assert_scripts_carry(&html, &nonce, page);
            assert!(inline >= 1, "{page}: the hydration script is inline");
            nonces.push(nonce);
        }
        nonces.sort();
        nonces.dedup();
        assert_eq!(nonces.len(), 4, "a new nonce for every response");

        // The API and static files get the headers too.
        let api = app.get("/api/v1/health").await;
        assert_eq!(api.headers()["x-frame-options"], "DENY");
        assert!(api.headers().contains_key("content-security-policy"));

        // Behind https the browser is told to stay on https.
        let secure = spawn_app_with(backend, |s| {
            s.base_url = Some("https://cho-ocop.example.vn".into());
        })
        .await;
        let response = secure.get("/api/v1/health").await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000"
        );
    }
);

on_both_databases!(
    a_kept_page_is_sent_with_the_nonce_it_was_rendered_with,
    |backend| async move {
        let app = spawn_app_with(backend, |s| s.page_cache_seconds = 600).await;
        let product = product_path(&app).await;
        let first = app.get(&product).await;
        assert_eq!(first.headers()["x-page-cache"], "miss");
        let first_nonce = csp_nonce(&first);
        let first_html = first.text().await.expect("html");
        assert_scripts_carry(&first_html, &first_nonce, "rendered");

        let second = app.get(&product).await;
        assert_eq!(second.headers()["x-page-cache"], "hit");
        let second_nonce = csp_nonce(&second);
        let second_html = second.text().await.expect("html");
        assert_eq!(second_html, first_html, "the kept copy");
        assert_eq!(second_nonce, first_nonce, "its header matches its scripts");
        assert_scripts_carry(&second_html, &second_nonce, "kept");

        // Anything not from the cache gets a fresh nonce meanwhile.
        let other = app.get("/api/v1/health").await;
        assert_ne!(csp_nonce(&other), first_nonce);
        // And so does a page that is rendered again (another language).
        let english = reqwest::Client::new()
            .get(format!("{}{product}?lang=en", app.address))
            .send()
            .await
            .expect("request");
        let english_nonce = csp_nonce(&english);
        assert_ne!(english_nonce, first_nonce);
        assert_scripts_carry(
            &english.text().await.expect("html"),
            &english_nonce,
            "english",
        );
    }
);

/// A PNG of noise, which does not compress: about 1.4 MB, more than the
/// 1 MB most requests may send, well within what an upload may.
fn noisy_png() -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    let image = image::RgbImage::from_fn(800, 600, |_, _| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let [a, b, c, _] = state.to_le_bytes();
        image::Rgb([a, b, c])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encode");
    bytes.into_inner()
}

on_both_databases!(
    bodies_over_the_limit_are_refused_but_uploads_are_not,
    |backend| async move {
        let app = spawn_app(backend).await;
        let huge = json!({ "items": [], "note": "x".repeat(2 * 1024 * 1024) });
        let response = app
            .client
            .post(format!("{}/api/v1/checkout", app.address))
            .json(&huge)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 413);
        let id = response.headers()["x-request-id"]
            .to_str()
            .expect("id")
            .to_owned();
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "payload_too_large");
        assert_eq!(body["error"]["request_id"], id.as_str());
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap_or("")
                .contains("1 MB"),
            "{body}"
        );

        // A form posted by a browser gets a page, Vietnamese first.
        let big_form = [
            ("email", "a@b.vn".to_owned()),
            ("password", "x".repeat(1_100_000)),
        ];
        let response = app
            .client
            .post(format!("{}/api/fn/sign_in", app.address))
            .header("Accept", "text/html")
            .form(&big_form)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 413);
        let page = response.text().await.expect("html");
        let vi = page.find("Dữ liệu gửi lên quá lớn").expect("Vietnamese");
        let en = page.find("The request is too large").expect("English");
        assert!(vi < en, "Vietnamese first");

        // A photo larger than that goes through the upload door.
        let (api, token) = app
            .signed_in_client("htx.phusa@demo.chocop.vn", app::demo::DEMO_PASSWORD)
            .await;
        let png = noisy_png();
        assert!(png.len() > 1024 * 1024, "{} bytes", png.len());
        let response = api
            .post(format!(
                "{}/api/v1/stall/products/SP0000001/images",
                app.address
            ))
            .header("X-CSRF-Token", token)
            .multipart(reqwest::multipart::Form::new().part(
                "image",
                reqwest::multipart::Part::bytes(png).file_name("nhieu.png"),
            ))
            .send()
            .await
            .expect("upload");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["added"], 1);
    }
);

async fn login_from(app: &TestApp, forwarded_for: &str, n: usize) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/auth/login", app.address))
        .header("X-Forwarded-For", forwarded_for)
        .header("Accept-Language", "en")
        .json(&json!({ "email": format!("nobody{n}@example.vn"), "password": "wrong" }))
        .send()
        .await
        .expect("login")
}

on_both_databases!(
    logins_are_limited_per_client_behind_a_trusted_proxy,
    |backend| async move {
        let app = spawn_app_with(backend, |s| {
            s.http.rate_limits.login = 3;
            s.http.trusted_proxies = vec!["127.0.0.1".parse().expect("cidr")];
        })
        .await;
        for n in 0..3 {
            let response = login_from(&app, "203.0.113.5", n).await;
            assert_eq!(response.status().as_u16(), 401, "attempt {n}");
        }
        let refused = login_from(&app, "203.0.113.5", 3).await;
        assert_eq!(refused.status().as_u16(), 429);
        let wait: u64 = refused.headers()["retry-after"]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!((1..=20).contains(&wait), "one attempt every 20 s: {wait}");
        let body: Value = refused.json().await.expect("json");
        assert_eq!(body["error"]["code"], "rate_limited");
        assert!(body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Please try again"));

        // Another shopper behind the same proxy is not affected, nor is the
        // one who was refused anywhere else.
        let other = login_from(&app, "203.0.113.6", 4).await;
        assert_eq!(other.status().as_u16(), 401);
        let searching = app.get("/api/v1/products/search?q=mam").await;
        assert_eq!(searching.status().as_u16(), 200);

        // The sign-in form, as a browser without JavaScript posts it:
        // a page in both languages.
        let page = app
            .client
            .post(format!("{}/api/fn/sign_in", app.address))
            .header("X-Forwarded-For", "198.51.100.1, 203.0.113.5")
            .header("Accept", "text/html")
            .form(&[("email", "a@b.vn"), ("password", "x")])
            .send()
            .await
            .expect("form");
        assert_eq!(page.status().as_u16(), 429);
        assert!(page.headers().contains_key("retry-after"));
        let html = page.text().await.expect("html");
        assert!(html.contains("Vui lòng thử lại sau") && html.contains("Please try again"));
    }
);

on_both_databases!(
    an_untrusted_peer_cannot_choose_its_address,
    |backend| async move {
        let app = spawn_app_with(backend, |s| s.http.rate_limits.login = 3).await;
        for n in 0..3 {
            let response = login_from(&app, &format!("198.51.100.{n}"), n as usize).await;
            assert_eq!(response.status().as_u16(), 401);
        }
        let refused = login_from(&app, "198.51.100.99", 9).await;
        assert_eq!(
            refused.status().as_u16(),
            429,
            "X-Forwarded-For from a client that is not our proxy is not believed"
        );
    }
);

on_both_databases!(
    searches_checkouts_and_uploads_have_limits_too,
    |backend| async move {
        let app = spawn_app_with(backend, |s| {
            s.http.rate_limits.search = 2;
            s.http.rate_limits.checkout = 1;
            s.http.rate_limits.upload = 1;
        })
        .await;
        for path in ["/tim-kiem?q=tra", "/api/v1/products/suggest?q=tr"] {
            assert_eq!(app.get(path).await.status().as_u16(), 200, "{path}");
        }
        let page = app.get("/tim-kiem?q=mam").await;
        assert_eq!(page.status().as_u16(), 429);
        assert!(page.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/html"));
        // Other pages are not limited.
        assert_eq!(app.get("/").await.status().as_u16(), 200);

        let body = json!({ "items": [] });
        let post = || {
            app.client
                .post(format!("{}/api/v1/checkout", app.address))
                .json(&body)
                .send()
        };
        assert_eq!(post().await.expect("first").status().as_u16(), 422);
        assert_eq!(post().await.expect("second").status().as_u16(), 429);

        let upload = || {
            app.client
                .post(format!("{}/quan-ly/tai-anh", app.address))
                .multipart(reqwest::multipart::Form::new().text("csrf", "none"))
                .send()
        };
        let first = upload().await.expect("first").status().as_u16();
        assert_ne!(first, 429, "the first upload is looked at");
        assert_eq!(upload().await.expect("second").status().as_u16(), 429);
    }
);
