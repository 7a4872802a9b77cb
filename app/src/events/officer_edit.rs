//! `/can-bo/su-kien/{code}`: an officer edits an event of their area (its
//! fields and status), decides registrations, places the line-up and, once
//! it is finished, records its results. Another area's event is "not
//! found", here and in every server function. The event form itself is
//! shared with the create page.

use super::registrations::{DecideRegistration, Registrations, SetLineup};
use super::{status_label, EventDetail, EventFields, KINDS, STATUSES};
use crate::cart::page::failure;
use crate::catalog::event_kind;
use crate::components::{format_money, ErrorBox, Loading};
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use crate::officer::{with_officer, OfficerAccess};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// Choices the event form offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormOptions {
    /// Provinces the officer may choose: (code, name).
    pub provinces: Vec<(String, String)>,
    /// Commune names of the officer's (or the event's) province, suggested.
    pub communes: Vec<String>,
}

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

/// The choices of the event form for `user`: their province (an
/// administrator: every province) and its communes.
#[cfg(feature = "ssr")]
pub async fn form_options(
    db: &sea_orm::DatabaseConnection,
    user: &crate::entities::users::Model,
    province_id: Option<i64>,
) -> crate::error::AppResult<FormOptions> {
    use crate::entities::{communes, provinces};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let mut q = provinces::Entity::find().order_by_asc(provinces::Column::Name);
    if user.role != "admin" {
        q = q.filter(provinces::Column::Id.eq(user.area_province_id.unwrap_or(-1)));
    }
    let provinces = q.all(db).await?;
    let mut cq = communes::Entity::find()
        .filter(
            communes::Column::ProvinceId.eq(province_id.or(user.area_province_id).unwrap_or(-1)),
        )
        .order_by_asc(communes::Column::Name);
    if let Some(c) = user.area_commune_id {
        cq = cq.filter(communes::Column::Id.eq(c));
    }
    Ok(FormOptions {
        provinces: provinces.into_iter().map(|p| (p.code, p.name)).collect(),
        communes: cq.all(db).await?.into_iter().map(|c| c.name).collect(),
    })
}

/// Event `code` for the signed-in officer (`None`, with 404, when it is
/// not of their area or does not exist).
#[server(prefix = "/api/fn", endpoint = "officer_event")]
pub async fn get_officer_event(
    code: String,
) -> Result<OfficerAccess<Option<OfficerEvent>>, ServerFnError> {
    let (state, user) = match crate::officer::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let result: crate::error::AppResult<_> = async {
        let event = super::access::event_run_by(&state.db, &user, &code).await?;
        let fields = super::save::fields_of(&state.db, &event).await?;
        let options = form_options(&state.db, &user, Some(event.province_id)).await?;
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

/// The event form's fields as a server function receives them.
#[allow(clippy::too_many_arguments)]
pub fn fields_from(
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
) -> EventFields {
    EventFields {
        title: title.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        description: description.unwrap_or_default(),
        starts_at: starts_at.unwrap_or_default(),
        ends_at: ends_at.unwrap_or_default(),
        province: province.unwrap_or_default(),
        commune: commune.unwrap_or_default(),
        venue: venue.unwrap_or_default(),
        stream_url: stream_url.unwrap_or_default(),
        platform: platform.unwrap_or_default(),
        organizer: organizer.unwrap_or_default(),
        host: host.unwrap_or_default(),
        status: status.unwrap_or_default(),
    }
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
    let (state, user) = crate::officer::acting_officer(csrf.as_deref()).await?;
    let fields = fields_from(
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
    let (state, user) = crate::officer::acting_officer(csrf.as_deref()).await?;
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

/// The fields of the event form (inside an `ActionForm`), filled with
/// `fields`; `statuses` are the statuses offered.
#[component]
pub fn EventFormFields(
    fields: EventFields,
    options: FormOptions,
    statuses: Vec<&'static str>,
    error: Signal<Option<FormError>>,
) -> AnyView {
    let l = use_locale();
    let problem = move |f: &'static str| field_problem(error, f);
    let f = fields;
    view! {
        <div class="field">
            <label for="ev-title">{l.pick("Tên sự kiện", "Title")}</label>
            <input id="ev-title" name="title" required maxlength="200" value=f.title.clone()/>
            {problem("title")}
        </div>
        <div class="field-row">
            <div class="field">
                <label for="ev-kind">{l.pick("Loại", "Kind")}</label>
                <select id="ev-kind" name="kind">
                    {KINDS.into_iter().map(|k| view! { <option value=k selected={f.kind == k}>{event_kind(k, l)}</option> }).collect_view()}
                </select>
                {problem("kind")}
            </div>
            <div class="field">
                <label for="ev-status">{l.pick("Trạng thái", "Status")}</label>
                <select id="ev-status" name="status">
                    {statuses.into_iter().map(|s| view! { <option value=s selected={f.status == s}>{status_label(s, l)}</option> }).collect_view()}
                </select>
                {problem("status")}
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="ev-starts">{l.pick("Bắt đầu (giờ Việt Nam)", "Starts (Vietnam time)")}</label>
                <input id="ev-starts" name="starts_at" type="datetime-local" required value=f.starts_at.clone()/>
                {problem("starts_at")}
            </div>
            <div class="field">
                <label for="ev-ends">{l.pick("Kết thúc (giờ Việt Nam)", "Ends (Vietnam time)")}</label>
                <input id="ev-ends" name="ends_at" type="datetime-local" required value=f.ends_at.clone()/>
                {problem("ends_at")}
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="ev-province">{l.pick("Tỉnh, thành phố", "Province")}</label>
                <select id="ev-province" name="province">
                    {options.provinces.into_iter().map(|(code, name)| {
                        let selected = code == f.province;
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
                {problem("province")}
            </div>
            <div class="field">
                <label for="ev-commune">{l.pick("Xã, phường (không bắt buộc)", "Commune (optional)")}</label>
                <input id="ev-commune" name="commune" list="ev-communes" value=f.commune.clone()/>
                <datalist id="ev-communes">
                    {options.communes.into_iter().map(|c| view! { <option value=c/> }).collect_view()}
                </datalist>
                {problem("commune")}
            </div>
        </div>
        <div class="field">
            <label for="ev-venue">{l.pick("Địa điểm (hội chợ, triển lãm, hội nghị)", "Venue (fairs, exhibitions, conferences)")}</label>
            <input id="ev-venue" name="venue" maxlength="300" value=f.venue.clone()/>
            {problem("venue")}
        </div>
        <div class="field-row">
            <div class="field">
                <label for="ev-stream">{l.pick("Đường dẫn phát trực tiếp (livestream)", "Stream link (livestreams)")}</label>
                <input id="ev-stream" name="stream_url" type="url" maxlength="500" placeholder="https://" value=f.stream_url.clone()/>
                {problem("stream_url")}
            </div>
            <div class="field">
                <label for="ev-platform">{l.pick("Nền tảng", "Platform")}</label>
                <input id="ev-platform" name="platform" maxlength="300" placeholder="Facebook, TikTok Shop, Shopee Live…" value=f.platform.clone()/>
                {problem("platform")}
            </div>
        </div>
        <div class="field-row">
            <div class="field">
                <label for="ev-organizer">{l.pick("Đơn vị tổ chức", "Organiser")}</label>
                <input id="ev-organizer" name="organizer" required maxlength="300" value=f.organizer.clone()/>
                {problem("organizer")}
            </div>
            <div class="field">
                <label for="ev-host">{l.pick("Người dẫn (livestream)", "Host (livestreams)")}</label>
                <input id="ev-host" name="host" maxlength="300" value=f.host.clone()/>
                {problem("host")}
            </div>
        </div>
        <div class="field">
            <label for="ev-description">{l.pick("Giới thiệu", "Description")}</label>
            <textarea id="ev-description" name="description" rows="5" maxlength="5000">{f.description.clone()}</textarea>
            {problem("description")}
        </div>
    }
    .into_any()
}

/// The statuses an event in `status` may be given (its own first).
pub fn next_statuses(status: &str) -> Vec<&'static str> {
    STATUSES
        .into_iter()
        .filter(|s| super::can_move(status, s))
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
        <Title text=l.pick("Sự kiện — Cán bộ OCOP", "Event — OCOP officer")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/su-kien">{l.pick("← Sự kiện của địa bàn", "← Your area's events")}</a></p>
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_officer(access, format!("/can-bo/su-kien/{}", code()), move |e| match e {
                    Some(e) => view! { <EditEvent e save results decide lineup/> }.into_any(),
                    None => view! { <crate::catalog::NotFoundPage/> }.into_any(),
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
    let public_link = (s.status != "draft").then(|| {
        let href = format!("/su-kien/{code}");
        view! { <a href=href>{l.pick("Trang công khai", "Public page")}</a>" · " }
    });
    let report_href = format!("/can-bo/su-kien/{code}/bao-cao");
    let finished = s.status == "finished";
    let statuses = next_statuses(&s.status);
    let r = e.detail.results.clone();
    let result_problem = move |f: &'static str| field_problem(results_error, f);
    view! {
        <section class="officer-event" aria-labelledby="su-kien-can-bo">
            <h1 id="su-kien-can-bo">{s.title.clone()}</h1>
            <p class="muted"><code>{code.clone()}</code>" · "{status_label(&s.status, l)}" · "
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
            <p>{l.pick("Đơn hàng gắn mã sự kiện: ", "Orders with the event's code: ")}<strong>{r.orders}</strong>
               " · "{l.pick("Doanh thu: ", "Revenue: ")}<strong>{format_money(r.revenue_vnd)}</strong>
               <span class="muted">{l.pick(" (không tính đơn đã hủy, hoàn tiền)", " (cancelled and refunded orders excluded)")}</span></p>
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
