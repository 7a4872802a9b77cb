//! `/api/v1`: health, products, the error shape and the OpenAPI document.

use crate::oracle;
use tests::{on_both_databases, spawn_app};

on_both_databases!(health_answers_ok, |backend| async move {
    let app = spawn_app(backend).await;
    let (status, body) = app.get_json("/api/v1/health").await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert!(body["version"].is_string());
});

on_both_databases!(
    product_list_matches_an_independent_count,
    |backend| async move {
        let app = spawn_app(backend).await;
        let expected = oracle::certified_published(oracle::today());
        assert!(
            expected.len() > 50,
            "the sample should have many certified products"
        );
        let (status, body) = app.get_json("/api/v1/products?limit=100").await;
        assert_eq!(status, 200);
        assert_eq!(body["total"].as_u64(), Some(expected.len() as u64));
        let mut seen = Vec::new();
        for page in 1..=(expected.len() / 100 + 1) {
            let (_, body) = app
                .get_json(&format!("/api/v1/products?limit=100&page={page}"))
                .await;
            for item in body["items"].as_array().expect("items") {
                let code = item["code"].as_str().expect("code").to_string();
                assert_eq!(
                    item["stars"].as_i64(),
                    expected.get(&code).copied(),
                    "{code}"
                );
                seen.push(code);
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(
            seen.len(),
            expected.len(),
            "paging shows every product once"
        );
    }
);

on_both_databases!(
    product_list_filters_by_stars_group_and_province,
    |backend| async move {
        let app = spawn_app(backend).await;
        let expected = oracle::certified_published(oracle::today());
        let five = expected.values().filter(|s| **s == 5).count() as u64;
        let (_, body) = app.get_json("/api/v1/products?stars=5").await;
        assert_eq!(body["total"].as_u64(), Some(five));
        // Province names match whatever the Unicode form or tone placement.
        // "Cần Thơ" precomposed (NFC), then decomposed (NFD).
        let (s1, by_name) = app
            .get_json("/api/v1/products?province=C%E1%BA%A7n%20Th%C6%A1")
            .await;
        let (s2, by_nfd) = app
            .get_json("/api/v1/products?province=Ca%CC%82%CC%80n%20Tho%CC%9B")
            .await;
        assert_eq!((s1, s2), (200, 200));
        assert!(by_name["total"].as_u64().unwrap_or(0) > 0);
        assert_eq!(by_name["total"], by_nfd["total"]);
        for item in by_name["items"].as_array().expect("items") {
            assert_eq!(item["province"], "Cần Thơ");
        }
        let (_, food) = app.get_json("/api/v1/products?group=1&limit=100").await;
        for item in food["items"].as_array().expect("items") {
            assert_eq!(item["group"], 1);
        }
    }
);

on_both_databases!(
    product_shows_its_current_certification_and_producer,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (status, p) = app.get_json("/api/v1/products/SP0000001").await;
        assert_eq!(status, 200);
        let row = oracle::product("SP0000001");
        assert_eq!(p["code"], "SP0000001");
        assert_eq!(p["name"], row["name"].as_str());
        assert_eq!(
            p["price_vnd"].as_i64(),
            row["price_vnd"].parse::<i64>().ok()
        );
        let c = &p["certification"];
        assert_eq!(c["stars"], 4);
        assert_eq!(c["decision_no"], "2/QĐ-UBND");
        assert_eq!(c["decided_on"], "2023-04-04");
        assert_eq!(c["expires_on"], "2026-04-04");
        assert_eq!(
            c["valid"],
            oracle::today() < chrono::NaiveDate::from_ymd_opt(2026, 4, 4).unwrap()
        );
        assert_eq!(p["producer"]["code"], "CT000001");
        assert_eq!(p["producer"]["type"], "cooperative");
        assert_eq!(p["producer"]["province"], "Cần Thơ");
        assert_eq!(p["producer"]["commune"], "Xã Thới Lai");
        assert!(p["story"]
            .as_str()
            .unwrap_or("")
            .starts_with("Bánh pía Vũng Thơm"));
        assert!(p["url"]
            .as_str()
            .unwrap_or("")
            .ends_with("/san-pham/banh-pia-vung-thom"));
        // A code typed in lower case is the same product.
        let (status, same) = app.get_json("/api/v1/products/sp0000001").await;
        assert_eq!((status, &same["code"]), (200, &p["code"]));
    }
);

on_both_databases!(
    errors_have_one_shape_in_the_readers_language,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (status, body) = app.get_json("/api/v1/products/NOPE").await;
        assert_eq!(status, 404);
        assert_eq!(body["error"]["code"], "not_found");
        assert_eq!(body["error"]["message"], "Không tìm thấy sản phẩm");

        let response = app
            .get_in(
                "/api/v1/products?page=abc&stars=9&group=x",
                "en-US,en;q=0.9",
            )
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"]["code"], "invalid_input");
        assert_eq!(body["error"]["message"], "Some of the input is not valid.");
        for field in ["page", "stars", "group"] {
            assert!(
                body["error"]["fields"][field].is_array(),
                "{field} is named"
            );
        }
        let (status, body) = app.get_json("/api/v1/products?province=Atlantis").await;
        assert_eq!(status, 422);
        assert!(body["error"]["fields"]["province"][0]
            .as_str()
            .unwrap_or("")
            .contains("Atlantis"));

        let (status, body) = app.get_json("/api/v1/products?limit=100000").await;
        assert_eq!(status, 200);
        assert_eq!(body["limit"], 100);
        assert!(body["items"].as_array().map_or(0, Vec::len) <= 100);

        let (status, body) = app.get_json("/api/v1/no-such-thing").await;
        assert_eq!(status, 404);
        assert_eq!(body["error"]["code"], "not_found");
    }
);

on_both_databases!(openapi_describes_every_route, |backend| async move {
    let app = spawn_app(backend).await;
    let (status, doc) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."));
    for path in [
        "/health",
        "/ready",
        "/products",
        "/products/{code}",
        "/auth/csrf",
    ] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} documented");
    }
    for path in ["/auth/login", "/auth/logout"] {
        assert!(doc["paths"][path]["post"].is_object(), "{path} documented");
    }
});
