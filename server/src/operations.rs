//! The server's side of the administrator's console: rebuilding this
//! server's search index and making a backup, each in the background with
//! its progress kept in memory (one of each kind at a time), the backup
//! folders on disk, and the settings' status. A finished task is recorded
//! in the audit log in the name of the administrator who started it.

use crate::config::Settings;
use app::audit::{self, Actor, Change};
use app::domain::{AuditAction, BackupInfo, JobKind, JobOutcome, JobState, SettingLine};
use app::entities::users;
use app::state::Operations;
use chrono::Utc;
use sea_orm::DatabaseConnection;
use search_index::SearchIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The console's operations on this server.
pub struct ServerOperations {
    db: DatabaseConnection,
    index: Arc<SearchIndex>,
    settings: Settings,
    lines: Vec<SettingLine>,
    jobs: Arc<Mutex<HashMap<JobKind, JobState>>>,
    pages_changed_hook: Arc<dyn Fn() + Send + Sync>,
}

impl ServerOperations {
    /// Operations on `db` and `index`, with `settings` for backups and the
    /// status table; `pages_changed_hook` empties the page cache (after a
    /// rebuild, or when the console changed what public pages show).
    pub fn new(
        db: DatabaseConnection,
        index: Arc<SearchIndex>,
        settings: &Settings,
        pages_changed_hook: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        ServerOperations {
            db,
            index,
            lines: settings.status(),
            settings: settings.clone(),
            jobs: Default::default(),
            pages_changed_hook: Arc::new(pages_changed_hook),
        }
    }
}

/// Changes the kept state of the `kind` task.
fn update(jobs: &Mutex<HashMap<JobKind, JobState>>, kind: JobKind, f: impl FnOnce(&mut JobState)) {
    if let Ok(mut jobs) = jobs.lock() {
        if let Some(job) = jobs.get_mut(&kind) {
            f(job);
        }
    }
}

fn finish(jobs: &Mutex<HashMap<JobKind, JobState>>, kind: JobKind, outcome: JobOutcome) {
    update(jobs, kind, |job| {
        job.outcome = outcome;
        job.finished_at = Some(Utc::now());
    });
}

impl Operations for ServerOperations {
    fn start(&self, kind: JobKind, by: &users::Model) -> Result<JobState, JobState> {
        let job = {
            let Ok(mut jobs) = self.jobs.lock() else {
                return Err(failed_lock(kind, by));
            };
            if let Some(running) = jobs.get(&kind).filter(|j| j.running()) {
                return Err(running.clone());
            }
            let job = JobState {
                kind,
                started_by: by.email.clone(),
                started_at: Utc::now(),
                finished_at: None,
                done: 0,
                total: 0,
                outcome: JobOutcome::Running,
            };
            jobs.insert(kind, job.clone());
            job
        };
        let jobs = self.jobs.clone();
        let db = self.db.clone();
        let by = by.clone();
        // The finished task's audit entry names the request that started it.
        let request = audit::request_id().unwrap_or_default();
        match kind {
            JobKind::Reindex => {
                let index = self.index.clone();
                let pages_changed_hook = self.pages_changed_hook.clone();
                tokio::spawn(audit::in_request(request, async move {
                    let progress = |done: u64, total: u64| {
                        update(&jobs, kind, |job| {
                            job.done = done;
                            job.total = total;
                        })
                    };
                    let outcome = match crate::indexer::rebuild(&db, index, &progress).await {
                        Ok(count) => {
                            pages_changed_hook();
                            let target = "search-index";
                            record(&db, &by, AuditAction::SearchRebuilt, target, &count).await;
                            JobOutcome::Done(format!(
                                "Đã lập chỉ mục {count} sản phẩm. / Indexed {count} products."
                            ))
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "reindex from the console failed");
                            JobOutcome::Failed(format!(
                                "Không lập lại được chỉ mục: {e} / The index was not rebuilt: {e}"
                            ))
                        }
                    };
                    finish(&jobs, kind, outcome);
                }));
            }
            JobKind::Backup => {
                let settings = self.settings.clone();
                tokio::spawn(audit::in_request(request, async move {
                    let dir = new_backup_dir(&settings.backup_dir());
                    let outcome = match crate::backup::backup(&settings, &dir).await {
                        Ok(summary) => {
                            let name = folder_name(&dir);
                            let made = summary.to_string();
                            record(&db, &by, AuditAction::BackupMade, &name, &made).await;
                            JobOutcome::Done(format!("{name}: {made}"))
                        }
                        Err(e) => {
                            tracing::error!(error = %e, "backup from the console failed");
                            JobOutcome::Failed(e.to_string())
                        }
                    };
                    finish(&jobs, kind, outcome);
                }));
            }
        }
        Ok(job)
    }

    fn status(&self, kind: JobKind) -> Option<JobState> {
        self.jobs.lock().ok()?.get(&kind).cloned()
    }

    fn backups(&self) -> Vec<BackupInfo> {
        list_backups(&self.settings.backup_dir())
    }

    fn settings(&self) -> Vec<SettingLine> {
        self.lines.clone()
    }

    fn pages_changed(&self) {
        (self.pages_changed_hook)();
    }
}

fn failed_lock(kind: JobKind, by: &users::Model) -> JobState {
    JobState {
        kind,
        started_by: by.email.clone(),
        started_at: Utc::now(),
        finished_at: Some(Utc::now()),
        done: 0,
        total: 0,
        outcome: JobOutcome::Failed("lỗi nội bộ / internal error".into()),
    }
}

async fn record(
    db: &DatabaseConnection,
    by: &users::Model,
    action: AuditAction,
    target: &str,
    after: &impl serde::Serialize,
) {
    let change = Change::new(action, target).after(after);
    if let Err(e) = audit::record(db, Actor::Account(by), change).await {
        tracing::error!(error = %e, ?action, "a finished task was not recorded in the audit log");
    }
}

/// Prefix of the backup folders the console makes.
const PREFIX: &str = "sao-luu-";

/// A new folder under `root` named for this second (`-2`, `-3` … when
/// taken).
fn new_backup_dir(root: &Path) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%d-%H%M%S").to_string();
    let mut dir = root.join(format!("{PREFIX}{stamp}"));
    let mut n = 2;
    while dir.exists() {
        dir = root.join(format!("{PREFIX}{stamp}-{n}"));
        n += 1;
    }
    dir
}

fn folder_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The complete backups under `root` (those with a `BACKUP.txt`), newest
/// first.
pub fn list_backups(root: &Path) -> Vec<BackupInfo> {
    let Ok(entries) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    let mut found: Vec<BackupInfo> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let manifest = std::fs::read_to_string(entry.path().join("BACKUP.txt")).ok()?;
            let field = |key: &str| {
                manifest
                    .lines()
                    .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_owned()))
            };
            let made_at = field("made_at:")
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                .map(|t| t.with_timezone(&Utc));
            let summary = format!(
                "{} sản phẩm, {} đơn hàng, {} tệp ảnh ({}) / {} products, {} orders, {} photo files",
                field("products:").unwrap_or_default(),
                field("orders:").unwrap_or_default(),
                field("media_files:").unwrap_or_default(),
                field("backend:").unwrap_or_default(),
                field("products:").unwrap_or_default(),
                field("orders:").unwrap_or_default(),
                field("media_files:").unwrap_or_default(),
            );
            Some(BackupInfo {
                name: folder_name(&entry.path()),
                made_at,
                summary,
            })
        })
        .collect();
    found.sort_by(|a, b| b.made_at.cmp(&a.made_at).then(b.name.cmp(&a.name)));
    found
}
