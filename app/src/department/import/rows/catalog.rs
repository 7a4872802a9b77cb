//! Rows of producers.csv, products.csv, certifications.csv and listings.csv.

use chrono::NaiveDate;

use super::{ok, Refs};
use crate::department::import::fields::Fields;

/// A row of producers.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProducerRow {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub province_id: i64,
    pub commune_id: i64,
    pub address: String,
    pub representative: String,
    pub women_led: bool,
    pub ethnic_minority_led: bool,
    pub phone: String,
    pub email: String,
    pub website: Option<String>,
    pub has_epayment: bool,
}

pub(crate) const PRODUCER_COLUMNS: &[&str] = &[
    "code",
    "name",
    "type",
    "province",
    "commune",
    "address",
    "representative",
    "women_led",
    "ethnic_minority_led",
    "phone",
    "email",
    "website",
    "has_epayment",
];

const PRODUCER_KINDS: &[&str] = &["cooperative", "sme", "household", "coop_group", "other"];

pub(crate) fn parse_producer(f: &mut Fields, refs: &Refs) -> Option<ProducerRow> {
    let code = f.code("code");
    let name = f.required("name");
    let kind = f.choice("type", PRODUCER_KINDS, "loại chủ thể");
    let (province_id, commune_id) = refs.place(f, Some("commune"));
    let women_led = f.flag("women_led");
    let ethnic_minority_led = f.flag("ethnic_minority_led");
    let website = f.url("website");
    let has_epayment = f.flag("has_epayment");
    let row = ProducerRow {
        code: code?,
        name: name?,
        kind: kind?,
        province_id: province_id?,
        commune_id: commune_id?,
        address: f.text("address"),
        representative: f.text("representative"),
        women_led: women_led?,
        ethnic_minority_led: ethnic_minority_led?,
        phone: f.text("phone"),
        email: f.text("email"),
        website: website?,
        has_epayment: has_epayment?,
    };
    ok(f, Some(row))
}

/// A row of products.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProductRow {
    pub code: String,
    pub name: String,
    pub producer_id: i64,
    pub group_id: i16,
    pub unit: String,
    pub price_vnd: i64,
    pub stock: i64,
    pub traceable: bool,
    pub published: bool,
    pub description: String,
    pub story: String,
}

pub(crate) const PRODUCT_COLUMNS: &[&str] = &[
    "code",
    "name",
    "producer_code",
    "group",
    "unit",
    "price_vnd",
    "stock",
    "traceable",
    "published",
    "description",
    "story",
];

pub(crate) fn parse_product(f: &mut Fields, refs: &Refs) -> Option<ProductRow> {
    let code = f.code("code");
    let name = f.required("name");
    let producer_id = f
        .code("producer_code")
        .and_then(|c| refs.producer(f, "producer_code", &c));
    let group = f.int("group", 1..=6, "nhóm sản phẩm phải từ 1 đến 6");
    let unit = f.required("unit");
    let price = f.int(
        "price_vnd",
        0..=i64::MAX,
        "giá phải là số nguyên không âm (đồng)",
    );
    let stock = f.int("stock", 0..=i64::MAX, "tồn kho phải là số nguyên không âm");
    let traceable = f.flag("traceable");
    let published = f.flag("published");
    let row = ProductRow {
        code: code?,
        name: name?,
        producer_id: producer_id?,
        group_id: group? as i16,
        unit: unit?,
        price_vnd: price?,
        stock: stock?,
        traceable: traceable?,
        published: published?,
        description: f.text("description"),
        // Paragraph breaks matter in a story, so only the ends are trimmed.
        story: crate::department::import::story::clean_story(f.raw("story")),
    };
    ok(f, Some(row))
}

/// A row of certifications.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CertificationRow {
    pub product_code: String,
    pub product_id: i64,
    pub stars: i16,
    pub score: i16,
    pub decision_no: String,
    pub decided_on: NaiveDate,
    pub level: &'static str,
}

pub(crate) const CERTIFICATION_COLUMNS: &[&str] = &[
    "product_code",
    "stars",
    "score",
    "decision_no",
    "decided_on",
    "level",
];

pub(crate) fn parse_certification(f: &mut Fields, refs: &Refs) -> Option<CertificationRow> {
    let product_code = f.code("product_code");
    let product_id = product_code
        .as_deref()
        .and_then(|c| refs.product(f, "product_code", c));
    let stars = f.int("stars", 3..=5, "số sao phải từ 3 đến 5");
    let score = f.int("score", 0..=100, "điểm phải là số nguyên từ 0 đến 100");
    let decision_no = f.required("decision_no");
    let decided_on = f.date("decided_on");
    let level = f.choice("level", &["province", "national"], "cấp công nhận");
    let row = CertificationRow {
        product_code: product_code?,
        product_id: product_id?,
        stars: stars? as i16,
        score: score? as i16,
        decision_no: decision_no?,
        decided_on: decided_on?,
        level: level?,
    };
    ok(f, Some(row))
}

/// A row of listings.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ListingRow {
    pub product_code: String,
    pub product_id: i64,
    pub channel: &'static str,
    pub platform: String,
    pub url: Option<String>,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

pub(crate) const LISTING_COLUMNS: &[&str] = &[
    "product_code",
    "channel",
    "platform",
    "url",
    "since",
    "until",
];

const CHANNELS: &[&str] = &[
    "ecommerce",
    "social",
    "supermarket",
    "convenience_store",
    "export",
    "traditional",
];

pub(crate) fn parse_listing(f: &mut Fields, refs: &Refs) -> Option<ListingRow> {
    let product_code = f.code("product_code");
    let product_id = product_code
        .as_deref()
        .and_then(|c| refs.product(f, "product_code", c));
    let channel = match f.raw("channel") {
        derived @ ("marketplace" | "sales_point") => {
            let message = format!("kênh {derived} do hệ thống tự tính, không được nhập");
            f.fail("channel", message);
            None
        }
        _ => f.choice("channel", CHANNELS, "kênh phân phối"),
    };
    let platform = f.required("platform");
    let url = f.url("url");
    let since = f.date("since");
    let until = f.opt_date("until");
    if let (Some(since), Some(Some(until))) = (since, until) {
        // until == since is an empty period (a listing withdrawn the day it
        // started): it never counts, but it is a true record, so it is kept.
        if until < since {
            f.fail(
                "until",
                format!("ngày kết thúc không được trước ngày bắt đầu (since {since}): {until}"),
            );
        }
    }
    let row = ListingRow {
        product_code: product_code?,
        product_id: product_id?,
        channel: channel?,
        platform: platform?,
        url: url?,
        since: since?,
        until: until?,
    };
    ok(f, Some(row))
}
