//! Writing and reading the audit log. An entry is written in the same
//! transaction as the change it records: both land, or neither does.

use super::{AuditEntry, AuditFilter, AuditPage, FieldChange};
use crate::domain::AuditAction;
use crate::entities::{audit_log, users};
use crate::error::{AppError, AppResult};
use crate::text::inert_cell;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `work` as the request with id `id`: entries written by it name
/// that request. The server's outermost middleware calls this.
pub async fn in_request<F: std::future::Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// The current request's id: from the task (API handlers), or from the
/// request a server function runs for (its `X-Request-Id`, which the
/// server's edge has set).
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok().or_else(|| {
        leptos::prelude::use_context::<http::request::Parts>().and_then(|parts| {
            parts
                .headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
    })
}

/// What one action changed: the record's code and its state before and
/// after, as JSON (`None` where there is no such state).
#[derive(Debug, Clone)]
pub struct Change {
    action: AuditAction,
    target: String,
    before: Option<String>,
    after: Option<String>,
}

impl Change {
    /// `action` on the record `target` (a code or a number).
    pub fn new(action: AuditAction, target: impl Into<String>) -> Change {
        Change {
            action,
            target: target.into(),
            before: None,
            after: None,
        }
    }

    /// The record as it was.
    pub fn before(mut self, state: &impl Serialize) -> Change {
        self.before = serde_json::to_string(state).ok();
        self
    }

    /// The record as it is now.
    pub fn after(mut self, state: &impl Serialize) -> Change {
        self.after = serde_json::to_string(state).ok();
        self
    }
}

/// Who acted.
pub enum Actor<'a> {
    /// A signed-in account.
    Account(&'a users::Model),
    /// The `ocop` command, run by whoever operates the server.
    CommandLine,
}

/// Appends `change`, made by `actor`, to the log.
pub async fn record(db: &impl ConnectionTrait, actor: Actor<'_>, change: Change) -> AppResult<()> {
    let (actor_id, name, role) = match actor {
        Actor::Account(user) => (Some(user.id), user.email.clone(), user.role.to_string()),
        Actor::CommandLine => (None, "ocop".to_owned(), "command_line".to_owned()),
    };
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor_id),
        actor: Set(name),
        actor_role: Set(role),
        action: Set(change.action),
        target_kind: Set(change.action.target_kind().to_owned()),
        target: Set(change.target),
        before: Set(change.before),
        after: Set(change.after),
        request_id: Set(request_id()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Appends `change` when `user` acts for the department (an officer or an
/// administrator); a producer's own steps are not the log's.
pub async fn record_if_staff(
    db: &impl ConnectionTrait,
    user: &users::Model,
    change: Change,
) -> AppResult<()> {
    if user.role.is_staff() {
        record(db, Actor::Account(user), change).await?;
    }
    Ok(())
}

fn filtered(filter: &AuditFilter) -> sea_orm::Select<audit_log::Entity> {
    let mut query = audit_log::Entity::find();
    if let Some(actor) = filter.actor.as_deref().filter(|a| !a.is_empty()) {
        query = query.filter(audit_log::Column::Actor.contains(actor.to_lowercase()));
    }
    if let Some(action) = filter.action {
        query = query.filter(audit_log::Column::Action.eq(action));
    }
    if let Some(target) = filter.target.as_deref().filter(|t| !t.is_empty()) {
        query = query.filter(audit_log::Column::Target.eq(target));
    }
    query
}

/// The fields that differ between two JSON records: those `after` has, by
/// name, then those only `before` had; a record that is one value is the
/// field `value`.
pub fn changes(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    use serde_json::{Map, Value};
    let fields = |text: Option<&str>| -> Vec<(String, Value)> {
        match text.and_then(|t| serde_json::from_str::<Value>(t).ok()) {
            Some(Value::Object(map)) => map.into_iter().collect(),
            Some(value) => vec![("value".to_owned(), value)],
            None => Vec::new(),
        }
    };
    let (old, new) = (fields(before), fields(after));
    let old_map: Map<String, Value> = old.iter().cloned().collect();
    let new_map: Map<String, Value> = new.iter().cloned().collect();
    let names = new.iter().map(|(k, _)| k).chain(
        old.iter()
            .map(|(k, _)| k)
            .filter(|k| !new_map.contains_key(*k)),
    );
    names
        .filter(|name| old_map.get(*name) != new_map.get(*name))
        .map(|name| FieldChange {
            field: name.clone(),
            before: old_map.get(name).map(Value::to_string),
            after: new_map.get(name).map(Value::to_string),
        })
        .collect()
}

fn entry(row: audit_log::Model) -> AuditEntry {
    AuditEntry {
        changes: changes(row.before.as_deref(), row.after.as_deref()),
        id: row.id,
        at: row.at,
        actor: row.actor,
        actor_role: row.actor_role,
        action: row.action,
        target_kind: row.target_kind,
        target: row.target,
        before: row.before,
        after: row.after,
        request_id: row.request_id,
    }
}

/// A page of the log, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: u64,
    limit: u64,
) -> AppResult<AuditPage> {
    let total = filtered(filter).count(db).await?;
    let rows = filtered(filter)
        .order_by_desc(audit_log::Column::Id)
        .offset(page.saturating_sub(1) * limit)
        .limit(limit)
        .all(db)
        .await?;
    Ok(AuditPage {
        total,
        page,
        limit,
        items: rows.into_iter().map(entry).collect(),
    })
}

/// Every entry `filter` selects, oldest first, as CSV for a spreadsheet:
/// UTF-8 with a byte-order mark, times in Asia/Ho_Chi_Minh, typed text made
/// inert.
pub async fn csv(db: &impl ConnectionTrait, filter: &AuditFilter) -> AppResult<Vec<u8>> {
    let rows = filtered(filter)
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?;
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let header = [
            "id",
            "thoi_gian",
            "nguoi_lam",
            "vai_tro",
            "hanh_dong",
            "loai",
            "doi_tuong",
            "truoc",
            "sau",
            "ma_yeu_cau",
        ];
        let failed = |e: csv::Error| AppError::internal(e);
        writer.write_record(header).map_err(failed)?;
        for row in rows {
            writer
                .write_record([
                    row.id.to_string(),
                    crate::time::format_vn(row.at),
                    inert_cell(&row.actor),
                    row.actor_role,
                    row.action.to_string(),
                    row.target_kind,
                    inert_cell(&row.target),
                    inert_cell(row.before.as_deref().unwrap_or("")),
                    inert_cell(row.after.as_deref().unwrap_or("")),
                    row.request_id.unwrap_or_default(),
                ])
                .map_err(failed)?;
        }
        writer.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::changes;

    #[test]
    fn only_the_fields_that_differ_are_changes() {
        let found = changes(
            Some(r#"{"name":"A","phone":"1","gone":true}"#),
            Some(r#"{"name":"A","phone":"2","new":[1]}"#),
        );
        let named: Vec<_> = found
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        assert_eq!(
            named,
            [
                ("new", None, Some("[1]")),
                ("phone", Some("\"1\""), Some("\"2\"")),
                ("gone", Some("true"), None),
            ]
        );
        assert_eq!(changes(None, Some("400"))[0].field, "value");
        assert!(changes(Some("{}"), Some("{}")).is_empty());
    }
}
