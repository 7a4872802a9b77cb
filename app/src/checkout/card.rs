//! Card payments through a Stripe Checkout Session. The orders are written
//! (and their stock held) first; then Stripe is asked for a session in VND,
//! one line per order. The session's page takes the card; only a signed
//! webhook (see [`super::stripe_events`]) marks anything paid. When Stripe
//! cannot be reached or refuses, the orders are cancelled and their stock
//! returned before the shopper is told, so nothing stays reserved.

use super::orders::record_step;
use super::reservations::release_order;
use super::settings::CommerceSettings;
use crate::entities::{checkouts, orders, payments};
use crate::error::{AppError, AppResult, Message};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, TransactionTrait,
};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData,
    CreateCheckoutSessionPaymentIntentData, ProductData,
};
use stripe_checkout::CheckoutSessionMode;

/// Stripe refuses a session that expires sooner than 30 minutes after it is
/// created; the request reaches Stripe a little after `now`, so keep a minute
/// in hand.
const SHORTEST_SESSION: Duration = Duration::minutes(31);
/// Stripe refuses a session that lasts longer than 24 hours.
const LONGEST_SESSION: Duration = Duration::hours(24);
/// The stock of a card order is held this long after its session expires:
/// Stripe's `checkout.session.expired` event gives it back first, and a
/// payment finished in the session's last second still finds its goods.
const HOLD_AFTER_SESSION: Duration = Duration::minutes(15);
/// How long one call to Stripe may take before the checkout gives up.
const STRIPE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
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

/// When the Checkout Session of a card checkout placed at `now` expires:
/// the configured hold, within what Stripe accepts.
pub fn session_expires_at(settings: &CommerceSettings, now: DateTime<Utc>) -> DateTime<Utc> {
    let wanted = Duration::minutes(settings.hold_card_minutes.clamp(0, 24 * 60));
    now + wanted.clamp(SHORTEST_SESSION, LONGEST_SESSION)
}

/// Until when a card checkout placed at `now` holds its stock.
pub fn hold_until(settings: &CommerceSettings, now: DateTime<Utc>) -> DateTime<Utc> {
    session_expires_at(settings, now) + HOLD_AFTER_SESSION
}

/// One line of the Stripe page: one of our orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionLine {
    /// "Đơn hàng DH… — producer".
    pub name: String,
    /// The order's total with shipping, whole đồng.
    pub amount_vnd: i64,
}

/// The session a card checkout asks Stripe for, read from the checkout's
/// answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRequest {
    /// Our checkout's public id.
    pub checkout_id: String,
    /// One line per order.
    pub lines: Vec<SessionLine>,
    /// Where Stripe sends the shopper after paying.
    pub success_url: String,
    /// Where Stripe sends the shopper who gives up.
    pub cancel_url: String,
    /// The shopper's address, for Stripe's receipt.
    pub email: Option<String>,
    /// When the session stops taking payments.
    pub expires_at: DateTime<Utc>,
}

impl SessionRequest {
    /// The request for the checkout answer `body` (see `place`).
    pub fn from_answer(
        body: &Value,
        email: Option<&str>,
        expires_at: DateTime<Utc>,
    ) -> AppResult<Self> {
        let broken = || AppError::internal(std::io::Error::other("checkout answer incomplete"));
        let checkout_id = body["checkout_id"].as_str().ok_or_else(broken)?.to_owned();
        let orders = body["orders"].as_array().ok_or_else(broken)?;
        let mut lines = Vec::new();
        for order in orders {
            let number = order["number"].as_str().ok_or_else(broken)?;
            let producer = order["producer_name"].as_str().unwrap_or_default();
            let amount_vnd = order["total_vnd"].as_i64().ok_or_else(broken)?;
            lines.push(SessionLine {
                name: format!("Đơn hàng {number} — {producer}"),
                amount_vnd,
            });
        }
        // Several orders share one link token: the first order's page shows
        // the way to the others.
        let page = orders
            .first()
            .and_then(|o| o["url"].as_str())
            .ok_or_else(broken)?;
        Ok(SessionRequest {
            checkout_id,
            lines,
            success_url: format!("{page}&thanh-toan=xong"),
            cancel_url: format!("{page}&thanh-toan=huy"),
            email: email.map(str::to_owned),
            expires_at,
        })
    }

    /// The Stripe call. VND has no minor unit: `unit_amount` is whole đồng,
    /// never multiplied by 100.
    fn to_stripe(&self) -> CreateCheckoutSession {
        let line_items: Vec<CreateCheckoutSessionLineItems> = self
            .lines
            .iter()
            .map(|line| {
                let mut price =
                    CreateCheckoutSessionLineItemsPriceData::new(stripe_types::Currency::VND);
                price.unit_amount = Some(line.amount_vnd);
                price.product_data = Some(ProductData::new(line.name.clone()));
                let mut item = CreateCheckoutSessionLineItems::new();
                item.price_data = Some(price);
                item.quantity = Some(1);
                item
            })
            .collect();
        let metadata = HashMap::from([(CHECKOUT_KEY.to_owned(), self.checkout_id.clone())]);
        let mut intent = CreateCheckoutSessionPaymentIntentData::new();
        // Carried onto the PaymentIntent, so a failed attempt is traced back.
        intent.metadata = Some(metadata.clone());
        let mut request = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Payment)
            .currency(stripe_types::Currency::VND)
            .line_items(line_items)
            .client_reference_id(self.checkout_id.clone())
            .metadata(metadata)
            .payment_intent_data(intent)
            .success_url(self.success_url.clone())
            .cancel_url(self.cancel_url.clone())
            .expires_at(self.expires_at.timestamp());
        if let Some(email) = &self.email {
            request = request.customer_email(email.clone());
        }
        request
    }
}

/// A session Stripe opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenedSession {
    /// `cs_…`.
    pub id: String,
    /// Stripe's page for the shopper.
    pub url: String,
}

/// Asks Stripe for the session; the error is Stripe's or the network's.
async fn open_session(
    card: &CardPayments,
    request: &SessionRequest,
) -> Result<OpenedSession, Box<dyn std::error::Error + Send + Sync>> {
    let session = request.to_stripe().send(&card.client).await?;
    let url = session
        .url
        .ok_or_else(|| std::io::Error::other("Stripe answered a session without its url"))?;
    Ok(OpenedSession {
        id: session.id.as_str().to_owned(),
        url,
    })
}

/// Opens the Stripe session of the card checkout just placed (`body` is its
/// answer) and records it: the session id on the payment, its page in the
/// stored answer (so an idempotent replay sends the shopper to the same
/// page) and in `body`. When that fails, undoes the checkout: see
/// [`abandon`].
pub async fn start_payment(
    db: &DatabaseConnection,
    card: &CardPayments,
    body: &mut Value,
    email: Option<&str>,
    settings: &CommerceSettings,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let request = SessionRequest::from_answer(body, email, session_expires_at(settings, now))?;
    let checkout = checkouts::Entity::find()
        .filter(checkouts::Column::PublicId.eq(request.checkout_id.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal(std::io::Error::other("checkout vanished")))?;
    let session = match open_session(card, &request).await {
        Ok(session) => session,
        Err(cause) => {
            abandon(db, checkout.id, now).await?;
            return Err(unavailable(cause));
        }
    };
    body["payment"]["redirect_url"] = Value::from(session.url.clone());
    let txn = db.begin().await?;
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

/// Undoes a card checkout whose payment could not be started: its orders
/// cancelled with the reason, their stock back, the payment failed, and its
/// `Idempotency-Key` freed so that the shopper's retry is a new attempt,
/// not a replay of this failure.
pub async fn abandon(
    db: &DatabaseConnection,
    checkout_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = db.begin().await?;
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

/// Cancels order `order_id` if it still waits for its payment, returning
/// its stock and writing the step with `reason`; whether it did.
pub async fn cancel_unpaid(
    db: &impl ConnectionTrait,
    order_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let changed = orders::Entity::update_many()
        .col_expr(orders::Column::Status, Expr::value("cancelled"))
        .col_expr(orders::Column::CancelReason, Expr::value(reason))
        .col_expr(orders::Column::UpdatedAt, Expr::value(now))
        .filter(orders::Column::Id.eq(order_id))
        .filter(orders::Column::Status.eq("pending_payment"))
        .exec(db)
        .await?;
    if changed.rows_affected != 1 {
        return Ok(false);
    }
    release_order(db, order_id, now).await?;
    record_step(
        db,
        order_id,
        Some("pending_payment"),
        "cancelled",
        Some(reason),
        None,
        now,
    )
    .await?;
    Ok(true)
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
    use serde_json::json;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn sessions_last_what_stripe_accepts() {
        let now = at("2026-11-24T10:00:00Z");
        let with = |minutes| CommerceSettings {
            hold_card_minutes: minutes,
            ..CommerceSettings::default()
        };
        assert_eq!(
            session_expires_at(&with(5), now),
            now + Duration::minutes(31)
        );
        assert_eq!(
            session_expires_at(&with(-5), now),
            now + Duration::minutes(31)
        );
        assert_eq!(
            session_expires_at(&with(90), now),
            now + Duration::minutes(90)
        );
        assert_eq!(
            session_expires_at(&with(10_000), now),
            now + Duration::hours(24)
        );
        // The stock outlasts the session, so Stripe's expiry event is what
        // gives it back.
        assert!(hold_until(&with(90), now) > session_expires_at(&with(90), now));
    }

    #[test]
    fn one_line_per_order_in_whole_dong() {
        let body = json!({
            "checkout_id": "abc",
            "orders": [
                {"number": "DH261124AAAAAA", "producer_name": "HTX Trà", "total_vnd": 185_000,
                 "url": "http://shop/don-hang/DH261124AAAAAA?token=t"},
                {"number": "DH261124BBBBBB", "producer_name": "Cơ sở Mắm", "total_vnd": 40_000,
                 "url": "http://shop/don-hang/DH261124BBBBBB?token=t"}
            ]
        });
        let expires = at("2026-11-24T10:31:00Z");
        let request = SessionRequest::from_answer(&body, Some("lan@example.vn"), expires).unwrap();
        assert_eq!(request.lines.len(), 2);
        assert_eq!(request.lines[0].name, "Đơn hàng DH261124AAAAAA — HTX Trà");
        assert_eq!(request.lines[0].amount_vnd, 185_000);
        assert_eq!(
            request.success_url,
            "http://shop/don-hang/DH261124AAAAAA?token=t&thanh-toan=xong"
        );
        // What goes over the wire: the form Stripe receives.
        let body = stripe::StripeRequest::build(&request.to_stripe())
            .body
            .unwrap();
        let form: HashMap<String, String> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let field = |name: &str| form.get(name).map(String::as_str);
        assert_eq!(
            field("line_items[0][price_data][unit_amount]"),
            Some("185000")
        );
        assert_eq!(
            field("line_items[1][price_data][unit_amount]"),
            Some("40000")
        );
        assert_eq!(field("line_items[0][price_data][currency]"), Some("vnd"));
        assert_eq!(field("line_items[0][quantity]"), Some("1"));
        assert_eq!(field("currency"), Some("vnd"));
        assert_eq!(field("mode"), Some("payment"));
        let expires_at = expires.timestamp().to_string();
        assert_eq!(field("expires_at"), Some(expires_at.as_str()));
        assert_eq!(field("client_reference_id"), Some("abc"));
        assert_eq!(field("metadata[checkout_id]"), Some("abc"));
        assert_eq!(
            field("payment_intent_data[metadata][checkout_id]"),
            Some("abc")
        );
        assert_eq!(field("customer_email"), Some("lan@example.vn"));
    }

    #[test]
    fn an_answer_without_orders_is_refused() {
        let body = json!({"checkout_id": "abc"});
        assert!(SessionRequest::from_answer(&body, None, Utc::now()).is_err());
    }

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
