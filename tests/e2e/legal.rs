//! The operator's duties on the site: who operates it is in every page's
//! footer (`#operator`) and on `/gioi-thieu`; the policies render at
//! `/chinh-sach/{slug}` in Vietnamese and English with their version and
//! effective date, the operator written in as text.

use app::domain::OperatorIdentity;
use scraper::{Html, Selector};
use tests::{on_both_databases, spawn_app_with, TestApp};

fn operator() -> OperatorIdentity {
    OperatorIdentity {
        name: "Công ty TNHH Chợ Quê <script>alert(1)</script>".into(),
        address: "Số 12 đường 30/4, Phường Ninh Kiều, Cần Thơ".into(),
        registration: "1801234567 do Sở Tài chính Cần Thơ cấp".into(),
        phone: "0292 3 123 456".into(),
        email: "lienhe@choque.example".into(),
        representative: "Trần Thị Mai".into(),
        registration_url: Some("https://online.gov.vn/Home/WebDetails/1234".into()),
    }
}

async fn page(app: &TestApp, path: &str) -> (u16, Html) {
    let response = app.get(path).await;
    let status = response.status().as_u16();
    (
        status,
        Html::parse_document(&response.text().await.expect("body")),
    )
}

fn text_of(html: &Html, selector: &str) -> String {
    let selector = Selector::parse(selector).expect("selector");
    html.select(&selector)
        .map(|e| e.text().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

on_both_databases!(every_page_names_the_operator, |backend| async move {
    let app = spawn_app_with(backend, |s| s.operator = operator()).await;
    let (_, products) = app.get_json("/api/v1/products?limit=1").await;
    let slug = products["items"][0]["slug"]
        .as_str()
        .expect("slug")
        .to_owned();
    for path in [
        "/".to_owned(),
        "/san-pham".to_owned(),
        format!("/san-pham/{slug}"),
        "/gio-hang".to_owned(),
        "/dang-nhap".to_owned(),
        "/chinh-sach".to_owned(),
        "/chinh-sach/bao-mat?lang=en".to_owned(),
        "/gioi-thieu".to_owned(),
        "/khong-co-trang-nay".to_owned(),
    ] {
        let (_, html) = page(&app, &path).await;
        let block = text_of(&html, "footer #operator");
        for part in [
            "Công ty TNHH Chợ Quê <script>alert(1)</script>",
            "Số 12 đường 30/4",
            "1801234567",
            "0292 3 123 456",
            "lienhe@choque.example",
            "Trần Thị Mai",
        ] {
            assert!(block.contains(part), "{path}: {part:?} in {block:?}");
        }
        // The name stays text: no script came from it.
        let scripts = Selector::parse("footer script").expect("selector");
        assert_eq!(html.select(&scripts).count(), 0, "{path}");
        let badge = Selector::parse("footer #operator a.moit-badge").expect("selector");
        let href = html
            .select(&badge)
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap_or_default()
            .to_owned();
        assert_eq!(href, "https://online.gov.vn/Home/WebDetails/1234", "{path}");
    }
    let (status, about) = page(&app, "/gioi-thieu").await;
    assert_eq!(status, 200);
    assert!(text_of(&about, "main .operator-card").contains("Trần Thị Mai"));
});

on_both_databases!(policies_render_in_both_languages, |backend| async move {
    let app = spawn_app_with(backend, |s| s.operator = operator()).await;
    let (status, index) = page(&app, "/chinh-sach").await;
    assert_eq!(status, 200);
    let links = Selector::parse("main .policy-list a").expect("selector");
    let slugs: Vec<String> = index
        .select(&links)
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_owned)
        .collect();
    assert_eq!(slugs.len(), 6, "{slugs:?}");
    for href in &slugs {
        for (lang, version, template) in [
            ("vi", "Phiên bản 1.0", "luật sư"),
            ("en", "Version 1.0", "lawyer"),
        ] {
            let (status, html) = page(&app, &format!("{href}?lang={lang}")).await;
            assert_eq!(status, 200, "{href} {lang}");
            let title = text_of(&html, "main h1");
            assert!(!title.trim().is_empty(), "{href} {lang}");
            assert!(
                text_of(&html, "main .policy-version").contains(version),
                "{href} {lang}"
            );
            let body = text_of(&html, "main .policy-text");
            assert!(
                body.contains(template),
                "{href} {lang}: marked as a template"
            );
            assert!(
                !body.contains("{{"),
                "{href} {lang}: every placeholder filled"
            );
            let sections = Selector::parse("main .policy-text h2").expect("selector");
            assert!(
                html.select(&sections).count() >= 4,
                "{href} {lang}: sections"
            );
            let scripts = Selector::parse("main .policy-text script").expect("selector");
            assert_eq!(html.select(&scripts).count(), 0);
        }
    }
    // The rules name the operator, as text.
    let (_, rules) = page(&app, "/chinh-sach/quy-che-hoat-dong").await;
    assert!(text_of(&rules, "main .policy-text")
        .contains("Công ty TNHH Chợ Quê <script>alert(1)</script>"));
    let (status, _) = page(&app, "/chinh-sach/khong-co").await;
    assert_eq!(status, 404);
    // Search engines find them.
    let sitemap = app.text("/sitemap.xml").await;
    for path in [
        "/gioi-thieu<",
        "/chinh-sach<",
        "/chinh-sach/bao-mat-thanh-toan<",
    ] {
        assert!(sitemap.contains(path), "{path} in the sitemap");
    }
});

on_both_databases!(
    an_unconfigured_operator_is_said_plainly,
    |backend| async move {
        let app = spawn_app_with(backend, |s| s.operator = OperatorIdentity::default()).await;
        let (_, html) = page(&app, "/").await;
        let block = text_of(&html, "footer #operator");
        assert!(block.contains("chưa khai báo"), "{block:?}");
        let badge = Selector::parse("footer a.moit-badge").expect("selector");
        assert_eq!(html.select(&badge).count(), 0);
    }
);
