//! The producer's stall: their products, profile, orders and numbers, only
//! ever within their own producer.

#[cfg(feature = "ssr")]
pub mod event_registration;
pub mod events_page;
pub mod nav;
pub mod numbers;
pub mod orders_page;
#[cfg(feature = "ssr")]
pub mod products;
#[cfg(feature = "ssr")]
pub mod sales_figures;
#[cfg(feature = "ssr")]
pub mod views;
