//! `/api/v1/events`: fairs, exhibitions, trade conferences and livestreams.
//! Anyone reads public events (every status but draft); an officer also
//! the drafts of their area, and creates and edits only their area's
//! events (another area's event is 404, as for one that does not exist).
//! `events.ics` and `events/{code}.ics` are the iCalendar feed of the
//! announced events (open, scheduled, live, finished).

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use super::who::{MaybeSignedIn, Officer};
use app::error::AppError;
use app::events::api::{self, ListFilter};
use app::events::{EventFields, KINDS, STATUSES};
use app::i18n::Locale;
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

fn json_body(body: Result<Json<Value>, JsonRejection>, locale: Locale) -> Result<Value, ApiError> {
    match body {
        Ok(Json(value)) if value.is_object() => Ok(value),
        _ => Err(ApiError::new(
            AppError::invalid(
                "body",
                "Cần một đối tượng JSON mô tả sự kiện.",
                "Send a JSON object describing the event.",
            ),
            locale,
        )),
    }
}

/// `GET /api/v1/events?page=&limit=&status=&kind=&province=`.
pub async fn list_events(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
    MaybeSignedIn(reader): MaybeSignedIn,
) -> Result<Json<Value>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let status = params.text("status").unwrap_or_default();
    if !status.is_empty() && !STATUSES.contains(&status.as_str()) {
        params.problem("status", "trạng thái không hợp lệ", "not a valid status");
    }
    let kind = params.text("kind").unwrap_or_default();
    if !kind.is_empty() && !KINDS.contains(&kind.as_str()) {
        params.problem("kind", "loại sự kiện không hợp lệ", "not a valid kind");
    }
    let mut province_id = None;
    if let Some(province) = params.text("province") {
        province_id = app::catalog::service::resolve_province(&state.db, &province)
            .await
            .map_err(localized(locale))?;
        if province_id.is_none() {
            params.problem(
                "province",
                format!("không có tỉnh/thành phố nào tên {province}"),
                format!("no province is called {province}"),
            );
        }
    }
    params.finish().map_err(localized(locale))?;
    let filter = ListFilter {
        status,
        kind,
        province_id,
    };
    let (total, items) = api::list(&state.db, reader.as_ref(), &filter, page, limit)
        .await
        .map_err(localized(locale))?;
    Ok(Json(
        json!({ "total": total, "page": page, "limit": limit, "items": items }),
    ))
}

/// `POST /api/v1/events`: 201 with the new event (its code is the server's).
pub async fn create_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Officer(user): Officer,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = json_body(body, locale)?;
    let fields = api::fields_from_json(&body, EventFields::default());
    let now = chrono::Utc::now();
    let code = app::events::save::create_event(&state.db, &user, &fields, now)
        .await
        .map_err(localized(locale))?;
    let detail = api::read(&state.db, Some(&user), &code)
        .await
        .map_err(localized(locale))?;
    Ok((
        StatusCode::CREATED,
        Json(api::detail_json(&detail, &state.site.base_url)),
    ))
}

fn calendar_response(body: String, filename: &str) -> Response {
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// `GET /api/v1/events.ics`: every announced event.
pub async fn events_ics(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Response, ApiError> {
    let body = api::ics(&state.db, None, &state.site.base_url, chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    Ok(calendar_response(body, "su-kien-ocop.ics"))
}

/// `GET /api/v1/events/{code}` (or `{code}.ics`, the event alone as iCalendar).
pub async fn get_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    MaybeSignedIn(reader): MaybeSignedIn,
) -> Result<Response, ApiError> {
    if let Some(code) = code.strip_suffix(".ics") {
        let body = api::ics(
            &state.db,
            Some(code),
            &state.site.base_url,
            chrono::Utc::now(),
        )
        .await
        .map_err(localized(locale))?;
        let filename: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        return Ok(calendar_response(body, &format!("{filename}.ics")));
    }
    let detail = api::read(&state.db, reader.as_ref(), &code)
        .await
        .map_err(localized(locale))?;
    Ok(Json(api::detail_json(&detail, &state.site.base_url)).into_response())
}

/// `PATCH /api/v1/events/{code}`: changes some fields (and, once finished,
/// the results: `contracts_signed`, `contracts_value_vnd`, `results_note`).
pub async fn edit_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    Officer(user): Officer,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    // Another area's event answers 404 before the body is even read.
    app::events::access::event_run_by(&state.db, &user, &code)
        .await
        .map_err(localized(locale))?;
    let body = json_body(body, locale)?;
    let detail = api::patch(&state.db, &user, &code, &body, chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    Ok(Json(api::detail_json(&detail, &state.site.base_url)))
}
