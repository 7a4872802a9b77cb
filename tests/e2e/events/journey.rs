//! A fair and a livestream from creation to report: an officer of Cần Thơ
//! creates a fair (a page form, JavaScript off), a producer registers from
//! its stall, the officer approves and gives a booth, the producer sees it;
//! a livestream gets a line-up with live prices; the public pages and the
//! month calendar show them in Vietnam time; once finished, the orders
//! attributed to the fair and the contracts make its report.

use super::{calendar_cell, date_of, event_json, fair_form, signed_in, utc_of, vn_at, CANTHO};
use crate::checkout::{order_body, post_checkout};
use crate::stall_extra::{browser, codes_of, on_sale, EVENTS_PAGE, PHUSA, THANHDAT};
use app::domain::EventStatus;
use app::entities::{event_participants, events};
use reqwest::Method;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;
use tests::{on_both_databases, spawn_app_with};

on_both_databases!(
    an_officer_runs_a_fair_and_a_livestream,
    |backend| async move {
        let app = spawn_app_with(backend, |s| s.page_cache_seconds = 0).await;
        let officer = signed_in(&app, CANTHO).await;
        let desk = officer.page(&app, "/can-bo").await;
        assert!(
            desk.contains("href=\"/can-bo/su-kien\""),
            "the desk links to events"
        );
        let new_page = officer.page(&app, "/can-bo/su-kien/moi").await;
        assert!(new_page.contains("name=\"starts_at\""), "{new_page}");

        // A fair at 23:30 Vietnam time: the previous day in UTC.
        let starts = vn_at(40, 23, 30);
        let ends = vn_at(42, 18, 0);
        let form = fair_form("Hội chợ OCOP Ninh Kiều", &starts, &ends, "Cần Thơ");
        let target = officer
            .officer_form(&app, "officer_event_create", "/can-bo/su-kien/moi", &form)
            .await;
        assert!(!target.contains("__err"), "{target}");
        let code = target.rsplit('/').next().expect("code").to_owned();
        assert!(code.starts_with("EV-") && code.ends_with("-001"), "{code}");
        let fair = events::Entity::find()
            .filter(events::Column::Code.eq(code.as_str()))
            .one(&app.db)
            .await
            .expect("query")
            .expect("created");
        assert_eq!(
            fair.starts_at,
            utc_of(&starts),
            "typed in Vietnam time, stored in UTC"
        );
        assert_eq!(fair.status, EventStatus::Open);
        let listed = officer.page(&app, "/can-bo/su-kien").await;
        assert!(listed.contains(&format!("/can-bo/su-kien/{code}")));

        // The producer registers from its stall page (the existing server function).
        let mine = codes_of(&app, "CT000001").await;
        let phusa = browser(&app, Some(PHUSA)).await;
        assert!(phusa
            .page(&app, EVENTS_PAGE)
            .await
            .contains("Hội chợ OCOP Ninh Kiều"));
        assert!(
            !phusa.register(&app, &code, &[&mine[0], &mine[1]]).await,
            "registered"
        );
        let theirs = codes_of(&app, "CT000002").await;
        let thanhdat = browser(&app, Some(THANHDAT)).await;
        assert!(!thanhdat.register(&app, &code, &[&theirs[0]]).await);

        // The officer sees both registrations with their products.
        let page_path = format!("/can-bo/su-kien/{code}");
        let page = officer.page(&app, &page_path).await;
        assert!(
            page.contains("Hợp tác xã Phù Sa Thới Lai") && page.contains(&mine[1]),
            "registration listed"
        );
        let approve = |producer: &'static str| {
            [
                ("code", code.as_str()),
                ("producer", producer),
                ("status", "approved"),
                ("booth_no", "A01"),
            ]
        };
        let target = officer
            .officer_form(
                &app,
                "officer_event_decide",
                &page_path,
                &approve("CT000001"),
            )
            .await;
        assert!(!target.contains("__err"), "{target}");
        // The same booth for the other producer: refused by name, nothing changes.
        let form = approve("CT000002");
        let target = officer
            .officer_form(&app, "officer_event_decide", &page_path, &form)
            .await;
        assert!(target.contains("__err"), "booth taken: {target}");
        let (status, refusal) = officer
            .officer_script(&app, "officer_event_decide", &form)
            .await;
        assert_eq!(status, 422, "{refusal}");
        assert!(refusal.to_string().contains("A01"), "{refusal}");
        // Rejected, it keeps no booth (the typed one is dropped).
        let reject = [
            ("code", code.as_str()),
            ("producer", "CT000002"),
            ("status", "rejected"),
            ("booth_no", "A02"),
        ];
        let target = officer
            .officer_form(&app, "officer_event_decide", &page_path, &reject)
            .await;
        assert!(!target.contains("__err"), "{target}");
        let booths: Vec<Option<String>> = event_participants::Entity::find()
            .filter(event_participants::Column::EventId.eq(fair.id))
            .all(&app.db)
            .await
            .expect("participants")
            .into_iter()
            .map(|p| p.booth_no)
            .collect();
        assert_eq!(booths.iter().flatten().count(), 1, "{booths:?}");

        // The producer sees its booth.
        let stall = phusa.page(&app, EVENTS_PAGE).await;
        assert!(
            stall.contains("Gian hàng số A01") && stall.contains("Đã được duyệt"),
            "booth shown"
        );

        // Public pages: the fair, its approved producer linked to its stall, the
        // pending one not; the calendar puts it on its Vietnam day.
        let public = app.text(&format!("/su-kien/{code}")).await;
        assert!(public.contains("Hội chợ OCOP Ninh Kiều"));
        assert!(public.contains("href=\"/gian-hang/"), "stall links");
        assert!(
            public.contains("Hợp tác xã Phù Sa Thới Lai") && !public.contains("Thành Đạt"),
            "only approved producers"
        );
        assert!(
            public.contains(&format!("/api/v1/events/{code}.ics")),
            "add to calendar"
        );
        assert!(
            public.contains(&app::time::format_vn(fair.starts_at)),
            "Vietnam time"
        );
        assert!(app
            .text("/su-kien")
            .await
            .contains(&format!("/su-kien/{code}")));
        let day = date_of(&starts);
        let month = &starts[..7];
        let calendar = app.text(&format!("/su-kien/lich?thang={month}")).await;
        let cell = calendar_cell(&calendar, day);
        assert!(
            cell.contains("Hội chợ OCOP Ninh Kiều"),
            "on its Vietnam day: {cell}"
        );
        assert!(cell.contains("23:30"));
        let day_before = day - chrono::Duration::days(1);
        if day_before.format("%Y-%m").to_string() == month {
            assert!(
                !calendar_cell(&calendar, day_before).contains("Hội chợ OCOP Ninh Kiều"),
                "not on the UTC day"
            );
        }
        assert!(calendar.contains("rel=\"prev\"") && calendar.contains("rel=\"next\""));

        // A livestream created through the API gets an ordered line-up.
        let live_start = vn_at(30, 20, 0);
        let live_end = vn_at(30, 22, 0);
        let live = officer
            .create_event(
                &app,
                &event_json(
                    "Phiên livestream Cần Thơ",
                    "livestream",
                    &live_start,
                    &live_end,
                    "Cần Thơ",
                    "open",
                ),
            )
            .await;
        let shown = on_sale(&app, "CT000001").await;
        assert!(!phusa.register(&app, &live, &[&shown.code]).await);
        let live_path = format!("/can-bo/su-kien/{live}");
        let target = officer
            .officer_form(
                &app,
                "officer_event_decide",
                &live_path,
                &[
                    ("code", &live),
                    ("producer", "CT000001"),
                    ("status", "approved"),
                    ("booth_no", ""),
                ],
            )
            .await;
        assert!(!target.contains("__err"), "{target}");
        let slot_from = vn_at(30, 20, 15);
        let slot_to = vn_at(30, 20, 45);
        let lineup = |price: &'static str, from: String| {
            vec![
                ("code", live.clone()),
                ("product", shown.code.clone()),
                ("position", "1".to_owned()),
                ("live_price_vnd", price.to_owned()),
                ("slot_starts_at", from),
                ("slot_ends_at", slot_to.clone()),
                ("host", "MC Thu Hà".to_owned()),
            ]
        };
        for (price, from, field) in [
            ("0", slot_from.clone(), "live_price_vnd"),
            ("tám mươi nghìn", slot_from.clone(), "live_price_vnd"),
            ("79000", vn_at(29, 20, 0), "slot_starts_at"),
        ] {
            let form = lineup(price, from);
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, refusal) = officer
                .officer_script(&app, "officer_event_lineup", &form)
                .await;
            assert_eq!(status, 422, "{price}: {refusal}");
            assert!(
                refusal["fields"].to_string().contains(field),
                "{field}: {refusal}"
            );
        }
        let form = lineup("79000", slot_from.clone());
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let target = officer
            .officer_form(&app, "officer_event_lineup", &live_path, &form)
            .await;
        assert!(!target.contains("__err"), "{target}");
        let public = app.text(&format!("/su-kien/{live}")).await;
        assert!(
            public.contains("79.000")
                && public.contains("MC Thu Hà")
                && public.contains(&shown.name),
            "line-up shown"
        );
        assert!(public.contains("20:15–20:45"), "slot in Vietnam time");
        let stall = phusa.page(&app, EVENTS_PAGE).await;
        assert!(stall.contains("79.000"), "the producer sees the live price");
        let (status, detail) = app.get_json(&format!("/api/v1/events/{live}")).await;
        assert_eq!(status, 200);
        assert_eq!(detail["lineup"][0]["live_price_vnd"], 79000);
        assert_eq!(detail["lineup"][0]["position"], 1);

        // Results: an order with the fair's code, the fair moved on to finished,
        // contracts recorded, the report adds them up.
        for status in ["scheduled", "live"] {
            let (code_status, body) = officer
                .api(
                    &app,
                    Method::PATCH,
                    &format!("/events/{code}"),
                    Some(&json!({ "status": status })),
                )
                .await;
            assert_eq!(code_status, 200, "{status}: {body}");
        }
        // An order counts toward the fair only while the fair runs, only for
        // an approved participant (CT000001; CT000002 was rejected), and only
        // once it is paid (`events::attribution`).
        let fair_row = events::Entity::find()
            .filter(events::Column::Code.eq(code.as_str()))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the fair");
        let mut running = fair_row.into_active_model();
        running.starts_at = Set(chrono::Utc::now() - chrono::Duration::hours(1));
        running.ends_at = Set(chrono::Utc::now() + chrono::Duration::hours(1));
        running.update(&app.db).await.unwrap();
        let product = on_sale(&app, "CT000001").await;
        let rejected = on_sale(&app, "CT000002").await;
        let mut order = order_body(
            &[(product.code.as_str(), 1), (rejected.code.as_str(), 1)],
            "cod",
        );
        order["event_code"] = json!(code);
        let (status, placed) = post_checkout(&app, &order, None).await;
        assert_eq!(status, 201, "{placed}");
        let credited = placed["orders"]
            .as_array()
            .expect("orders")
            .iter()
            .find(|o| o["producer_code"] == "CT000001")
            .expect("the participant's order")
            .clone();
        let total = credited["total_vnd"].as_i64().expect("total");
        let number = credited["number"].as_str().expect("number").to_owned();
        let (_, unpaid) = officer
            .api(&app, Method::GET, &format!("/events/{code}"), None)
            .await;
        assert_eq!(unpaid["results"]["orders"], 0, "not paid yet: not counted");
        let (status, body) = officer
            .api(
                &app,
                Method::POST,
                &format!("/orders/{number}/payment"),
                None,
            )
            .await;
        assert_eq!(status, 200, "cash received: {body}");
        // Results wait for the end of the event.
        let (status, _) = officer
            .api(
                &app,
                Method::PATCH,
                &format!("/events/{code}"),
                Some(&json!({ "contracts_signed": 3 })),
            )
            .await;
        assert_eq!(status, 422);
        let (status, body) = officer
            .api(
                &app,
                Method::PATCH,
                &format!("/events/{code}"),
                Some(&json!({ "status": "finished" })),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let target = officer
            .officer_form(
                &app,
                "officer_event_results",
                &page_path,
                &[
                    ("code", &code),
                    ("contracts_signed", "3"),
                    ("contracts_value_vnd", "1.250.000.000"),
                    ("results_note", "Ký với hai siêu thị"),
                ],
            )
            .await;
        assert!(!target.contains("__err"), "{target}");
        let report = officer
            .page(&app, &format!("/can-bo/su-kien/{code}/bao-cao"))
            .await;
        assert!(
            report.contains("Hội chợ OCOP Ninh Kiều") && report.contains("A01"),
            "report: title, booths"
        );
        assert!(report.contains("1.250.000.000"), "contracts' value");
        assert!(
            report.contains(&app::components::format_money(total)),
            "revenue of the attributed order"
        );
        let (_, detail) = officer
            .api(&app, Method::GET, &format!("/events/{code}"), None)
            .await;
        assert_eq!(detail["results"]["orders"], 1);
        assert_eq!(detail["results"]["revenue_vnd"], total);
        assert_eq!(detail["results"]["contracts_signed"], 3);
        // A finished event cannot be cancelled.
        let (status, _) = officer
            .api(
                &app,
                Method::PATCH,
                &format!("/events/{code}"),
                Some(&json!({ "status": "cancelled" })),
            )
            .await;
        assert_eq!(status, 422);

        // Every step the organisers took is in the audit log; the refused
        // cancellation left nothing.
        use app::domain::AuditAction;
        for (action, event) in [
            (AuditAction::EventCreated, &code),
            (AuditAction::EventSaved, &code),
            (AuditAction::RegistrationDecided, &code),
            (AuditAction::EventResultsSaved, &code),
            (AuditAction::EventCreated, &live),
            (AuditAction::LineupSet, &live),
        ] {
            tests::assert_audited(&app, action, event, CANTHO).await;
        }
        let saved = tests::audited(&app, AuditAction::EventSaved, &code).await;
        assert!(
            saved
                .iter()
                .all(|e| !e.after.as_deref().unwrap_or("").contains("cancelled")),
            "the refused cancellation is not logged"
        );
    }
);
