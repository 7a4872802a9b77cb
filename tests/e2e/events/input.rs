//! What an officer may type wrong is named field by field (a 422 for the
//! API and for a script, a redirect back with the message for a plain
//! form), never a 500: an end before the start, a `javascript:` stream
//! link, an unknown kind, a 10 KB title, a status that cannot follow.

use super::{event_json, fair_form, signed_in, vn_at, CANTHO};
use reqwest::Method;
use serde_json::{json, Value};
use tests::{on_both_databases, spawn_app_with};

on_both_databases!(bad_event_input_is_named_never_a_500, |backend| async move {
    let app = spawn_app_with(backend, |s| s.page_cache_seconds = 0).await;
    let officer = signed_in(&app, CANTHO).await;
    let (starts, ends) = (vn_at(20, 9, 0), vn_at(20, 17, 0));
    let good = event_json("Hội chợ đúng", "fair", &starts, &ends, "Cần Thơ", "draft");
    let with = |field: &str, value: Value| {
        let mut body = good.clone();
        body[field] = value;
        body
    };
    let mut javascript = event_json(
        "Livestream",
        "livestream",
        &starts,
        &ends,
        "Cần Thơ",
        "draft",
    );
    javascript["stream_url"] = json!("javascript:alert(1)");
    let cases = [
        (with("ends_at", json!(vn_at(19, 9, 0))), "ends_at"),
        (with("ends_at", json!(starts.clone())), "ends_at"),
        (with("starts_at", json!("ngày mai")), "starts_at"),
        (javascript, "stream_url"),
        (with("kind", json!("concert")), "kind"),
        (with("title", json!("Đ".repeat(5000))), "title"),
        (with("title", json!("   ")), "title"),
        (with("status", json!("finished")), "status"),
        (with("province", json!("Atlantis")), "province"),
        (with("commune", json!("Không có xã này")), "commune"),
        (with("venue", Value::Null), "venue"),
    ];
    for (body, field) in cases {
        let (status, answer) = officer
            .api(&app, Method::POST, "/events", Some(&body))
            .await;
        assert_eq!(status, 422, "{field}: {answer}");
        assert!(
            answer["error"]["fields"][field].is_array(),
            "{field}: {answer}"
        );
    }
    let (status, answer) = officer
        .api(&app, Method::POST, "/events", Some(&json!([1, 2])))
        .await;
    assert_eq!(status, 422, "{answer}");

    // A status that cannot follow, through PATCH.
    let code = officer.create_event(&app, &good).await;
    for (patch, field) in [
        (json!({ "status": "bogus" }), "status"),
        (json!({ "ends_at": "2020-01-01T00:00" }), "ends_at"),
        (json!({ "stream_url": "javascript:alert(1)" }), "stream_url"),
        (
            json!({ "title": "Đổi tên", "contracts_value_vnd": "nhiều" }),
            "contracts_value_vnd",
        ),
    ] {
        let (status, answer) = officer
            .api(
                &app,
                Method::PATCH,
                &format!("/events/{code}"),
                Some(&patch),
            )
            .await;
        assert_eq!(status, 422, "{patch}: {answer}");
        assert!(
            answer["error"]["fields"][field].is_array(),
            "{field}: {answer}"
        );
    }
    let (_, unchanged) = officer
        .api(&app, Method::GET, &format!("/events/{code}"), None)
        .await;
    assert_eq!(
        unchanged["title"], "Hội chợ đúng",
        "a refused patch changes nothing"
    );
    let (status, _) = officer
        .api(
            &app,
            Method::PATCH,
            &format!("/events/{code}"),
            Some(&json!({ "status": "open" })),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = officer
        .api(
            &app,
            Method::PATCH,
            &format!("/events/{code}"),
            Some(&json!({ "status": "draft" })),
        )
        .await;
    assert_eq!(status, 422, "no going back to draft");

    // The page form: a script gets 422 with the fields, a plain form a
    // redirect back with the message; the page shows it next to the field.
    let long = "x".repeat(10 * 1024);
    let bad_end = vn_at(19, 9, 0);
    for (form_title, form_end, field) in [
        (long.as_str(), ends.as_str(), "title"),
        ("Hội chợ", bad_end.as_str(), "ends_at"),
    ] {
        let form = fair_form(form_title, &starts, form_end, "Cần Thơ");
        let (status, answer) = officer
            .officer_script(&app, "officer_event_create", &form)
            .await;
        assert_eq!(status, 422, "{field}: {answer}");
        assert!(
            answer["fields"].to_string().contains(field),
            "{field}: {answer}"
        );
        let target = officer
            .officer_form(&app, "officer_event_create", "/can-bo/su-kien/moi", &form)
            .await;
        assert!(target.contains("__err"), "{target}");
        let back = officer.page(&app, &target.replace(&app.address, "")).await;
        assert!(
            back.contains("class=\"field-error\""),
            "message by the field"
        );
    }
    let mut form = fair_form("Hội chợ", &starts, &ends, "Cần Thơ");
    form.retain(|(k, _)| *k != "kind");
    form.push(("kind", "<script>"));
    let (status, answer) = officer
        .officer_script(&app, "officer_event_create", &form)
        .await;
    assert_eq!(status, 422, "{answer}");
    // A page of an event that does not exist: 404, not an error page.
    let response = officer
        .client
        .get(format!("{}/can-bo/su-kien/EV-00-0000-000", app.address))
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), 404);
    assert_eq!(app.get("/su-kien/KHONG-CO").await.status(), 404);
    assert_eq!(
        app.get("/su-kien/lich?thang=2026-99").await.status(),
        200,
        "a bad month shows this month"
    );
});
