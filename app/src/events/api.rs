//! The service side of `/api/v1/events`: the list a reader may see, an
//! event as JSON, a JSON body read as event fields (a patch starts from the
//! event's own), and the iCalendar feed.

use super::access::{event_readable_by, event_run_by, runs};
use super::ics::{calendar, CalendarEvent};
use super::queries::{event_detail, summaries};
use super::{EventDetail, EventFields, LISTED};
use crate::domain::Role;
use crate::entities::{events, users};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde_json::{json, Value};

/// Most events in one feed.
const MAX_FEED: u64 = 2000;

/// Filters of the list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Status ("" for any).
    pub status: String,
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
) -> AppResult<(u64, Vec<Value>)> {
    let mut visible = Condition::any().add(events::Column::Status.ne("draft"));
    if let Some(u) = reader {
        visible = match (u.role, u.area_province_id, u.area_commune_id) {
            (Role::Admin, _, _) => Condition::any().add(events::Column::Id.gt(0)),
            (Role::Officer, _, Some(c)) => visible.add(events::Column::CommuneId.eq(c)),
            (Role::Officer, Some(p), None) => visible.add(events::Column::ProvinceId.eq(p)),
            _ => visible,
        };
    }
    let mut q = events::Entity::find().filter(visible);
    if !filter.status.is_empty() {
        q = q.filter(events::Column::Status.eq(filter.status.as_str()));
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
        .map(|s| summary_json(&s))
        .collect();
    Ok((total, items))
}

fn vn(at: DateTime<Utc>) -> String {
    at.with_timezone(&crate::time::vn_offset()).to_rfc3339()
}

fn summary_json(s: &super::EventSummary) -> Value {
    json!({
        "code": s.code,
        "kind": s.kind,
        "title": s.title,
        "status": s.status,
        "province": s.province,
        "commune": s.commune,
        "starts_at": vn(s.starts_at),
        "ends_at": vn(s.ends_at),
        "venue": s.venue,
        "stream_url": s.stream_url,
        "platform": s.platform,
        "organizer": s.organizer,
        "url": format!("/su-kien/{}", s.code),
    })
}

/// An event as the API gives it.
pub fn detail_json(d: &EventDetail, base_url: &str) -> Value {
    let mut v = summary_json(&d.summary);
    v["url"] = json!(format!("{base_url}/su-kien/{}", d.summary.code));
    v["description"] = json!(d.description);
    v["host"] = json!(d.host);
    v["participants"] = d
        .participants
        .iter()
        .map(|p| {
            json!({
                "producer_code": p.producer_code,
                "producer_name": p.producer_name,
                "status": p.status,
                "booth_no": p.booth_no,
                "products": p.products.iter().map(|(c, _)| c).collect::<Vec<_>>(),
            })
        })
        .collect();
    v["lineup"] = d
        .lineup
        .iter()
        .map(|i| {
            json!({
                "position": i.position,
                "product_code": i.product_code,
                "product_name": i.product_name,
                "producer_code": i.producer_code,
                "live_price_vnd": i.live_price_vnd,
                "slot_starts_at": i.slot_starts_at.map(vn),
                "slot_ends_at": i.slot_ends_at.map(vn),
                "host": i.host,
            })
        })
        .collect();
    v["results"] = json!({
        "orders": d.results.orders,
        "revenue_vnd": d.results.revenue_vnd,
        "contracts_signed": d.results.contracts_signed,
        "contracts_value_vnd": d.results.contracts_value_vnd,
        "results_note": d.results.results_note,
    });
    v
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

/// A JSON field as text (numbers too); `None` when absent or null.
fn text_at(body: &Value, name: &str) -> Option<String> {
    match body.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        other => Some(other.to_string()),
    }
}

/// `body`'s fields over `base` (a create starts from empty fields).
pub fn fields_from_json(body: &Value, mut base: EventFields) -> EventFields {
    let slots: [(&str, &mut String); 13] = [
        ("title", &mut base.title),
        ("kind", &mut base.kind),
        ("description", &mut base.description),
        ("starts_at", &mut base.starts_at),
        ("ends_at", &mut base.ends_at),
        ("province", &mut base.province),
        ("commune", &mut base.commune),
        ("venue", &mut base.venue),
        ("stream_url", &mut base.stream_url),
        ("platform", &mut base.platform),
        ("organizer", &mut base.organizer),
        ("host", &mut base.host),
        ("status", &mut base.status),
    ];
    for (name, slot) in slots {
        if let Some(v) = text_at(body, name) {
            *slot = v;
        }
    }
    base
}

/// Applies a PATCH body to event `code`, which `user` must run: the
/// event's fields, then (when given) its results; all or nothing.
pub async fn patch(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    body: &Value,
    now: DateTime<Utc>,
) -> AppResult<EventDetail> {
    let conn = db;
    let txn = crate::db::begin_write(conn).await?;
    let db = &txn;
    let event = event_run_by(db, user, code).await?;
    let base = super::save::fields_of(db, &event).await?;
    let fields = fields_from_json(body, base);
    super::save::update_event(db, user, code, &fields, now).await?;
    let results = ["contracts_signed", "contracts_value_vnd", "results_note"];
    if results.iter().any(|f| body.get(f).is_some()) {
        let event = event_run_by(db, user, code).await?;
        let or = |name: &str, now: String| text_at(body, name).unwrap_or(now);
        super::save::save_results(
            db,
            user,
            code,
            &or("contracts_signed", event.contracts_signed.to_string()),
            &or("contracts_value_vnd", event.contracts_value_vnd.to_string()),
            &or(
                "results_note",
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
    let mut q = events::Entity::find().filter(events::Column::Status.is_in(LISTED));
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
