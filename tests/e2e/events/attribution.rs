//! Which orders count toward an event (finding 5 of the outside test): a
//! guest checkout with the code of a finished fair in another province, of
//! a producer that never joined it, is placed but credited to nothing; an
//! approved participant's order while the fair runs is credited, and counts
//! in the results once it is paid.

use crate::checkout::{order_body, post_checkout};
use crate::stall_extra::on_sale;
use app::domain::{EventStatus, ParticipantStatus};
use app::entities::{event_participants, events, orders, producers};
use app::events::queries::attributed_orders;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;
use tests::{on_both_databases, spawn_app, TestApp};

/// The event ids of the orders a checkout answer names.
async fn credited_events(app: &TestApp, placed: &serde_json::Value) -> Vec<Option<i64>> {
    let mut out = Vec::new();
    for order in placed["orders"].as_array().expect("orders") {
        let number = order["number"].as_str().expect("number");
        let row = orders::Entity::find()
            .filter(orders::Column::Number.eq(number))
            .one(&app.db)
            .await
            .unwrap()
            .expect("order");
        out.push(row.event_id);
    }
    out
}

on_both_databases!(
    only_participants_orders_placed_while_an_event_runs_count,
    |backend| async move {
        let app = spawn_app(backend).await;
        let cantho_product = on_sale(&app, "CT000001").await;
        let producer = producers::Entity::find_by_id(cantho_product.producer_id)
            .one(&app.db)
            .await
            .unwrap()
            .expect("producer");
        // A fair of another province, finished, that the producer never joined.
        let fair = events::Entity::find()
            .filter(events::Column::ProvinceId.ne(producer.province_id))
            .one(&app.db)
            .await
            .unwrap()
            .expect("a demo event elsewhere");
        let mut finished = fair.clone().into_active_model();
        finished.status = Set(EventStatus::Finished);
        finished.starts_at = Set(Utc::now() - Duration::days(10));
        finished.ends_at = Set(Utc::now() - Duration::days(8));
        finished.update(&app.db).await.unwrap();
        let mut order = order_body(&[(cantho_product.code.as_str(), 1)], "cod");
        order["event_code"] = json!(fair.code);
        let (status, placed) = post_checkout(&app, &order, None).await;
        assert_eq!(status, 201, "the shopper still buys: {placed}");
        assert_eq!(credited_events(&app, &placed).await, vec![None]);
        assert_eq!(attributed_orders(&app.db, fair.id).await.unwrap(), (0, 0));

        // Running now, the producer an approved participant: credited, but
        // counted only once paid.
        let mut running = fair.clone().into_active_model();
        running.status = Set(EventStatus::Live);
        running.starts_at = Set(Utc::now() - Duration::hours(1));
        running.ends_at = Set(Utc::now() + Duration::hours(1));
        running.update(&app.db).await.unwrap();
        let mut placed_again = None;
        for participation in ["pending", "approved"] {
            event_participants::Entity::delete_many()
                .filter(event_participants::Column::EventId.eq(fair.id))
                .filter(event_participants::Column::ProducerId.eq(producer.id))
                .exec(&app.db)
                .await
                .unwrap();
            event_participants::ActiveModel {
                event_id: Set(fair.id),
                producer_id: Set(producer.id),
                status: Set(
                    ParticipantStatus::from_name(participation).expect("a registration status")
                ),
                created_at: Set(Utc::now()),
                updated_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&app.db)
            .await
            .unwrap();
            let (status, placed) = post_checkout(&app, &order, None).await;
            assert_eq!(status, 201, "{placed}");
            let expected = (participation == "approved").then_some(fair.id);
            assert_eq!(
                credited_events(&app, &placed).await,
                vec![expected],
                "{participation}"
            );
            placed_again = Some(placed);
        }
        assert_eq!(
            attributed_orders(&app.db, fair.id).await.unwrap(),
            (0, 0),
            "not paid yet"
        );
        let placed = placed_again.expect("placed");
        let number = placed["orders"][0]["number"].as_str().expect("number");
        let row = orders::Entity::find()
            .filter(orders::Column::Number.eq(number))
            .one(&app.db)
            .await
            .unwrap()
            .expect("order");
        let total = row.total_vnd;
        let mut paid = row.into_active_model();
        paid.payment_received_at = Set(Some(Utc::now()));
        paid.update(&app.db).await.unwrap();
        assert_eq!(
            attributed_orders(&app.db, fair.id).await.unwrap(),
            (1, total)
        );
    }
);
