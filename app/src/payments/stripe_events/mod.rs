//! What Stripe's webhook events do to our payments and orders. The caller
//! has checked the signature; here each event is recorded in
//! `webhook_events` in the same transaction as its effect, so a second
//! delivery of the same event id (Stripe retries, an attacker replays) finds
//! the row taken and does nothing. Every change is conditional on the
//! current status, so events arriving out of order cannot undo each other.
//!
//! Only these events change anything: `checkout.session.completed` (paid:
//! orders confirmed, stock sold), `checkout.session.expired` (orders
//! cancelled, stock back), `payment_intent.payment_failed` (noted; the
//! shopper may try another card until the session expires) and
//! `charge.refunded` (a full refund: payment and orders refunded). Others
//! are recorded and acknowledged.

mod find;

use crate::domain::{OrderStatus, PaymentStatus};

use crate::entities::{checkouts, orders, payments, webhook_events};
use crate::error::AppResult;
use crate::orders::history::record_step;
use crate::orders::notices::queue_card_notices;
use crate::orders::reservations::{cancel_unpaid, commit_order};
use chrono::{DateTime, Utc};
use find::{
    check_amount, move_payment, object, orders_of, payment_by_intent, payment_by_session,
    unreadable, Charge, Event, Intent, Session,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set, SqlErr,
};
use serde_json::Value;

/// `webhook_events.provider` of Stripe's events.
pub const PROVIDER: &str = "stripe";

const PAID: &str = "Đã thanh toán thẻ qua Stripe / card payment received through Stripe";
const EXPIRED: &str =
    "Hết thời gian thanh toán thẻ / the card payment page expired without a payment";
const REFUNDED: &str = "Đã hoàn tiền qua Stripe / refunded through Stripe";

/// What became of an event; the webhook's answer says it as a lowercase
/// word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = StripeOutcome)]
pub enum Outcome {
    /// Recorded and applied.
    Applied,
    /// Recorded; nothing to change (an event type we do not act on, a
    /// session that is not ours, a state already reached).
    Recorded,
    /// Already processed earlier: nothing done.
    Replayed,
}

impl Outcome {
    /// The word the webhook's answer and the log say.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Recorded => "recorded",
            Outcome::Replayed => "replayed",
        }
    }
}

/// Applies the (signature-checked) event `payload` at `now`; `base_url`
/// is for the links in the mail a payment sends.
pub async fn apply_event(
    db: &DatabaseConnection,
    payload: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let event: Event = serde_json::from_str(payload).map_err(|_| unreadable())?;
    let txn = crate::db::begin_write(db).await?;
    let recorded = webhook_events::ActiveModel {
        provider: Set(PROVIDER.to_owned()),
        event_id: Set(event.id.clone()),
        event_type: Set(event.kind.clone()),
        payload: Set(payload.to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match recorded {
        Ok(_) => {}
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            txn.rollback().await?;
            return Ok(Outcome::Replayed);
        }
        Err(e) => return Err(e.into()),
    }
    let outcome = match event.kind.as_str() {
        "checkout.session.completed" | "checkout.session.async_payment_succeeded" => {
            session_paid(&txn, &event, object(&event)?, base_url, now).await?
        }
        "checkout.session.expired" => session_expired(&txn, &event, object(&event)?, now).await?,
        "payment_intent.payment_failed" => {
            payment_failed(&txn, &event, object(&event)?, now).await?
        }
        "charge.refunded" => refunded(&txn, &event, object(&event)?, now).await?,
        _ => Outcome::Recorded,
    };
    txn.commit().await?;
    Ok(outcome)
}

async fn session_paid(
    txn: &DatabaseTransaction,
    event: &Event,
    session: Session,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let Some(payment) = payment_by_session(txn, event, &session.id).await? else {
        return Ok(Outcome::Recorded);
    };
    check_amount(
        event,
        &payment,
        session.amount_total,
        session.currency.as_deref(),
    )?;
    if session.payment_status.as_deref() != Some("paid") {
        // A delayed method: its own event says when the money arrives.
        return Ok(Outcome::Recorded);
    }
    if !move_payment(
        txn,
        &payment,
        &[PaymentStatus::Pending, PaymentStatus::Failed],
        PaymentStatus::Succeeded,
        now,
    )
    .await?
    {
        return Ok(Outcome::Recorded);
    }
    let intent = match &session.payment_intent {
        Some(Value::String(id)) => Some(id.clone()),
        Some(object) => object["id"].as_str().map(str::to_owned),
        None => None,
    };
    if let Some(intent) = intent {
        payments::Entity::update_many()
            .col_expr(payments::Column::ProviderPaymentRef, Expr::value(intent))
            .filter(payments::Column::Id.eq(payment.id))
            .exec(txn)
            .await?;
    }
    let mut confirmed = Vec::new();
    for order in orders_of(txn, &payment).await? {
        let changed = orders::Entity::update_many()
            .col_expr(orders::Column::Status, Expr::value(OrderStatus::Confirmed))
            .col_expr(orders::Column::PaymentReceivedAt, Expr::value(now))
            .col_expr(orders::Column::UpdatedAt, Expr::value(now))
            .filter(orders::Column::Id.eq(order.id))
            .filter(orders::Column::Status.eq(OrderStatus::PendingPayment))
            .exec(txn)
            .await?;
        if changed.rows_affected == 1 {
            commit_order(txn, order.id, now).await?;
            record_step(
                txn,
                order.id,
                Some(OrderStatus::PendingPayment),
                OrderStatus::Confirmed,
                Some(PAID),
                None,
                now,
            )
            .await?;
            confirmed.push(order.number);
        } else {
            // Its stock may be gone: the money has to go back.
            tracing::error!(
                event = %event.id,
                order = %order.number,
                status = %order.status,
                "card payment received for an order no longer waiting for it: refund it in Stripe"
            );
        }
    }
    if let Some(checkout) = checkouts::Entity::find_by_id(payment.checkout_id)
        .one(txn)
        .await?
    {
        queue_card_notices(txn, &checkout, &confirmed, base_url).await?;
    }
    Ok(Outcome::Applied)
}

async fn session_expired(
    txn: &DatabaseTransaction,
    event: &Event,
    session: Session,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let Some(payment) = payment_by_session(txn, event, &session.id).await? else {
        return Ok(Outcome::Recorded);
    };
    if session.amount_total.is_some() || session.currency.is_some() {
        check_amount(
            event,
            &payment,
            session.amount_total,
            session.currency.as_deref(),
        )?;
    }
    if !move_payment(
        txn,
        &payment,
        &[PaymentStatus::Pending, PaymentStatus::Failed],
        PaymentStatus::Cancelled,
        now,
    )
    .await?
    {
        return Ok(Outcome::Recorded);
    }
    for order in orders_of(txn, &payment).await? {
        cancel_unpaid(txn, order.id, EXPIRED, now).await?;
    }
    Ok(Outcome::Applied)
}

async fn payment_failed(
    txn: &DatabaseTransaction,
    event: &Event,
    intent: Intent,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let Some(payment) = payment_by_intent(txn, event, Some(&intent.id), &intent.metadata).await?
    else {
        return Ok(Outcome::Recorded);
    };
    check_amount(event, &payment, intent.amount, intent.currency.as_deref())?;
    // Already failed once: another declined card is noted all the same.
    if !move_payment(
        txn,
        &payment,
        &[PaymentStatus::Pending, PaymentStatus::Failed],
        PaymentStatus::Failed,
        now,
    )
    .await?
    {
        return Ok(Outcome::Recorded);
    }
    let reason = intent
        .last_payment_error
        .and_then(|e| e.decline_code.or(e.code))
        .unwrap_or_else(|| "unknown".to_owned());
    let note = format!(
        "Thanh toán thẻ không thành công ({reason}); có thể thử lại đến khi trang thanh toán hết hạn / card payment failed ({reason}); it may be retried until the payment page expires"
    );
    for order in orders_of(txn, &payment).await? {
        if order.status == OrderStatus::PendingPayment {
            let status = Some(order.status);
            record_step(txn, order.id, status, order.status, Some(&note), None, now).await?;
        }
    }
    Ok(Outcome::Applied)
}

async fn refunded(
    txn: &DatabaseTransaction,
    event: &Event,
    charge: Charge,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let Some(payment) = payment_by_intent(
        txn,
        event,
        charge.payment_intent.as_deref(),
        &charge.metadata,
    )
    .await?
    else {
        return Ok(Outcome::Recorded);
    };
    check_amount(event, &payment, charge.amount, charge.currency.as_deref())?;
    if !charge.refunded {
        // A partial refund: the orders stand; the officer sees it in Stripe.
        tracing::info!(event = %event.id, payment = payment.id, "partial card refund recorded");
        return Ok(Outcome::Recorded);
    }
    if !move_payment(
        txn,
        &payment,
        &[PaymentStatus::Succeeded],
        PaymentStatus::Refunded,
        now,
    )
    .await?
    {
        return Ok(Outcome::Recorded);
    }
    // The stock is left as it is: whether refunded goods come back to the
    // shelf is the producer's call.
    for order in orders_of(txn, &payment).await? {
        if OrderStatus::NOT_SALES.contains(&order.status) {
            continue;
        }
        let changed = orders::Entity::update_many()
            .col_expr(orders::Column::Status, Expr::value(OrderStatus::Refunded))
            .col_expr(orders::Column::UpdatedAt, Expr::value(now))
            .filter(orders::Column::Id.eq(order.id))
            .filter(orders::Column::Status.eq(order.status))
            .exec(txn)
            .await?;
        if changed.rows_affected == 1 {
            let from = Some(order.status);
            record_step(
                txn,
                order.id,
                from,
                OrderStatus::Refunded,
                Some(REFUNDED),
                None,
                now,
            )
            .await?;
        }
    }
    Ok(Outcome::Applied)
}

#[cfg(test)]
mod tests {
    use super::Outcome;

    #[test]
    fn an_outcome_is_answered_and_logged_as_the_same_word() {
        for outcome in [Outcome::Applied, Outcome::Recorded, Outcome::Replayed] {
            let sent = serde_json::to_value(outcome).expect("serialises");
            assert_eq!(sent, outcome.name());
        }
    }
}
