//! Who may see and change which event: an officer the events of their area
//! (a province, or a commune), an administrator every event, everyone the
//! events that are not drafts. Whatever a reader may not see reads as "not
//! found", exactly like an event that does not exist.

use crate::domain::{EventStatus, Role};
use crate::entities::{events, users};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Whether `user` runs events of province `province_id` / commune `commune_id`.
pub fn runs_area(user: &users::Model, province_id: i64, commune_id: Option<i64>) -> bool {
    match user.role {
        Role::Admin => true,
        Role::Officer => match (user.area_province_id, user.area_commune_id) {
            (_, Some(commune)) => commune_id == Some(commune),
            (Some(province), None) => province_id == province,
            (None, None) => false,
        },
        _ => false,
    }
}

/// Whether `user` runs `event`.
pub fn runs(user: &users::Model, event: &events::Model) -> bool {
    runs_area(user, event.province_id, event.commune_id)
}

/// Whether anyone may read `event` (every status but draft).
pub fn is_public(event: &events::Model) -> bool {
    event.status != EventStatus::Draft
}

/// "No such event", the one answer for what does not exist or is not yours.
pub fn no_event() -> AppError {
    AppError::not_found("Không có sự kiện này", "No such event")
}

/// The event `code`, by its code as typed (trimmed, case-insensitive).
pub async fn find_by_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> AppResult<Option<events::Model>> {
    let code = code.trim().to_uppercase();
    if code.is_empty() || code.len() > 40 {
        return Ok(None);
    }
    Ok(events::Entity::find()
        .filter(events::Column::Code.eq(code))
        .one(db)
        .await?)
}

/// Event `code` if `user` runs it; otherwise not found.
pub async fn event_run_by(
    db: &impl ConnectionTrait,
    user: &users::Model,
    code: &str,
) -> AppResult<events::Model> {
    find_by_code(db, code)
        .await?
        .filter(|e| runs(user, e))
        .ok_or_else(no_event)
}

/// Event `code` if `reader` may read it: a public one for anyone, a draft
/// for those who run it.
pub async fn event_readable_by(
    db: &impl ConnectionTrait,
    reader: Option<&users::Model>,
    code: &str,
) -> AppResult<events::Model> {
    find_by_code(db, code)
        .await?
        .filter(|e| is_public(e) || reader.is_some_and(|u| runs(u, e)))
        .ok_or_else(no_event)
}
