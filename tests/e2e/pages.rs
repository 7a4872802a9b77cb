//! The first pages: home and product, server-rendered for readers without
//! JavaScript and carrying the hydration bundle for everyone else.

use crate::oracle;
use tests::{on_both_databases, spawn_app};

on_both_databases!(
    home_lists_certified_products_with_stars,
    |backend| async move {
        let app = spawn_app(backend).await;
        let response = app.get("/").await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.expect("html");
        assert!(html.contains("<html lang=\"vi\""));
        let certified = oracle::certified_published(oracle::today());
        assert!(html.contains(&format!(
            "{} sản phẩm còn hiệu lực chứng nhận",
            certified.len()
        )));
        assert!(html.contains("OCOP 5 sao") || html.contains("OCOP 4 sao"));
        // Server-rendered: product links are in the first response, not loaded later.
        assert!(
            html.matches("href=\"/san-pham/").count() >= 10,
            "products rendered on the server"
        );
        // And hydrated: the page loads the wasm bundle.
        assert!(
            html.contains("/pkg/chocop.js"),
            "hydration script referenced"
        );
        // A lapsed product is not in the shop window.
        assert!(
            !html.contains("href=\"/san-pham/banh-pia-vung-thom\"")
                || certified.contains_key("SP0000001")
        );
    }
);

on_both_databases!(
    product_page_shows_story_and_certification,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = {
            let mut codes: Vec<_> = oracle::certified_published(oracle::today())
                .into_keys()
                .collect();
            codes.sort();
            codes.remove(0)
        };
        let (_, product) = app.get_json(&format!("/api/v1/products/{code}")).await;
        let slug = product["slug"].as_str().expect("slug");
        let response = app.get(&format!("/san-pham/{slug}")).await;
        assert_eq!(response.status().as_u16(), 200);
        let html = response.text().await.expect("html");
        assert!(html.contains("Câu chuyện sản phẩm"));
        let story = product["story"].as_str().expect("story");
        let first_words: String = story.chars().take(30).collect();
        assert!(html.contains(&first_words), "story shown");
        assert!(html.contains(
            product["certification"]["decision_no"]
                .as_str()
                .expect("decision")
        ));
        assert!(html.contains("Chứng nhận OCOP"));
        assert!(
            html.contains("Tạm tính"),
            "the quantity estimate is rendered"
        );
    }
);

on_both_databases!(lapsed_certification_is_said_plainly, |backend| async move {
    let app = spawn_app(backend).await;
    // SP0000001's latest decision (2023-04-04) lapsed on 2026-04-04.
    if oracle::today() < chrono::NaiveDate::from_ymd_opt(2026, 4, 4).expect("date") {
        return;
    }
    let html = app
        .get("/san-pham/banh-pia-vung-thom")
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Chứng nhận OCOP đã hết hiệu lực"));
    assert!(
        !html.contains("Tạm tính"),
        "a lapsed product cannot be bought"
    );
});

on_both_databases!(unknown_pages_are_404_in_vietnamese, |backend| async move {
    let app = spawn_app(backend).await;
    let response = app.get("/san-pham/khong-co-san-pham-nay").await;
    assert_eq!(response.status().as_u16(), 404);
    assert!(response
        .text()
        .await
        .expect("html")
        .contains("Không tìm thấy sản phẩm"));
    let response = app.get("/khong/co/trang/nay").await;
    assert_eq!(response.status().as_u16(), 404);
});
