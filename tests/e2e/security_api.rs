//! What the outside black-box test found at the API's edges (issue 24):
//! server functions sent input they cannot read answer 400 in the API's
//! error shape, never 500 with the framework's text (finding 8), for every
//! server function there is; and the API's product story is the Markdown
//! source beside `story_html`, the sanitised HTML the product page shows
//! (finding 9).

use app::demo::DEMO_PASSWORD;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use tests::{on_both_databases, spawn_app, TestApp};

/// The texts Leptos writes for the failures of reading a server function's
/// input (`ServerFnErrorErr` variants encoded as `Variant|detail`).
const FRAMEWORK_TEXTS: [&str; 3] = ["Args|", "Deserialization|", "MissingArg|"];

/// Every `endpoint = "…"` of a `#[server(prefix = "/api/fn", …)]` in
/// `app/src`, read from the source files: what the registry must hold.
fn endpoints_in_source() -> BTreeSet<String> {
    fn walk(dir: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("app/src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                for attribute in text.split("#[server(").skip(1) {
                    let attribute = &attribute[..attribute.find(")]").unwrap_or(attribute.len())];
                    assert!(
                        attribute.contains("prefix = \"/api/fn\""),
                        "{}: a server function outside /api/fn: {attribute}",
                        path.display()
                    );
                    let endpoint = attribute
                        .split("endpoint = \"")
                        .nth(1)
                        .and_then(|rest| rest.split('"').next())
                        .unwrap_or_else(|| {
                            panic!("{}: a server function without an endpoint", path.display())
                        });
                    found.insert(format!("/api/fn/{endpoint}"));
                }
            }
        }
    }
    let mut found = BTreeSet::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src"),
        &mut found,
    );
    found
}

/// One way of sending input a server function cannot read.
struct Malformed {
    what: &'static str,
    content_type: Option<&'static str>,
    body: &'static [u8],
    /// No codec reads it, whatever the function's arguments: every
    /// function refuses it.
    unreadable_by_all: bool,
}

const MALFORMED: [Malformed; 6] = [
    Malformed {
        what: "`{bad` as a form",
        content_type: Some("application/x-www-form-urlencoded"),
        body: b"{bad",
        unreadable_by_all: false,
    },
    Malformed {
        what: "`{bad` as JSON",
        content_type: Some("application/json"),
        body: b"{bad",
        unreadable_by_all: false,
    },
    Malformed {
        what: "an empty body",
        content_type: None,
        body: b"",
        unreadable_by_all: false,
    },
    Malformed {
        what: "an empty JSON body",
        content_type: Some("application/json"),
        body: b"",
        unreadable_by_all: false,
    },
    Malformed {
        what: "a form that is not UTF-8",
        content_type: Some("application/x-www-form-urlencoded"),
        body: b"csrf=\xff\xfe&q=\xc3",
        unreadable_by_all: true,
    },
    Malformed {
        what: "a form with a field twice and a nested key",
        content_type: Some("application/x-www-form-urlencoded"),
        body: b"csrf=a&csrf=b&slug=x&slug=y&q[a][b]=1&query[x=1",
        unreadable_by_all: false,
    },
];

/// What came back for one request.
struct Answer {
    status: u16,
    request_id: String,
    body: String,
}

async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    case: &Malformed,
    language: Option<&str>,
) -> Answer {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app
        .client
        .request(method, format!("{}{path}", app.address))
        .body(case.body.to_vec());
    if let Some(content_type) = case.content_type {
        request = request.header(reqwest::header::CONTENT_TYPE, content_type);
    }
    if let Some(language) = language {
        request = request.header(reqwest::header::ACCEPT_LANGUAGE, language);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.unwrap_or_default();
    Answer {
        status,
        request_id,
        body,
    }
}

/// A 400 in the API's error shape, naming its request; the `error` object.
fn assert_refused_in_our_shape(answer: &Answer, context: &str) -> Value {
    assert_eq!(answer.status, 400, "{context}: {}", answer.body);
    let body: Value = serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("{context}: not JSON ({e}): {}", answer.body));
    let error = &body["error"];
    assert_eq!(error["code"], "bad_request", "{context}: {body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{context}: {body}"
    );
    assert_eq!(
        error["request_id"].as_str(),
        Some(answer.request_id.as_str()),
        "{context}: the request id, as in X-Request-Id"
    );
    // A form sent by script reads its sentence from `message`/`fields`.
    assert!(body["message"].is_string(), "{context}: {body}");
    assert!(body["fields"].is_array(), "{context}: {body}");
    error.clone()
}

on_both_databases!(
    no_server_function_answers_malformed_input_with_a_500,
    |backend| async move {
        let app = spawn_app(backend).await;
        let registered = server::http::server_fn_errors::registered();
        let paths: BTreeSet<String> = registered.iter().map(|(p, _)| p.to_string()).collect();
        // The registry is the source's list, so no function is left out.
        assert_eq!(paths, endpoints_in_source());
        assert!(paths.len() > 50, "{} server functions", paths.len());

        for (path, method) in &registered {
            for case in &MALFORMED {
                let answer = send(&app, method.as_str(), path, case, None).await;
                let context = format!("{method} {path} with {}", case.what);
                assert!(
                    answer.status < 500,
                    "{context}: {} {}",
                    answer.status,
                    answer.body
                );
                for text in FRAMEWORK_TEXTS {
                    assert!(
                        !answer.body.contains(text),
                        "{context}: framework text: {}",
                        answer.body
                    );
                }
                // Refused as malformed: 400, in our shape. Other answers
                // (a form refused without its CSRF token, a function whose
                // arguments are all optional) are the function's own.
                if answer.status == 400 || case.unreadable_by_all {
                    assert_refused_in_our_shape(&answer, &context);
                }
            }
        }

        // The reproductions of the report, in the asker's language.
        let json_bad = &MALFORMED[1];
        let vi = send(&app, "POST", "/api/fn/product_list", json_bad, None).await;
        let vi = assert_refused_in_our_shape(&vi, "product_list {bad");
        let en = send(&app, "POST", "/api/fn/product_list", json_bad, Some("en")).await;
        let en = assert_refused_in_our_shape(&en, "product_list {bad, in English");
        let vi_form = send(&app, "POST", "/api/fn/product_list", &MALFORMED[0], None).await;
        assert_refused_in_our_shape(&vi_form, "product_list {bad as a form");
        assert_ne!(vi["message"], en["message"]);
        assert!(en["message"].as_str().is_some_and(|m| m.is_ascii()), "{en}");
        assert!(
            vi["message"].as_str().is_some_and(|m| !m.is_ascii()),
            "Vietnamese by default: {vi}"
        );
        let empty = send(&app, "POST", "/api/fn/product_page", &MALFORMED[2], None).await;
        assert_refused_in_our_shape(&empty, "product_page with an empty body");
        // A form function (its errors are `FormError`s) refuses the same way.
        let form = send(&app, "POST", "/api/fn/sign_in", &MALFORMED[4], None).await;
        assert_refused_in_our_shape(&form, "sign_in with a form that is not UTF-8");

        // Well-formed calls still answer as before.
        let (_, list) = app.get_json("/api/v1/products?limit=1").await;
        let slug = list["items"][0]["slug"].as_str().expect("a product");
        let fine = app
            .client
            .post(format!("{}/api/fn/product_page", app.address))
            .form(&[("slug", slug)])
            .send()
            .await
            .expect("request");
        assert_eq!(fine.status(), 200);
    }
);

/// The products of the demo producer CT000001 that shoppers see.
fn phusa_product() -> String {
    let certified = crate::oracle::certified_published(crate::oracle::today());
    let mut codes: Vec<String> = crate::oracle::products()
        .into_iter()
        .filter(|p| p["producer_code"] == "CT000001" && certified.contains_key(&p["code"]))
        .map(|p| p["code"].clone())
        .collect();
    codes.sort();
    codes
        .into_iter()
        .next()
        .expect("a certified product of CT000001")
}

/// The inside of every tag of `html` (`<` in text is always escaped).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap_or(tag.len())])
        .collect()
}

/// The HTML inside the page's `<div class="story-body">` (a story holds no
/// `div`, so the first `</div>` closes it).
fn story_on_page(page: &str) -> &str {
    let start = page
        .find("class=\"story-body\"")
        .expect("the page shows a story");
    let inside = &page[start..];
    let inside = &inside[inside.find('>').expect("tag end") + 1..];
    &inside[..inside.find("</div>").expect("the story's end")]
}

on_both_databases!(
    the_api_gives_the_story_source_and_the_pages_sanitised_html,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = phusa_product();
        let story = "Câu chuyện **đậm** của hợp tác xã.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>";
        let (member, csrf) = app
            .signed_in_client("htx.phusa@demo.chocop.vn", DEMO_PASSWORD)
            .await;
        let response = member
            .patch(format!("{}/api/v1/stall/products/{code}", app.address))
            .header("X-CSRF-Token", &csrf)
            .json(&json!({ "story": story }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);

        let (status, product) = app.get_json(&format!("/api/v1/products/{code}")).await;
        assert_eq!(status, 200, "{product}");
        // The source, as typed.
        assert_eq!(product["story"], story);
        let html = product["story_html"].as_str().expect("story_html");
        assert!(html.contains("<strong>đậm</strong>"), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{html}"
        );
        // What was typed as markup is there to read, as text only: no tag
        // holds an attribute, so no `onerror` handler either.
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        for tag in tags(html) {
            assert!(
                !tag.contains('=') && !tag.to_ascii_lowercase().contains("onerror"),
                "<{tag}> in {html}"
            );
        }
        // Exactly what the product page shows.
        let slug = product["slug"].as_str().expect("slug");
        let page = app.get(&format!("/san-pham/{slug}")).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.expect("page");
        assert_eq!(story_on_page(&page), html);

        // The OpenAPI document describes both.
        let (_, doc) = app.get_json("/api/v1/openapi.json").await;
        let schema = &doc["components"]["schemas"]["Product"];
        let required: Vec<&str> = schema["required"]
            .as_array()
            .expect("required")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(required.contains(&"story") && required.contains(&"story_html"));
        let source = schema["properties"]["story"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(source.contains("Markdown source"), "{source}");
        assert!(schema["properties"]["story_html"]["description"].is_string());
    }
);
