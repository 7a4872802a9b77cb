//! What the operator sees: the request id in headers, errors and error
//! pages; readiness that follows the database and the search index; and
//! `/metrics` counting requests and checkouts, open only to this machine or
//! to the holder of the token.

use crate::checkout::{order_body, products_of_distinct_producers};
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
use serde_json::Value;
use tests::{on_both_databases, spawn_app, spawn_app_with, TestApp};

fn request_id(response: &reqwest::Response) -> String {
    response.headers()["x-request-id"]
        .to_str()
        .expect("ascii")
        .to_owned()
}

on_both_databases!(
    the_request_id_is_echoed_and_shown_where_errors_are,
    |backend| async move {
        let app = spawn_app(backend).await;
        // A well-formed incoming id is kept, on the 404 page too.
        let response = app
            .client
            .get(format!("{}/khong-co-trang-nay", app.address))
            .header("X-Request-Id", "kiem-tra-42")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(request_id(&response), "kiem-tra-42");
        let html = response.text().await.expect("html");
        assert!(
            html.contains("Mã yêu cầu: <code>kiem-tra-42</code>"),
            "the page names the request"
        );

        // A malformed one is replaced; the page shows the new one.
        let response = app
            .client
            .get(format!("{}/san-pham/khong-co-san-pham-nay", app.address))
            .header("X-Request-Id", "<script>alert(1)</script>")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 404);
        let id = request_id(&response);
        assert_eq!(id.len(), 16, "a made-up id: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
        let html = response.text().await.expect("html");
        assert!(html.contains(&format!("<code>{id}</code>")));
        assert!(!html.contains("<script>alert(1)</script>"));

        // Every response has one, and API errors carry it in the body.
        let ok = app.get("/api/v1/health").await;
        assert_eq!(request_id(&ok).len(), 16);
        let missing = app.get("/api/v1/no-such-thing").await;
        let id = request_id(&missing);
        let body: Value = missing.json().await.expect("json");
        assert_eq!(body["error"]["code"], "not_found");
        assert_eq!(body["error"]["request_id"], id.as_str());
        // Two requests, two ids.
        assert_ne!(
            request_id(&app.get("/").await),
            request_id(&app.get("/").await)
        );
    }
);

on_both_databases!(
    ready_follows_the_search_index_and_the_database,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (status, body) = app.get_json("/api/v1/ready").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "ready");
        assert_eq!(body["checks"]["database"], "ok");
        assert_eq!(body["checks"]["search_index"], "ok");

        // The index's folder is lost (a disk swapped, a volume unmounted).
        std::fs::remove_dir_all(app.data_dir.join("search-index")).expect("remove index");
        let (status, body) = app.get_json("/api/v1/ready").await;
        assert_eq!(status, 503, "{body}");
        assert_eq!(body["status"], "not_ready");
        assert_eq!(body["checks"]["database"], "ok");
        assert_ne!(body["checks"]["search_index"], "ok");
        // Liveness is another question: the process is up.
        assert_eq!(app.get("/api/v1/health").await.status().as_u16(), 200);

        // The database goes away (its pool closed under the server).
        app.db.clone().close().await.expect("close");
        let (status, body) = app.get_json("/api/v1/ready").await;
        assert_eq!(status, 503, "{body}");
        assert_ne!(body["checks"]["database"], "ok");
    }
);

async fn metrics(app: &TestApp) -> String {
    let response = app.get("/metrics").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .starts_with("text/plain; version=0.0.4"));
    response.text().await.expect("text")
}

/// The value of the series written exactly as `series`, 0 when absent.
fn value(text: &str, series: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0, |v| v.trim().parse().expect("a count"))
}

on_both_databases!(metrics_count_requests_and_checkouts, |backend| async move {
    let app = spawn_app(backend).await;
    let requests =
        "ocop_http_requests_total{route=\"/api/v1/products/{code}\",method=\"GET\",status=\"200\"}";
    let placed = "ocop_checkouts_total{outcome=\"placed\"}";
    let refused = "ocop_checkouts_total{outcome=\"refused\"}";
    let before = metrics(&app).await;
    assert_eq!(value(&before, placed), 0);

    let product = products_of_distinct_producers(&app, 1, 2).await.remove(0);
    let mut stocked = product.clone().into_active_model();
    stocked.stock = Set(3);
    stocked.update(&app.db).await.expect("stock set");
    let response = app.get(&format!("/api/v1/products/{}", product.code)).await;
    assert_eq!(response.status().as_u16(), 200);
    let response = app
        .client
        .post(format!("{}/api/v1/checkout", app.address))
        .json(&order_body(&[(&product.code, 1)], "cod"))
        .send()
        .await
        .expect("checkout");
    assert_eq!(response.status().as_u16(), 201);
    let response = app
        .client
        .post(format!("{}/api/v1/checkout", app.address))
        .json(&order_body(&[(&product.code, 5)], "cod"))
        .send()
        .await
        .expect("checkout");
    assert_eq!(response.status().as_u16(), 409, "more than the stock");

    let after = metrics(&app).await;
    assert_eq!(
        value(&after, requests),
        value(&before, requests) + 1,
        "{after}"
    );
    assert_eq!(value(&after, placed), 1);
    assert_eq!(value(&after, refused), 1);
    assert!(after
        .contains("ocop_http_request_duration_seconds_count{route=\"/api/v1/products/{code}\"}"));
    assert!(after.contains(
        "ocop_http_requests_total{route=\"/api/v1/checkout\",method=\"POST\",status=\"201\"} 1"
    ));
    assert!(after.contains("# TYPE ocop_search_index_lag_entries gauge"));
    assert!(after.contains("ocop_search_index_lag_seconds "));
    // Series are named by route template, never by address.
    assert!(!after.contains(&product.code));
});

on_both_databases!(
    metrics_are_only_for_this_machine_or_the_token,
    |backend| async move {
        let app = spawn_app_with(backend, |s| {
            s.http.trusted_proxies = vec!["127.0.0.1".parse().expect("cidr")];
        })
        .await;
        assert_eq!(app.get("/metrics").await.status().as_u16(), 200);
        let forwarded = app
            .client
            .get(format!("{}/metrics", app.address))
            .header("X-Forwarded-For", "203.0.113.9")
            .send()
            .await
            .expect("request");
        assert_eq!(forwarded.status().as_u16(), 403, "a visitor via the proxy");

        let app = spawn_app_with(backend, |s| {
            s.http.metrics_token = Some(server::config::Secret::new("bi-mat-do-luong"));
        })
        .await;
        assert_eq!(app.get("/metrics").await.status().as_u16(), 401);
        let with = |token: &str| {
            app.client
                .get(format!("{}/metrics", app.address))
                .bearer_auth(token)
                .send()
        };
        assert_eq!(
            with("doan-bua").await.expect("request").status().as_u16(),
            401
        );
        assert_eq!(
            with("bi-mat-do-luong")
                .await
                .expect("request")
                .status()
                .as_u16(),
            200
        );
    }
);
