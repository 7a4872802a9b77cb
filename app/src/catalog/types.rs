//! What the catalog shows, as plain data shared by the server, the browser and the API.

use crate::media::Picture;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A line of a product list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductSummary {
    /// Register code.
    pub code: String,
    /// URL slug of the product page.
    pub slug: String,
    /// Name as certified.
    pub name: String,
    /// OCOP group 1-6.
    pub group: i16,
    /// Selling unit.
    pub unit: String,
    /// Price in đồng.
    pub price_vnd: i64,
    /// Units free to sell.
    pub stock: i64,
    /// Stars of the valid certification.
    pub stars: i16,
    /// Producer's name.
    pub producer_name: String,
    /// Producer's province.
    pub province: String,
    /// First photo, if any.
    pub thumbnail: Option<Picture>,
}

impl ProductSummary {
    /// Whether any unit is left to sell.
    pub fn in_stock(&self) -> bool {
        self.stock > 0
    }
}

/// The producer as shown on a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProducerCard {
    /// Register code.
    pub code: String,
    /// Stall slug.
    pub slug: String,
    /// Registered name.
    pub name: String,
    /// cooperative, sme, household, coop_group or other.
    pub kind: String,
    /// Province name.
    pub province: String,
    /// Commune or ward, full name.
    pub commune: String,
    /// Led by a woman.
    pub women_led: bool,
    /// Led by an ethnic-minority person.
    pub ethnic_minority_led: bool,
}

/// A product's current certification: the latest decision on or before today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificationInfo {
    /// 3, 4 or 5.
    pub stars: i16,
    /// Total score 0-100.
    pub score: i16,
    /// Decision number, e.g. "123/QĐ-UBND".
    pub decision_no: String,
    /// Decision date.
    pub decided_on: NaiveDate,
    /// First day it is no longer valid (36 months on).
    pub expires_on: NaiveDate,
    /// province or national.
    pub level: String,
    /// Still valid today.
    pub valid: bool,
}

/// Everything the product page and `GET /api/v1/products/{code}` show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductDetail {
    /// Register code.
    pub code: String,
    /// URL slug.
    pub slug: String,
    /// Name as certified.
    pub name: String,
    /// OCOP group 1-6.
    pub group: i16,
    /// Group name in Vietnamese.
    pub group_name: String,
    /// Group name in English.
    pub group_name_en: String,
    /// Group page slug.
    pub group_slug: String,
    /// Selling unit.
    pub unit: String,
    /// Price in đồng.
    pub price_vnd: i64,
    /// Units free to sell.
    pub stock: i64,
    /// Short description.
    pub description: String,
    /// The story as its author wrote it.
    pub story: Option<String>,
    /// The story as sanitised HTML, for the page.
    pub story_html: Option<String>,
    /// Listed in the stall.
    pub published: bool,
    /// Traceability information published.
    pub traceable: bool,
    /// The producer.
    pub producer: ProducerCard,
    /// Who sells it, as the law asks a marketplace to show.
    pub seller: crate::seller::SellerIdentity,
    /// The current certification, if any decision exists.
    pub certification: Option<CertificationInfo>,
    /// Photos in display order.
    pub images: Vec<Picture>,
    /// When the product was last changed, for sitemaps and caches.
    pub updated_at: DateTime<Utc>,
}

impl ProductDetail {
    /// Whether a shopper may buy it now: certified and in stock.
    pub fn can_buy(&self) -> bool {
        self.certification.as_ref().is_some_and(|c| c.valid) && self.stock > 0
    }
}

/// One page of a product list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductList {
    /// Matching products in all pages.
    pub total: u64,
    /// This page.
    pub items: Vec<ProductSummary>,
}

/// Filters of a product list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductFilter {
    /// OCOP group 1-6.
    pub group: Option<i16>,
    /// Exact stars.
    pub stars: Option<i16>,
    /// Province id, already resolved from what the client sent.
    pub province_id: Option<i64>,
    /// Commune id, already resolved.
    pub commune_id: Option<i64>,
    /// Lowest price in đồng, inclusive.
    pub min_price: Option<i64>,
    /// Highest price in đồng, inclusive.
    pub max_price: Option<i64>,
    /// Only products with units left.
    pub in_stock: bool,
    /// Only products whose producer told their story.
    pub has_story: bool,
    /// Only this producer's products.
    pub producer_id: Option<i64>,
    /// Leave this product out (the "other products" of a product page).
    pub except_product_id: Option<i64>,
    /// Only these products (the hits of a search).
    pub ids: Option<Vec<i64>>,
}

/// How a list is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProductOrder {
    /// By register code: stable for API paging.
    #[default]
    Code,
    /// Most stars first, then most recently certified: the shop window.
    Featured,
    /// Most recently certified first.
    Newest,
    /// Most stars first.
    Stars,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
}

impl ProductOrder {
    /// The orders a shopper can choose on a list, with their URL value.
    pub const CHOICES: [(ProductOrder, &'static str); 5] = [
        (ProductOrder::Featured, "featured"),
        (ProductOrder::Newest, "newest"),
        (ProductOrder::Stars, "stars"),
        (ProductOrder::PriceAsc, "price_asc"),
        (ProductOrder::PriceDesc, "price_desc"),
    ];

    /// Reads a `sort` URL value.
    pub fn from_param(value: &str) -> Option<ProductOrder> {
        Self::CHOICES
            .iter()
            .find(|(_, v)| *v == value)
            .map(|(o, _)| *o)
    }

    /// The `sort` URL value.
    pub fn param(self) -> &'static str {
        Self::CHOICES
            .iter()
            .find(|(o, _)| *o == self)
            .map_or("featured", |(_, v)| v)
    }
}
