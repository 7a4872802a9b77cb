//! Search: what the product index is fed from the database, and the results page.

#[cfg(feature = "ssr")]
pub mod documents;
mod page;
#[cfg(feature = "ssr")]
pub mod snippet;

pub use page::{search_products, SearchData, SearchPage};
