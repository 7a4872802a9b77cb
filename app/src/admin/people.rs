//! Accounts as administrators manage them: search by address or name and
//! role; change an account's role and what it is attached to (a member's
//! producer, an officer's area); disable and enable it; reset its sign-ins
//! (every session ends, the password stops working, a one-time link to
//! choose a new one is mailed); create an officer for an area. An
//! administrator never acts on their own account here (no one locks
//! themselves out), and every change is audited with the account before and
//! after.

use super::{AccountRow, PeopleFilter, PeoplePage};
use crate::accounts::reset::issue_link;
use crate::accounts::users::{add_user, assignment, NewUser};
use crate::audit::{self, Actor, Change};
use crate::domain::{AuditAction, Role};
use crate::entities::{producers, users};
use crate::error::FieldErrors;
use crate::error::{AppError, AppResult};
use crate::mail::{self, Mail};
use crate::sessions::random_token;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// How long a set-password link from the console works.
pub const LINK_DAYS: i64 = 7;

/// A page of accounts matching `filter`, newest first.
pub async fn search(
    db: &DatabaseConnection,
    filter: &PeopleFilter,
    page: u64,
    limit: u64,
) -> AppResult<PeoplePage> {
    let mut query = users::Entity::find();
    let q = crate::text::clean(&filter.q).to_lowercase();
    if !q.is_empty() {
        query = query.filter(
            Condition::any()
                .add(users::Column::Email.contains(q.as_str()))
                .add(users::Column::DisplayName.contains(crate::text::clean(&filter.q).as_str())),
        );
    }
    if let Some(role) = filter.role {
        query = query.filter(users::Column::Role.eq(role));
    }
    if filter.disabled_only {
        query = query.filter(users::Column::DisabledAt.is_not_null());
    }
    let paginator = query
        .order_by_desc(users::Column::CreatedAt)
        .order_by_desc(users::Column::Id)
        .paginate(db, limit);
    let total = paginator.num_items().await?;
    let found = paginator.fetch_page(page.saturating_sub(1)).await?;
    Ok(PeoplePage {
        total,
        page,
        limit,
        items: rows(db, found).await?,
    })
}

/// One account, by id.
pub async fn find(db: &DatabaseConnection, id: i64) -> AppResult<AccountRow> {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có tài khoản này", "No such account"))?;
    rows(db, vec![user])
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("Không có tài khoản này", "No such account"))
}

/// The accounts as the console lists them, with their producer and area named.
async fn rows(db: &impl ConnectionTrait, found: Vec<users::Model>) -> AppResult<Vec<AccountRow>> {
    let ids =
        |f: fn(&users::Model) -> Option<i64>| -> Vec<i64> { found.iter().filter_map(f).collect() };
    let producer_ids = ids(|u| u.producer_id);
    let province_ids = ids(|u| u.area_province_id);
    let commune_ids = ids(|u| u.area_commune_id);
    let producers: HashMap<i64, producers::Model> = producers::Entity::find()
        .filter(producers::Column::Id.is_in(producer_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let provinces = crate::admin_units::province_names(db, province_ids).await?;
    let communes = crate::admin_units::commune_names(db, commune_ids, false).await?;
    Ok(found
        .into_iter()
        .map(|u| {
            let producer = u.producer_id.and_then(|id| producers.get(&id));
            let province = u.area_province_id.and_then(|id| provinces.get(&id));
            let commune = u.area_commune_id.and_then(|id| communes.get(&id));
            AccountRow {
                id: u.id,
                email: u.email,
                display_name: u.display_name,
                role: u.role,
                producer_code: producer.map(|p| p.code.clone()),
                producer_name: producer.map(|p| p.name.clone()),
                area: match (province, commune) {
                    (Some(p), Some(c)) => Some(format!("{p}/{c}")),
                    (Some(p), None) => Some(p.clone()),
                    _ => None,
                },
                disabled_at: u.disabled_at,
                is_demo: u.is_demo,
                created_at: u.created_at,
            }
        })
        .collect())
}

/// The account as the audit log keeps it (never its hash).
#[derive(serde::Serialize)]
struct Kept<'a> {
    email: &'a str,
    role: Role,
    producer_id: Option<i64>,
    area_province_id: Option<i64>,
    area_commune_id: Option<i64>,
    disabled_at: Option<DateTime<Utc>>,
}

impl<'a> From<&'a users::Model> for Kept<'a> {
    fn from(u: &'a users::Model) -> Self {
        Kept {
            email: &u.email,
            role: u.role,
            producer_id: u.producer_id,
            area_province_id: u.area_province_id,
            area_commune_id: u.area_commune_id,
            disabled_at: u.disabled_at,
        }
    }
}

/// The account `id` an administrator may act on: another one.
async fn other_account(
    db: &impl ConnectionTrait,
    by: &users::Model,
    id: i64,
) -> AppResult<users::Model> {
    if by.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    if by.id == id {
        return Err(AppError::invalid(
            "account",
            "Không thể tự thay đổi tài khoản của chính mình ở đây; hãy nhờ một quản trị viên khác.",
            "You cannot change your own account here; ask another administrator.",
        ));
    }
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có tài khoản này", "No such account"))
}

/// An empty form field is no value.
fn given(value: &str) -> Option<&str> {
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// Gives account `id` the role `role`, attached to `producer` (a member's
/// register code) or `area` (an officer's "Province" or
/// "Province/Commune"). Its sessions end: what it may do changed.
pub async fn change_role(
    db: &DatabaseConnection,
    by: &users::Model,
    id: i64,
    role: Role,
    producer: &str,
    area: &str,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let user = other_account(&txn, by, id).await?;
    let mut problems = FieldErrors::default();
    let assigned = assignment(&txn, role, given(producer), given(area), &mut problems).await?;
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    let mut active: users::ActiveModel = user.clone().into();
    active.role = Set(role);
    active.producer_id = Set(assigned.producer_id);
    active.area_province_id = Set(assigned.province_id);
    active.area_commune_id = Set(assigned.commune_id);
    active.updated_at = Set(Utc::now());
    let after = active.update(&txn).await?;
    if after == user {
        return Ok(());
    }
    crate::sessions::end_all(&txn, id).await?;
    let change = Change::new(AuditAction::UserRoleChanged, &user.email)
        .before(&Kept::from(&user))
        .after(&Kept::from(&after));
    audit::record(&txn, Actor::Account(by), change).await?;
    txn.commit().await?;
    Ok(())
}

/// Disables account `id` (it cannot sign in; its sessions end) or enables
/// it again. Doing what is already done changes nothing.
pub async fn set_disabled(
    db: &DatabaseConnection,
    by: &users::Model,
    id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let user = other_account(&txn, by, id).await?;
    if user.disabled_at.is_some() == disabled {
        return Ok(());
    }
    let mut active: users::ActiveModel = user.clone().into();
    active.disabled_at = Set(disabled.then_some(now));
    active.updated_at = Set(now);
    let after = active.update(&txn).await?;
    if disabled {
        crate::sessions::end_all(&txn, id).await?;
    }
    let action = if disabled {
        AuditAction::UserDisabled
    } else {
        AuditAction::UserEnabled
    };
    let change = Change::new(action, &user.email)
        .before(&Kept::from(&user))
        .after(&Kept::from(&after));
    audit::record(&txn, Actor::Account(by), change).await?;
    txn.commit().await?;
    Ok(())
}

/// Resets the sign-ins of account `id`: every session ends, its password
/// stops working, and a one-time link to choose a new one is mailed.
pub async fn reset_sign_ins(
    db: &DatabaseConnection,
    by: &users::Model,
    id: i64,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    // Hashed before the write transaction: SQLite has one writer.
    let unusable = crate::accounts::password::hash_off_thread(random_token()).await?;
    let txn = crate::db::begin_write(db).await?;
    let user = other_account(&txn, by, id).await?;
    let mut active: users::ActiveModel = user.clone().into();
    active.password_hash = Set(unusable);
    active.updated_at = Set(now);
    active.update(&txn).await?;
    let ended = crate::sessions::end_all(&txn, id).await?;
    let link = issue_link(&txn, user.id, Duration::days(LINK_DAYS), base_url, now).await?;
    mail::queue(
        &txn,
        Mail {
            to: user.email.clone(),
            subject: "Đặt lại mật khẩu Chợ OCOP / Choose a new Chợ OCOP password".into(),
            text: format!(
                "Xin chào {who},\n\nQuản trị viên Chợ OCOP đã đăng xuất tài khoản {email} khỏi mọi thiết bị và huỷ mật khẩu cũ để bảo vệ tài khoản. Hãy mở liên kết sau để đặt mật khẩu mới (dùng được một lần, trong {LINK_DAYS} ngày):\n{link}\n\nNếu bạn không rõ vì sao, hãy trả lời thư này.\n\n---\n\nA Chợ OCOP administrator signed {email} out of every device and cancelled its password to protect the account. Open this link to choose a new password (it works once, for {LINK_DAYS} days):\n{link}\n\n— Chợ OCOP\n",
                who = user.display_name,
                email = user.email,
            ),
        },
    )
    .await?;
    #[derive(serde::Serialize)]
    struct Reset {
        sessions_ended: u64,
        link_mailed: bool,
    }
    let change = Change::new(AuditAction::UserSignInsReset, &user.email).after(&Reset {
        sessions_ended: ended,
        link_mailed: true,
    });
    audit::record(&txn, Actor::Account(by), change).await?;
    txn.commit().await?;
    Ok(())
}

/// An officer to create from the console.
#[derive(Debug, Clone)]
pub struct NewOfficer<'a> {
    /// Sign-in address.
    pub email: &'a str,
    /// Name shown.
    pub display_name: &'a str,
    /// "Province" or "Province/Commune".
    pub area: &'a str,
}

/// Creates an officer for an area with a password nobody knows, and mails
/// a one-time link to choose one; the new account.
pub async fn create_officer(
    db: &DatabaseConnection,
    by: &users::Model,
    new: &NewOfficer<'_>,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<users::Model> {
    if by.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let password = random_token();
    let user = add_user(
        db,
        &NewUser {
            email: new.email,
            display_name: new.display_name,
            role: Role::Officer,
            producer_code: None,
            area: given(new.area),
            password: &password,
            is_demo: false,
        },
    )
    .await?;
    let txn = crate::db::begin_write(db).await?;
    let link = issue_link(&txn, user.id, Duration::days(LINK_DAYS), base_url, now).await?;
    let area = rows(&txn, vec![user.clone()])
        .await?
        .pop()
        .and_then(|r| r.area)
        .unwrap_or_default();
    mail::queue(
        &txn,
        Mail {
            to: user.email.clone(),
            subject: "Tài khoản cán bộ OCOP trên Chợ OCOP / Your OCOP officer account".into(),
            text: format!(
                "Xin chào {who},\n\n{by} đã tạo cho bạn tài khoản cán bộ OCOP địa bàn {area} trên Chợ OCOP. Hãy mở liên kết sau để đặt mật khẩu (dùng được một lần, trong {LINK_DAYS} ngày), rồi đăng nhập bằng địa chỉ {email}:\n{link}\n\n---\n\n{by} created an OCOP officer account for {area} on Chợ OCOP for you. Open this link to choose your password (it works once, for {LINK_DAYS} days), then sign in as {email}:\n{link}\n\n— Chợ OCOP\n",
                who = user.display_name,
                by = by.display_name,
                email = user.email,
            ),
        },
    )
    .await?;
    let change = Change::new(AuditAction::OfficerCreated, &user.email).after(&Kept::from(&user));
    audit::record(&txn, Actor::Account(by), change).await?;
    txn.commit().await?;
    Ok(user)
}
