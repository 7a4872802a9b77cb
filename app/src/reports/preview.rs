//! What a plan file holds, as the administrator previews it before storing
//! it, and its reporting deadlines: plain data, shared with the browser.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A reporting deadline of a plan: its kind (`quarterly`, `half_year`,
/// `annual`) and the day of the first report of a year, `MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", serde(deny_unknown_fields))]
pub struct ReportDue {
    /// `quarterly`, `half_year` or `annual`.
    pub kind: String,
    /// `MM-DD`: the first due day of a year; quarterly reports repeat every
    /// three months from it, half-yearly every six.
    pub due: String,
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

/// A target as the preview shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetPreview {
    /// The metric id of REPORTING.md.
    pub metric: String,
    /// Whether the value is a percentage.
    pub share: bool,
    /// `>=`, `<=`, `=`, `>` or `<`.
    pub op: String,
    /// The target value.
    pub value: f64,
    /// The date by which it must hold.
    pub by: Option<NaiveDate>,
    /// The plan section it comes from.
    pub source: String,
}

/// What a plan file holds, as the administrator checks it before storing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanPreview {
    /// The plan's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The area's name.
    pub area: String,
    /// First day of the period.
    pub from: NaiveDate,
    /// Last day of the period.
    pub to: NaiveDate,
    /// Reporting deadlines.
    pub reports: Vec<ReportDue>,
    /// The targets, in the file's order.
    pub targets: Vec<TargetPreview>,
}
