//! Reports against the plans' targets, exactly as REPORTING.md defines every
//! figure: the metrics engine (`metrics`), the database reads (`load`), a
//! plan's report (`plan`), its CSV and XLSX exports (`export`), and the
//! public pages `/bao-cao` (the plans), `/bao-cao/{plan}` (a plan's report)
//! and `/bao-cao/chi-so` (every metric of any province or commune); the plan
//! files and their targets they are read against (`plans`).
//! Programme figures, not personal data: public, like the API's.

pub mod annual;
#[cfg(feature = "ssr")]
pub mod annual_xlsx;
pub mod area_page;
pub mod charts;
pub mod metrics;
pub mod plan;
pub mod plan_page;
pub mod preview;

#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod load;
#[cfg(feature = "ssr")]
pub mod plan_file;
#[cfg(feature = "ssr")]
pub mod plans;

use chrono::NaiveDate;

/// The as-of date of a page or API request: `raw` as `yyyy-mm-dd` (or
/// `dd/mm/yyyy`), `default` when empty; `None` when it is not a date, or
/// out of the range reports make sense for.
pub fn parse_as_of(raw: &str, default: NaiveDate) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        return Some(default);
    }
    let day = crate::time::parse_form_date(raw)?;
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a real date");
    let latest = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a real date");
    (earliest..=latest).contains(&day).then_some(day)
}
