//! The API keeps the contract its generated OpenAPI document states.
//!
//! - Every documented operation is served: called with each method the
//!   document names, no path answers with the router's fallback (the
//!   `/api/v1` 404 for unknown paths) or 405. (The router and the document
//!   are built by the same `routes!` calls; `tests/architecture` refuses a
//!   route registered any other way.)
//! - Every documented GET, asked by a guest and by each kind of account,
//!   answers with a status the document lists, in the content type it
//!   lists, and a JSON answer validates against that status's schema with
//!   a JSON Schema validator. The schemas are made strict first (no
//!   property the document does not name), so an undocumented field fails.

use crate::checkout::{order_body, post_checkout};
use crate::stall_extra::on_sale;
use app::demo::DEMO_PASSWORD;
use serde_json::{json, Map, Value};
use tests::{on_both_databases, spawn_app, TestApp};

/// The accounts each GET is asked as (`None`: a guest).
const READERS: [Option<&str>; 5] = [
    None,
    Some("nguoimua@demo.chocop.vn"),
    Some("htx.phusa@demo.chocop.vn"),
    Some("canbo.cantho@demo.chocop.vn"),
    Some("quantri@demo.chocop.vn"),
];

/// Real values for the path parameters of each documented path.
struct Fixtures {
    product: String,
    own_product: String,
    event: String,
    sales_point: String,
    plan: String,
    year: String,
    order: String,
    token: String,
}

impl Fixtures {
    async fn gather(app: &TestApp) -> Fixtures {
        let first = |body: &Value, list: &str, field: &str| -> String {
            body[list][0][field]
                .as_str()
                .unwrap_or_else(|| panic!("{list}[0].{field} in {body}"))
                .to_owned()
        };
        let (_, products) = app.get_json("/api/v1/products?limit=1").await;
        let (_, events) = app.get_json("/api/v1/events?limit=1").await;
        let (_, points) = app.get_json("/api/v1/sales-points?limit=1").await;
        let (_, plans) = app.get_json("/api/v1/reports/plans").await;
        let own = on_sale(app, "CT000001").await;
        let (status, receipt) =
            post_checkout(app, &order_body(&[(own.code.as_str(), 1)], "cod"), None).await;
        assert_eq!(status, 201, "{receipt}");
        Fixtures {
            product: first(&products, "items", "code"),
            own_product: own.code.clone(),
            event: first(&events, "items", "code"),
            sales_point: first(&points, "items", "code"),
            plan: first(&plans, "plans", "id"),
            year: app::time::now_vn().format("%Y").to_string(),
            order: first(&receipt, "orders", "number"),
            token: receipt["access_token"].as_str().expect("token").to_owned(),
        }
    }

    /// `path` with its parameters filled; a parameter without a fixture
    /// fails the test, so a new route must say what to ask it with.
    fn fill(&self, path: &str) -> String {
        let value = match path {
            "/products/{code}" => &self.product,
            "/stall/products/{code}" | "/stall/products/{code}/images" => &self.own_product,
            "/events/{code}" => &self.event,
            "/sales-points/{code}" => &self.sales_point,
            "/reports/plans/{plan_file}" => &self.plan,
            "/admin/annual-statistics/{year_file}" => &self.year,
            "/orders/{number}" | "/orders/{number}/payment" | "/stall/orders/{number}/status" => {
                &self.order
            }
            _ if !path.contains('{') => return path.to_owned(),
            _ => panic!("no fixture for the parameters of {path}: add one"),
        };
        let start = path.find('{').expect("a parameter");
        let end = path.find('}').expect("its end");
        format!("{}{value}{}", &path[..start], &path[end + 1..])
    }
}

/// Adds `unevaluatedProperties: false` to every object schema that names
/// its properties and says nothing about others.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties")
                && !map.contains_key("additionalProperties")
                && !map.contains_key("unevaluatedProperties")
            {
                map.insert("unevaluatedProperties".into(), Value::Bool(false));
            }
            map.values_mut().for_each(strict);
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// The documented answer of `operation` for `status`, falling back to the
/// `default` answer.
fn documented(operation: &Value, status: u16) -> Option<&Value> {
    let responses = operation["responses"].as_object()?;
    responses
        .get(&status.to_string())
        .or_else(|| responses.get("default"))
}

/// Every problem with one answer, or none.
fn check_answer(
    doc: &Value,
    operation: &Value,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Vec<String> {
    let Some(response) = documented(operation, status) else {
        return vec![format!("status {status} is not documented")];
    };
    let Some(content) = response["content"].as_object() else {
        return Vec::new();
    };
    let media = content_type.split(';').next().unwrap_or("").trim();
    let Some(described) = content.get(media) else {
        return vec![format!(
            "content type {media} is not documented for {status} (documented: {:?})",
            content.keys().collect::<Vec<_>>()
        )];
    };
    if media != "application/json" {
        return Vec::new();
    }
    let instance: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    let Some(schema) = described.get("schema") else {
        return vec![format!("no schema for the JSON answer of {status}")];
    };
    let mut root = Map::new();
    root.insert("allOf".into(), json!([schema]));
    root.insert("components".into(), doc["components"].clone());
    let mut root = Value::Object(root);
    strict(&mut root);
    let validator = match jsonschema::validator_for(&root) {
        Ok(validator) => validator,
        Err(e) => return vec![format!("the schema does not compile: {e}")],
    };
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

async fn client_for(app: &TestApp, reader: Option<&str>) -> reqwest::Client {
    match reader {
        None => tests::browser(),
        Some(email) => app.signed_in_client(email, DEMO_PASSWORD).await.0,
    }
}

on_both_databases!(every_documented_operation_is_served, |backend| async move {
    let app = spawn_app(backend).await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let fixtures = Fixtures::gather(&app).await;
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 28, "{} paths", paths.len());
    let mut checked = 0;
    for (path, item) in paths {
        for method in item.as_object().expect("path item").keys() {
            let url = format!("{}/api/v1{}", app.address, fixtures.fill(path));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes())
                .unwrap_or_else(|_| panic!("{method} {path}"));
            // A client with no session: the CSRF check lets it through
            // to the router, so its answer is the route's or the fallback's.
            let response = reqwest::Client::new()
                .request(method.clone(), &url)
                .json(&json!({}))
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert_ne!(status, 405, "{method} {path} is documented but not served");
            let fallback = status == 404
                && (body["error"]["message"] == "Không có địa chỉ API này."
                    || body["error"]["message"] == "No such API endpoint.");
            assert!(!fallback, "{method} {path} is documented but not served");
            checked += 1;
        }
    }
    assert!(checked >= 33, "{checked} operations");
});

on_both_databases!(every_get_answers_as_documented, |backend| async move {
    let app = spawn_app(backend).await;
    let (_, doc) = app.get_json("/api/v1/openapi.json").await;
    let fixtures = Fixtures::gather(&app).await;
    let mut problems = Vec::new();
    let mut answers = 0;
    for reader in READERS {
        let client = client_for(&app, reader).await;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let Some(operation) = item.get("get") else {
                continue;
            };
            let mut url = format!("{}/api/v1{}", app.address, fixtures.fill(path));
            if path == "/orders/{number}" && reader.is_none() {
                url.push_str(&format!("?token={}", fixtures.token));
            }
            let response = client.get(&url).send().await.expect("request");
            let status = response.status().as_u16();
            let content_type = response
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let body = response.bytes().await.expect("body");
            answers += 1;
            for problem in check_answer(&doc, operation, status, &content_type, &body) {
                problems.push(format!(
                    "GET {path} as {}: {problem}\n  {}",
                    reader.unwrap_or("a guest"),
                    String::from_utf8_lossy(&body)
                        .chars()
                        .take(400)
                        .collect::<String>()
                ));
            }
        }
    }
    assert!(answers >= 5 * 20, "{answers} answers");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
});

/// The validation itself bites: an answer with a field the document does
/// not name, or with a field of the wrong type, is refused.
#[test]
fn a_wrong_answer_fails_validation() {
    let doc = json!({
        "components": { "schemas": { "Thing": { "type": "object", "required": ["code"],
            "properties": { "code": { "type": "string" } } } } }
    });
    let operation = json!({ "responses": { "200": { "description": "ok",
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } });
    let check = |body: Value| {
        check_answer(
            &doc,
            &operation,
            200,
            "application/json",
            body.to_string().as_bytes(),
        )
    };
    assert!(check(json!({ "code": "A" })).is_empty());
    assert!(!check(json!({ "code": 1 })).is_empty());
    assert!(!check(json!({ "code": "A", "extra": true })).is_empty());
    assert!(!check(json!({})).is_empty());
    assert!(!check_answer(&doc, &operation, 404, "application/json", b"{}").is_empty());
    assert!(!check_answer(&doc, &operation, 200, "text/csv", b"a,b").is_empty());
}
