//! The Chợ OCOP database schema (see `SCHEMA.md`) as sea-orm migrations.
//!
//! The same migrations run on SQLite and PostgreSQL. Foreign keys are declared
//! inside `CREATE TABLE` because SQLite cannot add constraints to an existing
//! table; constraints and indexes carry deliberate names so that errors (a
//! unique violation turned into a field error, say) can be matched on.

use sea_orm_migration::{prelude::*, schema::*};

mod m20260101_000001_create_admin_units;
mod m20260101_000002_create_producers;
mod m20260101_000003_create_products;
mod m20260101_000004_create_users;
mod m20260101_000005_create_certifications;
mod m20260101_000006_create_sales_points_and_events;
mod m20260101_000007_create_carts_and_checkouts;
mod m20260101_000008_create_orders;
mod m20260101_000009_create_plans_and_outboxes;
mod m20261124_000010_checkout_responses;
mod m20261124_000011_checkout_drafts;
mod m20261125_000012_add_payment_intent_ref;
mod m20261126_000013_product_views;
mod m20261127_000014_producer_story_source;
mod m20261128_000015_plan_report_schedule;
mod m20261128_000016_unique_event_booths;
mod m20261129_000017_map_positions;
mod m20261206_000018_audit_log;
mod m20261206_000019_policy_acceptances;
mod m20261206_000020_seller_identity;
mod m20261206_000021_abuse_reports;
mod m20261206_000022_policy_announcements;
mod m20261206_000023_plan_uploads;

/// Every migration of the schema, oldest first: run by the server at startup,
/// by the CLI (up, down, status) and by the test harness on a fresh database.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_create_admin_units::Migration),
            Box::new(m20260101_000002_create_producers::Migration),
            Box::new(m20260101_000003_create_products::Migration),
            Box::new(m20260101_000004_create_users::Migration),
            Box::new(m20260101_000005_create_certifications::Migration),
            Box::new(m20260101_000006_create_sales_points_and_events::Migration),
            Box::new(m20260101_000007_create_carts_and_checkouts::Migration),
            Box::new(m20260101_000008_create_orders::Migration),
            Box::new(m20260101_000009_create_plans_and_outboxes::Migration),
            Box::new(m20261124_000010_checkout_responses::Migration),
            Box::new(m20261124_000011_checkout_drafts::Migration),
            Box::new(m20261125_000012_add_payment_intent_ref::Migration),
            Box::new(m20261126_000013_product_views::Migration),
            Box::new(m20261127_000014_producer_story_source::Migration),
            Box::new(m20261128_000015_plan_report_schedule::Migration),
            Box::new(m20261128_000016_unique_event_booths::Migration),
            Box::new(m20261129_000017_map_positions::Migration),
            Box::new(m20261206_000018_audit_log::Migration),
            Box::new(m20261206_000019_policy_acceptances::Migration),
            Box::new(m20261206_000020_seller_identity::Migration),
            Box::new(m20261206_000021_abuse_reports::Migration),
            Box::new(m20261206_000022_policy_announcements::Migration),
            Box::new(m20261206_000023_plan_uploads::Migration),
        ]
    }
}

#[derive(DeriveIden)]
enum Stamp {
    CreatedAt,
    UpdatedAt,
}

/// The `BIGINT` auto-increment primary key every table but `product_groups` has.
fn id<T: IntoIden>(col: T) -> ColumnDef {
    big_integer(col).auto_increment().primary_key().take()
}

/// `created_at`, UTC, filled by the database when the application leaves it out.
fn created_at() -> ColumnDef {
    timestamp_with_time_zone_default_now(Stamp::CreatedAt)
}

/// `updated_at`; the application sets it on every update (no triggers, so the
/// behaviour is the same on both backends).
fn updated_at() -> ColumnDef {
    timestamp_with_time_zone_default_now(Stamp::UpdatedAt)
}

/// A named foreign key `from` → `to`.
fn fk<FT, FC, TT, TC>(
    name: &str,
    from: (FT, FC),
    to: (TT, TC),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement
where
    FT: IntoTableRef,
    FC: IntoIden,
    TT: IntoTableRef,
    TC: IntoIden,
{
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .take()
}

/// A named plain index over `cols` of `table`.
fn index<T, C, I>(name: &str, table: T, cols: I) -> IndexCreateStatement
where
    T: IntoTableRef,
    C: IntoIden,
    I: IntoIterator<Item = C>,
{
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    stmt
}

/// A named unique index: unlike a column-level `UNIQUE`, its name is ours on
/// both backends, and it still allows several NULLs.
fn unique<T, C, I>(name: &str, table: T, cols: I) -> IndexCreateStatement
where
    T: IntoTableRef,
    C: IntoIden,
    I: IntoIterator<Item = C>,
{
    index(name, table, cols).unique().take()
}

/// `CHECK (col IN (...))` for an enumeration kept as text.
fn check_in<C: IntoIden>(name: &str, col: C, values: &[&str]) -> Check {
    Check::named(
        name.to_owned(),
        Expr::col(col.into_iden()).is_in(values.iter().copied()),
    )
}

/// `CHECK (col >= 0)`, for money and stock (NULL passes, as SQL has it).
fn non_negative<C: IntoIden>(name: &str, col: C) -> Check {
    Check::named(name.to_owned(), Expr::col(col.into_iden()).gte(0))
}

/// `CHECK (col > 0)`, for quantities.
fn positive<C: IntoIden>(name: &str, col: C) -> Check {
    Check::named(name.to_owned(), Expr::col(col.into_iden()).gt(0))
}

#[cfg(test)]
mod tests {
    use sea_orm_migration::sea_orm::{
        ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    };

    use super::*;

    async fn tables(db: &DatabaseConnection) -> Vec<String> {
        let sql = match db.get_database_backend() {
            DbBackend::Sqlite => {
                "SELECT name AS t FROM sqlite_master \
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            _ => {
                "SELECT table_name::text AS t FROM information_schema.tables \
                 WHERE table_schema = 'public' ORDER BY table_name"
            }
        };
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap();
        rows.iter()
            .map(|row| row.try_get::<String>("", "t").unwrap())
            .filter(|t| t != "seaql_migrations")
            .collect()
    }

    /// Up, down, up again: every `down` must undo its `up` exactly, or the
    /// second `up` trips over what was left behind.
    async fn round_trip(db: &DatabaseConnection) {
        Migrator::up(db, None).await.unwrap();
        assert_eq!(tables(db).await.len(), 42);

        let groups = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT COUNT(*) AS n, SUM(CASE WHEN is_tourism THEN id ELSE 0 END) AS t \
                 FROM product_groups",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(groups.try_get::<i64>("", "n").unwrap(), 6);
        assert_eq!(groups.try_get::<i64>("", "t").unwrap(), 6);

        db.execute_unprepared(
            "INSERT INTO provinces (code, name, full_name, name_en, slug, name_key, kind, \
             dataset_version) VALUES ('92', 'Cần Thơ', 'Thành phố Cần Thơ', 'Can Tho', \
             'can-tho', 'can tho', 'municipality', '2025')",
        )
        .await
        .unwrap();
        // Constraints are enforced, not just declared.
        let refused = [
            (
                "a seventh product group",
                "INSERT INTO product_groups (id, name_vi, name_en, slug) \
                 VALUES (7, 'x', 'x', 'x')",
            ),
            (
                "a commune of a missing province",
                "INSERT INTO communes (code, province_id, name, full_name, name_en, slug, \
                 kind, name_key, full_name_key) \
                 VALUES ('1', 999, 'a', 'a', 'a', 'a', 'commune', 'a', 'a')",
            ),
            (
                "an unknown province kind",
                "INSERT INTO provinces (code, name, full_name, name_en, slug, name_key, kind, \
                 dataset_version) VALUES ('93', 'x', 'x', 'x', 'x', 'x', 'city', '2025')",
            ),
            (
                "a duplicate province code",
                "INSERT INTO provinces (code, name, full_name, name_en, slug, name_key, kind, \
                 dataset_version) VALUES ('92', 'x', 'x', 'x', 'x', 'x', 'province', '2025')",
            ),
            (
                // The key that closes the media → users → producers cycle.
                "media uploaded by a missing user",
                "INSERT INTO media (path, content_type, width, height, bytes, sha256, \
                 uploaded_by_user_id) VALUES ('b.jpg', 'image/jpeg', 1, 1, 1, 'x', 999)",
            ),
        ];
        for (what, sql) in refused {
            assert!(
                db.execute_unprepared(sql).await.is_err(),
                "{what} was accepted"
            );
        }

        Migrator::down(db, None).await.unwrap();
        assert_eq!(tables(db).await, Vec::<String>::new());
        Migrator::up(db, None).await.unwrap();
        assert_eq!(tables(db).await.len(), 42);
    }

    #[tokio::test]
    async fn migrations_round_trip_on_sqlite() {
        // One connection: every connection to `sqlite::memory:` is its own database.
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1);
        let db = Database::connect(options).await.unwrap();
        round_trip(&db).await;
    }

    /// Runs only when `OCOP_TEST_POSTGRES_URL` names a server
    /// (e.g. `postgres://postgres@127.0.0.1:5432`); it works in a database of
    /// its own and drops it afterwards.
    #[tokio::test]
    async fn migrations_round_trip_on_postgres() {
        let Ok(server) = std::env::var("OCOP_TEST_POSTGRES_URL") else {
            eprintln!("OCOP_TEST_POSTGRES_URL unset: skipping the PostgreSQL round trip");
            return;
        };
        let server = server.trim_end_matches('/');
        let name = format!("migrations_test_{}", std::process::id());
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .unwrap();
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap();
        let db = Database::connect(format!("{server}/{name}")).await.unwrap();
        let outcome = tokio::spawn(async move {
            round_trip(&db).await;
            db.close().await.unwrap();
        })
        .await;
        admin
            .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
            .await
            .unwrap();
        if let Err(panic) = outcome {
            std::panic::resume_unwind(panic.into_panic());
        }
    }
}
