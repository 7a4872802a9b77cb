//! Browser sessions kept in the database, so every replica sees them: the
//! cookie holds a random token, the table only its SHA-256, and each session
//! carries its own CSRF token for forms and state-changing API calls.

use crate::entities::{sessions, users};
use crate::error::AppResult;
use chrono::{Duration, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const COOKIE: &str = "ocop_session";
/// A session ends this long after it was last used.
pub const LIFETIME_DAYS: i64 = 30;
/// `last_seen_at` is written at most this often, not on every request.
const TOUCH_EVERY_MINUTES: i64 = 5;

/// 32 random bytes from the operating system, as 64 hex digits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The SHA-256 of `text`, as hex: what is stored of a token or a key.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether two secrets are equal, in time that does not depend on where
/// they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// The session token in a request's `Cookie` headers, if any.
pub fn token_in(headers: &http::HeaderMap) -> Option<String> {
    crate::i18n::cookie_value(headers, COOKIE)
}

/// The `Set-Cookie` value that gives the browser `token` (or, with `None`,
/// takes the cookie away): HttpOnly, SameSite=Lax, and `Secure` when the
/// site is served over TLS.
pub fn cookie_header(base_url: &str, token: Option<&str>) -> http::HeaderValue {
    let secure = if base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let (value, max_age) = match token {
        Some(token) => (token, LIFETIME_DAYS * 24 * 60 * 60),
        None => ("", 0),
    };
    let cookie =
        format!("{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}");
    http::HeaderValue::from_str(&cookie).unwrap_or_else(|_| http::HeaderValue::from_static(""))
}

/// The live session of the request being rendered or answered (pages and
/// server functions), if any.
pub async fn current_session(db: &DatabaseConnection) -> AppResult<Option<sessions::Model>> {
    let headers: Option<http::HeaderMap> = leptos_axum::extract().await.ok();
    match headers.as_ref().and_then(token_in) {
        Some(token) => find(db, &token).await,
        None => Ok(None),
    }
}

/// The signed-in account of the request being rendered (pages and server
/// functions), if any.
pub async fn current_user(db: &DatabaseConnection) -> AppResult<Option<users::Model>> {
    match current_session(db).await? {
        Some(session) => account_of(db, &session).await,
        None => Ok(None),
    }
}

/// Starts a session (signed in when `user_id` is set); returns the cookie
/// token, which is never stored, and the session.
pub async fn start(
    db: &DatabaseConnection,
    user_id: Option<i64>,
) -> AppResult<(String, sessions::Model)> {
    let token = random_token();
    let now = Utc::now();
    let session = sessions::ActiveModel {
        token_hash: Set(sha256_hex(&token)),
        user_id: Set(user_id),
        csrf_token: Set(random_token()),
        expires_at: Set(now + Duration::days(LIFETIME_DAYS)),
        last_seen_at: Set(now),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((token, session))
}

/// The live session of a cookie token, if any; an expired one is deleted.
/// Use moves the expiry forward (at most every few minutes).
pub async fn find(db: &DatabaseConnection, token: &str) -> AppResult<Option<sessions::Model>> {
    let Some(session) = sessions::Entity::find()
        .filter(sessions::Column::TokenHash.eq(sha256_hex(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let now = Utc::now();
    if session.expires_at <= now {
        sessions::Entity::delete_by_id(session.id).exec(db).await?;
        return Ok(None);
    }
    if now - session.last_seen_at < Duration::minutes(TOUCH_EVERY_MINUTES) {
        return Ok(Some(session));
    }
    let mut active = session.into_active_model();
    active.last_seen_at = Set(now);
    active.expires_at = Set(now + Duration::days(LIFETIME_DAYS));
    active.updated_at = Set(now);
    Ok(Some(active.update(db).await?))
}

/// The signed-in, not disabled account of a cookie token, if any.
pub async fn user_of(db: &DatabaseConnection, token: &str) -> AppResult<Option<users::Model>> {
    match find(db, token).await? {
        Some(session) => account_of(db, &session).await,
        None => Ok(None),
    }
}

/// The not disabled account `session` is signed in to, if any.
pub async fn account_of(
    db: &DatabaseConnection,
    session: &sessions::Model,
) -> AppResult<Option<users::Model>> {
    let Some(user_id) = session.user_id else {
        return Ok(None);
    };
    Ok(users::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .filter(|user| user.disabled_at.is_none()))
}

/// Ends the session of a cookie token (nothing when there is none).
pub async fn end(db: &DatabaseConnection, token: &str) -> AppResult<()> {
    sessions::Entity::delete_many()
        .filter(sessions::Column::TokenHash.eq(sha256_hex(token)))
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a user ("sign out everywhere"); returns how many.
pub async fn end_all(db: &impl sea_orm::ConnectionTrait, user_id: i64) -> AppResult<u64> {
    let result = sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
