//! The producer's stall: their products, profile, orders and numbers, only
//! ever within their own producer.

pub mod orders_page;
#[cfg(feature = "ssr")]
pub mod products;
#[cfg(feature = "ssr")]
pub mod views;
