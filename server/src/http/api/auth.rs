//! `/api/v1/auth`: signing in and out, the CSRF token, and the check that
//! every state-changing API call made with a session cookie carries that
//! session's token in `X-CSRF-Token` (a call without the cookie has no
//! ambient authority to protect).

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use app::accounts::sign_in::sign_in;
use app::accounts::users::AccountSummary;
use app::error::AppError;
use app::i18n::Locale;
use app::sessions::{self, same_secret};
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::SET_COOKIE;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The header a state-changing call carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The session token in the request's cookies, if any.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    sessions::token_in(headers)
}

/// The `Set-Cookie` value that gives the browser `token` (or takes it away).
fn session_cookie(state: &AppState, token: Option<&str>) -> HeaderValue {
    sessions::cookie_header(&state.site.base_url, token)
}

/// Refuses a state-changing `/api/v1` call made with a session cookie whose
/// `X-CSRF-Token` is missing or wrong. Webhooks (signed by their sender) are
/// exempt.
pub async fn require_csrf(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let webhook = request.uri().path().starts_with("/webhooks/");
    let token = session_token(request.headers());
    let (Some(token), true, false) = (token, changes_state, webhook) else {
        return next.run(request).await;
    };
    let locale = Locale::from_headers(request.uri().query(), request.headers());
    let session = match sessions::find(&state.db, &token).await {
        Ok(session) => session,
        Err(e) => return ApiError::new(e, locale).into_response(),
    };
    // A cookie of an ended session authorizes nothing: let the call through
    // as an anonymous one.
    let Some(session) = session else {
        return next.run(request).await;
    };
    let sent = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !same_secret(sent, &session.csrf_token) {
        tracing::warn!(
            session = session.id,
            "state change without its CSRF token refused"
        );
        return ApiError::new(AppError::CsrfRejected, locale).into_response();
    }
    next.run(request).await
}

/// An address and its password.
#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    /// The account's sign-in address.
    email: String,
    /// Its password.
    #[schema(format = Password)]
    password: String,
}

impl std::fmt::Debug for Credentials {
    /// Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

/// A session started: the account and the session's CSRF token.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedInAnswer {
    /// The token to send in `X-CSRF-Token` with every write of this session.
    pub csrf_token: String,
    /// The account signed in.
    pub user: AccountSummary,
    /// The policies in force this account has not accepted in their current
    /// version (a new account, or a new version since): the site asks for
    /// them at its next sign-in; a program should show and accept them too.
    pub pending_policies: Vec<PendingPolicy>,
}

/// A policy to accept, in the version in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingPolicy {
    /// `/chinh-sach/{slug}`.
    pub slug: String,
    /// The version in force.
    pub version: String,
    /// Its title in the reader's language.
    pub title: String,
}

/// The session's CSRF token.
#[derive(Debug, Serialize, ToSchema)]
pub struct CsrfToken {
    /// The token to send in `X-CSRF-Token` with every write of this session.
    pub csrf_token: String,
}

/// Sign in; sets the HttpOnly session cookie
///
/// A new session (the old one, if any, ends: no fixation; a guest's cart
/// follows into the account), its cookie, the account and the session's
/// CSRF token.
#[utoipa::path(post, path = "/auth/login", operation_id = "login", tag = "accounts",
    request_body = Credentials,
    responses(
        (status = 200, description = "Signed in: the account and the session's CSRF token", body = SignedInAnswer,
            headers(("Set-Cookie" = String, description = "The HttpOnly session cookie"))),
        (status = 401, description = "Wrong address or password", body = ErrorBody),
        (status = 403, description = "A session cookie sent without its X-CSRF-Token", body = ErrorBody),
        (status = 422, description = "The body is not the JSON expected", body = ErrorBody),
        (status = 429, description = "Too many failed attempts; see Retry-After", body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    body: Result<Json<Credentials>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(credentials) = body.map_err(|_| {
        ApiError::new(
            AppError::invalid(
                "body",
                "Cần JSON {\"email\", \"password\"}.",
                "Send JSON {\"email\", \"password\"}.",
            ),
            locale,
        )
    })?;
    let user = sign_in(&state.db, &credentials.email, &credentials.password)
        .await
        .map_err(localized(locale))?;
    if let Some(old) = session_token(&headers) {
        // The guest's cart follows them into their account before the guest
        // session (which owns it) ends.
        if let Some(guest) = sessions::find(&state.db, &old)
            .await
            .map_err(localized(locale))?
        {
            app::accounts::handover::merge_at_sign_in(&state.db, guest.id, user.id)
                .await
                .map_err(localized(locale))?;
        }
        sessions::end(&state.db, &old)
            .await
            .map_err(localized(locale))?;
    }
    let (token, session) = sessions::start(&state.db, Some(user.id))
        .await
        .map_err(localized(locale))?;
    tracing::info!(user = user.id, role = %user.role, "signed in");
    let pending_policies = app::accounts::consent::pending(&state.db, user.id, locale)
        .await
        .map_err(localized(locale))?
        .into_iter()
        .map(|p| PendingPolicy {
            slug: p.slug,
            version: p.version,
            title: p.title,
        })
        .collect();
    let body = SignedInAnswer {
        csrf_token: session.csrf_token,
        user: AccountSummary::from(&user),
        pending_policies,
    };
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, session_cookie(&state, Some(&token)));
    Ok(response)
}

/// Sign out (X-CSRF-Token required with a session)
///
/// The session ends and the cookie is taken away. Calling it without a
/// session is not an error.
#[utoipa::path(post, path = "/auth/logout", operation_id = "logout", tag = "accounts",
    responses(
        (status = 204, description = "Signed out",
            headers(("Set-Cookie" = String, description = "Takes the session cookie away"))),
        (status = 403, description = "Missing or wrong X-CSRF-Token", body = ErrorBody),
    ))]
pub async fn logout(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session_token(&headers) {
        sessions::end(&state.db, &token)
            .await
            .map_err(localized(locale))?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .append(SET_COOKIE, session_cookie(&state, None));
    Ok(response)
}

/// The session's CSRF token (starts a guest session when there is none)
///
/// A visitor without a session gets a guest one (and its cookie), so that
/// forms and calls can carry a token from the start.
#[utoipa::path(get, path = "/auth/csrf", operation_id = "csrf_token", tag = "accounts",
    responses(
        (status = 200, description = "The token", body = CsrfToken,
            headers(("Set-Cookie" = String, description = "The new guest session's cookie, when there was no session"))),
    ))]
pub async fn csrf(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let existing = match session_token(&headers) {
        Some(token) => sessions::find(&state.db, &token)
            .await
            .map_err(localized(locale))?,
        None => None,
    };
    let (cookie, session) = match existing {
        Some(session) => (None, session),
        None => {
            let (token, session) = sessions::start(&state.db, None)
                .await
                .map_err(localized(locale))?;
            (Some(token), session)
        }
    };
    let mut response = Json(CsrfToken {
        csrf_token: session.csrf_token,
    })
    .into_response();
    if let Some(token) = cookie {
        response
            .headers_mut()
            .append(SET_COOKIE, session_cookie(&state, Some(&token)));
    }
    Ok(response)
}
