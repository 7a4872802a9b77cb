//! `GET /api/v1/certifications` and `.csv`: the certification register of
//! the signed-in officer's area (administrators: everything), filtered by
//! `state` (`valid`, `expiring`, `lapsed`, `renewed`) and `q`.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::query::{Paging, QueryParams};
use super::who::SignedIn;
use app::department::register::{area_of, register, register_csv};
use app::entities::users;
use app::error::AppError;
use app::officer::register::{matching, Filter, RegisterRow, RegisterState};
use app::ssr::{today_vn, AppState};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use axum::Json;
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of the certification register.
#[derive(Serialize, ToSchema)]
pub struct CertificationRegister {
    /// Products passing the filters, in all pages.
    total: usize,
    /// This page, from 1.
    page: u64,
    /// Items per page.
    limit: u64,
    /// This page's products.
    items: Vec<RegisterEntry>,
}

/// A certified product of the register: its latest decision and its state.
#[derive(Serialize, ToSchema)]
pub struct RegisterEntry {
    /// Product code.
    product_code: String,
    /// Product name.
    product: String,
    /// Producer name.
    producer: String,
    /// Stars of the latest decision.
    #[schema(minimum = 3, maximum = 5)]
    stars: i16,
    /// Its number.
    decision_no: String,
    /// Its date.
    #[schema(value_type = String, format = Date)]
    decided_on: NaiveDate,
    /// When it ends (exclusive).
    #[schema(value_type = String, format = Date)]
    expires_on: NaiveDate,
    /// The state today: valid, expiring (within 90 days) or lapsed.
    state: RegisterState,
    /// How many decisions the product has had (more than one: renewed or
    /// re-rated).
    decisions: usize,
}

/// The register's `state` filter.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Documents the words of the `state` parameter.
pub enum RegisterFilter {
    /// In force for more than 90 days.
    Valid,
    /// In force, ending within 90 days.
    Expiring,
    /// Its latest certification has ended.
    Lapsed,
    /// More than one decision.
    Renewed,
}

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

/// The certification register of the signed-in officer's area (administrators: all): each certified product's latest decision, its end and its state today
#[utoipa::path(get, path = "/certifications", operation_id = "certification_register", tag = "department",
    params(
        ("state" = inline(Option<RegisterFilter>), Query, description = "Only the products in this state (renewed: with more than one decision)"),
        ("q" = Option<String>, Query, description = "code, or part of the product's or producer's name (diacritics ignored)"),
        Paging,
    ),
    responses(
        (status = 200, description = "A page of the register", body = CertificationRegister),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer with an area", body = ErrorBody),
        (status = 422, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    SignedIn(user): SignedIn,
    RawQuery(raw): RawQuery,
) -> Result<Json<CertificationRegister>, ApiError> {
    let (rows, page, limit) = rows(&state, &user, raw).await.map_err(localized(locale))?;
    let total = rows.len();
    let items = rows
        .into_iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|r| RegisterEntry {
            product_code: r.code,
            product: r.name,
            producer: r.producer,
            stars: r.stars,
            decision_no: r.decision_no,
            decided_on: r.decided_on,
            expires_on: r.expires_on,
            state: r.state,
            decisions: r.decisions,
        })
        .collect();
    Ok(Json(CertificationRegister {
        total,
        page,
        limit,
        items,
    }))
}

/// The same register, every row, as CSV (UTF-8 with a byte-order mark; typed names made inert for spreadsheets)
///
/// The same filters as the JSON register, without paging.
#[utoipa::path(get, path = "/certifications.csv", operation_id = "certification_register_csv", tag = "department",
    params(
        ("state" = inline(Option<RegisterFilter>), Query, description = "Only the products in this state (renewed: with more than one decision)"),
        ("q" = Option<String>, Query, description = "code, or part of the product's or producer's name (diacritics ignored)"),
    ),
    responses(
        (status = 200, description = "The register as a CSV download", body = String, content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer with an area", body = ErrorBody),
        (status = 422, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn csv(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    SignedIn(user): SignedIn,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (rows, _, _) = rows(&state, &user, raw).await.map_err(localized(locale))?;
    let body = register_csv(&rows).map_err(localized(locale))?;
    let name = format!("so-chung-nhan-{}.csv", today_vn().format("%Y%m%d"));
    Ok(super::download::private_csv(&name, body))
}
