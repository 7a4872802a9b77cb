//! Query-string parsing that answers bad input in the API's error shape instead
//! of axum's plain-text rejection.

use app::error::{AppError, FieldErrors};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

/// How every list in the API is paged: its document, written once. The
/// values are read by [`QueryParams::paging`].
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // describes the query string; the values are read from it
pub struct Paging {
    /// Page, from 1.
    #[param(minimum = 1, maximum = 1_000_000)]
    page: Option<i64>,
    /// Items per page: 20 unless given; values above 100 are read as 100.
    #[param(minimum = 1)]
    limit: Option<i64>,
}

/// The raw query parameters, validated field by field with every problem kept.
pub struct QueryParams {
    raw: HashMap<String, String>,
    problems: FieldErrors,
}

impl QueryParams {
    /// The parameters of a raw query string (axum's `RawQuery`), decoded
    /// leniently: bytes that are not UTF-8 become U+FFFD, so no address a
    /// person can type is refused before its values are read.
    pub fn from_raw(query: Option<String>) -> Self {
        let raw: HashMap<String, String> =
            form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        QueryParams {
            raw,
            problems: FieldErrors::default(),
        }
    }

    /// A non-empty text parameter.
    pub fn text(&self, name: &str) -> Option<String> {
        self.raw
            .get(name)
            .map(|v| app::text::clean(v))
            .filter(|v| !v.is_empty())
    }

    /// An integer parameter within `range`; anything else is recorded as a problem.
    pub fn int_in(&mut self, name: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        let value = self.raw.get(name)?.trim().to_string();
        if value.is_empty() {
            return None;
        }
        match value.parse::<i64>() {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                self.problem(
                    name,
                    format!("phải là số nguyên từ {} đến {}", range.start(), range.end()),
                    format!(
                        "must be a whole number from {} to {}",
                        range.start(),
                        range.end()
                    ),
                );
                None
            }
        }
    }

    /// Records a problem with a parameter.
    pub fn problem(&mut self, name: &str, vi: impl Into<String>, en: impl Into<String>) {
        self.problems.add(name, vi, en);
    }

    /// `page` (from 1) and `limit` (default 20, at most 100: larger is clamped).
    pub fn paging(&mut self) -> (u64, u64) {
        let page = self.int_in("page", 1..=1_000_000).unwrap_or(1) as u64;
        let limit = self.int_in("limit", 1..=i64::MAX).unwrap_or(20).min(100) as u64;
        (page, limit)
    }

    /// `province` (a name in any Unicode form or tone placement, a code or a
    /// slug) as `provinces.id`; an unknown one is recorded as a problem.
    pub async fn province(&mut self, db: &DatabaseConnection) -> Result<Option<i64>, AppError> {
        let Some(province) = self.text("province") else {
            return Ok(None);
        };
        let id = app::catalog::service::resolve_province(db, &province).await?;
        if id.is_none() {
            self.problem(
                "province",
                format!("không có tỉnh/thành phố nào tên {province}"),
                format!("no province is called {province}"),
            );
        }
        Ok(id)
    }

    /// Every recorded problem as one validation error.
    pub fn finish(self) -> Result<(), AppError> {
        self.problems.into_result(())
    }
}
