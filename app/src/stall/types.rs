//! What the stall's product pages show, shared by the server functions and
//! the pages.

use crate::media::Picture;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Something a product lacks before shoppers can see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Missing {
    /// No photo.
    Photo,
    /// No story.
    Story,
    /// No price (0 đồng).
    Price,
    /// No valid OCOP certification (officers record it).
    Certification,
}

impl Missing {
    /// What to tell the producer, (Vietnamese, English).
    pub fn words(self) -> (&'static str, &'static str) {
        match self {
            Missing::Photo => ("chưa có ảnh", "no photo"),
            Missing::Story => ("chưa có câu chuyện sản phẩm", "no story"),
            Missing::Price => ("chưa có giá", "no price"),
            Missing::Certification => (
                "chưa có chứng nhận OCOP còn hiệu lực (cán bộ OCOP ghi nhận)",
                "no valid OCOP certification (recorded by OCOP officers)",
            ),
        }
    }
}

/// Where a product's certification stands today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertState {
    /// Stars of the latest decision.
    pub stars: i16,
    /// Decision number.
    pub decision_no: String,
    /// Decided on.
    pub decided_on: NaiveDate,
    /// First day it no longer holds.
    pub valid_until: NaiveDate,
    /// Holds today.
    pub valid: bool,
    /// Lapses within 90 days.
    pub expiring: bool,
}

/// One line of the stall's product list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Price in đồng.
    pub price_vnd: i64,
    /// Units free to sell.
    pub stock: i64,
    /// Published by the producer.
    pub published: bool,
    /// Certification, if any was ever decided.
    pub certification: Option<CertState>,
    /// What keeps it from shoppers.
    pub missing: Vec<Missing>,
    /// First photo.
    pub photo: Option<Picture>,
}

impl ProductRow {
    /// Shoppers see it now: published, with a certification in force
    /// (what the storefront shows; a missing photo or story is advice).
    pub fn visible(&self) -> bool {
        self.published && self.certification.as_ref().is_some_and(|c| c.valid)
    }
}

/// A photo in the editor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhotoRow {
    /// Row id (for reorder, alt text and removal).
    pub id: i64,
    /// The picture.
    pub picture: Picture,
}

/// A production batch in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRow {
    /// Row id.
    pub id: i64,
    /// Number on the label.
    pub batch_no: String,
    /// Produced on.
    pub produced_on: NaiveDate,
    /// Best before.
    pub expires_on: Option<NaiveDate>,
    /// Units made.
    pub quantity: Option<i64>,
}

/// A declared listing on another channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingRow {
    /// Row id.
    pub id: i64,
    /// Channel kind (REPORTING.md).
    pub channel: String,
    /// Platform or chain ("Shopee", "Co.opmart").
    pub platform: String,
    /// Link to the listing.
    pub url: Option<String>,
    /// Listed since.
    pub since: NaiveDate,
    /// Listed until (exclusive), when ended.
    pub until: Option<NaiveDate>,
}

/// The channel kinds a producer declares, with their names (vi, en).
pub const CHANNELS: [(&str, &str, &str); 6] = [
    ("ecommerce", "Sàn thương mại điện tử", "E-commerce platform"),
    ("social", "Mạng xã hội", "Social network"),
    ("supermarket", "Siêu thị", "Supermarket chain"),
    (
        "convenience_store",
        "Cửa hàng tiện lợi",
        "Convenience stores",
    ),
    ("export", "Xuất khẩu", "Export"),
    ("traditional", "Chợ truyền thống, đại lý", "Market, agents"),
];

/// A product's raw-material area.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RawArea {
    /// Name of the area.
    pub name: String,
    /// Hectares, as typed ("12.5").
    pub area_ha: String,
    /// Description.
    pub description: String,
}

/// Everything the product editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductEditor {
    /// The list line (code, name, price, stock, state, what is missing).
    pub row: ProductRow,
    /// Public slug.
    pub slug: String,
    /// Edit version: an edit made on an older version is refused.
    pub version: i32,
    /// OCOP group 1-6.
    pub group: i16,
    /// Selling unit.
    pub unit: String,
    /// Description.
    pub description: String,
    /// Story source (Markdown).
    pub story: String,
    /// Story as shoppers see it (sanitised HTML).
    pub story_html: String,
    /// Where the product comes from.
    pub origin: String,
    /// Photos in order.
    pub photos: Vec<PhotoRow>,
    /// Raw-material area.
    pub raw_area: RawArea,
    /// Batches, newest first.
    pub batches: Vec<BatchRow>,
    /// Other channels.
    pub listings: Vec<ListingRow>,
    /// Groups to choose from: (id, Vietnamese name, English name).
    pub groups: Vec<(i16, String, String)>,
}

/// The most photos a product keeps.
pub const MAX_PHOTOS: usize = 8;

/// The stall profile's form, as typed (money fields as typed too).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProfileForm {
    /// Name shown on the stall.
    pub name: String,
    /// The producer's story (Markdown).
    pub story: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Website.
    pub website: String,
    /// Bank BIN (6 digits) for VietQR.
    pub bank_bin: String,
    /// Account number.
    pub bank_account_no: String,
    /// Account holder.
    pub bank_account_name: String,
    /// Shipping within the province, đồng (empty: the marketplace's default).
    pub ship_same_province_vnd: String,
    /// Shipping to other provinces, đồng.
    pub ship_other_province_vnd: String,
    /// Free shipping above, đồng.
    pub free_ship_over_vnd: String,
}

/// The stall profile editor's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileData {
    /// Register code.
    pub code: String,
    /// Public slug (/gian-hang/{slug}).
    pub slug: String,
    /// The form's values.
    pub form: ProfileForm,
    /// The seller identity shoppers read.
    pub identity: crate::seller::SellerIdentity,
    /// Story as shoppers see it.
    pub story_html: String,
    /// Logo.
    pub logo: Option<Picture>,
    /// Cover photo.
    pub cover: Option<Picture>,
}
