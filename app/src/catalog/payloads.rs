//! What each storefront page receives from its server function, as plain data.

use super::types::{ProductDetail, ProductList, ProductSummary};
use crate::media::Picture;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A sentence in both languages, chosen by the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notice {
    /// Vietnamese.
    pub vi: String,
    /// English.
    pub en: String,
}

/// An OCOP product group with how many certified products it has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupCard {
    /// 1-6.
    pub id: i16,
    /// URL slug.
    pub slug: String,
    /// Vietnamese name.
    pub name_vi: String,
    /// English name.
    pub name_en: String,
    /// Certified, published products today.
    pub products: u64,
}

/// A province or commune with how many certified products come from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceCard {
    /// Register code (province or commune code).
    pub code: String,
    /// URL slug.
    pub slug: String,
    /// Short name, e.g. "Cần Thơ" or "Xã Thới Lai".
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Certified, published products today.
    pub products: u64,
}

/// A fair, exhibition, conference or livestream as a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventCard {
    /// Register code.
    pub code: String,
    /// fair, exhibition, trade_conference or livestream.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Start (UTC; shown in Vietnam time).
    pub starts_at: DateTime<Utc>,
    /// End (UTC).
    pub ends_at: DateTime<Utc>,
    /// Venue, for events held in a place.
    pub venue: Option<String>,
    /// Stream address, for livestreams.
    pub stream_url: Option<String>,
    /// Province where it is held or organised.
    pub province: String,
    /// Who organises it.
    pub organizer: String,
}

/// A sales point as a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SalesPointCard {
    /// Register code.
    pub code: String,
    /// Name.
    pub name: String,
    /// showroom, rest_stop, supermarket, … (REPORTING.md).
    pub kind: String,
    /// Street address.
    pub address: String,
    /// Commune, full name.
    pub commune: String,
    /// Province.
    pub province: String,
    /// Opening hours as written by the department.
    pub opening_hours: Option<String>,
    /// Latitude, for a map link.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

/// A raw-material area of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaterialArea {
    /// Name of the area.
    pub name: String,
    /// Commune, when known.
    pub commune: Option<String>,
    /// Size in hectares, when known.
    pub area_ha: Option<f64>,
    /// Free text.
    pub description: Option<String>,
}

/// A production batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    /// Batch number as printed on the package.
    pub batch_no: String,
    /// Production date.
    pub produced_on: NaiveDate,
    /// Best-before date.
    pub expires_on: Option<NaiveDate>,
    /// Units produced.
    pub quantity: Option<i64>,
}

/// Where a product comes from, as the package's QR code shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Traceability {
    /// Origin as the producer declared it, else the producer's address.
    pub origin: String,
    /// Raw-material areas.
    pub areas: Vec<MaterialArea>,
    /// Latest batches first.
    pub batches: Vec<Batch>,
}

/// Everything the product page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductPageData {
    /// The product itself.
    pub product: ProductDetail,
    /// Origin, areas, batches.
    pub traceability: Traceability,
    /// Open sales points that carry it.
    pub sales_points: Vec<SalesPointCard>,
    /// Coming fairs and livestreams with it or its producer.
    pub events: Vec<EventCard>,
    /// The producer's other certified products.
    pub more_from_producer: Vec<ProductSummary>,
    /// The public site address, for canonical links and sharing.
    pub base_url: String,
}

/// A producer's stall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StallData {
    /// Register code.
    pub code: String,
    /// URL slug.
    pub slug: String,
    /// Registered name.
    pub name: String,
    /// cooperative, sme, household, coop_group or other.
    pub kind: String,
    /// Street address.
    pub address: String,
    /// Commune, full name.
    pub commune: String,
    /// Province.
    pub province: String,
    /// Province page slug.
    pub province_slug: String,
    /// The person who represents it.
    pub representative: String,
    /// Public phone.
    pub phone: String,
    /// Public e-mail.
    pub email: String,
    /// Website.
    pub website: Option<String>,
    /// The producer's story, sanitised HTML.
    pub story_html: Option<String>,
    /// Led by a woman.
    pub women_led: bool,
    /// Led by an ethnic-minority person.
    pub ethnic_minority_led: bool,
    /// Who sells, as the law asks a marketplace to show.
    pub seller: crate::seller::SellerIdentity,
    /// Suspended by moderation: its products are off the site.
    pub suspended: bool,
    /// Logo.
    pub logo: Option<Picture>,
    /// Cover photo.
    pub cover: Option<Picture>,
    /// Their certified products.
    pub products: Vec<ProductSummary>,
    /// Coming fairs and livestreams they take part in.
    pub events: Vec<EventCard>,
    /// The public site address.
    pub base_url: String,
}

/// The home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    /// 5-star, newly certified, in stock.
    pub featured: Vec<ProductSummary>,
    /// The six groups.
    pub groups: Vec<GroupCard>,
    /// Provinces with certified products.
    pub provinces: Vec<PlaceCard>,
    /// The next fairs and livestreams.
    pub events: Vec<EventCard>,
    /// Certified products in all.
    pub total_products: u64,
    /// The public site address.
    pub base_url: String,
}

/// A product list page: what was asked, what was found, and what can be chosen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListData {
    /// The filters as understood (unknown values dropped), for the form.
    pub query: super::ListQuery,
    /// Values that were ignored, and why.
    pub notices: Vec<Notice>,
    /// The products of this page.
    pub list: ProductList,
    /// Page size.
    pub per_page: u64,
    /// Every group, for the filter.
    pub groups: Vec<GroupCard>,
    /// Every province, for the filter.
    pub provinces: Vec<PlaceCard>,
    /// Communes of the chosen province.
    pub communes: Vec<PlaceCard>,
    /// The heading of a group or province page.
    pub heading: Option<Heading>,
    /// The public site address.
    pub base_url: String,
}

/// The title and introduction of a group or province page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// Vietnamese title.
    pub title_vi: String,
    /// English title.
    pub title_en: String,
    /// Canonical path of the page.
    pub path: String,
}
