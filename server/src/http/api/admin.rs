//! `/api/v1/admin/*`: what only administrators read. The audit log of every
//! officer and administrator action, as JSON pages and as a CSV export; the
//! annual statistics for the ministry, as JSON and as a workbook.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::query::{Paging, QueryParams};
use super::who::Admin;
use app::audit::{self, Actor, AuditFilter, AuditPage, Change};
use app::domain::AuditAction;
use app::error::AppError;
use app::reports::annual::AnnualStats;
use app::ssr::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// The filter of the query string: `actor` (part of an e-mail), `action`
/// (an unknown word is refused), `target` (a record's code).
fn filter(params: &mut QueryParams) -> AuditFilter {
    let action = params.text("action");
    let parsed = action.as_deref().and_then(AuditAction::from_name);
    if action.is_some() && parsed.is_none() {
        params.problem(
            "action",
            "không phải một thao tác được ghi nhật ký",
            "is not an action the log records",
        );
    }
    AuditFilter {
        actor: params.text("actor"),
        action: parsed,
        target: params.text("target"),
    }
}

/// The audit log, newest first
///
/// Every action of an officer or an administrator: who, what, on which
/// record, when, the record before and after (JSON text) and the request's
/// id. Entries are never changed or deleted.
#[utoipa::path(get, path = "/admin/audit-log", operation_id = "admin_audit_log", tag = "admin",
    params(
        Paging,
        ("actor" = Option<String>, Query, description = "Part of the actor's e-mail"),
        ("action" = Option<AuditAction>, Query, description = "Only this action"),
        ("target" = Option<String>, Query, description = "A record's exact code or number"),
    ),
    responses(
        (status = 200, description = "A page of the log", body = AuditPage),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "Invalid filter value", body = ErrorBody),
    ))]
pub async fn audit_log(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
    Admin(_): Admin,
) -> Result<Json<AuditPage>, ApiError> {
    let mut params = QueryParams::from_raw(query);
    let (page, limit) = params.paging();
    let filter = filter(&mut params);
    params.finish().map_err(localized(locale))?;
    let page = app::audit::list(&state.db, &filter, page, limit)
        .await
        .map_err(localized(locale))?;
    Ok(Json(page))
}

/// The audit log as CSV, oldest first (UTF-8 with a byte-order mark, Vietnam time, typed text made inert for spreadsheets)
#[utoipa::path(get, path = "/admin/audit-log.csv", operation_id = "admin_audit_log_csv", tag = "admin",
    params(
        ("actor" = Option<String>, Query, description = "Part of the actor's e-mail"),
        ("action" = Option<AuditAction>, Query, description = "Only this action"),
        ("target" = Option<String>, Query, description = "A record's exact code or number"),
    ),
    responses(
        (status = 200, description = "text/csv: id, thoi_gian, nguoi_lam, vai_tro, hanh_dong, loai, doi_tuong, truoc, sau, ma_yeu_cau", body = String, content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 422, description = "Invalid filter value", body = ErrorBody),
    ))]
pub async fn audit_log_csv(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
    Admin(_): Admin,
) -> Result<Response, ApiError> {
    let mut params = QueryParams::from_raw(query);
    let filter = filter(&mut params);
    params.finish().map_err(localized(locale))?;
    let body = app::audit::csv(&state.db, &filter)
        .await
        .map_err(localized(locale))?;
    let name = format!("nhat-ky-{}.csv", app::time::now_vn().format("%Y%m%d"));
    Ok(super::download::private_csv(&name, body))
}

/// The annual statistics for the Ministry of Industry and Trade: sellers, products sold, orders and their value, accounts, stall applications and reports handled in a calendar year (Vietnam time), the programme's metrics at its end and the figures by province; `.xlsx` gives the workbook. Downloading the workbook is recorded in the audit log.
#[utoipa::path(get, path = "/admin/annual-statistics/{year_file}", operation_id = "admin_annual_statistics", tag = "admin",
    params(
        ("year_file" = String, Path, description = "the year (`2026`), optionally with `.json` or `.xlsx`"),
    ),
    responses(
        (status = 200, description = "The statistics: JSON, or the workbook by the address's suffix", content(
            (AnnualStats = "application/json"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an administrator", body = ErrorBody),
        (status = 404, description = "Not a year with figures (before 2020, or not begun)", body = ErrorBody),
    ))]
pub async fn annual_statistics(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(year_file): Path<String>,
    Admin(admin): Admin,
) -> Result<Response, ApiError> {
    let (year, xlsx) = match year_file.rsplit_once('.') {
        Some((year, "xlsx")) => (year, true),
        Some((year, "json")) => (year, false),
        _ => (year_file.as_str(), false),
    };
    let not_found = || {
        localized(locale)(AppError::not_found(
            format!("không có số liệu năm {year}"),
            format!("no figures for the year {year}"),
        ))
    };
    let year: i32 = year.trim().parse().map_err(|_| not_found())?;
    let stats = app::reports::annual::annual_stats(&state.db, year, chrono::Utc::now())
        .await
        .map_err(localized(locale))?
        .ok_or_else(not_found)?;
    if !xlsx {
        return Ok(Json(stats).into_response());
    }
    let body = app::reports::annual_xlsx::to_xlsx(&stats)
        .map_err(|e| localized(locale)(AppError::Internal(Box::new(e))))?;
    #[derive(serde::Serialize)]
    struct Exported {
        counted_to: chrono::NaiveDate,
        complete: bool,
    }
    let change =
        Change::new(AuditAction::AnnualReportExported, year.to_string()).after(&Exported {
            counted_to: stats.counted_to,
            complete: stats.complete,
        });
    audit::record(&state.db, Actor::Account(&admin), change)
        .await
        .map_err(localized(locale))?;
    let name = format!(
        "thong-ke-nam-{year}-{}.xlsx",
        stats.counted_to.format("%Y%m%d")
    );
    Ok(super::download::private_file(
        &name,
        super::download::XLSX,
        body,
    ))
}
