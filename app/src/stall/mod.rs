//! The producer's stall: their products, profile, orders and numbers, only
//! ever within their own producer.

pub mod products;
