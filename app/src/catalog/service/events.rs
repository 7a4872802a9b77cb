//! The coming fairs, exhibitions, conferences and livestreams a shopper can go to.

use crate::catalog::EventCard;
use crate::domain::{EventStatus, ParticipantStatus};
use crate::entities::{event_participants, event_products, events, provinces};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Which events to show.
#[derive(Debug, Clone, Copy)]
pub enum EventScope {
    /// Every coming event.
    All,
    /// Events featuring a product, or where its producer takes part.
    Product {
        /// The product.
        product_id: i64,
        /// Its producer.
        producer_id: i64,
    },
    /// Events where a producer takes part.
    Producer(i64),
}

/// Events not yet over and not cancelled, soonest first.
pub async fn upcoming_events(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    scope: EventScope,
    limit: u64,
) -> AppResult<Vec<EventCard>> {
    let mut q = events::Entity::find()
        .filter(events::Column::EndsAt.gte(now))
        .filter(events::Column::Status.is_not_in([EventStatus::Cancelled, EventStatus::Draft]));
    let by_producer = |producer_id: i64| {
        Expr::col((events::Entity, events::Column::Id)).in_subquery(
            Query::select()
                .column(event_participants::Column::EventId)
                .from(event_participants::Entity)
                .and_where(Expr::col(event_participants::Column::ProducerId).eq(producer_id))
                .and_where(
                    Expr::col(event_participants::Column::Status)
                        .eq(Expr::value(ParticipantStatus::Approved)),
                )
                .to_owned(),
        )
    };
    // A registration the organisers have not approved (pending, rejected)
    // does not put the event on the producer's pages, nor do its products.
    let not_approved = |producer_id: i64| {
        Expr::col((events::Entity, events::Column::Id)).not_in_subquery(
            Query::select()
                .column(event_participants::Column::EventId)
                .from(event_participants::Entity)
                .and_where(Expr::col(event_participants::Column::ProducerId).eq(producer_id))
                .and_where(
                    Expr::col(event_participants::Column::Status)
                        .ne(Expr::value(ParticipantStatus::Approved)),
                )
                .to_owned(),
        )
    };
    match scope {
        EventScope::All => {}
        EventScope::Producer(producer_id) => q = q.filter(by_producer(producer_id)),
        EventScope::Product {
            product_id,
            producer_id,
        } => {
            let by_product = Expr::col((events::Entity, events::Column::Id)).in_subquery(
                Query::select()
                    .column(event_products::Column::EventId)
                    .from(event_products::Entity)
                    .and_where(Expr::col(event_products::Column::ProductId).eq(product_id))
                    .to_owned(),
            );
            q = q.filter(
                by_product
                    .and(not_approved(producer_id))
                    .or(by_producer(producer_id)),
            );
        }
    }
    let rows = q
        .find_also_related(provinces::Entity)
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(e, province)| EventCard {
            code: e.code,
            kind: e.kind,
            title: e.title,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            venue: e.venue,
            stream_url: e.stream_url,
            province: province.map(|p| p.name).unwrap_or_default(),
            organizer: e.organizer,
        })
        .collect())
}
