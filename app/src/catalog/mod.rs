//! Catalog: certified products with their stories, producer stalls, groups
//! and provinces: the queries every other feature reads products through,
//! the data the storefront pages and the API show, the cards and labels
//! those pages share, and the count of product page views.

mod list_query;
mod pages;
mod payloads;
#[cfg(feature = "ssr")]
pub mod service;
mod types;
#[cfg(feature = "ssr")]
pub mod views;

pub use list_query::ListQuery;
pub use pages::*;
pub use payloads::*;
pub use types::*;
