//! Catalog: the storefront of certified products with their stories, producer
//! stalls, groups and provinces, for shoppers and the API.

mod list_query;
mod pages;
mod payloads;
mod server_fns;
#[cfg(feature = "ssr")]
pub mod service;
mod types;

pub use list_query::{encode_component, ListQuery};
pub use pages::{
    event_kind, loaded, GroupPage, HomePage, NotFoundPage, Pagination, PriceRange, ProductCard,
    ProductGrid, ProductListPage, ProductPage, ProvincePage, SortSelect, StallPage,
};
pub use payloads::*;
pub use server_fns::*;
pub use types::*;
