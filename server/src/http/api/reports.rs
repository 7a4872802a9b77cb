//! `GET /api/v1/reports/plans`, `GET /api/v1/reports/plans/{plan_file}` (and
//! `.csv`, `.xlsx`), `GET /api/v1/reports/metrics`: programme figures,
//! public, computed exactly as REPORTING.md defines them.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use app::error::AppError;
use app::reports::metrics::Figure;
use app::reports::plan::{area_figures, list_plans, plan_report, resolve_area, TargetStatus};
use app::ssr::{today_vn, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The loaded plans.
#[derive(Serialize, ToSchema)]
pub struct PlanList {
    /// How many plans are loaded.
    total: usize,
    /// Every loaded plan.
    plans: Vec<PlanSummary>,
}

/// A loaded plan.
#[derive(Serialize, ToSchema)]
pub struct PlanSummary {
    /// The plan file's `id`.
    id: String,
    /// The plan's title, in Vietnamese as issued.
    title: String,
    /// The area's name.
    area: String,
    /// `province` or `commune`.
    area_level: String,
    /// The plan period.
    period: PlanPeriod,
    /// How many targets it sets.
    targets: usize,
    /// The plan's report page.
    url: String,
}

/// A plan period, both days included.
#[derive(Serialize, ToSchema)]
pub struct PlanPeriod {
    /// First day.
    #[schema(value_type = String, format = Date)]
    from: NaiveDate,
    /// Last day.
    #[schema(value_type = String, format = Date)]
    to: NaiveDate,
}

/// A plan's targets as of a date.
#[derive(Serialize, ToSchema)]
pub struct PlanReport {
    /// The plan's id.
    plan: String,
    /// The plan's title, in Vietnamese as issued.
    title: String,
    /// The area's name.
    area: String,
    /// `province` or `commune`.
    area_level: String,
    /// The plan period.
    period: PlanPeriod,
    /// The date asked for.
    #[schema(value_type = String, format = Date)]
    as_of: NaiveDate,
    /// The date counted to: `as_of` capped at the period's end.
    #[schema(value_type = String, format = Date)]
    counted_to: NaiveDate,
    /// Every target, in the plan's order.
    targets: Vec<PlanTarget>,
    /// Reporting deadlines from the counted-to date to the period's end.
    due: Vec<ReportDue>,
}

/// A target with its figures as of the report's date.
#[derive(Serialize, ToSchema)]
pub struct PlanTarget {
    /// The metric id of REPORTING.md.
    metric: String,
    /// `>=`, `<=`, `=`, `>` or `<`.
    op: String,
    /// The target value (a percentage for shares).
    target: f64,
    /// The count, or the share with one decimal; null for a share over a
    /// zero denominator.
    #[schema(required = true)]
    actual: Option<f64>,
    /// The count or the share's numerator.
    numerator: i64,
    /// The share's denominator; null for counts.
    #[schema(required = true)]
    denominator: Option<i64>,
    /// Met or behind.
    status: TargetStatus,
    /// How many more items (or numerator items) would meet it; null when no
    /// number of items can (a share over zero).
    #[schema(required = true)]
    gap: Option<i64>,
    /// The date by which it must hold, if the plan sets one.
    #[schema(required = true, value_type = Option<String>, format = Date)]
    by: Option<NaiveDate>,
    /// The plan section it comes from.
    source: String,
}

/// A reporting deadline.
#[derive(Serialize, ToSchema)]
pub struct ReportDue {
    /// Which report is due.
    kind: String,
    /// The day it is due.
    #[schema(value_type = String, format = Date)]
    due: NaiveDate,
}

/// Every metric of an area over a period.
#[derive(Serialize, ToSchema)]
pub struct AreaMetrics {
    /// The province asked for, as sent; null for the country.
    #[schema(required = true)]
    province: Option<String>,
    /// The commune asked for, as sent; null when none.
    #[schema(required = true)]
    commune: Option<String>,
    /// First day counted.
    #[schema(value_type = String, format = Date)]
    from: NaiveDate,
    /// Last day counted.
    #[schema(value_type = String, format = Date)]
    as_of: NaiveDate,
    /// Each metric of REPORTING.md by its id.
    metrics: BTreeMap<String, MetricFigure>,
}

/// One metric's figure: a count, or a share with its numerator and
/// denominator.
#[derive(Serialize, ToSchema)]
pub struct MetricFigure {
    /// The count, or the share in percent with one decimal; null for a share
    /// over a zero denominator.
    #[schema(required = true)]
    value: Option<f64>,
    /// The count, or the share's numerator.
    numerator: i64,
    /// The share's denominator; null for a count.
    #[schema(required = true)]
    denominator: Option<i64>,
}

impl From<Figure> for MetricFigure {
    fn from(figure: Figure) -> Self {
        MetricFigure {
            value: figure.value(),
            numerator: figure.numerator,
            denominator: figure.denominator,
        }
    }
}

/// The loaded OCOP plans (public)
#[utoipa::path(get, path = "/reports/plans", operation_id = "report_plans", tag = "reports",
    responses((status = 200, description = "Every loaded plan", body = PlanList)))]
pub async fn plans(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
) -> Result<Json<PlanList>, ApiError> {
    let plans: Vec<PlanSummary> = list_plans(&state.db)
        .await
        .map_err(localized(locale))?
        .into_iter()
        .map(|p| PlanSummary {
            url: format!("{}/bao-cao/{}", state.site.base_url, p.id),
            id: p.id,
            title: p.title,
            area: p.area,
            area_level: p.area_level,
            period: PlanPeriod {
                from: p.from,
                to: p.to,
            },
            targets: p.targets,
        })
        .collect();
    Ok(Json(PlanList {
        total: plans.len(),
        plans,
    }))
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

impl PlanReport {
    /// API.md's shape of `report`, with the period, the date counted to and
    /// each target's source and deadline beside it.
    fn of(report: app::reports::plan::PlanReport) -> PlanReport {
        PlanReport {
            plan: report.plan.id,
            title: report.plan.title,
            area: report.plan.area,
            area_level: report.plan.area_level,
            period: PlanPeriod {
                from: report.plan.from,
                to: report.plan.to,
            },
            as_of: report.as_of,
            counted_to: report.counted_to,
            targets: report
                .targets
                .into_iter()
                .map(|t| PlanTarget {
                    metric: t.metric,
                    op: t.op,
                    target: t.target,
                    actual: t.actual,
                    numerator: t.numerator,
                    denominator: t.denominator,
                    status: t.status,
                    gap: t.gap,
                    by: t.by,
                    source: t.source,
                })
                .collect(),
            due: report
                .due
                .into_iter()
                .map(|(kind, due)| ReportDue { kind, due })
                .collect(),
        }
    }
}

/// A plan's targets with actual, numerator, denominator, status (met/behind) and gap as of a date, exactly per REPORTING.md; the address ending `.csv` or `.xlsx` gives the same table as a file
#[utoipa::path(get, path = "/reports/plans/{plan_file}", operation_id = "report_plan", tag = "reports",
    params(
        ("plan_file" = String, Path, description = "the plan id, optionally with `.csv` or `.xlsx`"),
        ("as_of" = Option<String>, Query, format = Date, description = "default: today in Vietnam; capped at the plan's end for counting (`counted_to`)"),
    ),
    responses(
        (status = 200, description = "The report: JSON, or the same table as CSV or XLSX by the address's suffix", content(
            (PlanReport = "application/json"),
            (String = "text/csv"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
        (status = 404, description = "No such plan", body = ErrorBody),
        (status = 422, description = "as_of is not a date", body = ErrorBody),
    ))]
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
        Format::Json => Json(PlanReport::of(report)).into_response(),
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

/// Every metric of REPORTING.md for an area (the country, a province, or a commune) over [from, as_of]
#[utoipa::path(get, path = "/reports/metrics", operation_id = "report_metrics", tag = "reports",
    params(
        ("province" = Option<String>, Query, description = "code, slug or name"),
        ("commune" = Option<String>, Query, description = "code, or name (with province when several share it)"),
        ("from" = Option<String>, Query, format = Date, description = "default: 1 January of as_of's year"),
        ("as_of" = Option<String>, Query, format = Date, description = "default: today in Vietnam"),
    ),
    responses(
        (status = 200, description = "Every metric's figure", body = AreaMetrics),
        (status = 422, description = "Unknown area or a bad date", body = ErrorBody),
    ))]
pub async fn metrics(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<AreaMetrics>, ApiError> {
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
    let metrics = figures
        .iter()
        .map(|(metric, figure)| (metric.id().to_owned(), MetricFigure::from(figure)))
        .collect();
    Ok(Json(AreaMetrics {
        province,
        commune,
        from,
        as_of,
        metrics,
    }))
}
