//! The member gives their stall's seller identity (legal name and form,
//! business registration or tax code, address, phone) while it is not
//! verified; once the area's officer verifies it, only the officer changes it.

use crate::entities::producers;
use crate::error::{AppError, AppResult};
use crate::seller::rules::{check_identity, identity_of};
use crate::seller::{IdentityFields, SellerIdentity};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

/// The member gives (or corrects) their stall's identity while it is not
/// verified yet; a verified identity is changed only by the officer.
pub async fn propose(
    db: &DatabaseConnection,
    producer_id: i64,
    fields: &IdentityFields,
    now: DateTime<Utc>,
) -> AppResult<SellerIdentity> {
    let identity = check_identity(fields)?;
    let txn = crate::db::begin_write(db).await?;
    let producer = producers::Entity::find_by_id(producer_id)
        .one(&txn)
        .await?
        .ok_or(AppError::Forbidden)?;
    if producer.identity_verified_at.is_some() {
        return Err(AppError::Conflict {
            code: "identity_verified",
            message: crate::error::Message::new(
                "Thông tin người bán đã được xác minh; muốn sửa, hãy liên hệ cán bộ Sở Công Thương.",
                "The seller information is verified; to change it, contact the department's officer.",
            ),
        });
    }
    let mut active: producers::ActiveModel = producer.into();
    active.name = Set(identity.legal_name.clone());
    active.kind = Set(identity.kind.name().to_owned());
    active.registration_no = Set(Some(identity.registration_no.clone()));
    active.address = Set(identity.address.clone());
    active.phone = Set(identity.phone.clone());
    active.updated_at = Set(now);
    let saved = active.update(&txn).await?;
    crate::search::outbox::queue_producer_products(&txn, saved.id).await?;
    txn.commit().await?;
    Ok(identity_of(&saved))
}
