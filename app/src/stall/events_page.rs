//! `/quan-ly/su-kien`: the fairs, exhibitions, trade conferences and
//! livestreams a producer member can register for, and the producer's
//! registrations with what the organisers assigned (a booth, or a
//! livestream slot, price and host). Registering, changing the products of
//! a pending registration and withdrawing it are forms that work without
//! JavaScript. Only members of a producer see the page; every server
//! function checks that on each call and acts only on the member's producer
//! (see `event_registration` for the rules).

use super::nav::StallNav;
use crate::catalog::event_kind;
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::domain::{EventStatus, ParticipantStatus};
use crate::forms::failure;
use crate::forms::{CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_vn;
use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use serde::{Deserialize, Serialize};

/// An event as the stall lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StallEvent {
    /// Register code (`SK00012`): what the forms send.
    pub code: String,
    /// `fair`, `exhibition`, `trade_conference` or `livestream`.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Venue, for events held somewhere.
    pub venue: Option<String>,
    /// Stream address, for livestreams.
    pub stream_url: Option<String>,
    /// Province name.
    pub province: String,
    /// Who organises it.
    pub organizer: String,
    /// Start, UTC.
    pub starts_at: DateTime<Utc>,
    /// End, UTC.
    pub ends_at: DateTime<Utc>,
    /// Where the event stands.
    pub status: EventStatus,
}

/// One of the producer's products in an event's line-up, with what the
/// organisers assigned to it (livestreams).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredProduct {
    /// Product code.
    pub code: String,
    /// Product name.
    pub name: String,
    /// Livestream slot start.
    pub slot_starts_at: Option<DateTime<Utc>>,
    /// Livestream slot end.
    pub slot_ends_at: Option<DateTime<Utc>>,
    /// Price during the livestream, đồng.
    pub live_price_vnd: Option<i64>,
    /// Who presents it.
    pub host: Option<String>,
}

/// The producer's registration for an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The event.
    pub event: StallEvent,
    /// Where the registration stands.
    pub status: ParticipantStatus,
    /// Booth number, once assigned (fairs, exhibitions).
    pub booth_no: Option<String>,
    /// Whether the event still takes registrations (products may change
    /// while the registration is pending).
    pub open: bool,
    /// The producer's products in the line-up.
    pub products: Vec<RegisteredProduct>,
}

/// One of the producer's products, to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnProduct {
    /// Product code.
    pub code: String,
    /// Product name.
    pub name: String,
}

/// The events page of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StallEvents {
    /// Events taking registrations, soonest first.
    pub open: Vec<StallEvent>,
    /// The producer's registrations for events not over yet.
    pub registrations: Vec<Registration>,
    /// The producer's products.
    pub products: Vec<OwnProduct>,
}

/// The events page of the signed-in member.
#[server(prefix = "/api/fn", endpoint = "stall_events")]
pub async fn get_stall_events() -> Result<super::StallAccess<StallEvents>, ServerFnError> {
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let (open, registrations, products) =
        super::event_registration::list_for_producer(&state.db, producer, chrono::Utc::now())
            .await
            .map_err(crate::ssr::server_error)?;
    Ok(super::StallAccess::Ready(StallEvents {
        open,
        registrations,
        products,
    }))
}

/// Registers the member's producer for `event` with `products` (codes), or
/// changes the products of its pending registration. Without JavaScript,
/// back to the page.
#[server(prefix = "/api/fn", endpoint = "stall_event_register")]
pub async fn register_for_event(
    csrf: Option<String>,
    event: Option<String>,
    products: Option<Vec<String>>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let db = state.db;
    super::event_registration::register(
        &db,
        producer,
        &event.unwrap_or_default(),
        &products.unwrap_or_default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Withdraws the member's producer's pending registration for `event`.
#[server(prefix = "/api/fn", endpoint = "stall_event_withdraw")]
pub async fn withdraw_from_event(
    csrf: Option<String>,
    event: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let db = state.db;
    super::event_registration::withdraw(&db, producer, &event.unwrap_or_default())
        .await
        .map_err(crate::forms::refuse)
}

fn participation(status: ParticipantStatus, l: Locale) -> &'static str {
    match status {
        ParticipantStatus::Approved => l.pick("Đã được duyệt", "Approved"),
        ParticipantStatus::Rejected => l.pick("Không được duyệt", "Not accepted"),
        ParticipantStatus::Pending => l.pick("Chờ ban tổ chức duyệt", "Waiting for the organisers"),
    }
}

/// "Hội chợ · 14/12/2026 09:00 – 16/12/2026 17:00 · Venue, Province".
fn summary(e: &StallEvent, l: Locale) -> String {
    let place = match (&e.venue, &e.stream_url) {
        (Some(venue), _) => format!("{venue}, {}", e.province),
        (None, Some(_)) => l.pick("Trực tuyến", "Online").to_owned(),
        _ => e.province.clone(),
    };
    format!(
        "{} · {} – {} · {place}",
        event_kind(&e.kind, l),
        format_vn(e.starts_at),
        format_vn(e.ends_at)
    )
}

/// The page.
#[component]
pub fn StallEventsPage() -> AnyView {
    let l = use_locale();
    let register = ServerAction::<RegisterForEvent>::new();
    let withdraw = ServerAction::<WithdrawFromEvent>::new();
    let data = Resource::new(
        move || (register.version().get(), withdraw.version().get()),
        |_| get_stall_events(),
    );
    let register_error = failure(register.value());
    let withdraw_error = failure(withdraw.value());
    view! {
        <PageTitle text=l.pick("Sự kiện của gian hàng — Chợ OCOP", "Stall events — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/su-kien"/>
        <section class="stall-events" aria-labelledby="su-kien-gian-hang">
            <h1 id="su-kien-gian-hang">{l.pick("Hội chợ, triển lãm và livestream", "Fairs, exhibitions and livestreams")}</h1>
            <FormProblem error=register_error/>
            <FormProblem error=withdraw_error/>
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => super::nav::with_access(access, "/quan-ly/su-kien".into(), move |e| view! {
                        <Registrations registrations=e.registrations.clone() withdraw/>
                        <OpenEvents open=e.open registrations=e.registrations products=e.products register/>
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn Registrations(
    registrations: Vec<Registration>,
    withdraw: ServerAction<WithdrawFromEvent>,
) -> AnyView {
    let l = use_locale();
    view! {
        <h2>{l.pick("Đăng ký của bạn", "Your registrations")}</h2>
        {if registrations.is_empty() {
            view! { <p class="muted">{l.pick("Bạn chưa đăng ký sự kiện nào sắp diễn ra.", "You are not registered for any coming event.")}</p> }.into_any()
        } else {
            view! {
                <ul class="event-list">
                    {registrations.into_iter().map(|r| {
                        let booth = (r.event.kind != "livestream").then(|| match r.booth_no.clone() {
                            Some(no) => format!("{}{no}", l.pick("Gian hàng số ", "Booth ")),
                            None => l.pick("Chưa xếp gian hàng", "No booth assigned yet").to_owned(),
                        });
                        let pending = r.status == ParticipantStatus::Pending;
                        let code = r.event.code.clone();
                        view! {
                            <li class=format!("event event-{}", r.event.kind)>
                                <h3>{r.event.title.clone()}</h3>
                                <p class="muted">{summary(&r.event, l)}</p>
                                <p><strong class=format!("participation participation-{}", r.status)>{participation(r.status, l)}</strong></p>
                                {booth.map(|b| view! { <p>{b}</p> })}
                                <ul class="lineup">
                                    {r.products.into_iter().map(|p| view! { <LineupItem p/> }).collect_view()}
                                </ul>
                                {pending.then(|| view! {
                                    <ActionForm action=withdraw>
                                        <CsrfField/>
                                        <input type="hidden" name="event" value=code.clone()/>
                                        <button type="submit" class="secondary">{l.pick("Rút đăng ký", "Withdraw")}</button>
                                    </ActionForm>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
    .into_any()
}

/// A product in a line-up, with its livestream slot, price and host once set.
#[component]
fn LineupItem(p: RegisteredProduct) -> AnyView {
    let l = use_locale();
    let slot = match (p.slot_starts_at, p.slot_ends_at) {
        (Some(from), Some(to)) => Some(format!("{} – {}", format_vn(from), format_vn(to))),
        (Some(from), None) => Some(format_vn(from)),
        _ => None,
    };
    view! {
        <li>
            {p.name} " (" {p.code} ")"
            {slot.map(|s| view! { <span class="muted">" · " {l.pick("Khung giờ: ", "Slot: ")} {s}</span> })}
            {p.live_price_vnd.map(|v| view! { <span class="muted">" · " {l.pick("Giá livestream: ", "Live price: ")} {format_money(v)}</span> })}
            {p.host.map(|h| view! { <span class="muted">" · " {l.pick("Dẫn: ", "Host: ")} {h}</span> })}
        </li>
    }
    .into_any()
}

#[component]
fn OpenEvents(
    open: Vec<StallEvent>,
    registrations: Vec<Registration>,
    products: Vec<OwnProduct>,
    register: ServerAction<RegisterForEvent>,
) -> AnyView {
    let l = use_locale();
    let body = if open.is_empty() {
        view! { <p class="muted">{l.pick("Hiện chưa có sự kiện nào nhận đăng ký.", "No event is taking registrations at the moment.")}</p> }.into_any()
    } else if products.is_empty() {
        view! { <p class="muted">{l.pick("Gian hàng chưa có sản phẩm nào để mang tới sự kiện.", "Your stall has no product to bring to an event yet.")}</p> }.into_any()
    } else {
        view! {
            <ul class="event-list">
                {open.into_iter().map(|e| {
                    let mine = registrations.iter().find(|r| r.event.code == e.code);
                    let chosen: Vec<String> = mine.map(|r| r.products.iter().map(|p| p.code.clone()).collect()).unwrap_or_default();
                    let decided = mine.is_some_and(|r| r.status != ParticipantStatus::Pending);
                    let registered = mine.is_some();
                    let code = e.code.clone();
                    let boxes = products.iter().map(|p| {
                        let id = format!("{code}-{}", p.code);
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name="products[]" value=p.code.clone() checked=chosen.contains(&p.code)/>
                                <label for=id>{p.name.clone()}</label>
                            </div>
                        }
                    }).collect_view();
                    view! {
                        <li class=format!("event event-{}", e.kind)>
                            <h3>{e.title.clone()}</h3>
                            <p class="muted">{summary(&e, l)}</p>
                            <p class="muted">{l.pick("Tổ chức: ", "Organiser: ")} {e.organizer.clone()}</p>
                            {if decided {
                                view! { <p>{l.pick("Bạn đã đăng ký sự kiện này.", "You are registered for this event.")}</p> }.into_any()
                            } else {
                                view! {
                                    <ActionForm action=register>
                                        <CsrfField/>
                                        <input type="hidden" name="event" value=code.clone()/>
                                        <fieldset>
                                            <legend>{l.pick("Sản phẩm mang tới", "Products to bring")}</legend>
                                            {boxes}
                                        </fieldset>
                                        <button type="submit" class="button">{if registered {
                                            l.pick("Cập nhật sản phẩm đăng ký", "Update the registered products")
                                        } else {
                                            l.pick("Đăng ký tham gia", "Register")
                                        }}</button>
                                    </ActionForm>
                                }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }.into_any()
    };
    view! {
        <h2>{l.pick("Sự kiện đang nhận đăng ký", "Events taking registrations")}</h2>
        {body}
    }
    .into_any()
}
