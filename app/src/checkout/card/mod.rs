//! Card payments through a Stripe Checkout Session. The orders are written
//! (and their stock held) first; then Stripe is asked for a session in VND,
//! one line per order. The session's page takes the card; only a signed
//! webhook (see [`super::stripe_events`]) marks anything paid. When Stripe
//! cannot be reached or refuses, the orders are cancelled and their stock
//! returned before the shopper is told, so nothing stays reserved.

use super::reservations::cancel_unpaid;
use super::settings::CommerceSettings;
use crate::entities::{checkouts, orders, payments, stock_reservations};
use crate::error::{AppError, AppResult, Message};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::Value;
use std::fmt;

mod session;

use session::open_session;
pub use session::{hold_until, session_expires_at, OpenedSession, SessionLine, SessionRequest};

/// How long one call to Stripe may take before the checkout gives up.
const STRIPE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
/// How long the request that placed a card checkout may take to record its
/// Stripe session: Stripe's own timeout plus a margin, the request timeout.
/// A checkout still without its session after that was left by a process
/// that died, and the shopper's retry takes it over ([`resume_payment`]).
pub const SESSION_OPENING_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);
/// Why orders are cancelled when their payment could not be started.
const NOT_STARTED: &str =
    "Không mở được trang thanh toán thẻ / the card payment could not be started";
/// Metadata key carrying our checkout's public id on the session and its
/// PaymentIntent, so every event can be traced back.
pub const CHECKOUT_KEY: &str = "checkout_id";

/// The Stripe client and the webhook signing secret: present exactly when
/// card payments are configured.
pub struct CardPayments {
    client: stripe::Client,
    webhook_secret: String,
}

impl fmt::Debug for CardPayments {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Neither the API key nor the signing secret may reach a log.
        f.write_str("CardPayments { .. }")
    }
}

/// Why card payments could not be set up at startup.
#[derive(Debug, thiserror::Error)]
pub enum CardSetupError {
    /// A secret key without a webhook secret could take money but never
    /// learn that it did.
    #[error("STRIPE_SECRET_KEY cần đi cùng STRIPE_WEBHOOK_SECRET (mã ký webhook whsec_…) / STRIPE_SECRET_KEY needs STRIPE_WEBHOOK_SECRET (the webhook signing secret, whsec_…)")]
    NoWebhookSecret,
    /// The client refused the key or the address.
    #[error("Không tạo được kết nối Stripe: {0} / Cannot set up the Stripe client: {0}")]
    Client(String),
}

impl CardPayments {
    /// A client for the API at `api_base` (Stripe's, or a stand-in).
    pub fn connect(
        secret_key: &str,
        webhook_secret: Option<&str>,
        api_base: &str,
    ) -> Result<Self, CardSetupError> {
        let webhook_secret = webhook_secret
            .filter(|s| !s.is_empty())
            .ok_or(CardSetupError::NoWebhookSecret)?;
        // The client appends `v1/...` to the base as written.
        let base = format!("{}/", api_base.trim_end_matches('/'));
        let client = stripe::ClientBuilder::new(secret_key)
            .url(base)
            .timeout(STRIPE_TIMEOUT)
            .app_info("ocop", Some(env!("CARGO_PKG_VERSION").to_owned()), None)
            .build()
            // The error names the part of the configuration, never the key.
            .map_err(|e| CardSetupError::Client(e.to_string()))?;
        Ok(CardPayments {
            client,
            webhook_secret: webhook_secret.to_owned(),
        })
    }

    /// The secret webhook signatures are checked with.
    pub fn webhook_secret(&self) -> &str {
        &self.webhook_secret
    }
}

/// Opens the Stripe session of the card `checkout` just placed (`body` is its
/// answer) and records it: the session id on the payment, its page in the
/// stored answer (so an idempotent replay sends the shopper to the same
/// page) and in `body`. When that fails, undoes the checkout: see
/// [`abandon`].
pub async fn start_payment(
    db: &DatabaseConnection,
    card: &CardPayments,
    checkout: &checkouts::Model,
    body: &mut Value,
    settings: &CommerceSettings,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = SessionRequest::from_answer(
        body,
        checkout.contact_email.as_deref(),
        session_expires_at(settings, now),
    )?;
    let session = match open_session(card, &request).await {
        Ok(session) => session,
        Err(cause) => {
            abandon(db, checkout.id, now).await?;
            return Err(unavailable(cause));
        }
    };
    body["payment"]["redirect_url"] = Value::from(session.url.clone());
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
        .col_expr(
            checkouts::Column::ResponseBody,
            Expr::value(body.to_string()),
        )
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
/// session (a crash, a kill -9). `body` is the stored answer; it gets the
/// session's page as in [`start_payment`]. False (and nothing done) while
/// the first request may still be at it, before [`SESSION_OPENING_DEADLINE`],
/// or when another retry has just claimed it; the claim is a conditional
/// update, so on any number of replicas one request opens the session. The
/// stock is held again from now, as long as for a new checkout.
pub async fn resume_payment(
    db: &DatabaseConnection,
    card: &CardPayments,
    checkout: &checkouts::Model,
    body: &mut Value,
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
        .filter(|o| o.status == "pending_payment")
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
            Expr::value(hold_until(settings, now)),
        )
        .filter(stock_reservations::Column::OrderId.is_in(order_ids))
        .filter(stock_reservations::Column::Status.eq("held"))
        .exec(db)
        .await?;
    tracing::warn!(
        checkout = %checkout.public_id,
        "card checkout left without its payment session; opening it on the retry"
    );
    start_payment(db, card, checkout, body, settings, now).await?;
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
        .col_expr(payments::Column::Status, Expr::value("failed"))
        .col_expr(payments::Column::UpdatedAt, Expr::value(now))
        .filter(payments::Column::CheckoutId.eq(checkout_id))
        .filter(payments::Column::Status.eq("pending"))
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

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let card = CardPayments::connect(
            "sk_test_secret123",
            Some("whsec_secret456"),
            "https://api.stripe.com",
        )
        .unwrap();
        let printed = format!("{card:?}");
        assert!(!printed.contains("secret123") && !printed.contains("secret456"));
        assert!(matches!(
            CardPayments::connect("sk_test_x", None, "https://api.stripe.com"),
            Err(CardSetupError::NoWebhookSecret)
        ));
    }
}
