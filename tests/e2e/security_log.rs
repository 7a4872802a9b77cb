//! Security events reach the log: a refused sign-in, a change without its
//! CSRF token and a request over a rate limit each leave a line (JSON with
//! `OCOP_LOG_FORMAT=json`) naming the request id the client was given, the
//! route, the client's address and the status.

use crate::processes::{seed, OcopProcess};
use serde_json::{json, Value};
use tests::{on_both_databases, Backend, TestDatabase};

/// The `X-Request-Id` the server gave `response`.
fn request_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .expect("a request id")
        .to_owned()
}

async fn security_events_are_logged(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let root = database.dir.path().to_path_buf();
    seed(&database.url, &root.join("seed")).await;
    let server = OcopProcess::start(
        &database.url,
        &root.join("srv"),
        &[
            ("OCOP_LOG_FORMAT", "json"),
            ("RUST_LOG", "info"),
            ("OCOP_RATE_LIMIT_LOGIN", "3"),
        ],
    )
    .await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("client");
    let mut expected = Vec::new();
    // Signed in, a change without the CSRF token.
    let signed_in = client
        .post(format!("{}/api/v1/auth/login", server.address))
        .json(&json!({"email": "htx.phusa@demo.chocop.vn", "password": "ocop-demo-2026"}))
        .send()
        .await
        .expect("login");
    assert_eq!(signed_in.status(), 200);
    let response = client
        .post(format!("{}/api/v1/auth/logout", server.address))
        .send()
        .await
        .expect("logout");
    assert_eq!(response.status(), 403);
    expected.push((
        request_id(&response),
        response.status().as_u16(),
        "/api/v1/auth/logout",
    ));
    // Wrong passwords (from a browser without a session) until the limit
    // answers 429.
    let stranger = reqwest::Client::new();
    for _ in 0..5 {
        let response = stranger
            .post(format!("{}/api/v1/auth/login", server.address))
            .json(&json!({"email": "htx.phusa@demo.chocop.vn", "password": "sai-mat-khau-roi"}))
            .send()
            .await
            .expect("login");
        expected.push((
            request_id(&response),
            response.status().as_u16(),
            "/api/v1/auth/login",
        ));
    }
    let statuses: Vec<u16> = expected.iter().map(|(_, s, _)| *s).collect();
    assert!(
        statuses.contains(&401) && statuses.contains(&429),
        "{statuses:?}"
    );

    // Each is in the log, as JSON, with its id, route, client and status.
    let mut lines = Vec::new();
    for _ in 0..50 {
        lines = server
            .log()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .collect::<Vec<_>>();
        let all_there = expected
            .iter()
            .all(|(id, _, _)| lines.iter().any(|l| l.to_string().contains(id.as_str())));
        if all_there {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    for (id, status, route) in &expected {
        let line = lines
            .iter()
            .find(|l| l.to_string().contains(id.as_str()) && l["fields"]["status"] == *status)
            .unwrap_or_else(|| panic!("no log line for {route} {status} ({id})"));
        let text = line.to_string();
        assert!(text.contains(route), "{text}");
        assert!(text.contains("127.0.0.1"), "the client is named: {text}");
        assert!(*status >= 400, "{status}");
    }
}

on_both_databases!(
    refusals_are_logged_with_their_request_id,
    security_events_are_logged
);
