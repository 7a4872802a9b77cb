//! Checkout: a cart becomes one order per producer, in one transaction that
//! reserves the stock and cannot oversell; then payment by cash on delivery,
//! a VietQR bank transfer, or card through Stripe.

pub mod checkout_page;
mod form;
pub mod page;
mod server_fns;
pub mod types;
pub mod vietqr;

pub use form::{get_checkout_page, get_checkout_quote, get_confirmation, PlaceOrder};
pub use server_fns::get_order_page;

#[cfg(feature = "ssr")]
pub mod card;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod manage;
#[cfg(feature = "ssr")]
pub mod notices;
#[cfg(feature = "ssr")]
pub mod orders;
#[cfg(feature = "ssr")]
pub mod place;
#[cfg(feature = "ssr")]
pub mod reservations;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod stripe_events;
#[cfg(feature = "ssr")]
pub mod tally;

use crate::i18n::Locale;

/// The cookie a fair or livestream link (`?su-kien=CODE`) leaves for a week,
/// so that a later checkout is attributed to that event.
pub const EVENT_COOKIE: &str = "ocop_event";

/// "Only 2 left of SP0000001; SP0000002 is sold out."
pub fn out_of_stock_message(available: &[(String, i64)], l: Locale) -> String {
    let parts: Vec<String> = available
        .iter()
        .map(|(code, n)| match (l, *n) {
            (Locale::Vi, 0) => format!("{code} đã hết hàng"),
            (Locale::Vi, n) => format!("{code} chỉ còn {n}"),
            (Locale::En, 0) => format!("{code} is sold out"),
            (Locale::En, n) => format!("only {n} left of {code}"),
        })
        .collect();
    match l {
        Locale::Vi => format!("Không đủ hàng: {}. Chưa có gì được đặt.", parts.join("; ")),
        Locale::En => format!(
            "Not enough stock: {}. Nothing was ordered.",
            parts.join("; ")
        ),
    }
}
