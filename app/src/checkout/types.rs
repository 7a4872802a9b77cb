//! The checkout page and its confirmation: the form as typed, the pickers,
//! the quote and the placed orders; plain data shared by the server and the
//! browser.

use serde::{Deserialize, Serialize};

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
    pub payment_method: crate::domain::PaymentMethod,
    /// Where the confirmation e-mail went, if anywhere.
    pub email: Option<String>,
}
