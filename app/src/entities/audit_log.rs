//! `audit_log`: one row per officer or administrator action; append-only
//! (the database refuses updates and deletes).

use crate::domain::AuditAction;
use sea_orm::entity::prelude::*;

/// One action: who, what, on what, when, before and after, which request.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// When, UTC.
    pub at: DateTimeUtc,
    /// The account that acted; `None` for the command line.
    pub actor_id: Option<i64>,
    /// Who acted, as they were named then (an e-mail, or `ocop` for the
    /// command line).
    pub actor: String,
    /// Their role then.
    pub actor_role: String,
    pub action: AuditAction,
    /// `action.target_kind()`, kept for reading the log by record.
    pub target_kind: String,
    /// The record's code or number (a product code, an event code...).
    pub target: String,
    /// The record before the action, as JSON; `None` when it is new.
    pub before: Option<String>,
    /// The record after it, as JSON; `None` when it is gone.
    pub after: Option<String>,
    /// The request that carried the action (its `X-Request-Id`).
    pub request_id: Option<String>,
}

/// Nothing is joined with the log: it outlives what it names.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
