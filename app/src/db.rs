//! Database helpers shared by every feature.

use sea_orm::{DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Starts a transaction that will write. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`), so it waits its turn behind other writers
/// (within the busy timeout) instead of failing half-way with "database is
/// locked" when a read has to become a write while another connection
/// writes; on PostgreSQL it is an ordinary `BEGIN`.
pub async fn begin_write<C>(db: &C) -> Result<C::Transaction, DbErr>
where
    C: TransactionTrait + ?Sized,
{
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}
