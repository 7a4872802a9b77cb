//! `GET /api/v1/reports/plans`, `GET /api/v1/reports/plans/{plan_id}` (and
//! `.csv`, `.xlsx`), `GET /api/v1/reports/metrics`: programme figures,
//! public, computed exactly as REPORTING.md defines them.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use app::error::AppError;
use app::reports::metrics::Figure;
use app::reports::plan::{area_figures, list_plans, plan_report, resolve_area, PlanReport};
use app::ssr::{today_vn, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

/// The loaded plans.
pub async fn plans(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Json<Value>, ApiError> {
    let plans = list_plans(&state.db).await.map_err(localized(locale))?;
    let items: Vec<Value> = plans
        .iter()
        .map(|p| {
            json!({
                "id": p.id, "title": p.title, "area": p.area, "area_level": p.area_level,
                "period": {"from": p.from, "to": p.to}, "targets": p.targets,
                "url": format!("{}/bao-cao/{}", state.site.base_url, p.id),
            })
        })
        .collect();
    Ok(Json(json!({ "total": items.len(), "plans": items })))
}

/// A date parameter: `yyyy-mm-dd`, defaulting to `default`.
fn date_param(params: &mut QueryParams, name: &str, default: NaiveDate) -> NaiveDate {
    let raw = params.text(name).unwrap_or_default();
    app::reports::parse_as_of(&raw, default).unwrap_or_else(|| {
        params.problem(
            name,
            "phải là một ngày dạng YYYY-MM-DD (từ năm 2000 đến 2100)",
            "must be a date as YYYY-MM-DD (years 2000 to 2100)",
        );
        default
    })
}

fn figure_json(figure: Figure) -> Value {
    json!({
        "value": figure.value(),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
    })
}

/// The JSON of a plan report: API.md's shape, with the period, the date
/// counted to and each target's source and deadline beside it.
fn report_json(report: &PlanReport) -> Value {
    let targets: Vec<Value> = report
        .targets
        .iter()
        .map(|t| {
            json!({
                "metric": t.metric, "op": t.op, "target": t.target, "actual": t.actual,
                "numerator": t.numerator, "denominator": t.denominator,
                "status": t.status, "gap": t.gap, "by": t.by, "source": t.source,
            })
        })
        .collect();
    json!({
        "plan": report.plan.id,
        "title": report.plan.title,
        "area": report.plan.area,
        "area_level": report.plan.area_level,
        "period": {"from": report.plan.from, "to": report.plan.to},
        "as_of": report.as_of,
        "counted_to": report.counted_to,
        "targets": targets,
        "due": report.due.iter().map(|(kind, day)| json!({"kind": kind, "due": day})).collect::<Vec<_>>(),
    })
}

/// A plan's report as JSON, or as `.csv` / `.xlsx` by the address's suffix.
pub async fn plan(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(plan_file): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let (plan_id, format) = match plan_file.rsplit_once('.') {
        Some((id, "csv")) => (id, Format::Csv),
        Some((id, "xlsx")) => (id, Format::Xlsx),
        Some((id, "json")) => (id, Format::Json),
        _ => (plan_file.as_str(), Format::Json),
    };
    let mut params = QueryParams::from_raw(raw);
    let as_of = date_param(&mut params, "as_of", today_vn());
    params.finish().map_err(localized(locale))?;
    let report = plan_report(&state.db, plan_id, as_of)
        .await
        .map_err(localized(locale))?
        .ok_or_else(|| {
            localized(locale)(AppError::not_found(
                format!("không có kế hoạch {plan_id}"),
                format!("no plan is called {plan_id}"),
            ))
        })?;
    let name = |ext: &str| {
        format!(
            "attachment; filename=\"bao-cao-{}-{}.{ext}\"",
            report.plan.id,
            report.counted_to.format("%Y%m%d")
        )
    };
    let file = |content_type: &'static str, disposition: String, body: Vec<u8>| {
        (
            [
                (
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static(content_type),
                ),
                (
                    http::header::CONTENT_DISPOSITION,
                    http::HeaderValue::from_str(&disposition)
                        .unwrap_or_else(|_| http::HeaderValue::from_static("attachment")),
                ),
            ],
            body,
        )
            .into_response()
    };
    Ok(match format {
        Format::Json => Json(report_json(&report)).into_response(),
        Format::Csv => file(
            "text/csv; charset=utf-8",
            name("csv"),
            app::reports::export::to_csv(&report),
        ),
        Format::Xlsx => {
            let body = app::reports::export::to_xlsx(&report)
                .map_err(|e| localized(locale)(AppError::Internal(Box::new(e))))?;
            file(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                name("xlsx"),
                body,
            )
        }
    })
}

enum Format {
    Json,
    Csv,
    Xlsx,
}

/// Every metric of an area over `[from, as_of]`.
pub async fn metrics(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let as_of = date_param(&mut params, "as_of", today_vn());
    let year_start = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(as_of);
    let from = date_param(&mut params, "from", year_start);
    if from > as_of {
        params.problem(
            "from",
            "phải trước hoặc bằng as_of",
            "must be on or before as_of",
        );
    }
    let province = params.text("province");
    let commune = params.text("commune");
    let area = resolve_area(&state.db, province.as_deref(), commune.as_deref())
        .await
        .map_err(localized(locale))?;
    let area = match area {
        Ok(area) => Some(area),
        Err(field) => {
            params.problem(
                field,
                "không tìm thấy địa bàn này (với xã, phường trùng tên: thêm province)",
                "no such area (for a commune name several provinces share: add province)",
            );
            None
        }
    };
    params.finish().map_err(localized(locale))?;
    // An unknown area was recorded as a problem, so `finish` refused it.
    let area = area.unwrap_or(app::reports::load::Area::Country);
    let figures = area_figures(&state.db, area, from, as_of)
        .await
        .map_err(localized(locale))?;
    let metrics: serde_json::Map<String, Value> = figures
        .iter()
        .map(|(metric, figure)| (metric.id().to_owned(), figure_json(figure)))
        .collect();
    Ok(Json(json!({
        "province": province, "commune": commune,
        "from": from, "as_of": as_of, "metrics": metrics,
    })))
}
