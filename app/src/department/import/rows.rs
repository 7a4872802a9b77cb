//! The six kinds of row, typed and validated: every value checked, every code
//! resolved to a database id, so the writers only compare and write.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::fields::Fields;
use crate::admin_units::AdminUnits;

/// What rows may refer to: the administrative units and the register codes
/// already in the database (including those imported earlier in this run).
pub(super) struct Refs<'a> {
    pub units: &'a AdminUnits,
    pub producers: &'a HashMap<String, i64>,
    pub products: &'a HashMap<String, i64>,
}

impl Refs<'_> {
    fn producer(&self, f: &mut Fields, column: &'static str, code: &str) -> Option<i64> {
        let id = self.producers.get(code).copied();
        if id.is_none() {
            f.fail(column, format!("mã chủ thể không tồn tại: {code}"));
        }
        id
    }

    fn product(&self, f: &mut Fields, column: &'static str, code: &str) -> Option<i64> {
        let id = self.products.get(code).copied();
        if id.is_none() {
            f.fail(column, format!("mã sản phẩm không tồn tại: {code}"));
        }
        id
    }

    /// The province of column `province` and, when `commune` is given, the commune
    /// of that column, which must lie in that province.
    fn place(&self, f: &mut Fields, commune: Option<&'static str>) -> (Option<i64>, Option<i64>) {
        let province_name = f.raw("province");
        let province = if province_name.is_empty() {
            f.fail("province", "không được để trống");
            None
        } else {
            let found = self
                .units
                .province(province_name)
                .map(|p| (p.id, p.name.clone()));
            if found.is_none() {
                f.fail(
                    "province",
                    format!("không tìm thấy tỉnh/thành phố: {province_name}"),
                );
            }
            found
        };
        let Some(column) = commune else {
            return (province.map(|p| p.0), None);
        };
        let commune_name = f.raw(column);
        if commune_name.is_empty() {
            f.fail(column, "không được để trống");
            return (province.map(|p| p.0), None);
        }
        let Some((province_id, province_name)) = province else {
            return (None, None);
        };
        let commune_id = self.units.commune(province_id, commune_name).map(|c| c.id);
        if commune_id.is_none() {
            f.fail(
                column,
                format!("không tìm thấy xã/phường {commune_name} thuộc {province_name}"),
            );
        }
        (Some(province_id), commune_id)
    }
}

/// Keeps a value only when the row had no problem at all.
fn ok<T>(f: &Fields, value: Option<T>) -> Option<T> {
    if f.issues.is_empty() {
        value
    } else {
        None
    }
}

/// A row of producers.csv.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ProducerRow {
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

pub(super) const PRODUCER_COLUMNS: &[&str] = &[
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

pub(super) fn parse_producer(f: &mut Fields, refs: &Refs) -> Option<ProducerRow> {
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
pub(super) struct ProductRow {
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

pub(super) const PRODUCT_COLUMNS: &[&str] = &[
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

pub(super) fn parse_product(f: &mut Fields, refs: &Refs) -> Option<ProductRow> {
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
        story: super::story::clean_story(f.raw("story")),
    };
    ok(f, Some(row))
}

/// A row of certifications.csv.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct CertificationRow {
    pub product_code: String,
    pub product_id: i64,
    pub stars: i16,
    pub score: i16,
    pub decision_no: String,
    pub decided_on: NaiveDate,
    pub level: &'static str,
}

pub(super) const CERTIFICATION_COLUMNS: &[&str] = &[
    "product_code",
    "stars",
    "score",
    "decision_no",
    "decided_on",
    "level",
];

pub(super) fn parse_certification(f: &mut Fields, refs: &Refs) -> Option<CertificationRow> {
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
pub(super) struct ListingRow {
    pub product_code: String,
    pub product_id: i64,
    pub channel: &'static str,
    pub platform: String,
    pub url: Option<String>,
    pub since: NaiveDate,
    pub until: Option<NaiveDate>,
}

pub(super) const LISTING_COLUMNS: &[&str] = &[
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

pub(super) fn parse_listing(f: &mut Fields, refs: &Refs) -> Option<ListingRow> {
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

/// A row of sales_points.csv.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SalesPointRow {
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub province_id: i64,
    pub commune_id: i64,
    pub address: String,
    pub lat: f64,
    pub lon: f64,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub product_ids: Vec<i64>,
}

pub(super) const SALES_POINT_COLUMNS: &[&str] = &[
    "code",
    "name",
    "kind",
    "province",
    "commune",
    "address",
    "lat",
    "lon",
    "opened_on",
    "closed_on",
    "product_codes",
];

const SALES_POINT_KINDS: &[&str] = &[
    "store",
    "tourist_site",
    "pagoda",
    "supermarket_corner",
    "rest_stop",
    "craft_village",
];

pub(super) fn parse_sales_point(f: &mut Fields, refs: &Refs) -> Option<SalesPointRow> {
    let code = f.code("code");
    let name = f.required("name");
    let kind = f.choice("kind", SALES_POINT_KINDS, "loại điểm bán");
    let (province_id, commune_id) = refs.place(f, Some("commune"));
    let lat = f.degrees("lat", 90.0, "vĩ độ");
    let lon = f.degrees("lon", 180.0, "kinh độ");
    let opened_on = f.date("opened_on");
    let closed_on = f.opt_date("closed_on");
    if let (Some(opened), Some(Some(closed))) = (opened_on, closed_on) {
        if closed <= opened {
            f.fail(
                "closed_on",
                format!("ngày đóng cửa phải sau ngày mở cửa (opened_on {opened}): {closed}"),
            );
        }
    }
    let product_ids: Vec<Option<i64>> = f
        .codes("product_codes")
        .iter()
        .map(|c| refs.product(f, "product_codes", c))
        .collect();
    let row = SalesPointRow {
        code: code?,
        name: name?,
        kind: kind?,
        province_id: province_id?,
        commune_id: commune_id?,
        address: f.text("address"),
        lat: lat?,
        lon: lon?,
        opened_on: opened_on?,
        closed_on: closed_on?,
        product_ids: product_ids.into_iter().collect::<Option<Vec<_>>>()?,
    };
    ok(f, Some(row))
}

/// A row of events.csv.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct EventRow {
    pub code: String,
    pub kind: &'static str,
    pub title: String,
    pub province_id: i64,
    pub venue: Option<String>,
    pub stream_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub organizer: String,
    pub status: &'static str,
    pub producer_ids: Vec<i64>,
}

pub(super) const EVENT_COLUMNS: &[&str] = &[
    "code",
    "kind",
    "title",
    "province",
    "venue",
    "stream_url",
    "starts_at",
    "ends_at",
    "organizer",
    "status",
    "producer_codes",
];

const EVENT_KINDS: &[&str] = &["fair", "exhibition", "trade_conference", "livestream"];

pub(super) fn parse_event(f: &mut Fields, refs: &Refs) -> Option<EventRow> {
    let code = f.code("code");
    let kind = f.choice("kind", EVENT_KINDS, "loại sự kiện");
    let title = f.required("title");
    let (province_id, _) = refs.place(f, None);
    let stream_url = f.url("stream_url");
    let starts_at = f.local_time("starts_at");
    let ends_at = f.local_time("ends_at");
    if let (Some(starts), Some(ends)) = (starts_at, ends_at) {
        if ends < starts {
            let message = format!(
                "thời gian kết thúc trước thời gian bắt đầu (starts_at): {}",
                f.raw("ends_at")
            );
            f.fail("ends_at", message);
        }
    }
    let status = f.choice("status", &["scheduled", "cancelled"], "trạng thái sự kiện");
    let producer_ids: Vec<Option<i64>> = f
        .codes("producer_codes")
        .iter()
        .map(|c| refs.producer(f, "producer_codes", c))
        .collect();
    let row = EventRow {
        code: code?,
        kind: kind?,
        title: title?,
        province_id: province_id?,
        venue: f.opt_text("venue"),
        stream_url: stream_url?,
        starts_at: starts_at?,
        ends_at: ends_at?,
        organizer: f.text("organizer"),
        status: status?,
        producer_ids: producer_ids.into_iter().collect::<Option<Vec<_>>>()?,
    };
    ok(f, Some(row))
}
