//! `/su-kien` (coming and recent public events of every area, by province
//! and kind) and `/su-kien/{code}` (one event: schedule in Vietnam time,
//! venue or stream, approved producers with their stalls, the livestream
//! line-up with live prices, a link to add it to a calendar). Drafts are
//! never public: their address answers 404 like an unknown code.

use super::{is_physical, EventDetail, EventSummary, KINDS};
use crate::catalog::event_kind;
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::domain::EventStatus;
use crate::i18n::{use_locale, Locale};
use crate::time::format_vn;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// How far back "recent" events go, in days.
#[cfg(feature = "ssr")]
const RECENT_DAYS: i64 = 90;

/// The public list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicEvents {
    /// Not over yet, soonest first.
    pub upcoming: Vec<EventSummary>,
    /// Over within the last months, latest first.
    pub recent: Vec<EventSummary>,
    /// Provinces to filter by: (slug, name).
    pub provinces: Vec<(String, String)>,
}

/// Public events, filtered by province slug `tinh` and kind `loai` ("" for all).
#[server(prefix = "/api/fn", endpoint = "events_public")]
pub async fn get_public_events(tinh: String, loai: String) -> Result<PublicEvents, ServerFnError> {
    use crate::entities::provinces;
    use sea_orm::{EntityTrait, QueryOrder};
    let state = crate::ssr::state()?;
    let fail = |e: sea_orm::DbErr| crate::ssr::server_error(e.into());
    let all: Vec<provinces::Model> = provinces::Entity::find()
        .order_by_asc(provinces::Column::Name)
        .all(&state.db)
        .await
        .map_err(fail)?;
    let province = all.iter().find(|p| p.slug == tinh.trim()).map(|p| p.id);
    let kind = if KINDS.contains(&loai.trim()) {
        loai.trim()
    } else {
        ""
    };
    let now = chrono::Utc::now();
    let since = now - chrono::Duration::days(RECENT_DAYS);
    let events = super::queries::public_events(&state.db, province, kind, since, now, 200)
        .await
        .map_err(crate::ssr::server_error)?;
    let (upcoming, recent): (Vec<_>, Vec<_>) = events.into_iter().partition(|e| e.ends_at >= now);
    Ok(PublicEvents {
        upcoming,
        recent,
        provinces: all.into_iter().map(|p| (p.slug, p.name)).collect(),
    })
}

/// Public event `code` (`None`, with a 404 status, for a draft or an unknown code).
#[server(prefix = "/api/fn", endpoint = "event_public")]
pub async fn get_public_event(code: String) -> Result<Option<EventDetail>, ServerFnError> {
    let state = crate::ssr::state()?;
    let result: crate::error::AppResult<_> = async {
        let event = super::access::event_readable_by(&state.db, None, &code).await?;
        super::queries::event_detail(&state.db, event, true).await
    }
    .await;
    crate::ssr::found(result)
}

/// "Hội chợ · 15/12/2026 08:00 – 17/12/2026 17:00".
pub fn schedule(e: &EventSummary) -> String {
    format!("{} – {}", format_vn(e.starts_at), format_vn(e.ends_at))
}

/// Where: venue, commune, province; or the platform of a livestream.
pub fn place(e: &EventSummary, l: Locale) -> String {
    if is_physical(&e.kind) {
        let mut parts: Vec<String> = e.venue.iter().cloned().collect();
        parts.extend(e.commune.iter().cloned());
        parts.push(e.province.clone());
        parts.join(", ")
    } else {
        match &e.platform {
            Some(p) => format!("{} · {p}", l.pick("Trực tuyến", "Online")),
            None => l.pick("Trực tuyến", "Online").to_owned(),
        }
    }
}

/// Events as cards linking to their pages.
#[component]
pub fn EventCards(events: Vec<EventSummary>) -> AnyView {
    let l = use_locale();
    view! {
        <ul class="event-list">
            {events.into_iter().map(|e| {
                let cancelled = e.status == EventStatus::Cancelled;
                view! {
                    <li class=format!("event event-{}", e.kind)>
                        <p class="event-kind">{event_kind(&e.kind, l)}
                            {cancelled.then(|| view! { " · " <strong class="cancelled">{l.pick("Đã hủy", "Cancelled")}</strong> })}
                        </p>
                        <h3><a href=format!("/su-kien/{}", e.code)>{e.title.clone()}</a></h3>
                        <p><time datetime=e.starts_at.to_rfc3339()>{schedule(&e)}</time></p>
                        <p class="muted">{place(&e, l)}</p>
                        <p class="muted">{l.pick("Tổ chức: ", "Organiser: ")}{e.organizer.clone()}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// `/su-kien`.
#[component]
pub fn PublicEventsPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("tinh").unwrap_or_default(),
            q.get("loai").unwrap_or_default(),
        )
    };
    let data = Resource::new(filters, |(tinh, loai)| get_public_events(tinh, loai));
    view! {
        <PageTitle text=l.pick("Hội chợ, triển lãm và livestream OCOP — Chợ OCOP", "OCOP fairs, exhibitions and livestreams — Chợ OCOP")/>
        <Meta name="description" content=l.pick("Lịch hội chợ, triển lãm, hội nghị giao thương và phiên livestream bán sản phẩm OCOP.", "Fairs, exhibitions, trade conferences and livestream sales of OCOP products.")/>
        <section class="public-events" aria-labelledby="su-kien">
            <h1 id="su-kien">{l.pick("Hội chợ, triển lãm và livestream", "Fairs, exhibitions and livestreams")}</h1>
            <p><a href="/su-kien/lich">{l.pick("Xem lịch theo tháng", "See the month calendar")}</a>" · "
               <a href="/api/v1/events.ics">{l.pick("Theo dõi bằng ứng dụng lịch (iCalendar)", "Subscribe in a calendar app (iCalendar)")}</a></p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(d) => {
                        let (tinh, loai) = filters();
                        view! { <PublicList d tinh loai/> }.into_any()
                    }
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn PublicList(d: PublicEvents, tinh: String, loai: String) -> AnyView {
    let l = use_locale();
    let no_upcoming = d.upcoming.is_empty();
    let has_recent = !d.recent.is_empty();
    view! {
        <form method="get" action="/su-kien" class="filters">
            <div class="field">
                <label for="tinh">{l.pick("Tỉnh, thành phố", "Province")}</label>
                <select id="tinh" name="tinh">
                    <option value="">{l.pick("Tất cả", "All")}</option>
                    {d.provinces.into_iter().map(|(slug, name)| {
                        let selected = slug == tinh;
                        view! { <option value=slug selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="loai">{l.pick("Loại", "Kind")}</label>
                <select id="loai" name="loai">
                    <option value="">{l.pick("Tất cả", "All")}</option>
                    {KINDS.into_iter().map(|k| view! { <option value=k selected={k == loai}>{event_kind(k, l)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button">{l.pick("Lọc", "Filter")}</button>
        </form>
        <h2>{l.pick("Sắp diễn ra", "Coming up")}</h2>
        {if no_upcoming {
            view! { <p class="muted">{l.pick("Chưa có sự kiện nào sắp diễn ra.", "No event coming up.")}</p> }.into_any()
        } else {
            view! { <EventCards events=d.upcoming/> }.into_any()
        }}
        {has_recent.then(|| view! {
            <h2>{l.pick("Đã diễn ra gần đây", "Recently held")}</h2>
            <EventCards events=d.recent/>
        })}
    }
    .into_any()
}

/// `/su-kien/{code}`.
#[component]
pub fn PublicEventPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, get_public_event);
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(Some(d)) => view! { <EventView d/> }.into_any(),
                Ok(None) => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
        <p><a href="/su-kien">{l.pick("← Tất cả sự kiện", "← All events")}</a></p>
    }
    .into_any()
}

#[component]
fn EventView(d: EventDetail) -> AnyView {
    let l = use_locale();
    let e = d.summary.clone();
    let physical = is_physical(&e.kind);
    let title = format!("{} — Chợ OCOP", e.title);
    let month = e
        .starts_at
        .with_timezone(&crate::time::vn_offset())
        .format("%Y-%m")
        .to_string();
    let participants = d.participants.clone();
    let no_participants = participants.is_empty();
    let lineup = d.lineup.clone();
    let show_lineup = !physical && !lineup.is_empty();
    view! {
        <PageTitle text=title/>
        <article class="event-page" aria-labelledby="ten-su-kien">
            <p class="event-kind">{event_kind(&e.kind, l)}" · "{super::status_label(e.status, l)}</p>
            <h1 id="ten-su-kien">{e.title.clone()}</h1>
            <dl class="facts">
                <dt>{l.pick("Thời gian (giờ Việt Nam)", "When (Vietnam time)")}</dt>
                <dd><time datetime=e.starts_at.to_rfc3339()>{format_vn(e.starts_at)}</time>" – "<time datetime=e.ends_at.to_rfc3339()>{format_vn(e.ends_at)}</time></dd>
                <dt>{if physical { l.pick("Địa điểm", "Venue") } else { l.pick("Nền tảng", "Platform") }}</dt>
                <dd>{place(&e, l)}</dd>
                {e.stream_url.clone().map(|url| view! {
                    <dt>{l.pick("Xem trực tiếp", "Watch")}</dt>
                    <dd><a href=url.clone() rel="noopener nofollow" target="_blank">{url.clone()}</a></dd>
                })}
                <dt>{l.pick("Đơn vị tổ chức", "Organiser")}</dt>
                <dd>{e.organizer.clone()}</dd>
                {d.host.clone().map(|h| view! { <dt>{l.pick("Người dẫn", "Host")}</dt><dd>{h}</dd> })}
                <dt>{l.pick("Mã sự kiện", "Event code")}</dt>
                <dd><code>{e.code.clone()}</code>" "<span class="muted">{l.pick("(nhập khi thanh toán để đơn hàng được tính cho sự kiện)", "(enter it at checkout so the order counts for the event)")}</span></dd>
            </dl>
            <p>
                <a class="button" href=format!("/api/v1/events/{}.ics", e.code)>{l.pick("Thêm vào lịch", "Add to calendar")}</a>" "
                <a href=format!("/su-kien/lich?thang={month}")>{l.pick("Xem trên lịch tháng", "See on the month calendar")}</a>
            </p>
            {d.description.clone().map(|text| view! { <div class="event-description">{text.split("\n\n").map(|p| view! { <p>{p.to_owned()}</p> }).collect_view()}</div> })}
            <h2>{l.pick("Chủ thể tham gia", "Participating producers")}</h2>
            {if no_participants {
                view! { <p class="muted">{l.pick("Chưa công bố danh sách chủ thể tham gia.", "The participants are not announced yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="participants">
                        {participants.into_iter().map(|p| view! {
                            <li>
                                <a href=format!("/gian-hang/{}", p.stall_slug)>{p.producer_name.clone()}</a>
                                {p.booth_no.clone().map(|b| view! { " · " {l.pick("Gian hàng số ", "Booth ")}{b} })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {show_lineup.then(|| view! { <LineupTable lineup/> })}
        </article>
    }
    .into_any()
}

/// A livestream's line-up: order, slot, product, producer, live price, host.
#[component]
pub fn LineupTable(lineup: Vec<super::LineupItem>) -> AnyView {
    let l = use_locale();
    let hm = |at: chrono::DateTime<chrono::Utc>| {
        at.with_timezone(&crate::time::vn_offset())
            .format("%H:%M")
            .to_string()
    };
    view! {
        <h2>{l.pick("Thứ tự giới thiệu sản phẩm", "Line-up")}</h2>
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="numbers-table lineup-table">
                <thead><tr>
                    <th>"#"</th>
                    <th>{l.pick("Khung giờ", "Slot")}</th>
                    <th>{l.pick("Sản phẩm", "Product")}</th>
                    <th class="num">{l.pick("Giá livestream", "Live price")}</th>
                    <th>{l.pick("Người dẫn", "Host")}</th>
                </tr></thead>
                <tbody>
                    {lineup.into_iter().map(|i| {
                        let slot = match (i.slot_starts_at, i.slot_ends_at) {
                            (Some(a), Some(b)) => format!("{}–{}", hm(a), hm(b)),
                            _ => String::new(),
                        };
                        view! {
                            <tr>
                                <td>{i.position.map(|p| p.to_string()).unwrap_or_default()}</td>
                                <td>{slot}</td>
                                <td><a href=format!("/san-pham/{}", i.product_slug)>{i.product_name.clone()}</a><br/><span class="muted">{i.producer_name.clone()}</span></td>
                                <td class="num">{i.live_price_vnd.map(format_money).unwrap_or_default()}</td>
                                <td>{i.host.clone().unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
