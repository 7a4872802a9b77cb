//! Connecting to the database and keeping its schema in step with this binary.

use crate::config::Secret;
use migrations::Migrator;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
};
use sea_orm_migration::MigratorTrait;
use std::collections::HashSet;
use std::time::Duration;

/// A database problem explained in one sentence, Vietnamese then English.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    /// The URL is not one we can use.
    #[error("DATABASE_URL không hợp lệ ({url}): chỉ hỗ trợ sqlite:// và postgres:// / DATABASE_URL is not usable ({url}): only sqlite:// and postgres:// are supported")]
    BadUrl {
        /// The URL with any password hidden.
        url: String,
    },
    /// The server or file cannot be reached or opened.
    #[error("Không kết nối được cơ sở dữ liệu {url}: {reason} / Cannot connect to the database {url}: {reason}")]
    Unreachable {
        /// The URL with any password hidden.
        url: String,
        /// The driver's short reason.
        reason: String,
    },
    /// The database was migrated by a newer version of Chợ OCOP.
    #[error("Cơ sở dữ liệu thuộc phiên bản mới hơn của Chợ OCOP (có migration {0} mà bản này không biết); hãy dùng bản mới hơn. / The database belongs to a newer version of Chợ OCOP (it has migration {0}, unknown to this build); run a newer build.")]
    NewerSchema(String),
    /// Migrations are pending and the caller did not ask to run them.
    #[error("Cơ sở dữ liệu chưa được cập nhật ({0} migration đang chờ): chạy `ocop migrate up` hoặc `ocop serve --migrate`. / The database schema is behind ({0} pending migrations): run `ocop migrate up` or `ocop serve --migrate`.")]
    Pending(usize),
    /// Any other database failure.
    #[error("Lỗi cơ sở dữ liệu: {0} / Database error: {0}")]
    Db(#[from] sea_orm::DbErr),
}

/// The URL with the password replaced, safe to print.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            let user = userinfo.split(':').next().unwrap_or("");
            format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
        }
        _ => url.to_string(),
    }
}

/// Opens a pool. SQLite gets WAL so readers never wait for the writer, and
/// foreign keys are enforced (sqlx turns them on for every connection).
pub async fn connect(url: &Secret) -> Result<DatabaseConnection, DatabaseError> {
    let raw = url.expose();
    let shown = redact(raw);
    if !(raw.starts_with("sqlite:")
        || raw.starts_with("postgres://")
        || raw.starts_with("postgresql://"))
    {
        return Err(DatabaseError::BadUrl { url: shown });
    }
    let mut options = ConnectOptions::new(raw.to_string());
    options
        .max_connections(if raw.starts_with("sqlite:") { 8 } else { 20 })
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options)
        .await
        .map_err(|e| DatabaseError::Unreachable {
            url: shown.clone(),
            reason: short_reason(&e),
        })?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL")
            .await
            .map_err(|e| DatabaseError::Unreachable {
                url: shown.clone(),
                reason: short_reason(&e),
            })?;
        db.execute_unprepared("PRAGMA foreign_keys=ON").await?;
    }
    Ok(db)
}

fn short_reason(e: &sea_orm::DbErr) -> String {
    let text = e.to_string();
    let text = text.rsplit(": ").next().unwrap_or(&text).trim().to_string();
    text.chars().take(200).collect()
}

/// Where the schema stands relative to this binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaState {
    /// Migrations this binary knows that are applied.
    pub applied: Vec<String>,
    /// Migrations this binary knows that are not applied.
    pub pending: Vec<String>,
    /// Applied migrations this binary does not know (a newer version ran).
    pub unknown: Vec<String>,
}

impl SchemaState {
    /// Nothing applied: a new database.
    pub fn is_fresh(&self) -> bool {
        self.applied.is_empty() && self.unknown.is_empty()
    }
}

/// Reads which migrations are applied.
pub async fn schema_state(db: &DatabaseConnection) -> Result<SchemaState, DatabaseError> {
    let known: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    // A new database has no migrations table yet; any other failure is real.
    let has_table = sea_orm_migration::SchemaManager::new(db)
        .has_table("seaql_migrations")
        .await?;
    let applied_rows = if has_table {
        db.query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT version FROM seaql_migrations",
        ))
        .await?
    } else {
        Vec::new()
    };
    let applied: HashSet<String> = applied_rows
        .iter()
        .filter_map(|r| r.try_get::<String>("", "version").ok())
        .collect();
    Ok(SchemaState {
        applied: known
            .iter()
            .filter(|m| applied.contains(*m))
            .cloned()
            .collect(),
        pending: known
            .iter()
            .filter(|m| !applied.contains(*m))
            .cloned()
            .collect(),
        unknown: {
            let mut u: Vec<String> = applied.into_iter().filter(|m| !known.contains(m)).collect();
            u.sort();
            u
        },
    })
}

/// Brings the schema up to date when allowed; refuses a newer schema always.
/// Returns whether the database was new.
pub async fn prepare_schema(db: &DatabaseConnection, migrate: bool) -> Result<bool, DatabaseError> {
    let state = schema_state(db).await?;
    if let Some(newer) = state.unknown.first() {
        return Err(DatabaseError::NewerSchema(newer.clone()));
    }
    let fresh = state.is_fresh();
    if !state.pending.is_empty() {
        if !(migrate || fresh) {
            return Err(DatabaseError::Pending(state.pending.len()));
        }
        Migrator::up(db, None).await?;
    }
    Ok(fresh)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/ocop"),
            "postgres://app:***@db:5432/ocop"
        );
        assert_eq!(redact("sqlite://./data/ocop.db"), "sqlite://./data/ocop.db");
    }
}
