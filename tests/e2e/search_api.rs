//! `GET /api/v1/products/search` and `/suggest` as API.md describes them: the
//! expected products come from the sample CSV files (the oracle), and no
//! string a person can send makes an error page.

use crate::oracle;
use tests::{on_both_databases, spawn_app};

on_both_databases!(
    search_finds_products_typed_without_diacritics,
    |backend| async move {
        let app = spawn_app(backend).await;
        let certified = oracle::certified_published(oracle::today());
        // A certified product whose name has diacritics, searched folded.
        let code = {
            let mut codes: Vec<_> = certified.keys().cloned().collect();
            codes.sort();
            codes
                .into_iter()
                .find(|c| oracle::product(c)["name"].starts_with("Mắm"))
                .expect("a certified product named Mắm…")
        };
        let name = oracle::product(&code)["name"].clone();
        let (status, body) = app
            .get_json(&format!(
                "/api/v1/products/search?q={}",
                app::text::slugify(&name).replace('-', "+")
            ))
            .await;
        assert_eq!(status, 200, "{body}");
        let hits = body["hits"].as_array().expect("hits");
        assert!(
            hits.iter().any(|h| h["code"] == code.as_str()),
            "{name} found folded: {body}"
        );
        let first = &hits[0];
        for key in [
            "code",
            "slug",
            "name",
            "producer",
            "province",
            "stars",
            "price_vnd",
            "in_stock",
            "thumbnail",
            "snippet",
        ] {
            assert!(first.get(key).is_some(), "hit has {key}: {first}");
        }
        assert!(body["took_ms"].is_u64());
        let total = body["total"].as_u64().expect("total");
        let by_group: u64 = body["facets"]["group"]
            .as_object()
            .expect("group facet")
            .values()
            .map(|v| v.as_u64().expect("count"))
            .sum();
        assert_eq!(by_group, total, "the group facet counts every match");
        assert!(body["facets"]["province"].is_object());
        assert!(body["facets"]["stars"].is_object());

        // Everything, then filtered: counts follow the register.
        let (_, all) = app.get_json("/api/v1/products/search?limit=1").await;
        assert_eq!(all["total"].as_u64(), Some(certified.len() as u64));
        assert_eq!(all["hits"].as_array().map(Vec::len), Some(1));
        let five = certified.values().filter(|s| **s == 5).count() as u64;
        let (_, filtered) = app.get_json("/api/v1/products/search?stars=5").await;
        assert_eq!(filtered["total"].as_u64(), Some(five));
        let (_, clamped) = app.get_json("/api/v1/products/search?limit=100000").await;
        assert_eq!(
            clamped["hits"].as_array().map(Vec::len),
            Some(100),
            "limit clamped"
        );
    }
);

on_both_databases!(snippets_mark_the_words_found, |backend| async move {
    let app = spawn_app(backend).await;
    let (_, body) = app.get_json("/api/v1/products/search?q=dac+san").await;
    let hits = body["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "{body}");
    assert!(
        hits.iter()
            .any(|h| h["snippet"].as_str().is_some_and(|s| s.contains("<mark>"))),
        "a snippet marks the words: {body}"
    );
    for hit in hits {
        let s = hit["snippet"].as_str().expect("snippet");
        let unmarked = s.replace("<mark>", "").replace("</mark>", "");
        assert!(!unmarked.contains('<'), "escaped: {s}");
    }
});

on_both_databases!(
    no_string_a_person_sends_makes_an_error,
    |backend| async move {
        let app = spawn_app(backend).await;
        let long = "nước mắm ".repeat(1200);
        let hostile = [
            "\"nuoc mam",
            "(((",
            "[]{}",
            "AND OR NOT",
            "name:mam",
            "*",
            "~2",
            "nuoc^10",
            "😀🍜",
            "%00%01%1F",
            "%FF%FE",
            "\\",
            "-",
            "+",
            "a\u{301}\u{301}\u{301}",
            long.as_str(),
        ];
        for q in hostile {
            let encoded = if q.starts_with('%') {
                q.to_string()
            } else {
                app::text::encode_component(q)
            };
            for path in ["search", "suggest"] {
                let response = app
                    .get(&format!("/api/v1/products/{path}?q={encoded}"))
                    .await;
                assert_eq!(response.status().as_u16(), 200, "{path} {q:.40}");
                let body: serde_json::Value = response.json().await.expect("JSON");
                if path == "suggest" {
                    assert!(body["suggestions"].as_array().expect("list").len() <= 8);
                }
            }
        }
        // Bytes that are not UTF-8 are read, not refused, elsewhere too.
        let (status, body) = app.get_json("/api/v1/products?province=%FF").await;
        assert_eq!(status, 422, "a clear message: {body}");
        assert!(body["error"]["fields"]["province"].is_array(), "{body}");
        let sitemap = app.get("/sitemap.xml?page=%FF").await;
        assert_eq!(sitemap.status().as_u16(), 200);
        // Filter values are checked like the rest of the API, in the reader's language.
        let (status, body) = app.get_json("/api/v1/products/search?stars=9").await;
        assert_eq!(status, 422, "{body}");
        let response = app
            .get_in("/api/v1/products/search?sort=random", "en")
            .await;
        assert_eq!(response.status().as_u16(), 422);
        let text = response.text().await.expect("body");
        assert!(text.contains("must be relevance"), "{text}");
    }
);

on_both_databases!(suggestions_complete_what_is_typed, |backend| async move {
    let app = spawn_app(backend).await;
    let (status, body) = app.get_json("/api/v1/products/suggest?q=mam").await;
    assert_eq!(status, 200);
    let suggestions = body["suggestions"].as_array().expect("suggestions");
    assert!(!suggestions.is_empty() && suggestions.len() <= 8, "{body}");
    for s in suggestions {
        let folded = app::text::slugify(s["name"].as_str().expect("name"));
        assert!(folded.split('-').any(|w| w.starts_with("mam")), "{s}");
        assert!(s["code"].is_string() && s["slug"].is_string());
    }
    let (_, empty) = app.get_json("/api/v1/products/suggest?q=").await;
    assert_eq!(empty["suggestions"].as_array().map(Vec::len), Some(0));
});
