//! `/quan-ly/so-lieu`: orders, revenue and product page views per month and
//! the best sellers, only ever the member's own producer; what counts as a
//! view.

use super::{browser, on_sale, PHUSA, SHOPPER, THANHDAT};
use app::entities::{orders, product_views};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};
use tests::{on_both_databases, spawn_app_with, TestApp};

/// Places an order of 2 units of `code` paid on delivery; its number and total.
async fn order(app: &TestApp, code: &str) -> (String, i64) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/checkout", app.address))
        .json(&json!({
            "items": [{"code": code, "quantity": 2}],
            "contact": {"name": "Võ Thị Mai", "phone": "0912345678"},
            "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 2"},
            "payment": "cod",
        }))
        .send()
        .await
        .expect("checkout");
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    let number = body["orders"][0]["number"]
        .as_str()
        .expect("number")
        .to_owned();
    let saved = orders::Entity::find()
        .filter(orders::Column::Number.eq(number.as_str()))
        .one(&app.db)
        .await
        .expect("query")
        .expect("order");
    (number, saved.total_vnd)
}

/// This month's (orders, revenue, views) in the numbers.
fn this_month(numbers: &Value) -> (i64, i64, i64) {
    let month = &numbers["Ready"]["months"][11];
    let now = Utc::now().with_timezone(&app::time::vn_offset());
    use chrono::Datelike;
    assert_eq!(
        (month["year"].as_i64(), month["month"].as_i64()),
        (Some(i64::from(now.year())), Some(i64::from(now.month()))),
        "{numbers}"
    );
    let n = |k: &str| month[k].as_i64().expect("number");
    (n("orders"), n("revenue_vnd"), n("views"))
}

on_both_databases!(
    the_numbers_count_orders_revenue_and_views,
    |backend| async move {
        // Pages stay in the page cache for ten minutes: a kept copy is
        // served without building the page, and is not counted.
        let app = spawn_app_with(backend, |s| s.page_cache_seconds = 600).await;
        let visitor = browser(&app, None).await;
        assert_eq!(visitor.numbers(&app).await, json!("SignedOut"));
        assert!(visitor
            .page(&app, "/quan-ly/so-lieu")
            .await
            .contains("/dang-nhap?next=/quan-ly/so-lieu"));
        let shopper = browser(&app, Some(SHOPPER)).await;
        assert_eq!(shopper.numbers(&app).await, json!("NotAllowed"));
        assert!(shopper
            .page(&app, "/quan-ly/so-lieu")
            .await
            .contains("dành cho thành viên của chủ thể OCOP"));

        let phusa = browser(&app, Some(PHUSA)).await;
        let thanhdat = browser(&app, Some(THANHDAT)).await;
        let before = this_month(&phusa.numbers(&app).await);
        let theirs_before = this_month(&thanhdat.numbers(&app).await);

        let product = on_sale(&app, "CT000001").await;
        let (_, total) = order(&app, &product.code).await;
        let (cancelled, _) = order(&app, &product.code).await;
        let response = phusa
            .client
            .post(format!(
                "{}/api/v1/stall/orders/{cancelled}/status",
                app.address
            ))
            .header("X-CSRF-Token", &phusa.csrf)
            .json(&json!({"status": "cancelled", "note": "Hết hàng"}))
            .send()
            .await
            .expect("cancel");
        assert_eq!(response.status(), 200);

        let numbers = phusa.numbers(&app).await;
        let after = this_month(&numbers);
        assert_eq!(
            after.0 - before.0,
            1,
            "one order counts, the cancelled one not"
        );
        assert_eq!(after.1 - before.1, total, "revenue is the order's total");
        assert_eq!(
            numbers["Ready"]["months"].as_array().map(Vec::len),
            Some(12)
        );
        let best = &numbers["Ready"]["best"];
        assert!(
            best.as_array()
                .expect("best")
                .iter()
                .any(|b| b["code"] == product.code.as_str() && b["units"] == 2),
            "{best}"
        );
        assert_eq!(
            this_month(&thanhdat.numbers(&app).await),
            theirs_before,
            "another producer's numbers do not move"
        );
        let page = phusa.page(&app, "/quan-ly/so-lieu").await;
        assert!(
            page.contains("<svg") && page.contains("<table"),
            "chart and table"
        );
        assert!(page.contains(&app::components::format_money(after.1)));
        assert!(
            page.contains("aria-current=\"page\""),
            "the stall nav marks the page"
        );

        // Views: a page built on the server counts, and so does the page's
        // data fetched by a reader navigating on the site; HEAD and a kept
        // copy do not.
        let path = format!("/san-pham/{}", product.slug);
        let views = |app: &TestApp| {
            let db = app.db.clone();
            let id = product.id;
            async move {
                product_views::Entity::find()
                    .filter(product_views::Column::ProductId.eq(id))
                    .all(&db)
                    .await
                    .expect("views")
                    .iter()
                    .map(|v| v.views)
                    .sum::<i64>()
            }
        };
        assert_eq!(views(&app).await, 0);
        // The orders above changed the catalog (stock): the index applies
        // those changes and drops the page cache when it does. Let it catch
        // up first, so the second request below can be served from the cache.
        let head = app::entities::search_outbox::Entity::find()
            .order_by_desc(app::entities::search_outbox::Column::Id)
            .one(&app.db)
            .await
            .expect("outbox")
            .map_or(0, |e| e.id as u64);
        for _ in 0..200 {
            if app.search.last_outbox_id().ok().flatten().unwrap_or(0) >= head {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let first = visitor
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("page");
        assert_eq!(first.status(), 200);
        assert_eq!(
            first.headers()[server::http::page_cache::CACHE_HEADER],
            "miss"
        );
        assert_eq!(views(&app).await, 1);
        let kept = visitor
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .expect("page");
        assert_eq!(
            kept.headers()[server::http::page_cache::CACHE_HEADER],
            "hit"
        );
        assert_eq!(views(&app).await, 1, "a kept copy is not counted");
        let head = visitor
            .client
            .head(format!("{}{path}", app.address))
            .send()
            .await
            .expect("head");
        assert_eq!(head.status(), 200);
        assert_eq!(views(&app).await, 1, "HEAD is not counted");
        let fetched = visitor
            .client
            .post(format!("{}/api/fn/product_page", app.address))
            .form(&[("slug", product.slug.as_str())])
            .send()
            .await
            .expect("data");
        assert_eq!(fetched.status(), 200);
        assert_eq!(views(&app).await, 2);
        let rows = product_views::Entity::find()
            .filter(product_views::Column::ProductId.eq(product.id))
            .count(&app.db)
            .await
            .expect("count");
        assert_eq!(rows, 1, "one row per product and day");
        assert_eq!(this_month(&phusa.numbers(&app).await).2 - before.2, 2);
        assert_eq!(this_month(&thanhdat.numbers(&app).await).2, theirs_before.2);
    }
);
