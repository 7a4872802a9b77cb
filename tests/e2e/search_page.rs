//! The search results page `/tim-kiem` and the header's suggestions, as a
//! shopper meets them without JavaScript: results with marked snippets, facet
//! links whose counts hold when followed, help when nothing is found, the
//! nearest spelling, and the product list's URL rules.

use crate::oracle;
use crate::storefront::shown_total;
use tests::{on_both_databases, spawn_app, TestApp};

async fn page(app: &TestApp, path: &str) -> String {
    crate::storefront::page(app, path, 200).await
}

/// The facet links of a page: (href, count), HTML entities decoded.
fn facet_links(html: &str) -> Vec<(String, u64)> {
    html.split("<fieldset class=\"facet\">")
        .skip(1)
        .flat_map(|facet| {
            let facet = facet.split("</fieldset>").next().unwrap_or_default();
            facet
                .split("<li><a href=\"")
                .skip(1)
                .filter_map(|link| {
                    let href = link.split('"').next()?.replace("&amp;", "&");
                    let label = link.split('>').nth(1)?.split('<').next()?;
                    let count = label.rsplit('(').next()?.trim_end_matches(')');
                    Some((href, count.parse().ok()?))
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

on_both_databases!(
    results_show_marked_snippets_and_facets_that_hold,
    |backend| async move {
        let app = spawn_app(backend).await;
        let honey = oracle::certified_where(|p| p["name"].starts_with("Mật ong"));
        assert!(!honey.is_empty(), "the sample has certified honey");

        let html = page(&app, "/tim-kiem?q=mat+ong").await;
        assert!(html.contains("Kết quả cho “mat ong”"), "heading");
        assert!(html.contains("<mark>"), "matched words are marked");
        let total = shown_total(&html);
        assert!(total as usize >= honey.len(), "{total} results");
        for code in &honey {
            let name = oracle::product(code)["name"].clone();
            assert!(html.contains(&name), "{name} shown");
        }
        // The same words through the API agree on the total.
        let (_, api) = app.get_json("/api/v1/products/search?q=mat+ong").await;
        assert_eq!(api["total"].as_u64(), Some(total));

        // Every facet link leads to exactly as many results as it says.
        let links = facet_links(&html);
        assert!(
            links.len() >= 3,
            "group, stars and province facets: {links:?}"
        );
        for (href, count) in links {
            let narrowed = page(&app, &href).await;
            assert_eq!(shown_total(&narrowed), count, "{href}");
            assert!(
                narrowed.contains("class=\"facet-on\""),
                "{href} marks its facet"
            );
        }
    }
);

on_both_databases!(
    nothing_found_offers_help_and_the_nearest_spelling,
    |backend| async move {
        let app = spawn_app(backend).await;
        let html = page(&app, "/tim-kiem?q=xqzw&stars=5").await;
        assert_eq!(shown_total(&html), 0);
        assert!(html.contains("Không tìm thấy sản phẩm nào."));
        assert!(
            html.contains("href=\"/tim-kiem?q=xqzw\""),
            "a link without the filters"
        );

        // One word found, the other a typo of a short word: partial results
        // and the corrected words, with diacritics.
        let html = page(&app, "/tim-kiem?q=nuoc+mxm").await;
        assert!(html.contains("Có phải bạn muốn tìm: "), "did you mean");
        assert!(
            html.contains("href=\"/tim-kiem?q=n%C6%B0%E1%BB%9Bc%20m%E1%BA%AFm\""),
            "links to “nước mắm”"
        );

        let html = page(&app, "/tim-kiem?q=nuoc+mxm&lang=en").await;
        assert!(html.contains("Did you mean: "));
    }
);

on_both_databases!(the_url_is_read_like_a_product_list, |backend| async move {
    let app = spawn_app(backend).await;
    // Unknown values and filters search cannot apply are named, not fatal.
    let html = page(
        &app,
        "/tim-kiem?q=gao&stars=9&commune=x&sort=cheap&page=abc",
    )
    .await;
    for ignored in ["stars=9", "commune=x", "sort=cheap", "page=abc"] {
        assert!(html.contains(ignored), "notice for {ignored}");
    }
    assert!(shown_total(&html) > 0);

    // Sorted by price, cheapest first, like the list page.
    let html = page(&app, "/tim-kiem?q=gao&sort=price_asc").await;
    let (_, api) = app
        .get_json("/api/v1/products/search?q=gao&sort=price_asc&limit=100")
        .await;
    let prices: Vec<u64> = api["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["price_vnd"].as_u64().expect("price"))
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    let first = api["hits"][0]["slug"].as_str().expect("slug");
    let first_on_page = html
        .split("href=\"/san-pham/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a product link");
    assert_eq!(first_on_page, first);

    // Anything typed is a search, never an error page.
    for q in [
        "%22((%5B",
        "a%3Ab%20AND%20NOT",
        "%F0%9F%8D%AF",
        "%00%07",
        &"x".repeat(5000),
    ] {
        let response = app.get(&format!("/tim-kiem?q={q}")).await;
        assert_eq!(response.status().as_u16(), 200, "q={q:.40}");
    }
});

on_both_databases!(
    the_header_suggests_names_while_typing,
    |backend| async move {
        let app = spawn_app(backend).await;
        let response = app
            .client
            .post(format!("{}/api/fn/suggest", app.address))
            .form(&[("q", "mat o")])
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 200);
        let found: serde_json::Value = response.json().await.expect("json");
        let names: Vec<&str> = found
            .as_array()
            .expect("a list")
            .iter()
            .map(|s| s["name"].as_str().expect("name"))
            .collect();
        assert!(!names.is_empty() && names.len() <= 8, "{names:?}");
        assert!(names.iter().all(|n| n.starts_with("Mật ong")), "{names:?}");
        // The box is there on every page, with its (empty, hidden) list.
        let html = page(&app, "/").await;
        assert!(html.contains("class=\"suggestions\""));
    }
);
