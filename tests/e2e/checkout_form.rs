//! The cart and checkout pages as a browser without JavaScript uses them:
//! plain form posts that answer with redirects, the session's CSRF token in
//! a hidden field, a refused form that comes back filled in, the province
//! button that brings its communes, a double submit that orders once, and
//! the same forms sent by script answering with their status and JSON.

use app::entities::{cart_items, checkouts, communes, orders, products, provinces, sessions};
use reqwest::header::{ACCEPT, ORIGIN};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::Value;
use tests::{form_field, location, on_both_databases, spawn_app, TestApp};

async fn page(app: &TestApp, path: &str) -> String {
    let path = path.strip_prefix(app.address.as_str()).unwrap_or(path);
    let response = app.get(path).await;
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.expect("body")
}

/// Two sellable products of different producers with stock.
async fn two_products(app: &TestApp) -> Vec<products::Model> {
    let (_, list) = app.get_json("/api/v1/products?limit=100").await;
    let mut chosen: Vec<products::Model> = Vec::new();
    for item in list["items"].as_array().expect("items") {
        let product = products::Entity::find()
            .filter(products::Column::Code.eq(item["code"].as_str().expect("code")))
            .one(&app.db)
            .await
            .expect("query")
            .expect("product");
        if product.stock >= 5 && chosen.iter().all(|c| c.producer_id != product.producer_id) {
            chosen.push(product);
        }
        if chosen.len() == 2 {
            break;
        }
    }
    assert_eq!(chosen.len(), 2);
    chosen
}

async fn can_tho(app: &TestApp) -> (String, String) {
    let province = provinces::Entity::find()
        .filter(provinces::Column::Name.eq("Cần Thơ"))
        .one(&app.db)
        .await
        .expect("query")
        .expect("Cần Thơ");
    let commune = communes::Entity::find()
        .filter(communes::Column::ProvinceId.eq(province.id))
        .order_by_asc(communes::Column::Id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("a commune");
    (province.code, commune.code)
}

on_both_databases!(guest_buys_with_javascript_off, |backend| async move {
    let app = spawn_app(backend).await;
    let [a, b] = <[products::Model; 2]>::try_from(two_products(&app).await).expect("two");

    // The product page is served to a visitor without a session: its form
    // has no token, and the first add starts a guest session.
    let product_page = format!("/san-pham/{}", a.slug);
    let html = page(&app, &product_page).await;
    assert!(
        html.contains("action=\"/api/fn/cart_add\""),
        "add-to-cart form"
    );
    let response = app
        .post_plain_form(
            "cart_add",
            &product_page,
            &[("csrf", ""), ("code", &a.code), ("quantity", "2")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/gio-hang");
    assert!(
        response.headers().get("set-cookie").is_some(),
        "a guest session starts"
    );

    // From now on the pages carry the session's token; a post without it is refused.
    let cart = page(&app, "/gio-hang").await;
    assert!(cart.contains(&a.name), "the cart lists the product");
    let csrf = form_field(&cart, "csrf").expect("csrf field");
    assert_eq!(csrf.len(), 64);
    let page_b = format!("/san-pham/{}", b.slug);
    let response = app
        .post_plain_form(
            "cart_add",
            &page_b,
            &[("csrf", "wrong"), ("code", &b.code), ("quantity", "1")],
        )
        .await;
    assert_eq!(response.status(), 302);
    assert!(
        location(&response).contains("__err="),
        "refusal travels back in the address"
    );
    assert_eq!(
        cart_items::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        1
    );
    let refused = page(&app, &location(&response)).await;
    assert!(refused.contains("CSRF"), "the refusal is shown");

    let response = app
        .post_plain_form(
            "cart_add",
            &page_b,
            &[("csrf", &csrf), ("code", &b.code), ("quantity", "1")],
        )
        .await;
    assert_eq!(location(&response), "/gio-hang");
    // A quantity typed as nonsense is refused with a message, nothing changes.
    let response = app
        .post_plain_form(
            "cart_update",
            "/gio-hang",
            &[("csrf", &csrf), ("code", &b.code), ("quantity", "mười")],
        )
        .await;
    assert!(location(&response).contains("__err="));
    let shown = page(&app, &location(&response)).await;
    assert!(
        shown.contains("Số lượng phải là số nguyên từ 1 đến 999."),
        "message in Vietnamese"
    );
    let response = app
        .post_plain_form(
            "cart_update",
            "/gio-hang",
            &[("csrf", &csrf), ("code", &b.code), ("quantity", "3")],
        )
        .await;
    assert_eq!(location(&response), "/gio-hang");

    // Checkout: a wrong phone comes back with everything typed kept.
    let (province, commune) = can_tho(&app).await;
    // A refused form without JavaScript comes back by its Referer: the
    // checkout page must not withhold it.
    let response = app.get("/thanh-toan").await;
    assert!(tests::sends_referer_within_the_site(&response));
    let form = page(&app, "/thanh-toan").await;
    let token = form_field(&form, "form_token").expect("form token");
    let cart_hash = form_field(&form, "cart_hash").expect("cart hash");
    let mut values = vec![
        ("csrf", csrf.clone()),
        ("form_token", token.clone()),
        ("cart_hash", cart_hash.clone()),
        ("name", "Trần Văn Bình".to_owned()),
        ("phone", "12345".to_owned()),
        ("email", "binh@example.vn".to_owned()),
        ("delivery", "ship".to_owned()),
        ("province", province.clone()),
        ("commune", String::new()),
        ("street", "Số 5, đường 30/4".to_owned()),
        ("payment", "cod".to_owned()),
    ];
    let send = |values: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_plain_form("place_order", "/thanh-toan", &pairs)
                .await
        }
    };
    let response = send(values.clone()).await;
    assert_eq!(response.status(), 302);
    let back = location(&response);
    assert!(
        back.starts_with(&format!("{}/thanh-toan?", app.address)) && back.contains("__err="),
        "{back}"
    );
    let again = page(&app, &back).await;
    assert_eq!(
        form_field(&again, "name").as_deref(),
        Some("Trần Văn Bình"),
        "name kept"
    );
    assert_eq!(
        form_field(&again, "street").as_deref(),
        Some("Số 5, đường 30/4"),
        "street kept"
    );
    assert!(
        again.contains("phone-error"),
        "the phone's problem is next to it"
    );
    assert_eq!(
        checkouts::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        0
    );

    // The province button (no JavaScript) brings the province's communes.
    let mut with_intent = values.clone();
    with_intent.push(("intent", "province".to_owned()));
    let response = send(with_intent).await;
    assert_eq!(location(&response), "/thanh-toan");
    let again = page(&app, "/thanh-toan").await;
    assert!(
        again.contains(&format!("value=\"{commune}\"")),
        "communes of Cần Thơ offered"
    );

    // Fixed: the order is placed; the browser goes to the confirmation.
    values[4].1 = "0912 345 678".to_owned();
    values[8].1 = commune.clone();
    let response = send(values.clone()).await;
    assert_eq!(response.status(), 302);
    let confirmation = location(&response);
    assert!(confirmation.starts_with("/dat-hang/"), "{confirmation}");
    // A double click sends the same form again: same answer, one checkout.
    let response = send(values.clone()).await;
    assert_eq!(location(&response), confirmation);
    assert_eq!(
        checkouts::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        orders::Entity::find().count(&app.db).await.expect("count"),
        2
    );
    assert_eq!(
        cart_items::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        0,
        "cart emptied"
    );

    let done = page(&app, &confirmation).await;
    assert!(done.contains("Đặt hàng thành công"));
    let numbers: Vec<String> = orders::Entity::find()
        .all(&app.db)
        .await
        .expect("orders")
        .into_iter()
        .map(|o| o.number)
        .collect();
    for number in &numbers {
        assert!(
            done.contains(number.as_str()),
            "confirmation lists {number}"
        );
    }
    // Each order's link opens the order page, cash on delivery awaiting the seller.
    let link = done
        .split("href=\"")
        .find(|s| s.starts_with("/don-hang/"))
        .map(|s| s[..s.find('"').expect("quote")].replace("&amp;", "&"))
        .expect("order link");
    let order = page(&app, &link).await;
    assert!(order.contains("Chờ xác nhận"));
    // Without the token the confirmation is a 404.
    let bare = confirmation.split('?').next().expect("path");
    assert_eq!(app.get(bare).await.status(), 404);
    let stock_after = products::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("a")
        .stock;
    assert_eq!(stock_after, a.stock - 2);
});

on_both_databases!(checkout_form_by_script, |backend| async move {
    let app = spawn_app(backend).await;
    let [a, _] = <[products::Model; 2]>::try_from(two_products(&app).await).expect("two");
    // A script (ActionForm) asks for JSON: no redirects, statuses and JSON.
    let send = |action: &'static str, form: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            app.client
                .post(format!("{}/api/fn/{action}", app.address))
                .header(ACCEPT, "application/json")
                .header(ORIGIN, &app.address)
                .form(&form)
                .send()
                .await
                .expect("request")
        }
    };
    let response = send(
        "cart_add",
        vec![("code", a.code.clone()), ("quantity", "1".into())],
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), "1");
    let form = page(&app, "/thanh-toan").await;
    let csrf = form_field(&form, "csrf").expect("csrf");
    let token = form_field(&form, "form_token").expect("token");
    let cart_hash = form_field(&form, "cart_hash").expect("hash");

    // The price moves after the page was shown: nothing is ordered, the
    // shopper is told.
    let mut product = products::Entity::find_by_id(a.id)
        .one(&app.db)
        .await
        .expect("q")
        .expect("a")
        .into_active_model();
    product.price_vnd = Set(a.price_vnd + 10_000);
    product.update(&app.db).await.expect("price change");
    let (province, commune) = can_tho(&app).await;
    let values = vec![
        ("csrf", csrf.clone()),
        ("form_token", token.clone()),
        ("cart_hash", cart_hash),
        ("name", "Lê Thị Hoa".to_owned()),
        ("phone", "0987654321".to_owned()),
        ("delivery", "ship".to_owned()),
        ("province", province),
        ("commune", commune),
        ("street", "Ấp 3".to_owned()),
        ("payment", "cod".to_owned()),
    ];
    let response = send("place_order", values.clone()).await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("Giỏ hàng đã thay đổi"),
        "{body}"
    );
    assert_eq!(
        checkouts::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        0
    );

    // An expired session: a clear message, not an error page.
    sessions::Entity::delete_many()
        .exec(&app.db)
        .await
        .expect("sessions gone");
    let response = send("place_order", values).await;
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.expect("json");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .contains("hết hạn"),
        "{body}"
    );

    // A post from another site without a session starts nothing.
    let response = app
        .client
        .post(format!("{}/api/fn/cart_add", app.address))
        .header(ACCEPT, "application/json")
        .header(ORIGIN, "https://evil.example")
        .form(&[("code", a.code.as_str())])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);
    assert!(response.headers().get("set-cookie").is_none());
});
