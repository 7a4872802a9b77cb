//! `/quan-ly/su-kien`: register with own products, change them or withdraw
//! while pending, only for events open for registration, only ever the
//! member's own producer; what the organisers assign shows on the page.

use super::{browser, codes_of, on_sale, EVENTS_PAGE, OFFICER, PHUSA, SHOPPER, THANHDAT};
use app::domain::{EventStatus, ParticipantStatus};
use app::entities::{event_participants, event_products, events, products};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;
use tests::{csrf_in, on_both_databases, spawn_app_with, TestApp};

/// An event `code` of `kind` and `status` starting in `days` days.
async fn add_event(app: &TestApp, code: &str, kind: &str, status: &str, days: i64) -> i64 {
    let province = app::entities::provinces::Entity::find()
        .one(&app.db)
        .await
        .expect("query")
        .expect("a province");
    let starts = Utc::now() + Duration::days(days);
    events::ActiveModel {
        code: Set(code.into()),
        kind: Set(kind.into()),
        title: Set(format!("Sự kiện thử {code}")),
        province_id: Set(province.id),
        venue: Set((kind != "livestream").then(|| "Nhà văn hóa".into())),
        organizer: Set("Sở Công Thương".into()),
        starts_at: Set(starts),
        ends_at: Set(starts + Duration::days(2)),
        status: Set(EventStatus::from_name(status).expect("an event status")),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("event")
    .id
}

/// The event's participants and the product codes in its line-up.
async fn registered(app: &TestApp, event_id: i64) -> (Vec<String>, Vec<String>) {
    let participants = event_participants::Entity::find()
        .filter(event_participants::Column::EventId.eq(event_id))
        .all(&app.db)
        .await
        .expect("participants")
        .into_iter()
        .map(|p| p.status.to_string())
        .collect();
    let mut lineup = Vec::new();
    for row in event_products::Entity::find()
        .filter(event_products::Column::EventId.eq(event_id))
        .all(&app.db)
        .await
        .expect("line-up")
    {
        let product = products::Entity::find_by_id(row.product_id)
            .one(&app.db)
            .await
            .expect("query")
            .expect("product");
        lineup.push(product.code);
    }
    lineup.sort();
    (participants, lineup)
}

on_both_databases!(
    a_producer_registers_for_events_with_its_own_products,
    |backend| async move {
        let app = spawn_app_with(backend, |_| {}).await;
        let open = add_event(&app, "SK90001", "fair", "open", 30).await;
        let other_open = add_event(&app, "SK90002", "livestream", "open", 40).await;
        let mut closed = Vec::new();
        for (code, status, days) in [
            ("SK90003", "finished", -10),
            ("SK90004", "cancelled", 20),
            ("SK90005", "draft", 20),
            ("SK90006", "scheduled", 20),
            ("SK90007", "open", -1),
        ] {
            closed.push((code, add_event(&app, code, "fair", status, days).await));
        }
        let mine = codes_of(&app, "CT000001").await;
        let theirs = codes_of(&app, "CT000002").await;
        assert!(
            mine.len() >= 2 && !theirs.is_empty(),
            "sample producers have products"
        );

        // Signed out: asked to sign in, and a form without a session does nothing.
        let visitor = browser(&app, None).await;
        assert!(visitor
            .page(&app, EVENTS_PAGE)
            .await
            .contains("/dang-nhap?next=/quan-ly/su-kien"));
        assert!(visitor.register(&app, "SK90001", &[&mine[0]]).await);
        // A shopper and an officer are told the page is not theirs, and refused.
        for email in [SHOPPER, OFFICER] {
            let someone = browser(&app, Some(email)).await;
            let page = someone.page(&app, EVENTS_PAGE).await;
            assert!(
                page.contains("dành cho thành viên của chủ thể OCOP"),
                "{email}"
            );
            assert!(
                someone.register(&app, "SK90001", &[&mine[0]]).await,
                "{email}"
            );
            assert!(someone.withdraw(&app, "SK90001").await, "{email}");
        }
        assert_eq!(registered(&app, open).await, (vec![], vec![]));

        let phusa = browser(&app, Some(PHUSA)).await;
        let page = phusa.page(&app, EVENTS_PAGE).await;
        assert_eq!(
            csrf_in(&page),
            phusa.csrf,
            "the page's forms carry the session's token"
        );
        assert!(page.contains("Sự kiện thử SK90001") && page.contains("Sự kiện thử SK90002"));
        for (code, _) in &closed {
            assert!(
                !page.contains(&format!("Sự kiện thử {code}")),
                "{code} is not offered"
            );
        }
        assert!(
            page.contains(&format!("value=\"{}\"", mine[0])),
            "own products to choose"
        );
        assert!(!page.contains(&format!("value=\"{}\"", theirs[0])));

        // Another producer's product, alone or among its own: refused, with
        // a message, and nothing written.
        assert!(phusa.register(&app, "SK90001", &[&theirs[0]]).await);
        assert!(
            phusa
                .register(&app, "SK90001", &[&mine[0], &theirs[0]])
                .await
        );
        assert_eq!(registered(&app, open).await, (vec![], vec![]));
        let by_script = phusa
            .client
            .post(format!("{}/api/fn/stall_event_register", app.address))
            .form(&[
                ("csrf", phusa.csrf.as_str()),
                ("event", "SK90001"),
                ("products[]", theirs[0].as_str()),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(by_script.status(), 422);
        let refusal: Value = by_script.json().await.expect("json");
        assert!(
            refusal
                .to_string()
                .contains("Không có trong gian hàng của bạn"),
            "{refusal}"
        );
        // No product, or an event that does not take registrations: refused.
        assert!(phusa.register(&app, "SK90001", &[]).await);
        for (code, id) in &closed {
            assert!(phusa.register(&app, code, &[&mine[0]]).await, "{code}");
            assert_eq!(registered(&app, *id).await, (vec![], vec![]), "{code}");
        }
        assert!(phusa.register(&app, "SK99999", &[&mine[0]]).await);

        // Registered with two products; registering again while pending
        // changes the products.
        assert!(!phusa.register(&app, "SK90001", &[&mine[0], &mine[1]]).await);
        let mut two = vec![mine[0].clone(), mine[1].clone()];
        two.sort();
        assert_eq!(registered(&app, open).await, (vec!["pending".into()], two));
        assert!(!phusa.register(&app, "SK90001", &[&mine[1]]).await);
        assert_eq!(
            registered(&app, open).await,
            (vec!["pending".into()], vec![mine[1].clone()])
        );
        let page = phusa.page(&app, EVENTS_PAGE).await;
        assert!(page.contains("Chờ ban tổ chức duyệt"));
        assert!(page.contains("Chưa xếp gian hàng"));
        assert!(page.contains("Rút đăng ký"));

        // The other producer sees none of it and cannot withdraw it.
        let thanhdat = browser(&app, Some(THANHDAT)).await;
        let page = thanhdat.page(&app, EVENTS_PAGE).await;
        assert!(!page.contains("Chờ ban tổ chức duyệt"));
        assert!(!page.contains(&mine[1]));
        assert!(thanhdat.withdraw(&app, "SK90001").await);
        assert_eq!(
            registered(&app, open).await,
            (vec!["pending".into()], vec![mine[1].clone()])
        );
        // It registers for the same event with its own products; each
        // producer's line-up stays its own.
        assert!(!thanhdat.register(&app, "SK90001", &[&theirs[0]]).await);
        let mut both = vec![mine[1].clone(), theirs[0].clone()];
        both.sort();
        assert_eq!(registered(&app, open).await.1, both);

        // Withdrawn: its rows go, the other producer's stay.
        assert!(!phusa.withdraw(&app, "SK90001").await);
        assert_eq!(registered(&app, open).await.1, vec![theirs[0].clone()]);
        assert!(
            phusa.withdraw(&app, "SK90001").await,
            "nothing left to withdraw"
        );
        // The organisers give the other producer a booth: only it sees it.
        let row = event_participants::Entity::find()
            .filter(event_participants::Column::EventId.eq(open))
            .one(&app.db)
            .await
            .expect("query")
            .expect("registration");
        let mut approved = row.into_active_model();
        approved.status = Set(ParticipantStatus::Approved);
        approved.booth_no = Set(Some("A12".into()));
        approved.update(&app.db).await.expect("approve");
        assert!(thanhdat
            .page(&app, EVENTS_PAGE)
            .await
            .contains("Gian hàng số A12"));
        assert!(!phusa.page(&app, EVENTS_PAGE).await.contains("A12"));

        // Once the organisers approve and give a booth, the page shows it
        // and the registration can no longer be changed or withdrawn here.
        // A product page lists the event only once the registration is approved.
        let shown = on_sale(&app, "CT000001").await;
        let product_page = format!("/san-pham/{}", shown.slug);
        assert!(!phusa.register(&app, "SK90002", &[&shown.code]).await);
        assert!(!phusa
            .page(&app, &product_page)
            .await
            .contains("Sự kiện thử SK90002"));
        let row = event_participants::Entity::find()
            .filter(event_participants::Column::EventId.eq(other_open))
            .one(&app.db)
            .await
            .expect("query")
            .expect("registration");
        let mut approved = row.into_active_model();
        approved.status = Set(ParticipantStatus::Approved);
        approved.update(&app.db).await.expect("approve");
        let slot = event_products::Entity::find()
            .filter(event_products::Column::EventId.eq(other_open))
            .one(&app.db)
            .await
            .expect("query")
            .expect("line-up");
        let mut slot = slot.into_active_model();
        let slot_start = Utc::now() + Duration::days(40) + Duration::minutes(90);
        slot.slot_starts_at = Set(Some(slot_start));
        slot.slot_ends_at = Set(Some(slot_start + Duration::minutes(20)));
        slot.live_price_vnd = Set(Some(99_000));
        slot.host = Set(Some("MC Thu Hà".into()));
        slot.update(&app.db).await.expect("slot");
        assert!(phusa
            .page(&app, &product_page)
            .await
            .contains("Sự kiện thử SK90002"));
        let page = phusa.page(&app, EVENTS_PAGE).await;
        assert!(page.contains("Đã được duyệt"));
        assert!(page.contains("99.000"), "the live price is shown");
        assert!(page.contains("MC Thu Hà"), "the host is shown");
        assert!(
            page.contains(&app::time::format_vn(slot_start)),
            "the slot is shown in Vietnam time"
        );
        assert!(phusa.withdraw(&app, "SK90002").await);
        assert!(phusa.register(&app, "SK90002", &[&mine[0]]).await);
        assert_eq!(
            registered(&app, other_open).await,
            (vec!["approved".into()], vec![shown.code.clone()])
        );
    }
);
