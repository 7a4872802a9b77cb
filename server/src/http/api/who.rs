//! Who is asking, as extractors: a handler names the account it needs in its
//! signature (`MaybeSignedIn`, `SignedIn`, `Member`, `Officer`) and the
//! refusals (401 without a session, 403 for an account of another kind) are
//! answered here, in the asker's language, before the handler runs. The
//! rules themselves are `app::accounts::access`'s.

use super::super::error::ApiError;
use app::entities::users;
use app::error::AppError;
use app::i18n::Locale;
use app::sessions;
use app::ssr::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

/// The account signed in with the request's session cookie, if any.
pub struct MaybeSignedIn(pub Option<users::Model>);

/// A signed-in account; 401 otherwise.
pub struct SignedIn(pub users::Model);

/// A producer member and the producer it runs; 401 without a session, 403
/// for any other account.
pub struct Member {
    /// The member's account.
    pub user: users::Model,
    /// `producers.id` of the producer it runs.
    pub producer_id: i64,
}

/// A department officer or an administrator; 401 without a session, 403
/// for any other account.
pub struct Officer(pub users::Model);

/// An administrator (401 signed out, 403 anyone else).
pub struct Admin(pub users::Model);

/// The signed-in account when `allowed` says it may: 401 signed out, 403
/// for an account it refuses.
async fn signed_in_as(
    parts: &mut Parts,
    state: &AppState,
    allowed: impl Fn(&users::Model) -> bool,
) -> Result<users::Model, ApiError> {
    let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
    if !allowed(&user) {
        return Err(ApiError::new(AppError::Forbidden, locale_of(parts)));
    }
    Ok(user)
}

fn locale_of(parts: &Parts) -> Locale {
    super::super::locale::locale_of(&parts.headers)
}

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = match sessions::token_in(&parts.headers) {
            Some(token) => sessions::user_of(&state.db, &token)
                .await
                .map_err(|e| ApiError::new(e, locale_of(parts)))?,
            None => None,
        };
        Ok(MaybeSignedIn(user))
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let MaybeSignedIn(user) = MaybeSignedIn::from_request_parts(parts, state).await?;
        user.map(SignedIn)
            .ok_or_else(|| ApiError::new(AppError::Unauthorized, locale_of(parts)))
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SignedIn(user) = SignedIn::from_request_parts(parts, state).await?;
        let producer_id = app::accounts::access::member_producer(&user)
            .map_err(|e| ApiError::new(e, locale_of(parts)))?;
        Ok(Member { user, producer_id })
    }
}

impl FromRequestParts<AppState> for Officer {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in_as(parts, state, app::accounts::access::is_officer)
            .await
            .map(Officer)
    }
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in_as(parts, state, |user| user.role == app::domain::Role::Admin)
            .await
            .map(Admin)
    }
}
