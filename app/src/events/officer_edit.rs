//! `/can-bo/su-kien/{code}`: an officer edits an event of their area (its
//! fields and status), decides registrations, places the line-up and, once
//! it is finished, records its results. Another area's event is "not
//! found", here and in every server function. The event form itself is
//! shared with the create page.

use super::event_form::{EventFormFields, FormOptions};
use super::registrations::{DecideRegistration, Registrations, SetLineup};
use super::{status_label, EventDetail, EventFields};
use crate::accounts::access::{with_officer, OfficerAccess};
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::domain::EventStatus;
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// An event as its officer's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerEvent {
    /// Everything about it.
    pub detail: EventDetail,
    /// Its fields as the form shows them.
    pub fields: EventFields,
    /// The form's choices.
    pub options: FormOptions,
}

/// Event `code` for the signed-in officer (`None`, with 404, when it is
/// not of their area or does not exist).
#[server(prefix = "/api/fn", endpoint = "officer_event")]
pub async fn get_officer_event(
    code: String,
) -> Result<OfficerAccess<Option<OfficerEvent>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let result: crate::error::AppResult<_> = async {
        let event = super::access::event_run_by(&state.db, &user, &code).await?;
        let fields = super::save::fields_of(&state.db, &event).await?;
        let options =
            super::event_form::form_options(&state.db, &user, Some(event.province_id)).await?;
        let detail = super::queries::event_detail(&state.db, event, false).await?;
        Ok(OfficerEvent {
            detail,
            fields,
            options,
        })
    }
    .await;
    Ok(OfficerAccess::Ready(crate::ssr::found(result)?))
}

/// Saves the event form over event `code`.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api/fn", endpoint = "officer_event_save")]
pub async fn save_event(
    csrf: Option<String>,
    code: Option<String>,
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
) -> Result<(), FormError> {
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
    super::save::update_event(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &fields,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Records the results of a finished event.
#[server(prefix = "/api/fn", endpoint = "officer_event_results")]
pub async fn save_event_results(
    csrf: Option<String>,
    code: Option<String>,
    contracts_signed: Option<String>,
    contracts_value_vnd: Option<String>,
    results_note: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    super::save::save_results(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &contracts_signed.unwrap_or_default(),
        &contracts_value_vnd.unwrap_or_default(),
        &results_note.unwrap_or_default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// The statuses an event in `status` may be given, in the order an event
/// goes through them.
pub fn next_statuses(status: EventStatus) -> Vec<EventStatus> {
    EventStatus::ALL
        .iter()
        .copied()
        .filter(|s| status.can_move_to(*s))
        .collect()
}

/// The page.
#[component]
pub fn OfficerEventPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let save = ServerAction::<SaveEvent>::new();
    let results = ServerAction::<SaveEventResults>::new();
    let decide = ServerAction::<DecideRegistration>::new();
    let lineup = ServerAction::<SetLineup>::new();
    // The page reloads its data after a successful save only: a refused
    // one keeps what the officer typed, next to the messages.
    let saves = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saves.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = results.value().get() {
            saves.update(|n| *n += 1);
        }
    });
    let data = Resource::new(
        move || {
            (
                code(),
                saves.get(),
                decide.version().get(),
                lineup.version().get(),
            )
        },
        |(code, ..)| get_officer_event(code),
    );
    view! {
        <PageTitle text=l.pick("Sự kiện — Cán bộ OCOP", "Event — OCOP officer")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/su-kien">{l.pick("← Sự kiện của địa bàn", "← Your area's events")}</a></p>
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_officer(access, format!("/can-bo/su-kien/{}", code()), move |e| match e {
                    Some(e) => view! { <EditEvent e save results decide lineup/> }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn EditEvent(
    e: OfficerEvent,
    save: ServerAction<SaveEvent>,
    results: ServerAction<SaveEventResults>,
    decide: ServerAction<DecideRegistration>,
    lineup: ServerAction<SetLineup>,
) -> AnyView {
    let l = use_locale();
    let save_error = failure(save.value());
    let results_error = failure(results.value());
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let s = e.detail.summary.clone();
    let code = s.code.clone();
    let (code_save, code_results) = (code.clone(), code.clone());
    let public_link = (s.status != EventStatus::Draft).then(|| {
        let href = format!("/su-kien/{code}");
        view! { <a href=href>{l.pick("Trang công khai", "Public page")}</a>" · " }
    });
    let report_href = format!("/can-bo/su-kien/{code}/bao-cao");
    let finished = s.status == EventStatus::Finished;
    let statuses = next_statuses(s.status);
    let r = e.detail.results.clone();
    let result_problem = move |f: &'static str| field_problem(results_error, f);
    view! {
        <section class="officer-event" aria-labelledby="su-kien-can-bo">
            <h1 id="su-kien-can-bo">{s.title.clone()}</h1>
            <p class="muted"><code>{code.clone()}</code>" · "{status_label(s.status, l)}" · "
                {public_link}
                <a href=report_href>{l.pick("Báo cáo sự kiện", "Event report")}</a>
            </p>
            <h2>{l.pick("Thông tin sự kiện", "Event details")}</h2>
            {move || saved().then(|| view! { <p class="notice" role="status">{l.pick("Đã lưu.", "Saved.")}</p> })}
            <FormProblem error=save_error with_fields=false/>
            <ActionForm action=save>
                <CsrfField/>
                <input type="hidden" name="code" value=code_save/>
                <EventFormFields fields=e.fields.clone() options=e.options.clone() statuses error=save_error/>
                <button type="submit" class="button">{l.pick("Lưu sự kiện", "Save the event")}</button>
            </ActionForm>
            <Registrations detail=e.detail.clone() decide lineup/>
            <h2>{l.pick("Kết quả", "Results")}</h2>
            <p>{l.pick("Đơn hàng tính cho sự kiện: ", "Orders counted for the event: ")}<strong>{r.orders}</strong>
               " · "{l.pick("Doanh thu: ", "Revenue: ")}<strong>{format_money(r.revenue_vnd)}</strong>
               <span class="muted">{l.pick(" (chỉ đơn đã thanh toán hoặc đã giao của chủ thể tham gia, đặt trong thời gian sự kiện; không tính đơn hủy, hoàn tiền)", " (only paid or delivered orders of participating producers, placed while the event ran; cancelled and refunded excluded)")}</span></p>
            {if finished {
                view! {
                    <FormProblem error=results_error with_fields=false/>
                    <ActionForm action=results>
                        <CsrfField/>
                        <input type="hidden" name="code" value=code_results.clone()/>
                        <div class="field-row">
                            <div class="field">
                                <label for="contracts_signed">{l.pick("Số hợp đồng đã ký", "Contracts signed")}</label>
                                <input id="contracts_signed" name="contracts_signed" inputmode="numeric" value=r.contracts_signed.to_string()/>
                                {result_problem("contracts_signed")}
                            </div>
                            <div class="field">
                                <label for="contracts_value_vnd">{l.pick("Giá trị hợp đồng (đồng)", "Contracts' value (đồng)")}</label>
                                <input id="contracts_value_vnd" name="contracts_value_vnd" inputmode="numeric" value=r.contracts_value_vnd.to_string()/>
                                {result_problem("contracts_value_vnd")}
                            </div>
                        </div>
                        <div class="field">
                            <label for="results_note">{l.pick("Ghi chú kết quả", "Notes on the results")}</label>
                            <textarea id="results_note" name="results_note" rows="3">{r.results_note.clone().unwrap_or_default()}</textarea>
                            {result_problem("results_note")}
                        </div>
                        <button type="submit" class="button">{l.pick("Lưu kết quả", "Save the results")}</button>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="muted">{l.pick("Hợp đồng đã ký được ghi khi sự kiện kết thúc.", "Contracts signed are recorded once the event is finished.")}</p> }.into_any()
            }}
        </section>
    }
    .into_any()
}
