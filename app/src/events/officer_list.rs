//! `/can-bo/su-kien`: the events of the officer's area (every area for an
//! administrator), upcoming first, filtered by status and kind; and
//! `/can-bo/su-kien/moi`, the form that creates one (its code is the
//! server's).

use super::event_form::{EventFormFields, FormOptions};
use super::public_pages::{place, schedule};
use super::{status_label, EventFields, EventSummary, KINDS};
use crate::accounts::access::{with_officer, OfficerAccess};
use crate::catalog::event_kind;
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::domain::EventStatus;
use crate::forms::failure;
use crate::forms::{CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// The area's events, filtered by `status` and `kind` ("" for any).
#[server(prefix = "/api/fn", endpoint = "officer_events")]
pub async fn get_officer_events(
    status: String,
    kind: String,
) -> Result<OfficerAccess<Vec<EventSummary>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let status = EventStatus::from_name(status.trim());
    let kind = if KINDS.contains(&kind.trim()) {
        kind.trim()
    } else {
        ""
    };
    let events = super::queries::area_events(&state.db, &user, status, kind, chrono::Utc::now())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(OfficerAccess::Ready(events))
}

/// The create form's choices and first values.
#[server(prefix = "/api/fn", endpoint = "officer_event_new")]
pub async fn get_new_event() -> Result<OfficerAccess<(EventFields, FormOptions)>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let options = super::event_form::form_options(&state.db, &user, None)
        .await
        .map_err(crate::ssr::server_error)?;
    let commune = match user.area_commune_id {
        Some(_) => options.communes.first().cloned().unwrap_or_default(),
        None => String::new(),
    };
    let fields = EventFields {
        kind: "fair".into(),
        status: EventStatus::Draft.name().into(),
        province: options
            .provinces
            .first()
            .map(|(c, _)| c.clone())
            .unwrap_or_default(),
        commune,
        ..Default::default()
    };
    Ok(OfficerAccess::Ready((fields, options)))
}

/// Creates an event; its page's address (a plain form goes there).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api/fn", endpoint = "officer_event_create")]
pub async fn create_event(
    csrf: Option<String>,
    title: Option<String>,
    kind: Option<String>,
    description: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    venue: Option<String>,
    stream_url: Option<String>,
    platform: Option<String>,
    organizer: Option<String>,
    host: Option<String>,
    status: Option<String>,
) -> Result<String, FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let fields = super::event_form::fields_from(
        title,
        kind,
        description,
        starts_at,
        ends_at,
        province,
        commune,
        venue,
        stream_url,
        platform,
        organizer,
        host,
        status,
    );
    let code = super::save::create_event(&state.db, &user, &fields, chrono::Utc::now())
        .await
        .map_err(crate::forms::refuse)?;
    let path = format!("/can-bo/su-kien/{code}");
    crate::forms::redirect_plain_form(&path);
    Ok(path)
}

/// `/can-bo/su-kien`.
#[component]
pub fn OfficerEventsPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let filters = move || {
        let q = query.read();
        (
            q.get("trang-thai").unwrap_or_default(),
            q.get("loai").unwrap_or_default(),
        )
    };
    let data = Resource::new(filters, |(s, k)| get_officer_events(s, k));
    view! {
        <PageTitle text=l.pick("Sự kiện của địa bàn — Cán bộ OCOP", "Your area's events — OCOP officer")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo">{l.pick("← Bàn làm việc", "← Desk")}</a></p>
        <section class="officer-events" aria-labelledby="su-kien-dia-ban">
            <h1 id="su-kien-dia-ban">{l.pick("Sự kiện của địa bàn", "Your area's events")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, "/can-bo/su-kien".into(), move |events| {
                        let (status, kind) = filters();
                        view! { <AreaEvents events status kind/> }.into_any()
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn AreaEvents(events: Vec<EventSummary>, status: String, kind: String) -> AnyView {
    let l = use_locale();
    let none = events.is_empty();
    view! {
        <p><a class="button" href="/can-bo/su-kien/moi">{l.pick("+ Tạo sự kiện", "+ New event")}</a></p>
        <form method="get" action="/can-bo/su-kien" class="event-filters">
            <div class="field">
                <label for="trang-thai">{l.pick("Trạng thái", "Status")}</label>
                <select id="trang-thai" name="trang-thai">
                    <option value="">{l.pick("Tất cả", "All")}</option>
                    {EventStatus::ALL.iter().map(|s| view! { <option value=s.name() selected={s.name() == status}>{status_label(*s, l)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="loai">{l.pick("Loại", "Kind")}</label>
                <select id="loai" name="loai">
                    <option value="">{l.pick("Tất cả", "All")}</option>
                    {KINDS.into_iter().map(|k| view! { <option value=k selected={k == kind}>{event_kind(k, l)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button secondary">{l.pick("Lọc", "Filter")}</button>
        </form>
        {if none {
            view! { <p class="muted">{l.pick("Chưa có sự kiện nào.", "No events yet.")}</p> }.into_any()
        } else {
            view! {
                <ul class="event-list">
                    {events.into_iter().map(|e| view! {
                        <li class=format!("event event-{} status-{}", e.kind, e.status)>
                            <p class="event-kind">{event_kind(&e.kind, l)}" · "<span class="event-status">{status_label(e.status, l)}</span></p>
                            <h3><a href=format!("/can-bo/su-kien/{}", e.code)>{e.title.clone()}</a></h3>
                            <p><time datetime=e.starts_at.to_rfc3339()>{schedule(&e)}</time></p>
                            <p class="muted">{place(&e, l)}" · "<code>{e.code.clone()}</code></p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
    .into_any()
}

/// `/can-bo/su-kien/moi`.
#[component]
pub fn NewEventPage() -> AnyView {
    let l = use_locale();
    let create = ServerAction::<CreateEvent>::new();
    let error = failure(create.value());
    // With JavaScript the answer is the new event's address: go there.
    Effect::new(move |_| {
        if let Some(Ok(path)) = create.value().get() {
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&path, Default::default());
        }
    });
    let data = Resource::new(|| (), |_| get_new_event());
    view! {
        <PageTitle text=l.pick("Tạo sự kiện — Cán bộ OCOP", "New event — OCOP officer")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/su-kien">{l.pick("← Sự kiện của địa bàn", "← Your area's events")}</a></p>
        <section class="officer-event" aria-labelledby="tao-su-kien">
            <h1 id="tao-su-kien">{l.pick("Tạo sự kiện", "New event")}</h1>
            <p class="muted">{l.pick("Mã sự kiện do hệ thống cấp khi lưu.", "The event's code is given when it is saved.")}</p>
            <FormProblem error with_fields=false/>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, "/can-bo/su-kien/moi".into(), move |(fields, options)| view! {
                        <ActionForm action=create>
                            <CsrfField/>
                            <EventFormFields fields options statuses=EventStatus::CREATED_AS.to_vec() error/>
                            <button type="submit" class="button">{l.pick("Tạo sự kiện", "Create the event")}</button>
                        </ActionForm>
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
