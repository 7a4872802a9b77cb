//! Times are stored in UTC and shown in Asia/Ho_Chi_Minh. Vietnam has kept UTC+7
//! without daylight saving since 1975, so a fixed offset is exact for every date
//! the register holds, and spares shipping a time-zone database.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// Asia/Ho_Chi_Minh.
pub fn vn_offset() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The current time in Vietnam.
pub fn now_vn() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&vn_offset())
}

/// An instant shown in Vietnam time, "23/11/2026 14:05".
pub fn format_vn(at: DateTime<Utc>) -> String {
    at.with_timezone(&vn_offset())
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// A date in the Vietnamese order, "23/11/2026".
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// A date as a form sends it: `yyyy-mm-dd` (a date input) or `dd/mm/yyyy`
/// (typed by hand, as Vietnamese write dates).
pub fn parse_form_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .ok()
}

/// The end of a certification's validity: 36 months after the decision
/// (exclusive), clamped to the month's last day when that day does not exist.
pub fn certification_expiry(decided_on: NaiveDate) -> NaiveDate {
    decided_on
        .checked_add_months(chrono::Months::new(36))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_is_36_months_later() {
        let d = NaiveDate::from_ymd_opt(2023, 4, 4).unwrap();
        assert_eq!(
            certification_expiry(d),
            NaiveDate::from_ymd_opt(2026, 4, 4).unwrap()
        );
        let leap = NaiveDate::from_ymd_opt(2020, 2, 29).unwrap();
        assert_eq!(
            certification_expiry(leap),
            NaiveDate::from_ymd_opt(2023, 2, 28).unwrap()
        );
    }

    #[test]
    fn shown_in_vietnam_time() {
        let at = DateTime::parse_from_rfc3339("2026-01-01T20:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(format_vn(at), "02/01/2026 03:30");
    }
}
