//! `/bao-cao`: the loaded plans; `/bao-cao/{plan}?ngay=`: a plan's report as
//! of a date, with progress and trend charts, the communes of a province,
//! the upcoming reporting deadlines and the CSV/XLSX downloads.

use super::charts::{quarter_label, show, ProgressChart, TrendChart};
use super::plan::{due_label, metric_label, PlanInfo, PlanReport, TargetStatus};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// Every loaded plan.
#[server(prefix = "/api/fn", endpoint = "report_plans")]
pub async fn report_plans() -> Result<Vec<PlanInfo>, ServerFnError> {
    let state = crate::ssr::state()?;
    super::plan::list_plans(&state.db)
        .await
        .map_err(crate::ssr::server_error)
}

/// A plan's report for the page, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    /// The report (`None`: no such plan).
    pub report: Option<PlanReport>,
    /// The date typed was not a date: the report is as of today.
    pub bad_date: bool,
}

/// The report of `plan` as of `as_of` (`yyyy-mm-dd`; empty for today).
#[server(prefix = "/api/fn", endpoint = "report_plan")]
pub async fn report_plan(plan: String, as_of: String) -> Result<PlanView, ServerFnError> {
    let state = crate::ssr::state()?;
    let today = crate::ssr::today_vn();
    let (day, bad_date) = match super::parse_as_of(&as_of, today) {
        Some(day) => (day, false),
        None => (today, true),
    };
    let report = super::plan::plan_report(&state.db, plan.trim(), day)
        .await
        .map_err(crate::ssr::server_error)?;
    if report.is_none() {
        crate::ssr::set_status(http::StatusCode::NOT_FOUND);
    }
    Ok(PlanView { report, bad_date })
}

/// `/bao-cao`.
#[component]
pub fn ReportsPage() -> AnyView {
    let l = use_locale();
    let plans = Resource::new(|| (), |_| report_plans());
    view! {
        <PageTitle text=l.pick("Báo cáo thực hiện kế hoạch OCOP — Chợ OCOP", "OCOP plan reports — Chợ OCOP")/>
        <Meta name="description" content=l.pick(
            "Các địa phương đứng ở đâu so với chỉ tiêu kế hoạch OCOP: số liệu tính đúng theo định nghĩa công bố.",
            "Where each area stands against its OCOP plan targets, computed by published definitions.")/>
        <section aria-labelledby="bao-cao">
            <h1 id="bao-cao">{l.pick("Báo cáo thực hiện kế hoạch OCOP", "OCOP plan reports")}</h1>
            <p>{l.pick(
                "Mỗi kế hoạch của tỉnh, thành phố hoặc xã, phường với từng chỉ tiêu: kết quả thực hiện, mục tiêu, còn thiếu bao nhiêu. Số liệu tính từ dữ liệu của Chợ OCOP theo đúng định nghĩa công bố.",
                "Each plan of a province, city or commune with every target: the actual figure, the target, and what is still missing. Computed from Chợ OCOP's data by the published definitions.")}</p>
            <Suspense fallback=Loading>
                {move || plans.get().map(|r| match r {
                    Ok(plans) if plans.is_empty() => view! {
                        <p class="muted">{l.pick("Chưa có kế hoạch nào được nạp.", "No plan is loaded yet.")}</p>
                    }.into_any(),
                    Ok(plans) => view! {
                        <ul class="plan-list">
                            {plans.into_iter().map(|p| view! {
                                <li class="card">
                                    <h2><a href=format!("/bao-cao/{}", p.id)>{p.area.clone()}</a></h2>
                                    <p>{p.title.clone()}</p>
                                    <p class="muted">
                                        {format!("{} – {}", format_date(p.from), format_date(p.to))}" · "
                                        {match l { Locale::Vi => format!("{} chỉ tiêu", p.targets), Locale::En => format!("{} targets", p.targets) }}
                                    </p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
            <p><a href="/bao-cao/chi-so">{l.pick("Xem mọi chỉ số của một tỉnh hoặc xã →", "All metrics of any province or commune →")}</a></p>
        </section>
    }
    .into_any()
}

/// `/bao-cao/{plan}?ngay=`.
#[component]
pub fn PlanPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let plan = move || params.read().get("plan").unwrap_or_default();
    let as_of = move || query.read().get("ngay").unwrap_or_default();
    let data = Resource::new(move || (plan(), as_of()), |(p, d)| report_plan(p, d));
    view! {
        <PageTitle text=l.pick("Báo cáo kế hoạch OCOP — Chợ OCOP", "OCOP plan report — Chợ OCOP")/>
        <p><a href="/bao-cao">{l.pick("← Các kế hoạch", "← All plans")}</a></p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(PlanView { report: Some(report), bad_date }) => view! { <PlanReportView report bad_date/> }.into_any(),
                Ok(PlanView { report: None, .. }) => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

fn op_text(op: &str) -> &str {
    match op {
        ">=" => "≥",
        "<=" => "≤",
        other => other,
    }
}

fn target_text(row: &super::plan::TargetRow) -> String {
    let share = row.denominator.is_some() || row.metric.ends_with("_pct");
    format!(
        "{} {}{}",
        op_text(&row.op),
        row.target,
        if share { "%" } else { "" }
    )
}

#[component]
fn PlanReportView(report: PlanReport, bad_date: bool) -> AnyView {
    let l = use_locale();
    let plan = report.plan.clone();
    let met = report
        .targets
        .iter()
        .filter(|t| t.status == TargetStatus::Met)
        .count();
    let as_of_value = report.as_of.format("%Y-%m-%d").to_string();
    let downloads = |ext: &str| {
        format!(
            "/api/v1/reports/plans/{}.{ext}?as_of={as_of_value}",
            plan.id
        )
    };
    let capped = report.counted_to < report.as_of;
    let summary = match l {
        Locale::Vi => format!(
            "Đạt {met} trên {} chỉ tiêu, số liệu đến ngày {}.",
            report.targets.len(),
            format_date(report.counted_to)
        ),
        Locale::En => format!(
            "{met} of {} targets met, figures to {}.",
            report.targets.len(),
            format_date(report.counted_to)
        ),
    };
    let quarters = report.quarters.clone();
    let target_names: Vec<String> = report
        .targets
        .iter()
        .map(|t| {
            let (vi, en) = metric_label(&t.metric);
            l.pick(vi, en).to_owned()
        })
        .collect();
    let shares: Vec<bool> = report
        .targets
        .iter()
        .map(|t| t.metric.ends_with("_pct"))
        .collect();
    let drill_from = plan.from.format("%Y-%m-%d").to_string();
    let drill_to = report.counted_to.format("%Y-%m-%d").to_string();
    view! {
        <section aria-labelledby="ke-hoach" class="plan-report">
            <p class="eyebrow">{plan.area.clone()}</p>
            <h1 id="ke-hoach">{plan.title.clone()}</h1>
            <p class="muted">
                {l.pick("Kỳ kế hoạch: ", "Plan period: ")}{format!("{} – {}", format_date(plan.from), format_date(plan.to))}
            </p>
            <form method="get" class="as-of-form">
                <label for="ngay">{l.pick("Số liệu đến ngày", "Figures as of")}</label>
                <input id="ngay" name="ngay" type="date" value=as_of_value.clone() min="2000-01-01" max="2100-12-31"/>
                <button type="submit">{l.pick("Xem", "Show")}</button>
            </form>
            {bad_date.then(|| view! {
                <p class="notice warning" role="alert">{l.pick(
                    "Ngày đã nhập không hợp lệ (dạng ngày/tháng/năm); báo cáo dưới đây tính đến hôm nay.",
                    "The date entered is not valid (day/month/year); the report below is as of today.")}</p>
            })}
            {capped.then(|| view! {
                <p class="notice">{l.pick(
                    "Ngày đã chọn sau khi kỳ kế hoạch kết thúc: số liệu tính đến ngày cuối kỳ.",
                    "The date chosen is after the plan period: figures are counted to its last day.")}</p>
            })}
            <p class="summary"><strong>{summary}</strong></p>
            <p class="downloads">
                <a href=downloads("xlsx") download>{l.pick("Tải bảng Excel (XLSX)", "Download Excel (XLSX)")}</a>
                " · "
                <a href=downloads("csv") download>{l.pick("Tải CSV", "Download CSV")}</a>
            </p>
            <ProgressChart targets=report.targets.clone()/>
            <div class="table-scroll" tabindex="0" role="region" aria-label=l.pick("Các chỉ tiêu của kế hoạch", "The plan's targets")>
                <table class="report-table targets">
                    <caption>{l.pick("Các chỉ tiêu của kế hoạch", "The plan's targets")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{l.pick("Chỉ tiêu", "Target")}</th>
                            <th scope="col" class="num">{l.pick("Mục tiêu", "Goal")}</th>
                            <th scope="col" class="num">{l.pick("Thực hiện", "Actual")}</th>
                            <th scope="col" class="num">{l.pick("Tử số / mẫu số", "Numerator / denominator")}</th>
                            <th scope="col">{l.pick("Trạng thái", "Status")}</th>
                            <th scope="col" class="num">{l.pick("Còn thiếu", "Gap")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {report.targets.iter().map(|t| {
                            let (vi, en) = metric_label(&t.metric);
                            let share = t.metric.ends_with("_pct");
                            let met = t.status == TargetStatus::Met;
                            view! {
                                <tr>
                                    <th scope="row">
                                        <span>{l.pick(vi, en).to_owned()}</span>
                                        <small class="muted source">{t.source.clone()}</small>
                                        <small class="muted"><code>{t.metric.clone()}</code>
                                            {t.by.map(|by| format!(" · {} {}", l.pick("hạn", "by"), format_date(by)))}</small>
                                    </th>
                                    <td class="num" data-label=l.pick("Mục tiêu", "Goal")>{target_text(t)}</td>
                                    <td class="num" data-label=l.pick("Thực hiện", "Actual")><strong>{show(t.actual, share, l)}</strong></td>
                                    <td class="num" data-label=l.pick("Tử số / mẫu số", "Numerator / denominator")>{match t.denominator {
                                        Some(d) => format!("{} / {d}", t.numerator),
                                        None => t.numerator.to_string(),
                                    }}</td>
                                    <td data-label=l.pick("Trạng thái", "Status")><span class=if met { "badge ok" } else { "badge warn" }>
                                        {if met { l.pick("Đạt", "Met") } else { l.pick("Chưa đạt", "Behind") }}
                                    </span></td>
                                    <td class="num" data-label=l.pick("Còn thiếu", "Gap")>{t.gap.map(|g| g.to_string()).unwrap_or_else(|| "n/a".into())}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted">{l.pick(
                "Tỷ lệ làm tròn một chữ số thập phân; \"n/a\" khi mẫu số bằng 0. \"Còn thiếu\": số sản phẩm, chủ thể hoặc điểm bán cần thêm để đạt (với tỷ lệ: thêm vào tử số, giữ nguyên mẫu số). Kênh \"Chợ OCOP\" tính theo trạng thái đăng bán hiện tại.",
                "Shares are rounded to one decimal; \"n/a\" when the denominator is 0. \"Gap\": how many more products, producers or sales points would meet the target (for a share: added to the numerator at today's denominator). The \"Chợ OCOP\" channel uses the current publishing state.")}</p>

            <h2>{l.pick("Diễn biến theo quý", "Trend by quarter")}</h2>
            <div class="trend-grid">
                {report.targets.iter().enumerate().map(|(i, t)| view! {
                    <TrendChart row=t.clone() quarters=quarters.clone() id=format!("xu-huong-{i}")/>
                }).collect_view()}
            </div>

            {(!report.due.is_empty()).then(|| view! {
                <h2>{l.pick("Hạn báo cáo sắp tới", "Upcoming report deadlines")}</h2>
                <ul class="due-list">
                    {report.due.iter().map(|(kind, day)| {
                        let (vi, en) = due_label(kind);
                        view! { <li><strong>{format_date(*day)}</strong>" — "{l.pick(vi, en).to_owned()}</li> }
                    }).collect_view()}
                </ul>
            })}

            {(!report.communes.is_empty()).then(|| view! {
                <h2>{l.pick("Theo xã, phường", "By commune")}</h2>
                <p class="muted">{l.pick(
                    "Các xã, phường có chủ thể hoặc điểm bán OCOP; chọn tên để xem mọi chỉ số của xã.",
                    "Communes with an OCOP producer or sales point; choose a name for all of its metrics.")}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label=l.pick("Kết quả theo xã, phường", "Results by commune")>
                    <table class="report-table communes">
                        <caption>{l.pick("Kết quả theo xã, phường", "Results by commune")}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{l.pick("Xã, phường", "Commune")}</th>
                                {target_names.iter().map(|n| view! { <th scope="col" class="num">{n.clone()}</th> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {report.communes.iter().map(|c| view! {
                                <tr>
                                    <th scope="row"><a href=format!("/bao-cao/chi-so?xa={}&tu={drill_from}&ngay={drill_to}", c.id)>{c.name.clone()}</a></th>
                                    {c.actuals.iter().zip(shares.iter()).map(|(v, share)| view! {
                                        <td class="num">{show(*v, *share, l)}</td>
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p class="muted">{l.pick("Quý: ", "Quarters: ")}{quarters.iter().map(|q| quarter_label(*q)).collect::<Vec<_>>().join(", ")}</p>
        </section>
    }
    .into_any()
}
