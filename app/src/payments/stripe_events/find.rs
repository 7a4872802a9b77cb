//! Reading Stripe's events and finding the payment they are about: only
//! the fields we act on are parsed, and an event whose amount or currency
//! is not the payment's is refused.

use crate::domain::PaymentMethod;

use crate::domain::PaymentStatus;
use crate::entities::{checkouts, orders, payments};
use crate::error::{AppError, AppResult};
use crate::stripe_client::CHECKOUT_KEY;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// A Stripe Event: its id, type and object.
#[derive(Deserialize)]
pub(super) struct Event {
    pub(super) id: String,
    #[serde(rename = "type")]
    pub(super) kind: String,
    pub(super) data: EventData,
}

#[derive(Deserialize)]
pub(super) struct EventData {
    pub(super) object: Value,
}

/// The parts of a Checkout Session we read.
#[derive(Deserialize)]
pub(super) struct Session {
    pub(super) id: String,
    pub(super) amount_total: Option<i64>,
    pub(super) currency: Option<String>,
    pub(super) payment_status: Option<String>,
    /// An id, or the object when expanded.
    pub(super) payment_intent: Option<Value>,
}

/// The parts of a PaymentIntent we read.
#[derive(Deserialize)]
pub(super) struct Intent {
    pub(super) id: String,
    pub(super) amount: Option<i64>,
    pub(super) currency: Option<String>,
    #[serde(default)]
    pub(super) metadata: HashMap<String, String>,
    pub(super) last_payment_error: Option<IntentError>,
}

#[derive(Deserialize)]
pub(super) struct IntentError {
    pub(super) code: Option<String>,
    pub(super) decline_code: Option<String>,
}

/// The parts of a Charge we read.
#[derive(Deserialize)]
pub(super) struct Charge {
    pub(super) amount: Option<i64>,
    pub(super) currency: Option<String>,
    #[serde(default)]
    pub(super) refunded: bool,
    pub(super) payment_intent: Option<String>,
    #[serde(default)]
    pub(super) metadata: HashMap<String, String>,
}

pub(super) fn unreadable() -> AppError {
    AppError::invalid(
        "body",
        "Không đọc được sự kiện Stripe.",
        "The Stripe event cannot be read.",
    )
}

pub(super) fn object<T: for<'de> Deserialize<'de>>(event: &Event) -> AppResult<T> {
    serde_json::from_value(event.data.object.clone()).map_err(|_| unreadable())
}

/// Refuses an event whose amount or currency is not the payment's: a
/// tampered or misrouted event must not settle anything.
pub(super) fn check_amount(
    event: &Event,
    payment: &payments::Model,
    amount: Option<i64>,
    currency: Option<&str>,
) -> AppResult<()> {
    let currency_ok = currency.is_some_and(|c| c.eq_ignore_ascii_case("vnd"));
    if currency_ok && amount == Some(payment.amount_vnd) {
        return Ok(());
    }
    tracing::error!(
        event = %event.id,
        payment = payment.id,
        expected_vnd = payment.amount_vnd,
        amount = ?amount,
        currency = ?currency,
        "Stripe event refused: amount or currency differs from the payment"
    );
    Err(AppError::invalid(
        "data.object.amount",
        "Số tiền hoặc loại tiền của sự kiện không khớp với khoản thanh toán.",
        "The event's amount or currency does not match the payment.",
    ))
}

pub(super) async fn payment_by_session(
    txn: &DatabaseTransaction,
    event: &Event,
    session: &str,
) -> AppResult<Option<payments::Model>> {
    let payment = payments::Entity::find()
        .filter(payments::Column::ProviderRef.eq(session))
        .filter(payments::Column::Method.eq(PaymentMethod::Card))
        .one(txn)
        .await?;
    if payment.is_none() {
        tracing::warn!(event = %event.id, session, "Stripe event for a session that is not ours");
    }
    Ok(payment)
}

/// The payment of a PaymentIntent: by its id once known, else by the
/// checkout id the session put in its metadata.
pub(super) async fn payment_by_intent(
    txn: &DatabaseTransaction,
    event: &Event,
    intent: Option<&str>,
    metadata: &HashMap<String, String>,
) -> AppResult<Option<payments::Model>> {
    if let Some(intent) = intent {
        let found = payments::Entity::find()
            .filter(payments::Column::ProviderPaymentRef.eq(intent))
            .one(txn)
            .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let mut found = None;
    if let Some(public_id) = metadata.get(CHECKOUT_KEY) {
        if let Some(checkout) = checkouts::Entity::find()
            .filter(checkouts::Column::PublicId.eq(public_id.as_str()))
            .one(txn)
            .await?
        {
            found = payments::Entity::find()
                .filter(payments::Column::CheckoutId.eq(checkout.id))
                .filter(payments::Column::Method.eq(PaymentMethod::Card))
                .one(txn)
                .await?;
        }
    }
    if found.is_none() {
        tracing::warn!(event = %event.id, "Stripe event for a payment that is not ours");
    }
    Ok(found)
}

pub(super) async fn orders_of(
    txn: &DatabaseTransaction,
    payment: &payments::Model,
) -> AppResult<Vec<orders::Model>> {
    Ok(orders::Entity::find()
        .filter(orders::Column::CheckoutId.eq(payment.checkout_id))
        .all(txn)
        .await?)
}

/// Moves the payment to `to` if it is in one of `from`; whether it moved.
pub(super) async fn move_payment(
    txn: &DatabaseTransaction,
    payment: &payments::Model,
    from: &[PaymentStatus],
    to: PaymentStatus,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let mut update = payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(to))
        .col_expr(payments::Column::UpdatedAt, Expr::value(now))
        .filter(payments::Column::Id.eq(payment.id))
        .filter(payments::Column::Status.is_in(from.iter().copied()));
    if to == PaymentStatus::Succeeded {
        update = update.col_expr(payments::Column::ConfirmedAt, Expr::value(now));
    }
    Ok(update.exec(txn).await?.rows_affected == 1)
}
