//! `GET /api/v1/certifications` and `.csv`: the certification register of
//! the signed-in officer's area (administrators: everything), filtered by
//! `state` (`valid`, `expiring`, `lapsed`, `renewed`) and `q`.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use super::who::SignedIn;
use app::department::register::{area_of, register, register_csv};
use app::entities::users;
use app::error::AppError;
use app::officer::register::{matching, Filter, RegisterRow};
use app::ssr::{today_vn, AppState};
use axum::extract::{RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// The register rows the request asks for, after the access checks.
async fn rows(
    state: &AppState,
    user: &users::Model,
    raw: Option<String>,
) -> Result<(Vec<RegisterRow>, u64, u64), AppError> {
    if area_of(user).is_none() {
        return Err(AppError::Forbidden);
    }
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let state_param = params.text("state").unwrap_or_default();
    let filter = Filter::from_param(&state_param);
    if !state_param.is_empty() && filter == Filter::All {
        params.problem(
            "state",
            "là valid, expiring, lapsed hoặc renewed",
            "is valid, expiring, lapsed or renewed",
        );
    }
    let q = params.text("q").unwrap_or_default();
    params.finish()?;
    let all = register(&state.db, user, today_vn()).await?;
    let kept = matching(all, &q)
        .into_iter()
        .filter(|r| filter.keeps(r))
        .collect();
    Ok((kept, page, limit))
}

/// The register as JSON, paged.
pub async fn list(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    SignedIn(user): SignedIn,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let (rows, page, limit) = rows(&state, &user, raw).await.map_err(localized(locale))?;
    let total = rows.len();
    let items: Vec<Value> = rows
        .into_iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|r| {
            json!({
                "product_code": r.code, "product": r.name, "producer": r.producer,
                "stars": r.stars, "decision_no": r.decision_no, "decided_on": r.decided_on,
                "expires_on": r.expires_on, "state": r.state, "decisions": r.decisions,
            })
        })
        .collect();
    Ok(Json(
        json!({ "total": total, "page": page, "limit": limit, "items": items }),
    ))
}

/// The whole filtered register as a CSV download.
pub async fn csv(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    SignedIn(user): SignedIn,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (rows, _, _) = rows(&state, &user, raw).await.map_err(localized(locale))?;
    let body = register_csv(&rows).map_err(localized(locale))?;
    let name = format!(
        "attachment; filename=\"so-chung-nhan-{}.csv\"",
        today_vn().format("%Y%m%d")
    );
    Ok((
        [
            (
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                http::header::CONTENT_DISPOSITION,
                http::HeaderValue::from_str(&name)
                    .unwrap_or_else(|_| http::HeaderValue::from_static("attachment")),
            ),
            (
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}
