//! OCOP sales points: an officer keeps those of their area through the
//! pages (JavaScript off) and the API; shoppers find the active ones at
//! `/diem-ban` and on the digital map `/ban-do`. Another area's sales point
//! is not found; bad input is named field by field, never a 500.

use app::demo::DEMO_PASSWORD;
use app::entities::{communes, producers, provinces, sales_points};
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};
use std::collections::HashSet;
use tests::{location, on_both_databases, spawn_app_with, Backend, TestApp};

const CT_OFFICER: &str = "canbo.cantho@demo.chocop.vn";
const DT_OFFICER: &str = "canbo.dongthap@demo.chocop.vn";

/// A server whose pages are never served from the page cache, so each
/// read shows the change just made.
async fn app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |s| s.page_cache_seconds = 0).await
}

/// A browser with JavaScript off, signed in through the API: its client
/// (cookies kept, redirects not followed) and its session's CSRF token.
struct Browser {
    client: reqwest::Client,
    csrf: String,
}

async fn browser(app: &TestApp, email: Option<&str>) -> Browser {
    let client = tests::browser();
    let mut csrf = String::new();
    if let Some(email) = email {
        let response = client
            .post(format!("{}/api/v1/auth/login", app.address))
            .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200, "{email} signs in");
        let body: Value = response.json().await.expect("json");
        csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
    }
    Browser { client, csrf }
}

impl Browser {
    async fn page(&self, app: &TestApp, path: &str) -> (u16, String) {
        let response = self
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("page");
        let status = response.status().as_u16();
        (status, response.text().await.expect("html"))
    }

    /// Posts server function `action`'s form from `page` as a browser
    /// without JavaScript: the answer is a redirect.
    async fn post_form(
        &self,
        app: &TestApp,
        action: &str,
        page: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut fields = vec![("csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        self.client
            .post(format!("{}/api/fn/{action}", app.address))
            .header(reqwest::header::ACCEPT, "text/html")
            .header(reqwest::header::ORIGIN, &app.address)
            .header(reqwest::header::REFERER, format!("{}{page}", app.address))
            .form(&fields)
            .send()
            .await
            .expect("form")
    }

    /// Posts the same form as the page's script does: the refusal comes
    /// back with its status and its fields.
    async fn post_script(
        &self,
        app: &TestApp,
        action: &str,
        form: &[(&str, &str)],
    ) -> (u16, Value) {
        let mut fields = vec![("csrf", self.csrf.as_str())];
        fields.extend_from_slice(form);
        let response = self
            .client
            .post(format!("{}/api/fn/{action}", app.address))
            .form(&fields)
            .send()
            .await
            .expect("form");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn api(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        body: Value,
    ) -> (u16, Value) {
        let response = self
            .client
            .request(method, format!("{}/api/v1{path}", app.address))
            .header("X-CSRF-Token", &self.csrf)
            .json(&body)
            .send()
            .await
            .expect("api");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

fn today() -> NaiveDate {
    app::ssr::today_vn()
}

/// A commune of `province` (a slug) with producers and no sales point at
/// all: its code and full name.
async fn uncovered_commune(app: &TestApp, province: &str) -> (String, String) {
    let province = provinces::Entity::find()
        .filter(provinces::Column::Slug.eq(province))
        .one(&app.db)
        .await
        .expect("query")
        .expect("province");
    let with_points: HashSet<i64> = sales_points::Entity::find()
        .all(&app.db)
        .await
        .expect("points")
        .into_iter()
        .map(|p| p.commune_id)
        .collect();
    let producer = producers::Entity::find()
        .filter(producers::Column::ProvinceId.eq(province.id))
        .order_by_asc(producers::Column::Code)
        .all(&app.db)
        .await
        .expect("producers")
        .into_iter()
        .find(|p| !with_points.contains(&p.commune_id))
        .expect("a commune with producers and no sales point");
    let commune = communes::Entity::find_by_id(producer.commune_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("commune");
    (commune.code, commune.full_name)
}

/// Two certified, published products of `province` (name, code).
async fn certified_products(app: &TestApp, province: &str) -> Vec<(String, String)> {
    let (status, body) = app
        .get_json(&format!("/api/v1/products?province={province}&limit=2"))
        .await;
    assert_eq!(status, 200);
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_owned(),
                p["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The part of the officer's page that lists communes without coverage.
fn uncovered_list(html: &str) -> String {
    let start = html.find("class=\"uncovered\"").unwrap_or(html.len());
    let rest = &html[start..];
    rest[..rest.find("</ul>").unwrap_or(rest.len())].to_owned()
}

/// The officer page's coverage ("9 / 13 xã, phường có điểm bán…") and the
/// same figure from the reports API: they must agree.
async fn coverage_agrees(app: &TestApp, html: &str) -> (u64, u64) {
    let end = html
        .find(" xã, phường có điểm bán đang hoạt động")
        .expect("coverage summary");
    let start = html[..end].rfind('>').map_or(0, |i| i + 1);
    let (n, d) = html[start..end].split_once(" / ").expect("n / d");
    let page = (
        n.trim().parse::<u64>().expect("n"),
        d.trim().parse::<u64>().expect("d"),
    );
    let (status, body) = app
        .get_json("/api/v1/reports/metrics?province=can-tho")
        .await;
    assert_eq!(status, 200, "{body}");
    let figure = &body["metrics"]["communes_with_sales_point_pct"];
    let report = (
        figure["numerator"].as_u64().expect("numerator"),
        figure["denominator"].as_u64().expect("denominator"),
    );
    assert_eq!(
        page, report,
        "the officer's coverage is the report's figure"
    );
    page
}

async fn point(app: &TestApp, code: &str) -> sales_points::Model {
    sales_points::Entity::find()
        .filter(sales_points::Column::Code.eq(code))
        .one(&app.db)
        .await
        .expect("query")
        .expect("sales point")
}

on_both_databases!(
    an_officer_creates_edits_and_closes_a_sales_point,
    |backend| async move {
        let app = app(backend).await;
        let officer = browser(&app, Some(CT_OFFICER)).await;
        let (commune, commune_name) = uncovered_commune(&app, "can-tho").await;
        let products = certified_products(&app, "can-tho").await;
        assert_eq!(products.len(), 2);

        let (status, desk) = officer.page(&app, "/can-bo").await;
        assert_eq!(status, 200);
        assert!(
            desk.contains("href=\"/can-bo/diem-ban\""),
            "the desk links to sales points"
        );
        let (status, before) = officer.page(&app, "/can-bo/diem-ban").await;
        assert_eq!(status, 200);
        assert!(
            uncovered_list(&before).contains(&commune_name),
            "{commune_name} has no sales point yet"
        );
        let (covered_before, communes_before) = coverage_agrees(&app, &before).await;

        let opened = (today() - Duration::days(30))
            .format("%Y-%m-%d")
            .to_string();
        let codes = format!("{}, {}", products[0].1, products[1].1);
        let response = officer
            .post_form(
                &app,
                "officer_create_sales_point",
                "/can-bo/diem-ban/moi",
                &[
                    ("name", "Điểm bán OCOP Bến Ninh Kiều"),
                    ("kind", "tourist_site"),
                    ("province", "can-tho"),
                    ("commune", &commune),
                    ("address", "Số 2 đường Hai Bà Trưng"),
                    ("lat", "10,0341"),
                    ("lon", "105.7880"),
                    ("opening_hours", "7:00–21:00 hằng ngày"),
                    ("phone", "0292 3821 234"),
                    ("opened_on", &opened),
                    ("closed_on", ""),
                    ("product_codes", &codes),
                ],
            )
            .await;
        let to = location(&response);
        assert!(
            to.contains("/can-bo/diem-ban/DB"),
            "created and opened: {to}"
        );
        let code = to
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        assert_eq!(code, "DB00072", "the server gives the next code");
        let created = point(&app, &code).await;
        assert!(
            (created.lat - 10.0341).abs() < 1e-9,
            "a comma is a decimal point"
        );
        assert_eq!(created.phone.as_deref(), Some("02923821234"));

        let shopper = browser(&app, None).await;
        let (status, public) = shopper.page(&app, "/diem-ban?province=can-tho").await;
        assert_eq!(status, 200);
        assert!(
            public.contains("Điểm bán OCOP Bến Ninh Kiều"),
            "listed while active"
        );
        let (status, page) = officer.page(&app, &format!("/diem-ban/{code}")).await;
        assert_eq!(status, 200);
        assert!(
            page.contains(&products[0].0) && page.contains(&products[1].0),
            "with its products"
        );
        let (_, after) = officer.page(&app, "/can-bo/diem-ban").await;
        assert!(
            !uncovered_list(&after).contains(&commune_name),
            "{commune_name} is covered now"
        );
        assert_eq!(
            coverage_agrees(&app, &after).await,
            (covered_before + 1, communes_before),
            "one more commune covered, among the same communes"
        );

        let edit_page = format!("/can-bo/diem-ban/{code}");
        let (status, editor) = officer.page(&app, &edit_page).await;
        assert_eq!(status, 200);
        assert!(editor.contains("Điểm bán OCOP Bến Ninh Kiều"));
        let saved = officer
            .post_form(
                &app,
                "officer_save_sales_point",
                &edit_page,
                &[
                    ("code", &code),
                    ("name", "Điểm bán OCOP Ninh Kiều"),
                    ("kind", "store"),
                    ("province", "can-tho"),
                    ("commune", &commune),
                    ("address", "Số 2 đường Hai Bà Trưng"),
                    ("lat", "10.0341"),
                    ("lon", "105.7880"),
                    ("opening_hours", ""),
                    ("phone", ""),
                    ("opened_on", &opened),
                    ("closed_on", ""),
                ],
            )
            .await;
        assert!(!location(&saved).contains("__err"), "{}", location(&saved));
        let edited = point(&app, &code).await;
        assert_eq!(edited.name, "Điểm bán OCOP Ninh Kiều");
        assert_eq!(edited.kind, "store");

        let removed = officer
            .post_form(
                &app,
                "officer_sales_point_remove_product",
                &edit_page,
                &[("code", &code), ("product_code", &products[1].1)],
            )
            .await;
        assert!(!location(&removed).contains("__err"));
        let (_, page) = officer.page(&app, &format!("/diem-ban/{code}")).await;
        assert!(
            !page.contains(&products[1].0),
            "a removed product is not listed"
        );
        let added = officer
            .post_form(
                &app,
                "officer_sales_point_add_product",
                &edit_page,
                &[("code", &code), ("product_code", &products[1].1)],
            )
            .await;
        assert!(!location(&added).contains("__err"));
        let (_, page) = officer.page(&app, &format!("/diem-ban/{code}")).await;
        assert!(page.contains(&products[1].0), "an added product is listed");

        // Closed today (exclusive): no longer active today.
        let closed = today().format("%Y-%m-%d").to_string();
        let (status, body) = officer
            .api(
                &app,
                reqwest::Method::PATCH,
                &format!("/sales-points/{code}"),
                json!({ "closed_on": closed }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["active"], false);
        let (status, public) = shopper.page(&app, "/diem-ban?province=can-tho").await;
        assert_eq!(status, 200);
        assert!(
            !public.contains("Điểm bán OCOP Ninh Kiều"),
            "not listed once closed"
        );
        let (status, _) = shopper.page(&app, &format!("/diem-ban/{code}")).await;
        assert_eq!(status, 404, "a closed sales point has no public page");
        let (_, after) = officer.page(&app, "/can-bo/diem-ban").await;
        assert!(
            uncovered_list(&after).contains(&commune_name),
            "{commune_name} is uncovered again"
        );
        assert_eq!(
            coverage_agrees(&app, &after).await,
            (covered_before, communes_before),
            "the closed one still counts its commune as one that needs a sales point"
        );
        assert!(
            after.contains("Điểm bán OCOP Ninh Kiều"),
            "the officer still sees the closed one"
        );

        // Every step is in the audit log with the record before and after.
        use app::domain::AuditAction;
        let created =
            tests::assert_audited(&app, AuditAction::SalesPointCreated, &code, CT_OFFICER).await;
        assert!(created.before.is_none(), "a new sales point has no before");
        let saved =
            tests::assert_audited(&app, AuditAction::SalesPointSaved, &code, CT_OFFICER).await;
        assert_ne!(saved.before, saved.after);
        for action in [
            AuditAction::SalesPointProductRemoved,
            AuditAction::SalesPointProductAdded,
        ] {
            let entry = tests::assert_audited(&app, action, &code, CT_OFFICER).await;
            assert_ne!(
                entry.before, entry.after,
                "{action} changed what is carried"
            );
        }
    }
);

/// A sales point of Đồng Tháp from the sample catalog, and a commune there.
async fn dong_thap_point(app: &TestApp) -> (String, String) {
    let province = provinces::Entity::find()
        .filter(provinces::Column::Slug.eq("dong-thap"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("Đồng Tháp");
    let point = sales_points::Entity::find()
        .filter(sales_points::Column::ProvinceId.eq(province.id))
        .order_by_asc(sales_points::Column::Code)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a sales point in Đồng Tháp");
    let commune = communes::Entity::find_by_id(point.commune_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("commune");
    (point.code, commune.code)
}

on_both_databases!(
    another_areas_sales_points_are_not_found,
    |backend| async move {
        let app = app(backend).await;
        let officer = browser(&app, Some(CT_OFFICER)).await;
        let (code, dt_commune) = dong_thap_point(&app).await;
        let before = point(&app, &code).await;
        let edit_page = format!("/can-bo/diem-ban/{code}");

        let (status, _) = officer.page(&app, &edit_page).await;
        assert_eq!(status, 404, "the editor of another area's sales point");
        let (status, list) = officer.page(&app, "/can-bo/diem-ban").await;
        assert_eq!(status, 200);
        assert!(!list.contains(&code), "the area's list holds only its own");

        let form = [
            ("code", code.as_str()),
            ("name", "Đổi tên"),
            ("kind", "store"),
            ("province", "dong-thap"),
            ("commune", dt_commune.as_str()),
            ("address", "Số 1"),
            ("lat", "10.3"),
            ("lon", "105.6"),
            ("opened_on", "2025-01-01"),
        ];
        let (status, _) = officer
            .post_script(&app, "officer_save_sales_point", &form)
            .await;
        assert_eq!(status, 404, "saving another area's sales point");
        let (status, _) = officer
            .post_script(
                &app,
                "officer_sales_point_remove_product",
                &[("code", &code), ("product_code", "SP0000001")],
            )
            .await;
        assert_eq!(status, 404);
        let (status, body) = officer
            .api(
                &app,
                reqwest::Method::PATCH,
                &format!("/sales-points/{code}"),
                json!({ "name": "Đổi tên" }),
            )
            .await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(body["error"]["code"], "not_found");
        assert_eq!(point(&app, &code).await, before, "nothing changed");

        // Nor can they open one in a commune of Đồng Tháp.
        let create = [
            ("name", "Điểm bán lấn sân"),
            ("kind", "store"),
            ("province", "dong-thap"),
            ("commune", dt_commune.as_str()),
            ("address", "Số 1"),
            ("lat", "10.3"),
            ("lon", "105.6"),
            ("opened_on", "2025-01-01"),
        ];
        let (status, body) = officer
            .post_script(&app, "officer_create_sales_point", &create)
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.to_string().contains("commune"), "{body}");
        let (status, body) = officer
            .api(
                &app,
                reqwest::Method::POST,
                "/sales-points",
                json!({ "name": "Điểm bán lấn sân", "kind": "store", "province": "dong-thap",
                    "commune": dt_commune, "address": "Số 1", "lat": 10.3, "lon": 105.6,
                    "opened_on": "2025-01-01" }),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert!(body["error"]["fields"]["commune"].is_array(), "{body}");

        // Đồng Tháp's own officer may; a shopper and a stranger may not.
        let own = browser(&app, Some(DT_OFFICER)).await;
        let (status, body) = own
            .api(
                &app,
                reqwest::Method::PATCH,
                &format!("/sales-points/{code}"),
                json!({ "opening_hours": "8:00–17:00" }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["opening_hours"], "8:00–17:00");
        let admin = browser(&app, Some("quantri@demo.chocop.vn")).await;
        let (status, body) = admin
            .api(
                &app,
                reqwest::Method::PATCH,
                &format!("/sales-points/{code}"),
                json!({ "phone": "0912 345 678" }),
            )
            .await;
        assert_eq!(status, 200, "an administrator edits any area's: {body}");
        assert_eq!(body["phone"], "0912345678");
        let shopper = browser(&app, Some("nguoimua@demo.chocop.vn")).await;
        let (status, _) = shopper
            .api(&app, reqwest::Method::POST, "/sales-points", json!({}))
            .await;
        assert_eq!(status, 403);
        let stranger = browser(&app, None).await;
        let (status, _) = stranger
            .api(&app, reqwest::Method::POST, "/sales-points", json!({}))
            .await;
        assert_eq!(status, 401);
        let (status, _) = stranger.page(&app, &edit_page).await;
        assert_eq!(status, 200, "signed out: asked to sign in");
    }
);

on_both_databases!(bad_input_is_named_field_by_field, |backend| async move {
    let app = app(backend).await;
    let officer = browser(&app, Some(CT_OFFICER)).await;
    let (commune, _) = uncovered_commune(&app, "can-tho").await;
    let good = json!({
        "name": "Góc OCOP siêu thị", "kind": "supermarket_corner", "commune": commune,
        "address": "Số 9", "lat": 10.03, "lon": 105.78, "opened_on": "2025-03-01",
    });
    let long_name = "Đ".repeat(10 * 1024);
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "outside Vietnam",
            json!({ "lat": 48.85, "lon": 2.35 }),
            "lat",
        ),
        ("longitude outside Vietnam", json!({ "lon": 120.5 }), "lon"),
        ("text as latitude", json!({ "lat": "mười độ" }), "lat"),
        (
            "closed before opened",
            json!({ "closed_on": "2025-02-01" }),
            "closed_on",
        ),
        (
            "closed the day it opened",
            json!({ "closed_on": "2025-03-01" }),
            "closed_on",
        ),
        (
            "unknown product",
            json!({ "product_codes": ["SP9999999"] }),
            "product_codes",
        ),
        ("10 KB name", json!({ "name": long_name }), "name"),
        ("no such kind", json!({ "kind": "kiosk" }), "kind"),
        (
            "not a date",
            json!({ "opened_on": "31/02/2025" }),
            "opened_on",
        ),
        ("not a phone", json!({ "phone": "12345" }), "phone"),
        (
            "another area's commune",
            json!({ "province": "dong-thap", "commune": "00001" }),
            "commune",
        ),
    ];
    for (what, change, field) in cases {
        let mut body = good.clone();
        for (k, v) in change.as_object().expect("object") {
            body[k] = v.clone();
        }
        let (status, answer) = officer
            .api(&app, reqwest::Method::POST, "/sales-points", body)
            .await;
        assert_eq!(status, 422, "{what}: {answer}");
        assert_eq!(answer["error"]["code"], "invalid_input", "{what}");
        assert!(
            answer["error"]["fields"][field].is_array(),
            "{what}: {answer}"
        );
    }
    let (status, _) = officer
        .api(
            &app,
            reqwest::Method::POST,
            "/sales-points",
            json!("not an object"),
        )
        .await;
    assert_eq!(status, 422);

    // The pages check the same, and say so beside each field.
    let (status, body) = officer
        .post_script(
            &app,
            "officer_create_sales_point",
            &[
                ("name", &long_name),
                ("kind", "store"),
                ("commune", &commune),
                ("address", "Số 9"),
                ("lat", "abc"),
                ("lon", "105.78"),
                ("opened_on", "2025-03-01"),
                ("closed_on", "2025-01-01"),
                ("product_codes", "SP9999999"),
            ],
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let fields: HashSet<String> = body["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f[0].as_str().map(str::to_owned))
        .collect();
    for field in ["name", "lat", "closed_on", "product_codes"] {
        assert!(fields.contains(field), "{field} named: {body}");
    }
    let refused = officer
        .post_form(
            &app,
            "officer_create_sales_point",
            "/can-bo/diem-ban/moi",
            &[("name", ""), ("lat", "abc")],
        )
        .await;
    assert!(refused.status().is_redirection());
    assert!(
        location(&refused).contains("__err"),
        "back to the form with the error"
    );
    // A good one goes through, with products carried.
    let mut ok = good.clone();
    let products = certified_products(&app, "can-tho").await;
    ok["product_codes"] = json!([products[0].1]);
    let (status, created) = officer
        .api(&app, reqwest::Method::POST, "/sales-points", ok)
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["product_codes"], json!([products[0].1]));
    assert_eq!(created["active"], true);
});

on_both_databases!(public_pages_work_without_javascript, |backend| async move {
    let app = app(backend).await;
    let shopper = browser(&app, None).await;
    let (status, all) = shopper.page(&app, "/diem-ban").await;
    assert_eq!(status, 200);
    assert!(all.contains("Điểm bán OCOP"));
    assert!(
        all.contains("class=\"sales-point-card\""),
        "the list is in the page"
    );
    assert!(all.contains("id=\"ocop-map\""), "with a map");
    assert!(
        all.contains("/vendor/leaflet/leaflet.js"),
        "Leaflet from our own assets"
    );
    assert!(all.contains("src=\"/map.js\""));
    assert!(all.contains("id=\"ocop-map-data\""), "markers as JSON");
    assert!(
        !all.contains("tile.openstreetmap.org/{z}"),
        "no map code inline"
    );
    assert!(all.contains("rel=\"next\""), "more than one page");

    // The filter is a GET form: its address is the link to share.
    let (status, filtered) = shopper.page(&app, "/diem-ban?province=can-tho").await;
    assert_eq!(status, 200);
    assert!(
        filtered.contains("value=\"can-tho\" selected"),
        "the filter shows as chosen"
    );
    let cards = filtered.matches("class=\"sales-point-card\"").count();
    let (_, api) = app
        .get_json("/api/v1/sales-points?province=can-tho&active=true&limit=100")
        .await;
    assert_eq!(
        cards as u64,
        api["total"].as_u64().expect("total"),
        "only Cần Thơ's active ones"
    );
    let first_commune = api["items"][0]["commune_code"]
        .as_str()
        .expect("commune")
        .to_owned();
    let (status, by_commune) = shopper
        .page(
            &app,
            &format!("/diem-ban?province=can-tho&commune={first_commune}"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(by_commune.matches("class=\"sales-point-card\"").count() >= 1);

    // Nearest first with a position; an unreadable one is said, not a 500.
    let (status, near) = shopper.page(&app, "/diem-ban?near=10.03,105.78").await;
    assert_eq!(status, 200);
    assert!(near.contains(" km"), "distances shown");
    let (status, bad) = shopper
        .page(&app, "/diem-ban?near=abc&page=9999&province=nowhere")
        .await;
    assert_eq!(status, 200);
    assert!(bad.contains("notice warn"));

    let (status, map) = shopper.page(&app, "/ban-do").await;
    assert_eq!(status, 200);
    for layer in [
        "Chủ thể OCOP",
        "Sản phẩm du lịch OCOP",
        "Điểm bán OCOP",
        "Sự kiện sắp diễn ra",
    ] {
        assert!(map.contains(layer), "{layer} listed");
    }
    assert!(
        map.contains("chưa có vị trí trên bản đồ"),
        "producers without a position say so"
    );
    assert!(map.contains("/vendor/leaflet/leaflet.js"));
    let (status, dt) = shopper.page(&app, "/ban-do?province=dong-thap").await;
    assert_eq!(status, 200);
    assert!(dt.contains("Bản đồ số OCOP Đồng Tháp"));
    let (status, en) = shopper.page(&app, "/diem-ban?lang=en").await;
    assert_eq!(status, 200);
    assert!(
        en.contains("OCOP sales points") && en.contains("Near me"),
        "in English too"
    );
    let (status, en) = shopper.page(&app, "/ban-do?lang=en").await;
    assert_eq!(status, 200);
    assert!(en.contains("no map position yet"));
    let (status, _) = shopper.page(&app, "/diem-ban/DB99999").await;
    assert_eq!(status, 404);
    let (status, _) = shopper.page(&app, "/").await;
    assert_eq!(status, 200);

    // The API: public reads, paged per API.md.
    let (status, page) = app.get_json("/api/v1/sales-points?limit=500").await;
    assert_eq!(status, 200);
    assert_eq!(page["limit"], 100);
    assert!(
        page["total"].as_u64().expect("total")
            >= page["items"].as_array().expect("items").len() as u64
    );
    let (status, body) = app
        .get_json("/api/v1/sales-points?page=0&active=maybe")
        .await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["active"].is_array());
    let code = page["items"][0]["code"].as_str().expect("code").to_owned();
    let (status, one) = app.get_json(&format!("/api/v1/sales-points/{code}")).await;
    assert_eq!(status, 200);
    assert_eq!(one["code"], code.as_str());
    let (status, _) = app.get_json("/api/v1/sales-points/DB99999").await;
    assert_eq!(status, 404);
    let (_, doc) = app.get_json("/api/v1/openapi.json").await;
    for (path, method) in [
        ("/sales-points", "get"),
        ("/sales-points", "post"),
        ("/sales-points/{code}", "get"),
        ("/sales-points/{code}", "patch"),
    ] {
        assert!(
            doc["paths"][path][method].is_object(),
            "{method} {path} documented"
        );
    }
});

on_both_databases!(
    a_producer_places_its_stall_on_the_map,
    |backend| async move {
        let app = app(backend).await;
        let member = browser(&app, Some("htx.phusa@demo.chocop.vn")).await;
        let (status, profile) = member.page(&app, "/quan-ly/gian-hang").await;
        assert_eq!(status, 200);
        assert!(
            profile.contains("id=\"ocop-map\""),
            "the profile picks a position on a map"
        );
        let (status, body) = member
            .post_script(
                &app,
                "stall_save_location",
                &[("lat", "95"), ("lon", "105.7")],
            )
            .await;
        assert_eq!(status, 422, "{body}");
        let saved = member
            .post_form(
                &app,
                "stall_save_location",
                "/quan-ly/gian-hang",
                &[("lat", "10.0452"), ("lon", "105.7469")],
            )
            .await;
        assert!(!location(&saved).contains("__err"));
        let producer = producers::Entity::find()
            .filter(producers::Column::Code.eq("CT000001"))
            .one(&app.db)
            .await
            .expect("query")
            .expect("producer");
        assert_eq!(
            (producer.lat, producer.lon),
            (Some(10.0452), Some(105.7469))
        );
        let (_, map) = member.page(&app, "/ban-do?province=can-tho").await;
        let data_start = map.find("id=\"ocop-map-data\"").expect("map data");
        assert!(
            map[data_start..].contains(&producer.name),
            "the producer has a marker"
        );
    }
);
