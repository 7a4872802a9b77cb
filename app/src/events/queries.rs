//! Reading events: an officer's list, the public lists and calendar, one
//! event with its participants, line-up and results.

use super::access::runs;
use super::{EventDetail, EventResults, EventSummary, LineupItem, Participant};
use crate::domain::{EventStatus, ParticipantStatus, Role};
use crate::entities::{
    event_participants, event_products, events, orders, producers, products, provinces, users,
};
use crate::error::AppResult;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};

/// Most events one list shows.
const MAX_LISTED: u64 = 500;

/// Events as list rows, with their province and commune names.
pub async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<events::Model>,
) -> AppResult<Vec<EventSummary>> {
    let province_ids: BTreeSet<i64> = rows.iter().map(|e| e.province_id).collect();
    let commune_ids: BTreeSet<i64> = rows.iter().filter_map(|e| e.commune_id).collect();
    let province_names = crate::admin_units::province_names(db, province_ids).await?;
    let commune_names = crate::admin_units::commune_names(db, commune_ids, false).await?;
    Ok(rows
        .into_iter()
        .map(|e| EventSummary {
            province: province_names
                .get(&e.province_id)
                .cloned()
                .unwrap_or_default(),
            commune: e.commune_id.and_then(|id| commune_names.get(&id).cloned()),
            code: e.code,
            kind: e.kind,
            title: e.title,
            status: e.status,
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            venue: e.venue,
            stream_url: e.stream_url,
            platform: e.platform,
            organizer: e.organizer,
        })
        .collect())
}

/// Events not over yet first (soonest first), then the others (latest first).
fn upcoming_first(mut rows: Vec<events::Model>, now: DateTime<Utc>) -> Vec<events::Model> {
    rows.sort_by(|a, b| {
        let (a_over, b_over) = (a.ends_at < now, b.ends_at < now);
        a_over.cmp(&b_over).then_with(|| {
            if a_over {
                b.starts_at.cmp(&a.starts_at)
            } else {
                a.starts_at.cmp(&b.starts_at)
            }
        })
    });
    rows
}

/// The events `user` runs, filtered by status (any when `None`) and kind
/// ("" for any), upcoming first.
pub async fn area_events(
    db: &impl ConnectionTrait,
    user: &users::Model,
    status: Option<EventStatus>,
    kind: &str,
    now: DateTime<Utc>,
) -> AppResult<Vec<EventSummary>> {
    let mut q = events::Entity::find();
    match (user.role, user.area_province_id, user.area_commune_id) {
        (Role::Admin, _, _) => {}
        (_, _, Some(commune)) => q = q.filter(events::Column::CommuneId.eq(commune)),
        (_, Some(province), None) => q = q.filter(events::Column::ProvinceId.eq(province)),
        _ => return Ok(Vec::new()),
    }
    if let Some(status) = status {
        q = q.filter(events::Column::Status.eq(status));
    }
    if !kind.is_empty() {
        q = q.filter(events::Column::Kind.eq(kind));
    }
    let rows: Vec<events::Model> = q
        .order_by_desc(events::Column::StartsAt)
        .limit(MAX_LISTED)
        .all(db)
        .await?
        .into_iter()
        .filter(|e| runs(user, e))
        .collect();
    summaries(db, upcoming_first(rows, now)).await
}

/// Public events (every status but draft) of province `province_id` and
/// `kind` (any when `None`/empty) that end at or after `since`, upcoming
/// first, at most `limit`.
pub async fn public_events(
    db: &impl ConnectionTrait,
    province_id: Option<i64>,
    kind: &str,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: u64,
) -> AppResult<Vec<EventSummary>> {
    let mut q = events::Entity::find()
        .filter(events::Column::Status.ne(EventStatus::Draft))
        .filter(events::Column::EndsAt.gte(since));
    if let Some(p) = province_id {
        q = q.filter(events::Column::ProvinceId.eq(p));
    }
    if !kind.is_empty() {
        q = q.filter(events::Column::Kind.eq(kind));
    }
    let rows = q
        .order_by_asc(events::Column::StartsAt)
        .limit(Ord::min(limit, MAX_LISTED))
        .all(db)
        .await?;
    summaries(db, upcoming_first(rows, now)).await
}

/// Public events with a time between `from` and `to` (half-open), for a
/// calendar month.
pub async fn events_between(
    db: &impl ConnectionTrait,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> AppResult<Vec<EventSummary>> {
    let rows = events::Entity::find()
        .filter(events::Column::Status.ne(EventStatus::Draft))
        .filter(events::Column::StartsAt.lt(to))
        .filter(events::Column::EndsAt.gte(from))
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id)
        .limit(MAX_LISTED)
        .all(db)
        .await?;
    summaries(db, rows).await
}

/// Orders credited to event `event_id` that its results count (paid or
/// delivered, see `attribution`): how many, and their totals in đồng.
pub async fn attributed_orders(db: &impl ConnectionTrait, event_id: i64) -> AppResult<(u64, i64)> {
    let row: Option<(i64, Option<i64>)> = orders::Entity::find()
        .select_only()
        .column_as(Expr::col(orders::Column::Id).count().cast_as("BIGINT"), "n")
        .column_as(
            Expr::col(orders::Column::TotalVnd).sum().cast_as("BIGINT"),
            "revenue",
        )
        .filter(orders::Column::EventId.eq(event_id))
        .filter(super::attribution::counted_in_results())
        .into_tuple()
        .one(db)
        .await?;
    let (n, revenue) = row.unwrap_or((0, None));
    Ok((Ord::max(n, 0) as u64, revenue.unwrap_or(0)))
}

/// Everything the pages show of `event`; `approved_only` keeps only
/// approved participants (the public page).
pub async fn event_detail(
    db: &impl ConnectionTrait,
    event: events::Model,
    approved_only: bool,
) -> AppResult<EventDetail> {
    let province_slug = provinces::Entity::find_by_id(event.province_id)
        .one(db)
        .await?
        .map(|p| p.slug)
        .unwrap_or_default();
    let mut registrations = event_participants::Entity::find()
        .filter(event_participants::Column::EventId.eq(event.id))
        .find_also_related(producers::Entity)
        .order_by_asc(event_participants::Column::Id)
        .all(db)
        .await?;
    if approved_only {
        registrations.retain(|(p, _)| p.status == ParticipantStatus::Approved);
    }
    let lines = event_products::Entity::find()
        .filter(event_products::Column::EventId.eq(event.id))
        .find_also_related(products::Entity)
        .all(db)
        .await?;
    let producer_of: HashMap<i64, &producers::Model> = registrations
        .iter()
        .filter_map(|(_, p)| p.as_ref())
        .map(|p| (p.id, p))
        .collect();
    let approved: BTreeSet<i64> = registrations
        .iter()
        .filter(|(r, _)| r.status == ParticipantStatus::Approved)
        .map(|(r, _)| r.producer_id)
        .collect();
    let mut lineup: Vec<LineupItem> = Vec::new();
    let mut brought: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (row, product) in lines {
        let Some(product) = product else { continue };
        let Some(producer) = producer_of.get(&product.producer_id) else {
            continue;
        };
        brought
            .entry(producer.id)
            .or_default()
            .push((product.code.clone(), product.name.clone()));
        if approved.contains(&producer.id) {
            lineup.push(LineupItem {
                product_code: product.code,
                product_name: product.name,
                product_slug: product.slug,
                producer_name: producer.name.clone(),
                producer_code: producer.code.clone(),
                position: row.position,
                live_price_vnd: row.live_price_vnd,
                slot_starts_at: row.slot_starts_at,
                slot_ends_at: row.slot_ends_at,
                host: row.host,
            });
        }
    }
    // Placed products in their order, the others after (by code).
    lineup.sort_by(|a, b| {
        (
            a.position.is_none(),
            a.position,
            a.slot_starts_at,
            &a.product_code,
        )
            .cmp(&(
                b.position.is_none(),
                b.position,
                b.slot_starts_at,
                &b.product_code,
            ))
    });
    let participants = registrations
        .into_iter()
        .filter_map(|(r, p)| {
            let p = p?;
            let mut products = brought.remove(&p.id).unwrap_or_default();
            products.sort();
            Some(Participant {
                producer_code: p.code,
                producer_name: p.name,
                stall_slug: p.slug,
                status: r.status,
                booth_no: r.booth_no,
                products,
            })
        })
        .collect();
    let (orders, revenue_vnd) = attributed_orders(db, event.id).await?;
    let results = EventResults {
        orders,
        revenue_vnd,
        contracts_signed: event.contracts_signed,
        contracts_value_vnd: event.contracts_value_vnd,
        results_note: event.results_note.clone(),
    };
    let (description, host) = (event.description.clone(), event.host.clone());
    let summary = summaries(db, vec![event]).await?.remove(0);
    Ok(EventDetail {
        summary,
        description,
        host,
        province_slug,
        participants,
        lineup,
        results,
    })
}
