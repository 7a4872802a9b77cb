//! Stock held for orders. A hold becomes `committed` once the order is paid
//! or confirmed, and is `released` (its units back in stock) when the order
//! is cancelled or an online payment does not arrive in time. Every change is
//! conditional on the hold's current status, so two releases of one hold
//! (a sweeper on each replica, a cancel racing the sweeper) return the stock
//! once.

use crate::domain::{OrderStatus, ReservationStatus};

use super::history::record_step;
use crate::entities::{orders, products, stock_reservations};
use crate::error::AppResult;
use crate::search::outbox::queue_products;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
};

/// Why an order whose hold ran out was cancelled.
const UNPAID: &str = "Hết thời gian chờ thanh toán / payment not received in time";

/// Most orders released by one sweep (the rest wait for the next).
const SWEEP_BATCH: u64 = 200;

/// Releases every hold of order `order_id` still `held`, returning its units
/// to stock; the number of units returned.
pub async fn release_order(
    db: &impl ConnectionTrait,
    order_id: i64,
    now: DateTime<Utc>,
) -> AppResult<i64> {
    let holds = stock_reservations::Entity::find()
        .filter(stock_reservations::Column::OrderId.eq(order_id))
        .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
        .all(db)
        .await?;
    let mut returned = 0;
    let mut touched = Vec::new();
    for hold in holds {
        let released = stock_reservations::Entity::update_many()
            .col_expr(
                stock_reservations::Column::Status,
                Expr::value(ReservationStatus::Released),
            )
            .col_expr(stock_reservations::Column::UpdatedAt, Expr::value(now))
            .filter(stock_reservations::Column::Id.eq(hold.id))
            .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
            .exec(db)
            .await?;
        if released.rows_affected != 1 {
            continue;
        }
        products::Entity::update_many()
            .col_expr(
                products::Column::Stock,
                Expr::col(products::Column::Stock).add(i64::from(hold.quantity)),
            )
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            )
            .col_expr(products::Column::UpdatedAt, Expr::value(now))
            .filter(products::Column::Id.eq(hold.product_id))
            .exec(db)
            .await?;
        returned += i64::from(hold.quantity);
        touched.push(hold.product_id);
    }
    if !touched.is_empty() {
        queue_products(db, touched).await?;
    }
    Ok(returned)
}

/// Marks the holds of order `order_id` as sold (paid, or confirmed for cash
/// on delivery): they no longer expire.
pub async fn commit_order(
    db: &impl ConnectionTrait,
    order_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    stock_reservations::Entity::update_many()
        .col_expr(
            stock_reservations::Column::Status,
            Expr::value(ReservationStatus::Committed),
        )
        .col_expr(stock_reservations::Column::UpdatedAt, Expr::value(now))
        .filter(stock_reservations::Column::OrderId.eq(order_id))
        .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
        .exec(db)
        .await?;
    Ok(())
}

/// Cancels order `order_id` if it still waits for its payment, returning
/// its stock and writing the step with `reason`; whether it did.
pub async fn cancel_unpaid(
    db: &impl ConnectionTrait,
    order_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let changed = orders::Entity::update_many()
        .col_expr(orders::Column::Status, Expr::value(OrderStatus::Cancelled))
        .col_expr(orders::Column::CancelReason, Expr::value(reason))
        .col_expr(orders::Column::UpdatedAt, Expr::value(now))
        .filter(orders::Column::Id.eq(order_id))
        .filter(orders::Column::Status.eq(OrderStatus::PendingPayment))
        .exec(db)
        .await?;
    if changed.rows_affected != 1 {
        return Ok(false);
    }
    release_order(db, order_id, now).await?;
    record_step(
        db,
        order_id,
        Some(OrderStatus::PendingPayment),
        OrderStatus::Cancelled,
        Some(reason),
        None,
        now,
    )
    .await?;
    Ok(true)
}

/// Cancels the unpaid orders whose hold ran out at `now` and returns their
/// stock; the number of orders cancelled. Safe to run on every replica.
pub async fn release_expired(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<usize> {
    let order_ids: Vec<i64> = stock_reservations::Entity::find()
        .select_only()
        .column(stock_reservations::Column::OrderId)
        .distinct()
        .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
        .filter(stock_reservations::Column::ExpiresAt.lte(now))
        .limit(SWEEP_BATCH)
        .into_tuple()
        .all(db)
        .await?;
    let mut cancelled = 0;
    for order_id in order_ids {
        let txn = crate::db::begin_write(db).await?;
        // Only an order still waiting for its payment is cancelled; one paid
        // in the meantime keeps its goods.
        if cancel_unpaid(&txn, order_id, UNPAID, now).await? {
            cancelled += 1;
        } else {
            // Handled meanwhile: a cancelled order gives its goods back, a
            // paid one keeps them.
            let status = orders::Entity::find_by_id(order_id)
                .one(&txn)
                .await?
                .map(|o| o.status);
            match status {
                Some(s) if OrderStatus::NOT_SALES.contains(&s) => {
                    release_order(&txn, order_id, now).await?;
                }
                None => {
                    release_order(&txn, order_id, now).await?;
                }
                Some(_) => commit_order(&txn, order_id, now).await?,
            }
        }
        txn.commit().await?;
    }
    Ok(cancelled)
}
