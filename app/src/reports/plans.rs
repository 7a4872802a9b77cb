//! Plan files (`plans/*.toml`): an area's OCOP plan and its targets, loaded into
//! the `plans` and `plan_targets` tables. Loading is idempotent: a file whose
//! content did not change is left alone; a changed one replaces its targets.

use crate::admin_units::AdminUnits;
use crate::entities::{plan_targets, plans};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const OPS: &[&str] = &[">=", "<=", "=", ">", "<"];

#[derive(Debug, Deserialize)]
struct PlanFile {
    id: String,
    title: String,
    area: String,
    #[serde(default)]
    area_level: Option<String>,
    #[serde(default)]
    province: Option<String>,
    period: Period,
    #[serde(default)]
    reports: Vec<ReportDue>,
    #[serde(default)]
    targets: Vec<TargetFile>,
}

/// A reporting deadline of a plan: its kind (`quarterly`, `half_year`,
/// `annual`) and the day of the first report of a year, `MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDue {
    /// `quarterly`, `half_year` or `annual`.
    pub kind: String,
    /// `MM-DD`: the first due day of a year; quarterly reports repeat every
    /// three months from it, half-yearly every six.
    pub due: String,
}

#[derive(Debug, Deserialize)]
struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(Debug, Deserialize)]
struct TargetFile {
    metric: String,
    op: String,
    value: f64,
    #[serde(default)]
    by: Option<NaiveDate>,
    #[serde(default)]
    source: Option<String>,
}

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

impl ReportDue {
    /// The first due day of `year`.
    pub fn first_day(&self, year: i32) -> Option<NaiveDate> {
        let (month, day) = self.due.split_once('-')?;
        NaiveDate::from_ymd_opt(year, month.parse().ok()?, day.parse().ok()?)
    }

    /// Months between two reports of this kind.
    pub fn every_months(&self) -> u32 {
        match self.kind.as_str() {
            "quarterly" => 3,
            "half_year" => 6,
            _ => 12,
        }
    }

    /// Every due day of this kind within `[from, to]`.
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        use chrono::Datelike;
        let mut days = Vec::new();
        for year in from.year()..=to.year() {
            let Some(first) = self.first_day(year) else {
                continue;
            };
            let mut months = 0;
            while months < 12 {
                if let Some(day) = first.checked_add_months(chrono::Months::new(months)) {
                    if day.year() == year && from <= day && day <= to {
                        days.push(day);
                    }
                }
                months += self.every_months();
            }
        }
        days
    }
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
        let plan: PlanFile = toml::from_str(&text).map_err(|e| PlanError::Invalid {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        let invalid = |reason: String| PlanError::Invalid {
            path: path.clone(),
            reason,
        };
        validate(&plan).map_err(invalid)?;
        let (province_id, commune_id) = resolve_area(&units, &plan).map_err(invalid)?;
        let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let existing = plans::Entity::find()
            .filter(plans::Column::PlanKey.eq(plan.id.clone()))
            .one(db)
            .await?;
        let schedule = serde_json::to_string(&plan.reports).unwrap_or_else(|_| "[]".into());
        // Plans loaded before deadlines were kept have none: load them again.
        if existing
            .as_ref()
            .is_some_and(|p| p.content_sha256 == sha && p.report_schedule.is_some())
        {
            report.unchanged += 1;
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let now = chrono::Utc::now();
        let plan_id = match existing {
            Some(old) => {
                plan_targets::Entity::delete_many()
                    .filter(plan_targets::Column::PlanId.eq(old.id))
                    .exec(&txn)
                    .await?;
                let id = old.id;
                let mut active: plans::ActiveModel = old.into();
                active.title = Set(crate::text::clean(&plan.title));
                active.area_name = Set(crate::text::clean(&plan.area));
                active.province_id = Set(province_id);
                active.commune_id = Set(commune_id);
                active.period_from = Set(plan.period.from);
                active.period_to = Set(plan.period.to);
                active.source_file = Set(file_name);
                active.content_sha256 = Set(sha);
                active.report_schedule = Set(Some(schedule));
                active.updated_at = Set(now);
                active.update(&txn).await?;
                report.updated += 1;
                id
            }
            None => {
                let inserted = plans::ActiveModel {
                    plan_key: Set(plan.id.clone()),
                    title: Set(crate::text::clean(&plan.title)),
                    area_name: Set(crate::text::clean(&plan.area)),
                    province_id: Set(province_id),
                    commune_id: Set(commune_id),
                    period_from: Set(plan.period.from),
                    period_to: Set(plan.period.to),
                    source_file: Set(file_name),
                    content_sha256: Set(sha),
                    report_schedule: Set(Some(schedule)),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
                report.created += 1;
                inserted.id
            }
        };
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
            .insert(&txn)
            .await?;
        }
        txn.commit().await?;
    }
    Ok(report)
}

fn validate(plan: &PlanFile) -> Result<(), String> {
    if plan.id.trim().is_empty() {
        return Err("thiếu id kế hoạch / the plan has no id".into());
    }
    if plan.period.to < plan.period.from {
        return Err(
            "kỳ kế hoạch kết thúc trước khi bắt đầu / the period ends before it starts".into(),
        );
    }
    for r in &plan.reports {
        if !["quarterly", "half_year", "annual"].contains(&r.kind.as_str())
            || r.first_day(2000).is_none()
        {
            return Err(format!(
                "hạn báo cáo không hợp lệ {} {} / bad report deadline {} {}",
                r.kind, r.due, r.kind, r.due
            ));
        }
    }
    for (i, t) in plan.targets.iter().enumerate() {
        if crate::reports::metrics::Metric::from_id(&t.metric).is_none() {
            return Err(format!(
                "chỉ tiêu {} không có trong REPORTING.md / unknown metric {}",
                t.metric, t.metric
            ));
        }
        if !OPS.contains(&t.op.as_str()) {
            return Err(format!(
                "mục tiêu {}: phép so sánh không hợp lệ {} / target {}: bad op {}",
                i + 1,
                t.op,
                i + 1,
                t.op
            ));
        }
        if !t.value.is_finite() || t.value < 0.0 || (t.metric.ends_with("_pct") && t.value > 100.0)
        {
            return Err(format!(
                "mục tiêu {}: giá trị không hợp lệ {} / target {}: bad value {}",
                i + 1,
                t.value,
                i + 1,
                t.value
            ));
        }
    }
    Ok(())
}

fn resolve_area(units: &AdminUnits, plan: &PlanFile) -> Result<(Option<i64>, Option<i64>), String> {
    if plan.area_level.as_deref() == Some("commune") {
        let province_name = plan.province.as_deref().unwrap_or("");
        let province = units.province(province_name).ok_or_else(|| {
            format!("không có tỉnh/thành phố {province_name} / unknown province {province_name}")
        })?;
        let commune = units.commune(province.id, &plan.area).ok_or_else(|| {
            format!(
                "không có xã/phường {} / unknown commune {}",
                plan.area, plan.area
            )
        })?;
        Ok((Some(province.id), Some(commune.id)))
    } else {
        let province = units.province(&plan.area).ok_or_else(|| {
            format!(
                "không có tỉnh/thành phố {} / unknown province {}",
                plan.area, plan.area
            )
        })?;
        Ok((Some(province.id), None))
    }
}
