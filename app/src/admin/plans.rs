//! Plans as administrators manage them: every plan (in force or retired)
//! with where its version comes from; an uploaded file kept as sent, checked
//! against the metrics and the administrative units, previewed target by
//! target, then stored (new, or replacing the plan of the same id, which an
//! upload also brings back from retirement); and retiring a plan (it leaves
//! the reports). Each step that changes a plan is audited.

use super::{PlanRow, UploadView};
use crate::admin_units::AdminUnits;
use crate::audit::{self, Actor, Change};
use crate::domain::{AuditAction, Role};
use crate::entities::{plan_targets, plan_uploads, plans, users};
use crate::error::{AppError, AppResult};
use crate::reports::plans::{find, store_in, Stored, MAX_PLAN_BYTES};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

fn admin_only(by: &users::Model) -> AppResult<()> {
    match by.role {
        Role::Admin => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Every plan, in force first, by id.
pub async fn list(db: &DatabaseConnection) -> AppResult<Vec<PlanRow>> {
    let found = plans::Entity::find()
        .order_by_asc(plans::Column::PlanKey)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(found.len());
    for plan in found {
        let targets = plan_targets::Entity::find()
            .filter(plan_targets::Column::PlanId.eq(plan.id))
            .count(db)
            .await?;
        rows.push(row(plan, targets));
    }
    rows.sort_by_key(|r| r.retired_at.is_some());
    Ok(rows)
}

fn row(plan: plans::Model, targets: u64) -> PlanRow {
    PlanRow {
        id: plan.plan_key,
        title: plan.title,
        area: plan.area_name,
        from: plan.period_from,
        to: plan.period_to,
        targets,
        source_file: plan.source_file,
        uploaded_by: plan.uploaded_by,
        retired_at: plan.retired_at,
        updated_at: plan.updated_at,
    }
}

/// Keeps an uploaded file as sent (its text, or nothing when it is not
/// UTF-8); the upload's id, for its preview page.
pub async fn keep_upload(
    db: &DatabaseConnection,
    by: &users::Model,
    file_name: &str,
    bytes: &[u8],
    now: DateTime<Utc>,
) -> AppResult<i64> {
    admin_only(by)?;
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(AppError::invalid(
            "plan",
            format!("Tệp kế hoạch dài quá {} KB.", MAX_PLAN_BYTES / 1024),
            format!("The plan file is over {} KB.", MAX_PLAN_BYTES / 1024),
        ));
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(AppError::invalid(
            "plan",
            "Hãy chọn một tệp kế hoạch .toml.",
            "Choose a .toml plan file.",
        ));
    }
    let content = std::str::from_utf8(bytes)
        .map(crate::text::clean_lines)
        .unwrap_or_default();
    let name: String = crate::text::clean(file_name).chars().take(200).collect();
    let kept = plan_uploads::ActiveModel {
        uploaded_by: Set(by.id),
        file_name: Set(if name.is_empty() {
            "ke-hoach.toml".into()
        } else {
            name
        }),
        content: Set(content),
        stored_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(kept.id)
}

/// An upload checked again, with what it would replace.
pub async fn upload(db: &DatabaseConnection, id: i64) -> AppResult<UploadView> {
    let kept = plan_uploads::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có tệp tải lên này", "No such upload"))?;
    let units = AdminUnits::load(db).await?;
    let checked = match kept.content.as_str() {
        "" => Err("tệp không phải văn bản UTF-8 / the file is not UTF-8 text".to_owned()),
        text => crate::reports::plan_file::parse(text, &units),
    };
    let (preview, problem) = match checked {
        Ok(parsed) => (Some(parsed.preview()), None),
        Err(reason) => (None, Some(reason)),
    };
    let replaces = match &preview {
        Some(p) => match find(db, &p.id).await? {
            Some(plan) => {
                let targets = plan_targets::Entity::find()
                    .filter(plan_targets::Column::PlanId.eq(plan.id))
                    .count(db)
                    .await?;
                Some(row(plan, targets))
            }
            None => None,
        },
        None => None,
    };
    Ok(UploadView {
        id: kept.id,
        file_name: kept.file_name,
        uploaded_at: kept.created_at,
        stored_at: kept.stored_at,
        preview,
        problem,
        replaces,
    })
}

/// A plan as the audit log keeps it.
#[derive(serde::Serialize)]
struct Kept<'a> {
    title: &'a str,
    area: &'a str,
    source_file: &'a str,
    content_sha256: &'a str,
    uploaded_by: Option<&'a str>,
    retired_at: Option<DateTime<Utc>>,
}

impl<'a> From<&'a plans::Model> for Kept<'a> {
    fn from(p: &'a plans::Model) -> Self {
        Kept {
            title: &p.title,
            area: &p.area_name,
            source_file: &p.source_file,
            content_sha256: &p.content_sha256,
            uploaded_by: p.uploaded_by.as_deref(),
            retired_at: p.retired_at,
        }
    }
}

/// Stores the plan of upload `id`: the plan's id. Storing the same upload
/// again changes nothing.
pub async fn confirm(
    db: &DatabaseConnection,
    by: &users::Model,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<String> {
    admin_only(by)?;
    let kept = plan_uploads::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có tệp tải lên này", "No such upload"))?;
    let units = AdminUnits::load(db).await?;
    let parsed = crate::reports::plan_file::parse(&kept.content, &units).map_err(|reason| {
        let (vi, en) = reason.split_once(" / ").unwrap_or((&reason, &reason));
        AppError::invalid("plan", vi, en)
    })?;
    let plan_key = parsed.id().to_owned();
    if kept.stored_at.is_some() {
        return Ok(plan_key);
    }
    // The plan, the upload's mark and the audit entry commit together.
    let txn = crate::db::begin_write(db).await?;
    let file_name = kept.file_name.clone();
    let outcome = store_in(&txn, &parsed, &file_name, Some(&by.email)).await?;
    let mut mark: plan_uploads::ActiveModel = kept.into();
    mark.stored_at = Set(Some(now));
    mark.update(&txn).await?;
    if outcome.stored != Stored::Unchanged {
        let mut change = Change::new(AuditAction::PlanUploaded, &plan_key);
        if let Some(before) = &outcome.before {
            change = change.before(&Kept::from(before));
        }
        if let Some(after) = &outcome.after {
            change = change.after(&Kept::from(after));
        }
        audit::record(&txn, Actor::Account(by), change).await?;
    }
    txn.commit().await?;
    Ok(plan_key)
}

/// Retires plan `plan_key`: it leaves the reports (an upload of the same id
/// brings it back). Retiring a retired plan changes nothing.
pub async fn retire(
    db: &DatabaseConnection,
    by: &users::Model,
    plan_key: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    admin_only(by)?;
    let txn = crate::db::begin_write(db).await?;
    let plan = find(&txn, plan_key.trim())
        .await?
        .ok_or_else(|| AppError::not_found("Không có kế hoạch này", "No such plan"))?;
    if plan.retired_at.is_some() {
        return Ok(());
    }
    let mut active: plans::ActiveModel = plan.clone().into();
    active.retired_at = Set(Some(now));
    active.updated_at = Set(now);
    let after = active.update(&txn).await?;
    let change = Change::new(AuditAction::PlanRetired, &plan.plan_key)
        .before(&Kept::from(&plan))
        .after(&Kept::from(&after));
    audit::record(&txn, Actor::Account(by), change).await?;
    txn.commit().await?;
    Ok(())
}
