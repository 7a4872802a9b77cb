//! `/chinh-sach` (every policy) and `/chinh-sach/{slug}` (one, in the
//! reader's language, with its version and the date it takes effect).

use super::types::{PolicyDoc, PolicySummary};
use crate::components::PageTitle;
use crate::i18n::{use_locale, Locale};
use crate::not_found::loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The policy `slug` in `lang` (`vi` or `en`); `None` (a 404 page) for no
/// such policy.
#[server(prefix = "/api/fn", endpoint = "policy")]
pub async fn get_policy(slug: String, lang: String) -> Result<Option<PolicyDoc>, ServerFnError> {
    let state = crate::ssr::state()?;
    let locale = Locale::from_code(&lang).unwrap_or_default();
    let doc = super::policies::document(&slug, locale, &state.site.operator, &state.site.base_url)
        .map_err(|e| ServerFnError::new(format!("policy {slug}: {e:?}")))?;
    if doc.is_none() {
        crate::ssr::set_status(http::StatusCode::NOT_FOUND);
    }
    Ok(doc)
}

/// Every policy in `lang`.
#[server(prefix = "/api/fn", endpoint = "policies")]
pub async fn list_policies(lang: String) -> Result<Option<Vec<PolicySummary>>, ServerFnError> {
    let locale = Locale::from_code(&lang).unwrap_or_default();
    super::policies::list(locale)
        .map(Some)
        .map_err(|e| ServerFnError::new(format!("policies: {e:?}")))
}

/// "Phiên bản 1.0 · hiệu lực từ 01/01/2027".
fn version_line(p: &PolicySummary, l: Locale) -> String {
    match l {
        Locale::Vi => format!(
            "Phiên bản {} · có hiệu lực từ {}",
            p.version,
            p.effective.format("%d/%m/%Y")
        ),
        Locale::En => format!(
            "Version {} · in effect from {}",
            p.version,
            p.effective.format("%-d %B %Y")
        ),
    }
}

/// `/chinh-sach`: the list.
#[component]
pub fn PoliciesPage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(move || l.code().to_owned(), list_policies);
    loaded(data, move |items| {
        view! {
            <PageTitle text=l.pick("Chính sách và quy chế — Chợ OCOP", "Policies and rules — Chợ OCOP")/>
            <article class="policy-index">
                <h1>{l.pick("Chính sách và quy chế", "Policies and rules")}</h1>
                <p>{l.pick(
                    "Các văn bản áp dụng cho mọi người dùng Chợ OCOP: người mua, người bán và cán bộ quản lý.",
                    "The documents that apply to everyone using Chợ OCOP: buyers, sellers and programme officers.",
                )}</p>
                <ul class="policy-list">
                    {items.into_iter().map(|p| view! {
                        <li>
                            <a href=format!("/chinh-sach/{}", p.slug)>{p.title.clone()}</a>
                            <p>{p.summary.clone()}</p>
                            <p class="muted">{version_line(&p, l)}</p>
                        </li>
                    }).collect_view()}
                </ul>
            </article>
        }
    })
}

/// `/chinh-sach/{slug}`: one policy.
#[component]
pub fn PolicyPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            (
                params.read().get("slug").unwrap_or_default(),
                l.code().to_owned(),
            )
        },
        |(slug, lang)| get_policy(slug, lang),
    );
    loaded(data, move |doc| {
        let title = doc.summary.title.clone();
        view! {
            <PageTitle text=format!("{title} — Chợ OCOP")/>
            <article class="policy">
                <p class="breadcrumb"><a href="/chinh-sach">{l.pick("Chính sách và quy chế", "Policies and rules")}</a></p>
                <h1>{title}</h1>
                <p class="policy-version muted">{version_line(&doc.summary, l)}</p>
                <div class="policy-text" inner_html=doc.html></div>
            </article>
        }
    })
}
