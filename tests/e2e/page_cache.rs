//! The page cache: anonymous page views are served from memory, per address
//! and language, and a change to the catalog empties it at once.

use crate::oracle;
use crate::search_outbox::unpublish_by_import;
use tests::{on_both_databases, spawn_app_with};

const HEADER: &str = server::http::page_cache::CACHE_HEADER;

on_both_databases!(
    pages_are_kept_until_the_catalog_changes,
    |backend| async move {
        // Ten minutes: only an invalidation can explain a fresh page.
        let app = spawn_app_with(backend, |s| s.page_cache_seconds = 600).await;
        let code = oracle::certified_where(|_| true)[0].clone();
        let (_, product) = app.get_json(&format!("/api/v1/products/{code}")).await;
        let path = format!("/san-pham/{}", product["slug"].as_str().expect("slug"));

        let first = app.get(&path).await;
        assert_eq!(first.headers()[HEADER], "miss");
        let first = first.text().await.expect("html");
        let second = app.get(&path).await;
        assert_eq!(second.status().as_u16(), 200);
        assert_eq!(second.headers()[HEADER], "hit");
        assert_eq!(second.text().await.expect("html"), first, "the same page");

        // Another language is another page, and the choice is still
        // remembered by cookie when the page comes from memory. (A client
        // without cookies, so that this one stays in Vietnamese.)
        let other = reqwest::Client::new();
        let english_url = format!("{}{path}?lang=en", app.address);
        let english = other.get(&english_url).send().await.expect("request");
        assert_eq!(english.headers()[HEADER], "miss");
        assert!(english.headers().contains_key("set-cookie"));
        assert!(english
            .text()
            .await
            .expect("html")
            .contains("<html lang=\"en\""));
        let again = other.get(&english_url).send().await.expect("request");
        assert_eq!(again.headers()[HEADER], "hit");
        assert!(
            again.headers().contains_key("set-cookie"),
            "cookie still set"
        );
        let by_cookie = other
            .get(format!("{}{path}", app.address))
            .header("cookie", "lang=en")
            .send()
            .await
            .expect("request");
        assert!(by_cookie
            .text()
            .await
            .expect("html")
            .contains("<html lang=\"en\""));

        // A visitor with a session is never served a kept page.
        let signed_in = app
            .client
            .get(format!("{}{path}", app.address))
            .header("cookie", "session=abc")
            .send()
            .await
            .expect("request");
        assert!(!signed_in.headers().contains_key(HEADER));

        // The department unpublishes the product: the page follows at once.
        unpublish_by_import(&app, &code).await;
        let mut waited = 0;
        while app.get(&path).await.status().as_u16() != 404 {
            assert!(waited < 100, "the kept page outlived the change by 10 s");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            waited += 1;
        }
    }
);

on_both_databases!(a_zero_lifetime_keeps_nothing, |backend| async move {
    let app = spawn_app_with(backend, |s| s.page_cache_seconds = 0).await;
    for _ in 0..2 {
        let response = app.get("/").await;
        assert_eq!(response.status().as_u16(), 200);
        assert!(!response.headers().contains_key(HEADER));
    }
});
