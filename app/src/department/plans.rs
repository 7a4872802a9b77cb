//! Plan files (`plans/*.toml`): an area's OCOP plan and its targets, loaded into
//! the `plans` and `plan_targets` tables. Loading is idempotent: a file whose
//! content did not change is left alone; a changed one replaces its targets.

use crate::admin_units::AdminUnits;
use crate::entities::{plan_targets, plans};
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Every metric of REPORTING.md; a target naming another is refused.
pub const METRICS: &[&str] = &[
    "certified_products",
    "four_star_products",
    "five_star_products",
    "tourism_service_products",
    "new_certified_products",
    "new_tourism_service_products",
    "new_four_star_products",
    "new_five_star_products",
    "upgraded_three_to_four_pct",
    "expired_recertified",
    "expired_recertified_pct",
    "producers_cooperative_pct",
    "producers_sme_pct",
    "producers_women_led_pct",
    "producers_ethnic_minority_pct",
    "producers_with_website_pct",
    "producers_in_modern_channels_pct",
    "producers_with_stall_and_epayment_pct",
    "products_on_ecommerce_pct",
    "products_on_digital_platforms_pct",
    "products_in_modern_distribution_pct",
    "products_export_pct",
    "new_products_with_story_pct",
    "agri_products_traceable_pct",
    "new_sales_points",
    "communes_with_sales_point_pct",
    "trade_promotion_events",
];

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
    targets: Vec<TargetFile>,
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
        if existing.as_ref().is_some_and(|p| p.content_sha256 == sha) {
            report.unchanged += 1;
            continue;
        }
        let txn = db.begin().await?;
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
    for (i, t) in plan.targets.iter().enumerate() {
        if !METRICS.contains(&t.metric.as_str()) {
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
