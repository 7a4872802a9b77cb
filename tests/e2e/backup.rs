//! `ocop backup` while orders keep arriving, then `ocop restore` into a new
//! database and data directory: the copy is one consistent moment (every
//! order whole, stock plus ordered quantities equal to the starting stock),
//! its photos are there, the restored server rebuilds its search index and
//! serves the orders, and a restore never overwrites data unasked.

use crate::checkout::{
    order_body, ordered_by_product, products_of_distinct_producers, stock_by_product,
};
use crate::stall_pages::{photo, sign_in, upload};
use app::entities::{order_items, orders};
use image::ImageFormat;
use sea_orm::{EntityTrait, PaginatorTrait};
use server::backup::{backup, restore, BackupError};
use server::startup::StartOptions;
use server::{Application, Settings};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tests::{on_both_databases, send_json, spawn_app, Backend, TestDatabase};

fn settings_for(url: &str, data_dir: std::path::PathBuf) -> Settings {
    Settings {
        database_url: Some(server::config::Secret::new(url.to_owned())),
        data_dir,
        addr: "127.0.0.1:0".parse().expect("address"),
        demo: false,
        demo_illustrations: false,
        ..Settings::default()
    }
}

async fn backup_then_restore(backend: Backend) {
    let app = spawn_app(backend).await;
    let initial = stock_by_product(&app.db).await;

    // A photo, so the backup has media to carry.
    let member = sign_in(&app, "htx.phusa@demo.chocop.vn", app::demo::DEMO_PASSWORD).await;
    let editor = member
        .get(format!("{}/quan-ly/san-pham/SP0000001", app.address))
        .send()
        .await
        .expect("editor")
        .text()
        .await
        .expect("html");
    let csrf = tests::csrf_in(&editor);
    let back = upload(
        &app,
        &member,
        &csrf,
        "SP0000001",
        vec![("ca-linh.jpg", photo(7, ImageFormat::Jpeg))],
    )
    .await;
    assert!(!back.contains("loi-anh"), "the photo is accepted: {back}");

    // Shoppers keep ordering (two producers per checkout, so two orders and
    // two stock changes per transaction) while the backup is taken.
    let picks = products_of_distinct_producers(&app, 2, 50).await;
    let codes: Vec<String> = picks.iter().map(|p| p.code.clone()).collect();
    let running = Arc::new(AtomicBool::new(true));
    let placed = {
        let (running, address) = (running.clone(), app.address.clone());
        let client = app.client.clone();
        tokio::spawn(async move {
            let mut placed = Vec::new();
            while running.load(Ordering::SeqCst) && placed.len() < 40 {
                let body = order_body(&[(&codes[0], 1), (&codes[1], 1)], "cod");
                let response = client
                    .post(format!("{address}/api/v1/checkout"))
                    .json(&body)
                    .send()
                    .await
                    .expect("checkout");
                assert_eq!(response.status().as_u16(), 201, "order placed");
                let json: serde_json::Value = response.json().await.expect("json");
                placed.push(json);
            }
            placed
        })
    };
    // Let a few orders in first.
    while orders::Entity::find().count(&app.db).await.expect("count") < 4 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let folder = tempfile::tempdir().expect("backup folder");
    let dir = folder.path().join("sao-luu");
    let settings = settings_for(&app.database.url, app.data_dir.clone());
    let summary = backup(&settings, &dir).await.expect("backup");
    running.store(false, Ordering::SeqCst);
    let placed = placed.await.expect("orders task");
    let total_orders = orders::Entity::find().count(&app.db).await.expect("count");
    assert!(summary.orders >= 4, "{summary}");
    assert!(
        summary.media_files >= 1,
        "the photo is in the backup: {summary}"
    );
    assert!(
        std::fs::read_to_string(dir.join("BACKUP.txt"))
            .expect("manifest")
            .contains(&format!("orders: {}", summary.orders)),
        "the manifest says what it holds"
    );

    // A second backup into the same folder is refused.
    assert!(matches!(
        backup(&settings, &dir).await,
        Err(BackupError::NotEmpty(_))
    ));

    // Restore into a new database and data directory.
    let target = TestDatabase::create(backend).await;
    let data_dir = target.dir.path().join("data");
    let restored_settings = settings_for(&target.url, data_dir.clone());
    let restored = restore(&restored_settings, &dir, false)
        .await
        .expect("restore");
    assert_eq!(restored.orders, summary.orders, "{restored} vs {summary}");
    assert_eq!(restored.products, summary.products);
    assert!(data_dir.join("media").exists());

    let db = target.connect().await;
    // One consistent moment: no order without its items, and stock moved by
    // exactly what the copied orders took.
    let now_stock = stock_by_product(&db).await;
    let taken = ordered_by_product(&db).await;
    for (id, start) in &initial {
        let left = now_stock.get(id).copied().unwrap_or_default();
        let sold = taken.get(id).copied().unwrap_or_default();
        assert_eq!(
            left + sold,
            *start,
            "product {id}: stock {left} + ordered {sold}"
        );
    }
    let copied_orders = orders::Entity::find().all(&db).await.expect("orders");
    assert_eq!(copied_orders.len() as i64, summary.orders);
    assert!(
        (copied_orders.len() as u64) <= total_orders,
        "the copy is not ahead of the source"
    );
    let mut items_per_order: HashMap<i64, usize> = HashMap::new();
    for item in order_items::Entity::find().all(&db).await.expect("items") {
        *items_per_order.entry(item.order_id).or_insert(0) += 1;
    }
    for order in &copied_orders {
        assert_eq!(
            items_per_order.get(&order.id),
            Some(&1),
            "order {} whole",
            order.number
        );
    }

    // The restored installation serves: the index is rebuilt, an order from
    // the copy opens with its token, the photo is served.
    let app2 = Application::build(restored_settings.clone(), StartOptions::default())
        .await
        .expect("the restored installation starts");
    let address = format!("http://127.0.0.1:{}", app2.port());
    tokio::spawn(app2.run_until_stopped());
    let client = reqwest::Client::new();
    let found: serde_json::Value =
        send_json(client.get(format!("{address}/api/v1/products/search?q=nuoc%20mam"))).await;
    assert!(
        found["total"].as_u64().unwrap_or(0) > 0,
        "the search index is rebuilt: {found}"
    );
    let copied: Vec<&str> = copied_orders.iter().map(|o| o.number.as_str()).collect();
    let first = placed
        .iter()
        .flat_map(|p| p["orders"].as_array().cloned().unwrap_or_default())
        .find(|o| copied.contains(&o["number"].as_str().unwrap_or("")))
        .expect("an order placed through the API is in the copy");
    let url = first["url"].as_str().expect("order url");
    let path = url
        .split_once("/don-hang/")
        .map(|(_, p)| p)
        .expect("order path");
    let (number, token) = path.split_once("?token=").expect("token");
    let order = client
        .get(format!("{address}/api/v1/orders/{number}?token={token}"))
        .send()
        .await
        .expect("order");
    assert_eq!(order.status(), 200, "the copied order opens");
    let detail: serde_json::Value =
        send_json(client.get(format!("{address}/api/v1/products/SP0000001"))).await;
    let image = detail["images"][0]["url"]
        .as_str()
        .expect("the uploaded photo is listed");
    let image_path = image
        .find("/media/")
        .map(|at| &image[at..])
        .expect("a media address");
    let served = client
        .get(format!("{address}{image_path}"))
        .send()
        .await
        .expect("photo");
    assert_eq!(served.status(), 200, "the photo is restored: {image_path}");

    // Restoring again over data is refused unless forced.
    assert!(matches!(
        restore(&restored_settings, &dir, false).await,
        Err(BackupError::TargetInUse)
    ));
    // A folder that is not a backup is refused.
    let empty = tempfile::tempdir().expect("folder");
    assert!(matches!(
        restore(&restored_settings, empty.path(), false).await,
        Err(BackupError::NotABackup(_, _))
    ));
}

on_both_databases!(backup_under_load_then_restore, backup_then_restore);
