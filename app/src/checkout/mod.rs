//! Checkout: a cart becomes one order per producer, in one transaction that
//! reserves the stock and cannot oversell, answered once per
//! `Idempotency-Key`; a card checkout then opens its payment
//! (`payments::card`). What happens to the orders next is `orders`'.

pub mod checkout_page;
mod form;
pub mod types;

pub use form::{get_checkout_page, get_checkout_quote, get_confirmation, PlaceOrder};

#[cfg(feature = "ssr")]
mod idempotency;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod place;
#[cfg(feature = "ssr")]
mod use_case;

#[cfg(feature = "ssr")]
pub use use_case::place_checkout;

/// The cookie a fair or livestream link (`?su-kien=CODE`) leaves for a week,
/// so that a later checkout is attributed to that event.
pub const EVENT_COOKIE: &str = "ocop_event";
