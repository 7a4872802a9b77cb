//! `ocop backup DIR` and `ocop restore DIR`.
//!
//! A backup is a folder: the database (`ocop.db`, an SQLite snapshot made with
//! `VACUUM INTO` while the server keeps running; or `ocop.pgdump`, PostgreSQL's
//! `pg_dump --format=custom`), the uploaded photos (`media/`) and
//! `BACKUP.txt`, which says what it holds. The database is copied first and the
//! photos after: photos are never deleted or rewritten, so every photo the
//! snapshot names is in the folder. The search index is derived data and is
//! not kept; the server rebuilds it on its first start after a restore.

use crate::config::Settings;
use crate::database;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel, Statement,
    TransactionTrait,
};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a backup or restore could not do, in one sentence (Vietnamese, then
/// English).
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The destination folder already holds files.
    #[error("Thư mục {0} đã có dữ liệu; hãy chọn một thư mục mới. / The folder {0} is not empty; choose a new one.")]
    NotEmpty(PathBuf),
    /// The folder is not a backup made by `ocop backup`.
    #[error("{0} không phải bản sao lưu của Chợ OCOP (thiếu {1}). / {0} is not a Chợ OCOP backup ({1} is missing).")]
    NotABackup(PathBuf, &'static str),
    /// The backup is of the other kind of database.
    #[error("Bản sao lưu là của {found}, còn cấu hình đang dùng {configured}. / The backup is of {found} but the configured database is {configured}.")]
    OtherBackend {
        /// What the backup holds.
        found: &'static str,
        /// What DATABASE_URL names.
        configured: &'static str,
    },
    /// DATABASE_URL names an in-memory SQLite database.
    #[error("DATABASE_URL trỏ tới cơ sở dữ liệu trong bộ nhớ, không có tệp để khôi phục vào. / DATABASE_URL names an in-memory database: there is no file to restore into.")]
    InMemory,
    /// Restoring over a database that already holds a catalog.
    #[error("Cơ sở dữ liệu đích đã có dữ liệu; dùng --force để ghi đè (dừng máy chủ trước). / The target database already holds data; use --force to overwrite it (stop the server first).")]
    TargetInUse,
    /// pg_dump or pg_restore is missing or failed.
    #[error("{tool} không chạy được: {reason}. Cài gói postgresql-client cùng phiên bản với máy chủ. / {tool} failed: {reason}. Install postgresql-client of the server's version.")]
    Tool {
        /// pg_dump or pg_restore.
        tool: &'static str,
        /// What it said.
        reason: String,
    },
    /// Reading or writing files failed.
    #[error("Lỗi tệp {0}: {1} / File error on {0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The database refused.
    #[error("{0}")]
    Database(#[from] database::DatabaseError),
}

impl From<sea_orm::DbErr> for BackupError {
    fn from(e: sea_orm::DbErr) -> Self {
        BackupError::Database(database::DatabaseError::Db(e))
    }
}

/// What a backup holds: the counts written to `BACKUP.txt` and printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// "sqlite" or "postgres".
    pub backend: &'static str,
    /// Products in the snapshot.
    pub products: i64,
    /// Orders in the snapshot.
    pub orders: i64,
    /// Photo files copied.
    pub media_files: u64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sản phẩm, {} đơn hàng, {} tệp ảnh ({}) / {} products, {} orders, {} photo files ({})",
            self.products,
            self.orders,
            self.media_files,
            self.backend,
            self.products,
            self.orders,
            self.media_files,
            self.backend
        )
    }
}

const SQLITE_FILE: &str = "ocop.db";
const PG_FILE: &str = "ocop.pgdump";
const MANIFEST: &str = "BACKUP.txt";

fn backend_name(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "postgres",
        _ => "sqlite",
    }
}

/// Writes a backup of the running (or stopped) installation into `dir`,
/// which must be new or empty.
pub async fn backup(settings: &Settings, dir: &Path) -> Result<Summary, BackupError> {
    let io = |e| BackupError::Io(dir.to_path_buf(), e);
    if dir.exists() && std::fs::read_dir(dir).map_err(io)?.next().is_some() {
        return Err(BackupError::NotEmpty(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(io)?;
    let url = settings.database_url();
    let db = database::connect(&url).await?;
    let backend = db.get_database_backend();
    // The counts are those of the snapshot itself: on PostgreSQL pg_dump
    // reads the snapshot exported by the transaction that counts; on SQLite
    // the copy is counted after it is written.
    let (products, orders) = match backend {
        DbBackend::Postgres => {
            let tx = db
                .begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?;
            let snapshot: String = tx
                .query_one_raw(Statement::from_string(
                    backend,
                    "SELECT pg_export_snapshot() AS s",
                ))
                .await?
                .map(|row| row.try_get("", "s"))
                .transpose()?
                .unwrap_or_default();
            let counted = counts(&tx).await?;
            let file = dir.join(PG_FILE);
            let url = url.expose().to_string();
            tokio::task::spawn_blocking(move || {
                pg_tool(
                    "pg_dump",
                    Command::new("pg_dump")
                        .args(["--format=custom", "--no-owner", "--snapshot"])
                        .arg(snapshot)
                        .arg("--file")
                        .arg(file)
                        .arg(url),
                )
            })
            .await
            .map_err(|e| BackupError::Tool {
                tool: "pg_dump",
                reason: e.to_string(),
            })??;
            tx.commit().await?;
            counted
        }
        _ => {
            let target = dir.join(SQLITE_FILE);
            let path = target.display().to_string().replace('\'', "''");
            db.execute_unprepared(&format!("VACUUM INTO '{path}'"))
                .await?;
            let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", target.display()))
                .await?;
            let counted = counts(&copy).await?;
            let _ = copy.close().await;
            counted
        }
    };
    let _ = db.close().await;
    let media_files = copy_tree(&settings.data_dir.join("media"), &dir.join("media"))?;
    let summary = Summary {
        backend: backend_name(backend),
        products,
        orders,
        media_files,
    };
    let manifest = format!(
        "Chợ OCOP backup\nversion: {}\nmade_at: {}\nbackend: {}\nproducts: {}\norders: {}\nmedia_files: {}\n",
        env!("CARGO_PKG_VERSION"),
        chrono::Utc::now().to_rfc3339(),
        summary.backend,
        products,
        orders,
        media_files
    );
    std::fs::write(dir.join(MANIFEST), manifest).map_err(io)?;
    Ok(summary)
}

/// Restores the backup in `dir` into the configured database and data
/// directory. The server must be stopped. Without `force` the target must be
/// empty (no products, no orders).
pub async fn restore(settings: &Settings, dir: &Path, force: bool) -> Result<Summary, BackupError> {
    if !dir.join(MANIFEST).is_file() {
        return Err(BackupError::NotABackup(dir.to_path_buf(), MANIFEST));
    }
    let found = if dir.join(PG_FILE).is_file() {
        "postgres"
    } else if dir.join(SQLITE_FILE).is_file() {
        "sqlite"
    } else {
        return Err(BackupError::NotABackup(dir.to_path_buf(), SQLITE_FILE));
    };
    crate::startup::ensure_data_dir(&settings.data_dir).map_err(|e| {
        BackupError::Io(
            settings.data_dir.clone(),
            std::io::Error::other(e.to_string()),
        )
    })?;
    let url = settings.database_url();
    let configured = if url.expose().starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgres"
    };
    if found != configured {
        return Err(BackupError::OtherBackend { found, configured });
    }
    {
        let db = database::connect(&url).await?;
        let used = has_data(&db).await;
        let _ = db.close().await;
        if used && !force {
            return Err(BackupError::TargetInUse);
        }
    }
    if found == "postgres" {
        pg_tool(
            "pg_restore",
            Command::new("pg_restore")
                .args([
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                ])
                .arg(url.expose())
                .arg(dir.join(PG_FILE)),
        )?;
    } else {
        let target = sqlite_file(url.expose()).ok_or(BackupError::InMemory)?;
        for stale in ["-wal", "-shm"] {
            let side = PathBuf::from(format!("{}{stale}", target.display()));
            if side.exists() {
                std::fs::remove_file(&side).map_err(|e| BackupError::Io(side.clone(), e))?;
            }
        }
        std::fs::copy(dir.join(SQLITE_FILE), &target)
            .map_err(|e| BackupError::Io(target.clone(), e))?;
    }
    let media_files = copy_tree(&dir.join("media"), &settings.data_dir.join("media"))?;
    // The index described the old database: rebuilt on the next start.
    let index = settings.data_dir.join("search-index");
    if index.exists() {
        std::fs::remove_dir_all(&index).map_err(|e| BackupError::Io(index.clone(), e))?;
    }
    let db = database::connect(&url).await?;
    let (products, orders) = counts(&db).await?;
    let _ = db.close().await;
    Ok(Summary {
        backend: found,
        products,
        orders,
        media_files,
    })
}

/// The file an `sqlite:` URL names (`sqlite://PATH?options`,
/// `sqlite:PATH`); none for an in-memory database.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

/// Whether the database has any product or order (a table that does not
/// exist yet counts as empty).
async fn has_data(db: &DatabaseConnection) -> bool {
    matches!(counts(db).await, Ok((p, o)) if p > 0 || o > 0)
}

async fn counts(db: &impl ConnectionTrait) -> Result<(i64, i64), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT CAST((SELECT COUNT(*) FROM products) AS BIGINT) AS p, \
                    CAST((SELECT COUNT(*) FROM orders) AS BIGINT) AS o",
        ))
        .await?;
    Ok(match row {
        Some(row) => (row.try_get("", "p")?, row.try_get("", "o")?),
        None => (0, 0),
    })
}

fn pg_tool(tool: &'static str, cmd: &mut Command) -> Result<(), BackupError> {
    let output = cmd.output().map_err(|e| BackupError::Tool {
        tool,
        reason: e.to_string(),
    })?;
    if !output.status.success() {
        let reason = String::from_utf8_lossy(&output.stderr)
            .lines()
            .next()
            .unwrap_or("no message")
            .to_string();
        return Err(BackupError::Tool { tool, reason });
    }
    Ok(())
}

/// Copies the files under `from` into `to` (made as needed), keeping files
/// already there; returns how many files were copied. A missing `from` is an
/// empty tree.
fn copy_tree(from: &Path, to: &Path) -> Result<u64, BackupError> {
    if !from.exists() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).map_err(|e| BackupError::Io(to.to_path_buf(), e))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).map_err(|e| BackupError::Io(from.to_path_buf(), e))? {
        let entry = entry.map_err(|e| BackupError::Io(from.to_path_buf(), e))?;
        let target = to.join(entry.file_name());
        let kind = entry
            .file_type()
            .map_err(|e| BackupError::Io(entry.path(), e))?;
        if kind.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).map_err(|e| BackupError::Io(target.clone(), e))?;
            copied += 1;
        }
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::sqlite_file;
    use std::path::PathBuf;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_file("sqlite:///srv/ocop/data/ocop.db?mode=rwc"),
            Some(PathBuf::from("/srv/ocop/data/ocop.db"))
        );
        assert_eq!(
            sqlite_file("sqlite://./data/ocop.db?mode=rwc"),
            Some(PathBuf::from("./data/ocop.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:ocop.db"),
            Some(PathBuf::from("ocop.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://x@h/db"), None);
    }
}
