//! The schema goes up, all the way down, and up again on both databases, and a
//! database from a newer version is refused.

use migrations::Migrator;
use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::MigratorTrait;
use server::database::{prepare_schema, DatabaseError};
use tests::{on_both_databases, Backend, TestDatabase};

async fn table_names(db: &sea_orm::DatabaseConnection, backend: Backend) -> Vec<String> {
    let sql = match backend {
        Backend::Sqlite => "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        Backend::Postgres => "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("list tables")
        .iter()
        .filter_map(|r| r.try_get::<String>("", "t").ok())
        .collect()
}

on_both_databases!(migrations_go_up_down_and_up_again, |backend| async move {
    let database = TestDatabase::create(backend).await;
    let db = database.connect().await;
    Migrator::up(&db, None).await.expect("up");
    let after_up = table_names(&db, backend).await;
    for table in [
        "provinces",
        "communes",
        "product_groups",
        "producers",
        "products",
        "certifications",
        "channel_listings",
        "sales_points",
        "events",
        "users",
        "sessions",
        "carts",
        "orders",
        "order_items",
        "payments",
        "webhook_events",
        "stock_reservations",
        "plans",
        "plan_targets",
        "search_outbox",
        "mail_outbox",
    ] {
        assert!(after_up.contains(&table.to_string()), "{table} created");
    }
    Migrator::down(&db, None).await.expect("down");
    let after_down = table_names(&db, backend).await;
    assert_eq!(
        after_down,
        vec!["seaql_migrations".to_string()],
        "down removes everything it made"
    );
    Migrator::up(&db, None).await.expect("up again");
    assert_eq!(table_names(&db, backend).await, after_up);
    // The six product groups are data, loaded by the migration.
    let groups = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM product_groups",
        ))
        .await
        .expect("count")
        .and_then(|r| r.try_get::<i64>("", "n").ok());
    assert_eq!(groups, Some(6));
});

on_both_databases!(a_newer_schema_is_refused, |backend| async move {
    let database = TestDatabase::create(backend).await;
    let db = database.connect().await;
    Migrator::up(&db, None).await.expect("up");
    db.execute_raw(Statement::from_string(
        db.get_database_backend(),
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000000_from_the_future', 0)",
    ))
    .await
    .expect("pretend a newer version ran");
    match prepare_schema(&db, true).await {
        Err(e @ DatabaseError::NewerSchema(_)) => {
            let text = e.to_string();
            assert!(
                text.contains("phiên bản mới hơn") && text.contains("newer version"),
                "{text}"
            );
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
});

on_both_databases!(foreign_keys_are_enforced, |backend| async move {
    let database = TestDatabase::create(backend).await;
    let db = server::database::connect(&server::config::Secret::new(database.url.clone()))
        .await
        .expect("connect");
    Migrator::up(&db, None).await.expect("up");
    let result = db
        .execute_raw(Statement::from_string(
            db.get_database_backend(),
            "INSERT INTO certifications (product_id, stars, score, decision_no, decided_on, valid_until, level) \
             VALUES (999999, 4, 80, '1/QĐ', '2025-01-01', '2028-01-01', 'province')",
        ))
        .await;
    assert!(
        result.is_err(),
        "a certification of a missing product is refused"
    );
});
