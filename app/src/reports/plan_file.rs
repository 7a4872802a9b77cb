//! A plan file (`plans/*.toml`, or one an administrator uploads) read and
//! checked: every field known, every metric one of REPORTING.md's, every
//! target in its metric's unit, the area one of the administrative units.
//! Pure: nothing is written here (see `plans` for storing).

pub use super::preview::{PlanPreview, ReportDue, TargetPreview};
use crate::admin_units::AdminUnits;
use crate::reports::metrics::Metric;
use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

const OPS: &[&str] = &[">=", "<=", "=", ">", "<"];

/// The largest plan file read (the official ones are under 10 KB).
pub const MAX_PLAN_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanFile {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) area: String,
    #[serde(default)]
    area_level: Option<String>,
    #[serde(default)]
    province: Option<String>,
    pub(crate) period: Period,
    #[serde(default)]
    pub(crate) reports: Vec<ReportDue>,
    #[serde(default)]
    pub(crate) targets: Vec<TargetFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Period {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TargetFile {
    pub(crate) metric: String,
    pub(crate) op: String,
    pub(crate) value: f64,
    /// Optional: `count` or `percent` (`%`); when given it must be the
    /// metric's own unit.
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    pub(crate) by: Option<NaiveDate>,
    #[serde(default)]
    pub(crate) source: Option<String>,
}

/// A plan file that passed every check, with its area resolved: what would
/// be stored.
#[derive(Debug, Clone)]
pub struct ParsedPlan {
    pub(crate) file: PlanFile,
    pub(crate) province_id: Option<i64>,
    pub(crate) commune_id: Option<i64>,
    pub(crate) sha256: String,
}

impl ParsedPlan {
    /// The plan's id (`plan_key`).
    pub fn id(&self) -> &str {
        &self.file.id
    }

    /// What the administrator sees before storing it.
    pub fn preview(&self) -> PlanPreview {
        let file = &self.file;
        PlanPreview {
            id: file.id.clone(),
            title: crate::text::clean(&file.title),
            area: crate::text::clean(&file.area),
            from: file.period.from,
            to: file.period.to,
            reports: file.reports.clone(),
            targets: file
                .targets
                .iter()
                .map(|t| TargetPreview {
                    metric: t.metric.clone(),
                    share: Metric::from_id(&t.metric).is_some_and(Metric::is_share),
                    op: t.op.clone(),
                    value: t.value,
                    by: t.by,
                    source: crate::text::clean(t.source.as_deref().unwrap_or("")),
                })
                .collect(),
        }
    }
}

/// Reads and checks a plan file's text; the reason it cannot be used, in
/// Vietnamese then English.
pub fn parse(text: &str, units: &AdminUnits) -> Result<ParsedPlan, String> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(format!(
            "tệp kế hoạch dài quá {} KB / the plan file is over {} KB",
            MAX_PLAN_BYTES / 1024,
            MAX_PLAN_BYTES / 1024
        ));
    }
    let file: PlanFile = toml::from_str(text).map_err(|e| {
        let what = e.message().to_string();
        match e.span().map(|s| line_of(text, s.start)) {
            Some(line) => format!(
                "tệp không đúng định dạng TOML của kế hoạch (dòng {line}): {what} / not a plan TOML file (line {line}): {what}"
            ),
            None => format!(
                "tệp không đúng định dạng TOML của kế hoạch: {what} / not a plan TOML file: {what}"
            ),
        }
    })?;
    validate(&file)?;
    let (province_id, commune_id) = resolve_area(units, &file)?;
    Ok(ParsedPlan {
        sha256: format!("{:x}", Sha256::digest(text.as_bytes())),
        file,
        province_id,
        commune_id,
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |t| t.matches('\n').count() + 1)
}

fn validate(plan: &PlanFile) -> Result<(), String> {
    let id_ok = !plan.id.is_empty()
        && plan.id.len() <= 80
        && plan
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !id_ok {
        return Err("id của kế hoạch chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 80 ký tự) / the plan's id is lowercase ASCII letters, digits and hyphens (at most 80)".into());
    }
    if plan.title.trim().is_empty() || plan.area.trim().is_empty() {
        return Err("kế hoạch cần title và area / the plan needs a title and an area".into());
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
        check_target(i + 1, t)?;
    }
    Ok(())
}

fn check_target(n: usize, t: &TargetFile) -> Result<(), String> {
    let Some(metric) = Metric::from_id(&t.metric) else {
        return Err(format!(
            "mục tiêu {n}: chỉ tiêu {} không có trong REPORTING.md / target {n}: unknown metric {}",
            t.metric, t.metric
        ));
    };
    if !OPS.contains(&t.op.as_str()) {
        return Err(format!(
            "mục tiêu {n}: phép so sánh không hợp lệ {} / target {n}: bad op {}",
            t.op, t.op
        ));
    }
    let share = metric.is_share();
    let unit_ok = match t.unit.as_deref().map(str::trim) {
        None => true,
        Some("percent" | "%") => share,
        Some("count") => !share,
        Some(_) => false,
    };
    if !unit_ok {
        let (vi, en) = if share {
            ("phần trăm (percent)", "a percentage (percent)")
        } else {
            ("số lượng (count)", "a count (count)")
        };
        return Err(format!(
            "mục tiêu {n}: chỉ tiêu {} tính bằng {vi}, không phải {} / target {n}: {} is {en}, not {}",
            t.metric,
            t.unit.as_deref().unwrap_or(""),
            t.metric,
            t.unit.as_deref().unwrap_or("")
        ));
    }
    let in_range = t.value.is_finite()
        && t.value >= 0.0
        && if share {
            t.value <= 100.0
        } else {
            t.value.fract() == 0.0 && t.value <= 1e9
        };
    if !in_range {
        let (vi, en) = if share {
            ("một tỷ lệ từ 0 đến 100", "a share from 0 to 100")
        } else {
            ("một số nguyên không âm", "a whole number, not negative")
        };
        return Err(format!(
            "mục tiêu {n}: giá trị {} không hợp lệ, {} phải là {vi} / target {n}: bad value {}, {} must be {en}",
            t.value, t.metric, t.value, t.metric
        ));
    }
    Ok(())
}

fn resolve_area(units: &AdminUnits, plan: &PlanFile) -> Result<(Option<i64>, Option<i64>), String> {
    match plan.area_level.as_deref() {
        Some("commune") => {
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
        }
        None | Some("province") => {
            let province = units.province(&plan.area).ok_or_else(|| {
                format!(
                    "không có tỉnh/thành phố {} / unknown province {}",
                    plan.area, plan.area
                )
            })?;
            Ok((Some(province.id), None))
        }
        Some(other) => Err(format!(
            "area_level {other} không hợp lệ (province hoặc commune) / bad area_level {other} (province or commune)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> AdminUnits {
        AdminUnits::from_dataset()
    }

    const GOOD: &str = r#"
id = "thu-2027"
title = "Kế hoạch thử năm 2027"
area = "Cần Thơ"
period = { from = "2027-01-01", to = "2027-12-31" }
reports = [{ kind = "annual", due = "12-10" }]

[[targets]]
metric = "new_certified_products"
op = ">="
value = 40
unit = "count"

[[targets]]
metric = "products_on_ecommerce_pct"
op = ">="
value = 75.5
unit = "%"
"#;

    #[test]
    fn the_shipped_plans_pass_every_check() {
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/plans"));
        let units = units();
        for entry in std::fs::read_dir(dir).expect("plans folder") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("plan");
            let plan = parse(&text, &units).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert!(!plan.preview().targets.is_empty(), "{path:?}");
        }
    }

    #[test]
    fn a_good_plan_previews_its_targets_in_their_units() {
        let plan = parse(GOOD, &units()).expect("valid");
        let preview = plan.preview();
        assert_eq!(preview.id, "thu-2027");
        assert_eq!(preview.targets.len(), 2);
        assert!(!preview.targets[0].share && preview.targets[1].share);
        assert_eq!(parse(GOOD, &units()).unwrap().sha256, plan.sha256);
    }

    #[test]
    fn each_kind_of_bad_plan_is_named() {
        let units = units();
        let cases = [
            (
                GOOD.replace("new_certified_products", "new_shops"),
                "unknown metric new_shops",
            ),
            (
                GOOD.replace("unit = \"count\"", "unit = \"%\""),
                "is a count",
            ),
            (
                GOOD.replace("value = 40", "value = 40.5"),
                "must be a whole number",
            ),
            (
                GOOD.replace("value = 75.5", "value = 120"),
                "a share from 0 to 100",
            ),
            (
                GOOD.replace("op = \">=\"\nvalue = 40", "op = \"~\"\nvalue = 40"),
                "bad op",
            ),
            (
                GOOD.replace("area = \"Cần Thơ\"", "area = \"Atlantis\""),
                "unknown province",
            ),
            (
                GOOD.replace("unit = \"count\"", "units = \"count\""),
                "line 12",
            ),
            (
                GOOD.replace("to = \"2027-12-31\"", "to = \"2026-12-31\""),
                "ends before",
            ),
            (GOOD.replace("thu-2027", "Thử 2027"), "lowercase ASCII"),
            ("<html>not a plan</html>".into(), "not a plan TOML file"),
            ("x".repeat(MAX_PLAN_BYTES + 1), "over 64 KB"),
        ];
        for (text, expected) in cases {
            let err = parse(&text, &units).expect_err(expected);
            assert!(err.contains(expected), "{expected}: {err}");
            assert!(err.contains(" / "), "Vietnamese then English: {err}");
        }
    }
}
