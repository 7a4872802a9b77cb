//! Reading typed values out of one CSV record, by column name, collecting every
//! problem instead of stopping at the first, each naming its column.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use csv::StringRecord;

use crate::domain::RegisterCode;
use crate::text::clean;
use crate::time::vn_offset;

/// One problem found in a row, before it is tied to a file and a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Issue {
    pub column: Option<&'static str>,
    pub message: String,
}

/// Where each column sits in the file (column order is free).
#[derive(Debug, Clone, Default)]
pub(super) struct Header {
    index: HashMap<String, usize>,
}

impl Header {
    /// Reads the header row; names are trimmed and lower-cased, a UTF-8 byte-order
    /// mark (Excel adds one) is dropped.
    pub fn new(record: &StringRecord) -> Self {
        let index = record
            .iter()
            .enumerate()
            .map(|(i, name)| (name.trim_start_matches('\u{feff}').trim().to_lowercase(), i))
            .collect();
        Header { index }
    }

    /// The columns of `required` that the file lacks.
    pub fn missing(&self, required: &[&'static str]) -> Vec<&'static str> {
        required
            .iter()
            .copied()
            .filter(|c| !self.index.contains_key(*c))
            .collect()
    }
}

/// A record being read: each getter returns `None` (and records why) when the
/// value is bad, so a row shows all of its problems at once.
pub(super) struct Fields<'r> {
    header: &'r Header,
    record: &'r StringRecord,
    pub issues: Vec<Issue>,
}

impl<'r> Fields<'r> {
    pub fn new(header: &'r Header, record: &'r StringRecord) -> Self {
        Fields {
            header,
            record,
            issues: Vec::new(),
        }
    }

    /// Records a problem with `column`.
    pub fn fail(&mut self, column: &'static str, message: impl Into<String>) {
        self.issues.push(Issue {
            column: Some(column),
            message: message.into(),
        });
    }

    /// The raw value, trimmed ("" when the column is absent from this record).
    pub fn raw(&self, column: &str) -> &'r str {
        self.header
            .index
            .get(column)
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// The value as stored text: NFC, trimmed, single spaces; may be empty.
    pub fn text(&self, column: &str) -> String {
        clean(self.raw(column))
    }

    /// Like [`Fields::text`], `None` for an empty value.
    pub fn opt_text(&self, column: &str) -> Option<String> {
        Some(self.text(column)).filter(|s| !s.is_empty())
    }

    /// Text that must not be empty.
    pub fn required(&mut self, column: &'static str) -> Option<String> {
        let value = self.opt_text(column);
        if value.is_none() {
            self.fail(column, "không được để trống");
        }
        value
    }

    /// A register code (upper-cased).
    pub fn code(&mut self, column: &'static str) -> Option<String> {
        let raw = self.raw(column);
        if raw.is_empty() {
            self.fail(column, "không được để trống");
            return None;
        }
        match RegisterCode::parse(raw) {
            Ok(code) => Some(code.as_str().to_owned()),
            Err(e) => {
                self.fail(column, e.to_string());
                None
            }
        }
    }

    /// A list of register codes separated by `;`, empty items ignored.
    pub fn codes(&mut self, column: &'static str) -> Vec<String> {
        let mut codes = Vec::new();
        for raw in self
            .raw(column)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match RegisterCode::parse(raw) {
                Ok(code) if !codes.iter().any(|c| c == code.as_str()) => {
                    codes.push(code.as_str().to_owned())
                }
                Ok(_) => {}
                Err(e) => self.fail(column, e.to_string()),
            }
        }
        codes
    }

    /// A 0/1 flag.
    pub fn flag(&mut self, column: &'static str) -> Option<bool> {
        match self.raw(column) {
            "0" => Some(false),
            "1" => Some(true),
            other => {
                let message = format!("phải là 0 hoặc 1: {other}");
                self.fail(column, message);
                None
            }
        }
    }

    /// A whole number within `range`; `what` names the quantity in the message
    /// ("số sao phải từ 3 đến 5: 2").
    pub fn int(
        &mut self,
        column: &'static str,
        range: std::ops::RangeInclusive<i64>,
        what: &str,
    ) -> Option<i64> {
        let raw = self.raw(column);
        match raw.parse::<i64>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                let message = format!("{what}: {raw}");
                self.fail(column, message);
                None
            }
        }
    }

    /// One of `allowed`, returned as the canonical `'static` spelling.
    pub fn choice(
        &mut self,
        column: &'static str,
        allowed: &[&'static str],
        what: &str,
    ) -> Option<&'static str> {
        let raw = self.raw(column);
        let found = allowed
            .iter()
            .copied()
            .find(|a| a.eq_ignore_ascii_case(raw));
        if found.is_none() {
            let message = format!(
                "{what} không hợp lệ: {raw} (chấp nhận: {})",
                allowed.join(", ")
            );
            self.fail(column, message);
        }
        found
    }

    /// An http(s) URL, `None` inside when empty.
    pub fn url(&mut self, column: &'static str) -> Option<Option<String>> {
        let raw = self.raw(column);
        if raw.is_empty() {
            return Some(None);
        }
        match url::Url::parse(raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                Some(Some(clean(raw)))
            }
            _ => {
                let message =
                    format!("địa chỉ web không hợp lệ (cần http:// hoặc https://): {raw}");
                self.fail(column, message);
                None
            }
        }
    }

    /// A date written `YYYY-MM-DD`.
    pub fn date(&mut self, column: &'static str) -> Option<NaiveDate> {
        let raw = self.raw(column);
        let parsed = (raw.len() == 10)
            .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
            .flatten();
        if parsed.is_none() {
            let message = format!("ngày không hợp lệ (cần YYYY-MM-DD): {raw}");
            self.fail(column, message);
        }
        parsed
    }

    /// An optional date: `Some(None)` when empty.
    pub fn opt_date(&mut self, column: &'static str) -> Option<Option<NaiveDate>> {
        if self.raw(column).is_empty() {
            Some(None)
        } else {
            self.date(column).map(Some)
        }
    }

    /// A local Vietnam time `YYYY-MM-DDTHH:MM`, as a UTC instant.
    pub fn local_time(&mut self, column: &'static str) -> Option<DateTime<Utc>> {
        let raw = self.raw(column);
        let parsed = (raw.len() == 16)
            .then(|| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M").ok())
            .flatten()
            .and_then(|local| vn_offset().from_local_datetime(&local).single())
            .map(|t| t.with_timezone(&Utc));
        if parsed.is_none() {
            let message =
                format!("thời gian không hợp lệ (cần YYYY-MM-DDTHH:MM, giờ Việt Nam): {raw}");
            self.fail(column, message);
        }
        parsed
    }

    /// A decimal number of degrees within ±`limit`.
    pub fn degrees(&mut self, column: &'static str, limit: f64, what: &str) -> Option<f64> {
        let raw = self.raw(column);
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && (-limit..=limit).contains(&v) => Some(v),
            _ => {
                let message = format!("{what} phải là số từ {} đến {}: {raw}", -limit, limit);
                self.fail(column, message);
                None
            }
        }
    }
}
