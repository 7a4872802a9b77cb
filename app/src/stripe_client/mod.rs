//! The Stripe adapter: the client (API key, address of the API or of a local
//! stand-in, timeout), the webhook signing secret, and the Checkout Session
//! a card checkout asks for. Written against Stripe's public API; what a
//! payment means for our orders is `payments`'s business, not this module's.

use std::fmt;

mod session;

pub use session::{
    hold_until, open_session, session_expires_at, OpenedSession, SessionLine, SessionRequest,
};

/// How long one call to Stripe may take before the checkout gives up.
const STRIPE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);
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
