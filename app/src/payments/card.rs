//! Card payments through a Stripe Checkout Session. The orders are written
//! (and their stock held) first; then Stripe is asked for a session in VND,
//! one line per order. The session's page takes the card; only a signed
//! webhook (see [`super::stripe_events`]) marks anything paid. When Stripe
//! cannot be reached or refuses, the orders are cancelled and their stock
//! returned before the shopper is told, so nothing stays reserved.

use crate::domain::{OrderStatus, PaymentStatus, ReservationStatus};

use crate::entities::{checkouts, orders, payments, stock_reservations};
use crate::error::{AppError, AppResult, Message};
use crate::orders::receipt::CheckoutReceipt;
use crate::orders::reservations::cancel_unpaid;
use crate::state::CommerceSettings;
use crate::stripe_client::{
    hold_until, open_session, session_expires_at, CardPayments, SessionLine, SessionRequest,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// How long the request that placed a card checkout may take to record its
/// Stripe session: Stripe's own timeout plus a margin, the request timeout.
/// A checkout still without its session after that was left by a process
/// that died, and the shopper's retry takes it over ([`resume_payment`]).
pub const SESSION_OPENING_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);
/// Why orders are cancelled when their payment could not be started.
const NOT_STARTED: &str =
    "Không mở được trang thanh toán thẻ / the card payment could not be started";

/// Opens the Stripe session of the card `checkout` just placed (`receipt` is
/// its answer) and records it: the session id on the payment, its page in
/// the stored answer (so an idempotent replay sends the shopper to the same
/// page) and in `receipt`. When that fails, undoes the checkout: see
/// [`abandon`].
pub async fn start_payment(
    db: &DatabaseConnection,
    card: &CardPayments,
    checkout: &checkouts::Model,
    receipt: &mut CheckoutReceipt,
    settings: &CommerceSettings,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = session_request(
        receipt,
        checkout.contact_email.as_deref(),
        session_expires_at(settings.hold_card_minutes, now),
    )?;
    let session = match open_session(card, &request).await {
        Ok(session) => session,
        Err(cause) => {
            abandon(db, checkout.id, now).await?;
            return Err(unavailable(cause));
        }
    };
    receipt.payment.redirect_url = Some(session.url.clone());
    let stored = receipt.to_stored()?;
    let txn = crate::db::begin_write(db).await?;
    payments::Entity::update_many()
        .col_expr(
            payments::Column::ProviderRef,
            Expr::value(session.id.clone()),
        )
        .col_expr(payments::Column::UpdatedAt, Expr::value(now))
        .filter(payments::Column::CheckoutId.eq(checkout.id))
        .exec(&txn)
        .await?;
    checkouts::Entity::update_many()
        .col_expr(checkouts::Column::ResponseBody, Expr::value(stored))
        .col_expr(checkouts::Column::UpdatedAt, Expr::value(now))
        .filter(checkouts::Column::Id.eq(checkout.id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    tracing::info!(
        checkout = %request.checkout_id,
        session = %session.id,
        "card payment session opened"
    );
    Ok(())
}

/// Opens the Stripe session of a card checkout left without one, when the
/// process placing it died between writing the orders and recording the
/// session (a crash, a kill -9). `receipt` is the stored answer; it gets the
/// session's page as in [`start_payment`]. False (and nothing done) while
/// the first request may still be at it, before [`SESSION_OPENING_DEADLINE`],
/// or when another retry has just claimed it; the claim is a conditional
/// update, so on any number of replicas one request opens the session. The
/// stock is held again from now, as long as for a new checkout.
pub async fn resume_payment(
    db: &DatabaseConnection,
    card: &CardPayments,
    checkout: &checkouts::Model,
    receipt: &mut CheckoutReceipt,
    settings: &CommerceSettings,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let deadline = chrono::Duration::from_std(SESSION_OPENING_DEADLINE).unwrap_or_default();
    if checkout.updated_at > now - deadline {
        return Ok(false);
    }
    let claimed = checkouts::Entity::update_many()
        .col_expr(checkouts::Column::UpdatedAt, Expr::value(now))
        .filter(checkouts::Column::Id.eq(checkout.id))
        .filter(checkouts::Column::UpdatedAt.eq(checkout.updated_at))
        .exec(db)
        .await?
        .rows_affected
        == 1;
    if !claimed {
        return Ok(false);
    }
    let order_ids: Vec<i64> = orders::Entity::find()
        .filter(orders::Column::CheckoutId.eq(checkout.id))
        .all(db)
        .await?
        .into_iter()
        .filter(|o| o.status == OrderStatus::PendingPayment)
        .map(|o| o.id)
        .collect();
    if order_ids.is_empty() {
        // The hold ran out and the sweep cancelled the orders meanwhile.
        return Err(AppError::Conflict {
            code: "checkout_expired",
            message: Message::new(
                "Đơn hàng này đã hết thời gian giữ hàng và đã được huỷ; vui lòng đặt lại.",
                "This order's hold ran out and it was cancelled; please order again.",
            ),
        });
    }
    stock_reservations::Entity::update_many()
        .col_expr(
            stock_reservations::Column::ExpiresAt,
            Expr::value(hold_until(settings.hold_card_minutes, now)),
        )
        .filter(stock_reservations::Column::OrderId.is_in(order_ids))
        .filter(stock_reservations::Column::Status.eq(ReservationStatus::Held))
        .exec(db)
        .await?;
    tracing::warn!(
        checkout = %checkout.public_id,
        "card checkout left without its payment session; opening it on the retry"
    );
    start_payment(db, card, checkout, receipt, settings, now).await?;
    Ok(true)
}

/// Undoes a card checkout whose payment could not be started: its orders
/// cancelled with the reason, their stock back, the payment failed, and its
/// `Idempotency-Key` freed so that the shopper's retry is a new attempt,
/// not a replay of this failure.
pub async fn abandon(
    db: &DatabaseConnection,
    checkout_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let order_ids: Vec<i64> = orders::Entity::find()
        .filter(orders::Column::CheckoutId.eq(checkout_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    for order_id in order_ids {
        cancel_unpaid(&txn, order_id, NOT_STARTED, now).await?;
    }
    payments::Entity::update_many()
        .col_expr(payments::Column::Status, Expr::value(PaymentStatus::Failed))
        .col_expr(payments::Column::UpdatedAt, Expr::value(now))
        .filter(payments::Column::CheckoutId.eq(checkout_id))
        .filter(payments::Column::Status.eq(PaymentStatus::Pending))
        .exec(&txn)
        .await?;
    checkouts::Entity::update_many()
        .col_expr(
            checkouts::Column::IdempotencyKey,
            Expr::value(Option::<String>::None),
        )
        .col_expr(checkouts::Column::UpdatedAt, Expr::value(now))
        .filter(checkouts::Column::Id.eq(checkout_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The Stripe session a card checkout asks for, from its receipt: one line
/// per order, whole đồng; back to the first order's page (its link token
/// shows the way to the others) when paid or given up.
pub fn session_request(
    receipt: &CheckoutReceipt,
    email: Option<&str>,
    expires_at: DateTime<Utc>,
) -> AppResult<SessionRequest> {
    let page = receipt
        .orders
        .first()
        .map(|o| o.url.as_str())
        .ok_or_else(|| AppError::internal(std::io::Error::other("checkout without orders")))?;
    Ok(SessionRequest {
        checkout_id: receipt.checkout_id.clone(),
        lines: receipt
            .orders
            .iter()
            .map(|order| SessionLine {
                name: format!("Đơn hàng {} — {}", order.number, order.producer_name),
                amount_vnd: order.total_vnd,
            })
            .collect(),
        success_url: format!("{page}&thanh-toan=xong"),
        cancel_url: format!("{page}&thanh-toan=huy"),
        email: email.map(str::to_owned),
        expires_at,
    })
}

/// The shopper's answer when Stripe failed: nothing was kept.
fn unavailable(cause: Box<dyn std::error::Error + Send + Sync>) -> AppError {
    AppError::Unavailable {
        code: "payment_unavailable",
        message: Message::new(
            "Chưa kết nối được cổng thanh toán thẻ nên đơn hàng chưa được đặt và không có gì bị trừ. Vui lòng thử lại sau ít phút hoặc chọn cách thanh toán khác.",
            "The card payment service could not be reached, so nothing was ordered or charged. Please try again in a few minutes or choose another way to pay.",
        ),
        cause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrderStatus, PaymentMethod, PaymentStatus};
    use crate::orders::receipt::{PaymentReceipt, PlacedOrder};

    fn order(number: &str, producer: &str, total_vnd: i64) -> PlacedOrder {
        PlacedOrder {
            items: Vec::new(),
            number: number.into(),
            producer_code: "CT000001".into(),
            producer_name: producer.into(),
            shipping_vnd: 0,
            status: OrderStatus::PendingPayment,
            subtotal_vnd: total_vnd,
            total_vnd,
            url: format!("http://shop/don-hang/{number}?token=t"),
            vietqr_payload: None,
        }
    }

    #[test]
    fn one_line_per_order_back_to_the_first_orders_page() {
        let mut receipt = CheckoutReceipt {
            access_token: "t".into(),
            checkout_id: "abc".into(),
            orders: vec![
                order("DH261124AAAAAA", "HTX Trà", 185_000),
                order("DH261124BBBBBB", "Cơ sở Mắm", 40_000),
            ],
            payment: PaymentReceipt {
                method: PaymentMethod::Card,
                redirect_url: None,
                status: PaymentStatus::Pending,
                vietqr_payload: None,
            },
            total_vnd: 225_000,
        };
        let expires = Utc::now();
        let request = session_request(&receipt, Some("lan@example.vn"), expires).unwrap();
        assert_eq!(request.lines.len(), 2);
        assert_eq!(request.lines[0].name, "Đơn hàng DH261124AAAAAA — HTX Trà");
        assert_eq!(request.lines[1].amount_vnd, 40_000);
        assert_eq!(
            request.success_url,
            "http://shop/don-hang/DH261124AAAAAA?token=t&thanh-toan=xong"
        );
        assert_eq!(request.email.as_deref(), Some("lan@example.vn"));
        receipt.orders.clear();
        assert!(session_request(&receipt, None, expires).is_err());
    }
}
