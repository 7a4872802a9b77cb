//! `/tai-khoan/chap-nhan-chinh-sach`: where an account accepts the
//! operating rules and the privacy notice in force, at its first sign-in and
//! at the first sign-in after a new version. Signing in sends the account
//! here when something is left to accept; accepting goes on to where the
//! account was going. Works without JavaScript.

use crate::accounts::access::{with_access, Access};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::{failure, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use crate::legal::PolicySummary;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// The page's address, going on to `next` once accepted.
pub fn consent_path(next: &str) -> String {
    format!(
        "/tai-khoan/chap-nhan-chinh-sach?next={}",
        crate::text::encode_component(next)
    )
}

/// The policies the signed-in account has still to accept.
#[server(prefix = "/api/fn", endpoint = "account_consent")]
pub async fn get_consent() -> Result<Access<Vec<PolicySummary>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_account().await? {
        Ok(account) => account,
        Err(access) => return Ok(access),
    };
    let pending = super::consent::pending(&state.db, user.id, crate::i18n::detect_locale())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(Access::Ready(pending))
}

/// Accepts the versions the page showed (`versions`: `slug@version`,
/// comma-separated), when `agree` is ticked; on to `next`.
#[server(prefix = "/api/fn", endpoint = "account_accept_policies")]
pub async fn accept_policies(
    csrf: Option<String>,
    versions: Option<String>,
    agree: Option<String>,
    next: Option<String>,
) -> Result<String, FormError> {
    use crate::error::AppError;
    use crate::forms::{redirect_plain_form, refuse};
    let (state, user) = crate::accounts::access::acting_account(csrf.as_deref()).await?;
    if agree.as_deref().is_none_or(|a| a.trim().is_empty()) {
        return Err(refuse(AppError::invalid(
            "agree",
            "Hãy đánh dấu ô đồng ý để tiếp tục.",
            "Tick the box to agree and go on.",
        )));
    }
    let shown: Vec<String> = versions
        .unwrap_or_default()
        .split(',')
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    super::consent::accept(&state.db, user.id, &shown)
        .await
        .map_err(refuse)?;
    let next = next
        .as_deref()
        .and_then(crate::forms::same_site_path)
        .unwrap_or("/")
        .to_owned();
    redirect_plain_form(&next);
    Ok(next)
}

/// The page.
#[component]
pub fn ConsentPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let data = Resource::new(|| (), |_| get_consent());
    view! {
        <PageTitle text=l.pick("Chấp nhận chính sách — Chợ OCOP", "Accept the policies — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="consent" aria-labelledby="chap-nhan">
            <h1 id="chap-nhan">{l.pick("Quy chế và chính sách của Chợ OCOP", "Chợ OCOP's rules and policies")}</h1>
            <Suspense fallback=Loading>
                {move || {
                    let next = next.clone();
                    data.get().map(|r| match r {
                        Ok(access) => with_access(
                            access,
                            consent_path(&next),
                            ("", ""),
                            move |pending| view! { <ConsentForm pending next/> }.into_any(),
                        ),
                        Err(_) => view! { <ErrorBox/> }.into_any(),
                    })
                }}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn ConsentForm(pending: Vec<PolicySummary>, next: String) -> AnyView {
    let l = use_locale();
    let action = ServerAction::<AcceptPolicies>::new();
    let value = action.value();
    super::page::reload_at(value);
    let error = failure(value);
    let sign_out = ServerAction::<super::page::SignOutForm>::new();
    super::page::reload_at(sign_out.value());
    if pending.is_empty() {
        let next = crate::forms::same_site_path(&next)
            .unwrap_or("/")
            .to_owned();
        return view! {
            <p>{l.pick("Bạn đã đồng ý với các chính sách đang áp dụng.", "You have accepted the policies in force.")}</p>
            <p><a class="button" href=next>{l.pick("Tiếp tục", "Go on")}</a></p>
        }
        .into_any();
    }
    let versions = pending
        .iter()
        .map(|p| format!("{}@{}", p.slug, p.version))
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <p>{l.pick(
            "Trước khi tiếp tục, hãy đọc và đồng ý với các văn bản dưới đây (bản đang áp dụng). Chúng tôi ghi lại phiên bản và thời điểm bạn đồng ý.",
            "Before you go on, please read and accept the documents below (the versions in force). We keep the version and the time you accept them.",
        )}</p>
        <ul class="consent-list">
            {pending.into_iter().map(|p| {
                let effective = p.effective.format("%d/%m/%Y").to_string();
                view! {
                    <li>
                        <a href=format!("/chinh-sach/{}", p.slug) target="_blank" rel="noopener">{p.title}</a>
                        <span class="muted">{format!(" — {} {} · {} {effective}", l.pick("phiên bản", "version"), p.version, l.pick("áp dụng từ", "in force from"))}</span>
                        <p>{p.summary}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
        <ActionForm action>
            <CsrfField/>
            <input type="hidden" name="versions" value=versions/>
            <input type="hidden" name="next" value=next/>
            <FormProblem error/>
            <label class="agree">
                <input name="agree" type="checkbox" value="1" required/>
                <span>{l.pick(
                    "Tôi đã đọc và đồng ý với Quy chế hoạt động và Chính sách bảo mật thông tin cá nhân.",
                    "I have read and accept the Operating rules and the Privacy notice.",
                )}</span>
            </label>
            <button type="submit" class="button primary" disabled=move || action.pending().get()>
                {l.pick("Đồng ý và tiếp tục", "Accept and go on")}
            </button>
        </ActionForm>
        <ActionForm action=sign_out attr:class="inline">
            <CsrfField/>
            <button type="submit" class="secondary">{l.pick("Không đồng ý, đăng xuất", "Decline and sign out")}</button>
        </ActionForm>
    }
    .into_any()
}
