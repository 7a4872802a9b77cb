//! Signing in: the password checked against its argon2id hash, every attempt
//! logged, and an address refused for a while after too many failures.

use super::password::{hash_password, verify_password};
use super::users::normalize_email;
use crate::entities::{login_attempts, users};
use crate::error::{AppError, AppResult};
use crate::sessions::sha256_hex;
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::sync::OnceLock;

/// Failed attempts allowed per address within [`WINDOW_SECONDS`]; the next
/// one is refused with 429 until the oldest failure leaves the window.
pub const MAX_FAILURES: u64 = 20;
/// The rate-limit window.
pub const WINDOW_SECONDS: i64 = 60;

/// The key under which an address's attempts are logged: hashed, so the log
/// holds no addresses.
fn attempt_key(email: &str) -> String {
    format!("email:{}", sha256_hex(email))
}

/// A hash to verify against when the address is unknown, so that an unknown
/// address takes as long to refuse as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password, never valid").unwrap_or_default())
}

/// Checks an address and password; the account on success. Wrong address
/// and wrong password are the same `Unauthorized`, so neither can be probed.
pub async fn sign_in(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> AppResult<users::Model> {
    let email = normalize_email(email).ok_or(AppError::Unauthorized)?;
    let key = attempt_key(&email);
    let now = Utc::now();
    let window_start = now - Duration::seconds(WINDOW_SECONDS);
    let recent_failures = login_attempts::Entity::find()
        .filter(login_attempts::Column::Key.eq(key.as_str()))
        .filter(login_attempts::Column::Succeeded.eq(false))
        .filter(login_attempts::Column::AttemptedAt.gt(window_start));
    if recent_failures.clone().count(db).await? >= MAX_FAILURES {
        let oldest = recent_failures
            .order_by_asc(login_attempts::Column::AttemptedAt)
            .one(db)
            .await?
            .map_or(now, |a| a.attempted_at);
        let free_at = oldest + Duration::seconds(WINDOW_SECONDS);
        let retry_after_secs = u64::try_from((free_at - now).num_seconds()).unwrap_or(0) + 1;
        return Err(AppError::RateLimited { retry_after_secs });
    }
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .one(db)
        .await?;
    let hash = user
        .as_ref()
        .map_or_else(|| decoy_hash().to_owned(), |u| u.password_hash.clone());
    let password = password.to_owned();
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(AppError::internal)?;
    let signed_in = match user {
        Some(user) if matches && user.disabled_at.is_none() => Some(user),
        _ => None,
    };
    login_attempts::ActiveModel {
        key: Set(key),
        attempted_at: Set(now),
        succeeded: Set(signed_in.is_some()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    signed_in.ok_or(AppError::Unauthorized)
}
