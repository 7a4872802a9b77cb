//! The shopping cart: guests and accounts alike, grouped by producer,
//! re-checked against today's prices and stock.

pub mod page;
pub mod server_fns;
pub mod types;

#[cfg(feature = "ssr")]
pub mod service;
