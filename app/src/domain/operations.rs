//! What the administrator's console shows of the running installation: the
//! long tasks it can start (rebuilding the search index, a backup) and
//! their progress, the backups on disk, and every setting's status (never a
//! secret's value). The server fills them in (`state::Operations`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A long task started from the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Rebuild this server's search index from the database.
    Reindex,
    /// Copy the database and the photos into a new backup folder.
    Backup,
}

/// How a task stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "summary")]
pub enum JobOutcome {
    /// Still working.
    Running,
    /// Finished: what it did, in Vietnamese then English.
    Done(String),
    /// Stopped by an error, said in Vietnamese then English.
    Failed(String),
}

/// A task and its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobState {
    /// Which task.
    pub kind: JobKind,
    /// The administrator who started it.
    pub started_by: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended, once it has.
    pub finished_at: Option<DateTime<Utc>>,
    /// Items done so far (products read, for a reindex).
    pub done: u64,
    /// Items in all (0 when not known yet).
    pub total: u64,
    /// Running, done or failed.
    pub outcome: JobOutcome,
}

impl JobState {
    /// Whether it is still working.
    pub fn running(&self) -> bool {
        self.outcome == JobOutcome::Running
    }

    /// Whole per cent done, when the total is known.
    pub fn percent(&self) -> Option<u64> {
        (self.total > 0).then(|| (self.done.min(self.total) * 100) / self.total)
    }
}

/// A backup folder found on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupInfo {
    /// The folder's name (`sao-luu-YYYYMMDD-HHMMSS`).
    pub name: String,
    /// When it was made (the folder's time).
    pub made_at: Option<DateTime<Utc>>,
    /// What it holds, from its `BACKUP.txt`.
    pub summary: String,
}

/// The kind of setting, to group the console's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingGroup {
    /// Where the site runs and stores its data.
    Site,
    /// Who operates the site.
    Operator,
    /// Card payments.
    Payments,
    /// Shipping fees and carriers.
    Shipping,
    /// Outgoing mail.
    Mail,
    /// Proxies, limits and metrics.
    Http,
}

impl SettingGroup {
    /// The group's heading, in Vietnamese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            SettingGroup::Site => ("Máy chủ và dữ liệu", "Server and data"),
            SettingGroup::Operator => ("Đơn vị vận hành", "Operator"),
            SettingGroup::Payments => ("Thanh toán thẻ", "Card payments"),
            SettingGroup::Shipping => (
                "Phí vận chuyển và đơn vị vận chuyển",
                "Shipping and carriers",
            ),
            SettingGroup::Mail => ("Thư điện tử", "Mail"),
            SettingGroup::Http => ("HTTP, giới hạn và đo lường", "HTTP, limits and metrics"),
        }
    }
}

/// What the console may say of a setting's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum SettingValue {
    /// Set, and not secret: the value in effect.
    Shown(String),
    /// A secret (a key, a password, a URL that may hold one): only that it
    /// is set.
    SecretSet,
    /// Not set: the default applies, or the feature is off.
    Unset,
}

/// One setting as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingLine {
    /// The group it belongs to.
    pub group: SettingGroup,
    /// The environment variable that sets it.
    pub env: String,
    /// What it does, in Vietnamese.
    pub meaning_vi: String,
    /// What it does, in English.
    pub meaning_en: String,
    /// Its value or status.
    pub value: SettingValue,
}
