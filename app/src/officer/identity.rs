//! The area's officer verifies a seller's identity: checks it against the
//! register and the papers, corrects it where they say otherwise, and
//! verifies it in the same step (the stall may then sell). Approving a
//! producer's application verifies the identity it gave the same way.

use crate::accounts::access::{is_officer, oversees};
use crate::audit::{self, Actor, Change};
use crate::domain::{AuditAction, Role};
use crate::entities::{producers, provinces, users};
use crate::error::{AppError, AppResult};
use crate::seller::rules::{check_identity, identity_of, CheckedIdentity};
use crate::seller::{IdentityFields, SellerIdentity};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde::Serialize;

/// An identity as the audit log keeps it.
#[derive(Serialize)]
struct Recorded<'a> {
    legal_name: &'a str,
    kind: &'a str,
    registration_no: Option<&'a str>,
    address: &'a str,
    phone: &'a str,
    verified: bool,
}

fn recorded(p: &producers::Model) -> Recorded<'_> {
    Recorded {
        legal_name: &p.name,
        kind: &p.kind,
        registration_no: p.registration_no.as_deref(),
        address: &p.address,
        phone: &p.phone,
        verified: p.identity_verified_at.is_some(),
    }
}

/// How the stall names who verified: the department of the officer's
/// province, or the marketplace's administration.
pub async fn verifier_label(
    db: &impl ConnectionTrait,
    officer: &users::Model,
) -> AppResult<String> {
    if officer.role == Role::Admin {
        return Ok("Ban quản trị Chợ OCOP".to_owned());
    }
    let province = match officer.area_province_id {
        Some(id) => provinces::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok(match province {
        Some(p) => format!("Sở Công Thương {}", p.name),
        None => "Sở Công Thương".to_owned(),
    })
}

/// Writes `identity` to `producer` as verified by `officer` now, with its
/// audit entry, inside the caller's transaction; the producer as saved.
pub async fn write_verified(
    txn: &impl ConnectionTrait,
    officer: &users::Model,
    producer: producers::Model,
    identity: &CheckedIdentity,
    now: DateTime<Utc>,
) -> AppResult<producers::Model> {
    let verifier = verifier_label(txn, officer).await?;
    let before = producer.clone();
    let mut active: producers::ActiveModel = producer.into();
    active.name = Set(identity.legal_name.clone());
    active.kind = Set(identity.kind.name().to_owned());
    active.registration_no = Set(Some(identity.registration_no.clone()));
    active.address = Set(identity.address.clone());
    active.phone = Set(identity.phone.clone());
    active.identity_verified_at = Set(Some(now));
    active.identity_verified_by = Set(Some(officer.id));
    active.identity_verifier = Set(Some(verifier));
    active.updated_at = Set(now);
    let saved = active.update(txn).await?;
    audit::record(
        txn,
        Actor::Account(officer),
        Change::new(AuditAction::SellerVerified, &saved.code)
            .before(&recorded(&before))
            .after(&recorded(&saved)),
    )
    .await?;
    Ok(saved)
}

/// The officer checks (and, where the register or the papers say otherwise,
/// corrects) the identity of producer `code` of their area and verifies it.
pub async fn verify(
    db: &DatabaseConnection,
    officer: &users::Model,
    code: &str,
    fields: &IdentityFields,
    now: DateTime<Utc>,
) -> AppResult<SellerIdentity> {
    if !is_officer(officer) {
        return Err(AppError::Forbidden);
    }
    let identity = check_identity(fields)?;
    let txn = crate::db::begin_write(db).await?;
    let producer = producers::Entity::find()
        .filter(producers::Column::Code.eq(code.trim()))
        .one(&txn)
        .await?
        .filter(|p| oversees(officer, p))
        .ok_or_else(|| {
            AppError::not_found(
                "Không có chủ thể này trên địa bàn của bạn",
                "No such producer in your area",
            )
        })?;
    let saved = write_verified(&txn, officer, producer, &identity, now).await?;
    crate::search::outbox::queue_producer_products(&txn, saved.id).await?;
    txn.commit().await?;
    tracing::info!(by = officer.id, producer = %saved.code, "seller identity verified");
    Ok(identity_of(&saved))
}
