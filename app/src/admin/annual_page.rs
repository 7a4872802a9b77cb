//! `/quan-tri/thong-ke-nam`: the annual statistics for the Ministry of
//! Industry and Trade, a year at a time (`?nam=`), each figure with how it
//! is counted, and the workbook to send (recorded in the audit log when
//! downloaded). Works without JavaScript.

use super::nav::{for_admins, AdminNav};
use crate::accounts::access::{with_access, Access};
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::i18n::{use_locale, Locale};
use crate::reports::annual::{AnnualStats, LineUnit, FIRST_YEAR};
use crate::time::format_date;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// A year's page: the years to choose from and the chosen one's figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AnnualView {
    /// This year in Vietnam (the server's clock: the browser's may differ).
    pub this_year: i32,
    /// The year shown.
    pub year: i32,
    /// Its figures (`None`: not a year with figures).
    pub stats: Option<AnnualStats>,
}

/// The statistics of `year` (0: this year).
#[server(prefix = "/api/fn", endpoint = "admin_annual")]
pub async fn get_annual(year: i32) -> Result<Access<AnnualView>, ServerFnError> {
    use chrono::Datelike;
    let (state, _) = match crate::accounts::access::page_admin().await? {
        Ok(admin) => admin,
        Err(access) => return Ok(access),
    };
    let now = chrono::Utc::now();
    let this_year = now.with_timezone(&crate::time::vn_offset()).year();
    let year = if year == 0 { this_year } else { year };
    let stats = crate::reports::annual::annual_stats(&state.db, year, now)
        .await
        .map_err(crate::ssr::server_error)?;
    if stats.is_none() {
        crate::ssr::set_status(http::StatusCode::NOT_FOUND);
    }
    Ok(Access::Ready(AnnualView {
        this_year,
        year,
        stats,
    }))
}

/// `/quan-tri/thong-ke-nam`.
#[component]
pub fn AnnualPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let year = move || {
        query
            .read()
            .get("nam")
            .and_then(|y| y.trim().parse::<i32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(year, get_annual);
    view! {
        <PageTitle text=l.pick("Thống kê năm — Quản trị", "Annual statistics — Administration")/>
        <Meta name="robots" content="noindex"/>
        <AdminNav current="/quan-tri/thong-ke-nam"/>
        <section aria-labelledby="thong-ke">
            <h1 id="thong-ke">{l.pick("Thống kê năm gửi Bộ Công Thương", "Annual statistics for the Ministry")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-tri/thong-ke-nam".into(), for_admins(), move |found| view! {
                        <form method="get" action="/quan-tri/thong-ke-nam" class="audit-filters">
                            <div class="field">
                                <label for="nam">{l.pick("Năm", "Year")}</label>
                                <select id="nam" name="nam">
                                    {(FIRST_YEAR..=found.this_year).rev().map(|y| view! {
                                        <option value=y.to_string() selected=y == found.year>{y.to_string()}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button secondary">{l.pick("Xem", "Show")}</button>
                        </form>
                        {match found.stats {
                            None => view! { <p>{l.pick("Không có số liệu cho năm này.", "No figures for this year.")}</p> }.into_any(),
                            Some(stats) => view! { <Annual stats/> }.into_any(),
                        }}
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn Annual(stats: AnnualStats) -> AnyView {
    let l = use_locale();
    let period = format!("01/01/{} – {}", stats.year, format_date(stats.counted_to));
    let download = format!("/api/v1/admin/annual-statistics/{}.xlsx", stats.year);
    view! {
        <p>
            {l.pick("Kỳ số liệu: ", "Period: ")}{period}
            {(!stats.complete).then(|| l.pick(" (năm chưa kết thúc: số liệu đến hôm nay)", " (the year is not over: figures to today)"))}
        </p>
        <p><a class="button" href=download download>{l.pick("Tải báo cáo (XLSX)", "Download the report (XLSX)")}</a></p>
        <p class="hint">{l.pick(
            "Tệp gồm ba trang: tổng hợp (kèm cách tính từng số), các chỉ tiêu OCOP toàn quốc cuối kỳ, và số liệu theo tỉnh. Mỗi lần tải được ghi vào nhật ký thao tác.",
            "The workbook has three sheets: the summary (with how each figure is counted), the OCOP metrics country-wide at the end of the period, and the figures by province. Each download is recorded in the audit log.",
        )}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="audit-table">
                <thead><tr>
                    <th scope="col">{l.pick("Chỉ tiêu", "Indicator")}</th>
                    <th scope="col">{l.pick("Giá trị", "Value")}</th>
                    <th scope="col">{l.pick("Cách tính", "How it is counted")}</th>
                </tr></thead>
                <tbody>
                    {stats.lines.into_iter().map(|line| view! {
                        <tr>
                            <th scope="row">{l.pick(&line.label_vi, &line.label_en).to_owned()}</th>
                            <td class="number">{match line.unit {
                                LineUnit::Vnd => format_money(line.value),
                                LineUnit::Count => line.value.to_string(),
                            }}</td>
                            <td><small>{line.definition.clone()}</small></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h2>{l.pick("Theo tỉnh, thành phố", "By province")}</h2>
        {if stats.provinces.is_empty() {
            view! { <p class="muted">{l.pick("Chưa có số liệu theo tỉnh.", "No figures by province yet.")}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                    <table class="audit-table">
                        <thead><tr>
                            <th scope="col">{l.pick("Tỉnh, thành phố", "Province")}</th>
                            <th scope="col">{l.pick("Người bán đã xác minh", "Verified sellers")}</th>
                            <th scope="col">{l.pick("Người bán có đơn", "Sellers with sales")}</th>
                            <th scope="col">{l.pick("Đơn bán", "Sales orders")}</th>
                            <th scope="col">{l.pick("Giá trị", "Value")}</th>
                            <th scope="col">{l.pick("Sản phẩm OCOP", "OCOP products")}</th>
                        </tr></thead>
                        <tbody>
                            {stats.provinces.into_iter().map(|p| view! {
                                <tr>
                                    <th scope="row">{p.province}</th>
                                    <td class="number">{p.verified_sellers}</td>
                                    <td class="number">{p.selling_sellers}</td>
                                    <td class="number">{p.sales_orders}</td>
                                    <td class="number">{format_money(p.sales_vnd)}</td>
                                    <td class="number">{p.certified_products}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <p class="hint">{match l {
            Locale::Vi => "Chỉ tiêu OCOP toàn quốc cuối kỳ có trong tệp tải về và ở trang Báo cáo.".to_owned(),
            Locale::En => "The country-wide OCOP metrics at the end of the period are in the workbook and on the Reports page.".to_owned(),
        }}</p>
    }
    .into_any()
}
