//! The Checkout Session a card checkout asks for: one line per order in
//! whole đồng, expiring within what Stripe accepts.

use super::{CardPayments, CHECKOUT_KEY};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
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

/// When the Checkout Session of a card checkout placed at `now` expires:
/// the configured hold (`hold_card_minutes` of the commerce settings),
/// within what Stripe accepts.
pub fn session_expires_at(hold_card_minutes: i64, now: DateTime<Utc>) -> DateTime<Utc> {
    let wanted = Duration::minutes(hold_card_minutes.clamp(0, 24 * 60));
    now + wanted.clamp(SHORTEST_SESSION, LONGEST_SESSION)
}

/// Until when a card checkout placed at `now` holds its stock.
pub fn hold_until(hold_card_minutes: i64, now: DateTime<Utc>) -> DateTime<Utc> {
    session_expires_at(hold_card_minutes, now) + HOLD_AFTER_SESSION
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
pub async fn open_session(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn sessions_last_what_stripe_accepts() {
        let now = at("2026-11-24T10:00:00Z");
        let with = |minutes: i64| minutes;
        assert_eq!(
            session_expires_at(with(5), now),
            now + Duration::minutes(31)
        );
        assert_eq!(
            session_expires_at(with(-5), now),
            now + Duration::minutes(31)
        );
        assert_eq!(
            session_expires_at(with(90), now),
            now + Duration::minutes(90)
        );
        assert_eq!(
            session_expires_at(with(10_000), now),
            now + Duration::hours(24)
        );
        // The stock outlasts the session, so Stripe's expiry event is what
        // gives it back.
        assert!(hold_until(with(90), now) > session_expires_at(with(90), now));
    }

    #[test]
    fn one_line_per_order_in_whole_dong() {
        let request = SessionRequest {
            checkout_id: "abc".into(),
            lines: vec![
                SessionLine {
                    name: "Đơn hàng DH261124AAAAAA — HTX Trà".into(),
                    amount_vnd: 185_000,
                },
                SessionLine {
                    name: "Đơn hàng DH261124BBBBBB — Cơ sở Mắm".into(),
                    amount_vnd: 40_000,
                },
            ],
            success_url: "http://shop/don-hang/DH261124AAAAAA?token=t&thanh-toan=xong".into(),
            cancel_url: "http://shop/don-hang/DH261124AAAAAA?token=t&thanh-toan=huy".into(),
            email: Some("lan@example.vn".into()),
            expires_at: at("2026-11-24T10:31:00Z"),
        };
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
        let expires_at = request.expires_at.timestamp().to_string();
        assert_eq!(field("expires_at"), Some(expires_at.as_str()));
        assert_eq!(field("client_reference_id"), Some("abc"));
        assert_eq!(field("metadata[checkout_id]"), Some("abc"));
        assert_eq!(
            field("payment_intent_data[metadata][checkout_id]"),
            Some("abc")
        );
        assert_eq!(field("customer_email"), Some("lan@example.vn"));
    }
}
