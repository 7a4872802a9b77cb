//! `/api/v1/checkout` and `/api/v1/orders`: one order per producer, stock
//! that cannot be oversold however many buy at once, idempotent retries,
//! VietQR payloads a bank can read, holds that run out, and bad input that
//! changes nothing.

use app::entities::{mail_outbox, orders, producers, products, stock_reservations};
use app::vietqr::parse_fields;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, Set,
};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use tests::{on_both_databases, spawn_app, TestApp};

/// Sellable products (certified, published) from `n` different producers,
/// each with at least `min_stock` units: (code, producer id).
pub(crate) async fn products_of_distinct_producers(
    app: &TestApp,
    n: usize,
    min_stock: i64,
) -> Vec<products::Model> {
    let (_, list) = app.get_json("/api/v1/products?limit=100").await;
    let mut seen = HashSet::new();
    let mut chosen = Vec::new();
    for item in list["items"].as_array().expect("items") {
        let code = item["code"].as_str().expect("code");
        let product = products::Entity::find()
            .filter(products::Column::Code.eq(code))
            .one(&app.db)
            .await
            .expect("query")
            .expect("product");
        if product.stock >= min_stock && seen.insert(product.producer_id) {
            chosen.push(product);
        }
        if chosen.len() == n {
            break;
        }
    }
    assert_eq!(chosen.len(), n, "the sample has enough sellable products");
    chosen
}

pub(crate) fn order_body(items: &[(&str, i64)], payment: &str) -> Value {
    json!({
        "items": items.iter().map(|(code, q)| json!({"code": code, "quantity": q})).collect::<Vec<_>>(),
        "contact": {"name": "Nguyễn Thị Lan", "phone": "0912 345 678", "email": "lan@example.vn"},
        "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 7"},
        "payment": payment,
    })
}

pub(crate) async fn post_checkout(app: &TestApp, body: &Value, key: Option<&str>) -> (u16, Value) {
    let mut request = app
        .client
        .post(format!("{}/api/v1/checkout", app.address))
        .json(body);
    if let Some(key) = key {
        request = request.header("Idempotency-Key", key);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Stock of every product, by id.
pub(crate) async fn stock_by_product(
    db: &DatabaseConnection,
) -> std::collections::HashMap<i64, i64> {
    products::Entity::find()
        .all(db)
        .await
        .expect("products")
        .into_iter()
        .map(|p| (p.id, p.stock))
        .collect()
}

/// Quantity ordered of every product, by id, over all orders: with the
/// stock left, it must give back the starting stock.
pub(crate) async fn ordered_by_product(
    db: &DatabaseConnection,
) -> std::collections::HashMap<i64, i64> {
    let mut sum = std::collections::HashMap::new();
    for item in app::entities::order_items::Entity::find()
        .all(db)
        .await
        .expect("items")
    {
        *sum.entry(item.product_id).or_insert(0) += i64::from(item.quantity);
    }
    sum
}

pub(crate) async fn stock_of(db: &DatabaseConnection, id: i64) -> i64 {
    products::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("query")
        .expect("product")
        .stock
}

async fn set_stock(db: &DatabaseConnection, product: &products::Model, stock: i64) {
    let mut active = product.clone().into_active_model();
    active.stock = Set(stock);
    active.update(db).await.expect("stock set");
}

async fn order_count(db: &DatabaseConnection) -> u64 {
    orders::Entity::find().count(db).await.expect("count")
}

on_both_databases!(
    two_producers_make_two_orders_readable_by_their_link,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 2, 3).await;
        let (a, b) = (&chosen[0], &chosen[1]);
        let body = order_body(&[(&a.code, 2), (&b.code, 1)], "cod");
        let (status, placed) = post_checkout(&app, &body, None).await;
        assert_eq!(status, 201, "{placed}");
        let orders_json = placed["orders"].as_array().expect("orders");
        assert_eq!(orders_json.len(), 2);
        let mut grand = 0;
        for order in orders_json {
            let subtotal: i64 = order["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["unit_price_vnd"].as_i64().unwrap() * i["quantity"].as_i64().unwrap())
                .sum();
            assert_eq!(order["subtotal_vnd"].as_i64().unwrap(), subtotal);
            assert_eq!(
                order["total_vnd"].as_i64().unwrap(),
                subtotal + order["shipping_vnd"].as_i64().unwrap()
            );
            assert_eq!(order["status"], "pending_payment");
            grand += order["total_vnd"].as_i64().unwrap();
        }
        assert_eq!(placed["total_vnd"].as_i64().unwrap(), grand);
        // Server prices, whatever was in stock before.
        let line_a = orders_json
            .iter()
            .flat_map(|o| o["items"].as_array().unwrap())
            .find(|i| i["code"] == a.code.as_str())
            .unwrap();
        assert_eq!(line_a["unit_price_vnd"].as_i64().unwrap(), a.price_vnd);
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 2);
        assert_eq!(stock_of(&app.db, b.id).await, b.stock - 1);

        // The guest reads each order with the link's token, nobody without it.
        let token = placed["access_token"].as_str().unwrap();
        let number = orders_json[0]["number"].as_str().unwrap();
        let (status, order) = app
            .get_json(&format!("/api/v1/orders/{number}?token={token}"))
            .await;
        assert_eq!(status, 200, "{order}");
        assert_eq!(order["number"], number);
        assert_eq!(order["history"][0]["status"], "pending_payment");
        assert!(order["delivery_address"]
            .as_str()
            .unwrap()
            .contains("Thới Lai"));
        for path in [
            format!("/api/v1/orders/{number}"),
            format!("/api/v1/orders/{number}?token=wrong"),
            format!("/api/v1/orders/DH000000AAAAAA?token={token}"),
        ] {
            let (status, _) = app.get_json(&path).await;
            assert_eq!(status, 404, "{path}");
        }

        // The shopper and each producer are told, through the outbox, and
        // without an SMTP server the messages land as .eml files.
        let queued = mail_outbox::Entity::find().count(&app.db).await.unwrap();
        assert!(queued >= 1);
        let mail_dir = app.data_dir.join("mail");
        let deadline = Instant::now() + Duration::from_secs(10);
        let shopper_mail = loop {
            let found = std::fs::read_dir(&mail_dir)
                .into_iter()
                .flatten()
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .find(|text| text.contains("lan@example.vn"));
            if let Some(text) = found {
                break text;
            }
            assert!(Instant::now() < deadline, "no .eml written in {mail_dir:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(shopper_mail.contains(number), "{shopper_mail}");
    }
);

on_both_databases!(
    an_out_of_stock_line_rejects_the_whole_checkout,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 2, 1).await;
        let (a, b) = (&chosen[0], &chosen[1]);
        set_stock(&app.db, b, 1).await;
        let before = order_count(&app.db).await;
        let (status, body) = post_checkout(
            &app,
            &order_body(&[(&a.code, 1), (&b.code, 2)], "cod"),
            None,
        )
        .await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "out_of_stock");
        assert_eq!(
            body["error"]["items"],
            json!([{"code": b.code, "available": 1}])
        );
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("chỉ còn 1"));
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
        assert_eq!(stock_of(&app.db, b.id).await, 1);
        assert_eq!(order_count(&app.db).await, before);
        let held = stock_reservations::Entity::find()
            .count(&app.db)
            .await
            .unwrap();
        assert_eq!(held, 0);
    }
);

on_both_databases!(
    a_replayed_idempotency_key_returns_the_first_result,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let a = &chosen[0];
        let body = order_body(&[(&a.code, 1)], "cod");
        let key = "9b0c8f0e-2f6a-4c59-9d0e-6a1f3b7c2d11";
        let (first_status, first) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!(first_status, 201, "{first}");
        let (again_status, again) = post_checkout(&app, &body, Some(key)).await;
        assert_eq!(again_status, 200);
        assert_eq!(again, first);
        assert_eq!(order_count(&app.db).await, 1);
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);

        // The same key with another order is refused, not answered with the first.
        let other = order_body(&[(&a.code, 2)], "cod");
        let (status, refused) = post_checkout(&app, &other, Some(key)).await;
        assert_eq!(status, 409, "{refused}");
        assert_eq!(refused["error"]["code"], "idempotency_key_reused");
        assert_eq!(order_count(&app.db).await, 1);

        // A double click: the same key at the same moment makes one checkout.
        let key2 = "double-click-2";
        let (x, y) = tokio::join!(
            post_checkout(&app, &body, Some(key2)),
            post_checkout(&app, &body, Some(key2))
        );
        let mut statuses = [x.0, y.0];
        statuses.sort();
        assert_eq!(statuses, [200, 201]);
        assert_eq!(x.1, y.1);
        assert_eq!(order_count(&app.db).await, 2);
    }
);

on_both_databases!(
    two_hundred_buyers_for_ten_units_make_ten_orders,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 0).await;
        let product = &chosen[0];
        set_stock(&app.db, product, 10).await;
        let body = order_body(&[(&product.code, 1)], "cod");
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let client = reqwest::Client::new();
            let url = format!("{}/api/v1/checkout", app.address);
            let body = body.clone();
            tasks.push(tokio::spawn(async move {
                let response = client.post(url).json(&body).send().await.expect("request");
                let status = response.status().as_u16();
                let body: Value = response.json().await.unwrap_or(Value::Null);
                (status, body)
            }));
        }
        let mut created = 0;
        let mut sold_out = 0;
        for task in tasks {
            let (status, body) = task.await.expect("task");
            match status {
                201 => created += 1,
                409 => {
                    assert_eq!(body["error"]["code"], "out_of_stock", "{body}");
                    sold_out += 1;
                }
                other => panic!("unexpected {other}: {body}"),
            }
        }
        let elapsed = started.elapsed();
        println!(
            "{backend:?}: 200 concurrent checkouts in {:.2} s ({:.0} requests/s)",
            elapsed.as_secs_f64(),
            200.0 / elapsed.as_secs_f64()
        );
        assert_eq!((created, sold_out), (10, 190));
        assert_eq!(stock_of(&app.db, product.id).await, 0);
        let held: Vec<stock_reservations::Model> = stock_reservations::Entity::find()
            .filter(stock_reservations::Column::ProductId.eq(product.id))
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(held.iter().map(|h| i64::from(h.quantity)).sum::<i64>(), 10);
        assert_eq!(order_count(&app.db).await, 10);
    }
);

on_both_databases!(
    a_vietqr_checkout_gets_a_payload_its_bank_can_read,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let a = &chosen[0];
        // Without a bank account the producer cannot take transfers.
        let (status, refused) =
            post_checkout(&app, &order_body(&[(&a.code, 1)], "vietqr"), None).await;
        assert_eq!(status, 422, "{refused}");
        assert!(refused["error"]["fields"]["payment"].is_array());

        let producer = producers::Entity::find_by_id(a.producer_id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let mut active = producer.into_active_model();
        active.bank_bin = Set(Some("970403".into()));
        active.bank_account_no = Set(Some("0011012345678".into()));
        active.update(&app.db).await.unwrap();
        let (status, placed) =
            post_checkout(&app, &order_body(&[(&a.code, 2)], "vietqr"), None).await;
        assert_eq!(status, 201, "{placed}");
        let order = &placed["orders"][0];
        let payload = placed["payment"]["vietqr_payload"]
            .as_str()
            .expect("payload");
        assert_eq!(order["vietqr_payload"], payload);
        let fields = parse_fields(payload).expect("valid CRC");
        let amount = fields
            .iter()
            .find(|(id, _)| id == "54")
            .map(|(_, v)| v.clone());
        assert_eq!(
            amount,
            Some(order["total_vnd"].as_i64().unwrap().to_string())
        );
        let account = fields
            .iter()
            .find(|(id, _)| id == "38")
            .map(|(_, v)| v.clone());
        assert!(account.unwrap().contains("0011012345678"));
        let reference = fields
            .iter()
            .find(|(id, _)| id == "62")
            .map(|(_, v)| v.clone());
        assert!(reference
            .unwrap()
            .contains(order["number"].as_str().unwrap()));

        // The order page shows the QR to scan, privately.
        let token = placed["access_token"].as_str().unwrap();
        let number = order["number"].as_str().unwrap();
        let page = app.get(&format!("/don-hang/{number}?token={token}")).await;
        assert_eq!(page.status().as_u16(), 200);
        let cache = page.headers()["cache-control"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(cache.contains("no-store"), "{cache}");
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        let html = page.text().await.unwrap();
        assert!(html.contains(number));
        assert!(html.contains("Chờ thanh toán"));
        assert!(html.contains("<svg"), "the QR image is on the page");
        assert!(html.contains("0011012345678"));
        let stranger = app.get(&format!("/don-hang/{number}")).await;
        assert_eq!(stranger.status().as_u16(), 404);
        let english = app
            .get(&format!("/don-hang/{number}?token={token}&lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(english.contains("Awaiting payment"));

        // Unpaid past its hold: cancelled, stock back, told in its history.
        let later = chrono::Utc::now() + chrono::Duration::hours(25);
        let cancelled = app::orders::reservations::release_expired(&app.db, later)
            .await
            .unwrap();
        assert_eq!(cancelled, 1);
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
        let (_, view) = app
            .get_json(&format!("/api/v1/orders/{number}?token={token}"))
            .await;
        assert_eq!(view["status"], "cancelled");
        assert_eq!(view["history"].as_array().unwrap().len(), 2);
        assert!(view["vietqr_payload"].is_null());
        // A second sweep finds nothing more to give back.
        let again = app::orders::reservations::release_expired(&app.db, later)
            .await
            .unwrap();
        assert_eq!(again, 0);
        assert_eq!(stock_of(&app.db, a.id).await, a.stock);
    }
);

on_both_databases!(
    bad_input_is_named_and_changes_nothing,
    |backend| async move {
        let app = spawn_app(backend).await;
        let chosen = products_of_distinct_producers(&app, 1, 2).await;
        let a = &chosen[0];
        let unpublished = products::Entity::find()
            .filter(products::Column::Published.eq(false))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the sample has an unpublished product");
        let good = order_body(&[(&a.code, 1)], "cod");
        let with = |path: &[&str], value: Value| {
            let mut body = good.clone();
            let mut at = &mut body;
            for key in &path[..path.len() - 1] {
                at = at.get_mut(*key).unwrap();
            }
            at[path[path.len() - 1]] = value;
            body
        };
        let cases: Vec<(Value, &str)> = vec![
            (
                with(&["items"], json!([{"code": a.code, "quantity": 0}])),
                "items[0].quantity",
            ),
            (
                with(&["items"], json!([{"code": a.code, "quantity": -3}])),
                "items[0].quantity",
            ),
            (
                with(&["items"], json!([{"code": a.code, "quantity": 1e12}])),
                "items[0].quantity",
            ),
            (
                with(&["items"], json!([{"code": a.code, "quantity": "many"}])),
                "items[0].quantity",
            ),
            (
                with(&["items"], json!([{"code": "SP9999999", "quantity": 1}])),
                "items[0].code",
            ),
            (
                with(&["items"], json!([{"code": "<script>", "quantity": 1}])),
                "items[0].code",
            ),
            (
                with(
                    &["items"],
                    json!([{"code": unpublished.code, "quantity": 1}]),
                ),
                "items[0].code",
            ),
            (with(&["items"], json!([])), "items"),
            (with(&["contact", "phone"], json!("12345")), "contact.phone"),
            (with(&["contact", "name"], json!("")), "contact.name"),
            (with(&["contact", "email"], json!("lan@")), "contact.email"),
            (
                with(&["delivery", "commune"], json!("Phường Hoàn Kiếm")),
                "delivery.commune",
            ),
            (
                with(&["delivery", "province"], json!("Atlantis")),
                "delivery.province",
            ),
            (
                with(&["delivery", "method"], json!("drone")),
                "delivery.method",
            ),
            (
                with(&["delivery", "method"], json!("pickup")),
                "delivery.sales_point_code",
            ),
            (with(&["payment"], json!("card")), "payment"),
            (with(&["payment"], json!("bitcoin")), "payment"),
            (with(&["event_code"], json!("SK99999")), "event_code"),
            (json!([1, 2, 3]), "body"),
        ];
        for (body, field) in cases {
            let (status, answer) = post_checkout(&app, &body, None).await;
            assert_eq!(status, 422, "{field}: {answer}");
            let messages = &answer["error"]["fields"][field];
            assert!(messages.is_array(), "{field}: {answer}");
        }
        // A price sent by the client is ignored: the server's is charged.
        let tampered = with(
            &["items"],
            json!([{"code": a.code, "quantity": 1, "price_vnd": 1}]),
        );
        let (status, placed) = post_checkout(&app, &tampered, None).await;
        assert_eq!(status, 201, "{placed}");
        assert_eq!(
            placed["orders"][0]["items"][0]["unit_price_vnd"]
                .as_i64()
                .unwrap(),
            a.price_vnd
        );
        // Not JSON at all, and English on request.
        let response = app
            .client
            .post(format!("{}/api/v1/checkout", app.address))
            .header("Accept-Language", "en")
            .header("Content-Type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 422);
        let answer: Value = response.json().await.unwrap();
        assert!(answer["error"]["fields"]["body"][0]
            .as_str()
            .unwrap()
            .starts_with("Send"));
        assert_eq!(stock_of(&app.db, a.id).await, a.stock - 1);
        assert_eq!(order_count(&app.db).await, 1);
    }
);
