//! Search: what the product index is fed from the database, the results page
//! and the suggestions under the header's search box.

#[cfg(feature = "ssr")]
pub mod documents;
#[cfg(feature = "ssr")]
pub mod outbox;
mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod snippet;
mod suggest;
mod types;

pub use page::{search_page, SearchPage};
pub use suggest::{suggest_products, SearchBox, SuggestionLink};
pub use types::{FacetValue, SearchData, SearchFacets, SearchItem};
