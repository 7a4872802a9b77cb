//! Search: what the product index is fed from the database.

#[cfg(feature = "ssr")]
pub mod documents;
