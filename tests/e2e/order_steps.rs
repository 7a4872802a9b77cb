//! A producer moves its orders along (confirm, ship, deliver, cancel with a
//! reason) and a transfer is marked received after reconciliation, by the
//! producer or an officer of its area; nobody else may, and steps that do
//! not apply are refused without changing anything.

use app::demo::DEMO_PASSWORD;
use app::domain::{AuditAction, OrderStatus, PaymentStatus};
use app::entities::{order_status_history, orders, payments, producers, products};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use serde_json::{json, Value};
use tests::{csrf_in, on_both_databases, send_json, spawn_app, TestApp};

/// A fresh client signed in as `email`: (client, CSRF token).
async fn signed_in(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    app.signed_in_client(email, DEMO_PASSWORD).await
}

pub(crate) async fn post(
    app: &TestApp,
    who: &(reqwest::Client, String),
    path: &str,
    body: Value,
) -> (u16, Value) {
    let response = who
        .0
        .post(format!("{}{path}", app.address))
        .header("X-CSRF-Token", &who.1)
        .json(&body)
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A sellable product of producer `code` with at least 5 in stock.
pub(crate) async fn product_of(app: &TestApp, code: &str) -> products::Model {
    let producer = producers::Entity::find()
        .filter(producers::Column::Code.eq(code))
        .one(&app.db)
        .await
        .expect("query")
        .expect("producer");
    for product in products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer.id))
        .filter(products::Column::Stock.gte(5))
        .all(&app.db)
        .await
        .expect("products")
    {
        let (status, body) = app
            .get_json(&format!("/api/v1/products/{}", product.code))
            .await;
        if status == 200 && body["published"] == true && body["certification"]["valid"] == true {
            return product;
        }
    }
    panic!("{code} has a product on sale");
}

/// Places a checkout of 2 units of `code`; the order number.
pub(crate) async fn order(app: &TestApp, code: &str, payment: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/checkout", app.address))
        .json(&json!({
            "items": [{"code": code, "quantity": 2}],
            "contact": {"name": "Võ Thị Mai", "phone": "0912345678", "email": "mai@example.vn"},
            "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 2"},
            "payment": payment,
        }))
        .send()
        .await
        .expect("checkout");
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.expect("json");
    body["orders"][0]["number"]
        .as_str()
        .expect("number")
        .to_owned()
}

async fn stock(app: &TestApp, id: i64) -> i64 {
    products::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("product")
        .stock
}

on_both_databases!(a_producer_moves_its_orders, |backend| async move {
    let app = spawn_app(backend).await;
    let product = product_of(&app, "CT000001").await;
    let start = stock(&app, product.id).await;
    let number = order(&app, &product.code, "cod").await;
    let status_path = format!("/api/v1/stall/orders/{number}/status");

    // Signed out: 401. Another producer's member: the same 404 as no order.
    let response = reqwest::Client::new()
        .post(format!("{}{status_path}", app.address))
        .json(&json!({"status": "confirmed"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
    let other = signed_in(&app, "htx.thanhdat@demo.chocop.vn").await;
    let (status, _) = post(&app, &other, &status_path, json!({"status": "confirmed"})).await;
    assert_eq!(status, 404);
    // A shopper account is no better.
    let shopper = signed_in(&app, "nguoimua@demo.chocop.vn").await;
    let (status, _) = post(&app, &shopper, &status_path, json!({"status": "confirmed"})).await;
    assert_eq!(status, 404);

    let member = signed_in(&app, "htx.phusa@demo.chocop.vn").await;
    let list = send_json(member.0.get(format!(
        "{}/api/v1/stall/orders?status=pending_payment",
        app.address
    )))
    .await;
    assert_eq!(list["items"][0]["number"], number.as_str());
    assert_eq!(list["counts"]["pending_payment"], 1);

    // Out of order: refused, nothing changes.
    let (status, body) = post(&app, &member, &status_path, json!({"status": "delivered"})).await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = post(&app, &member, &status_path, json!({"status": "lost"})).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["status"].is_array());
    // Without the CSRF token: refused.
    let response = member
        .0
        .post(format!("{}{status_path}", app.address))
        .json(&json!({"status": "confirmed"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);

    for step in [
        json!({"status": "confirmed"}),
        json!({"status": "packed"}),
        json!({"status": "shipped", "carrier": "Viettel Post", "tracking_no": "VTP123456789"}),
        json!({"status": "delivered"}),
    ] {
        let (status, body) = post(&app, &member, &status_path, step.clone()).await;
        assert_eq!(status, 200, "{step}: {body}");
        assert_eq!(body["status"], step["status"]);
    }
    let saved = orders::Entity::find()
        .filter(orders::Column::Number.eq(number.as_str()))
        .one(&app.db)
        .await
        .expect("query")
        .expect("order");
    assert_eq!(saved.tracking_no.as_deref(), Some("VTP123456789"));
    assert!(
        saved.payment_received_at.is_some(),
        "cash collected at delivery"
    );
    let steps = order_status_history::Entity::find()
        .filter(order_status_history::Column::OrderId.eq(saved.id))
        .count(&app.db)
        .await
        .expect("count");
    assert_eq!(steps, 5, "placed + four steps");
    assert_eq!(stock(&app, product.id).await, start - 2, "sold stays sold");

    // A cancellation needs a reason and returns the stock at once.
    let second = order(&app, &product.code, "cod").await;
    let path = format!("/api/v1/stall/orders/{second}/status");
    let (status, _) = post(&app, &member, &path, json!({"status": "cancelled"})).await;
    assert_eq!(status, 422);
    assert_eq!(stock(&app, product.id).await, start - 4);
    let (status, _) = post(
        &app,
        &member,
        &path,
        json!({"status": "cancelled", "note": "Hết hàng mùa này"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(stock(&app, product.id).await, start - 2);
    let (status, _) = post(&app, &member, &path, json!({"status": "confirmed"})).await;
    assert_eq!(status, 409, "a cancelled order stays cancelled");
    let (_, page) = app.get_json(&format!("/api/v1/orders/{second}")).await;
    assert_eq!(
        page["error"]["code"], "not_found",
        "still private without its token"
    );
});

on_both_databases!(a_transfer_is_marked_received, |backend| async move {
    let app = spawn_app(backend).await;
    let product = product_of(&app, "CT000001").await;
    // The producer has a receiving account, so VietQR can be offered.
    let producer = producers::Entity::find_by_id(product.producer_id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("producer");
    let mut active = producer.into_active_model();
    active.bank_bin = Set(Some("970436".into()));
    active.bank_account_no = Set(Some("0071000123456".into()));
    active.bank_account_name = Set(Some("HTX PHU SA".into()));
    active.update(&app.db).await.expect("bank account");
    let number = order(&app, &product.code, "vietqr").await;
    let status_path = format!("/api/v1/stall/orders/{number}/status");
    let pay_path = format!("/api/v1/orders/{number}/payment");

    let member = signed_in(&app, "htx.phusa@demo.chocop.vn").await;
    let (status, body) = post(&app, &member, &status_path, json!({"status": "confirmed"})).await;
    assert_eq!(status, 409, "not paid yet: {body}");
    assert_eq!(body["error"]["code"], "not_paid");

    // An officer of another province cannot; the one of Cần Thơ can mark
    // it received but not ship it.
    let elsewhere = signed_in(&app, "canbo.dongthap@demo.chocop.vn").await;
    let (status, _) = post(&app, &elsewhere, &pay_path, json!({})).await;
    assert_eq!(status, 404);
    let officer = signed_in(&app, "canbo.cantho@demo.chocop.vn").await;
    let (status, body) = post(&app, &officer, &pay_path, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["status"], "confirmed",
        "a received transfer confirms the order"
    );
    let (status, body) = post(&app, &officer, &pay_path, json!({})).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "already_paid");
    let (status, _) = post(&app, &officer, &status_path, json!({"status": "shipped"})).await;
    assert_eq!(status, 403);

    let payment = payments::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("payment");
    assert_eq!(payment.status, PaymentStatus::Succeeded);
    assert!(payment.confirmed_by_user_id.is_some());
    let (status, _) = post(&app, &member, &status_path, json!({"status": "shipped"})).await;
    assert_eq!(status, 200);

    // The officer's step is in the audit log, once; the refused attempts and
    // the producer's own steps are not.
    let entry = tests::assert_audited(
        &app,
        AuditAction::OrderMoved,
        &number,
        "canbo.cantho@demo.chocop.vn",
    )
    .await;
    assert!(entry
        .before
        .as_deref()
        .is_some_and(|b| b.contains("pending_payment")));
    assert!(entry
        .after
        .as_deref()
        .is_some_and(|a| a.contains("payment_received")));
    assert_eq!(
        tests::audited(&app, AuditAction::OrderMoved, &number)
            .await
            .len(),
        1
    );
});

/// Signs in through the page's form on `app.client` (JavaScript off).
async fn sign_in_by_form(app: &TestApp, email: &str) {
    let response = app
        .post_plain_form(
            "sign_in",
            "/dang-nhap",
            &[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("next", "/quan-ly/don-hang"),
            ],
        )
        .await;
    assert_eq!(
        tests::location(&response),
        "/quan-ly/don-hang",
        "{email} signs in"
    );
}

on_both_databases!(
    the_stall_pages_move_an_order_without_javascript,
    |backend| async move {
        let app = spawn_app(backend).await;
        let product = product_of(&app, "CT000001").await;
        let number = order(&app, &product.code, "cod").await;

        // A visitor is asked to sign in; a shopper is told the page is not theirs.
        assert!(app
            .text("/quan-ly/don-hang")
            .await
            .contains("/dang-nhap?next=/quan-ly/don-hang"));
        sign_in_by_form(&app, "htx.thanhdat@demo.chocop.vn").await;
        let theirs = app.get(&format!("/quan-ly/don-hang/{number}")).await;
        assert_eq!(
            theirs.status(),
            404,
            "another producer's order is not found"
        );
        assert!(!app.text("/quan-ly/don-hang").await.contains(&number));

        let html = app.text("/tai-khoan/don-hang").await;
        let csrf = csrf_in(&html);
        let out = app
            .post_plain_form("sign_out", "/tai-khoan/don-hang", &[("csrf", &csrf)])
            .await;
        assert_eq!(tests::location(&out), "/");
        sign_in_by_form(&app, "htx.phusa@demo.chocop.vn").await;
        let list = app
            .text("/quan-ly/don-hang?trang-thai=pending_payment")
            .await;
        assert!(list.contains(&number), "the member's list has the order");
        let page_path = format!("/quan-ly/don-hang/{number}");
        let response = app.get(&page_path).await;
        assert!(
            tests::sends_referer_within_the_site(&response),
            "the steps' forms come back by their Referer"
        );
        let detail = app.text(&page_path).await;
        assert!(
            detail.contains("Xác nhận đơn"),
            "the step that applies is offered"
        );
        let csrf = csrf_in(&detail);

        let step = |status: &'static str, extra: Vec<(&'static str, &'static str)>| {
            let (app, csrf, number, page_path) =
                (&app, csrf.clone(), number.clone(), page_path.clone());
            async move {
                let mut form = vec![
                    ("csrf", csrf.as_str()),
                    ("number", number.as_str()),
                    ("status", status),
                ];
                form.extend(extra);
                app.post_plain_form("order_step", &page_path, &form).await
            }
        };
        let response = step("confirmed", vec![]).await;
        assert_eq!(
            tests::location(&response).trim_end_matches('?'),
            format!("{}{page_path}", app.address)
        );
        let response = step("cancelled", vec![]).await;
        assert!(
            tests::location(&response).contains("__err="),
            "a cancellation needs a reason"
        );
        let response = step(
            "shipped",
            vec![("carrier", "GHN"), ("tracking_no", "GHN778899")],
        )
        .await;
        assert!(!tests::location(&response).contains("__err="));
        let saved = orders::Entity::find()
            .filter(orders::Column::Number.eq(number.as_str()))
            .one(&app.db)
            .await
            .expect("query")
            .expect("order");
        assert_eq!(saved.status, OrderStatus::Shipped);
        assert_eq!(saved.carrier.as_deref(), Some("GHN"));
        let detail = app.text(&page_path).await;
        assert!(detail.contains("GHN778899"), "the tracking number is shown");
        assert!(
            detail.contains("Đã giao tới người mua"),
            "the next step is offered"
        );
    }
);

on_both_databases!(a_member_downloads_the_orders_as_csv, |backend| async move {
    let app = spawn_app(backend).await;
    let product = product_of(&app, "CT000001").await;
    let number = order(&app, &product.code, "cod").await;
    // A shopper's name that a spreadsheet would run as a formula.
    let response = reqwest::Client::new()
        .post(format!("{}/api/v1/checkout", app.address))
        .json(&json!({
            "items": [{"code": product.code, "quantity": 1}],
            "contact": {"name": "=HYPERLINK(\"http://x.example\")", "phone": "0912345678"},
            "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 2"},
            "payment": "cod",
        }))
        .send()
        .await
        .expect("checkout");
    assert_eq!(response.status(), 201);

    let shopper = signed_in(&app, "nguoimua@demo.chocop.vn").await;
    let response = shopper
        .0
        .get(format!("{}/api/v1/stall/orders.csv", app.address))
        .send()
        .await
        .expect("csv");
    assert_eq!(response.status(), 403);

    let member = signed_in(&app, "htx.phusa@demo.chocop.vn").await;
    let response = member
        .0
        .get(format!("{}/api/v1/stall/orders.csv", app.address))
        .send()
        .await
        .expect("csv");
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    assert!(response.headers()["content-disposition"]
        .to_str()
        .expect("disposition")
        .contains("attachment"));
    let bytes = response.bytes().await.expect("body");
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("so_don,trang_thai,thanh_toan,da_nhan_tien,tong_vnd,nguoi_nhan,dat_luc")
    );
    assert!(text.contains(&number));
    assert!(text.contains("Võ Thị Mai"));
    assert!(
        text.contains("'=HYPERLINK"),
        "the formula is made inert: {text}"
    );
    assert_eq!(text.lines().count(), 3, "header and two orders");
});
