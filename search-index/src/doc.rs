//! The index's own document type, decoupled from database rows.

use serde::{Deserialize, Serialize};

/// One product as the search index sees it.
///
/// Plain data filled in by the server from its database rows; this crate
/// never sees a sea-orm model, so the two can evolve separately. Only
/// certified, published products should be handed over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductDoc {
    /// Database id; the key for upserts and deletes.
    pub id: i64,
    /// Register code, e.g. `CT-2024-0012`.
    pub code: String,
    /// URL slug of the product page.
    pub slug: String,
    /// Product name as shown, e.g. "Nước mắm Phú Quốc 40 độ đạm".
    pub name: String,
    /// Name of the producer (cooperative, enterprise, household).
    pub producer_name: String,
    /// Province name as shown, e.g. "Cần Thơ"; also the facet key.
    pub province: String,
    /// Commune (ward) name, searched but not shown in hits.
    pub commune: String,
    /// OCOP product group, 1..=6.
    pub group: u64,
    /// OCOP star rating, 3..=5.
    pub stars: u64,
    /// Price in whole đồng.
    pub price_vnd: u64,
    /// Whether at least one unit can be ordered.
    pub in_stock: bool,
    /// Description and story as plain text (markup stripped by the caller).
    pub text: String,
    /// Unix seconds of the latest certification decision, for "newest" sorting.
    pub newest: i64,
    /// The day the certification lapses, as days since 1970-01-01 (a
    /// calendar date in Vietnam): the product is found only before that day
    /// when a search gives [`crate::SearchQuery::as_of_day`].
    pub lapses_on_day: i64,
    /// URL of the thumbnail image, if the product has one.
    pub thumbnail: Option<String>,
}
