//! `/quan-ly/so-lieu`: a producer member's numbers for the last twelve
//! months (orders, revenue, product page views) with a bar chart of the
//! revenue drawn on the server as SVG, the same figures in a table for
//! screen readers and readers without the picture, and the best sellers.
//! The definitions are in `sales_figures` and stated on the page.

use super::nav::StallNav;
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Meta;
use serde::{Deserialize, Serialize};

/// One month's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFigures {
    /// Year.
    pub year: i32,
    /// Month 1-12 (Asia/Ho_Chi_Minh).
    pub month: u32,
    /// Orders placed, not cancelled or refunded.
    pub orders: u64,
    /// Their totals, đồng.
    pub revenue_vnd: i64,
    /// Product page views.
    pub views: i64,
}

/// A best-selling product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BestSeller {
    /// Product code.
    pub code: String,
    /// Product name.
    pub name: String,
    /// Units sold.
    pub units: i64,
    /// What those units brought, đồng (goods only).
    pub revenue_vnd: i64,
}

/// The member's producer's numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StallNumbers {
    /// Twelve months, oldest first.
    pub months: Vec<MonthFigures>,
    /// Up to five best sellers.
    pub best: Vec<BestSeller>,
}

/// The signed-in member's producer's numbers.
#[server(prefix = "/api/fn", endpoint = "stall_numbers")]
pub async fn get_stall_numbers() -> Result<super::StallAccess<StallNumbers>, ServerFnError> {
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let (months, best) =
        super::sales_figures::load_figures(&state.db, producer, chrono::Utc::now())
            .await
            .map_err(crate::ssr::server_error)?;
    Ok(super::StallAccess::Ready(StallNumbers { months, best }))
}

/// "T11/2026" or "Nov 2026".
fn month_name(m: &MonthFigures, l: Locale) -> String {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match l {
        Locale::Vi => format!("T{}/{}", m.month, m.year),
        Locale::En => format!("{} {}", EN[(m.month as usize + 11) % 12], m.year),
    }
}

/// The page.
#[component]
pub fn StallNumbersPage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_stall_numbers());
    view! {
        <PageTitle text=l.pick("Số liệu của gian hàng — Chợ OCOP", "Stall numbers — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/so-lieu"/>
        <section class="stall-numbers" aria-labelledby="so-lieu">
            <h1 id="so-lieu">{l.pick("Số liệu 12 tháng", "The last 12 months")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => super::nav::with_access(access, "/quan-ly/so-lieu".into(), |n| view! {
                        <RevenueChart months=n.months.clone()/>
                        <MonthTable months=n.months/>
                        <Definitions/>
                        <BestSellers best=n.best/>
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// Width and height of the chart's drawing, in its own units; it scales to
/// the column (a 375 px phone shows it about 340 px wide).
const CHART_W: f64 = 360.0;
const CHART_H: f64 = 180.0;
/// Room under the bars for the month labels, and above for the top value.
const AXIS_H: f64 = 22.0;
const TOP_H: f64 = 16.0;

/// Revenue per month as bars. The picture has a title and a description;
/// the table below holds the same figures.
#[component]
fn RevenueChart(months: Vec<MonthFigures>) -> AnyView {
    let l = use_locale();
    let max = months.iter().map(|m| m.revenue_vnd).max().unwrap_or(0);
    let slot = CHART_W / months.len().max(1) as f64;
    let plot_h = CHART_H - AXIS_H - TOP_H;
    let base = CHART_H - AXIS_H;
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let h = if max > 0 {
                (m.revenue_vnd as f64 / max as f64 * plot_h).max(if m.revenue_vnd > 0 { 1.0 } else { 0.0 })
            } else {
                0.0
            };
            let x = i as f64 * slot;
            let label = match l {
                Locale::Vi => format!("T{}", m.month),
                Locale::En => month_name(m, l).chars().take(3).collect(),
            };
            view! {
                <g>
                    <title>{format!("{}: {}", month_name(m, l), format_money(m.revenue_vnd))}</title>
                    <rect class="bar" x=format!("{:.1}", x + slot * 0.18) y=format!("{:.1}", base - h)
                        width=format!("{:.1}", slot * 0.64) height=format!("{:.1}", h)/>
                    <text class="axis" x=format!("{:.1}", x + slot / 2.0) y=format!("{:.1}", CHART_H - 6.0) text-anchor="middle">{label}</text>
                </g>
            }
        })
        .collect_view();
    let best = months
        .iter()
        .filter(|m| m.revenue_vnd == max && max > 0)
        .map(|m| month_name(m, l))
        .next();
    let desc = match (best, l) {
        (None, Locale::Vi) => "Chưa có doanh thu trong 12 tháng qua.".to_owned(),
        (None, Locale::En) => "No revenue in the last 12 months.".to_owned(),
        (Some(b), Locale::Vi) => format!("Cột càng cao, doanh thu càng lớn. Cao nhất: {b}, {}. Số liệu từng tháng ở bảng bên dưới.", format_money(max)),
        (Some(b), Locale::En) => format!("The taller the bar, the higher the revenue. Highest: {b}, {}. Each month's figures are in the table below.", format_money(max)),
    };
    view! {
        <figure class="numbers-chart">
            <svg viewBox=format!("0 0 {CHART_W} {CHART_H}") role="img" aria-labelledby="bieu-do-tieu-de bieu-do-mo-ta" preserveAspectRatio="xMidYMid meet">
                <title id="bieu-do-tieu-de">{l.pick("Doanh thu theo tháng, 12 tháng gần nhất", "Revenue per month, last 12 months")}</title>
                <desc id="bieu-do-mo-ta">{desc}</desc>
                <line class="baseline" x1="0" x2=CHART_W.to_string() y1=base.to_string() y2=base.to_string()/>
                {(max > 0).then(|| view! {
                    <text class="axis" x="2" y="11">{format!("{} {}", l.pick("Cao nhất", "Top"), format_money(max))}</text>
                })}
                {bars}
            </svg>
            <figcaption class="muted">{l.pick("Doanh thu theo tháng (đồng)", "Revenue per month (đồng)")}</figcaption>
        </figure>
    }
    .into_any()
}

#[component]
fn MonthTable(months: Vec<MonthFigures>) -> AnyView {
    let l = use_locale();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="numbers-table">
                <caption>{l.pick("Số liệu từng tháng", "Figures per month")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{l.pick("Tháng", "Month")}</th>
                        <th scope="col" class="num">{l.pick("Đơn hàng", "Orders")}</th>
                        <th scope="col" class="num">{l.pick("Doanh thu", "Revenue")}</th>
                        <th scope="col" class="num">{l.pick("Lượt xem", "Views")}</th>
                    </tr>
                </thead>
                <tbody>
                    {months.into_iter().rev().map(|m| view! {
                        <tr>
                            <th scope="row">{month_name(&m, l)}</th>
                            <td class="num">{m.orders}</td>
                            <td class="num">{format_money(m.revenue_vnd)}</td>
                            <td class="num">{m.views}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What each figure means, in words.
#[component]
fn Definitions() -> AnyView {
    let l = use_locale();
    view! {
        <section class="numbers-notes" aria-labelledby="cach-tinh">
            <h2 id="cach-tinh">{l.pick("Cách tính các số liệu", "How these figures are counted")}</h2>
            <ul>
                <li>{l.pick(
                    "Tháng tính theo giờ Việt Nam. Một đơn tính vào tháng được đặt, trừ đơn đã hủy hoặc đã hoàn tiền; đơn chưa thanh toán vẫn được tính.",
                    "Months are in Vietnam time. An order counts in the month it was placed unless it was cancelled or refunded; unpaid orders count.",
                )}</li>
                <li>{l.pick(
                    "Doanh thu là tổng tiền của các đơn đó (tiền hàng cộng phí giao hàng), tính bằng đồng.",
                    "Revenue is the sum of those orders' totals (goods plus shipping), in đồng.",
                )}</li>
                <li>{l.pick(
                    "Lượt xem là số lần trang sản phẩm được tạo trên máy chủ. Khi nhiều người mở cùng một trang trong vài giây, trang được gửi lại từ bộ nhớ đệm và không được đếm thêm, nên con số có thể thấp hơn thực tế.",
                    "Views are the times a product page was built on the server. When many people open the same page within a few seconds, it is served again from a cache and not counted again, so the figure may be lower than the real one.",
                )}</li>
                <li>{l.pick(
                    "Sản phẩm bán chạy: nhiều đơn vị nhất trong 12 tháng, cùng các đơn như trên; doanh thu ở đây chỉ gồm tiền hàng.",
                    "Best sellers: most units over the 12 months, from the same orders; their revenue is the goods only.",
                )}</li>
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn BestSellers(best: Vec<BestSeller>) -> AnyView {
    let l = use_locale();
    view! {
        <h2>{l.pick("Sản phẩm bán chạy", "Best sellers")}</h2>
        {if best.is_empty() {
            view! { <p class="muted">{l.pick("Chưa bán được sản phẩm nào trong 12 tháng qua.", "Nothing sold in the last 12 months.")}</p> }.into_any()
        } else {
            view! {
                <ol class="best-sellers">
                    {best.into_iter().map(|b| view! {
                        <li>
                            <span>{b.name} " (" {b.code} ")"</span>
                            <span class="num">{format!("{} {}", b.units, l.pick("đơn vị", "units"))} " · " {format_money(b.revenue_vnd)}</span>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
    .into_any()
}
