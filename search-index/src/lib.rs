//! Product search for Chợ OCOP: the tantivy index, its schema, a Vietnamese
//! analyzer that folds diacritics, indexing with an outbox position, lenient
//! queries with filters, sorts and facets, and search-as-you-type.
//!
//! The crate depends on nothing else in the workspace: the server turns its
//! database rows into [`ProductDoc`]s and maps [`SearchError`] to HTTP.
//!
//! ```
//! use search_index::{ProductDoc, SearchIndex, SearchQuery};
//!
//! let index = SearchIndex::in_ram()?;
//! index.upsert(&[ProductDoc {
//!     id: 1,
//!     code: "KG-2024-0001".into(),
//!     slug: "nuoc-mam-phu-quoc".into(),
//!     name: "Nước mắm Phú Quốc".into(),
//!     producer_name: "HTX Nước mắm Phú Quốc".into(),
//!     province: "An Giang".into(),
//!     commune: "Phú Quốc".into(),
//!     group: 1,
//!     stars: 4,
//!     price_vnd: 120_000,
//!     in_stock: true,
//!     text: "Cá cơm ủ chượp trong thùng gỗ.".into(),
//!     newest: 1_700_000_000,
//!     lapses_on_day: 20_800,
//!     thumbnail: None,
//! }])?;
//! let results = index.search(&SearchQuery::text("nuoc mam"))?;
//! assert_eq!(results.hits[0].code, "KG-2024-0001");
//! # Ok::<(), search_index::SearchError>(())
//! ```

#![warn(missing_docs)]

pub mod analyzer;
mod doc;
mod error;
mod facets;
mod index;
mod query;
pub mod relevance;
mod schema;
mod search;
mod seek_union;
mod spelling;
mod suggest;
mod synonyms;
mod tone;

pub use doc::ProductDoc;
pub use error::{Result, SearchError};
pub use facets::Facets;
pub use index::{IndexChange, OpenOutcome, SearchIndex};
pub use query::{SearchQuery, Sort, DEFAULT_LIMIT, MAX_LIMIT};
pub use search::{Hit, SearchResults};
pub use suggest::{Suggestion, MAX_SUGGESTIONS};
