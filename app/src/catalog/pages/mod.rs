//! Pieces of catalog pages that other features show too: product and event
//! cards, pagination, the price and order fields of a list's filter form,
//! and the words for groups, kinds and levels.

mod cards;
mod filters;
mod labels;

pub use cards::{EventList, Pagination, ProductCard, ProductGrid, SalesPointList};
pub use filters::{PriceRange, SortSelect};
pub use labels::{certification_level, event_kind, group_name, producer_kind, sales_point_kind};
