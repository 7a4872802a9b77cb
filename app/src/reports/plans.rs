//! Plan files (`plans/*.toml`, checked by `plan_file`): an area's OCOP plan
//! and its targets, stored in the `plans` and `plan_targets` tables, from the
//! shipped folder at start-up or uploaded by an administrator. Storing is
//! idempotent: a file whose content did not change is left alone; a changed
//! one replaces its targets. An upload or a retirement by an administrator
//! stands against the shipped file of the same id.

use super::plan_file::{parse, ParsedPlan};
pub use super::plan_file::{PlanPreview, ReportDue, TargetPreview, MAX_PLAN_BYTES};
use crate::admin_units::AdminUnits;
use crate::entities::{plan_targets, plans};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, Set,
};
use std::path::{Path, PathBuf};

/// A plan file that cannot be used, with the reason in Vietnamese and English.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// The folder or a file cannot be read.
    #[error("không đọc được {path}: {reason} / cannot read {path}: {reason}")]
    Read {
        /// The path.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// A file is not a valid plan.
    #[error("{path}: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The database refused.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// How many plan files were new, changed or unchanged.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PlansReport {
    /// New plans.
    pub created: usize,
    /// Plans whose file changed.
    pub updated: usize,
    /// Plans already loaded as they are.
    pub unchanged: usize,
}

/// The plan files shipped with the application (a copy of the official ones).
pub fn shipped_plans_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/plans"))
}

/// Loads every `*.toml` in `dir`, in name order.
pub async fn load_plans_dir(db: &DatabaseConnection, dir: &Path) -> Result<PlansReport, PlanError> {
    let read_err = |e: std::io::Error| PlanError::Read {
        path: dir.to_path_buf(),
        reason: e.to_string(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(read_err)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let units = AdminUnits::load(db).await?;
    let mut report = PlansReport::default();
    for path in files {
        let text = std::fs::read_to_string(&path).map_err(|e| PlanError::Read {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let parsed = parse(&text, &units).map_err(|reason| PlanError::Invalid {
            path: path.clone(),
            reason,
        })?;
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match store(db, &parsed, &file_name, None).await? {
            Stored::Created => report.created += 1,
            Stored::Updated => report.updated += 1,
            Stored::Unchanged | Stored::KeptByAdministrator => report.unchanged += 1,
        }
    }
    Ok(report)
}

/// What storing a plan did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// A new plan.
    Created,
    /// Its targets replaced.
    Updated,
    /// The same content was already stored.
    Unchanged,
    /// The shipped file was not applied: an administrator uploaded or
    /// retired the same plan, and that decision stands.
    KeptByAdministrator,
}

/// What storing a plan did, with the plan before and after (for the audit
/// log).
#[derive(Debug, Clone)]
pub struct StoreOutcome {
    /// Created, updated, or left alone.
    pub stored: Stored,
    /// The stored plan before, if there was one.
    pub before: Option<plans::Model>,
    /// The stored plan after (`None` only when there is none).
    pub after: Option<plans::Model>,
}

/// Stores a checked plan under its id in its own transaction (see
/// [`store_in`]).
pub async fn store(
    db: &DatabaseConnection,
    parsed: &ParsedPlan,
    file_name: &str,
    uploaded_by: Option<&str>,
) -> Result<Stored, DbErr> {
    let txn = crate::db::begin_write(db).await?;
    let outcome = store_in(&txn, parsed, file_name, uploaded_by).await?;
    txn.commit().await?;
    Ok(outcome.stored)
}

/// Stores a checked plan under its id within `txn` (so the caller's audit
/// entry commits with it): a new one is created, a changed one has its
/// targets replaced. `uploaded_by` is the administrator for an upload (which
/// also brings a retired plan back); `None` for a shipped file, which never
/// overwrites an upload or a retirement.
pub async fn store_in(
    txn: &DatabaseTransaction,
    parsed: &ParsedPlan,
    file_name: &str,
    uploaded_by: Option<&str>,
) -> Result<StoreOutcome, DbErr> {
    let plan = &parsed.file;
    let existing = find(txn, &plan.id).await?;
    let left_alone = |stored| StoreOutcome {
        stored,
        before: existing.clone(),
        after: existing.clone(),
    };
    if let Some(old) = &existing {
        if uploaded_by.is_none() && (old.uploaded_by.is_some() || old.retired_at.is_some()) {
            return Ok(left_alone(Stored::KeptByAdministrator));
        }
        // Plans loaded before deadlines were kept have none: load them again.
        let same = old.content_sha256 == parsed.sha256 && old.report_schedule.is_some();
        if same && old.uploaded_by.as_deref() == uploaded_by && old.retired_at.is_none() {
            return Ok(left_alone(Stored::Unchanged));
        }
    }
    let schedule = serde_json::to_string(&plan.reports).unwrap_or_else(|_| "[]".into());
    let now = chrono::Utc::now();
    let mut active = match &existing {
        Some(old) => {
            plan_targets::Entity::delete_many()
                .filter(plan_targets::Column::PlanId.eq(old.id))
                .exec(txn)
                .await?;
            let mut active: plans::ActiveModel = old.clone().into();
            active.retired_at = Set(None);
            active
        }
        None => plans::ActiveModel {
            plan_key: Set(plan.id.clone()),
            created_at: Set(now),
            ..Default::default()
        },
    };
    active.title = Set(crate::text::clean(&plan.title));
    active.area_name = Set(crate::text::clean(&plan.area));
    active.province_id = Set(parsed.province_id);
    active.commune_id = Set(parsed.commune_id);
    active.period_from = Set(plan.period.from);
    active.period_to = Set(plan.period.to);
    active.source_file = Set(crate::text::clean(file_name));
    active.content_sha256 = Set(parsed.sha256.clone());
    active.report_schedule = Set(Some(schedule));
    active.uploaded_by = Set(uploaded_by.map(str::to_owned));
    active.updated_at = Set(now);
    let (after, stored) = match existing {
        Some(_) => (active.update(txn).await?, Stored::Updated),
        None => (active.insert(txn).await?, Stored::Created),
    };
    let plan_id = after.id;
    for (position, target) in plan.targets.iter().enumerate() {
        plan_targets::ActiveModel {
            plan_id: Set(plan_id),
            position: Set(position as i32),
            metric: Set(target.metric.clone()),
            op: Set(target.op.clone()),
            value: Set(target.value),
            by_date: Set(target.by),
            source: Set(crate::text::clean(target.source.as_deref().unwrap_or(""))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(StoreOutcome {
        stored,
        before: existing,
        after: Some(after),
    })
}

/// The stored plan of id `plan_key`, retired or not.
pub async fn find(
    db: &impl ConnectionTrait,
    plan_key: &str,
) -> Result<Option<plans::Model>, DbErr> {
    plans::Entity::find()
        .filter(plans::Column::PlanKey.eq(plan_key))
        .one(db)
        .await
}
