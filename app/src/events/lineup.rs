//! The organisers' side of registrations (see
//! `crate::stall::event_registration` for the producers' side): approve or
//! reject each producer, give approved producers of a fair, exhibition or
//! conference a booth (unique within the event), and order a livestream's
//! products with a live price, a slot inside the event and a host.

use super::access::event_run_by;
use super::is_physical;
use super::rules::parse_vn_datetime;
use super::save::parse_count;
use crate::audit::{self, Change};
use crate::domain::{AuditAction, ParticipantStatus};
use crate::entities::{event_participants, event_products, producers, products, users};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::text::clean;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use serde::Serialize;

/// Longest booth number.
const MAX_BOOTH: usize = 20;

fn booth_taken(booth: &str) -> AppError {
    AppError::invalid(
        "booth_no",
        format!("Gian hàng số {booth} đã xếp cho chủ thể khác trong sự kiện này."),
        format!("Booth {booth} is already given to another producer at this event."),
    )
}

/// Decides producer `producer_code`'s registration for event `code`:
/// `decision` is `approved`, `rejected` or `pending`; `booth` (events held
/// in a place) is kept for approved producers only, unique within the event.
pub async fn decide(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    producer_code: &str,
    decision: &str,
    booth: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let event = event_run_by(db, user, code).await?;
    let not_registered = || {
        AppError::not_found(
            "Chủ thể này chưa đăng ký sự kiện",
            "This producer has not registered for the event",
        )
    };
    let producer = producers::Entity::find()
        .filter(producers::Column::Code.eq(producer_code.trim()))
        .one(db)
        .await?
        .ok_or_else(not_registered)?;
    let participant = event_participants::Entity::find()
        .filter(event_participants::Column::EventId.eq(event.id))
        .filter(event_participants::Column::ProducerId.eq(producer.id))
        .one(db)
        .await?
        .ok_or_else(not_registered)?;
    let mut problems = FieldErrors::default();
    let decision = ParticipantStatus::from_name(decision);
    if decision.is_none() {
        problems.add(
            "status",
            "Hãy chọn duyệt hoặc không duyệt.",
            "Choose approve or reject.",
        );
    }
    let booth = clean(booth);
    if booth.chars().count() > MAX_BOOTH {
        problems.add(
            "booth_no",
            format!("Số gian hàng tối đa {MAX_BOOTH} ký tự."),
            format!("A booth number has at most {MAX_BOOTH} characters."),
        );
    }
    if !booth.is_empty() && !is_physical(&event.kind) {
        problems.add(
            "booth_no",
            "Livestream không có gian hàng.",
            "A livestream has no booths.",
        );
    }
    let Some(decision) = decision else {
        return Err(problems.into_error());
    };
    problems.into_result(())?;
    // Only approved producers keep a booth: rejecting (or reopening) a
    // registration frees it for someone else.
    let booth = (!booth.is_empty() && decision == ParticipantStatus::Approved).then_some(booth);
    if let Some(b) = &booth {
        let other = event_participants::Entity::find()
            .filter(event_participants::Column::EventId.eq(event.id))
            .filter(event_participants::Column::BoothNo.eq(b.as_str()))
            .filter(event_participants::Column::Id.ne(participant.id))
            .one(db)
            .await?;
        if other.is_some() {
            return Err(booth_taken(b));
        }
    }
    let change = Change::new(AuditAction::RegistrationDecided, code)
        .before(&Decision {
            producer: &producer.code,
            status: participant.status,
            booth_no: participant.booth_no.as_deref(),
        })
        .after(&Decision {
            producer: &producer.code,
            status: decision,
            booth_no: booth.as_deref(),
        });
    let mut model = participant.into_active_model();
    model.status = Set(decision);
    model.booth_no = Set(booth.clone());
    model.updated_at = Set(now);
    let txn = crate::db::begin_write(db).await?;
    match model.update(&txn).await {
        Ok(_) => {
            audit::record_if_staff(&txn, user, change).await?;
            txn.commit().await?;
            Ok(())
        }
        // Two officers giving the same booth at once: the index lets one in.
        Err(e)
            if matches!(
                e.sql_err(),
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
            ) =>
        {
            Err(booth_taken(booth.as_deref().unwrap_or_default()))
        }
        Err(e) => Err(e.into()),
    }
}

/// What an officer sets on one product of a livestream's line-up, as typed.
#[derive(Debug, Clone, Default)]
pub struct LineupForm {
    /// Place in the line-up, 1 first.
    pub position: String,
    /// Live price, whole đồng, more than 0.
    pub live_price_vnd: String,
    /// Slot start, Vietnam time.
    pub slot_starts_at: String,
    /// Slot end, Vietnam time.
    pub slot_ends_at: String,
    /// Who presents it.
    pub host: String,
}

/// Sets product `product_code`'s place, live price, slot and host in
/// livestream `code`'s line-up; the product must be registered by an
/// approved producer.
pub async fn set_lineup_item(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    product_code: &str,
    form: &LineupForm,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let event = event_run_by(db, user, code).await?;
    let not_in = || {
        AppError::not_found(
            "Sản phẩm này không có trong danh sách của sự kiện",
            "This product is not in the event's line-up",
        )
    };
    let product = products::Entity::find()
        .filter(products::Column::Code.eq(product_code.trim()))
        .one(db)
        .await?
        .ok_or_else(not_in)?;
    let row = event_products::Entity::find()
        .filter(event_products::Column::EventId.eq(event.id))
        .filter(event_products::Column::ProductId.eq(product.id))
        .one(db)
        .await?
        .ok_or_else(not_in)?;
    let approved = event_participants::Entity::find()
        .filter(event_participants::Column::EventId.eq(event.id))
        .filter(event_participants::Column::ProducerId.eq(product.producer_id))
        .filter(event_participants::Column::Status.eq(ParticipantStatus::Approved))
        .one(db)
        .await?
        .is_some();
    let mut problems = FieldErrors::default();
    if is_physical(&event.kind) {
        problems.add(
            "position",
            "Chỉ livestream mới có thứ tự giới thiệu sản phẩm.",
            "Only a livestream has a line-up.",
        );
    }
    if !approved {
        problems.add(
            "position",
            "Hãy duyệt đăng ký của chủ thể trước khi xếp sản phẩm.",
            "Approve the producer's registration before placing its products.",
        );
    }
    let position = parse_count(&form.position, 1).filter(|n| *n <= 1000);
    if position.is_none() {
        problems.add(
            "position",
            "Thứ tự là số nguyên từ 1 đến 1000.",
            "The position is a whole number from 1 to 1000.",
        );
    }
    let price = parse_count(&form.live_price_vnd, 1).filter(|n| *n <= 10_000_000_000);
    if price.is_none() {
        problems.add(
            "live_price_vnd",
            "Giá livestream là số đồng nguyên lớn hơn 0.",
            "The live price is a whole number of đồng, more than 0.",
        );
    }
    let from = parse_vn_datetime(&form.slot_starts_at);
    let to = parse_vn_datetime(&form.slot_ends_at);
    match (from, to) {
        (Some(from), Some(to)) => {
            if to <= from {
                problems.add(
                    "slot_ends_at",
                    "Khung giờ phải kết thúc sau khi bắt đầu.",
                    "The slot must end after it starts.",
                );
            } else if from < event.starts_at || to > event.ends_at {
                problems.add(
                    "slot_starts_at",
                    "Khung giờ phải nằm trong thời gian của sự kiện.",
                    "The slot must be within the event's time.",
                );
            }
        }
        _ => {
            if from.is_none() {
                problems.add(
                    "slot_starts_at",
                    "Hãy nhập giờ bắt đầu (giờ Việt Nam).",
                    "Enter the slot's start (Vietnam time).",
                );
            }
            if to.is_none() {
                problems.add(
                    "slot_ends_at",
                    "Hãy nhập giờ kết thúc (giờ Việt Nam).",
                    "Enter the slot's end (Vietnam time).",
                );
            }
        }
    }
    let host = clean(&form.host);
    if host.chars().count() > super::rules::MAX_SHORT {
        problems.add(
            "host",
            "Tên người dẫn quá dài.",
            "The host's name is too long.",
        );
    }
    problems.into_result(())?;
    let host = (!host.is_empty()).then_some(host).or(event.host.clone());
    let change = Change::new(AuditAction::LineupSet, code)
        .before(&Slot {
            product: &product.code,
            position: row.position.map(i64::from),
            live_price_vnd: row.live_price_vnd,
            slot_starts_at: row.slot_starts_at,
            slot_ends_at: row.slot_ends_at,
            host: row.host.as_deref(),
        })
        .after(&Slot {
            product: &product.code,
            position,
            live_price_vnd: price,
            slot_starts_at: from,
            slot_ends_at: to,
            host: host.as_deref(),
        });
    let mut model = row.into_active_model();
    model.position = Set(position.map(|p| p as i32));
    model.live_price_vnd = Set(price);
    model.slot_starts_at = Set(from);
    model.slot_ends_at = Set(to);
    model.host = Set(host);
    model.updated_at = Set(now);
    let txn = crate::db::begin_write(db).await?;
    model.update(&txn).await?;
    audit::record_if_staff(&txn, user, change).await?;
    txn.commit().await?;
    Ok(())
}

/// A registration's decision as the audit log keeps it.
#[derive(Serialize)]
struct Decision<'a> {
    producer: &'a str,
    status: ParticipantStatus,
    booth_no: Option<&'a str>,
}

/// A line-up entry as the audit log keeps it.
#[derive(Serialize)]
struct Slot<'a> {
    product: &'a str,
    position: Option<i64>,
    live_price_vnd: Option<i64>,
    slot_starts_at: Option<DateTime<Utc>>,
    slot_ends_at: Option<DateTime<Utc>>,
    host: Option<&'a str>,
}
