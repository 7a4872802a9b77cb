//! `GET /api/v1/events.ics`: read back with an independent parser (the
//! `ical` crate), it lists exactly the announced events (open, scheduled,
//! live, finished; never drafts or cancelled ones), in UTC, with the text
//! escaped and the lines folded as RFC 5545 asks.

use super::{event_json, signed_in, utc_of, vn_at, CANTHO};
use app::entities::events;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use tests::{on_both_databases, spawn_app_with};

/// A TEXT value unescaped (`\\`, `\;`, `\,`, `\n`); other backslashes kept,
/// so a parser that already unescaped gives the same result.
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.peek().copied() {
                Some('\\') | Some(';') | Some(',') => out.push(chars.next().unwrap_or_default()),
                Some('n') | Some('N') => {
                    chars.next();
                    out.push('\n');
                }
                _ => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every VEVENT of a calendar as property name → value.
fn parse(body: &str) -> Vec<HashMap<String, String>> {
    let reader = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()));
    let mut all = Vec::new();
    for calendar in reader {
        let calendar = calendar.expect("the feed parses");
        for event in calendar.events {
            all.push(
                event
                    .properties
                    .into_iter()
                    .map(|p| (p.name, p.value.unwrap_or_default()))
                    .collect(),
            );
        }
    }
    all
}

fn stamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

on_both_databases!(
    the_calendar_feed_lists_announced_events,
    |backend| async move {
        let app = spawn_app_with(backend, |s| s.page_cache_seconds = 0).await;
        let officer = signed_in(&app, CANTHO).await;
        let title =
            "Hội chợ Đặc sản Miền Tây, Cần Thơ; lần 3 \\ năm nay — trưng bày nông sản OCOP các xã";
        let (starts, ends) = (vn_at(15, 23, 30), vn_at(17, 12, 0));
        let mut body = event_json(title, "fair", &starts, &ends, "Cần Thơ", "open");
        body["description"] = json!("Dòng một\nDòng hai, có dấu phẩy");
        let fair = officer.create_event(&app, &body).await;
        let draft = officer
            .create_event(
                &app,
                &event_json("Bản nháp", "fair", &starts, &ends, "Cần Thơ", "draft"),
            )
            .await;
        let cancelled = officer
            .create_event(
                &app,
                &event_json("Sẽ hủy", "exhibition", &starts, &ends, "Cần Thơ", "open"),
            )
            .await;
        let (status, _) = officer
            .api(
                &app,
                Method::PATCH,
                &format!("/events/{cancelled}"),
                Some(&json!({ "status": "cancelled" })),
            )
            .await;
        assert_eq!(status, 200);
        let (live_from, live_to) = (vn_at(12, 20, 0), vn_at(12, 22, 0));
        let live = officer
            .create_event(
                &app,
                &event_json(
                    "Livestream tối",
                    "livestream",
                    &live_from,
                    &live_to,
                    "Cần Thơ",
                    "scheduled",
                ),
            )
            .await;

        let response = app.get("/api/v1/events.ics").await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()["content-type"].to_str().expect("header"),
            "text/calendar; charset=utf-8"
        );
        let text = response.text().await.expect("body");
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
        assert!(
            !text.replace("\r\n", "").contains('\n'),
            "CRLF line endings only"
        );
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert!(text.contains("\r\n "), "the long title is folded");

        let parsed = parse(&text);
        let listed: BTreeSet<String> = parsed.iter().map(|e| e["UID"].clone()).collect();
        let expected: BTreeSet<String> = events::Entity::find()
            .filter(events::Column::Status.is_in(["open", "scheduled", "live", "finished"]))
            .all(&app.db)
            .await
            .expect("events")
            .into_iter()
            .map(|e| format!("{}@chocop.vn", e.code))
            .collect();
        assert_eq!(listed, expected, "exactly the announced events");
        assert_eq!(listed.len(), parsed.len(), "each once");
        for gone in [&draft, &cancelled] {
            assert!(!listed.contains(&format!("{gone}@chocop.vn")), "{gone}");
        }
        let by_uid: HashMap<&str, &HashMap<String, String>> =
            parsed.iter().map(|e| (e["UID"].as_str(), e)).collect();
        let f = by_uid[format!("{fair}@chocop.vn").as_str()];
        assert_eq!(
            f["DTSTART"],
            stamp(utc_of(&starts)),
            "23:30 in Vietnam is 16:30 UTC"
        );
        assert!(f["DTSTART"].ends_with("163000Z"));
        assert_eq!(f["DTEND"], stamp(utc_of(&ends)));
        assert_eq!(
            unescape(&f["SUMMARY"]),
            title,
            "escaped and folded, read back whole"
        );
        assert!(unescape(&f["DESCRIPTION"]).contains("Dòng một\nDòng hai, có dấu phẩy"));
        assert!(
            unescape(&f["LOCATION"]).contains("Nhà văn hóa") && f["LOCATION"].contains("Cần Thơ")
        );
        assert_eq!(f["STATUS"], "CONFIRMED");
        assert!(f.contains_key("DTSTAMP") && f.contains_key("URL"));
        let l = by_uid[format!("{live}@chocop.vn").as_str()];
        assert_eq!(l["URL"], "https://live.example.vn/ocop");
        assert_eq!(l["DTSTART"], stamp(utc_of(&live_from)));
        assert!(!l.contains_key("LOCATION"));

        // One event alone, for "add to calendar"; drafts and cancelled: 404.
        let one = app.get(&format!("/api/v1/events/{fair}.ics")).await;
        assert_eq!(one.status(), 200);
        let one = parse(&one.text().await.expect("body"));
        assert_eq!(one.len(), 1);
        assert_eq!(one[0]["UID"], format!("{fair}@chocop.vn"));
        for gone in [&draft, &cancelled] {
            assert_eq!(
                app.get(&format!("/api/v1/events/{gone}.ics"))
                    .await
                    .status(),
                404
            );
        }
    }
);
