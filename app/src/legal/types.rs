//! The policies as they cross to the browser.

use serde::{Deserialize, Serialize};

/// Every policy, in the order the footer and the index list them (the
/// slugs are fixed in ../shared/API.md).
pub const POLICY_SLUGS: [&str; 6] = [
    "quy-che-hoat-dong",
    "bao-mat",
    "doi-tra-hoan-tien",
    "van-chuyen",
    "giai-quyet-khieu-nai",
    "bao-mat-thanh-toan",
];

/// A policy in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySummary {
    /// Address part: `/chinh-sach/{slug}`.
    pub slug: String,
    /// Title in the reader's language.
    pub title: String,
    /// One sentence on what it covers.
    pub summary: String,
    /// Version, e.g. `1.0`.
    pub version: String,
    /// In force from this date (Vietnam).
    pub effective: chrono::NaiveDate,
}

/// One policy, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDoc {
    /// Title, version and date.
    pub summary: PolicySummary,
    /// The text as sanitised HTML, the operator's identity written in.
    pub html: String,
}
