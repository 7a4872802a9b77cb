//! Every shipped plan against the sample catalog: the server's figures
//! compared with a second reckoning written straight from REPORTING.md over
//! the sample CSV files (not with the server's own engine).

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use tests::{on_both_databases, spawn_app, TestApp};

type Row = HashMap<String, String>;

fn rows(file: &str) -> Vec<Row> {
    let path = tests::sample_dir().join(file);
    let mut reader = csv::Reader::from_path(&path).expect("sample file");
    let headers = reader.headers().expect("headers").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").expect("date")
}

fn opt_date(s: &str) -> Option<NaiveDate> {
    (!s.trim().is_empty()).then(|| date(s))
}

/// The sample catalog, read once.
struct Sample {
    producers: Vec<Row>,
    products: Vec<Row>,
    /// Product code → decisions (date, stars) in file order, sorted by date
    /// (a stable sort keeps the file's order within a day).
    decisions: HashMap<String, Vec<(NaiveDate, i64)>>,
    listings: Vec<Row>,
    sales_points: Vec<Row>,
    events: Vec<Row>,
}

impl Sample {
    fn read() -> Sample {
        let mut decisions: HashMap<String, Vec<(NaiveDate, i64)>> = HashMap::new();
        for c in rows("certifications.csv") {
            decisions
                .entry(c["product_code"].clone())
                .or_default()
                .push((date(&c["decided_on"]), c["stars"].parse().expect("stars")));
        }
        for list in decisions.values_mut() {
            list.sort_by_key(|(d, _)| *d);
        }
        Sample {
            producers: rows("producers.csv"),
            products: rows("products.csv"),
            decisions,
            listings: rows("listings.csv"),
            sales_points: rows("sales_points.csv"),
            events: rows("events.csv"),
        }
    }
}

fn expiry(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(Months::new(36)).expect("date")
}

/// Stars at `d`: the latest decision on or before `d`, if still valid.
fn stars_at(decisions: &[(NaiveDate, i64)], d: NaiveDate) -> Option<i64> {
    let (decided, stars) = decisions.iter().rev().find(|(x, _)| *x <= d)?;
    (d < expiry(*decided)).then_some(*stars)
}

/// (numerator, denominator) of every metric for the area.
fn reckon(
    s: &Sample,
    province: &str,
    commune: Option<&str>,
    from: NaiveDate,
    d: NaiveDate,
) -> HashMap<&'static str, (i64, Option<i64>)> {
    let in_area = |p: &str, c: &str| p == province && commune.is_none_or(|x| x == c);
    let producers: HashMap<&str, &Row> = s
        .producers
        .iter()
        .filter(|p| in_area(&p["province"], &p["commune"]))
        .map(|p| (p["code"].as_str(), p))
        .collect();
    let products: Vec<&Row> = s
        .products
        .iter()
        .filter(|p| producers.contains_key(p["producer_code"].as_str()))
        .collect();
    let empty = Vec::new();
    let decisions = |code: &str| s.decisions.get(code).unwrap_or(&empty);
    let within = |x: NaiveDate| from <= x && x <= d;
    let certified: Vec<&Row> = products
        .iter()
        .copied()
        .filter(|p| stars_at(decisions(&p["code"]), d).is_some())
        .collect();
    // Channels active at D per product code.
    let mut channels: HashMap<&str, HashSet<&str>> = HashMap::new();
    for l in &s.listings {
        let active = date(&l["since"]) <= d && opt_date(&l["until"]).is_none_or(|u| u > d);
        if active {
            channels
                .entry(l["product_code"].as_str())
                .or_default()
                .insert(l["channel"].as_str());
        }
    }
    for sp in &s.sales_points {
        let active =
            date(&sp["opened_on"]) <= d && opt_date(&sp["closed_on"]).is_none_or(|c| c > d);
        if active {
            for code in sp["product_codes"].split(';').filter(|c| !c.is_empty()) {
                channels.entry(code).or_default().insert("sales_point");
            }
        }
    }
    for p in &certified {
        if p["published"] == "1" && p["price_vnd"].parse::<i64>().expect("price") > 0 {
            channels
                .entry(p["code"].as_str())
                .or_default()
                .insert("marketplace");
        }
    }
    let has = |code: &str, set: &[&str]| {
        channels
            .get(code)
            .is_some_and(|c| set.iter().any(|x| c.contains(x)))
    };
    const ECOMMERCE: &[&str] = &["marketplace", "ecommerce"];
    const DIGITAL: &[&str] = &["marketplace", "ecommerce", "social"];
    const MODERN: &[&str] = &[
        "marketplace",
        "ecommerce",
        "supermarket",
        "convenience_store",
    ];
    const DISTRIBUTION: &[&str] = &[
        "marketplace",
        "ecommerce",
        "supermarket",
        "convenience_store",
        "sales_point",
    ];
    let count = |f: &dyn Fn(&Row) -> bool| certified.iter().filter(|p| f(p)).count() as i64;
    let stars = |p: &Row| stars_at(decisions(&p["code"]), d);
    let group = |p: &Row| p["group"].parse::<i64>().expect("group");

    let first_in_period = |p: &Row, min: i64| {
        decisions(&p["code"])
            .iter()
            .find(|(x, st)| *st >= min && *x <= d)
            .is_some_and(|(x, _)| within(*x))
    };
    let new: Vec<&Row> = products
        .iter()
        .copied()
        .filter(|p| first_in_period(p, 3))
        .collect();
    let three_at_start: Vec<&Row> = products
        .iter()
        .copied()
        .filter(|p| stars_at(decisions(&p["code"]), from) == Some(3))
        .collect();
    let upgraded = three_at_start
        .iter()
        .filter(|p| {
            decisions(&p["code"])
                .iter()
                .any(|(x, st)| *st == 4 && within(*x))
        })
        .count() as i64;
    let (mut lapsed, mut recertified) = (0, 0);
    for p in &products {
        let list = decisions(&p["code"]);
        let mut last = None;
        for (i, (x, _)) in list.iter().enumerate() {
            let end = expiry(*x);
            let replaced = list[i + 1..].iter().any(|(y, _)| *y < end);
            if !replaced && within(end) {
                last = Some(i);
            }
        }
        if let Some(i) = last {
            lapsed += 1;
            if list[i + 1..].iter().any(|(y, _)| *y <= d) {
                recertified += 1;
            }
        }
    }
    let ocop: Vec<&Row> = producers
        .values()
        .copied()
        .filter(|pr| certified.iter().any(|p| p["producer_code"] == pr["code"]))
        .collect();
    let of_ocop = |f: &dyn Fn(&Row) -> bool| {
        (
            ocop.iter().filter(|p| f(p)).count() as i64,
            Some(ocop.len() as i64),
        )
    };
    let with_product_in = |pr: &Row, set: &[&str]| {
        certified
            .iter()
            .any(|p| p["producer_code"] == pr["code"] && has(&p["code"], set))
    };
    let story_len = |p: &Row| p["story"].trim().chars().count();
    let area_points: Vec<&Row> = s
        .sales_points
        .iter()
        .filter(|sp| in_area(&sp["province"], &sp["commune"]))
        .collect();
    let covered: HashSet<&str> = area_points
        .iter()
        .filter(|sp| {
            date(&sp["opened_on"]) <= d && opt_date(&sp["closed_on"]).is_none_or(|c| c > d)
        })
        .map(|sp| sp["commune"].as_str())
        .collect();
    let wanted: HashSet<&str> = producers
        .values()
        .map(|p| p["commune"].as_str())
        .chain(
            area_points
                .iter()
                .filter(|sp| date(&sp["opened_on"]) <= d)
                .map(|sp| sp["commune"].as_str()),
        )
        .collect();
    // Events carry a province only: a commune's plan counts none of them.
    let events = s
        .events
        .iter()
        .filter(|e| commune.is_none() && e["province"] == province && e["status"] != "cancelled")
        .filter(|e| {
            let starts =
                NaiveDateTime::parse_from_str(&e["starts_at"], "%Y-%m-%dT%H:%M").expect("time");
            within(starts.date())
        })
        .count() as i64;
    let certified_n = certified.len() as i64;
    let goods: Vec<&&Row> = certified.iter().filter(|p| group(p) != 6).collect();
    HashMap::from([
        ("certified_products", (certified_n, None)),
        (
            "four_star_products",
            (count(&|p| stars(p) == Some(4)), None),
        ),
        (
            "five_star_products",
            (count(&|p| stars(p) == Some(5)), None),
        ),
        (
            "tourism_service_products",
            (count(&|p| group(p) == 6), None),
        ),
        ("new_certified_products", (new.len() as i64, None)),
        (
            "new_tourism_service_products",
            (new.iter().filter(|p| group(p) == 6).count() as i64, None),
        ),
        (
            "new_four_star_products",
            (
                products.iter().filter(|p| first_in_period(p, 4)).count() as i64,
                None,
            ),
        ),
        (
            "new_five_star_products",
            (
                products.iter().filter(|p| first_in_period(p, 5)).count() as i64,
                None,
            ),
        ),
        (
            "upgraded_three_to_four_pct",
            (upgraded, Some(three_at_start.len() as i64)),
        ),
        ("expired_recertified", (recertified, None)),
        ("expired_recertified_pct", (recertified, Some(lapsed))),
        (
            "producers_cooperative_pct",
            of_ocop(&|p| p["type"] == "cooperative"),
        ),
        ("producers_sme_pct", of_ocop(&|p| p["type"] == "sme")),
        (
            "producers_women_led_pct",
            of_ocop(&|p| p["women_led"] == "1"),
        ),
        (
            "producers_ethnic_minority_pct",
            of_ocop(&|p| p["ethnic_minority_led"] == "1"),
        ),
        (
            "producers_with_website_pct",
            of_ocop(&|p| !p["website"].trim().is_empty()),
        ),
        (
            "producers_in_modern_channels_pct",
            of_ocop(&|p| with_product_in(p, MODERN)),
        ),
        (
            "producers_with_stall_and_epayment_pct",
            of_ocop(&|p| p["has_epayment"] == "1" && with_product_in(p, &["marketplace"])),
        ),
        (
            "products_on_ecommerce_pct",
            (count(&|p| has(&p["code"], ECOMMERCE)), Some(certified_n)),
        ),
        (
            "products_on_digital_platforms_pct",
            (count(&|p| has(&p["code"], DIGITAL)), Some(certified_n)),
        ),
        (
            "products_in_modern_distribution_pct",
            (count(&|p| has(&p["code"], DISTRIBUTION)), Some(certified_n)),
        ),
        (
            "products_export_pct",
            (count(&|p| has(&p["code"], &["export"])), Some(certified_n)),
        ),
        (
            "new_products_with_story_pct",
            (
                new.iter().filter(|p| story_len(p) >= 100).count() as i64,
                Some(new.len() as i64),
            ),
        ),
        (
            "agri_products_traceable_pct",
            (
                goods.iter().filter(|p| p["traceable"] == "1").count() as i64,
                Some(goods.len() as i64),
            ),
        ),
        (
            "new_sales_points",
            (
                area_points
                    .iter()
                    .filter(|sp| within(date(&sp["opened_on"])))
                    .count() as i64,
                None,
            ),
        ),
        (
            "communes_with_sales_point_pct",
            (covered.len() as i64, Some(wanted.len() as i64)),
        ),
        ("trade_promotion_events", (events, None)),
    ])
}

/// (id, province, commune, from, to) of each shipped plan.
fn shipped_plans() -> Vec<(String, String, Option<String>, NaiveDate, NaiveDate)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/data/plans");
    let mut plans: Vec<_> = std::fs::read_dir(&dir)
        .expect("plans")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|path| {
            let plan: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).expect("plan")).expect("toml");
            let text = |k: &str| plan.get(k).and_then(|v| v.as_str()).map(str::to_owned);
            let period = &plan["period"];
            let day = |k: &str| match &period[k] {
                toml::Value::Datetime(d) => date(&d.to_string()),
                other => date(other.as_str().expect("date")),
            };
            let commune_level = text("area_level").as_deref() == Some("commune");
            let area = text("area").expect("area");
            let (province, commune) = if commune_level {
                (text("province").expect("province"), Some(area))
            } else {
                (area, None)
            };
            (
                text("id").expect("id"),
                province,
                commune,
                day("from"),
                day("to"),
            )
        })
        .collect();
    plans.sort();
    plans
}

async fn check_plan(app: &TestApp, sample: &Sample, as_of: NaiveDate) {
    for (id, province, commune, from, to) in shipped_plans() {
        let (status, report) = app
            .get_json(&format!("/api/v1/reports/plans/{id}?as_of={as_of}"))
            .await;
        assert_eq!(status, 200, "{id}: {report}");
        let d = as_of.min(to);
        let expected = reckon(sample, &province, commune.as_deref(), from, d);
        let targets = report["targets"].as_array().expect("targets");
        assert!(!targets.is_empty(), "{id}");
        for t in targets {
            let metric = t["metric"].as_str().expect("metric");
            let (n, den) = expected[metric];
            assert_eq!(t["numerator"], n, "{id} {metric} as of {as_of}: {t}");
            assert_eq!(
                t["denominator"].as_i64(),
                den,
                "{id} {metric} as of {as_of}: {t}"
            );
            match den {
                Some(0) => assert_eq!(t["actual"], Value::Null, "{id} {metric}"),
                Some(den) => {
                    let exact = 100.0 * n as f64 / den as f64;
                    let rounded = (exact * 10.0 + 0.5 + 1e-9).floor() / 10.0;
                    assert_eq!(t["actual"].as_f64(), Some(rounded), "{id} {metric}");
                }
                None => assert_eq!(t["actual"].as_f64(), Some(n as f64), "{id} {metric}"),
            }
        }
    }
}

on_both_databases!(
    shipped_plans_match_a_second_reckoning,
    |backend| async move {
        let app = spawn_app(backend).await;
        let sample = Sample::read();
        // Demo mode adds events of its own (marked as the demo's, in the
        // weeks after start) that the sample files do not hold: this is a
        // reckoning of the sample, so they go.
        {
            use app::entities::events;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
            let codes: Vec<String> = sample.events.iter().map(|e| e["code"].clone()).collect();
            events::Entity::delete_many()
                .filter(events::Column::Code.is_not_in(codes))
                .exec(&app.db)
                .await
                .expect("demo events removed");
        }
        // Today, and fixed dates: inside the plans' year, at the start of it,
        // and after it ends (counted to the last day).
        for as_of in [
            crate::oracle::today(),
            date("2026-06-30"),
            date("2026-01-01"),
            date("2027-03-01"),
        ] {
            check_plan(&app, &sample, as_of).await;
        }
    }
);
