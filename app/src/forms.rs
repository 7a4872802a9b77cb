//! Forms that work the same with JavaScript off and on. Each form posts to a
//! server function: without JavaScript the browser posts it and follows a
//! redirect (to the next page, or back with the error in the address); with
//! JavaScript `ActionForm` sends it in the background and the page updates in
//! place. Either way the session's CSRF token travels in a hidden field, and
//! a refusal comes back as a [`FormError`]: a sentence and field-by-field
//! messages in the reader's language.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The name of the hidden field that carries the CSRF token.
pub const CSRF_FIELD: &str = "csrf";

/// Why a form was refused, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormError {
    /// One sentence for the whole form.
    pub message: String,
    /// Field name → what is wrong with it.
    pub fields: Vec<(String, String)>,
}

impl FormError {
    /// The message for `field`, if it has one.
    pub fn field(&self, field: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.clone())
    }
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl FromServerFnError for FormError {
    type Encoder = JsonEncoding;

    /// A form that could not be sent or read (a network failure, a field
    /// missing from a hand-made request): the reader's language is unknown
    /// here, so both.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let sent = matches!(
            value,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_)
        );
        let message = if sent {
            "Biểu mẫu thiếu thông tin, hãy tải lại trang và thử lại. / The form is incomplete: reload the page and try again."
        } else {
            "Không gửi được biểu mẫu, hãy thử lại. / The form could not be sent, please try again."
        };
        FormError {
            message: message.to_owned(),
            fields: Vec::new(),
        }
    }
}

/// The session's CSRF token for the forms of the page being rendered (empty
/// for a visitor without a session: their first form starts one).
#[server(prefix = "/api/fn", endpoint = "csrf_token")]
pub async fn csrf_token() -> Result<String, ServerFnError> {
    let state = crate::ssr::state()?;
    let session = crate::sessions::current_session(&state.db)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(session.map(|s| s.csrf_token).unwrap_or_default())
}

/// The session's CSRF token for every form of the page, fetched once per
/// page and again whenever a form may have started a session.
#[derive(Clone, Copy)]
pub struct FormSession {
    epoch: RwSignal<u32>,
    token: Resource<Result<String, ServerFnError>>,
}

/// Provides the [`FormSession`] (once, at the top of the app).
pub fn provide_form_session() {
    let epoch = RwSignal::new(0u32);
    let token = Resource::new(move || epoch.get(), |_| csrf_token());
    provide_context(FormSession { epoch, token });
}

/// Tells every [`CsrfField`] that the session may have changed.
pub fn session_changed() {
    if let Some(session) = use_context::<FormSession>() {
        session.epoch.update(|n| *n += 1);
    }
}

/// The hidden CSRF field of a form.
#[component]
pub fn CsrfField() -> AnyView {
    let token = use_context::<FormSession>().map(|s| s.token);
    let value = move || {
        token
            .and_then(|t| t.get())
            .and_then(Result::ok)
            .unwrap_or_default()
    };
    view! {
        <Suspense fallback=|| view! { <input type="hidden" name=CSRF_FIELD value=""/> }>
            <input type="hidden" name=CSRF_FIELD value=value/>
        </Suspense>
    }
    .into_any()
}

/// A form's refusal: the sentence, in a live region, followed by what is
/// wrong with each field unless the form shows that next to the fields.
#[component]
pub fn FormProblem(
    error: Signal<Option<FormError>>,
    #[prop(default = true)] with_fields: bool,
) -> AnyView {
    view! {
        {move || error.get().map(|e| view! {
            <div class="form-error" role="alert">
                <p>{e.message}</p>
                {with_fields.then(|| view! {
                    <ul>{e.fields.into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
                })}
            </div>
        })}
    }
    .into_any()
}

/// The message for one field, if the form was refused for it.
pub fn field_problem(error: Signal<Option<FormError>>, field: &'static str) -> impl IntoView {
    move || {
        error
            .get()
            .and_then(|e| e.field(field))
            .map(|m| view! { <span class="field-error" id=format!("{field}-error")>{m}</span> })
    }
}

/// `raw` when it is a path of this site and nothing else: it starts with one
/// `/` (not `//` or `/\`, which browsers read as another host), and every
/// character is printable ASCII other than `\` (no space, tab, CR, LF or
/// other control character, which browsers strip or which break the
/// `Location` header). Every redirect whose target comes from the request
/// (the `next` of the sign-in form) goes through here.
pub fn same_site_path(raw: &str) -> Option<&str> {
    /// Longer targets are nobody's page.
    const MAX_CHARS: usize = 2000;
    let path_only = raw.starts_with('/')
        && !raw.starts_with("//")
        && raw.len() <= MAX_CHARS
        && raw
            .bytes()
            .all(|b| (0x21..=0x7e).contains(&b) && b != b'\\');
    path_only.then_some(raw)
}

/// The error of the last run of `action`, if it failed.
pub fn failure<T, S>(value: S) -> Signal<Option<FormError>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, FormError>>> + Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(Result::err))
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::FormError;
    use crate::entities::sessions as session_rows;
    use crate::error::AppError;
    use crate::i18n::Locale;
    use crate::sessions::{self, same_secret};
    use http::header::{ACCEPT, HOST, ORIGIN, SET_COOKIE};
    use http::HeaderMap;
    use sea_orm::DatabaseConnection;

    fn headers() -> HeaderMap {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|p| p.headers)
            .unwrap_or_default()
    }

    /// Whether the request is a plain form post (JavaScript off): the
    /// browser wants an HTML page back, so the answer is a redirect.
    pub fn plain_form() -> bool {
        headers()
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    }

    /// Sends a plain form post on to `path` (a form sent by script stays on
    /// its page and shows the result there).
    pub fn redirect_plain_form(path: &str) {
        if plain_form() {
            leptos_axum::redirect(path);
        }
    }

    /// The reader's language for messages.
    pub fn form_locale() -> Locale {
        crate::i18n::detect_locale()
    }

    /// A refusal in the reader's language. A form sent by script gets the
    /// error's own status (422, 409...); a plain form post is redirected back
    /// with the error in the address, so its status stays the redirect's.
    pub fn refuse(error: AppError) -> FormError {
        if let AppError::Internal(cause) = &error {
            tracing::error!(error = %cause, cause = ?cause, "form failed");
        }
        if !plain_form() {
            crate::ssr::set_status(error.status());
        }
        let l = form_locale();
        FormError {
            message: error.message(l),
            fields: error
                .field_messages(l)
                .into_iter()
                .map(|(f, ms)| (f, ms.join(" ")))
                .collect(),
        }
    }

    /// Whether the request comes from this site: a browser sends `Origin`
    /// with every form post; when it is there it must name our host.
    pub fn same_origin(headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(ORIGIN).and_then(|v| v.to_str().ok()) else {
            return true;
        };
        let host = headers
            .get(HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(origin);
        !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
    }

    /// The application state and the session a form acts for (see
    /// [`form_session`]), refusals ready to show.
    pub async fn acting_session(
        csrf: Option<&str>,
        may_start: bool,
    ) -> Result<(crate::ssr::AppState, session_rows::Model), FormError> {
        let state = crate::ssr::state().map_err(|_| refuse(no_state()))?;
        let session = form_session(
            &state.db,
            &state.site.base_url,
            csrf.unwrap_or_default(),
            may_start,
        )
        .await
        .map_err(refuse)?;
        Ok((state, session))
    }

    /// The application state is missing: a server fault, not the user's.
    pub fn no_state() -> AppError {
        AppError::internal(sea_orm::DbErr::Custom("application state missing".into()))
    }

    /// The session a form acts for, checked against its CSRF token. A visitor
    /// without a session (a page served from the cache carries no token)
    /// gets a new guest session when `may_start` — there is no ambient
    /// authority to abuse in a request that carries no session — provided
    /// the post comes from this site.
    pub async fn form_session(
        db: &DatabaseConnection,
        base_url: &str,
        csrf: &str,
        may_start: bool,
    ) -> Result<session_rows::Model, AppError> {
        let headers = headers();
        let existing = match sessions::token_in(&headers) {
            Some(token) => sessions::find(db, &token).await?,
            None => None,
        };
        if let Some(session) = existing {
            if same_secret(csrf, &session.csrf_token) {
                return Ok(session);
            }
            tracing::warn!(session = session.id, "form without its CSRF token refused");
            return Err(AppError::CsrfRejected);
        }
        if !may_start || !same_origin(&headers) {
            return Err(AppError::CsrfRejected);
        }
        let (token, session) = sessions::start(db, None).await?;
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, sessions::cookie_header(base_url, Some(&token)));
        }
        Ok(session)
    }
}
