//! Which orders count toward a fair or a livestream: the one rule behind
//! crediting an order at checkout and counting an event's results.
//!
//! An order is credited to an event only when, at the moment it is placed,
//! the event takes orders (published and not over: `open`, `scheduled` or
//! `live`, and the moment lies between its start and its end; a livestream's
//! link keeps bringing orders for [`LIVESTREAM_GRACE`] after it ends) and the
//! order's producer is one of its approved participants. A code that does not
//! qualify is not an error (a week-old fair link in a shopper's cookie must
//! not stop them buying): the order is simply not credited. An event's
//! results then count its credited orders that are paid or delivered, never
//! cancelled or refunded ones.

use crate::domain::{EventStatus, OrderStatus, ParticipantStatus};
use crate::entities::{event_participants, events, orders};
use crate::error::AppResult;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;

/// How long after a livestream ends its link still brings orders: viewers
/// who watched the recording the evening after.
pub const LIVESTREAM_GRACE: Duration = Duration::hours(24);

/// Statuses of an event that is published and not over.
const TAKING_ORDERS: [EventStatus; 3] =
    [EventStatus::Open, EventStatus::Scheduled, EventStatus::Live];

/// Whether `event` takes orders at `now`.
pub fn takes_orders(event: &events::Model, now: DateTime<Utc>) -> bool {
    let grace = if event.kind == "livestream" {
        LIVESTREAM_GRACE
    } else {
        Duration::zero()
    };
    TAKING_ORDERS.contains(&event.status) && event.starts_at <= now && now <= event.ends_at + grace
}

/// The producers whose orders placed at `now` are credited to event
/// `event_id`: its approved participants while it takes orders, nobody
/// otherwise (or when there is no such event).
pub async fn credited_producers(
    db: &impl ConnectionTrait,
    event_id: i64,
    now: DateTime<Utc>,
) -> AppResult<HashSet<i64>> {
    let Some(event) = events::Entity::find_by_id(event_id).one(db).await? else {
        return Ok(HashSet::new());
    };
    if !takes_orders(&event, now) {
        return Ok(HashSet::new());
    }
    Ok(event_participants::Entity::find()
        .select_only()
        .column(event_participants::Column::ProducerId)
        .filter(event_participants::Column::EventId.eq(event_id))
        .filter(event_participants::Column::Status.eq(ParticipantStatus::Approved))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The orders an event's results count: paid (the money arrived) or
/// delivered (cash on delivery), and not cancelled or refunded.
pub fn counted_in_results() -> Condition {
    Condition::all()
        .add(orders::Column::Status.is_not_in(OrderStatus::NOT_SALES))
        .add(
            Condition::any()
                .add(orders::Column::PaymentReceivedAt.is_not_null())
                .add(orders::Column::Status.eq(OrderStatus::Delivered)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn event(kind: &str, status: EventStatus) -> events::Model {
        events::Model {
            id: 1,
            code: "SK000001".into(),
            kind: kind.into(),
            title: "Hội chợ".into(),
            description: None,
            province_id: 1,
            commune_id: None,
            venue: None,
            stream_url: None,
            platform: None,
            organizer: "Sở Công Thương".into(),
            host: None,
            starts_at: at("2026-12-01T01:00:00Z"),
            ends_at: at("2026-12-03T10:00:00Z"),
            status,
            contracts_signed: 0,
            contracts_value_vnd: 0,
            results_note: None,
            lat: None,
            lon: None,
            created_at: at("2026-11-01T00:00:00Z"),
            updated_at: at("2026-11-01T00:00:00Z"),
        }
    }

    #[test]
    fn an_event_takes_orders_only_while_it_runs() {
        let fair = event("fair", EventStatus::Live);
        assert!(!takes_orders(&fair, at("2026-12-01T00:59:59Z")));
        assert!(takes_orders(&fair, at("2026-12-01T01:00:00Z")));
        assert!(takes_orders(&fair, at("2026-12-03T10:00:00Z")));
        assert!(!takes_orders(&fair, at("2026-12-03T10:00:01Z")));
        for status in [
            EventStatus::Draft,
            EventStatus::Finished,
            EventStatus::Cancelled,
        ] {
            assert!(!takes_orders(
                &event("fair", status),
                at("2026-12-02T00:00:00Z")
            ));
        }
        // A livestream's link keeps working for a day after it ends.
        let live = event("livestream", EventStatus::Live);
        assert!(takes_orders(&live, at("2026-12-04T09:59:00Z")));
        assert!(!takes_orders(&live, at("2026-12-04T10:00:01Z")));
    }
}
