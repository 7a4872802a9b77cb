//! The audit log of the department's and the administrators' actions
//! (issue 29): every officer or administrator action writes one entry in the
//! same transaction as its change (`store::record`), and the database refuses
//! to change or delete one. Administrators read it in their console
//! (`crate::admin`, `/quan-tri/nhat-ky`) and through
//! `GET /api/v1/admin/audit-log(.csv)`. This room depends on no feature: the
//! features record into it.

#[cfg(feature = "ssr")]
mod store;
#[cfg(feature = "ssr")]
pub use store::*;

use crate::domain::AuditAction;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One entry of the log, as administrators read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// When, UTC.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub at: DateTime<Utc>,
    /// Who: an e-mail, or `ocop` for the command line.
    pub actor: String,
    /// Their role when they acted (`officer`, `admin`, `command_line`).
    pub actor_role: String,
    pub action: AuditAction,
    /// The kind of record acted on (`event`, `sales_point`...).
    pub target_kind: String,
    /// The record's code or number.
    pub target: String,
    /// The record before, as JSON text; absent when it was new.
    pub before: Option<String>,
    /// The record after, as JSON text.
    pub after: Option<String>,
    /// The request's `X-Request-Id`.
    pub request_id: Option<String>,
    /// The fields that differ between `before` and `after`.
    pub changes: Vec<FieldChange>,
}

/// One field of a record as an action left it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    /// The field's name (`value` for a record that is one value).
    pub field: String,
    /// Its value before, as JSON text; absent when it had none.
    pub before: Option<String>,
    /// Its value after, as JSON text; absent when it has none.
    pub after: Option<String>,
}

/// Which entries to read; empty fields select everything.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditFilter {
    /// Part of the actor's e-mail.
    pub actor: Option<String>,
    pub action: Option<AuditAction>,
    /// A record's exact code or number.
    pub target: Option<String>,
}

impl AuditFilter {
    /// The filter of a query string's `nguoi`, `hanh-dong` and `doi-tuong`.
    pub fn from_query(actor: &str, action: &str, target: &str) -> AuditFilter {
        let text = |s: &str| Some(crate::text::clean(s)).filter(|s| !s.is_empty());
        AuditFilter {
            actor: text(actor),
            action: AuditAction::from_name(action.trim()),
            target: text(target),
        }
    }
}

/// A page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub total: u64,
    pub page: u64,
    pub limit: u64,
    pub items: Vec<AuditEntry>,
}
