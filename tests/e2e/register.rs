//! The certification register (`/can-bo/chung-nhan`, `/api/v1/certifications`):
//! states computed from the dates, scoped to the officer's area, a product's
//! history, recording a renewal, and the CSV download.

use app::entities::{certifications, producers, products, provinces};
use chrono::Months;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use tests::{on_both_databases, spawn_app, TestApp};

const PASSWORD: &str = "ocop-demo-2026";
const CAN_THO: &str = "canbo.cantho@demo.chocop.vn";

/// A client without redirects, signed in through the API: it and its CSRF token.
async fn signed_in(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = tests::browser();
    let response = client
        .post(format!("{}/api/v1/auth/login", app.address))
        .json(&serde_json::json!({ "email": email, "password": PASSWORD }))
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    (
        client,
        body["csrf_token"].as_str().expect("csrf").to_owned(),
    )
}

async fn get(app: &TestApp, client: &reqwest::Client, path: &str) -> (u16, String) {
    let response = client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

/// A product of `province` whose latest decision lapsed before today.
async fn lapsed_product(app: &TestApp, province: &str) -> String {
    let province = provinces::Entity::find()
        .filter(provinces::Column::Name.eq(province))
        .one(&app.db)
        .await
        .expect("query")
        .expect("province");
    let today = crate::oracle::today();
    let area_products = products::Entity::find()
        .inner_join(producers::Entity)
        .filter(producers::Column::ProvinceId.eq(province.id))
        .order_by_asc(products::Column::Code)
        .all(&app.db)
        .await
        .expect("products");
    for p in area_products {
        let latest = certifications::Entity::find()
            .filter(certifications::Column::ProductId.eq(p.id))
            .filter(certifications::Column::DecidedOn.lte(today))
            .order_by_desc(certifications::Column::DecidedOn)
            .one(&app.db)
            .await
            .expect("query");
        if latest.is_some_and(|c| {
            c.decided_on
                .checked_add_months(Months::new(36))
                .expect("date")
                <= today
        }) {
            return p.code;
        }
    }
    panic!("the sample has a lapsed product in {}", province.name);
}

on_both_databases!(
    the_register_follows_the_dates_and_the_area,
    |backend| async move {
        let app = spawn_app(backend).await;
        let (officer, csrf) = signed_in(&app, CAN_THO).await;

        // Every state of the API agrees with the dates, and only Cần Thơ's.
        let today = crate::oracle::today();
        let mut seen = 0;
        for state in ["valid", "expiring", "lapsed"] {
            let (status, body) = get(
                &app,
                &officer,
                &format!("/api/v1/certifications?state={state}&limit=100"),
            )
            .await;
            assert_eq!(status, 200, "{body}");
            let body: Value = serde_json::from_str(&body).expect("json");
            seen += body["total"].as_u64().expect("total");
            for item in body["items"].as_array().expect("items") {
                assert_eq!(item["state"], state);
                let ends: chrono::NaiveDate = item["expires_on"]
                    .as_str()
                    .expect("date")
                    .parse()
                    .expect("date");
                let days = (ends - today).num_days();
                match state {
                    "lapsed" => assert!(days <= 0, "{item}"),
                    "expiring" => assert!((1..=90).contains(&days), "{item}"),
                    _ => assert!(days > 90, "{item}"),
                }
                let code = item["product_code"].as_str().expect("code");
                let product = products::Entity::find()
                    .filter(products::Column::Code.eq(code))
                    .find_also_related(producers::Entity)
                    .one(&app.db)
                    .await
                    .expect("query")
                    .expect("product");
                let province = product.1.expect("producer").province_id;
                let can_tho = provinces::Entity::find()
                    .filter(provinces::Column::Name.eq("Cần Thơ"))
                    .one(&app.db)
                    .await
                    .expect("query")
                    .expect("province");
                assert_eq!(province, can_tho.id, "{code} is Cần Thơ's");
            }
        }
        let (_, all) = get(&app, &officer, "/api/v1/certifications").await;
        let all: Value = serde_json::from_str(&all).expect("json");
        assert_eq!(
            all["total"].as_u64(),
            Some(seen),
            "the states partition the register"
        );

        // The page lists the same with its tabs; the CSV holds every row.
        let (status, html) =
            get(&app, &officer, "/can-bo/chung-nhan?trang-thai=het-hieu-luc").await;
        assert_eq!(status, 200);
        assert!(html.contains("Sổ chứng nhận sản phẩm OCOP"));
        assert!(html.contains("aria-current=\"page\""));
        let response = officer
            .get(format!("{}/api/v1/certifications.csv", app.address))
            .send()
            .await
            .expect("csv");
        assert_eq!(response.status(), 200);
        let csv = response.text().await.expect("csv");
        assert_eq!(
            csv.lines().count() as u64,
            seen + 1,
            "a header and every row"
        );
        assert!(csv.starts_with("\u{feff}ma_san_pham,"));

        // A lapsed product of Cần Thơ: its history, then a renewal recorded.
        let code = lapsed_product(&app, "Cần Thơ").await;
        let (status, html) = get(&app, &officer, &format!("/can-bo/chung-nhan/{code}")).await;
        assert_eq!(status, 200);
        assert!(html.contains("Hết hiệu lực"), "lapsed today");
        assert!(html.contains("Công nhận mới"), "its first decision");
        let decided = today.format("%Y-%m-%d").to_string();
        let response = officer
            .post(format!("{}/api/fn/officer_certify", app.address))
            .header(reqwest::header::ACCEPT, "text/html")
            .header(reqwest::header::ORIGIN, &app.address)
            .header(
                reqwest::header::REFERER,
                format!("{}/can-bo/chung-nhan/{code}", app.address),
            )
            .form(&[
                ("csrf", csrf.as_str()),
                ("code", code.as_str()),
                ("stars", "4"),
                ("score", "75"),
                ("decision_no", "99/QĐ-UBND"),
                ("decided_on", decided.as_str()),
            ])
            .send()
            .await
            .expect("certify");
        assert!(response.status().is_redirection(), "{}", response.status());
        let entry = tests::assert_audited(
            &app,
            app::domain::AuditAction::ProductCertified,
            &code,
            CAN_THO,
        )
        .await;
        assert!(entry
            .after
            .as_deref()
            .is_some_and(|a| a.contains("99/QĐ-UBND")));
        let (_, html) = get(&app, &officer, &format!("/can-bo/chung-nhan/{code}")).await;
        assert!(html.contains("Còn hiệu lực"), "valid again");
        assert!(html.contains("99/QĐ-UBND"));
        assert!(
            html.contains("Tái công nhận")
                || html.contains("Thăng hạng")
                || html.contains("Hạ hạng"),
            "the new decision is named by the one before"
        );
        let (_, renewed) = get(
            &app,
            &officer,
            &format!("/api/v1/certifications?state=renewed&q={code}"),
        )
        .await;
        let renewed: Value = serde_json::from_str(&renewed).expect("json");
        assert_eq!(renewed["total"], 1, "{renewed}");

        // Another province's product is not found; other readers get nothing.
        let other = lapsed_product(&app, "Đồng Tháp").await;
        let (status, html) = get(&app, &officer, &format!("/can-bo/chung-nhan/{other}")).await;
        assert_eq!(status, 404);
        assert!(
            !html.contains("Ghi nhận quyết định mới"),
            "nothing of it shown"
        );
        let (status, _) = get(&app, &reqwest::Client::new(), "/api/v1/certifications").await;
        assert_eq!(status, 401);
        let (shopper, _) = signed_in(&app, "nguoimua@demo.chocop.vn").await;
        let (status, _) = get(&app, &shopper, "/api/v1/certifications.csv").await;
        assert_eq!(status, 403);
        let (_, html) = get(&app, &shopper, "/can-bo/chung-nhan").await;
        assert!(
            html.contains("dành cho cán bộ OCOP"),
            "the page says who it is for"
        );
        let (status, body) = get(&app, &officer, "/api/v1/certifications?state=soon").await;
        assert_eq!(status, 422, "{body}");
    }
);
