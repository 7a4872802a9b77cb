//! Password reset by an e-mailed link (through the mail outbox). The answer
//! to "send me a link" is the same whether or not the address has an
//! account, so addresses cannot be probed; a link works once, for an hour;
//! using it signs the account out everywhere.

use super::password::hash_password;
use super::users::{check_password, normalize_email};
use crate::entities::{password_resets, users};
use crate::error::{AppError, AppResult, FieldErrors, Message};
use crate::mail::{self, Mail};
use crate::sessions::{end_all, random_token, sha256_hex};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

/// How long a reset link works.
pub const LINK_MINUTES: i64 = 60;
/// At most this many links per account per hour (the rest are not sent).
const LINKS_PER_HOUR: u64 = 3;

/// Mails a reset link to `email` when it belongs to an active account.
/// Always `Ok` for a well-formed address: the caller says the same thing
/// either way.
pub async fn request_reset(
    db: &DatabaseConnection,
    email: &str,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(email) = normalize_email(email) else {
        return Err(AppError::invalid(
            "email",
            "Hãy nhập một địa chỉ e-mail.",
            "Please enter an e-mail address.",
        ));
    };
    let Some(user) = users::Entity::find()
        .filter(users::Column::Email.eq(email.as_str()))
        .filter(users::Column::DisabledAt.is_null())
        .one(db)
        .await?
    else {
        tracing::info!("password reset asked for an address without an account");
        return Ok(());
    };
    let recent = password_resets::Entity::find()
        .filter(password_resets::Column::UserId.eq(user.id))
        .filter(password_resets::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(db)
        .await?;
    if recent >= LINKS_PER_HOUR {
        tracing::warn!(user = user.id, "password reset links rationed");
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    let link = issue_link(
        &txn,
        user.id,
        Duration::minutes(LINK_MINUTES),
        base_url,
        now,
    )
    .await?;
    mail::queue(
        &txn,
        Mail {
            to: user.email.clone(),
            subject: "Đặt lại mật khẩu Chợ OCOP / Reset your Chợ OCOP password".to_owned(),
            text: format!(
                "Xin chào {name},\n\nĐể đặt mật khẩu mới, hãy mở liên kết sau (dùng được một lần, trong {LINK_MINUTES} phút):\n{link}\n\nNếu bạn không yêu cầu, hãy bỏ qua thư này.\n\n---\n\nTo set a new password, open this link (it works once, for {LINK_MINUTES} minutes):\n{link}\n\nIf you did not ask for it, ignore this message.\n\n— Chợ OCOP\n",
                name = user.display_name
            ),
        },
    )
    .await?;
    txn.commit().await?;
    tracing::info!(user = user.id, "password reset link queued");
    Ok(())
}

/// Records a one-time link for `user_id` to choose a password, valid for
/// `valid_for`: the link, on `base_url` (only its token's hash is kept).
pub async fn issue_link(
    db: &impl sea_orm::ConnectionTrait,
    user_id: i64,
    valid_for: Duration,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let token = random_token();
    password_resets::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(sha256_hex(&token)),
        expires_at: Set(now + valid_for),
        used_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(format!("{base_url}/dat-lai-mat-khau?token={token}"))
}

/// Sets a new password with the link's `token`; every session of the
/// account ends. The account's e-mail, to sign in with.
pub async fn reset_password(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    repeated: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let invalid = || {
        AppError::Conflict {
        code: "reset_link_invalid",
        message: Message::new(
            "Liên kết đặt lại mật khẩu không đúng, đã dùng hoặc đã hết hạn: hãy yêu cầu liên kết mới.",
            "This reset link is wrong, used or expired: please ask for a new one.",
        ),
    }
    };
    let mut problems = FieldErrors::default();
    check_password(password, &mut problems);
    if password != repeated {
        problems.add(
            "repeated",
            "Hai lần nhập mật khẩu không giống nhau.",
            "The two passwords differ.",
        );
    }
    problems.into_result(())?;
    let reset = password_resets::Entity::find()
        .filter(password_resets::Column::TokenHash.eq(sha256_hex(token.trim())))
        .one(db)
        .await?
        .filter(|r| r.used_at.is_none() && r.expires_at > now)
        .ok_or_else(invalid)?;
    let user = users::Entity::find_by_id(reset.user_id)
        .one(db)
        .await?
        .filter(|u| u.disabled_at.is_none())
        .ok_or_else(invalid)?;
    let hash = hash_password(password).map_err(|e| {
        AppError::internal(sea_orm::DbErr::Custom(format!("password hashing: {e}")))
    })?;
    let txn = crate::db::begin_write(db).await?;
    // Used once: a second use (or a race) finds it taken.
    let taken = password_resets::Entity::update_many()
        .col_expr(password_resets::Column::UsedAt, Expr::value(now))
        .col_expr(password_resets::Column::UpdatedAt, Expr::value(now))
        .filter(password_resets::Column::Id.eq(reset.id))
        .filter(password_resets::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        return Err(invalid());
    }
    let mut active: users::ActiveModel = user.clone().into();
    active.password_hash = Set(hash);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    txn.commit().await?;
    let ended = end_all(db, user.id).await?;
    tracing::info!(user = user.id, sessions_ended = ended, "password reset");
    Ok(user.email)
}
