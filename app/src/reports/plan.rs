//! A plan's report: each target with its actual figure, status and gap as of
//! a date, a trend by quarter, a drill-down to the communes of a province,
//! and the plan's upcoming reporting deadlines.

use super::metrics::{share_tenths, Figure, Metric};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A loaded plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanInfo {
    /// The plan file's `id`.
    pub id: String,
    /// The plan's title, in Vietnamese as issued.
    pub title: String,
    /// The area's name.
    pub area: String,
    /// `province` or `commune`.
    pub area_level: String,
    /// First day of the plan period.
    pub from: NaiveDate,
    /// Last day of the plan period.
    pub to: NaiveDate,
    /// The plan file it was loaded from.
    pub source_file: String,
    /// How many targets it sets.
    pub targets: usize,
}

/// Whether a target is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The actual value satisfies `op value`.
    Met,
    /// It does not (or the share is n/a).
    Behind,
}

/// A target with its figures as of the report's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRow {
    /// The metric id of REPORTING.md.
    pub metric: String,
    /// `>=`, `<=`, `=`, `>` or `<`.
    pub op: String,
    /// The target value (a percentage for shares).
    pub target: f64,
    /// The date by which it must hold.
    pub by: Option<NaiveDate>,
    /// The plan section it comes from.
    pub source: String,
    /// The count, or the share with one decimal; `None` is "n/a".
    pub actual: Option<f64>,
    /// The count or the share's numerator.
    pub numerator: i64,
    /// The share's denominator (`None` for counts).
    pub denominator: Option<i64>,
    /// Met or behind.
    pub status: TargetStatus,
    /// How many more items (or numerator items) would meet it; `None` when
    /// no number of items can (a share over zero).
    pub gap: Option<i64>,
    /// The actual value at the end of each quarter of [`PlanReport::quarters`].
    pub trend: Vec<Option<f64>>,
}

/// A commune of the drill-down: the plan's metrics for that commune alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommuneRow {
    /// The commune's id (for the link to its own figures).
    pub id: i64,
    /// Its name.
    pub name: String,
    /// The actual value of each target's metric, in the targets' order.
    pub actuals: Vec<Option<f64>>,
}

/// A plan's report as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanReport {
    /// The plan.
    pub plan: PlanInfo,
    /// The date asked for.
    pub as_of: NaiveDate,
    /// The date counted to: `as_of` capped at the period's end.
    pub counted_to: NaiveDate,
    /// Every target, in the plan's order.
    pub targets: Vec<TargetRow>,
    /// The quarter ends (and the counted-to date) of the trend.
    pub quarters: Vec<NaiveDate>,
    /// The province's communes with a producer or a sales point, by name;
    /// empty for a commune's plan.
    pub communes: Vec<CommuneRow>,
    /// Reporting deadlines from the counted-to date to the period's end:
    /// (kind, day).
    pub due: Vec<(String, NaiveDate)>,
}

/// The target value in tenths (the unit shares are compared in).
fn tenths_of(value: f64) -> i64 {
    (value * 10.0).round() as i64
}

/// Whether an actual value (in tenths) satisfies `op target`.
pub fn satisfies(op: &str, actual_tenths: i64, target: f64) -> bool {
    let t = tenths_of(target);
    match op {
        ">=" => actual_tenths >= t,
        ">" => actual_tenths > t,
        "<=" => actual_tenths <= t,
        "<" => actual_tenths < t,
        _ => actual_tenths == t,
    }
}

/// "A target's status is `met` when the actual value satisfies `op value`;
/// otherwise `behind`."
pub fn status(op: &str, target: f64, figure: Figure) -> TargetStatus {
    match figure.tenths() {
        Some(actual) if satisfies(op, actual, target) => TargetStatus::Met,
        _ => TargetStatus::Behind,
    }
}

/// "How many more items (for a count) or how many more numerator items (for
/// a share, at today's denominator) would meet the target." For an upper
/// bound (`<=`, `<`) it is how many fewer; zero when met; `None` when no
/// number can (n/a shares, an `=` no whole count reaches).
pub fn gap(op: &str, target: f64, figure: Figure) -> Option<i64> {
    let n = figure.numerator;
    let raising = matches!(op, ">=" | ">" | "=");
    let value = |k: i64| -> Option<i64> {
        let m = if raising { n + k } else { n - k };
        match figure.denominator {
            None => Some(m * 10),
            Some(d) if m <= d && m >= 0 => Some(share_tenths(m, d)),
            Some(_) => None,
        }
    };
    figure.tenths()?;
    if op == "=" && figure.denominator.is_none() {
        let t = tenths_of(target);
        return (t % 10 == 0).then(|| (t / 10 - n).abs());
    }
    let limit = match figure.denominator {
        Some(d) if raising => d - n,
        _ if !raising => n,
        // A count can always be raised: the bound is the target itself.
        _ => (tenths_of(target) / 10 - n).max(0) + 1,
    };
    (0..=limit).find(|k| value(*k).is_some_and(|v| satisfies(op, v, target)))
}

/// The quarter ends of `[from, counted_to]`, then `counted_to` itself when it
/// is not one.
pub fn quarter_ends(from: NaiveDate, counted_to: NaiveDate) -> Vec<NaiveDate> {
    use chrono::Datelike;
    let mut ends = Vec::new();
    for year in from.year()..=counted_to.year() {
        for (month, day) in [(3, 31), (6, 30), (9, 30), (12, 31)] {
            let end = NaiveDate::from_ymd_opt(year, month, day).expect("a real date");
            if from <= end && end < counted_to {
                ends.push(end);
            }
        }
    }
    ends.push(counted_to);
    ends
}

/// The label of a metric id, in Vietnamese and English (the id itself when
/// unknown, which plan loading refuses).
pub fn metric_label(id: &str) -> (&'static str, &'static str) {
    Metric::from_id(id).map_or(("", ""), Metric::label)
}

/// The name of a reporting deadline's kind, in Vietnamese and English.
pub fn due_label(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "quarterly" => ("Báo cáo quý", "Quarterly report"),
        "half_year" => ("Báo cáo 6 tháng", "Half-year report"),
        _ => ("Báo cáo năm", "Annual report"),
    }
}

#[cfg(feature = "ssr")]
pub use service::*;

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use crate::entities::{communes, plan_targets, plans};
    use crate::error::AppResult;
    use crate::reports::load::{load_facts, Area};
    use crate::reports::metrics::{compute, AreaFacts, Figures};
    use crate::reports::plans::ReportDue;
    use sea_orm::sea_query::ExprTrait;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

    fn info(plan: &plans::Model, targets: usize) -> PlanInfo {
        PlanInfo {
            id: plan.plan_key.clone(),
            title: plan.title.clone(),
            area: plan.area_name.clone(),
            area_level: if plan.commune_id.is_some() {
                "commune".into()
            } else {
                "province".into()
            },
            from: plan.period_from,
            to: plan.period_to,
            source_file: plan.source_file.clone(),
            targets,
        }
    }

    /// Every plan in force (not retired), by id.
    pub async fn list_plans(db: &DatabaseConnection) -> AppResult<Vec<PlanInfo>> {
        let rows = plans::Entity::find()
            .filter(plans::Column::RetiredAt.is_null())
            .find_with_related(plan_targets::Entity)
            .order_by_asc(plans::Column::PlanKey)
            .all(db)
            .await?;
        Ok(rows
            .iter()
            .map(|(plan, targets)| info(plan, targets.len()))
            .collect())
    }

    /// The figures of every metric of `area` over `[from, as_of]`.
    pub async fn area_figures(
        db: &DatabaseConnection,
        area: Area,
        from: NaiveDate,
        as_of: NaiveDate,
    ) -> AppResult<Figures> {
        let facts = load_facts(db, area).await?;
        Ok(compute(&facts, from, as_of))
    }

    /// The area named by an API request: `province` (code, slug or name) and
    /// `commune` (code, or name within the province); `Ok(Err(field))` names
    /// the parameter that matches nothing.
    pub async fn resolve_area(
        db: &DatabaseConnection,
        province: Option<&str>,
        commune: Option<&str>,
    ) -> AppResult<Result<Area, &'static str>> {
        use crate::text::match_key;
        let province_id = match province {
            Some(raw) => match crate::catalog::service::resolve_province(db, raw).await? {
                Some(id) => Some(id),
                None => return Ok(Err("province")),
            },
            None => None,
        };
        let Some(raw) = commune else {
            return Ok(Ok(Area::of(province_id, None)));
        };
        let mut query = communes::Entity::find();
        if let Some(id) = province_id {
            query = query.filter(communes::Column::ProvinceId.eq(id));
        }
        let key = match_key(raw);
        let found = query
            .filter(
                communes::Column::Code
                    .eq(raw.trim())
                    .or(communes::Column::NameKey.eq(key.clone()))
                    .or(communes::Column::FullNameKey.eq(key)),
            )
            .all(db)
            .await?;
        // A name shared by communes of several provinces needs the province.
        Ok(match found.as_slice() {
            [one] => Ok(Area::Commune(one.id)),
            _ => Err("commune"),
        })
    }

    /// The report of plan `plan_key` as of `as_of`; `None` when there is no
    /// such plan in force.
    pub async fn plan_report(
        db: &DatabaseConnection,
        plan_key: &str,
        as_of: NaiveDate,
    ) -> AppResult<Option<PlanReport>> {
        let Some(plan) = plans::Entity::find()
            .filter(plans::Column::PlanKey.eq(plan_key))
            .filter(plans::Column::RetiredAt.is_null())
            .one(db)
            .await?
        else {
            return Ok(None);
        };
        let targets = plan_targets::Entity::find()
            .filter(plan_targets::Column::PlanId.eq(plan.id))
            .order_by_asc(plan_targets::Column::Position)
            .all(db)
            .await?;
        let area = Area::of(plan.province_id, plan.commune_id);
        let facts = load_facts(db, area).await?;
        let from = plan.period_from;
        // "Plan period. [period.from, D], with D capped at period.to."
        let counted_to = Ord::min(as_of, plan.period_to);
        let figures = compute(&facts, from, counted_to);
        let quarters = quarter_ends(from, counted_to);
        let trend: Vec<Figures> = quarters.iter().map(|q| compute(&facts, from, *q)).collect();
        let metrics: Vec<Option<Metric>> =
            targets.iter().map(|t| Metric::from_id(&t.metric)).collect();
        let rows = targets
            .iter()
            .zip(&metrics)
            .filter_map(|(t, metric)| {
                let metric = (*metric)?;
                let figure = figures.get(metric);
                Some(TargetRow {
                    metric: t.metric.clone(),
                    op: t.op.clone(),
                    target: t.value,
                    by: t.by_date,
                    source: t.source.clone(),
                    actual: figure.value(),
                    numerator: figure.numerator,
                    denominator: figure.denominator,
                    status: status(&t.op, t.value, figure),
                    gap: gap(&t.op, t.value, figure),
                    trend: trend.iter().map(|f| f.get(metric).value()).collect(),
                })
            })
            .collect();
        let communes = match area {
            Area::Province(province) => {
                drill_down(db, &facts, province, &metrics, from, counted_to).await?
            }
            _ => Vec::new(),
        };
        let schedule: Vec<ReportDue> = plan
            .report_schedule
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        let mut due: Vec<(String, NaiveDate)> = schedule
            .iter()
            .flat_map(|r| {
                r.days(counted_to, plan.period_to)
                    .into_iter()
                    .map(|day| (r.kind.clone(), day))
            })
            .collect();
        due.sort_by_key(|(_, day)| *day);
        let plan_info = info(&plan, targets.len());
        Ok(Some(PlanReport {
            plan: plan_info,
            as_of,
            counted_to,
            targets: rows,
            quarters,
            communes,
            due,
        }))
    }

    /// The plan's metrics for each commune of `province` that has a producer
    /// or a sales point.
    async fn drill_down(
        db: &DatabaseConnection,
        facts: &AreaFacts,
        province: i64,
        metrics: &[Option<Metric>],
        from: NaiveDate,
        d: NaiveDate,
    ) -> AppResult<Vec<CommuneRow>> {
        use std::collections::BTreeSet;
        let present: BTreeSet<i64> = facts
            .producers
            .iter()
            .map(|p| p.commune_id)
            .chain(facts.sales_points.iter().map(|s| s.commune_id))
            .collect();
        let names = communes::Entity::find()
            .filter(communes::Column::ProvinceId.eq(province))
            .order_by_asc(communes::Column::NameKey)
            .all(db)
            .await?;
        Ok(names
            .into_iter()
            .filter(|c| present.contains(&c.id))
            .map(|c| {
                let figures = compute(&facts.commune(c.id), from, d);
                CommuneRow {
                    id: c.id,
                    name: c.full_name,
                    actuals: metrics
                        .iter()
                        .map(|m| m.and_then(|m| figures.get(m).value()))
                        .collect(),
                }
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(n: i64) -> Figure {
        Figure {
            numerator: n,
            denominator: None,
        }
    }

    fn share(n: i64, d: i64) -> Figure {
        Figure {
            numerator: n,
            denominator: Some(d),
        }
    }

    #[test]
    fn status_and_gap_of_counts() {
        assert_eq!(status(">=", 103.0, count(103)), TargetStatus::Met);
        assert_eq!(status(">=", 103.0, count(100)), TargetStatus::Behind);
        assert_eq!(gap(">=", 103.0, count(100)), Some(3));
        assert_eq!(gap(">=", 103.0, count(150)), Some(0));
        assert_eq!(gap(">", 2.0, count(2)), Some(1));
        assert_eq!(gap("<=", 5.0, count(8)), Some(3));
        assert_eq!(gap("=", 4.0, count(1)), Some(3));
        assert_eq!(gap("=", 2.5, count(1)), None);
    }

    #[test]
    fn status_and_gap_of_shares_use_the_rounded_value() {
        // 1 of 5 = 20.0 %: meets 20.
        assert_eq!(status(">=", 20.0, share(1, 5)), TargetStatus::Met);
        // 2 of 11 = 18.2 %: one more makes 27.3 %.
        assert_eq!(gap(">=", 20.0, share(2, 11)), Some(1));
        // 199 of 1000 = 19.9 %: one more is 20.0.
        assert_eq!(gap(">=", 20.0, share(199, 1000)), Some(1));
        // 100 % needs every lapsed product back.
        assert_eq!(gap(">=", 100.0, share(3, 7)), Some(4));
        // n/a: behind, and no number of items can help.
        assert_eq!(status(">=", 20.0, share(0, 0)), TargetStatus::Behind);
        assert_eq!(gap(">=", 20.0, share(0, 0)), None);
        // 1 of 3 = 33.3 % ≥ 33.3, not ≥ 33.4.
        assert_eq!(status(">=", 33.3, share(1, 3)), TargetStatus::Met);
        assert_eq!(status(">=", 33.4, share(1, 3)), TargetStatus::Behind);
    }

    #[test]
    fn quarters_end_at_the_counted_date() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(
            quarter_ends(day("2026-01-01"), day("2026-11-24")),
            vec![
                day("2026-03-31"),
                day("2026-06-30"),
                day("2026-09-30"),
                day("2026-11-24")
            ]
        );
        assert_eq!(quarter_ends(day("2026-01-01"), day("2026-12-31")).len(), 4);
    }
}
