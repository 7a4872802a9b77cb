//! `/can-bo/su-kien/{code}/bao-cao`: the one-page report of an event for the
//! department's files: title, schedule, participants and booths, the
//! line-up, orders and revenue attributed to it, contracts signed. Made to
//! be printed (the print style drops the site's header and links).

use super::public_pages::{place, LineupTable};
use super::{is_physical, status_label, EventDetail};
use crate::accounts::access::{with_officer, OfficerAccess};
use crate::catalog::event_kind;
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::i18n::use_locale;
use crate::time::format_vn;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

/// The report of event `code` (`None`, with 404, outside the officer's area).
#[server(prefix = "/api/fn", endpoint = "officer_event_report")]
pub async fn get_event_report(
    code: String,
) -> Result<OfficerAccess<Option<EventDetail>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let result: crate::error::AppResult<_> = async {
        let event = super::access::event_run_by(&state.db, &user, &code).await?;
        super::queries::event_detail(&state.db, event, true).await
    }
    .await;
    Ok(OfficerAccess::Ready(crate::ssr::found(result)?))
}

/// The page.
#[component]
pub fn EventReportPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, get_event_report);
    view! {
        <PageTitle text=l.pick("Báo cáo sự kiện — Cán bộ OCOP", "Event report — OCOP officer")/>
        <Meta name="robots" content="noindex"/>
        <p class="no-print"><a href=move || format!("/can-bo/su-kien/{}", code())>{l.pick("← Sự kiện", "← Event")}</a></p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_officer(access, format!("/can-bo/su-kien/{}/bao-cao", code()), |d| match d {
                    Some(d) => view! { <Report d/> }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Report(d: EventDetail) -> AnyView {
    let l = use_locale();
    let e = d.summary.clone();
    let r = d.results.clone();
    let physical = is_physical(&e.kind);
    let lineup = d.lineup.clone();
    let has_lineup = !physical && !lineup.is_empty();
    let products: usize = d.participants.iter().map(|p| p.products.len()).sum();
    view! {
        <article class="event-report" aria-labelledby="bao-cao">
            <p class="event-kind">{l.pick("Báo cáo kết quả sự kiện", "Event report")}" · "{event_kind(&e.kind, l)}</p>
            <h1 id="bao-cao">{e.title.clone()}</h1>
            <table class="numbers-table report-facts">
                <tbody>
                    <tr><th scope="row">{l.pick("Mã sự kiện", "Code")}</th><td>{e.code.clone()}</td></tr>
                    <tr><th scope="row">{l.pick("Thời gian (giờ Việt Nam)", "When (Vietnam time)")}</th><td>{format!("{} – {}", format_vn(e.starts_at), format_vn(e.ends_at))}</td></tr>
                    <tr><th scope="row">{if physical { l.pick("Địa điểm", "Venue") } else { l.pick("Nền tảng", "Platform") }}</th><td>{place(&e, l)}</td></tr>
                    <tr><th scope="row">{l.pick("Đơn vị tổ chức", "Organiser")}</th><td>{e.organizer.clone()}</td></tr>
                    <tr><th scope="row">{l.pick("Trạng thái", "Status")}</th><td>{status_label(e.status, l)}</td></tr>
                    <tr><th scope="row">{l.pick("Chủ thể tham gia (đã duyệt)", "Participating producers (approved)")}</th><td class="num">{d.participants.len()}</td></tr>
                    <tr><th scope="row">{l.pick("Sản phẩm mang tới", "Products shown")}</th><td class="num">{products}</td></tr>
                    <tr><th scope="row">{l.pick("Đơn hàng đã thanh toán hoặc đã giao, của chủ thể tham gia, đặt trong thời gian sự kiện", "Paid or delivered orders of participating producers, placed while the event ran")}</th><td class="num">{r.orders}</td></tr>
                    <tr><th scope="row">{l.pick("Doanh thu của các đơn đó (không tính đơn hủy, hoàn tiền)", "Their revenue (cancelled, refunded excluded)")}</th><td class="num">{format_money(r.revenue_vnd)}</td></tr>
                    <tr><th scope="row">{l.pick("Hợp đồng đã ký", "Contracts signed")}</th><td class="num">{r.contracts_signed}</td></tr>
                    <tr><th scope="row">{l.pick("Giá trị hợp đồng", "Contracts' value")}</th><td class="num">{format_money(r.contracts_value_vnd)}</td></tr>
                </tbody>
            </table>
            {r.results_note.clone().map(|n| view! { <p>{n}</p> })}
            <h2>{l.pick("Chủ thể tham gia", "Participants")}</h2>
            <table class="numbers-table">
                <thead><tr>
                    <th>{l.pick("Chủ thể", "Producer")}</th>
                    {physical.then(|| view! { <th>{l.pick("Gian hàng", "Booth")}</th> })}
                    <th>{l.pick("Sản phẩm", "Products")}</th>
                </tr></thead>
                <tbody>
                    {d.participants.into_iter().map(|p| view! {
                        <tr>
                            <td>{p.producer_name.clone()}<br/><span class="muted">{p.producer_code.clone()}</span></td>
                            {physical.then(|| view! { <td>{p.booth_no.clone().unwrap_or_default()}</td> })}
                            <td class="wrap">{p.products.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join(", ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {has_lineup.then(|| view! { <LineupTable lineup/> })}
            <p class="no-print"><button type="button" class="button" onclick="window.print()">{l.pick("In báo cáo", "Print the report")}</button></p>
        </article>
    }
    .into_any()
}
