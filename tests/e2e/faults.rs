//! Crashes: `ocop serve` killed with SIGKILL in the middle of a checkout
//! storm, and `ocop import` killed in the middle of an import, then started
//! again. Nothing acknowledged is lost, nothing is duplicated (a client that
//! never heard back retries with its Idempotency-Key), stock plus ordered
//! quantities equal the starting stock, and the search index agrees with the
//! database again.

use app::domain::PaymentMethod;

use crate::checkout::{ordered_by_product, stock_by_product};
use crate::processes::{ocop_binary, seed, OcopProcess};
use crate::stripe::stand_in::{StandIn, SECRET_KEY};
use crate::stripe::{event, now, paid, signature, WEBHOOK_SECRET};
use app::domain::{OrderStatus, PaymentStatus};
use app::entities::{
    checkouts, order_items, order_status_history, orders, payments, products, webhook_events,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tests::{on_both_databases, send_json, Backend, TestDatabase};

/// What a shopper learnt of one checkout request.
#[derive(Debug)]
enum Outcome {
    /// 201 or 200: these order numbers.
    Placed(Vec<String>),
    /// An answer refusing it (sold out), with its error code.
    Refused(u16, String),
    /// No answer: the server died first. Retried after the restart.
    Unknown,
}

fn body(codes: &[String], n: usize) -> Value {
    // Every third checkout pays by card (a Stripe session on the stand-in).
    let payment = if n.is_multiple_of(3) { "card" } else { "cod" };
    json!({
        "items": codes.iter().map(|c| json!({"code": c, "quantity": 1})).collect::<Vec<_>>(),
        "contact": {"name": "Lê Văn Bão", "phone": "0912 000 111", "email": format!("bao{n}@example.vn")},
        "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 1"},
        "payment": payment,
    })
}

async fn checkout(client: &reqwest::Client, address: &str, key: &str, body: &Value) -> Outcome {
    let response = client
        .post(format!("{address}/api/v1/checkout"))
        .header("Idempotency-Key", key)
        .json(body)
        .timeout(Duration::from_secs(30))
        .send()
        .await;
    let Ok(response) = response else {
        return Outcome::Unknown;
    };
    let status = response.status().as_u16();
    match response.json::<Value>().await {
        Ok(json) if status == 201 || status == 200 => Outcome::Placed(
            json["orders"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["number"].as_str().map(str::to_owned))
                .collect(),
        ),
        Ok(json) => Outcome::Refused(status, json["error"]["code"].as_str().unwrap_or("").into()),
        Err(_) => Outcome::Unknown,
    }
}

/// Pairs of codes of products of two producers, with stock, certified and
/// published (as the API lists them).
async fn storm_pairs(client: &reqwest::Client, address: &str) -> Vec<Vec<String>> {
    let list: Value = send_json(client.get(format!("{address}/api/v1/products?limit=100"))).await;
    let mut by_producer: BTreeMap<String, String> = BTreeMap::new();
    for item in list["items"].as_array().expect("items") {
        let stock = item["stock"].as_i64().unwrap_or(0);
        if (5..=50).contains(&stock) {
            let producer = item["producer"].as_str().unwrap_or("").to_owned();
            by_producer
                .entry(producer)
                .or_insert_with(|| item["code"].as_str().unwrap_or("").to_owned());
        }
    }
    let codes: Vec<String> = by_producer.into_values().take(8).collect();
    assert!(
        codes.len() >= 4,
        "the demo has products to storm: {codes:?}"
    );
    codes.chunks(2).map(<[String]>::to_vec).collect()
}

async fn kill_during_a_checkout_storm(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let root = database.dir.path().to_path_buf();
    seed(&database.url, &root.join("seed")).await;
    let db = database.connect().await;
    let initial = stock_by_product(&db).await;
    let stand_in = StandIn::start().await;
    let env = [
        ("STRIPE_SECRET_KEY", SECRET_KEY),
        ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET),
        ("STRIPE_API_BASE", stand_in.base_url.as_str()),
    ];
    let mut server = OcopProcess::start(&database.url, &root.join("srv"), &env).await;
    let client = reqwest::Client::new();
    let pairs = Arc::new(storm_pairs(&client, &server.address).await);

    // Sixteen shoppers buy as fast as they can until the server dies.
    let stop = Arc::new(AtomicBool::new(false));
    let acked = Arc::new(AtomicUsize::new(0));
    let mut shoppers = Vec::new();
    for shopper in 0..16 {
        let (client, address) = (client.clone(), server.address.clone());
        let (stop, acked, pairs) = (stop.clone(), acked.clone(), pairs.clone());
        shoppers.push(tokio::spawn(async move {
            let mut sent = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                let key = format!("storm-{shopper}-{n}");
                let body = body(&pairs[(shopper + n) % pairs.len()], shopper * 1000 + n);
                let outcome = checkout(&client, &address, &key, &body).await;
                if matches!(outcome, Outcome::Placed(_)) {
                    acked.fetch_add(1, Ordering::SeqCst);
                }
                let unknown = matches!(outcome, Outcome::Unknown);
                sent.push((key, body, outcome));
                if unknown {
                    break;
                }
                n += 1;
            }
            sent
        }));
    }
    // Kill it once orders are flowing: some acknowledged, others in flight.
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.load(Ordering::SeqCst) < 30 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill9();
    stop.store(true, Ordering::SeqCst);
    let mut sent = Vec::new();
    for shopper in shoppers {
        sent.extend(shopper.await.expect("shopper"));
    }
    let placed = sent
        .iter()
        .filter(|(_, _, o)| matches!(o, Outcome::Placed(_)))
        .count();
    let in_flight = sent
        .iter()
        .filter(|(_, _, o)| matches!(o, Outcome::Unknown))
        .count();
    eprintln!("storm: {placed} acknowledged, {in_flight} without an answer when killed");
    assert!(placed >= 30, "the storm was under way");
    for (key, _, outcome) in &sent {
        if let Outcome::Refused(status, code) = outcome {
            assert_eq!(
                (*status, code.as_str()),
                (409, "out_of_stock"),
                "{key}: refused only as sold out"
            );
        }
    }

    server.restart().await;
    // Nothing acknowledged is lost.
    for (key, _, outcome) in &sent {
        if let Outcome::Placed(numbers) = outcome {
            for number in numbers {
                let found = orders::Entity::find()
                    .filter(orders::Column::Number.eq(number.as_str()))
                    .count(&db)
                    .await
                    .expect("query");
                assert_eq!(found, 1, "acknowledged order {number} ({key}) survives");
            }
        }
    }
    // The shoppers left without an answer retry with the same key; a second
    // retry changes nothing.
    let unknown: Vec<_> = sent
        .iter()
        .filter(|(_, _, o)| matches!(o, Outcome::Unknown))
        .collect();
    // A card checkout the crash caught before its Stripe session was
    // recorded answers "in progress" until the first request's deadline has
    // passed; then the retry opens the session.
    let patience = Instant::now() + Duration::from_secs(75);
    for (key, body, _) in &unknown {
        let first = loop {
            match checkout(&client, &server.address, key, body).await {
                Outcome::Refused(409, code)
                    if code == "checkout_in_progress" && Instant::now() < patience =>
                {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                outcome => break outcome,
            }
        };
        let again = checkout(&client, &server.address, key, body).await;
        match (&first, &again) {
            (Outcome::Placed(a), Outcome::Placed(b)) => assert_eq!(a, b, "{key}: one checkout"),
            (Outcome::Refused(409, a), Outcome::Refused(409, b)) => {
                assert_eq!(
                    (a.as_str(), b.as_str()),
                    ("out_of_stock", "out_of_stock"),
                    "{key}"
                )
            }
            other => panic!("{key}: a retry after the crash answers {other:?}"),
        }
    }
    // No checkout twice, no order without its checkout, none without items.
    let all_checkouts = checkouts::Entity::find().all(&db).await.expect("checkouts");
    let mut keys: Vec<_> = all_checkouts
        .iter()
        .filter_map(|c| c.idempotency_key.clone())
        .collect();
    let count = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), count, "one checkout per key");
    let all_orders = orders::Entity::find().all(&db).await.expect("orders");
    let items = order_items::Entity::find().all(&db).await.expect("items");
    for order in &all_orders {
        assert!(
            items.iter().any(|i| i.order_id == order.id),
            "order {} has its items",
            order.number
        );
    }
    // Stock plus ordered quantities equal the starting stock.
    let left_now = stock_by_product(&db).await;
    let ordered = ordered_by_product(&db).await;
    for (id, start) in &initial {
        let (left, sold) = (left_now[id], ordered.get(id).copied().unwrap_or(0));
        assert_eq!(
            left + sold,
            *start,
            "product {id}: {left} left + {sold} ordered"
        );
    }
    // Stripe now reports every card payment paid, each event twice, as its
    // retries do: each payment succeeds once, its orders are confirmed once.
    let card: Vec<_> = payments::Entity::find()
        .filter(payments::Column::Method.eq(PaymentMethod::Card))
        .all(&db)
        .await
        .expect("payments");
    assert!(!card.is_empty(), "the storm paid by card too");
    for (i, payment) in card.iter().enumerate() {
        let session = stand_in.session(payment.provider_ref.as_deref().expect("a session"));
        let payload = event(
            &format!("evt_storm_{i}"),
            "checkout.session.completed",
            paid(&session, &format!("pi_storm_{i}")),
        );
        for _ in 0..2 {
            let response = client
                .post(format!("{}/api/v1/webhooks/stripe", server.address))
                .header("Content-Type", "application/json")
                .header(
                    "Stripe-Signature",
                    signature(&payload, WEBHOOK_SECRET, now()),
                )
                .body(payload.clone())
                .send()
                .await
                .expect("webhook");
            assert_eq!(response.status(), 200, "event {i} acknowledged");
        }
    }
    assert_eq!(
        webhook_events::Entity::find()
            .count(&db)
            .await
            .expect("events"),
        card.len() as u64,
        "one record per event"
    );
    let all_orders = orders::Entity::find().all(&db).await.expect("orders");
    for payment in payments::Entity::find()
        .filter(payments::Column::Method.eq(PaymentMethod::Card))
        .all(&db)
        .await
        .expect("payments")
    {
        assert_eq!(
            payment.status,
            PaymentStatus::Succeeded,
            "payment {}",
            payment.id
        );
        let paid_orders: Vec<_> = all_orders
            .iter()
            .filter(|o| o.checkout_id == payment.checkout_id)
            .collect();
        assert!(!paid_orders.is_empty());
        assert_eq!(
            paid_orders.iter().map(|o| o.total_vnd).sum::<i64>(),
            payment.amount_vnd,
            "the payment is the sum of its orders"
        );
        for order in paid_orders {
            assert_eq!(
                order.status,
                OrderStatus::Confirmed,
                "order {}",
                order.number
            );
            let steps = order_status_history::Entity::find()
                .filter(order_status_history::Column::OrderId.eq(order.id))
                .filter(order_status_history::Column::ToStatus.eq(OrderStatus::Confirmed))
                .count(&db)
                .await
                .expect("history");
            assert_eq!(steps, 1, "order {} confirmed once", order.number);
        }
    }
    let after_payment = stock_by_product(&db).await;
    assert_eq!(
        after_payment, left_now,
        "payments move no stock: it was held at checkout"
    );

    // The index, caught up after the crash, agrees: in-stock search shows
    // exactly the storm's products that still have stock.
    for code in pairs.iter().flatten() {
        let product = products::Entity::find()
            .filter(products::Column::Code.eq(code.as_str()))
            .one(&db)
            .await
            .expect("query")
            .expect("product");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found: Value = send_json(
                client
                    .get(format!("{}/api/v1/products/search", server.address))
                    .query(&[
                        ("q", product.name.as_str()),
                        ("in_stock", "true"),
                        ("limit", "100"),
                    ]),
            )
            .await;
            let listed = found["hits"]
                .as_array()
                .is_some_and(|hits| hits.iter().any(|h| h["code"] == code.as_str()));
            if listed == (product.stock > 0) {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{code} (stock {}): in-stock search lists it: {listed}",
                product.stock
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

on_both_databases!(
    orders_and_stock_survive_kill_9_under_load,
    kill_during_a_checkout_storm
);

/// `ocop import` killed part-way through a generated 20k catalog, then run
/// again: the register ends exactly as one clean import would leave it, a
/// third run changes nothing, and the server indexes every certified product.
async fn kill_during_an_import(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let root = database.dir.path().to_path_buf();
    let catalog = root.join("catalog");
    let generated = std::process::Command::new("python3")
        .arg(crate::processes::gen_catalog_script())
        .args(["--products", "20000", "--seed", "7", "--out"])
        .arg(&catalog)
        .output()
        .expect("python3 runs gen_catalog.py");
    assert!(
        generated.status.success(),
        "gen_catalog.py: {}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let data = root.join("data");
    let import = || {
        let mut cmd = std::process::Command::new(ocop_binary());
        cmd.arg("import")
            .arg(&catalog)
            .env("DATABASE_URL", &database.url)
            .env("OCOP_DATA_DIR", &data)
            .env("OCOP_DEMO", "0")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        cmd
    };
    let count = async |producers_only: bool| {
        let db = database.connect().await;
        let n = if producers_only {
            app::entities::producers::Entity::find().count(&db).await
        } else {
            products::Entity::find().count(&db).await
        };
        let _ = db.close().await;
        n.unwrap_or(0)
    };
    let db_for_counts = async || count(false).await;
    // Each file is imported in one transaction: kill it once the producers
    // are in, while the products are being written.
    let mut child = import().spawn().expect("ocop import starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!(
                "the import finished ({status}) before it could be killed: make the catalog larger"
            );
        }
        if count(true).await > 0 || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("kill -9");
    let _ = child.wait();
    let partial = db_for_counts().await;

    let finished = import().output().expect("second import");
    assert!(
        finished.status.success(),
        "the import completes after the crash: {}",
        String::from_utf8_lossy(&finished.stderr)
    );
    let rows = std::fs::read_to_string(catalog.join("products.csv"))
        .expect("products.csv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count() as u64;
    let total = db_for_counts().await;
    assert!(
        partial < rows,
        "killed before the products were in ({partial})"
    );
    eprintln!("import killed with {partial} of {rows} products in");
    assert_eq!(total, rows, "every product once (killed at {partial})");
    let again = import().output().expect("third import");
    assert!(again.status.success());
    let report = String::from_utf8_lossy(&again.stdout);
    assert_eq!(db_for_counts().await, rows, "a third import adds nothing");

    // The server starts on it and indexes every certified product.
    let server = OcopProcess::start(&database.url, &data, &[]).await;
    let client = reqwest::Client::new();
    let listed: Value =
        send_json(client.get(format!("{}/api/v1/products?limit=1", server.address))).await;
    let searched: Value = send_json(client.get(format!(
        "{}/api/v1/products/search?q=&limit=1",
        server.address
    )))
    .await;
    assert!(listed["total"].as_u64().unwrap_or(0) > 1000, "{listed}");
    assert_eq!(
        searched["total"], listed["total"],
        "the index holds every certified product ({report})"
    );
}

on_both_databases!(
    an_import_killed_part_way_completes_when_run_again,
    kill_during_an_import
);
