//! What a placed checkout answers: the receipt the API returns, the page
//! reads, and `checkouts.response_body` keeps so that a replayed
//! `Idempotency-Key` gets the same answer. Its fields are declared in
//! alphabetical order: the answer was built as a JSON object, whose keys
//! serde_json writes sorted, so the typed receipt serialises to the same
//! bytes and every answer stored before it still reads back.
//!
//! It lives with `orders` because the orders' notices, the order page and
//! the card payment read it, and they sit below `checkout`, which writes it.

use crate::domain::{OrderStatus, PaymentMethod, PaymentStatus};
use serde::{Deserialize, Serialize};

/// A placed checkout: one order per producer and how it is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CheckoutReceipt {
    /// The secret of the orders' links (only its hash is stored).
    pub access_token: String,
    /// The checkout's public id.
    pub checkout_id: String,
    /// One order per producer.
    pub orders: Vec<PlacedOrder>,
    /// How the whole checkout is paid.
    pub payment: PaymentReceipt,
    /// Everything together with shipping, đồng.
    pub total_vnd: i64,
}

/// One producer's order of a checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlacedOrder {
    /// The lines as sold.
    pub items: Vec<PlacedItem>,
    /// The human order number.
    pub number: String,
    /// The producer's register code.
    pub producer_code: String,
    /// The producer's name.
    pub producer_name: String,
    /// Shipping, đồng.
    pub shipping_vnd: i64,
    /// Where it stands (always pending payment in the answer).
    pub status: OrderStatus,
    /// The goods, đồng.
    pub subtotal_vnd: i64,
    /// Goods and shipping, đồng.
    pub total_vnd: i64,
    /// The order's page, with its link token.
    pub url: String,
    /// The VietQR payload of a transfer to this producer.
    pub vietqr_payload: Option<String>,
}

/// A line of a placed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PlacedItem {
    /// Product code.
    pub code: String,
    /// Price × quantity, đồng.
    pub line_total_vnd: i64,
    /// Product name when sold.
    pub name: String,
    /// How many.
    pub quantity: i32,
    /// Unit of sale.
    pub unit: String,
    /// Price of one unit, đồng.
    pub unit_price_vnd: i64,
}

/// How a placed checkout is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PaymentReceipt {
    /// Cash on delivery, VietQR or card.
    pub method: PaymentMethod,
    /// The card payment page, once Stripe opened it.
    pub redirect_url: Option<String>,
    /// Pending when placed.
    pub status: PaymentStatus,
    /// The transfer's payload when the checkout has a single order.
    pub vietqr_payload: Option<String>,
}

impl CheckoutReceipt {
    /// The receipt stored with a checkout, when it has one that reads.
    pub fn from_stored(text: Option<&str>) -> Option<CheckoutReceipt> {
        serde_json::from_str(text?).ok()
    }

    /// The receipt as `checkouts.response_body` keeps it.
    #[cfg(feature = "ssr")]
    pub fn to_stored(&self) -> crate::error::AppResult<String> {
        serde_json::to_string(self)
            .map_err(|e| crate::error::AppError::internal(std::io::Error::other(e.to_string())))
    }

    /// Whether this is a card checkout whose Stripe session is still being
    /// opened (by the first request, right now).
    pub fn card_session_pending(&self) -> bool {
        self.payment.method == PaymentMethod::Card && self.payment.redirect_url.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An answer as the checkout wrote it before the receipt was typed.
    const STORED: &str = r#"{"access_token":"t0k","checkout_id":"c1","orders":[{"items":[{"code":"SP0000001","line_total_vnd":170000,"name":"Trà","quantity":2,"unit":"hộp","unit_price_vnd":85000}],"number":"DH261206ABCDEF","producer_code":"CT000001","producer_name":"HTX Phù Sa","shipping_vnd":25000,"status":"pending_payment","subtotal_vnd":170000,"total_vnd":195000,"url":"http://shop/don-hang/DH261206ABCDEF?token=t0k","vietqr_payload":null}],"payment":{"method":"cod","redirect_url":null,"status":"pending","vietqr_payload":null},"total_vnd":195000}"#;

    #[test]
    fn a_stored_answer_reads_back_to_the_same_bytes() {
        let receipt = CheckoutReceipt::from_stored(Some(STORED)).expect("reads");
        assert_eq!(receipt.orders[0].items[0].quantity, 2);
        assert_eq!(serde_json::to_string(&receipt).unwrap(), STORED);
        assert!(!receipt.card_session_pending());
        let mut card = receipt;
        card.payment.method = PaymentMethod::Card;
        assert!(card.card_session_pending());
        card.payment.redirect_url = Some("https://checkout.stripe.com/c/pay/cs_1".into());
        assert!(!card.card_session_pending());
    }
}
