//! The operator's identity in every page: provided once per render and
//! shown in the footer's `#operator` block. The browser reads it back from
//! that block's `data-operator` (written by the server), so hydration shows
//! exactly what the server rendered, the way the language comes from
//! `<html lang>`.

use crate::domain::OperatorIdentity;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The id of the footer block (fixed in ../shared/API.md).
const BLOCK_ID: &str = "operator";

/// Puts the operator's identity in context for this render: on the server
/// from the settings, in the browser from the server-rendered block.
pub fn provide_operator() {
    provide_context(detect_operator());
}

#[cfg(feature = "ssr")]
fn detect_operator() -> OperatorIdentity {
    crate::ssr::state()
        .map(|state| state.site.operator.clone())
        .unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn detect_operator() -> OperatorIdentity {
    document()
        .get_element_by_id(BLOCK_ID)
        .and_then(|e| e.get_attribute("data-operator"))
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

/// The operator's identity in this render.
pub fn use_operator() -> OperatorIdentity {
    use_context::<OperatorIdentity>().unwrap_or_default()
}

/// The operator's details after its name, each with its label in both
/// languages: the footer and `/gioi-thieu` show the same facts.
pub(super) fn facts(operator: &OperatorIdentity) -> [(&'static str, &'static str, String); 5] {
    [
        ("Địa chỉ", "Address", operator.address.clone()),
        (
            "Đăng ký kinh doanh / quyết định thành lập",
            "Business registration / establishment decision",
            operator.registration.clone(),
        ),
        ("Điện thoại", "Telephone", operator.phone.clone()),
        ("Thư điện tử", "E-mail", operator.email.clone()),
        (
            "Người chịu trách nhiệm",
            "Person responsible",
            operator.representative.clone(),
        ),
    ]
}

/// "Đơn vị vận hành": the footer's block naming who runs the site, with
/// the ministry's registration badge when configured.
#[component]
pub fn OperatorBlock() -> AnyView {
    let l = use_locale();
    let operator = use_operator();
    let data = serde_json::to_string(&operator).unwrap_or_default();
    let body = if operator.is_configured() {
        view! {
            <p class="operator-name"><strong>{operator.name.clone()}</strong></p>
            <ul class="operator-facts">
                {facts(&operator)
                    .into_iter()
                    .filter(|(_, _, value)| !value.trim().is_empty())
                    .map(|(vi, en, value)| view! {
                        <li><span class="label">{l.pick(vi, en)}": "</span>{value.trim().to_owned()}</li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    } else {
        view! {
            <p class="operator-missing">{l.pick(
                "Đơn vị vận hành chưa khai báo thông tin của mình (cấu hình [operator]).",
                "The operator has not configured its details yet ([operator] settings).",
            )}</p>
        }
        .into_any()
    };
    let badge = operator.registration_link().map(|href| {
        view! {
            <a class="moit-badge" href=href.to_owned() rel="external noopener">
                {l.pick("Đã thông báo với Bộ Công Thương", "Registered with the Ministry of Industry and Trade")}
            </a>
        }
    });
    view! {
        <section id=BLOCK_ID class="operator" data-operator=data aria-label=l.pick("Đơn vị vận hành", "Operator")>
            <h2>{l.pick("Đơn vị vận hành", "Operated by")}</h2>
            {body}
            {badge}
        </section>
    }
    .into_any()
}
