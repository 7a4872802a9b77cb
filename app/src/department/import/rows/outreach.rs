//! Rows of sales_points.csv and events.csv.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ok, Refs};
use crate::department::import::fields::Fields;
use crate::domain::EventStatus;

/// A row of sales_points.csv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SalesPointRow {
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

pub(crate) const SALES_POINT_COLUMNS: &[&str] = &[
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

pub(crate) fn parse_sales_point(f: &mut Fields, refs: &Refs) -> Option<SalesPointRow> {
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
pub(crate) struct EventRow {
    pub code: String,
    pub kind: &'static str,
    pub title: String,
    pub province_id: i64,
    pub venue: Option<String>,
    pub stream_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub organizer: String,
    pub status: EventStatus,
    pub producer_ids: Vec<i64>,
}

pub(crate) const EVENT_COLUMNS: &[&str] = &[
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

pub(crate) fn parse_event(f: &mut Fields, refs: &Refs) -> Option<EventRow> {
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
    let status = f
        .choice("status", &["scheduled", "cancelled"], "trạng thái sự kiện")
        .and_then(EventStatus::from_name);
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
