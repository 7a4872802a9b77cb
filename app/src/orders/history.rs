//! An order's history: every step it takes, who moved it from where to
//! where, when and why; the order page and the stall show it.

use crate::domain::OrderStatus;
use crate::entities::order_status_history;
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// Writes a step of order `order_id`'s history: who moved it from where to
/// where, when and why.
pub async fn record_step(
    db: &impl ConnectionTrait,
    order_id: i64,
    from: Option<OrderStatus>,
    to: OrderStatus,
    note: Option<&str>,
    by_user: Option<i64>,
    at: DateTime<Utc>,
) -> AppResult<()> {
    order_status_history::ActiveModel {
        order_id: Set(order_id),
        from_status: Set(from),
        to_status: Set(to),
        note: Set(note.map(str::to_owned)),
        changed_by_user_id: Set(by_user),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
