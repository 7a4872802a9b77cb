//! Plan reports against REPORTING.md: a small catalog built for the edge
//! cases of every metric (a lapse today, a renewal before expiry, a renewal
//! after a lapse, a zero denominator, a cancelled event, an event just after
//! midnight Vietnam time, a listing that ended, a sales point closed today,
//! one outside the area that still carries an area product), with every
//! expected figure counted by hand in the comments; the CSV and the XLSX (read
//! back by LibreOffice) carry the same numbers as the JSON.

use app::domain::EventStatus;
use app::entities::certifications;
use app::entities::{
    channel_listings, communes, events, producers, product_stories, products, provinces,
    sales_point_products, sales_points,
};
use chrono::{NaiveDate, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;
use std::collections::HashMap;
use tests::{on_both_databases, spawn_app_with, TestApp};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("date")
}

/// The fixture plan: every metric of REPORTING.md for Cần Thơ in 2026, and
/// a commune's plan for a commune with nothing in it.
const PLAN: &str = r#"
id = "fixture-2026"
title = "Kế hoạch thử nghiệm"
area = "Cần Thơ"
period = { from = "2026-01-01", to = "2026-12-31" }
reports = [{ kind = "quarterly", due = "03-10" }]
"#;

const METRICS: [(&str, f64); 27] = [
    ("certified_products", 10.0),
    ("four_star_products", 2.0),
    ("five_star_products", 1.0),
    ("tourism_service_products", 2.0),
    ("new_certified_products", 3.0),
    ("new_tourism_service_products", 1.0),
    ("new_four_star_products", 2.0),
    ("new_five_star_products", 1.0),
    ("upgraded_three_to_four_pct", 20.0),
    ("expired_recertified", 1.0),
    ("expired_recertified_pct", 100.0),
    ("producers_cooperative_pct", 30.0),
    ("producers_sme_pct", 50.0),
    ("producers_women_led_pct", 30.0),
    ("producers_ethnic_minority_pct", 30.0),
    ("producers_with_website_pct", 30.0),
    ("producers_in_modern_channels_pct", 100.0),
    ("producers_with_stall_and_epayment_pct", 50.0),
    ("products_on_ecommerce_pct", 50.0),
    ("products_on_digital_platforms_pct", 60.0),
    ("products_in_modern_distribution_pct", 60.0),
    ("products_export_pct", 10.0),
    ("new_products_with_story_pct", 50.0),
    ("agri_products_traceable_pct", 60.0),
    ("new_sales_points", 2.0),
    ("communes_with_sales_point_pct", 60.0),
    ("trade_promotion_events", 2.0),
];

fn plan_files() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("plans dir");
    let mut text = PLAN.to_owned();
    for (metric, value) in METRICS {
        text.push_str(&format!(
            "\n[[targets]]\nmetric = \"{metric}\"\nop = \">=\"\nvalue = {value}\nby = \"2026-12-31\"\nsource = \"thử {metric}\"\n"
        ));
    }
    std::fs::write(dir.path().join("fixture.toml"), text).expect("plan");
    dir
}

/// Cần Thơ's id and its first six communes A..F (by id), and one commune of
/// Đồng Tháp.
async fn area(app: &TestApp) -> (i64, Vec<i64>, i64, i64) {
    let province = |name: &'static str| async move {
        provinces::Entity::find()
            .filter(provinces::Column::Name.eq(name))
            .one(&app.db)
            .await
            .expect("query")
            .expect("province")
            .id
    };
    let can_tho = province("Cần Thơ").await;
    let dong_thap = province("Đồng Tháp").await;
    let communes_of = |id: i64| async move {
        communes::Entity::find()
            .filter(communes::Column::ProvinceId.eq(id))
            .order_by_asc(communes::Column::Id)
            .all(&app.db)
            .await
            .expect("communes")
            .into_iter()
            .map(|c| c.id)
            .collect::<Vec<i64>>()
    };
    let ct = communes_of(can_tho).await;
    let dt = communes_of(dong_thap).await;
    (can_tho, ct[..6].to_vec(), dong_thap, dt[0])
}

struct Producer<'a> {
    code: &'a str,
    kind: &'a str,
    commune: i64,
    women: bool,
    ethnic: bool,
    website: bool,
    epayment: bool,
    bank: bool,
}

async fn producer(app: &TestApp, province: i64, p: Producer<'_>) -> i64 {
    producers::ActiveModel {
        code: Set(p.code.into()),
        slug: Set(p.code.to_lowercase()),
        name: Set(format!("Chủ thể {}", p.code)),
        kind: Set(p.kind.into()),
        province_id: Set(province),
        commune_id: Set(p.commune),
        address: Set("Ấp 1".into()),
        representative: Set("Nguyễn Văn A".into()),
        women_led: Set(p.women),
        ethnic_minority_led: Set(p.ethnic),
        phone: Set("0912345678".into()),
        email: Set(format!("{}@example.vn", p.code.to_lowercase())),
        website: Set(p.website.then(|| "https://example.vn".into())),
        has_epayment: Set(p.epayment),
        bank_bin: Set(p.bank.then(|| "970436".into())),
        bank_account_no: Set(p.bank.then(|| "0123456789".into())),
        bank_account_name: Set(p.bank.then(|| "CHU THE".into())),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("producer")
    .id
}

struct Product<'a> {
    code: &'a str,
    producer: i64,
    group: i16,
    published: bool,
    price: i64,
    traceable: bool,
    story_chars: usize,
    decisions: &'a [(&'a str, i16)],
}

async fn product(app: &TestApp, p: Product<'_>) -> i64 {
    let id = products::ActiveModel {
        code: Set(p.code.into()),
        slug: Set(p.code.to_lowercase()),
        producer_id: Set(p.producer),
        group_id: Set(p.group),
        name: Set(format!("Sản phẩm {}", p.code)),
        name_key: Set(format!("san pham {}", p.code.to_lowercase())),
        unit: Set("hộp".into()),
        price_vnd: Set(p.price),
        stock: Set(10),
        description: Set("Mô tả".into()),
        published: Set(p.published),
        traceable: Set(p.traceable),
        version: Set(1),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("product")
    .id;
    if p.story_chars > 0 {
        // Vietnamese letters: characters, not bytes, are counted.
        let story: String = "ế".repeat(p.story_chars);
        product_stories::ActiveModel {
            product_id: Set(id),
            source: Set(story.clone()),
            html: Set(format!("<p>{story}</p>")),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("story");
    }
    for (i, (decided_on, stars)) in p.decisions.iter().enumerate() {
        let decided = day(decided_on);
        certifications::ActiveModel {
            product_id: Set(id),
            stars: Set(*stars),
            score: Set(match stars {
                3 => 60,
                4 => 80,
                _ => 95,
            }),
            decision_no: Set(format!("{}-{i}/QĐ-UBND", p.code)),
            decided_on: Set(decided),
            valid_until: Set(app::time::certification_expiry(decided)),
            level: Set(if *stars == 5 { "national" } else { "province" }.into()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("certification");
    }
    id
}

async fn listing(app: &TestApp, product: i64, channel: &str, since: &str, until: Option<&str>) {
    channel_listings::ActiveModel {
        product_id: Set(product),
        channel: Set(channel.into()),
        platform: Set("Nền tảng".into()),
        since: Set(day(since)),
        until: Set(until.map(day)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("listing");
}

async fn sales_point(
    app: &TestApp,
    code: &str,
    (province, commune): (i64, i64),
    opened: &str,
    closed: Option<&str>,
    carries: &[i64],
) {
    let id = sales_points::ActiveModel {
        code: Set(code.into()),
        name: Set(format!("Điểm bán {code}")),
        kind: Set("store".into()),
        province_id: Set(province),
        commune_id: Set(commune),
        address: Set("Số 1".into()),
        lat: Set(10.03),
        lon: Set(105.78),
        opened_on: Set(day(opened)),
        closed_on: Set(closed.map(day)),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("sales point")
    .id;
    for product in carries {
        sales_point_products::ActiveModel {
            sales_point_id: Set(id),
            product_id: Set(*product),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("carried product");
    }
}

/// An event starting at `starts` Vietnam time (`yyyy-mm-dd hh:mm`).
async fn event(app: &TestApp, code: &str, province: i64, starts: &str, status: &str) {
    let local = chrono::NaiveDateTime::parse_from_str(starts, "%Y-%m-%d %H:%M").expect("time");
    let starts_at = app::time::vn_offset()
        .from_local_datetime(&local)
        .single()
        .expect("a Vietnam time")
        .with_timezone(&Utc);
    events::ActiveModel {
        code: Set(code.into()),
        kind: Set("fair".into()),
        title: Set(format!("Hội chợ {code}")),
        province_id: Set(province),
        venue: Set(Some("Nhà văn hóa".into())),
        organizer: Set("Sở Công Thương".into()),
        starts_at: Set(starts_at),
        ends_at: Set(starts_at + chrono::Duration::days(2)),
        status: Set(EventStatus::from_name(status).expect("an event status")),
        contracts_signed: Set(0),
        contracts_value_vnd: Set(0),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("event");
}

/// Builds the fixture catalog (counted by hand below, as of 24/11/2026).
async fn build_fixture(app: &TestApp) {
    let (ct, c, dt, dt_commune) = area(app).await;
    let (a, b, cc, d, e) = (c[0], c[1], c[2], c[3], c[4]);
    // P1 cooperative, woman-led, website, e-payment (commune A).
    let p1 = producer(
        app,
        ct,
        Producer {
            code: "FX01",
            kind: "cooperative",
            commune: a,
            women: true,
            ethnic: false,
            website: true,
            epayment: true,
            bank: false,
        },
    )
    .await;
    // P2 SME led by an ethnic-minority person (commune B), no e-payment.
    let p2 = producer(
        app,
        ct,
        Producer {
            code: "FX02",
            kind: "sme",
            commune: b,
            women: false,
            ethnic: true,
            website: false,
            epayment: false,
            bank: false,
        },
    )
    .await;
    // P3 household with no certified product: not an OCOP producer (commune A).
    let p3 = producer(
        app,
        ct,
        Producer {
            code: "FX03",
            kind: "household",
            commune: a,
            women: true,
            ethnic: true,
            website: true,
            epayment: true,
            bank: false,
        },
    )
    .await;
    // P4 SME with a VietQR account entered in its stall (commune C).
    let p4 = producer(
        app,
        ct,
        Producer {
            code: "FX04",
            kind: "sme",
            commune: cc,
            women: false,
            ethnic: false,
            website: false,
            epayment: false,
            bank: true,
        },
    )
    .await;
    // A Đồng Tháp producer: outside the area entirely.
    let p5 = producer(
        app,
        dt,
        Producer {
            code: "FX05",
            kind: "cooperative",
            commune: dt_commune,
            women: true,
            ethnic: false,
            website: true,
            epayment: true,
            bank: false,
        },
    )
    .await;

    // X1: 3★ on 24/11/2023, lapses today; listed on e-commerce, but not certified.
    let x1 = product(
        app,
        Product {
            code: "FX-X1",
            producer: p1,
            group: 1,
            published: true,
            price: 50_000,
            traceable: true,
            story_chars: 0,
            decisions: &[("2023-11-24", 3)],
        },
    )
    .await;
    listing(app, x1, "ecommerce", "2024-01-01", None).await;
    // X2: 3★ 01/03/2023 renewed 3★ on 01/02/2026, before its expiry: replaced, not lapsed.
    let x2 = product(
        app,
        Product {
            code: "FX-X2",
            producer: p1,
            group: 1,
            published: true,
            price: 60_000,
            traceable: true,
            story_chars: 300,
            decisions: &[("2023-03-01", 3), ("2026-02-01", 3)],
        },
    )
    .await;
    listing(app, x2, "social", "2025-01-01", None).await;
    // X3: 3★ 2024 upgraded to 4★ on 01/05/2026; in a supermarket; unpublished.
    let x3 = product(
        app,
        Product {
            code: "FX-X3",
            producer: p1,
            group: 2,
            published: false,
            price: 70_000,
            traceable: false,
            story_chars: 0,
            decisions: &[("2024-05-01", 3), ("2026-05-01", 4)],
        },
    )
    .await;
    listing(app, x3, "supermarket", "2026-01-01", None).await;
    // X4: tourism service, first certified 4★ on 10/03/2026, story of 150 characters, on social networks.
    let x4 = product(
        app,
        Product {
            code: "FX-X4",
            producer: p2,
            group: 6,
            published: false,
            price: 0,
            traceable: true,
            story_chars: 150,
            decisions: &[("2026-03-10", 4)],
        },
    )
    .await;
    listing(app, x4, "social", "2026-04-01", None).await;
    // X5: 4★ on 10/01/2023, ended 10/01/2026, recertified 5★ on 15/02/2026; exported.
    let x5 = product(
        app,
        Product {
            code: "FX-X5",
            producer: p2,
            group: 1,
            published: false,
            price: 90_000,
            traceable: true,
            story_chars: 0,
            decisions: &[("2023-01-10", 4), ("2026-02-15", 5)],
        },
    )
    .await;
    listing(app, x5, "export", "2026-03-01", None).await;
    // X6: first certified 3★ on 01/06/2026, story of 99 characters; on e-commerce;
    // an export listing that ended; carried by a sales point in Đồng Tháp.
    let x6 = product(
        app,
        Product {
            code: "FX-X6",
            producer: p2,
            group: 1,
            published: false,
            price: 40_000,
            traceable: false,
            story_chars: 99,
            decisions: &[("2026-06-01", 3)],
        },
    )
    .await;
    listing(app, x6, "ecommerce", "2026-06-01", None).await;
    listing(app, x6, "export", "2025-01-01", Some("2026-10-01")).await;
    // X7: first decision after the report date: nothing yet.
    product(
        app,
        Product {
            code: "FX-X7",
            producer: p4,
            group: 1,
            published: true,
            price: 30_000,
            traceable: true,
            story_chars: 200,
            decisions: &[("2026-12-01", 5)],
        },
    )
    .await;
    // X8: herbal, 3★ on 01/02/2025, published with a price (the marketplace), traceable.
    let x8 = product(
        app,
        Product {
            code: "FX-X8",
            producer: p4,
            group: 3,
            published: true,
            price: 120_000,
            traceable: true,
            story_chars: 0,
            decisions: &[("2025-02-01", 3)],
        },
    )
    .await;
    // X9: P3's product, never certified.
    product(
        app,
        Product {
            code: "FX-X9",
            producer: p3,
            group: 1,
            published: false,
            price: 10_000,
            traceable: false,
            story_chars: 0,
            decisions: &[],
        },
    )
    .await;
    // X10: Đồng Tháp's, certified 4★ this year: another area.
    product(
        app,
        Product {
            code: "FX-X10",
            producer: p5,
            group: 1,
            published: true,
            price: 10_000,
            traceable: true,
            story_chars: 500,
            decisions: &[("2026-03-01", 4)],
        },
    )
    .await;

    // Sales points of Cần Thơ: S1 (A) since 2025, carries X2 and X8; S2 (B)
    // opened this year and closed today; S3 (D, no producers) opened this
    // year; S4 (E) opens after the report date.
    sales_point(app, "FX-S1", (ct, a), "2025-06-01", None, &[x2, x8]).await;
    sales_point(
        app,
        "FX-S2",
        (ct, b),
        "2026-04-01",
        Some("2026-11-24"),
        &[x5],
    )
    .await;
    sales_point(app, "FX-S3", (ct, d), "2026-02-01", None, &[]).await;
    sales_point(app, "FX-S4", (ct, e), "2026-12-05", None, &[x4]).await;
    // In Đồng Tháp, carrying Cần Thơ's X6.
    sales_point(app, "FX-S5", (dt, dt_commune), "2025-01-01", None, &[x6]).await;

    // Events of Cần Thơ: counted: E1 (March) and E3 (00:30 on 1 January
    // Vietnam time, still 2025 in UTC). Not counted: E2 cancelled, E5 at
    // 23:00 on 31/12/2025, E6 after the report date; E4 is Đồng Tháp's.
    event(app, "FX-E1", ct, "2026-03-15 09:00", "scheduled").await;
    event(app, "FX-E2", ct, "2026-05-01 09:00", "cancelled").await;
    event(app, "FX-E3", ct, "2026-01-01 00:30", "live").await;
    event(app, "FX-E4", dt, "2026-04-01 09:00", "scheduled").await;
    event(app, "FX-E5", ct, "2025-12-31 23:00", "scheduled").await;
    event(app, "FX-E6", ct, "2026-11-25 08:00", "open").await;
}

/// The figures counted by hand as of 24/11/2026: (numerator, denominator).
///
/// Certified at D: X2 3★, X3 4★, X4 4★, X5 5★, X6 3★, X8 3★ = 6 (X1 lapsed
/// today, X7 not yet decided). OCOP producers: P1, P2, P4 = 3.
fn expected() -> Vec<(&'static str, i64, Option<i64>)> {
    vec![
        ("certified_products", 6, None),
        ("four_star_products", 2, None),           // X3, X4
        ("five_star_products", 1, None),           // X5
        ("tourism_service_products", 1, None),     // X4
        ("new_certified_products", 2, None),       // X4, X6
        ("new_tourism_service_products", 1, None), // X4
        ("new_four_star_products", 2, None),       // X3 (upgrade), X4
        ("new_five_star_products", 1, None),       // X5
        // 3★ at 01/01/2026: X1, X2, X3, X8 (X5 was 4★); with a 4★ decision this year: X3.
        ("upgraded_three_to_four_pct", 1, Some(4)),
        // Lapsed: X1 (today), X5 (10/01); recertified: X5.
        ("expired_recertified", 1, None),
        ("expired_recertified_pct", 1, Some(2)),
        ("producers_cooperative_pct", 1, Some(3)),     // P1
        ("producers_sme_pct", 2, Some(3)),             // P2, P4
        ("producers_women_led_pct", 1, Some(3)),       // P1 (P3 is not an OCOP producer)
        ("producers_ethnic_minority_pct", 1, Some(3)), // P2
        ("producers_with_website_pct", 1, Some(3)),    // P1
        // P1: X3 supermarket; P2: X6 e-commerce; P4: X8 marketplace.
        ("producers_in_modern_channels_pct", 3, Some(3)),
        // On the marketplace: X2 (P1, e-payment), X8 (P4, VietQR account).
        ("producers_with_stall_and_epayment_pct", 2, Some(3)),
        ("products_on_ecommerce_pct", 3, Some(6)), // X2, X6, X8
        ("products_on_digital_platforms_pct", 4, Some(6)), // X2, X4, X6, X8
        // X2, X8 (marketplace and S1), X3 (supermarket), X6 (e-commerce, S5).
        ("products_in_modern_distribution_pct", 4, Some(6)),
        ("products_export_pct", 1, Some(6)), // X5 (X6's ended)
        ("new_products_with_story_pct", 1, Some(2)), // X4 150 ≥ 100, X6 99
        // Certified goods (groups 1-5): X2, X3, X5, X6, X8; traceable X2, X5, X8.
        ("agri_products_traceable_pct", 3, Some(5)),
        ("new_sales_points", 2, None), // S2, S3
        // Active: A (S1), D (S3); communes with a producer or a sales point: A, B, C, D.
        ("communes_with_sales_point_pct", 2, Some(4)),
        ("trade_promotion_events", 2, None), // E1, E3
    ]
}

/// The rounded share of REPORTING.md, computed independently with decimals.
fn share(n: i64, d: i64) -> f64 {
    let exact = 100.0 * n as f64 / d as f64;
    (exact * 10.0 + 0.5 + 1e-9).floor() / 10.0
}

fn targets_by_metric(report: &Value) -> HashMap<String, Value> {
    report["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|t| (t["metric"].as_str().expect("metric").to_owned(), t.clone()))
        .collect()
}

on_both_databases!(every_metric_matches_the_hand_count, |backend| async move {
    let plans = plan_files();
    let dir = plans.path().to_path_buf();
    let app = spawn_app_with(backend, move |s| {
        s.demo = false;
        s.plans_dir = Some(dir);
    })
    .await;
    build_fixture(&app).await;

    let (status, report) = app
        .get_json("/api/v1/reports/plans/fixture-2026?as_of=2026-11-24")
        .await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["plan"], "fixture-2026");
    assert_eq!(report["area"], "Cần Thơ");
    assert_eq!(report["as_of"], "2026-11-24");
    let targets = targets_by_metric(&report);
    assert_eq!(targets.len(), 27);
    for (metric, numerator, denominator) in expected() {
        let t = &targets[metric];
        assert_eq!(t["numerator"], numerator, "{metric}: {t}");
        assert_eq!(t["denominator"].as_i64(), denominator, "{metric}: {t}");
        let actual = match denominator {
            Some(d) => share(numerator, d),
            None => numerator as f64,
        };
        assert_eq!(t["actual"].as_f64(), Some(actual), "{metric}: {t}");
        let target = METRICS
            .iter()
            .find(|(m, _)| *m == metric)
            .expect("target")
            .1;
        let met = actual >= target;
        assert_eq!(
            t["status"],
            if met { "met" } else { "behind" },
            "{metric}: {t}"
        );
    }
    // Gaps: 10 certified wanted, 6 → 4 more; 20 % of 4 upgraded is met;
    // 100 % recertified needs the other lapsed one; 30 % cooperatives of 3
    // producers: 1 is 33.3 % (met); 60 % of communes: 3 of 4 is 75 % → 1.
    assert_eq!(targets["certified_products"]["gap"], 4);
    assert_eq!(targets["upgraded_three_to_four_pct"]["gap"], 0);
    assert_eq!(targets["expired_recertified_pct"]["gap"], 1);
    assert_eq!(targets["producers_cooperative_pct"]["gap"], 0);
    assert_eq!(targets["communes_with_sales_point_pct"]["gap"], 1);
    assert_eq!(targets["products_export_pct"]["gap"], 0);

    // The day before, X1 is still certified (it lapses on 24/11) and S2 is
    // still open.
    let (_, before) = app
        .get_json("/api/v1/reports/plans/fixture-2026?as_of=2026-11-23")
        .await;
    let before = targets_by_metric(&before);
    assert_eq!(before["certified_products"]["numerator"], 7);
    assert_eq!(before["expired_recertified_pct"]["denominator"], 1);
    assert_eq!(before["communes_with_sales_point_pct"]["numerator"], 3);

    // After the period, figures are counted to its last day: S4 has opened
    // (05/12), X7 is certified (01/12), E6 took place (25/11).
    let (_, after) = app
        .get_json("/api/v1/reports/plans/fixture-2026?as_of=2027-06-30")
        .await;
    assert_eq!(after["counted_to"], "2026-12-31");
    let after = targets_by_metric(&after);
    assert_eq!(after["new_sales_points"]["numerator"], 3);
    assert_eq!(after["new_certified_products"]["numerator"], 3);
    assert_eq!(after["trade_promotion_events"]["numerator"], 3);

    // The metrics endpoint agrees for the same area and period.
    let (status, metrics) = app
        .get_json("/api/v1/reports/metrics?province=Cần%20Thơ&from=2026-01-01&as_of=2026-11-24")
        .await;
    assert_eq!(status, 200, "{metrics}");
    for (metric, numerator, denominator) in expected() {
        let m = &metrics["metrics"][metric];
        assert_eq!(m["numerator"], numerator, "{metric}: {m}");
        assert_eq!(m["denominator"].as_i64(), denominator, "{metric}: {m}");
    }

    // A commune with nothing: every share is null ("n/a"), never 0 or 100.
    let (_, c, _, _) = area(&app).await;
    let (status, empty) = app
        .get_json(&format!(
            "/api/v1/reports/metrics?commune={}&from=2026-01-01&as_of=2026-11-24",
            commune_code(&app, c[5]).await
        ))
        .await;
    assert_eq!(status, 200, "{empty}");
    for (metric, figure) in empty["metrics"].as_object().expect("metrics") {
        if metric.ends_with("_pct") {
            assert_eq!(figure["value"], Value::Null, "{metric}");
            assert_eq!(figure["denominator"], 0, "{metric}");
        } else {
            assert_eq!(figure["value"], 0.0, "{metric}");
        }
    }
    // Commune B alone: P2's products; S2 closed today.
    let (_, commune_b) = app
        .get_json(&format!(
            "/api/v1/reports/metrics?commune={}&from=2026-01-01&as_of=2026-11-24",
            commune_code(&app, c[1]).await
        ))
        .await;
    assert_eq!(commune_b["metrics"]["certified_products"]["numerator"], 3);
    assert_eq!(
        commune_b["metrics"]["communes_with_sales_point_pct"]["numerator"],
        0
    );
    assert_eq!(
        commune_b["metrics"]["communes_with_sales_point_pct"]["denominator"],
        1
    );

    // Bad input is a 4xx in the API's shape, never a 500.
    for path in [
        "/api/v1/reports/plans/fixture-2026?as_of=24-11-2026x",
        "/api/v1/reports/plans/fixture-2026?as_of=9999-01-01",
        "/api/v1/reports/metrics?province=Atlantis",
        "/api/v1/reports/metrics?from=2026-12-01&as_of=2026-11-01",
        "/api/v1/reports/metrics?commune=%00Xyz%01",
    ] {
        let (status, body) = app.get_json(path).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert!(body["error"]["message"].is_string(), "{path}: {body}");
    }
    let (status, body) = app.get_json("/api/v1/reports/plans/nope").await;
    assert_eq!(status, 404, "{body}");
});

async fn commune_code(app: &TestApp, id: i64) -> String {
    communes::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("query")
        .expect("commune")
        .code
}

/// Reads a CSV text into rows keyed by the first column.
fn csv_rows(text: &str) -> HashMap<String, Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.expect("csv record"))
        .filter(|r| r.len() > 5)
        .map(|r| (r[0].to_owned(), r.iter().map(str::to_owned).collect()))
        .collect()
}

on_both_databases!(csv_and_xlsx_carry_the_page_numbers, |backend| async move {
    let plans = plan_files();
    let dir = plans.path().to_path_buf();
    let app = spawn_app_with(backend, move |s| {
        s.demo = false;
        s.plans_dir = Some(dir);
    })
    .await;
    build_fixture(&app).await;
    let query = "?as_of=2026-11-24";
    let (_, report) = app
        .get_json(&format!("/api/v1/reports/plans/fixture-2026{query}"))
        .await;
    let targets = targets_by_metric(&report);

    let csv = app
        .get(&format!("/api/v1/reports/plans/fixture-2026.csv{query}"))
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .expect("type")
        .starts_with("text/csv"));
    let csv_text = csv.text().await.expect("csv");

    let xlsx = app
        .get(&format!("/api/v1/reports/plans/fixture-2026.xlsx{query}"))
        .await;
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.bytes().await.expect("xlsx");
    // LibreOffice opens the workbook and writes it back as CSV (UTF-8).
    let work = tempfile::tempdir().expect("dir");
    let file = work.path().join("bao-cao.xlsx");
    std::fs::write(&file, &bytes).expect("write");
    let profile = format!("-env:UserInstallation=file://{}/lo", work.path().display());
    let dir = work.path().to_path_buf();
    let converted = tokio::task::spawn_blocking(move || {
        std::process::Command::new("libreoffice")
            .args([
                profile.as_str(),
                "--headless",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
            ])
            .arg(&dir)
            .arg(&file)
            .output()
    })
    .await
    .expect("join")
    .expect("libreoffice runs (apt-get install libreoffice-calc-nogui)");
    assert!(converted.status.success(), "{converted:?}");
    let from_xlsx = std::fs::read_to_string(work.path().join("bao-cao.csv")).expect("converted");

    // The page shows the same numbers.
    let page = app.text("/bao-cao/fixture-2026?ngay=2026-11-24").await;

    let from_csv = csv_rows(&csv_text);
    let from_xlsx = csv_rows(&from_xlsx);
    assert_eq!(
        targets
            .keys()
            .filter(|m| from_xlsx.contains_key(*m))
            .count(),
        27,
        "every target in the workbook: {from_xlsx:?}"
    );
    for (metric, t) in &targets {
        let actual = match (t["actual"].as_f64(), t["denominator"].is_null()) {
            (None, _) => "n/a".to_owned(),
            (Some(v), true) => format!("{v:.0}"),
            (Some(v), false) => format!("{v:.1}"),
        };
        let numerator = t["numerator"].to_string();
        let denominator = t["denominator"]
            .as_i64()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let gap = t["gap"]
            .as_i64()
            .map(|g| g.to_string())
            .unwrap_or_else(|| "n/a".into());
        for (name, rows) in [("csv", &from_csv), ("xlsx", &from_xlsx)] {
            let row = rows
                .get(metric)
                .unwrap_or_else(|| panic!("{name}: {metric}"));
            assert_eq!(row[4], actual, "{name} {metric} actual: {row:?}");
            assert_eq!(row[5], numerator, "{name} {metric} numerator");
            assert_eq!(row[6], denominator, "{name} {metric} denominator");
            assert_eq!(row[8], gap, "{name} {metric} gap");
            assert_eq!(
                row[7],
                if t["status"] == "met" {
                    "Đạt"
                } else {
                    "Chưa đạt"
                },
                "{name} {metric} status"
            );
        }
        let shown = match (t["actual"].as_f64(), t["denominator"].is_null()) {
            (Some(v), false) => format!("{v:.1}%"),
            _ => actual.clone(),
        };
        assert!(
            page.contains(&format!("<strong>{shown}</strong>")) || actual == "n/a",
            "page lacks {metric} {shown}"
        );
    }
    assert!(page.contains("Đạt"));
    assert!(page.contains("<svg"));
    assert!(page.contains("10/12/2026"), "the next quarterly deadline");
});
