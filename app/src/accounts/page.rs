//! `/dang-nhap` (sign in) and signing out. The forms work with JavaScript
//! off.

use crate::components::PageTitle;
use crate::forms::failure;

use crate::forms::{CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// Signs in with an e-mail and a password; on to `next` (a path of this
/// site) or the order history.
#[server(prefix = "/api/fn", endpoint = "sign_in")]
pub async fn sign_in_form(
    csrf: Option<String>,
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
) -> Result<String, FormError> {
    use crate::forms::{redirect_plain_form, refuse};
    let state = crate::ssr::state().map_err(|_| refuse(crate::forms::no_state()))?;
    let user = server::sign_in(
        &state,
        csrf.as_deref().unwrap_or_default(),
        email.as_deref().unwrap_or_default(),
        password.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(refuse)?;
    let mut next = server::safe_next(next.as_deref(), user.role);
    // A new account, or a new version of the rules since the last visit:
    // they are accepted first.
    let pending = super::consent::pending(&state.db, user.id, crate::i18n::detect_locale())
        .await
        .map_err(refuse)?;
    if !pending.is_empty() {
        next = super::consent_page::consent_path(&next);
    }
    redirect_plain_form(&next);
    Ok(next)
}

/// Signs out of this browser.
#[server(prefix = "/api/fn", endpoint = "sign_out")]
pub async fn sign_out_form(csrf: Option<String>) -> Result<String, FormError> {
    use crate::forms::{redirect_plain_form, refuse};
    let state = crate::ssr::state().map_err(|_| refuse(crate::forms::no_state()))?;
    server::sign_out(&state, csrf.as_deref().unwrap_or_default())
        .await
        .map_err(refuse)?;
    redirect_plain_form("/");
    Ok("/".to_owned())
}

/// After signing in or out the whole page loads again: the session (and
/// its CSRF token) changed under every form.
pub(crate) fn reload_at<S>(result: S)
where
    S: Get<Value = Option<Result<String, FormError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(path)) = result.get() {
            let _ = window().location().set_href(&path);
        }
    });
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let action = ServerAction::<SignInForm>::new();
    let value = action.value();
    reload_at(value);
    let error = failure(value);
    view! {
        <PageTitle text=l.pick("Đăng nhập — Chợ OCOP", "Sign in — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="sign-in" aria-labelledby="dang-nhap">
            <h1 id="dang-nhap">{l.pick("Đăng nhập", "Sign in")}</h1>
            {query.read_untracked().get("da-doi-mat-khau").map(|_| view! {
                <p class="notice" role="status">{l.pick(
                    "Mật khẩu mới đã được lưu và mọi phiên đăng nhập cũ đã kết thúc. Hãy đăng nhập lại.",
                    "Your new password is saved and every earlier session has ended. Please sign in again.",
                )}</p>
            })}
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="next" value=next/>
                <FormProblem error/>
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required/>
                </div>
                <div class="field">
                    <label for="password">{l.pick("Mật khẩu", "Password")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {l.pick("Đăng nhập", "Sign in")}
                </button>
            </ActionForm>
            <p><a href="/quen-mat-khau">{l.pick("Quên mật khẩu?", "Forgot your password?")}</a></p>
            <p class="muted">{l.pick(
                "Mua hàng không cần tài khoản: đơn hàng của khách được theo dõi bằng liên kết trong xác nhận.",
                "No account is needed to buy: guests follow their orders by the link in the confirmation.",
            )}</p>
        </section>
    }
    .into_any()
}

#[cfg(feature = "ssr")]
mod server {
    use crate::domain::Role;
    use crate::entities::sessions as session_rows;
    use crate::entities::users;
    use crate::error::{AppError, AppResult, Message};
    use crate::sessions;
    use crate::ssr::AppState;
    use http::header::SET_COOKIE;
    use sea_orm::EntityTrait;

    /// Where to go after signing in: a path of this site, never elsewhere;
    /// without one, the home of the account's role (the stall for producer
    /// members, the desk for officers, the order history for shoppers).
    pub fn safe_next(next: Option<&str>, role: Role) -> String {
        match next.and_then(crate::forms::same_site_path) {
            Some(path) => path.to_owned(),
            None => match role {
                Role::Producer => "/quan-ly",
                Role::Officer => "/can-bo",
                Role::Admin => "/quan-tri",
                Role::Shopper => "/tai-khoan/don-hang",
            }
            .to_owned(),
        }
    }

    fn set_cookie(value: http::HeaderValue) {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, value);
        }
    }

    pub async fn sign_in(
        state: &AppState,
        csrf: &str,
        email: &str,
        password: &str,
    ) -> AppResult<users::Model> {
        let db = &state.db;
        // The form of a visitor without a session carries no token; one with
        // a session must carry that session's.
        let guest = crate::forms::form_session(db, &state.site.base_url, csrf, true).await?;
        let user = crate::accounts::sign_in::sign_in(db, email, password)
            .await
            .map_err(|e| match e {
                AppError::Unauthorized => AppError::Conflict {
                    code: "wrong_credentials",
                    message: Message::new(
                        "E-mail hoặc mật khẩu không đúng.",
                        "Wrong e-mail address or password.",
                    ),
                },
                other => other,
            })?;
        // The guest's cart follows them; the guest session ends (no fixation).
        crate::accounts::handover::merge_at_sign_in(db, guest.id, user.id).await?;
        session_rows::Entity::delete_by_id(guest.id)
            .exec(db)
            .await?;
        let (token, _) = sessions::start(db, Some(user.id)).await?;
        set_cookie(sessions::cookie_header(&state.site.base_url, Some(&token)));
        tracing::info!(user = user.id, "signed in (form)");
        Ok(user)
    }

    pub async fn sign_out(state: &AppState, csrf: &str) -> AppResult<()> {
        let session =
            crate::forms::form_session(&state.db, &state.site.base_url, csrf, false).await?;
        session_rows::Entity::delete_by_id(session.id)
            .exec(&state.db)
            .await?;
        set_cookie(sessions::cookie_header(&state.site.base_url, None));
        Ok(())
    }
}
