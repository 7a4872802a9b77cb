//! Gives back the stock of unpaid orders whose hold ran out. Each replica
//! runs one; the release is conditional on the hold's state, so two replicas
//! sweeping at once return the stock once.

use chrono::Utc;
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// How often holds are looked at.
pub const EVERY: Duration = Duration::from_secs(30);

/// Returns stock held by unpaid orders whose time ran out, every
/// `every` for as long as the server runs.
pub fn spawn_hold_sweeper(db: DatabaseConnection, every: Duration) {
    tokio::spawn(async move {
        loop {
            match app::orders::reservations::release_expired(&db, Utc::now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(orders = n, "unpaid orders cancelled, stock returned"),
                Err(e) => tracing::warn!(error = ?e, "stock holds not swept; retrying"),
            }
            tokio::time::sleep(every).await;
        }
    });
}
