//! The certification register as the officer's pages and the API see it: a
//! product's state today, its rows and history, the filters and the page of
//! rows; plain data shared by the server and the browser.

use crate::i18n::Locale;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows per page of the register.
pub const PAGE_SIZE: usize = 50;

/// A certified product's state today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegisterState {
    /// In force for more than 90 days.
    Valid,
    /// In force, ending within 90 days.
    Expiring,
    /// Its latest certification has ended.
    Lapsed,
}

impl RegisterState {
    /// The state's name.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            RegisterState::Valid => l.pick("Còn hiệu lực", "Valid"),
            RegisterState::Expiring => l.pick("Sắp hết hạn", "Expiring"),
            RegisterState::Lapsed => l.pick("Hết hiệu lực", "Lapsed"),
        }
    }
}

/// What a decision was, given the product's decision before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// The first.
    New,
    /// More stars than before.
    Upgrade,
    /// As many stars as before.
    Renewal,
    /// Fewer stars than before.
    Downgrade,
}

impl DecisionKind {
    /// The kind's name.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            DecisionKind::New => l.pick("Công nhận mới", "New"),
            DecisionKind::Upgrade => l.pick("Thăng hạng", "Upgrade"),
            DecisionKind::Renewal => l.pick("Tái công nhận", "Renewal"),
            DecisionKind::Downgrade => l.pick("Hạ hạng", "Re-rated lower"),
        }
    }
}

/// A product of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    /// Product code.
    pub code: String,
    /// Product name.
    pub name: String,
    /// Producer name.
    pub producer: String,
    /// Stars of the latest decision.
    pub stars: i16,
    /// Its number.
    pub decision_no: String,
    /// Its date.
    pub decided_on: NaiveDate,
    /// When it ends (exclusive).
    pub expires_on: NaiveDate,
    /// The state today.
    pub state: RegisterState,
    /// How many decisions the product has had.
    pub decisions: usize,
}

/// One decision of a product's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// New, upgrade, renewal or downgrade.
    pub kind: DecisionKind,
    /// Stars.
    pub stars: i16,
    /// Score.
    pub score: i16,
    /// Decision number.
    pub decision_no: String,
    /// Decision date.
    pub decided_on: NaiveDate,
    /// The day it stopped counting: its expiry, or the next decision's date.
    pub valid_until: NaiveDate,
    /// Whether the next decision replaced it before its expiry.
    pub replaced: bool,
    /// `province` or `national`.
    pub level: String,
}

/// A product's certification history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductHistory {
    /// Product code.
    pub code: String,
    /// Product name.
    pub name: String,
    /// Producer name.
    pub producer: String,
    /// Producer code.
    pub producer_code: String,
    /// Public page slug.
    pub slug: String,
    /// The state today (`None`: never certified, or only in the future).
    pub state: Option<RegisterState>,
    /// Every decision, oldest first.
    pub entries: Vec<HistoryEntry>,
}

/// Which rows the register shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Filter {
    /// Every product with a decision.
    All,
    /// One state.
    State(RegisterState),
    /// Products with more than one decision.
    Renewed,
}

impl Filter {
    /// The filter of a `?trang-thai=` value (anything else: all).
    pub fn from_param(raw: &str) -> Filter {
        match raw {
            "con-hieu-luc" | "valid" => Filter::State(RegisterState::Valid),
            "sap-het-han" | "expiring" => Filter::State(RegisterState::Expiring),
            "het-hieu-luc" | "lapsed" => Filter::State(RegisterState::Lapsed),
            "tai-cong-nhan" | "renewed" => Filter::Renewed,
            _ => Filter::All,
        }
    }

    /// Whether `row` passes.
    pub fn keeps(self, row: &RegisterRow) -> bool {
        match self {
            Filter::All => true,
            Filter::State(s) => row.state == s,
            Filter::Renewed => row.decisions > 1,
        }
    }

    /// The `?trang-thai=` value and the tab's name.
    pub fn tab(self, l: Locale) -> (&'static str, &'static str) {
        match self {
            Filter::All => ("", l.pick("Tất cả", "All")),
            Filter::State(RegisterState::Valid) => {
                ("con-hieu-luc", l.pick("Còn hiệu lực", "Valid"))
            }
            Filter::State(RegisterState::Expiring) => (
                "sap-het-han",
                l.pick("Sắp hết hạn (90 ngày)", "Expiring (90 days)"),
            ),
            Filter::State(RegisterState::Lapsed) => {
                ("het-hieu-luc", l.pick("Hết hiệu lực", "Lapsed"))
            }
            Filter::Renewed => (
                "tai-cong-nhan",
                l.pick("Đã tái công nhận, thăng hạng", "Renewed or re-rated"),
            ),
        }
    }

    /// The API's `state` value.
    pub fn api(self) -> &'static str {
        match self {
            Filter::All => "",
            Filter::State(RegisterState::Valid) => "valid",
            Filter::State(RegisterState::Expiring) => "expiring",
            Filter::State(RegisterState::Lapsed) => "lapsed",
            Filter::Renewed => "renewed",
        }
    }
}

pub const TABS: [Filter; 5] = [
    Filter::All,
    Filter::State(RegisterState::Valid),
    Filter::State(RegisterState::Expiring),
    Filter::State(RegisterState::Lapsed),
    Filter::Renewed,
];

/// A page of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterPage {
    /// The rows of this page.
    pub rows: Vec<RegisterRow>,
    /// Rows passing the filter.
    pub total: usize,
    /// Rows in each tab, in [`TABS`] order.
    pub counts: Vec<usize>,
    /// The page shown (from 1).
    pub page: usize,
}

/// The rows matching `q`: its code, or part of the product's or producer's
/// name, diacritics ignored (all rows for an empty `q`).
pub fn matching(rows: Vec<RegisterRow>, q: &str) -> Vec<RegisterRow> {
    let needle = crate::text::fold(q.trim());
    if needle.is_empty() {
        return rows;
    }
    rows.into_iter()
        .filter(|r| {
            r.code.eq_ignore_ascii_case(q.trim())
                || crate::text::fold(&r.name).contains(&needle)
                || crate::text::fold(&r.producer).contains(&needle)
        })
        .collect()
}

/// The rows of `rows` kept by `filter` and matching `q` (code, product or
/// producer name, ignoring diacritics), then page `page`.
pub fn page_of(rows: Vec<RegisterRow>, filter: Filter, q: &str, page: usize) -> RegisterPage {
    let matching = matching(rows, q);
    let counts = TABS
        .iter()
        .map(|t| matching.iter().filter(|r| t.keeps(r)).count())
        .collect();
    let kept: Vec<RegisterRow> = matching.into_iter().filter(|r| filter.keeps(r)).collect();
    let total = kept.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    RegisterPage {
        rows: kept
            .into_iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .collect(),
        total,
        counts,
        page,
    }
}
