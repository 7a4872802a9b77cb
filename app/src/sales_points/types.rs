//! What the sales-point pages and server functions exchange (both sides of
//! the wire): the form as typed, the officer's lists, the public list.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The kinds of sales point, as stored.
pub const KINDS: [&str; 6] = [
    "store",
    "tourist_site",
    "pagoda",
    "supermarket_corner",
    "rest_stop",
    "craft_village",
];

/// A kind of sales point in the reader's language.
pub fn kind_label(kind: &str, l: Locale) -> &'static str {
    match kind {
        "store" => l.pick("Cửa hàng OCOP", "OCOP store"),
        "tourist_site" => l.pick("Điểm du lịch", "Tourist site"),
        "pagoda" => l.pick("Đình, chùa", "Temple or pagoda"),
        "supermarket_corner" => l.pick("Góc OCOP trong siêu thị", "OCOP corner in a supermarket"),
        "rest_stop" => l.pick("Trạm dừng nghỉ", "Rest stop"),
        "craft_village" => l.pick("Làng nghề", "Craft village"),
        _ => l.pick("Điểm bán", "Sales point"),
    }
}

/// The sales point form as typed: every field a string, checked by the
/// server (the same checks for the pages and the API).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesPointForm {
    /// Name.
    pub name: String,
    /// One of [`KINDS`].
    pub kind: String,
    /// Province: slug, code or name (an officer's own when empty).
    pub province: String,
    /// Commune: code or name, within the province.
    pub commune: String,
    /// Street address.
    pub address: String,
    /// Latitude, decimal degrees.
    pub lat: String,
    /// Longitude, decimal degrees.
    pub lon: String,
    /// Opening hours as written ("7:00–21:00 hằng ngày").
    pub opening_hours: String,
    /// Telephone.
    pub phone: String,
    /// Opening date, `yyyy-mm-dd` or `dd/mm/yyyy`.
    pub opened_on: String,
    /// Closing date (exclusive), empty while open.
    pub closed_on: String,
    /// Product codes separated by spaces, commas or semicolons; `None`
    /// keeps the products carried as they are.
    pub product_codes: Option<String>,
}

/// A choice in a picker: the value sent back and what the reader sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// Value sent back (a slug or a code).
    pub value: String,
    /// Label.
    pub label: String,
}

/// A product a sales point carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarriedProduct {
    /// Register code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Public page slug, when the product is published.
    pub slug: Option<String>,
    /// Certified today.
    pub certified: bool,
}

/// A sales point in the officer's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaPoint {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Commune name.
    pub commune: String,
    /// Province name.
    pub province: String,
    /// Opened on (dd/mm/yyyy).
    pub opened_on: String,
    /// Closed on (dd/mm/yyyy), if closed or closing.
    pub closed_on: Option<String>,
    /// Active today.
    pub active: bool,
    /// Number of products carried.
    pub products: usize,
}

/// One commune's coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageRow {
    /// Commune code.
    pub code: String,
    /// Commune name.
    pub name: String,
    /// Province name.
    pub province: String,
    /// Active sales points today.
    pub sales_points: u64,
    /// Producers with their address in the commune.
    pub producers: u64,
}

/// Coverage of the area by active sales points (REPORTING.md
/// `communes_with_sales_point_pct`, as of today).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// Communes with at least one producer or sales point opened by today.
    pub rows: Vec<CoverageRow>,
    /// Communes with producers but no active sales point.
    pub uncovered: Vec<CoverageRow>,
    /// Communes with an active sales point.
    pub numerator: u64,
    /// Communes with a producer or a sales point opened by today.
    pub denominator: u64,
    /// Share in percent, one decimal; `None` with a zero denominator.
    pub pct: Option<f64>,
}

/// The officer's sales-points page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaSalesPoints {
    /// The area's name ("Cần Thơ", or "cả nước" for an administrator).
    pub area: String,
    /// Provinces an administrator may narrow to (empty for officers).
    pub provinces: Vec<Choice>,
    /// The province chosen by an administrator.
    pub province: String,
    /// The area's sales points, active and closed.
    pub points: Vec<AreaPoint>,
    /// Coverage per commune.
    pub coverage: Coverage,
}

/// The create/edit page of a sales point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditorData {
    /// The code, when editing.
    pub code: Option<String>,
    /// The form's values.
    pub form: SalesPointForm,
    /// Provinces the reader may choose (one for a province's officer).
    pub provinces: Vec<Choice>,
    /// Communes of the chosen province within the reader's area.
    pub communes: Vec<Choice>,
    /// Products carried.
    pub products: Vec<CarriedProduct>,
    /// Active today.
    pub active: bool,
}

/// A sales point as shoppers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicPoint {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Street address.
    pub address: String,
    /// Commune name.
    pub commune: String,
    /// Province name.
    pub province: String,
    /// Opening hours.
    pub opening_hours: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Certified products carried.
    pub products: Vec<CarriedProduct>,
    /// Distance from the shopper in km, when sorted by it.
    pub distance_km: Option<f64>,
    /// Its public page, absolute.
    pub url: String,
}

/// The public list's address parameters (a GET form: shareable).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointQuery {
    /// Province slug.
    pub province: Option<String>,
    /// Commune code.
    pub commune: Option<String>,
    /// The shopper's position "lat,lon", to sort by distance.
    pub near: Option<String>,
    /// Page from 1.
    pub page: Option<String>,
}

impl PointQuery {
    /// The query string of these parameters with page `page` (none for 1).
    pub fn to_query_string(&self, page: u64) -> String {
        let mut pairs = Vec::new();
        for (name, value) in [
            ("province", &self.province),
            ("commune", &self.commune),
            ("near", &self.near),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                pairs.push(format!("{name}={}", crate::text::encode_component(v)));
            }
        }
        if page > 1 {
            pairs.push(format!("page={page}"));
        }
        pairs.join("&")
    }
}

/// The public list page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicList {
    /// The parameters as understood (unknown ones dropped).
    pub query: PointQuery,
    /// Provinces with active sales points: slug, name and count.
    pub provinces: Vec<Choice>,
    /// Communes of the chosen province with active sales points.
    pub communes: Vec<Choice>,
    /// This page of sales points.
    pub items: Vec<PublicPoint>,
    /// All matching sales points.
    pub total: u64,
    /// Page from 1.
    pub page: u64,
    /// Number of pages.
    pub pages: u64,
    /// Every matching sales point's marker (not only this page's).
    pub markers: Vec<crate::map::MapItem>,
    /// What was not understood in the address, in both languages.
    pub notices: Vec<(String, String)>,
    /// The site's public address, for canonical links.
    pub base_url: String,
}
