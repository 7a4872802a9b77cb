//! Row validation, one test per kind of bad row; no database needed.

use std::collections::HashMap;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};

use super::driver::{Seen, Writer};
use super::fields::{Fields, Header};
use super::rows::*;
use crate::admin_units::AdminUnits;

fn units() -> &'static AdminUnits {
    static UNITS: OnceLock<AdminUnits> = OnceLock::new();
    UNITS.get_or_init(AdminUnits::from_dataset)
}

/// Parses one record made of `good` with `changes` applied, with producer
/// CT000001 (id 1) and product SP0000001 (id 10) known; the problems as
/// "column: message".
fn parse<T>(
    columns: &[&str],
    good: &str,
    changes: &[(&str, &str)],
    parse: fn(&mut Fields, &Refs) -> Option<T>,
) -> Result<T, Vec<String>> {
    let mut values: Vec<String> = good.split(',').map(str::to_owned).collect();
    for (column, value) in changes {
        let i = columns
            .iter()
            .position(|c| c == column)
            .expect("test names a real column");
        values[i] = value.to_string();
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(columns).unwrap();
    w.write_record(&values).unwrap();
    let text = w.into_inner().unwrap();
    let mut reader = csv::Reader::from_reader(text.as_slice());
    let header = Header::new(reader.headers().unwrap());
    let record = reader.records().next().unwrap().unwrap();

    let producers = HashMap::from([("CT000001".to_owned(), 1)]);
    let products = HashMap::from([("SP0000001".to_owned(), 10)]);
    let refs = Refs {
        units: units(),
        producers: &producers,
        products: &products,
    };
    let mut f = Fields::new(&header, &record);
    match parse(&mut f, &refs) {
        Some(row) => Ok(row),
        None => Err(f
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.column.unwrap_or("-"), i.message))
            .collect()),
    }
}

/// Good rows, in the order of each file's columns (no value holds a comma).
const PRODUCER: &str =
    "CT000001,Hợp tác xã Phù Sa,cooperative,Cần Thơ,Xã Thới Lai,Ấp 7,Ngô Mỹ Linh,0,1,0976827439,a@example.vn,https://ct1.example.vn,1";
const PRODUCT: &str = "SP0000002,Gạo ST25,CT000001,1,túi 5kg,162000,5,0,1,Gạo thơm,Câu chuyện";
const CERTIFICATION: &str = "SP0000001,4,84,2/QĐ-UBND,2023-04-04,province";
const LISTING: &str = "SP0000001,ecommerce,Tiki,https://tiki.vn/x,2024-12-10,";
const SALES_POINT: &str =
    "DB00001,Điểm OCOP Cái Răng,rest_stop,Cần Thơ,Phường Cái Răng,Số 52,9.84987,105.42141,2025-08-12,,SP0000001";
const EVENT: &str =
    "SK00001,fair,Hội chợ OCOP,An Giang,Trung tâm Hội chợ,,2025-01-13T09:00,2025-01-20T09:00,Sở Công Thương,scheduled,CT000001";

fn producer(changes: &[(&str, &str)]) -> Result<ProducerRow, Vec<String>> {
    parse(PRODUCER_COLUMNS, PRODUCER, changes, parse_producer)
}
fn product(changes: &[(&str, &str)]) -> Result<ProductRow, Vec<String>> {
    parse(PRODUCT_COLUMNS, PRODUCT, changes, parse_product)
}
fn certification(changes: &[(&str, &str)]) -> Result<CertificationRow, Vec<String>> {
    parse(
        CERTIFICATION_COLUMNS,
        CERTIFICATION,
        changes,
        parse_certification,
    )
}
fn listing(changes: &[(&str, &str)]) -> Result<ListingRow, Vec<String>> {
    parse(LISTING_COLUMNS, LISTING, changes, parse_listing)
}
fn sales_point(changes: &[(&str, &str)]) -> Result<SalesPointRow, Vec<String>> {
    parse(SALES_POINT_COLUMNS, SALES_POINT, changes, parse_sales_point)
}
fn event(changes: &[(&str, &str)]) -> Result<EventRow, Vec<String>> {
    parse(EVENT_COLUMNS, EVENT, changes, parse_event)
}

/// The single problem of a row expected to have exactly one.
fn only(result: Result<impl std::fmt::Debug, Vec<String>>) -> String {
    let problems = result.expect_err("row should be rejected");
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems.into_iter().next().unwrap_or_default()
}

#[test]
fn good_rows_parse() {
    let p = producer(&[]).unwrap();
    assert_eq!(
        (p.kind, p.women_led, p.ethnic_minority_led),
        ("cooperative", false, true)
    );
    assert_eq!(product(&[]).unwrap().producer_id, 1);
    assert_eq!(certification(&[]).unwrap().stars, 4);
    assert_eq!(listing(&[]).unwrap().until, None);
    assert_eq!(sales_point(&[]).unwrap().product_ids, vec![10]);
    assert_eq!(event(&[]).unwrap().producer_ids, vec![1]);
}

#[test]
fn text_is_nfc_and_codes_upper_case() {
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Gạo  ST25 ").collect();
    let row = product(&[("name", &nfd), ("code", "sp0000002")]).unwrap();
    assert_eq!(
        (row.name.as_str(), row.code.as_str()),
        ("Gạo ST25", "SP0000002")
    );
}

#[test]
fn unknown_producer_and_product_codes() {
    assert_eq!(
        only(product(&[("producer_code", "CT999")])),
        "producer_code: mã chủ thể không tồn tại: CT999"
    );
    assert_eq!(
        only(certification(&[("product_code", "SP9")])),
        "product_code: mã sản phẩm không tồn tại: SP9"
    );
    assert_eq!(
        only(listing(&[("product_code", "SP9")])),
        "product_code: mã sản phẩm không tồn tại: SP9"
    );
    assert_eq!(
        only(sales_point(&[("product_codes", "SP0000001;SP9")])),
        "product_codes: mã sản phẩm không tồn tại: SP9"
    );
    assert_eq!(
        only(event(&[("producer_codes", "CT000001; CT8")])),
        "producer_codes: mã chủ thể không tồn tại: CT8"
    );
}

#[test]
fn places_must_exist_and_communes_belong_to_their_province() {
    assert!(producer(&[("province", "Thành phố Cần Thơ"), ("commune", "Thới Lai")]).is_ok());
    assert_eq!(
        only(producer(&[("province", "Sài Gòn")])),
        "province: không tìm thấy tỉnh/thành phố: Sài Gòn"
    );
    assert_eq!(
        only(producer(&[("province", "Hà Nội")])),
        "commune: không tìm thấy xã/phường Xã Thới Lai thuộc Hà Nội"
    );
    assert!(only(sales_point(&[("commune", "Xã Không Có")])).starts_with("commune: "));
    assert!(only(event(&[("province", "")])).starts_with("province: không được để trống"));
}

#[test]
fn bad_dates() {
    assert_eq!(
        only(certification(&[("decided_on", "2025-13-01")])),
        "decided_on: ngày không hợp lệ (cần YYYY-MM-DD): 2025-13-01"
    );
    assert!(only(certification(&[("decided_on", "04/04/2023")]))
        .starts_with("decided_on: ngày không hợp lệ"));
    assert!(only(listing(&[("since", "2024-2-1")])).starts_with("since: ngày không hợp lệ"));
    assert!(only(sales_point(&[("closed_on", "2025-02-30")]))
        .starts_with("closed_on: ngày không hợp lệ"));
}

#[test]
fn event_times_are_vietnam_local_and_stored_as_utc() {
    let row = event(&[]).unwrap();
    assert_eq!(
        row.starts_at,
        Utc.with_ymd_and_hms(2025, 1, 13, 2, 0, 0).unwrap()
    );
    assert!(only(event(&[("starts_at", "2025-01-13 09:00")]))
        .starts_with("starts_at: thời gian không hợp lệ"));
    assert!(
        only(event(&[("ends_at", "2025-01-13")])).starts_with("ends_at: thời gian không hợp lệ")
    );
    assert!(
        event(&[("ends_at", "2025-01-13T09:00")]).is_ok(),
        "an event may end when it starts"
    );
    assert!(only(event(&[("ends_at", "2025-01-13T08:59")]))
        .starts_with("ends_at: thời gian kết thúc trước"));
}

#[test]
fn stars_score_and_group_ranges() {
    assert_eq!(
        only(certification(&[("stars", "2")])),
        "stars: số sao phải từ 3 đến 5: 2"
    );
    assert_eq!(
        only(certification(&[("stars", "6")])),
        "stars: số sao phải từ 3 đến 5: 6"
    );
    assert_eq!(
        only(certification(&[("score", "101")])),
        "score: điểm phải là số nguyên từ 0 đến 100: 101"
    );
    assert!(only(certification(&[("score", "-1")])).starts_with("score: "));
    assert_eq!(
        only(product(&[("group", "7")])),
        "group: nhóm sản phẩm phải từ 1 đến 6: 7"
    );
    assert!(only(product(&[("group", "0")])).starts_with("group: "));
}

#[test]
fn prices_and_stock_are_non_negative_integers() {
    assert_eq!(
        only(product(&[("price_vnd", "-5")])),
        "price_vnd: giá phải là số nguyên không âm (đồng): -5"
    );
    assert!(only(product(&[("price_vnd", "85000.5")])).starts_with("price_vnd: "));
    assert!(only(product(&[("price_vnd", "85.000")])).starts_with("price_vnd: "));
    assert_eq!(
        only(product(&[("stock", "-1")])),
        "stock: tồn kho phải là số nguyên không âm: -1"
    );
    assert!(only(product(&[("stock", "2.5")])).starts_with("stock: "));
}

#[test]
fn flags_are_zero_or_one() {
    assert_eq!(
        only(product(&[("published", "yes")])),
        "published: phải là 0 hoặc 1: yes"
    );
    assert!(only(producer(&[("women_led", "")])).starts_with("women_led: "));
    assert!(only(producer(&[("has_epayment", "2")])).starts_with("has_epayment: "));
}

#[test]
fn enumerations() {
    assert!(only(producer(&[("type", "company")]))
        .starts_with("type: loại chủ thể không hợp lệ: company"));
    assert!(only(certification(&[("level", "district")]))
        .starts_with("level: cấp công nhận không hợp lệ"));
    assert!(
        only(listing(&[("channel", "tv")])).starts_with("channel: kênh phân phối không hợp lệ: tv")
    );
    assert!(only(sales_point(&[("kind", "kiosk")])).starts_with("kind: loại điểm bán không hợp lệ"));
    assert!(only(event(&[("kind", "party")])).starts_with("kind: loại sự kiện không hợp lệ"));
    assert!(
        only(event(&[("status", "open")])).starts_with("status: trạng thái sự kiện không hợp lệ")
    );
}

#[test]
fn derived_channels_are_refused() {
    assert_eq!(
        only(listing(&[("channel", "marketplace")])),
        "channel: kênh marketplace do hệ thống tự tính, không được nhập"
    );
    assert!(only(listing(&[("channel", "sales_point")])).contains("sales_point"));
}

#[test]
fn urls_must_be_http() {
    assert!(producer(&[("website", "")]).unwrap().website.is_none());
    for bad in [
        "ftp://x.vn",
        "javascript:alert(1)",
        "www.example.vn",
        "http://",
    ] {
        let problem = only(producer(&[("website", bad)]));
        assert!(
            problem.starts_with("website: địa chỉ web không hợp lệ"),
            "{bad}: {problem}"
        );
    }
    assert!(only(listing(&[("url", "shop.example.vn")])).starts_with("url: "));
    assert!(only(event(&[("stream_url", "rtmp://live")])).starts_with("stream_url: "));
}

#[test]
fn periods_must_end_after_they_start() {
    assert!(only(listing(&[("until", "2024-12-09")]))
        .starts_with("until: ngày kết thúc không được trước ngày bắt đầu"));
    assert!(only(listing(&[("until", "2024-01-01")])).starts_with("until: "));
    assert!(
        listing(&[("until", "2024-12-10")]).is_ok(),
        "an empty period is a true record"
    );
    assert!(listing(&[("until", "2024-12-11")]).is_ok());
    assert!(
        only(sales_point(&[("closed_on", "2025-08-12")])).starts_with("closed_on: ngày đóng cửa")
    );
}

#[test]
fn coordinates_in_range() {
    assert_eq!(
        only(sales_point(&[("lat", "91")])),
        "lat: vĩ độ phải là số từ -90 đến 90: 91"
    );
    assert!(only(sales_point(&[("lon", "-181")])).starts_with("lon: kinh độ"));
    assert!(only(sales_point(&[("lat", "abc")])).starts_with("lat: "));
}

#[test]
fn required_values_and_codes() {
    assert_eq!(
        only(product(&[("name", "  ")])),
        "name: không được để trống"
    );
    assert!(only(product(&[("code", "SP 1")])).starts_with("code: mã không hợp lệ"));
    assert!(only(certification(&[("decision_no", "")])).starts_with("decision_no: "));
}

#[test]
fn every_problem_of_a_row_is_reported() {
    let problems = product(&[
        ("price_vnd", "-1"),
        ("stock", "x"),
        ("group", "9"),
        ("producer_code", "CT9"),
    ])
    .unwrap_err();
    let columns: Vec<&str> = problems
        .iter()
        .map(|p| p.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(columns, ["producer_code", "group", "price_vnd", "stock"]);
}

#[test]
fn missing_columns_are_named() {
    let mut reader = csv::Reader::from_reader("code,name,unit\n".as_bytes());
    let header = Header::new(reader.headers().unwrap());
    let missing = header.missing(PRODUCT_COLUMNS);
    assert!(missing.contains(&"producer_code") && missing.contains(&"story"));
    assert!(!missing.contains(&"name"));
}

#[test]
fn duplicate_codes_within_a_file() {
    let mut seen = Seen::default();
    let row = product(&[]).unwrap();
    assert!(seen
        .claim(super::products::ProductWriter::key(&row), 2)
        .is_ok());
    let issue = seen
        .claim(super::products::ProductWriter::key(&row), 9)
        .unwrap_err();
    assert_eq!(issue.column, Some("code"));
    assert_eq!(
        issue.message,
        "mã sản phẩm bị trùng trong tệp: SP0000002 (đã có ở dòng 2)"
    );
}

#[test]
fn duplicate_decisions_for_a_product_within_a_file() {
    let mut seen = Seen::default();
    let key = |r: &CertificationRow| super::certifications::CertificationWriter::key(r);
    assert!(seen.claim(key(&certification(&[]).unwrap()), 2).is_ok());
    let other_product = certification(&[("product_code", "SP0000001"), ("stars", "5")]).unwrap();
    let issue = seen.claim(key(&other_product), 3).unwrap_err();
    assert_eq!(issue.column, Some("decision_no"));
    assert!(issue.message.ends_with("(đã có ở dòng 2)"));
    let next_decision = certification(&[("decision_no", "3/QĐ-UBND")]).unwrap();
    assert!(seen.claim(key(&next_decision), 4).is_ok());
}
