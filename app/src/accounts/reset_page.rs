//! `/quen-mat-khau` (ask for a reset link), `/dat-lai-mat-khau?token=` (set
//! a new password with it), and signing out everywhere. Forms that work
//! without JavaScript.

use crate::components::PageTitle;
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// Mails a reset link when the address has an account; the same answer
/// either way.
#[server(prefix = "/api/fn", endpoint = "request_reset")]
pub async fn request_reset_form(
    csrf: Option<String>,
    email: Option<String>,
) -> Result<(), FormError> {
    use crate::forms::{acting_session, redirect_plain_form, refuse};
    let (state, _) = acting_session(csrf.as_deref(), true).await?;
    crate::accounts::reset::request_reset(
        &state.db,
        email.as_deref().unwrap_or_default(),
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(refuse)?;
    redirect_plain_form("/quen-mat-khau?da-gui=1");
    Ok(())
}

/// Sets the new password; on to the sign-in page.
#[server(prefix = "/api/fn", endpoint = "reset_password")]
pub async fn reset_password_form(
    csrf: Option<String>,
    token: Option<String>,
    password: Option<String>,
    repeated: Option<String>,
) -> Result<String, FormError> {
    use crate::forms::{acting_session, redirect_plain_form, refuse};
    let (state, _) = acting_session(csrf.as_deref(), true).await?;
    crate::accounts::reset::reset_password(
        &state.db,
        token.as_deref().unwrap_or_default(),
        password.as_deref().unwrap_or_default(),
        repeated.as_deref().unwrap_or_default(),
        chrono::Utc::now(),
    )
    .await
    .map_err(refuse)?;
    let next = "/dang-nhap?da-doi-mat-khau=1".to_owned();
    redirect_plain_form(&next);
    Ok(next)
}

/// Ends every session of the signed-in account (a lost phone), this one too.
#[server(prefix = "/api/fn", endpoint = "sign_out_everywhere")]
pub async fn sign_out_everywhere(csrf: Option<String>) -> Result<String, FormError> {
    use crate::forms::{acting_session, redirect_plain_form, refuse};
    let (state, session) = acting_session(csrf.as_deref(), false).await?;
    let user_id = session
        .user_id
        .ok_or_else(|| refuse(crate::error::AppError::Unauthorized))?;
    let ended = crate::sessions::end_all(&state.db, user_id)
        .await
        .map_err(refuse)?;
    tracing::info!(user = user_id, ended, "signed out everywhere");
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.append_header(
            http::header::SET_COOKIE,
            crate::sessions::cookie_header(&state.site.base_url, None),
        );
    }
    redirect_plain_form("/");
    Ok("/".to_owned())
}

/// The "forgot your password" page.
#[component]
pub fn ForgotPasswordPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let action = ServerAction::<RequestResetForm>::new();
    let error = failure(action.value());
    let sent = move || {
        query.read().get("da-gui").is_some() || matches!(action.value().get(), Some(Ok(())))
    };
    view! {
        <PageTitle text=l.pick("Quên mật khẩu — Chợ OCOP", "Forgot password — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="sign-in" aria-labelledby="quen-mat-khau">
            <h1 id="quen-mat-khau">{l.pick("Quên mật khẩu", "Forgot your password")}</h1>
            <Show when=sent>
                <p class="notice" role="status">{l.pick(
                    "Nếu địa chỉ này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu (dùng được trong 60 phút). Hãy xem hộp thư.",
                    "If this address has an account, a reset link is on its way (it works for 60 minutes). Check your mailbox.",
                )}</p>
            </Show>
            <ActionForm action>
                <CsrfField/>
                <FormProblem error with_fields=false/>
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required/>
                    {field_problem(error, "email")}
                </div>
                <button type="submit" class="button primary">{l.pick("Gửi liên kết", "Send the link")}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}

/// The page the reset link opens.
#[component]
pub fn ResetPasswordPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPasswordForm>::new();
    let value = action.value();
    Effect::new(move |_| {
        if let Some(Ok(path)) = value.get() {
            let _ = window().location().set_href(&path);
        }
    });
    let error = failure(value);
    view! {
        <PageTitle text=l.pick("Đặt mật khẩu mới — Chợ OCOP", "Set a new password — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <Meta name="referrer" content="no-referrer"/>
        <section class="sign-in" aria-labelledby="mat-khau-moi">
            <h1 id="mat-khau-moi">{l.pick("Đặt mật khẩu mới", "Set a new password")}</h1>
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="token" value=token/>
                <FormProblem error with_fields=false/>
                <div class="field">
                    <label for="password">{l.pick("Mật khẩu mới (ít nhất 10 ký tự)", "New password (at least 10 characters)")}</label>
                    <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required/>
                    {field_problem(error, "password")}
                </div>
                <div class="field">
                    <label for="repeated">{l.pick("Nhập lại mật khẩu mới", "The new password again")}</label>
                    <input id="repeated" name="repeated" type="password" autocomplete="new-password" required/>
                    {field_problem(error, "repeated")}
                </div>
                <button type="submit" class="button primary">{l.pick("Lưu mật khẩu", "Save the password")}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
