//! Catalog: certified products with their stories, for shoppers and the API.

mod pages;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use pages::{HomePage, ProductPage};
pub use server_fns::{get_home_products, get_product_page};
pub use types::*;
