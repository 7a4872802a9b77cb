//! Stopping: SIGTERM lets a request already under way finish with its
//! answer, then the process exits cleanly and nothing new is accepted; the
//! next start serves the same data.

use crate::processes::{seed, OcopProcess};
use std::io::{Read, Write};
use std::time::Duration;
use tests::{on_both_databases, Backend, TestDatabase};

async fn sigterm_drains_then_exits(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let root = database.dir.path().to_path_buf();
    seed(&database.url, &root.join("seed")).await;
    let mut server = OcopProcess::start(&database.url, &root.join("srv"), &[]).await;

    // A checkout whose body is still arriving when the signal comes.
    let body = serde_json::json!({
        "items": [{"code": "SP0000256", "quantity": 1}],
        "contact": {"name": "Võ Thị Sáu", "phone": "0912 345 678"},
        "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Xã Thới Lai", "street": "Ấp 2"},
        "payment": "cod",
    })
    .to_string();
    // A plain blocking socket: the request is written by hand, in two parts.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port())).expect("connect");
    let head = format!(
        "POST /api/v1/checkout HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).expect("head");
    stream.write_all(first).expect("first half");
    stream.flush().expect("flush");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let address = server.address.clone();
    let stopping = tokio::spawn(async move {
        let status = server.terminate(Duration::from_secs(20)).await;
        (server, status)
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Still running: the request under way is not dropped.
    stream.write_all(rest).expect("rest of the body");
    let answer = tokio::task::spawn_blocking(move || {
        let mut answer = String::new();
        stream
            .read_to_string(&mut answer)
            .expect("the answer arrives");
        answer
    })
    .await
    .expect("reader");
    assert!(
        answer.starts_with("HTTP/1.1 201"),
        "the checkout under way completes: {answer}"
    );
    let (mut server, status) = stopping.await.expect("stopping");
    let status = status.expect("the process exits after draining");
    assert!(status.success(), "a clean exit: {status}");
    // Nothing listens any more.
    let refused = reqwest::Client::new()
        .get(format!("{address}/api/v1/health"))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(refused.is_err(), "no new requests after the stop");

    // The next start serves the order placed during the stop.
    server.restart().await;
    let number = answer
        .split("\"number\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("an order number")
        .to_owned();
    let db = database.connect().await;
    use app::entities::orders;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let kept = orders::Entity::find()
        .filter(orders::Column::Number.eq(number.as_str()))
        .count(&db)
        .await
        .expect("query");
    assert_eq!(kept, 1, "order {number} kept");
}

on_both_databases!(
    sigterm_lets_requests_under_way_finish,
    sigterm_drains_then_exits
);
