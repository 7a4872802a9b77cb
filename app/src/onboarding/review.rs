//! The area's officer reviews applications: the queue with each one's age
//! against the 24-hour target, one application beside what the register
//! holds, its scan, and the decision. Approving makes the member account
//! (the applicant chooses a password through a mailed link), writes the
//! identity as verified, and records the applicant's acceptance of the
//! policies they agreed to; refusing mails the reason. Each decision is
//! audited, and a decided application cannot be decided again.

use super::{ApplicationDetail, ApplicationSummary};
use crate::accounts::access::{oversees, require_officer as staff};
use crate::accounts::invite::INVITATION_DAYS;
use crate::accounts::reset::issue_link;
use crate::accounts::users::{add_user, NewUser};
use crate::audit::{self, Actor, Change};
use crate::domain::{ApplicationStatus, AuditAction, CertificateType, Role};
use crate::entities::{certifications, producer_applications, producers, products, users};
use crate::error::{AppError, AppResult, Message};
use crate::mail::{self, Mail};
use crate::officer::identity::write_verified;
use crate::seller::rules::CheckedIdentity;
use crate::seller::IdentityFields;
use crate::sessions::random_token;
use crate::text::clean;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

/// Decided applications listed below the waiting ones.
const RECENT_DECIDED: u64 = 30;

/// The longest refusal reason kept.
pub const MAX_REASON_CHARS: usize = 2000;

fn summary(
    a: &producer_applications::Model,
    producer: &producers::Model,
    now: DateTime<Utc>,
) -> ApplicationSummary {
    let until = a.reviewed_at.unwrap_or(now);
    ApplicationSummary {
        id: a.id,
        status: a.status,
        legal_name: a.legal_name.clone(),
        producer: (producer.code.clone(), producer.name.clone()),
        received_at: a.created_at,
        age_hours: (until - a.created_at).num_hours().max(0),
    }
}

/// The applications of the officer's area: every waiting one, oldest
/// first, then the latest decided.
pub async fn queue(
    db: &DatabaseConnection,
    officer: &users::Model,
    now: DateTime<Utc>,
) -> AppResult<Vec<ApplicationSummary>> {
    staff(officer)?;
    let waiting = producer_applications::Entity::find()
        .filter(producer_applications::Column::Status.eq(ApplicationStatus::Pending))
        .order_by_asc(producer_applications::Column::Id)
        .find_also_related(producers::Entity)
        .all(db)
        .await?;
    let decided = producer_applications::Entity::find()
        .filter(producer_applications::Column::Status.ne(ApplicationStatus::Pending))
        .order_by_desc(producer_applications::Column::Id)
        .limit(RECENT_DECIDED * 10)
        .find_also_related(producers::Entity)
        .all(db)
        .await?;
    let area = |rows: Vec<(producer_applications::Model, Option<producers::Model>)>| {
        rows.into_iter()
            .filter_map(|(a, p)| {
                p.filter(|p| oversees(officer, p))
                    .map(|p| summary(&a, &p, now))
            })
            .collect::<Vec<_>>()
    };
    let mut lines = area(waiting);
    lines.extend(area(decided).into_iter().take(RECENT_DECIDED as usize));
    Ok(lines)
}

/// Application `id` with its producer, when it is of the officer's area.
async fn of_area(
    db: &impl ConnectionTrait,
    officer: &users::Model,
    id: i64,
) -> AppResult<(producer_applications::Model, producers::Model)> {
    staff(officer)?;
    producer_applications::Entity::find_by_id(id)
        .find_also_related(producers::Entity)
        .one(db)
        .await?
        .and_then(|(a, p)| p.filter(|p| oversees(officer, p)).map(|p| (a, p)))
        .ok_or_else(|| {
            AppError::not_found(
                "Không có hồ sơ này trên địa bàn của bạn",
                "No such application in your area",
            )
        })
}

/// Application `id` beside what the register holds.
pub async fn detail(
    db: &DatabaseConnection,
    officer: &users::Model,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<ApplicationDetail> {
    let (a, producer) = of_area(db, officer, id).await?;
    let today = now.with_timezone(&crate::time::vn_offset()).date_naive();
    let mut certified = products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer.id))
        .find_also_related(certifications::Entity)
        .filter(certifications::Column::ValidUntil.gt(today))
        .order_by_asc(products::Column::Code)
        .order_by_desc(certifications::Column::DecidedOn)
        .all(db)
        .await?;
    // The latest decision of each product.
    certified.dedup_by_key(|(p, _)| p.id);
    let certified = certified
        .into_iter()
        .filter_map(|(p, c)| {
            c.map(|c| {
                (
                    p.code,
                    p.name,
                    format!(
                        "{} · {} → {}",
                        c.decision_no,
                        crate::time::format_date(c.decided_on),
                        crate::time::format_date(c.valid_until)
                    ),
                )
            })
        })
        .collect();
    let decided = match (a.reviewed_by, a.reviewed_at) {
        (Some(by), Some(at)) => {
            let name = users::Entity::find_by_id(by)
                .one(db)
                .await?
                .map(|u| u.display_name)
                .unwrap_or_default();
            Some((name, at))
        }
        _ => None,
    };
    let certificate_named = match (&a.product_code, &a.decision_no, a.decided_on) {
        (Some(code), _, _) => code.clone(),
        (None, Some(no), Some(on)) => format!("{no} · {}", crate::time::format_date(on)),
        _ => String::new(),
    };
    Ok(ApplicationDetail {
        summary: summary(&a, &producer, now),
        email: a.email.clone(),
        contact_name: a.contact_name.clone(),
        identity: IdentityFields {
            legal_name: a.legal_name.clone(),
            kind: a.kind.name().to_owned(),
            registration_no: a.registration_no.clone(),
            address: a.address.clone(),
            phone: a.phone.clone(),
        },
        register: IdentityFields {
            legal_name: producer.name.clone(),
            kind: producer.kind.clone(),
            registration_no: producer.registration_no.clone().unwrap_or_default(),
            address: producer.address.clone(),
            phone: producer.phone.clone(),
        },
        certificate_named,
        certified,
        scan: (
            a.certificate_type.name().to_uppercase(),
            a.certificate.len().div_ceil(1024),
        ),
        refusal_reason: a.refusal_reason.clone(),
        decided,
    })
}

/// The scan of application `id`, for the officer to open.
pub async fn certificate(
    db: &DatabaseConnection,
    officer: &users::Model,
    id: i64,
) -> AppResult<(CertificateType, Vec<u8>)> {
    let (a, _) = of_area(db, officer, id).await?;
    Ok((a.certificate_type, a.certificate))
}

fn decided_already(a: &producer_applications::Model) -> AppError {
    AppError::Conflict {
        code: "application_decided",
        message: Message::new(
            format!("Hồ sơ số {} đã được xử lý.", a.id),
            format!("Application no. {} has been decided already.", a.id),
        ),
    }
}

/// A decision as the audit log keeps it.
#[derive(Serialize)]
struct Decision<'a> {
    status: ApplicationStatus,
    email: &'a str,
    legal_name: &'a str,
    registration_no: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Approves application `id`: the member account, the verified identity,
/// the policies accepted and the mail with the link to choose a password,
/// in one transaction. The new account.
pub async fn approve(
    db: &DatabaseConnection,
    officer: &users::Model,
    id: i64,
    base_url: &str,
    now: DateTime<Utc>,
) -> AppResult<users::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (a, producer) = of_area(&txn, officer, id).await?;
    if a.status != ApplicationStatus::Pending {
        return Err(decided_already(&a));
    }
    let member = users::Entity::find()
        .filter(users::Column::ProducerId.eq(producer.id))
        .filter(users::Column::Role.eq(Role::Producer))
        .one(&txn)
        .await?;
    if member.is_some() {
        return Err(AppError::Conflict {
            code: "stall_exists",
            message: Message::new(
                format!("{} đã có gian hàng (một thành viên được mời trong lúc hồ sơ chờ); hãy từ chối hồ sơ này và nêu lý do.", producer.name),
                format!("{} has a stall already (a member was invited while this waited); refuse this application, saying why.", producer.name),
            ),
        });
    }
    let user = add_user(
        &txn,
        &NewUser {
            email: &a.email,
            display_name: &a.contact_name,
            role: Role::Producer,
            producer_code: Some(&producer.code),
            area: None,
            password: &random_token(),
            is_demo: false,
        },
    )
    .await?;
    let identity = CheckedIdentity {
        legal_name: a.legal_name.clone(),
        kind: a.kind,
        registration_no: a.registration_no.clone(),
        address: a.address.clone(),
        phone: a.phone.clone(),
    };
    let producer = write_verified(&txn, officer, producer, &identity, now).await?;
    crate::search::outbox::queue_producer_products(&txn, producer.id).await?;
    crate::accounts::consent::accept_in_force(&txn, user.id).await?;
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
            to: a.email.clone(),
            subject: format!("Gian hàng {} đã được duyệt / Your stall is approved", producer.name),
            text: format!(
                "Xin chào {who},\n\nHồ sơ đăng ký gian hàng số {id} của {name} đã được cán bộ Sở Công Thương duyệt, và thông tin người bán đã được xác minh. Hãy mở liên kết sau để đặt mật khẩu (dùng được một lần, trong {INVITATION_DAYS} ngày), rồi đăng nhập bằng địa chỉ {email} để thêm ảnh, câu chuyện và bật bán sản phẩm:\n{link}\n\n---\n\nApplication no. {id} for {name} was approved by the department's officer, and the seller information is verified. Open this link to choose your password (it works once, for {INVITATION_DAYS} days), then sign in as {email} to add photos and stories and put your products on sale:\n{link}\n\n— Chợ OCOP\n",
                who = a.contact_name,
                id = a.id,
                name = producer.name,
                email = a.email,
            ),
        },
    )
    .await?;
    let mut decided: producer_applications::ActiveModel = a.clone().into();
    decided.status = Set(ApplicationStatus::Approved);
    decided.reviewed_at = Set(Some(now));
    decided.reviewed_by = Set(Some(officer.id));
    decided.user_id = Set(Some(user.id));
    decided.updated_at = Set(now);
    decided.update(&txn).await?;
    record(
        &txn,
        officer,
        AuditAction::ApplicationApproved,
        &a,
        ApplicationStatus::Approved,
        None,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        by = officer.id,
        application = a.id,
        member = user.id,
        "stall application approved"
    );
    Ok(user)
}

/// Refuses application `id` with `reason`, mailed to the applicant.
pub async fn refuse(
    db: &DatabaseConnection,
    officer: &users::Model,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let reason = clean(reason);
    if reason.chars().count() < 10 || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            format!("Hãy nêu lý do từ chối để người đăng ký biết cần làm gì (10 đến {MAX_REASON_CHARS} ký tự)."),
            format!("Say why, so the applicant knows what to do (10 to {MAX_REASON_CHARS} characters)."),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    let (a, producer) = of_area(&txn, officer, id).await?;
    if a.status != ApplicationStatus::Pending {
        return Err(decided_already(&a));
    }
    mail::queue(
        &txn,
        Mail {
            to: a.email.clone(),
            subject: format!("Hồ sơ đăng ký gian hàng số {} chưa được duyệt / Application not approved", a.id),
            text: format!(
                "Xin chào {who},\n\nHồ sơ đăng ký gian hàng số {id} của {name} chưa được duyệt, vì:\n\n{reason}\n\nBạn có thể gửi hồ sơ mới khi đã bổ sung, hoặc liên hệ Sở Công Thương.\n\n---\n\nApplication no. {id} for {name} was not approved, because:\n\n{reason}\n\nYou may send a new application once this is put right, or contact the department.\n\n— Chợ OCOP\n",
                who = a.contact_name,
                id = a.id,
                name = producer.name,
            ),
        },
    )
    .await?;
    let mut decided: producer_applications::ActiveModel = a.clone().into();
    decided.status = Set(ApplicationStatus::Refused);
    decided.reviewed_at = Set(Some(now));
    decided.reviewed_by = Set(Some(officer.id));
    decided.refusal_reason = Set(Some(reason.clone()));
    decided.updated_at = Set(now);
    decided.update(&txn).await?;
    record(
        &txn,
        officer,
        AuditAction::ApplicationRefused,
        &a,
        ApplicationStatus::Refused,
        Some(&reason),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(
        by = officer.id,
        application = a.id,
        "stall application refused"
    );
    Ok(())
}

async fn record(
    txn: &impl ConnectionTrait,
    officer: &users::Model,
    action: AuditAction,
    a: &producer_applications::Model,
    status: ApplicationStatus,
    reason: Option<&str>,
) -> AppResult<()> {
    let before = Decision {
        status: a.status,
        email: &a.email,
        legal_name: &a.legal_name,
        registration_no: &a.registration_no,
        reason: None,
    };
    let after = Decision {
        status,
        email: &a.email,
        legal_name: &a.legal_name,
        registration_no: &a.registration_no,
        reason,
    };
    audit::record(
        txn,
        Actor::Account(officer),
        Change::new(action, a.id.to_string())
            .before(&before)
            .after(&after),
    )
    .await
}
