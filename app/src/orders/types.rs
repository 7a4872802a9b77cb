//! An order as its shopper, its producer and the department see it: lines,
//! steps, the way to pay by transfer, and the stall's order list; plain data
//! shared by the server, the browser and the API.

use crate::domain::{OrderStatus, PaymentMethod};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The step a stall page sends for "the money has arrived"; its other
/// steps are named by the status they lead to.
pub const PAYMENT_STEP: &str = "paid";

/// The words for an order's status; cash-on-delivery orders wait for the
/// producer's confirmation, not for a payment, and card orders for Stripe.
pub fn status_words(
    status: OrderStatus,
    payment_method: PaymentMethod,
) -> (&'static str, &'static str) {
    match (status, payment_method) {
        (OrderStatus::PendingPayment, PaymentMethod::Cod) => {
            ("Chờ xác nhận", "Awaiting confirmation")
        }
        (OrderStatus::PendingPayment, PaymentMethod::Card) => {
            ("Chờ thanh toán thẻ", "Awaiting card payment")
        }
        (OrderStatus::PendingPayment, PaymentMethod::VietQr) => {
            ("Chờ thanh toán", "Awaiting payment")
        }
        (OrderStatus::Confirmed, _) => ("Đã xác nhận", "Confirmed"),
        (OrderStatus::Packed, _) => ("Đã đóng gói", "Packed"),
        (OrderStatus::Shipped, _) => ("Đang giao", "Shipped"),
        (OrderStatus::Delivered, _) => ("Đã giao", "Delivered"),
        (OrderStatus::Cancelled, _) => ("Đã hủy", "Cancelled"),
        (OrderStatus::Refunded, _) => ("Đã hoàn tiền", "Refunded"),
    }
}

/// One line of an order, as sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderStep {
    /// The status reached.
    pub status: OrderStatus,
    /// When, UTC.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub at: DateTime<Utc>,
    /// Why, when given.
    pub note: Option<String>,
}

/// An order with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct OrderView {
    /// Human order number.
    pub number: String,
    /// Current status.
    pub status: OrderStatus,
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
    pub payment_method: PaymentMethod,
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
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
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

/// One order in a stall's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StallOrder {
    /// Order number.
    pub number: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// `cod`, `vietqr` or `card`.
    pub payment_method: PaymentMethod,
    /// The money has arrived.
    pub paid: bool,
    /// Total with shipping, đồng.
    pub total_vnd: i64,
    /// Receiver.
    pub contact_name: String,
    /// Placed at (UTC).
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub created_at: DateTime<Utc>,
}
