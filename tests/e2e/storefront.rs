//! The storefront as a shopper meets it: home, lists with filters, product
//! pages with their certification, stalls, languages, SEO tags, sitemap and
//! the traceability QR code. Expected figures come from the sample CSV files
//! (the oracle), not from the server.

use crate::oracle;
use serde_json::Value;
use std::collections::HashSet;
use tests::{on_both_databases, spawn_app, TestApp};

/// The page's HTML, asserting the status.
pub(crate) async fn page(app: &TestApp, path: &str, status: u16) -> String {
    let response = app.get(path).await;
    assert_eq!(response.status().as_u16(), status, "GET {path}");
    response.text().await.expect("html")
}

/// The slugs of the products a list page shows, in order.
fn product_links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=\"/san-pham/").skip(1) {
        if let Some(slug) = part.split('"').next() {
            if !out.iter().any(|s| s == slug) {
                out.push(slug.to_string());
            }
        }
    }
    out
}

/// "24 sản phẩm" → 24: the count a list or results page shows.
pub(crate) fn shown_total(html: &str) -> u64 {
    let marker = "class=\"muted result-count\">";
    let start = html.find(marker).expect("result count") + marker.len();
    html[start..]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

/// The JSON-LD blocks of a page.
fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|part| {
            let json = part.split("</script>").next().expect("closed script");
            serde_json::from_str(json).expect("valid JSON-LD")
        })
        .collect()
}

/// Slug of a product by code, read through the API.
async fn slug_of(app: &TestApp, code: &str) -> String {
    let (_, product) = app.get_json(&format!("/api/v1/products/{code}")).await;
    product["slug"].as_str().expect("slug").to_string()
}

/// Slugs of every certified published product, through the paged API.
async fn all_certified_slugs(app: &TestApp) -> HashSet<String> {
    let mut slugs = HashSet::new();
    for page in 1.. {
        let (_, list) = app
            .get_json(&format!("/api/v1/products?limit=100&page={page}"))
            .await;
        let items = list["items"].as_array().expect("items");
        if items.is_empty() {
            break;
        }
        slugs.extend(
            items
                .iter()
                .map(|i| i["slug"].as_str().expect("slug").to_string()),
        );
    }
    slugs
}

on_both_databases!(
    home_shows_the_shop_window_groups_provinces_and_events,
    |backend| async move {
        let app = spawn_app(backend).await;
        let html = page(&app, "/", 200).await;
        assert!(html.contains("<html lang=\"vi\""));
        let certified = oracle::certified_published(oracle::today());
        assert!(html.contains(&format!(
            "{} sản phẩm đang được chứng nhận OCOP",
            certified.len()
        )));
        // The shop window: five stars and in stock.
        let five_in_stock = oracle::certified_where(|p| p["stock"] != "0");
        let featured: Vec<String> = product_links(&html).into_iter().take(8).collect();
        assert!(!featured.is_empty());
        for slug in &featured {
            let (_, p) = app
                .get_json(&format!("/api/v1/products/{}", code_of(&app, slug).await))
                .await;
            assert!(
                p["stock"].as_i64().expect("stock") > 0,
                "{slug} is in stock"
            );
            assert!(five_in_stock.contains(&p["code"].as_str().expect("code").to_string()));
        }
        for group in ["thuc-pham", "do-uong"] {
            assert!(html.contains(&format!("href=\"/nhom/{group}\"")));
        }
        assert_eq!(html.matches("href=\"/nhom/").count(), 6, "the six groups");
        assert!(html.contains("href=\"/tinh/"), "provinces");
        assert!(html.contains("action=\"/tim-kiem\""), "the search box");
        assert!(html.contains("Hội chợ và livestream sắp tới"));
        assert_unique_ids(&html);
        assert_unique_ids(&page(&app, "/khong-co-trang-nay", 404).await);
    }
);

/// Every `id` of a page is used once: labels, skip links and fragments need it.
fn assert_unique_ids(html: &str) {
    let mut seen = HashSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = part.split('"').next().expect("closed attribute");
        assert!(seen.insert(id.to_string()), "id {id:?} used twice");
    }
}

/// Code of a product by slug, from the page's JSON-LD.
async fn code_of(app: &TestApp, slug: &str) -> String {
    let html = page(app, &format!("/san-pham/{slug}"), 200).await;
    json_ld(&html)[0]["sku"].as_str().expect("sku").to_string()
}

on_both_databases!(list_filters_match_the_register, |backend| async move {
    let app = spawn_app(backend).await;
    let all = oracle::certified_where(|_| true);
    let html = page(&app, "/san-pham", 200).await;
    assert_eq!(shown_total(&html), all.len() as u64);

    let food = oracle::certified_where(|p| p["group"] == "1");
    let html = page(&app, "/san-pham?group=1", 200).await;
    assert_eq!(shown_total(&html), food.len() as u64);
    // The group page shows the same products.
    let html = page(&app, "/nhom/thuc-pham", 200).await;
    assert_eq!(shown_total(&html), food.len() as u64);

    let certified = oracle::certified_published(oracle::today());
    let five = certified.values().filter(|s| **s == 5).count() as u64;
    let html = page(&app, "/san-pham?stars=5", 200).await;
    assert_eq!(shown_total(&html), five);

    let in_stock = oracle::certified_where(|p| p["stock"] != "0");
    let html = page(&app, "/san-pham?in_stock=1", 200).await;
    assert_eq!(shown_total(&html), in_stock.len() as u64);

    let with_story = oracle::certified_where(|p| !p["story"].trim().is_empty());
    let html = page(&app, "/san-pham?story=1", 200).await;
    assert_eq!(shown_total(&html), with_story.len() as u64);

    let in_range = oracle::certified_where(|p| {
        let price: i64 = p["price_vnd"].parse().expect("price");
        (50_000..=150_000).contains(&price)
    });
    let html = page(&app, "/san-pham?min=50.000&max=150000", 200).await;
    assert_eq!(shown_total(&html), in_range.len() as u64);

    let producers = oracle::producers();
    let can_tho: HashSet<&String> = producers
        .iter()
        .filter(|p| p["province"] == "Cần Thơ")
        .map(|p| &p["code"])
        .collect();
    let from_can_tho = oracle::certified_where(|p| can_tho.contains(&p["producer_code"]));
    let html = page(&app, "/san-pham?province=can-tho", 200).await;
    assert_eq!(shown_total(&html), from_can_tho.len() as u64);
    let html = page(&app, "/tinh/can-tho", 200).await;
    assert_eq!(shown_total(&html), from_can_tho.len() as u64);
    assert!(
        html.contains("Các xã, phường có sản phẩm OCOP"),
        "the province's communes"
    );
});

on_both_databases!(list_sorts_and_pages, |backend| async move {
    let app = spawn_app(backend).await;
    let html = page(&app, "/san-pham?sort=price_asc", 200).await;
    let mut prices = Vec::new();
    for slug in product_links(&html) {
        let html = page(&app, &format!("/san-pham/{slug}"), 200).await;
        prices.push(
            json_ld(&html)[0]["offers"]["price"]
                .as_i64()
                .expect("price"),
        );
        if prices.len() == 6 {
            break;
        }
    }
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "cheapest first: {prices:?}"
    );

    let first = product_links(&page(&app, "/san-pham", 200).await);
    let second = product_links(&page(&app, "/san-pham?page=2", 200).await);
    assert_eq!(first.len(), 24);
    assert!(!second.is_empty());
    assert!(
        first.iter().all(|s| !second.contains(s)),
        "pages do not overlap"
    );
    // The URL holds every filter: the next-page link keeps them.
    let html = page(&app, "/san-pham?group=1&sort=newest", 200).await;
    if shown_total(&html) > 24 {
        assert!(html.contains("href=\"/san-pham?group=1&amp;sort=newest&amp;page=2\""));
    }
});

on_both_databases!(
    unknown_filter_values_are_ignored_with_a_notice,
    |backend| async move {
        let app = spawn_app(backend).await;
        let all = oracle::certified_where(|_| true).len() as u64;
        for query in [
            "stars=7",
            "group=abc",
            "province=atlantis",
            "min=-5",
            "max=%F0%9F%98%80",
            "sort=random",
            "page=-1",
            "in_stock=maybe",
            "commune=99999",
        ] {
            let html = page(&app, &format!("/san-pham?{query}"), 200).await;
            assert!(
                html.contains("Đã bỏ qua bộ lọc không hợp lệ"),
                "{query}: notice"
            );
            assert_eq!(shown_total(&html), all, "{query}: ignored");
        }
        let html = page(&app, "/san-pham?stars=9&lang=en", 200).await;
        assert!(html.contains("Ignored an invalid filter stars=9"));
        // Bounds typed the wrong way round are read as meant.
        let a = shown_total(&page(&app, "/san-pham?min=200000&max=50000", 200).await);
        let b = shown_total(&page(&app, "/san-pham?min=50000&max=200000", 200).await);
        assert_eq!(a, b);
    }
);

on_both_databases!(
    product_page_carries_seo_tags_and_json_ld,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = oracle::certified_where(|p| p["stock"] != "0")[0].clone();
        let row = oracle::product(&code);
        let slug = slug_of(&app, &code).await;
        let html = page(&app, &format!("/san-pham/{slug}"), 200).await;
        let canonical = html
            .split('<')
            .find(|tag| tag.starts_with("link") && tag.contains("rel=\"canonical\""))
            .expect("a canonical link");
        assert!(
            canonical.contains(&format!("href=\"{}/san-pham/{slug}\"", app.base_url())),
            "{canonical}"
        );
        assert!(html.contains("property=\"og:title\""));
        assert!(html.contains("property=\"og:type\" content=\"product\""));
        assert!(html.contains("name=\"twitter:card\""));
        assert!(html.contains(&format!("<title>{} — Chợ OCOP</title>", row["name"])));
        let ld = json_ld(&html);
        let product = &ld[0];
        assert_eq!(product["@type"], "Product");
        assert_eq!(product["sku"], code.as_str());
        assert_eq!(product["offers"]["@type"], "Offer");
        assert_eq!(product["offers"]["priceCurrency"], "VND");
        assert_eq!(
            product["offers"]["price"].as_i64(),
            Some(row["price_vnd"].parse().expect("price"))
        );
        assert_eq!(
            product["offers"]["availability"],
            "https://schema.org/InStock"
        );
        assert!(
            !html.contains("AggregateRating"),
            "stars are a certification, not a rating"
        );
        assert_eq!(product["hasCertification"]["@type"], "Certification");
        // Price in đồng as Vietnamese write it.
        let price: i64 = row["price_vnd"].parse().expect("price");
        assert!(html.contains(&app::components::format_money(price)));
        // The producer card links to the stall; traceability has its QR code.
        assert!(html.contains("href=\"/gian-hang/"));
        assert!(html.contains(&format!("src=\"/qr/{code}.svg\"")));
        assert!(html.contains(&format!("{}/truy-xuat/{code}", app.base_url())));
    }
);

on_both_databases!(
    lapsed_product_is_said_plainly_and_listed_nowhere,
    |backend| async move {
        let app = spawn_app(backend).await;
        let lapsed = oracle::lapsed_published();
        assert!(!lapsed.is_empty(), "the sample has lapsed products");
        let certified = all_certified_slugs(&app).await;
        let sitemap = page(&app, "/sitemap.xml", 200).await;
        for code in lapsed.iter().take(5) {
            let row = oracle::product(code);
            let slug = slug_of(&app, code).await;
            assert!(
                slug.starts_with(&app::text::slugify(&row["name"])),
                "{slug}"
            );
            let html = page(&app, &format!("/san-pham/{slug}"), 200).await;
            assert!(html.contains("Chứng nhận OCOP đã hết hiệu lực"), "{code}");
            assert!(html.contains("không còn được chứng nhận OCOP"), "{code}");
            assert!(
                !html.contains("data-testid=\"quantity\""),
                "{code}: no way to buy"
            );
            assert!(!html.contains("\"offers\""), "{code}: no offer");
            assert!(!certified.contains(&slug), "{code}: not in lists");
            assert!(
                !sitemap.contains(&format!("/san-pham/{slug}<")),
                "{code}: not in the sitemap"
            );
            let name_search = page(&app, &format!("/san-pham?group={}", row["group"]), 200).await;
            assert!(!product_links(&name_search).contains(&slug));
        }
    }
);

on_both_databases!(
    sitemap_lists_every_certified_product,
    |backend| async move {
        let app = spawn_app(backend).await;
        let response = app.get("/sitemap.xml").await;
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .expect("type")
            .starts_with("application/xml"));
        let xml = response.text().await.expect("xml");
        let certified = all_certified_slugs(&app).await;
        assert_eq!(
            certified.len(),
            oracle::certified_published(oracle::today()).len()
        );
        for slug in &certified {
            assert!(
                xml.contains(&format!("{}/san-pham/{slug}</loc>", app.base_url())),
                "{slug}"
            );
        }
        assert_eq!(xml.matches("/san-pham/").count(), certified.len());
        assert!(xml.contains("/gian-hang/"));
        let robots = page(&app, "/robots.txt", 200).await;
        assert!(robots.contains(&format!("Sitemap: {}/sitemap.xml", app.base_url())));
    }
);

on_both_databases!(slugs_are_clean_ascii_and_unique, |backend| async move {
    let app = spawn_app(backend).await;
    let slugs = all_certified_slugs(&app).await;
    for slug in &slugs {
        assert!(
            !slug.is_empty()
                && slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !slug.starts_with('-')
                && !slug.ends_with('-')
                && !slug.contains("--"),
            "{slug}"
        );
    }
    let (_, p) = app.get_json("/api/v1/products/SP0000002").await;
    assert_eq!(
        p["slug"],
        app::text::slugify(p["name"].as_str().expect("name"))
    );
});

on_both_databases!(
    stall_shows_profile_and_certified_products,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = oracle::certified_where(|_| true)[0].clone();
        let row = oracle::product(&code);
        let producer = oracle::producers()
            .into_iter()
            .find(|p| p["code"] == row["producer_code"])
            .expect("producer");
        let (_, product) = app.get_json(&format!("/api/v1/products/{code}")).await;
        let slug = slug_of(&app, &code).await;
        let html = page(&app, &format!("/san-pham/{slug}"), 200).await;
        let stall_path = html
            .split("href=\"/gian-hang/")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("stall link")
            .to_string();
        let html = page(&app, &format!("/gian-hang/{stall_path}"), 200).await;
        assert!(html.contains(&format!("<h1>{}</h1>", producer["name"])));
        assert!(html.contains(&producer["phone"]));
        assert!(html.contains(&format!("href=\"/san-pham/{slug}\"")));
        let theirs = oracle::certified_where(|p| p["producer_code"] == producer["code"]);
        assert!(html.contains(&format!("({})", theirs.len())));
        assert_eq!(product["producer"]["code"], producer["code"].as_str());
        page(&app, "/gian-hang/khong-co-gian-hang-nay", 404).await;
    }
);

on_both_databases!(english_by_switch_cookie_and_query, |backend| async move {
    let app = spawn_app(backend).await;
    let response = app.get("/san-pham?lang=en").await;
    assert_eq!(response.status().as_u16(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_string();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    let html = response.text().await.expect("html");
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("OCOP products"));
    assert!(html.contains("Apply filters"));
    // The cookie keeps English on the next page, without the parameter.
    let html = page(&app, "/", 200).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("The six product groups"));
    assert!(html.contains("Tiếng Việt"), "the switch back");
    let html = page(&app, "/?lang=vi", 200).await;
    assert!(html.contains("<html lang=\"vi\""));
    assert!(html.contains("Sáu nhóm sản phẩm"));
    // Dates are written day/month/year.
    let code = oracle::certified_where(|_| true)[0].clone();
    let slug = slug_of(&app, &code).await;
    let html = page(&app, &format!("/san-pham/{slug}"), 200).await;
    let ld = json_ld(&html);
    let valid_from = ld[0]["hasCertification"]["validFrom"]
        .as_str()
        .expect("date");
    let d = chrono::NaiveDate::parse_from_str(valid_from, "%Y-%m-%d").expect("iso date");
    assert!(html.contains(&d.format("%d/%m/%Y").to_string()));
});

on_both_databases!(
    traceability_qr_points_to_the_product,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = oracle::certified_where(|_| true)[0].clone();
        let slug = slug_of(&app, &code).await;
        let svg = app.get(&format!("/qr/{code}.svg")).await;
        assert_eq!(svg.status().as_u16(), 200);
        assert_eq!(svg.headers()["content-type"], "image/svg+xml");
        assert!(svg.text().await.expect("svg").contains("<svg"));
        let png = app.get(&format!("/qr/{code}.png")).await;
        assert_eq!(png.status().as_u16(), 200);
        assert_eq!(png.headers()["content-type"], "image/png");
        let bytes = png.bytes().await.expect("png");
        let img = image::load_from_memory(&bytes).expect("a PNG").to_luma8();
        let mut prepared = rqrr::PreparedImage::prepare(img);
        let grids = prepared.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code");
        let (_, content) = grids[0].decode().expect("decodes");
        assert_eq!(content, format!("{}/truy-xuat/{code}", app.base_url()));
        let response = app.get(&format!("/truy-xuat/{code}")).await;
        assert!(response.status().is_redirection());
        assert_eq!(
            response.headers()["location"],
            format!("/san-pham/{slug}#truy-xuat").as_str()
        );
        assert_eq!(app.get("/qr/SP9999999.png").await.status().as_u16(), 404);
        assert_eq!(app.get("/qr/x.gif").await.status().as_u16(), 404);
    }
);

on_both_databases!(
    not_found_is_helpful_in_both_languages,
    |backend| async move {
        let app = spawn_app(backend).await;
        let html = page(&app, "/san-pham/nuoc-mam-khong-co", 404).await;
        assert!(html.contains("Không tìm thấy trang này"));
        assert!(
            html.contains("value=\"nuoc mam khong co\""),
            "the search box guesses the words"
        );
        assert!(html.contains("href=\"/san-pham\""));
        let html = page(&app, "/khong/co/trang/nay?lang=en", 404).await;
        assert!(html.contains("We could not find this page"));
        page(&app, "/nhom/khong-co-nhom", 404).await;
        page(&app, "/tinh/khong-co-tinh", 404).await;
    }
);

on_both_databases!(
    product_page_gives_the_story_pride_of_place,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = oracle::certified_where(|p| !p["story"].trim().is_empty())[0].clone();
        let (_, product) = app.get_json(&format!("/api/v1/products/{code}")).await;
        let slug = slug_of(&app, &code).await;
        let html = page(&app, &format!("/san-pham/{slug}"), 200).await;
        assert!(html.contains("Câu chuyện sản phẩm"));
        let story = product["story"].as_str().expect("story");
        let first_words: String = story.chars().take(30).collect();
        assert!(html.contains(&first_words), "story shown");
        // The story comes before the traceability and the producer's other products.
        let at = |needle: &str| html.find(needle).unwrap_or(usize::MAX);
        assert!(at("Câu chuyện sản phẩm") < at("id=\"truy-xuat\""));
        let certification = &product["certification"];
        assert!(html.contains(certification["decision_no"].as_str().expect("decision")));
        assert!(html.contains(&format!(
            "Chứng nhận OCOP {} sao",
            certification["stars"].as_i64().expect("stars")
        )));
        assert!(
            html.contains("Tạm tính"),
            "the quantity estimate is rendered"
        );
        // Served on the server and hydrated in the browser.
        assert!(
            html.contains("/pkg/chocop.js"),
            "hydration script referenced"
        );
    }
);

on_both_databases!(
    vietnamese_first_whatever_the_browser_says,
    |backend| async move {
        let app = spawn_app(backend).await;
        // A phone set to English still gets the Vietnamese site by default.
        let html = app
            .get_in("/", "en-US,en;q=0.9")
            .await
            .text()
            .await
            .expect("html");
        assert!(html.contains("<html lang=\"vi\""));
        assert!(html.contains("English"), "the switch is there");
    }
);
