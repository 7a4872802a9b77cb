//! What the server does for the administrator's console that the
//! application cannot do itself: long tasks on this server (rebuilding the
//! search index, a backup) run in the background with their progress kept
//! in memory, the backups on disk, and the settings' status. The server
//! implements it; the console only asks.

use crate::domain::{BackupInfo, JobKind, JobState, SettingLine};
use crate::entities::users;

/// The server's side of the console.
pub trait Operations: Send + Sync {
    /// Starts a task of `kind` for the administrator `by` (recorded in the
    /// audit log when it ends), unless one of its kind is running: `Err`
    /// with the running one.
    fn start(&self, kind: JobKind, by: &users::Model) -> Result<JobState, JobState>;

    /// The running or last finished task of `kind` on this server.
    fn status(&self, kind: JobKind) -> Option<JobState>;

    /// The backup folders, newest first.
    fn backups(&self) -> Vec<BackupInfo>;

    /// Every setting and what may be said of its value.
    fn settings(&self) -> Vec<SettingLine>;

    /// Forgets this server's rendered public pages (a plan stored or
    /// retired changes the reports); other servers' copies expire within
    /// the page cache's few seconds.
    fn pages_changed(&self);
}
