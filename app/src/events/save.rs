//! Creating and editing events, and their results: an officer for their
//! area, an administrator anywhere. Codes are the server's
//! (`EV-<province code>-<year>-<nnn>`), never typed.

use super::access::{event_run_by, no_event};
use super::rules::{validate, ValidEvent};
use super::{input_vn, EventFields};
use crate::audit::{self, Change};
use crate::domain::{AuditAction, EventStatus};
use crate::entities::{communes, events, provinces, users};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect, Set,
};

/// Attempts at a fresh code when two events are created at once.
const CODE_ATTEMPTS: usize = 5;
/// Longest results note.
const MAX_NOTE: usize = 5000;

/// The next free code for an event of province `province_code` starting in
/// `year` (Vietnam time).
async fn next_code(db: &impl ConnectionTrait, province_code: &str, year: i32) -> AppResult<String> {
    let prefix = format!("EV-{province_code}-{year}-");
    let taken: Vec<String> = events::Entity::find()
        .select_only()
        .column(events::Column::Code)
        .filter(events::Column::Code.starts_with(&prefix))
        .into_tuple()
        .all(db)
        .await?;
    let last = taken
        .iter()
        .filter_map(|c| c.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("{prefix}{:03}", last + 1))
}

fn fill(model: &mut events::ActiveModel, v: ValidEvent, now: DateTime<Utc>) {
    model.title = Set(v.title);
    model.kind = Set(v.kind);
    model.description = Set(v.description);
    model.province_id = Set(v.province_id);
    model.commune_id = Set(v.commune_id);
    model.venue = Set(v.venue);
    model.stream_url = Set(v.stream_url);
    model.platform = Set(v.platform);
    model.organizer = Set(v.organizer);
    model.host = Set(v.host);
    model.starts_at = Set(v.starts_at);
    model.ends_at = Set(v.ends_at);
    model.status = Set(v.status);
    model.updated_at = Set(now);
}

/// Creates an event from `fields`; its code.
pub async fn create_event(
    db: &DatabaseConnection,
    user: &users::Model,
    fields: &EventFields,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let valid = validate(db, user, fields, None).await?;
    let year = valid
        .starts_at
        .with_timezone(&crate::time::vn_offset())
        .format("%Y")
        .to_string()
        .parse::<i32>()
        .unwrap_or(0);
    for _ in 0..CODE_ATTEMPTS {
        let code = next_code(db, &valid.province_code, year).await?;
        let mut model = events::ActiveModel {
            code: Set(code.clone()),
            contracts_signed: Set(0),
            contracts_value_vnd: Set(0),
            results_note: Set(None),
            created_at: Set(now),
            ..Default::default()
        };
        fill(&mut model, valid.clone(), now);
        let txn = crate::db::begin_write(db).await?;
        match events::Entity::insert(model)
            .exec_without_returning(&txn)
            .await
        {
            Ok(_) => {
                audit::record_if_staff(
                    &txn,
                    user,
                    Change::new(AuditAction::EventCreated, &code).after(fields),
                )
                .await?;
                txn.commit().await?;
                tracing::info!(event.code = %code, user = user.id, "event created");
                return Ok(code);
            }
            // Someone took this code a moment ago: read the next one.
            Err(e)
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                continue
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict {
        code: "busy",
        message: crate::error::Message::new(
            "Nhiều sự kiện đang được tạo cùng lúc; hãy thử lại.",
            "Many events are being created at once; try again.",
        ),
    })
}

/// The fields of `event` as its edit form shows them (and as an API patch
/// starts from).
pub async fn fields_of(db: &impl ConnectionTrait, event: &events::Model) -> AppResult<EventFields> {
    let province = provinces::Entity::find_by_id(event.province_id)
        .one(db)
        .await?
        .map(|p| p.code)
        .unwrap_or_default();
    let commune = match event.commune_id {
        Some(id) => communes::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| c.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let text = |o: &Option<String>| o.clone().unwrap_or_default();
    Ok(EventFields {
        title: event.title.clone(),
        kind: event.kind.clone(),
        description: text(&event.description),
        starts_at: input_vn(event.starts_at),
        ends_at: input_vn(event.ends_at),
        province,
        commune,
        venue: text(&event.venue),
        stream_url: text(&event.stream_url),
        platform: text(&event.platform),
        organizer: event.organizer.clone(),
        host: text(&event.host),
        status: event.status.name().to_owned(),
    })
}

/// Saves `fields` over event `code`, which `user` must run (else not
/// found); the status moves only as [`super::can_move`] allows.
pub async fn update_event(
    db: &impl ConnectionTrait,
    user: &users::Model,
    code: &str,
    fields: &EventFields,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let event = event_run_by(db, user, code).await?;
    let valid = validate(db, user, fields, Some(event.status)).await?;
    let before = fields_of(db, &event).await?;
    let id = event.id;
    let mut model = event.into_active_model();
    fill(&mut model, valid, now);
    model.update(db).await.map_err(|e| match e {
        sea_orm::DbErr::RecordNotUpdated => no_event(),
        e => e.into(),
    })?;
    audit::record_if_staff(
        db,
        user,
        Change::new(AuditAction::EventSaved, code)
            .before(&before)
            .after(fields),
    )
    .await?;
    tracing::info!(event.id = id, user = user.id, "event edited");
    Ok(())
}

/// A whole number of at least `min` as typed (spaces and thousands dots
/// allowed: "85.000"); `None` when it is not one.
pub fn parse_count(raw: &str, min: i64) -> Option<i64> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || digits.len() > 15 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i64>().ok().filter(|n| *n >= min)
}

/// Records the results of finished event `code`: contracts signed, their
/// value in đồng and a note.
pub async fn save_results(
    db: &impl ConnectionTrait,
    user: &users::Model,
    code: &str,
    contracts_signed: &str,
    contracts_value_vnd: &str,
    note: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let event = event_run_by(db, user, code).await?;
    let mut problems = FieldErrors::default();
    if event.status != EventStatus::Finished {
        problems.add(
            "contracts_signed",
            "Kết quả được ghi khi sự kiện đã kết thúc.",
            "Results are recorded once the event is finished.",
        );
    }
    let signed = parse_count(contracts_signed, 0).filter(|n| *n <= 100_000);
    if signed.is_none() {
        problems.add(
            "contracts_signed",
            "Nhập số hợp đồng là số nguyên không âm.",
            "Enter the number of contracts as a whole number, 0 or more.",
        );
    }
    let value = parse_count(contracts_value_vnd, 0);
    if value.is_none() {
        problems.add(
            "contracts_value_vnd",
            "Nhập giá trị hợp đồng bằng đồng, số nguyên không âm.",
            "Enter the contracts' value in đồng, a whole number, 0 or more.",
        );
    }
    let note = super::rules::clean_lines(note);
    if note.chars().count() > MAX_NOTE {
        problems.add(
            "results_note",
            format!("Tối đa {MAX_NOTE} ký tự."),
            format!("At most {MAX_NOTE} characters."),
        );
    }
    problems.into_result(())?;
    let before = Results {
        contracts_signed: i64::from(event.contracts_signed),
        contracts_value_vnd: event.contracts_value_vnd,
        note: event.results_note.clone().unwrap_or_default(),
    };
    let after = Results {
        contracts_signed: signed.unwrap_or(0),
        contracts_value_vnd: value.unwrap_or(0),
        note: note.clone(),
    };
    let mut model = event.into_active_model();
    model.contracts_signed = Set(signed.unwrap_or(0) as i32);
    model.contracts_value_vnd = Set(value.unwrap_or(0));
    model.results_note = Set((!note.is_empty()).then_some(note));
    model.updated_at = Set(now);
    model.update(db).await?;
    audit::record_if_staff(
        db,
        user,
        Change::new(AuditAction::EventResultsSaved, code)
            .before(&before)
            .after(&after),
    )
    .await
}

/// An event's results as the audit log keeps them.
#[derive(serde::Serialize)]
struct Results {
    contracts_signed: i64,
    contracts_value_vnd: i64,
    note: String,
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn counts_as_typed() {
        assert_eq!(parse_count("85.000", 1), Some(85_000));
        assert_eq!(parse_count(" 12 ", 0), Some(12));
        assert_eq!(parse_count("0", 1), None);
        assert_eq!(parse_count("mười", 0), None);
        assert_eq!(parse_count("-5", 0), None);
        assert_eq!(parse_count("", 0), None);
    }
}
