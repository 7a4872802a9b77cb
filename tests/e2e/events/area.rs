//! An officer of Cần Thơ cannot see Đồng Tháp's drafts nor change any of
//! Đồng Tháp's events: 404 through the pages, the server functions and the
//! API, as for an event that does not exist; nor create one in Đồng Tháp.

use super::{event_json, signed_in, vn_at, CANTHO, DONGTHAP};
use app::entities::events;
use reqwest::Method;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use serde_json::json;
use tests::{on_both_databases, spawn_app_with};

on_both_databases!(officers_keep_to_their_own_area, |backend| async move {
    let app = spawn_app_with(backend, |s| s.page_cache_seconds = 0).await;
    let dongthap = signed_in(&app, DONGTHAP).await;
    let (starts, ends) = (vn_at(20, 8, 0), vn_at(21, 17, 0));
    let draft = dongthap
        .create_event(
            &app,
            &event_json(
                "Hội chợ Sa Đéc (nháp)",
                "fair",
                &starts,
                &ends,
                "Đồng Tháp",
                "draft",
            ),
        )
        .await;
    let public = dongthap
        .create_event(
            &app,
            &event_json(
                "Hội chợ Sa Đéc",
                "fair",
                &starts,
                &ends,
                "Đồng Tháp",
                "open",
            ),
        )
        .await;

    let cantho = signed_in(&app, CANTHO).await;
    // Pages: not found, with a 404 status.
    for code in [&draft, &public] {
        for path in [
            format!("/can-bo/su-kien/{code}"),
            format!("/can-bo/su-kien/{code}/bao-cao"),
        ] {
            let response = cantho
                .client
                .get(format!("{}{path}", app.address))
                .send()
                .await
                .expect("page");
            assert_eq!(response.status(), 404, "{path}");
            let html = response.text().await.expect("html");
            assert!(
                !html.contains("Hội chợ Sa Đéc"),
                "{path} shows nothing of it"
            );
        }
    }
    assert!(
        !cantho
            .page(&app, "/can-bo/su-kien")
            .await
            .contains("Sa Đéc"),
        "not in the list"
    );
    // Server functions: refused as not found, nothing changes.
    let edit = [
        ("code", public.as_str()),
        ("title", "Đổi tên"),
        ("kind", "fair"),
        ("description", ""),
        ("starts_at", starts.as_str()),
        ("ends_at", ends.as_str()),
        ("province", "Cần Thơ"),
        ("commune", ""),
        ("venue", "Nhà văn hóa"),
        ("stream_url", ""),
        ("platform", ""),
        ("organizer", "Sở"),
        ("host", ""),
        ("status", "open"),
    ];
    let (status, _) = cantho
        .officer_script(&app, "officer_event_save", &edit)
        .await;
    assert_eq!(status, 404);
    let target = cantho
        .officer_form(&app, "officer_event_save", "/can-bo/su-kien", &edit)
        .await;
    assert!(target.contains("__err"), "{target}");
    for (action, form) in [
        (
            "officer_event_decide",
            vec![
                ("code", public.as_str()),
                ("producer", "CT000025"),
                ("status", "approved"),
                ("booth_no", ""),
            ],
        ),
        (
            "officer_event_lineup",
            vec![
                ("code", public.as_str()),
                ("product", "x"),
                ("position", "1"),
                ("live_price_vnd", "1000"),
                ("slot_starts_at", ""),
                ("slot_ends_at", ""),
                ("host", ""),
            ],
        ),
        (
            "officer_event_results",
            vec![
                ("code", public.as_str()),
                ("contracts_signed", "1"),
                ("contracts_value_vnd", "1"),
                ("results_note", ""),
            ],
        ),
    ] {
        let (status, _) = cantho.officer_script(&app, action, &form).await;
        assert_eq!(status, 404, "{action}");
    }
    // The API: a draft is not found, a public event is readable, neither is
    // editable; and no event can be created in Đồng Tháp.
    let (status, _) = cantho
        .api(&app, Method::GET, &format!("/events/{draft}"), None)
        .await;
    assert_eq!(status, 404);
    let (status, body) = cantho
        .api(&app, Method::GET, &format!("/events/{public}"), None)
        .await;
    assert_eq!(status, 200, "{body}");
    for code in [&draft, &public] {
        let (status, body) = cantho
            .api(
                &app,
                Method::PATCH,
                &format!("/events/{code}"),
                Some(&json!({ "title": "Đổi tên" })),
            )
            .await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(body["error"]["code"], "not_found");
    }
    let (status, body) = cantho
        .api(
            &app,
            Method::POST,
            "/events",
            Some(&event_json(
                "Hội chợ lấn sân",
                "fair",
                &starts,
                &ends,
                "Đồng Tháp",
                "draft",
            )),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["province"].is_array(), "{body}");
    // Nor through the page form.
    let target = cantho
        .officer_form(
            &app,
            "officer_event_create",
            "/can-bo/su-kien/moi",
            &crate::events::fair_form("Hội chợ lấn sân", &starts, &ends, "Đồng Tháp"),
        )
        .await;
    assert!(target.contains("__err"), "{target}");
    let titles: Vec<String> = events::Entity::find()
        .filter(
            Condition::any()
                .add(events::Column::Title.contains("Sa Đéc"))
                .add(events::Column::Title.contains("lấn sân")),
        )
        .all(&app.db)
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert_eq!(
        titles.len(),
        2,
        "nothing renamed, nothing created: {titles:?}"
    );
    assert!(!titles
        .iter()
        .any(|t| t.contains("Đổi tên") || t.contains("lấn sân")));
    // The public never sees the draft; the list API neither.
    let response = app.get(&format!("/su-kien/{draft}")).await;
    assert_eq!(response.status(), 404);
    let (_, list) = app
        .get_json("/api/v1/events?limit=100&province=Đồng Tháp")
        .await;
    let codes = list["items"].to_string();
    assert!(
        codes.contains(&public) && !codes.contains(&draft),
        "{codes}"
    );
    // Signed out: 401; the owner edits its own.
    let (status, _) = crate::stall_extra::browser(&app, None)
        .await
        .api(
            &app,
            Method::PATCH,
            &format!("/events/{public}"),
            Some(&json!({ "title": "x" })),
        )
        .await;
    assert_eq!(status, 401);
    let (status, body) = dongthap
        .api(
            &app,
            Method::PATCH,
            &format!("/events/{draft}"),
            Some(&json!({ "status": "open" })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "open");
});
