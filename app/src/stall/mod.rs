//! The producer's stall: their products, profile, orders and numbers, only
//! ever within their own producer. Every page's data and every server
//! function resolves the member from the session itself (never from what
//! the page sends), so a link or a form made for another producer reaches
//! nothing.

pub mod dashboard;
pub mod editor_fields;
pub mod editor_listings;
pub mod editor_page;
pub mod editor_photos;
pub mod editor_traceability;
#[cfg(feature = "ssr")]
pub mod event_registration;
pub mod events_page;
pub mod location;
pub mod nav;
pub mod numbers;
pub mod orders_page;
pub mod product_fns;
pub mod products_page;
pub mod profile_page;
pub mod types;

#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod identity;
#[cfg(feature = "ssr")]
pub mod product_batches;
#[cfg(feature = "ssr")]
pub mod product_edits;
#[cfg(feature = "ssr")]
pub mod product_form;
#[cfg(feature = "ssr")]
pub mod product_listings;
#[cfg(feature = "ssr")]
pub mod product_photos;
#[cfg(feature = "ssr")]
pub mod products;
#[cfg(feature = "ssr")]
pub mod profile;
#[cfg(feature = "ssr")]
pub mod sales_figures;
#[cfg(feature = "ssr")]
pub mod story;

/// A stall page's data, or why the reader cannot have it.
pub type StallAccess<T> = crate::accounts::access::Access<T>;

#[cfg(feature = "ssr")]
pub use crate::accounts::access::{acting_member, page_member};
