//! An order as its shopper, its producer and the department see it: plain
//! data shared by the server, the browser and the API.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The words for an order's status; cash-on-delivery orders wait for the
/// producer's confirmation, not for a payment, and card orders for Stripe.
pub fn status_words(status: &str, payment_method: &str) -> (&'static str, &'static str) {
    match (status, payment_method) {
        ("pending_payment", "cod") => ("Chờ xác nhận", "Awaiting confirmation"),
        ("pending_payment", "card") => ("Chờ thanh toán thẻ", "Awaiting card payment"),
        ("pending_payment", _) => ("Chờ thanh toán", "Awaiting payment"),
        ("confirmed", _) => ("Đã xác nhận", "Confirmed"),
        ("packed", _) => ("Đã đóng gói", "Packed"),
        ("shipped", _) => ("Đang giao", "Shipped"),
        ("delivered", _) => ("Đã giao", "Delivered"),
        ("cancelled", _) => ("Đã hủy", "Cancelled"),
        ("refunded", _) => ("Đã hoàn tiền", "Refunded"),
        _ => ("Không rõ", "Unknown"),
    }
}

/// One line of an order, as sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// Product code.
    pub code: String,
    /// Product name when sold.
    pub name: String,
    /// Selling unit.
    pub unit: String,
    /// Price per unit, đồng.
    pub unit_price_vnd: i64,
    /// Units.
    pub quantity: i32,
    /// Price × units, đồng.
    pub line_total_vnd: i64,
}

/// A step in an order's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderStep {
    /// The status reached.
    pub status: String,
    /// When, UTC.
    pub at: DateTime<Utc>,
    /// Why, when given.
    pub note: Option<String>,
}

/// An order with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    /// Human order number.
    pub number: String,
    /// Current status.
    pub status: String,
    /// Producer code.
    pub producer_code: String,
    /// Producer name.
    pub producer_name: String,
    /// Producer phone, for the shopper's questions.
    pub producer_phone: String,
    /// The lines.
    pub items: Vec<OrderLine>,
    /// Sum of the lines, đồng.
    pub subtotal_vnd: i64,
    /// Shipping fee, đồng.
    pub shipping_vnd: i64,
    /// What the shopper pays for this order, đồng.
    pub total_vnd: i64,
    /// `cod`, `vietqr` or `card`.
    pub payment_method: String,
    /// Whether the money has arrived.
    pub paid: bool,
    /// The transfer QR payload while a VietQR payment is awaited.
    pub vietqr_payload: Option<String>,
    /// Stripe's payment page while a card payment is awaited.
    pub card_payment_url: Option<String>,
    /// Receiver's name.
    pub contact_name: String,
    /// Receiver's phone.
    pub contact_phone: String,
    /// `ship` or `pickup`.
    pub delivery_method: String,
    /// The address, or the sales point's name and address.
    pub delivery_address: String,
    /// Carrier, once shipped.
    pub carrier: Option<String>,
    /// Tracking number, once shipped.
    pub tracking_no: Option<String>,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// When it was placed, UTC.
    pub created_at: DateTime<Utc>,
    /// Its history, oldest first.
    pub history: Vec<OrderStep>,
}

/// What a shopper needs to pay an order by bank transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferDetails {
    /// The QR code as an SVG image (made on the server from our own payload).
    pub qr_svg: String,
    /// Receiving bank's BIN.
    pub bank_bin: String,
    /// Receiving account number.
    pub account_no: String,
    /// Account holder's name, when the producer gave it.
    pub account_name: Option<String>,
    /// The transfer note to type when not scanning.
    pub note: String,
}

/// The order page's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderPageData {
    /// The order.
    pub order: OrderView,
    /// How to pay it by transfer, while that is awaited.
    pub transfer: Option<TransferDetails>,
}

/// What the checkout form holds, as typed: kept as a draft with the session
/// so that a refused form (JavaScript off) comes back filled in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutFormValues {
    /// Receiver's name.
    pub name: String,
    /// Receiver's phone.
    pub phone: String,
    /// Receiver's e-mail (optional).
    pub email: String,
    /// `ship` or `pickup`.
    pub delivery: String,
    /// Province code.
    pub province: String,
    /// Commune code.
    pub commune: String,
    /// House number and street.
    pub street: String,
    /// Sales point code (pickup).
    pub sales_point: String,
    /// `cod`, `vietqr` or `card`.
    pub payment: String,
    /// Fair or livestream code.
    pub event_code: String,
}

/// A choice in a picker: its code and what the reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Code sent back.
    pub code: String,
    /// Label.
    pub label: String,
}

/// The checkout page: the form as last typed, the pickers and the ways to
/// pay that can be offered for this cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutPageData {
    /// The form, from the draft or the account.
    pub values: CheckoutFormValues,
    /// One-time token: the checkout's idempotency key.
    pub form_token: String,
    /// The 34 provinces.
    pub provinces: Vec<Choice>,
    /// Sales points that carry every item of the cart.
    pub sales_points: Vec<Choice>,
    /// Every producer of the cart has a bank account for VietQR.
    pub vietqr_available: bool,
    /// Card payments are configured.
    pub card_available: bool,
    /// Units in the cart (0: nothing to check out).
    pub units: i64,
}

/// What depends on the chosen province: its communes and the cart with the
/// shipping to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutQuote {
    /// Communes and wards of the province.
    pub communes: Vec<Choice>,
    /// The cart with shipping to the province.
    pub cart: crate::cart::types::CartView,
    /// Fingerprint of the cart as shown: a cart changed in the meantime is
    /// shown again, not ordered.
    pub cart_hash: String,
}

/// One order of a placed checkout, for the confirmation page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmedOrder {
    /// Order number.
    pub number: String,
    /// Seller.
    pub producer_name: String,
    /// Total with shipping, đồng.
    pub total_vnd: i64,
    /// Link to the order page (with its token).
    pub url: String,
}

/// The confirmation page of a checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmationData {
    /// The orders, one per producer.
    pub orders: Vec<ConfirmedOrder>,
    /// Everything, đồng.
    pub total_vnd: i64,
    /// `cod`, `vietqr` or `card`.
    pub payment_method: String,
    /// Where the confirmation e-mail went, if anywhere.
    pub email: Option<String>,
}

/// One order in a stall's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StallOrder {
    /// Order number.
    pub number: String,
    /// Where it stands.
    pub status: String,
    /// `cod`, `vietqr` or `card`.
    pub payment_method: String,
    /// The money has arrived.
    pub paid: bool,
    /// Total with shipping, đồng.
    pub total_vnd: i64,
    /// Receiver.
    pub contact_name: String,
    /// Placed at (UTC).
    pub created_at: DateTime<Utc>,
}
