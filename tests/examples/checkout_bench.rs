//! Checkout throughput under contention, on SQLite and PostgreSQL: the real
//! server on a fresh database with the demo catalog, shoppers posting to
//! `/api/v1/checkout` over loopback.
//!
//! Scenarios, each on both databases:
//! - `last 10 units`: 200 buyers at once, 1 unit each, 10 in stock;
//! - `one product`: every buyer wants 1 unit of the same product (a
//!   livestream's star item), so every checkout contends for one row;
//! - `ten products`: buyers spread over ten products of ten producers,
//!   two of them per checkout (two orders each).
//!
//! Run: `cargo run --release -p tests --example checkout_bench [-- REQUESTS CONCURRENCY]`
//! (defaults 2000 and 50). Prints a Markdown table for BENCHMARKS.md.

use app::entities::products;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{json, Value};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tests::{spawn_app, Backend, TestApp};
use tokio::sync::Semaphore;

struct Outcome {
    created: usize,
    sold_out: usize,
    other: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

async fn sellable(app: &TestApp, n: usize) -> Vec<products::Model> {
    let (_, list) = app.get_json("/api/v1/products?limit=100").await;
    let mut producers = HashSet::new();
    let mut chosen = Vec::new();
    for item in list["items"].as_array().expect("items") {
        let product = products::Entity::find()
            .filter(products::Column::Code.eq(item["code"].as_str().expect("code")))
            .one(&app.db)
            .await
            .expect("query")
            .expect("product");
        if producers.insert(product.producer_id) {
            chosen.push(product);
        }
        if chosen.len() == n {
            break;
        }
    }
    chosen
}

async fn stock(app: &TestApp, products: &[products::Model], units: i64) {
    for p in products {
        let mut active = p.clone().into_active_model();
        active.stock = Set(units);
        active.update(&app.db).await.expect("stock");
    }
}

async fn run(app: &TestApp, bodies: Vec<Value>, concurrency: usize) -> Outcome {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let gate = Arc::new(Semaphore::new(concurrency));
    let url = format!("{}/api/v1/checkout", app.address);
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(bodies.len());
    for body in bodies {
        let (client, url, gate) = (client.clone(), url.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await.expect("gate");
            let sent = Instant::now();
            let status = client
                .post(url)
                .json(&body)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            (status, sent.elapsed())
        }));
    }
    let mut outcome = Outcome {
        created: 0,
        sold_out: 0,
        other: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (status, took) = task.await.expect("task");
        match status {
            201 => outcome.created += 1,
            409 => outcome.sold_out += 1,
            _ => outcome.other += 1,
        }
        outcome.latencies.push(took);
    }
    outcome.elapsed = started.elapsed();
    outcome.latencies.sort();
    outcome
}

fn body(codes: &[&str]) -> Value {
    json!({
        "items": codes.iter().map(|c| json!({"code": c, "quantity": 1})).collect::<Vec<_>>(),
        "contact": {"name": "Khách thử tải", "phone": "0912345678"},
        "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 7"},
        "payment": "cod",
    })
}

fn row(backend: Backend, scenario: &str, requests: usize, concurrency: usize, o: &Outcome) {
    let secs = o.elapsed.as_secs_f64();
    let pct = |p: f64| {
        let i = ((o.latencies.len() as f64 * p).ceil() as usize).clamp(1, o.latencies.len()) - 1;
        o.latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "| {backend:?} | {scenario} | {requests} / {concurrency} | {} | {} | {} | {:.0} | {:.0} | {:.1} | {:.1} |",
        o.created,
        o.sold_out,
        o.other,
        o.created as f64 / secs,
        requests as f64 / secs,
        pct(0.5),
        pct(0.99),
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let requests = args.first().copied().unwrap_or(2000);
    let concurrency = args.get(1).copied().unwrap_or(50);
    println!("| database | scenario | requests / concurrent | orders placed | sold out (409) | other | checkouts/s | requests/s | p50 ms | p99 ms |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let app = spawn_app(backend).await;
        let products = sellable(&app, 10).await;

        // The storm: 200 buyers at once for the last 10 units.
        let star = &products[0];
        stock(&app, std::slice::from_ref(star), 10).await;
        let bodies = (0..200).map(|_| body(&[&star.code])).collect();
        let outcome = run(&app, bodies, 200).await;
        row(backend, "last 10 units", 200, 200, &outcome);

        // Half the buyers get the last units of one product.
        let star = &products[0];
        stock(&app, std::slice::from_ref(star), (requests / 2) as i64).await;
        let bodies = (0..requests).map(|_| body(&[&star.code])).collect();
        let outcome = run(&app, bodies, concurrency).await;
        row(backend, "one product", requests, concurrency, &outcome);

        // Buyers spread over ten producers, two products per checkout.
        stock(&app, &products, requests as i64).await;
        let bodies = (0..requests)
            .map(|i| {
                let a = &products[i % products.len()].code;
                let b = &products[(i + 1) % products.len()].code;
                body(&[a, b])
            })
            .collect();
        let outcome = run(&app, bodies, concurrency).await;
        row(
            backend,
            "ten products, two per checkout",
            requests,
            concurrency,
            &outcome,
        );
    }
}
