//! Reports and takedowns. Anyone may report a listing or a stall (a
//! counterfeit OCOP logo, a lapsed certification still claimed, wrong
//! information, prohibited goods, someone else's intellectual property),
//! with details and an optional link to evidence; the area's officers are
//! mailed. Officers of the area and administrators work the queue against a
//! 24-hour target: hide the listing, suspend the stall (its products leave
//! lists, search, the sitemap and checkout at once; orders in progress go
//! on), restore, or dismiss, each with a reason mailed to the producer, who
//! may answer once. Every decision is audited.

use crate::domain::{AuditAction, ReportReason, ReportStatus, ReportTarget};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub mod answer_page;
#[cfg(feature = "ssr")]
pub mod decide;
pub mod queue_page;
#[cfg(feature = "ssr")]
pub mod report;
pub mod report_page;

/// The hours a report may wait.
pub const TARGET_HOURS: i64 = 24;

/// The longest details, reason or answer kept.
pub const MAX_TEXT_CHARS: usize = 2000;

/// A report as the queue lists it and the case page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Its number.
    pub id: i64,
    /// What is reported.
    pub target: ReportTarget,
    /// The listing: (code, name, slug), for a product.
    pub product: Option<(String, String, String)>,
    /// The stall: (code, name, slug).
    pub stall: (String, String, String),
    /// Why.
    pub reason: ReportReason,
    /// What the reporter said.
    pub details: String,
    /// A link to evidence.
    pub evidence_url: Option<String>,
    /// Where it stands.
    pub status: ReportStatus,
    /// When it came.
    pub received_at: DateTime<Utc>,
    /// Hours it waited (until decided).
    pub age_hours: i64,
    /// The decision's reason.
    pub decision_reason: Option<String>,
    /// The producer's answer.
    pub producer_answer: Option<String>,
    /// The listing or stall is off the site now.
    pub off_site: bool,
}

impl Case {
    /// What is reported, as a reader names it.
    pub fn subject(&self) -> String {
        match &self.product {
            Some((code, name, _)) => format!("{name} ({code})"),
            None => format!("{} ({})", self.stall.1, self.stall.0),
        }
    }
}

/// What an officer does with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Hide the reported listing.
    Hide,
    /// Suspend the stall.
    Suspend,
    /// Put back what was hidden or suspended.
    Restore,
    /// Nothing to act on.
    Dismiss,
}

impl Decision {
    /// The decision named in a form.
    pub fn from_word(word: &str) -> Option<Decision> {
        match word {
            "hide" => Some(Decision::Hide),
            "suspend" => Some(Decision::Suspend),
            "restore" => Some(Decision::Restore),
            "dismiss" => Some(Decision::Dismiss),
            _ => None,
        }
    }

    /// The audit log's action.
    pub fn action(self) -> AuditAction {
        match self {
            Decision::Hide => AuditAction::ListingHidden,
            Decision::Suspend => AuditAction::StallSuspended,
            Decision::Restore => AuditAction::ReportRestored,
            Decision::Dismiss => AuditAction::ReportDismissed,
        }
    }

    /// Where the case stands after it.
    pub fn status(self) -> ReportStatus {
        match self {
            Decision::Hide => ReportStatus::Hidden,
            Decision::Suspend => ReportStatus::Suspended,
            Decision::Restore => ReportStatus::Restored,
            Decision::Dismiss => ReportStatus::Dismissed,
        }
    }

    /// What the producer is told was done (Vietnamese, English).
    pub fn told(self) -> (&'static str, &'static str) {
        match self {
            Decision::Hide => (
                "sản phẩm đã bị ẩn khỏi Chợ OCOP",
                "the listing has been hidden from Chợ OCOP",
            ),
            Decision::Suspend => (
                "gian hàng đã bị tạm ngừng trên Chợ OCOP (các đơn hàng đang xử lý vẫn tiếp tục)",
                "the stall has been suspended on Chợ OCOP (orders in progress go on)",
            ),
            Decision::Restore => (
                "đã được khôi phục và hiển thị lại",
                "has been restored and is shown again",
            ),
            Decision::Dismiss => (
                "báo cáo đã được xem xét và bỏ qua; không có thay đổi",
                "the report was reviewed and dismissed; nothing changes",
            ),
        }
    }
}

/// Whether `decision` fits where `case` stands.
pub fn can(case: &Case, decision: Decision) -> bool {
    match decision {
        Decision::Hide => case.status == ReportStatus::Open && case.target == ReportTarget::Product,
        Decision::Suspend | Decision::Dismiss => case.status == ReportStatus::Open,
        Decision::Restore => matches!(case.status, ReportStatus::Hidden | ReportStatus::Suspended),
    }
}
