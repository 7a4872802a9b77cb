//! The event form shared by the create and edit pages: its fields, the
//! choices it offers (the officer's own province and its communes; every
//! province for an administrator), and the fields as a server function
//! receives them.

use super::{status_label, EventFields, KINDS};
use crate::catalog::event_kind;
use crate::domain::EventStatus;
use crate::forms::{field_problem, FormError};
use crate::i18n::use_locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Choices the event form offers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormOptions {
    /// Provinces the officer may choose: (code, name).
    pub provinces: Vec<(String, String)>,
    /// Commune names of the officer's (or the event's) province, suggested.
    pub communes: Vec<String>,
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
    if user.role != crate::domain::Role::Admin {
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

/// The fields of the event form (inside an `ActionForm`), filled with
/// `fields`; `statuses` are the statuses offered.
#[component]
pub fn EventFormFields(
    fields: EventFields,
    options: FormOptions,
    statuses: Vec<EventStatus>,
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
                    {statuses.into_iter().map(|s| view! { <option value=s.name() selected={f.status == s.name()}>{status_label(s, l)}</option> }).collect_view()}
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
