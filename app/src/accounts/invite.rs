//! Officers invite producer members by e-mail: the account is created for
//! the producer (with a random password nobody knows) and the invitee gets a
//! one-time link, valid for a week, to choose their own password. An officer
//! invites only for producers of their area; administrators for any.

use super::reset::issue_link;
use super::users::{add_user, NewUser, Role};
use crate::accounts::access::oversees;
use crate::audit::{self, Actor, Change};
use crate::domain::AuditAction;
use crate::entities::{producers, users};
use crate::error::{AppError, AppResult};
use crate::mail::{self, Mail};
use crate::sessions::random_token;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

/// Who is invited, for which producer.
#[derive(Debug, Clone)]
pub struct Invitation<'a> {
    /// The invitee's address.
    pub email: &'a str,
    /// Their name as shown.
    pub display_name: &'a str,
    /// The producer's register code.
    pub producer_code: &'a str,
}

/// An invitation as the audit log keeps it.
#[derive(serde::Serialize)]
struct Invited<'a> {
    email: &'a str,
    display_name: &'a str,
}

/// Creates the member account and mails the invitation; the new account.
pub async fn invite_member(
    db: &DatabaseConnection,
    by: &users::Model,
    invitation: &Invitation<'_>,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<users::Model> {
    if !crate::accounts::access::is_officer(by) {
        return Err(AppError::Forbidden);
    }
    let producer = producers::Entity::find()
        .filter(producers::Column::Code.eq(invitation.producer_code.trim()))
        .one(db)
        .await?
        .filter(|p| oversees(by, p))
        .ok_or_else(|| {
            AppError::invalid(
                "producer_code",
                "Không có chủ thể với mã này trên địa bàn của bạn.",
                "No producer with this code in your area.",
            )
        })?;
    let password = random_token();
    let user = add_user(
        db,
        &NewUser {
            email: invitation.email,
            display_name: invitation.display_name,
            role: Role::Producer,
            producer_code: Some(&producer.code),
            area: None,
            password: &password,
            is_demo: false,
        },
    )
    .await?;
    let txn = crate::db::begin_write(db).await?;
    let link = issue_link(
        &txn,
        user.id,
        Duration::days(INVITATION_DAYS),
        base_url,
        now,
    )
    .await?;
    mail::queue(
        &txn,
        Mail {
            to: user.email.clone(),
            subject: format!(
                "Mời quản lý gian hàng {name} trên Chợ OCOP / Your stall on Chợ OCOP",
                name = producer.name
            ),
            text: format!(
                "Xin chào {who},\n\n{inviter} mời bạn quản lý gian hàng của {name} trên Chợ OCOP. Hãy mở liên kết sau để đặt mật khẩu (dùng được một lần, trong {INVITATION_DAYS} ngày), rồi đăng nhập bằng địa chỉ {email}:\n{link}\n\n---\n\n{inviter} invites you to run the stall of {name} on Chợ OCOP. Open this link to choose your password (it works once, for {INVITATION_DAYS} days), then sign in as {email}:\n{link}\n\n— Chợ OCOP\n",
                who = user.display_name,
                inviter = by.display_name,
                name = producer.name,
                email = user.email,
            ),
        },
    )
    .await?;
    let invited = Invited {
        email: &user.email,
        display_name: &user.display_name,
    };
    audit::record(
        &txn,
        Actor::Account(by),
        Change::new(AuditAction::MemberInvited, &producer.code).after(&invited),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(by = by.id, member = user.id, producer = %producer.code, "member invited");
    Ok(user)
}
