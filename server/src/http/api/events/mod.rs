//! `/api/v1/events`: fairs, exhibitions, trade conferences and livestreams.
//! Anyone reads public events (every status but draft); an officer also
//! the drafts of their area, and creates and edits only their area's
//! events (another area's event is 404, as for one that does not exist).
//! `events.ics` and `events/{code}.ics` are the iCalendar feed of the
//! announced events (open, scheduled, live, finished).

mod request;

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::WordedBody;
use super::query::{Paging, QueryParams};
use super::who::{MaybeSignedIn, Officer};
use app::domain::EventStatus;
use app::events::api::{self, Event, EventListItem, ListFilter};
use app::events::{EventFields, KINDS};
use app::ssr::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use request::{EventKind, EventRequest};
use serde::Serialize;
use utoipa::ToSchema;

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventList {
    /// Matching events in all pages.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Items per page.
    pub limit: u64,
    /// This page's events, soonest first.
    pub items: Vec<EventListItem>,
}

/// An iCalendar (RFC 5545) answer, shown inline and cached five minutes.
pub struct Calendar {
    /// The calendar's text.
    body: String,
    /// The file name offered.
    filename: String,
}

impl IntoResponse for Calendar {
    fn into_response(self) -> Response {
        let mut response = self.body.into_response();
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/calendar; charset=utf-8"),
        );
        if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{}\"", self.filename)) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        );
        response
    }
}

/// One event: as JSON, or alone as iCalendar (`{code}.ics`).
pub enum EventOrCalendar {
    /// The event (boxed: it is much larger than a calendar).
    Event(Box<Event>),
    /// The event alone as iCalendar.
    Calendar(Calendar),
}

impl IntoResponse for EventOrCalendar {
    fn into_response(self) -> Response {
        match self {
            EventOrCalendar::Event(event) => Json(*event).into_response(),
            EventOrCalendar::Calendar(calendar) => calendar.into_response(),
        }
    }
}

/// Public events (every status but draft) and, for an officer, the drafts of their area; soonest first
///
/// An administrator sees every draft.
#[utoipa::path(get, path = "/events", operation_id = "list_events", tag = "events",
    params(
        Paging,
        ("status" = Option<EventStatus>, Query, description = "Only the events in this status"),
        ("kind" = Option<EventKind>, Query, description = "Only the events of this kind"),
        ("province" = Option<String>, Query, description = "Province name, code or slug"),
    ),
    responses(
        (status = 200, description = "A page of events (times RFC 3339, +07:00)", body = EventList),
        (status = 422, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list_events(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
    MaybeSignedIn(reader): MaybeSignedIn,
) -> Result<Json<EventList>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let sent_status = params.text("status");
    let status = sent_status.as_deref().and_then(EventStatus::from_name);
    if sent_status.is_some() && status.is_none() {
        params.problem("status", "trạng thái không hợp lệ", "not a valid status");
    }
    let kind = params.text("kind").unwrap_or_default();
    if !kind.is_empty() && !KINDS.contains(&kind.as_str()) {
        params.problem("kind", "loại sự kiện không hợp lệ", "not a valid kind");
    }
    let province_id = params
        .province(&state.db)
        .await
        .map_err(localized(locale))?;
    params.finish().map_err(localized(locale))?;
    let filter = ListFilter {
        status,
        kind,
        province_id,
    };
    let (total, items) = api::list(&state.db, reader.as_ref(), &filter, page, limit)
        .await
        .map_err(localized(locale))?;
    Ok(Json(EventList {
        total,
        page,
        limit,
        items,
    }))
}

/// An officer creates an event of their area (an administrator anywhere); the code (EV-<province code>-<year>-<nnn>) is the server's. Needs X-CSRF-Token
#[utoipa::path(post, path = "/events", operation_id = "create_event", tag = "events",
    request_body = EventRequest,
    responses(
        (status = 201, description = "The event, as GET /events/{code}", body = Event),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer or administrator, or no X-CSRF-Token", body = ErrorBody),
        (status = 409, description = "Many events are being created at once: try again", body = ErrorBody),
        (status = 422, description = "Invalid fields (end before start, a stream link that is not http/https, another area's province...)", body = ErrorBody),
    ))]
pub async fn create_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Officer(user): Officer,
    WordedBody(body): WordedBody<EventRequest>,
) -> Result<(StatusCode, Json<Event>), ApiError> {
    let fields = body.changes().over(EventFields::default());
    let now = chrono::Utc::now();
    let code = app::events::save::create_event(&state.db, &user, &fields, now)
        .await
        .map_err(localized(locale))?;
    let detail = api::read(&state.db, Some(&user), &code)
        .await
        .map_err(localized(locale))?;
    Ok((
        StatusCode::CREATED,
        Json(Event::of(&detail, &state.site.base_url)),
    ))
}

/// iCalendar (RFC 5545) of the announced events: open, scheduled, live or finished; never drafts or cancelled events
#[utoipa::path(get, path = "/events.ics", operation_id = "events_ics", tag = "events",
    responses(
        (status = 200, description = "text/calendar; charset=utf-8", body = String, content_type = "text/calendar"),
    ))]
pub async fn events_ics(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Calendar, ApiError> {
    let body = api::ics(&state.db, None, &state.site.base_url, chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    Ok(Calendar {
        body,
        filename: "su-kien-ocop.ics".to_owned(),
    })
}

/// One event with participants, line-up and results (a public event for anyone; a draft for the officers of its area). `{code}.ics` gives the event alone as iCalendar
///
/// Those who run the event see every registration; everybody else the
/// approved ones. As iCalendar, only an announced event (open, scheduled,
/// live or finished) is found.
#[utoipa::path(get, path = "/events/{code}", operation_id = "get_event", tag = "events",
    params(("code" = String, Path, description = "Register code (`EV-92-2026-001`), or the code and `.ics`")),
    responses(
        (status = 200, description = "The event (JSON), or the event alone as iCalendar for `{code}.ics`",
            content((Event = "application/json"), (String = "text/calendar"))),
        (status = 404, description = "No such event, or a draft of another area", body = ErrorBody),
    ))]
pub async fn get_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    MaybeSignedIn(reader): MaybeSignedIn,
) -> Result<EventOrCalendar, ApiError> {
    if let Some(code) = code.strip_suffix(".ics") {
        let body = api::ics(
            &state.db,
            Some(code),
            &state.site.base_url,
            chrono::Utc::now(),
        )
        .await
        .map_err(localized(locale))?;
        let name: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        return Ok(EventOrCalendar::Calendar(Calendar {
            body,
            filename: format!("{name}.ics"),
        }));
    }
    let detail = api::read(&state.db, reader.as_ref(), &code)
        .await
        .map_err(localized(locale))?;
    Ok(EventOrCalendar::Event(Box::new(Event::of(
        &detail,
        &state.site.base_url,
    ))))
}

/// Changes some fields of an event of the officer's area; status moves forward (draft → open → scheduled → live → finished) or to cancelled before finished; once finished, also contracts_signed, contracts_value_vnd, results_note. Needs X-CSRF-Token
///
/// Only the fields sent change (`null` empties one); nothing is saved
/// unless every field holds.
#[utoipa::path(patch, path = "/events/{code}", operation_id = "edit_event", tag = "events",
    params(("code" = String, Path, description = "Register code")),
    request_body = EventRequest,
    responses(
        (status = 200, description = "The event", body = Event),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer or administrator, or no X-CSRF-Token", body = ErrorBody),
        (status = 404, description = "No such event, or another area's", body = ErrorBody),
        (status = 422, description = "Invalid fields", body = ErrorBody),
    ))]
pub async fn edit_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    Officer(user): Officer,
    body: Result<WordedBody<EventRequest>, ApiError>,
) -> Result<Json<Event>, ApiError> {
    // Another area's event answers 404 before the body is even read.
    app::events::access::event_run_by(&state.db, &user, &code)
        .await
        .map_err(localized(locale))?;
    let WordedBody(body) = body?;
    let detail = api::patch(&state.db, &user, &code, &body.changes(), chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    Ok(Json(Event::of(&detail, &state.site.base_url)))
}
