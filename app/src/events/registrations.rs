//! The registrations part of an officer's event page: each producer who
//! registered, with its products, to approve or reject, with a booth for
//! events held in a place; for a livestream, the line-up of the approved
//! producers' products (order, live price, slot, host). One small form per
//! row, each working without JavaScript.

use super::{input_vn, is_physical, EventDetail};
use crate::components::format_money;
use crate::domain::ParticipantStatus;
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_vn;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Approves or rejects `producer`'s registration for event `code`, with a
/// booth number for events held in a place.
#[server(prefix = "/api/fn", endpoint = "officer_event_decide")]
pub async fn decide_registration(
    csrf: Option<String>,
    code: Option<String>,
    producer: Option<String>,
    status: Option<String>,
    booth_no: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    super::lineup::decide(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &producer.unwrap_or_default(),
        status.as_deref().unwrap_or_default().trim(),
        &booth_no.unwrap_or_default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Places `product` in livestream `code`'s line-up.
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api/fn", endpoint = "officer_event_lineup")]
pub async fn set_lineup(
    csrf: Option<String>,
    code: Option<String>,
    product: Option<String>,
    position: Option<String>,
    live_price_vnd: Option<String>,
    slot_starts_at: Option<String>,
    slot_ends_at: Option<String>,
    host: Option<String>,
) -> Result<(), FormError> {
    use super::lineup::{set_lineup_item, LineupForm};
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let form = LineupForm {
        position: position.unwrap_or_default(),
        live_price_vnd: live_price_vnd.unwrap_or_default(),
        slot_starts_at: slot_starts_at.unwrap_or_default(),
        slot_ends_at: slot_ends_at.unwrap_or_default(),
        host: host.unwrap_or_default(),
    };
    set_lineup_item(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &product.unwrap_or_default(),
        &form,
        chrono::Utc::now(),
    )
    .await
    .map_err(crate::forms::refuse)
}

fn decision_label(status: ParticipantStatus, l: Locale) -> &'static str {
    match status {
        ParticipantStatus::Approved => l.pick("Đã duyệt", "Approved"),
        ParticipantStatus::Rejected => l.pick("Không duyệt", "Rejected"),
        ParticipantStatus::Pending => l.pick("Chờ duyệt", "Pending"),
    }
}

/// Registrations and, for a livestream, the line-up.
#[component]
pub fn Registrations(
    detail: EventDetail,
    decide: ServerAction<DecideRegistration>,
    lineup: ServerAction<SetLineup>,
) -> AnyView {
    let l = use_locale();
    let decide_error = failure(decide.value());
    let lineup_error = failure(lineup.value());
    let code = detail.summary.code.clone();
    let physical = is_physical(&detail.summary.kind);
    let none = detail.participants.is_empty();
    let rows = detail
        .participants
        .into_iter()
        .map(|p| {
            let code = code.clone();
            let id = format!("dk-{}", p.producer_code);
            let class = format!("registration participation-{}", p.status);
            let stall_href = format!("/can-bo/gian-hang/{}", p.producer_code);
            let options = [
                ParticipantStatus::Approved,
                ParticipantStatus::Rejected,
                ParticipantStatus::Pending,
            ]
            .into_iter()
            .map(|s| {
                let selected = p.status == s;
                view! { <option value=s.name() selected=selected>{decision_label(s, l)}</option> }
            })
                .collect_view();
            let (status_id, booth_id) = (format!("{id}-status"), format!("{id}-booth"));
            let products = p
                .products
                .iter()
                .map(|(c, n)| format!("{n} ({c})"))
                .collect::<Vec<_>>()
                .join(", ");
            view! {
                <li class=class>
                    <h3><a href=stall_href>{p.producer_name.clone()}</a>" "
                        <span class="muted">{p.producer_code.clone()}</span></h3>
                    <p>{decision_label(p.status, l)}{p.booth_no.clone().map(|b| format!(" · {}{b}", l.pick("Gian hàng số ", "Booth ")))}</p>
                    <p class="muted">{l.pick("Sản phẩm: ", "Products: ")}{products}</p>
                    <ActionForm action=decide attr:id=id>
                        <CsrfField/>
                        <input type="hidden" name="code" value=code/>
                        <input type="hidden" name="producer" value=p.producer_code.clone()/>
                        <div class="field-row">
                            <div class="field">
                                <label for=status_id.clone()>{l.pick("Quyết định", "Decision")}</label>
                                <select id=status_id name="status">{options}</select>
                            </div>
                            {physical.then(|| view! {
                                <div class="field">
                                    <label for=booth_id.clone()>{l.pick("Số gian hàng", "Booth no.")}</label>
                                    <input id=booth_id.clone() name="booth_no" maxlength="20" value=p.booth_no.clone().unwrap_or_default()/>
                                </div>
                            })}
                        </div>
                        <button type="submit" class="button secondary">{l.pick("Lưu quyết định", "Save the decision")}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    let lineup_rows = (!physical).then(|| {
        detail
            .lineup
            .into_iter()
            .map(|i| {
                let id = format!("lu-{}", i.product_code);
                let code = code.clone();
                let ids = ["pos", "price", "from", "to", "host"].map(|f| format!("{id}-{f}"));
                view! {
                    <li>
                        <h3>{i.product_name.clone()}" "<span class="muted">{i.product_code.clone()}" · "{i.producer_name.clone()}</span></h3>
                        {i.live_price_vnd.map(|p| view! { <p>{l.pick("Giá livestream: ", "Live price: ")}{format_money(p)}
                            {i.slot_starts_at.map(|s| format!(" · {}", format_vn(s)))}</p> })}
                        <ActionForm action=lineup attr:id=id>
                            <CsrfField/>
                            <input type="hidden" name="code" value=code.clone()/>
                            <input type="hidden" name="product" value=i.product_code.clone()/>
                            <div class="field-row">
                                <div class="field">
                                    <label for=ids[0].clone()>{l.pick("Thứ tự", "Order")}</label>
                                    <input id=ids[0].clone() name="position" inputmode="numeric" value=i.position.map(|p| p.to_string()).unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for=ids[1].clone()>{l.pick("Giá livestream (đồng)", "Live price (đồng)")}</label>
                                    <input id=ids[1].clone() name="live_price_vnd" inputmode="numeric" value=i.live_price_vnd.map(|p| p.to_string()).unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for=ids[2].clone()>{l.pick("Từ (giờ VN)", "From (VN time)")}</label>
                                    <input id=ids[2].clone() name="slot_starts_at" type="datetime-local" value=i.slot_starts_at.map(input_vn).unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for=ids[3].clone()>{l.pick("Đến (giờ VN)", "To (VN time)")}</label>
                                    <input id=ids[3].clone() name="slot_ends_at" type="datetime-local" value=i.slot_ends_at.map(input_vn).unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for=ids[4].clone()>{l.pick("Người dẫn", "Host")}</label>
                                    <input id=ids[4].clone() name="host" maxlength="300" value=i.host.clone().unwrap_or_default()/>
                                </div>
                            </div>
                            <button type="submit" class="button secondary">{l.pick("Lưu vào thứ tự", "Save in the line-up")}</button>
                        </ActionForm>
                    </li>
                }
            })
            .collect_view()
    });
    let lineup_problem = move |f: &'static str| field_problem(lineup_error, f);
    let decide_problem = move |f: &'static str| field_problem(decide_error, f);
    view! {
        <h2>{l.pick("Đăng ký tham gia", "Registrations")}</h2>
        <FormProblem error=decide_error with_fields=false/>
        <p>{decide_problem("booth_no")}{decide_problem("status")}</p>
        {if none {
            view! { <p class="muted">{l.pick("Chưa có chủ thể nào đăng ký.", "No producer has registered yet.")}</p> }.into_any()
        } else {
            view! { <ul class="registrations">{rows}</ul> }.into_any()
        }}
        {lineup_rows.map(|rows| view! {
            <h2>{l.pick("Thứ tự giới thiệu sản phẩm", "Line-up")}</h2>
            <p class="muted">{l.pick("Sản phẩm của các chủ thể đã được duyệt.", "Products of approved producers.")}</p>
            <FormProblem error=lineup_error with_fields=false/>
            <p>{lineup_problem("position")}" "{lineup_problem("live_price_vnd")}" "{lineup_problem("slot_starts_at")}" "{lineup_problem("slot_ends_at")}" "{lineup_problem("host")}</p>
            <ul class="registrations">{rows}</ul>
        })}
    }
    .into_any()
}
