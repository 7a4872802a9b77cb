//! The service side of `/api/v1/events`: the list a reader may see, an
//! event as the API gives it, a change laid over the event's own fields,
//! and the iCalendar feed.

mod types;

pub use types::{Event, EventChanges, EventLineupEntry, EventListItem, EventParticipant};

use super::access::{event_readable_by, event_run_by, runs};
use super::ics::{calendar, CalendarEvent};
use super::queries::{event_detail, summaries};
use super::EventDetail;
use crate::domain::{EventStatus, Role};
use crate::entities::{events, users};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Most events in one feed.
const MAX_FEED: u64 = 2000;

/// Filters of the list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Status (any when `None`).
    pub status: Option<EventStatus>,
    /// Kind ("" for any).
    pub kind: String,
    /// Province id.
    pub province_id: Option<i64>,
}

/// The events `reader` may see (public events, and the drafts of their
/// area), filtered, soonest first: the total and one page.
pub async fn list(
    db: &DatabaseConnection,
    reader: Option<&users::Model>,
    filter: &ListFilter,
    page: u64,
    limit: u64,
) -> AppResult<(u64, Vec<EventListItem>)> {
    let mut visible = Condition::any().add(events::Column::Status.ne(EventStatus::Draft));
    if let Some(u) = reader {
        visible = match (u.role, u.area_province_id, u.area_commune_id) {
            (Role::Admin, _, _) => Condition::any().add(events::Column::Id.gt(0)),
            (Role::Officer, _, Some(c)) => visible.add(events::Column::CommuneId.eq(c)),
            (Role::Officer, Some(p), None) => visible.add(events::Column::ProvinceId.eq(p)),
            _ => visible,
        };
    }
    let mut q = events::Entity::find().filter(visible);
    if let Some(status) = filter.status {
        q = q.filter(events::Column::Status.eq(status));
    }
    if !filter.kind.is_empty() {
        q = q.filter(events::Column::Kind.eq(filter.kind.as_str()));
    }
    if let Some(p) = filter.province_id {
        q = q.filter(events::Column::ProvinceId.eq(p));
    }
    let total = q.clone().count(db).await?;
    let rows = q
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id)
        .offset((page.max(1) - 1) * limit)
        .limit(limit)
        .all(db)
        .await?;
    let items = summaries(db, rows)
        .await?
        .into_iter()
        .map(|s| EventListItem::of(&s))
        .collect();
    Ok((total, items))
}

/// Event `code` as `reader` may read it: those who run it see every
/// registration, others only approved ones.
pub async fn read(
    db: &DatabaseConnection,
    reader: Option<&users::Model>,
    code: &str,
) -> AppResult<EventDetail> {
    let event = event_readable_by(db, reader, code).await?;
    let mine = reader.is_some_and(|u| runs(u, &event));
    event_detail(db, event, !mine).await
}

/// Applies `changes` to event `code`, which `user` must run: the event's
/// fields, then (when given) its results; all or nothing.
pub async fn patch(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    changes: &EventChanges,
    now: DateTime<Utc>,
) -> AppResult<EventDetail> {
    let conn = db;
    let txn = crate::db::begin_write(conn).await?;
    let db = &txn;
    let event = event_run_by(db, user, code).await?;
    let base = super::save::fields_of(db, &event).await?;
    let fields = changes.over(base);
    super::save::update_event(db, user, code, &fields, now).await?;
    if changes.touches_results() {
        let event = event_run_by(db, user, code).await?;
        let or = |sent: &Option<String>, now: String| sent.clone().unwrap_or(now);
        super::save::save_results(
            db,
            user,
            code,
            &or(
                &changes.contracts_signed,
                event.contracts_signed.to_string(),
            ),
            &or(
                &changes.contracts_value_vnd,
                event.contracts_value_vnd.to_string(),
            ),
            &or(
                &changes.results_note,
                event.results_note.clone().unwrap_or_default(),
            ),
            now,
        )
        .await?;
    }
    let event = event_run_by(db, user, code).await?;
    txn.commit().await?;
    event_detail(conn, event, false).await
}

/// The iCalendar of every listed event (open, scheduled, live, finished),
/// or of event `code` alone (not found unless listed).
pub async fn ics(
    db: &DatabaseConnection,
    code: Option<&str>,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let mut q = events::Entity::find().filter(events::Column::Status.is_in(EventStatus::LISTED));
    if let Some(code) = code {
        q = q.filter(events::Column::Code.eq(code.trim().to_uppercase()));
    }
    let rows = q
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id)
        .limit(MAX_FEED)
        .all(db)
        .await?;
    if code.is_some() && rows.is_empty() {
        return Err(super::access::no_event());
    }
    let descriptions: Vec<Option<String>> = rows.iter().map(|e| e.description.clone()).collect();
    let items: Vec<CalendarEvent> = summaries(db, rows)
        .await?
        .into_iter()
        .zip(descriptions)
        .map(|(summary, description)| CalendarEvent {
            page_url: format!("{base_url}/su-kien/{}", summary.code),
            summary,
            description,
        })
        .collect();
    let name = match (code, items.first()) {
        (Some(_), Some(e)) => e.summary.title.clone(),
        _ => "Sự kiện OCOP — Chợ OCOP".to_owned(),
    };
    Ok(calendar(&name, &items, now))
}
