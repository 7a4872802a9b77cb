//! Two `ocop serve` processes on one PostgreSQL database, as behind a load
//! balancer: a session made on one is good on the other; an edit made on one
//! is found by the other's search and shown by its pages; shoppers on both
//! never oversell; each e-mail is sent by exactly one of them; a Stripe event
//! delivered to both has one effect.

use crate::processes::{seed, OcopProcess};
use crate::stripe::stand_in::{StandIn, SECRET_KEY};
use crate::stripe::{event, now, paid, payment_of, signature, WEBHOOK_SECRET};
use app::domain::{OrderStatus, PaymentStatus};
use app::entities::{mail_outbox, order_status_history, orders, products, webhook_events};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use tests::{run_scenario, send_json, Backend, TestDatabase};

/// Polls `check` every 100 ms for up to `limit`; whether it became true.
async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

fn cookie_client() -> reqwest::Client {
    tests::browser()
}

async fn search_codes(client: &reqwest::Client, replica: &OcopProcess, q: &str) -> Vec<String> {
    let found: Value = send_json(
        client
            .get(format!("{}/api/v1/products/search", replica.address))
            .query(&[("q", q)]),
    )
    .await;
    found["hits"]
        .as_array()
        .map(|hits| {
            hits.iter()
                .filter_map(|h| h["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn checkout_body(code: &str, payment: &str, n: usize) -> Value {
    json!({
        "items": [{"code": code, "quantity": 1}],
        "contact": {"name": "Trần Văn Nam", "phone": "0912 345 678", "email": format!("nam{n}@example.vn")},
        "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 3"},
        "payment": payment,
    })
}

/// The `.eml` files under `replica`'s data directory, by outbox id.
fn mailed(replica: &OcopProcess) -> Vec<i64> {
    let dir = replica.data_dir.join("mail");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".eml")
                .and_then(|n| n.split('-').next().map(str::to_owned))
                .and_then(|id| id.parse().ok())
        })
        .collect()
}

async fn two_replicas_stay_consistent() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let root = database.dir.path().to_path_buf();
    seed(&database.url, &root.join("seed")).await;
    let stand_in = StandIn::start().await;
    let env = [
        ("STRIPE_SECRET_KEY", SECRET_KEY),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("STRIPE_API_BASE", stand_in.base_url.as_str()),
    ];
    let a = OcopProcess::start(&database.url, &root.join("a"), &env).await;
    let b = OcopProcess::start(&database.url, &root.join("b"), &env).await;
    let db = database.connect().await;

    // 1. A session made on A is good on B (cookies are per host, not port).
    let member = cookie_client();
    let login = member
        .post(format!("{}/api/v1/auth/login", a.address))
        .json(&json!({"email": "htx.phusa@demo.chocop.vn", "password": app::demo::DEMO_PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(login.status(), 200);
    let csrf = login.json::<Value>().await.expect("json")["csrf_token"]
        .as_str()
        .expect("csrf")
        .to_owned();
    let on_b = member
        .get(format!("{}/api/v1/stall/orders", b.address))
        .send()
        .await
        .expect("orders on B");
    assert_eq!(on_b.status(), 200, "the session made on A works on B");
    let stranger = cookie_client()
        .get(format!("{}/api/v1/stall/orders", b.address))
        .send()
        .await
        .expect("orders");
    assert_eq!(stranger.status(), 401, "and only with it");

    // 2. An edit on A reaches B's search and B's product page.
    let product = products::Entity::find()
        .filter(products::Column::Code.eq("SP0000210"))
        .one(&db)
        .await
        .expect("query")
        .expect("a product of CT000001");
    let new_name = "Bánh pía sầu riêng Thới Lai";
    let patched = member
        .patch(format!("{}/api/v1/stall/products/SP0000210", a.address))
        .header("X-CSRF-Token", &csrf)
        .json(&json!({"name": new_name, "stock": 5}))
        .send()
        .await
        .expect("patch");
    assert_eq!(patched.status(), 200, "{:?}", patched.text().await);
    let plain = reqwest::Client::new();
    assert!(
        eventually(Duration::from_secs(10), || async {
            search_codes(&plain, &b, "banh pia sau rieng")
                .await
                .first()
                .map(String::as_str)
                == Some("SP0000210")
        })
        .await,
        "B's search finds the new name first"
    );
    assert!(
        eventually(Duration::from_secs(10), || async {
            let page = plain
                .get(format!("{}/san-pham/{}", b.address, product.slug))
                .send()
                .await
                .expect("page")
                .text()
                .await
                .unwrap_or_default();
            page.contains(new_name)
        })
        .await,
        "B's product page shows the new name (its page cache follows the outbox)"
    );

    // 3. Twelve shoppers, half on each replica, for the last five units.
    let mut buyers = Vec::new();
    for n in 0..12 {
        let replica = if n % 2 == 0 {
            a.address.clone()
        } else {
            b.address.clone()
        };
        let client = plain.clone();
        buyers.push(tokio::spawn(async move {
            client
                .post(format!("{replica}/api/v1/checkout"))
                .json(&checkout_body("SP0000210", "cod", n))
                .send()
                .await
                .expect("checkout")
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for buyer in buyers {
        statuses.push(buyer.await.expect("buyer"));
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        5,
        "exactly the stock is sold: {statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409 || *s == 422),
        "the others are told it is sold out: {statuses:?}"
    );
    let left = products::Entity::find_by_id(product.id)
        .one(&db)
        .await
        .expect("query")
        .expect("product");
    assert_eq!(left.stock, 0);

    // 4. Every confirmation is sent once, by one replica or the other.
    assert!(
        eventually(Duration::from_secs(30), || async {
            let rows = mail_outbox::Entity::find().all(&db).await.expect("mail");
            !rows.is_empty() && rows.iter().all(|m| m.status == "sent")
        })
        .await,
        "the outbox drains"
    );
    let rows: BTreeSet<i64> = mail_outbox::Entity::find()
        .all(&db)
        .await
        .expect("mail")
        .into_iter()
        .map(|m| m.id)
        .collect();
    let (from_a, from_b) = (mailed(&a), mailed(&b));
    let mut all: Vec<i64> = from_a.iter().chain(&from_b).copied().collect();
    all.sort_unstable();
    let distinct: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!(
        all.len(),
        distinct.len(),
        "no message written twice: A {from_a:?} B {from_b:?}"
    );
    assert_eq!(distinct, rows, "every message written once");

    // 5. A card checkout on A, its paid event delivered to both replicas at
    //    once (as Stripe retries do): one effect.
    let pick = products::Entity::find()
        .filter(products::Column::Code.eq("SP0000256"))
        .one(&db)
        .await
        .expect("query")
        .expect("a product with stock");
    let placed: Value = send_json(
        plain
            .post(format!("{}/api/v1/checkout", a.address))
            .json(&checkout_body(&pick.code, "card", 99)),
    )
    .await;
    let payment = payment_of(&db, &placed).await;
    let session = stand_in.session(payment.provider_ref.as_deref().expect("session"));
    let payload = event(
        "evt_1TwoReplicas",
        "checkout.session.completed",
        paid(&session, "pi_3TwoReplicas"),
    );
    let mut deliveries = Vec::new();
    for replica in [&a, &b, &a, &b] {
        let (client, url, payload) = (
            plain.clone(),
            format!("{}/api/v1/webhooks/stripe", replica.address),
            payload.clone(),
        );
        deliveries.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .header("Content-Type", "application/json")
                .header(
                    "Stripe-Signature",
                    signature(&payload, WEBHOOK_SECRET, now()),
                )
                .body(payload)
                .send()
                .await
                .expect("webhook");
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            (status, body["outcome"].as_str().unwrap_or("").to_owned())
        }));
    }
    let mut outcomes = Vec::new();
    for delivery in deliveries {
        outcomes.push(delivery.await.expect("delivery"));
    }
    assert!(
        outcomes.iter().all(|(status, _)| *status == 200),
        "every delivery is acknowledged: {outcomes:?}"
    );
    assert_eq!(
        outcomes.iter().filter(|(_, o)| o == "applied").count(),
        1,
        "applied once: {outcomes:?}"
    );
    assert_eq!(
        webhook_events::Entity::find()
            .count(&db)
            .await
            .expect("events"),
        1
    );
    let order = orders::Entity::find()
        .filter(orders::Column::CheckoutId.eq(payment.checkout_id))
        .one(&db)
        .await
        .expect("query")
        .expect("order");
    assert_eq!(order.status, OrderStatus::Confirmed, "paid, so confirmed");
    assert!(order.payment_received_at.is_some());
    assert_eq!(
        order_status_history::Entity::find()
            .filter(order_status_history::Column::OrderId.eq(order.id))
            .filter(order_status_history::Column::ToStatus.eq(OrderStatus::Confirmed))
            .count(&db)
            .await
            .expect("history"),
        1,
        "one step to confirmed"
    );
    assert_eq!(
        payment_of(&db, &placed).await.status,
        PaymentStatus::Succeeded
    );
    drop((a, b));
}

#[test]
fn two_ocop_processes_on_one_postgres_database() {
    run_scenario(two_replicas_stay_consistent());
}
