//! The administrator's console (`/quan-tri`), as a browser without
//! JavaScript uses it: accounts (`accounts`), plans uploaded, previewed,
//! stored, reported and retired (`plans`), and the server's tasks, settings
//! and annual statistics (`tasks`). Every action is in the audit log, and
//! nobody else may take any of them.

mod accounts;
mod plans;
mod tasks;

use crate::stall_pages::page;
use tests::{csrf_in, TestApp};

/// The demo administrator.
pub const ADMIN: &str = "quantri@demo.chocop.vn";

/// The session's CSRF token, from the console's overview.
pub async fn admin_csrf(app: &TestApp, admin: &reqwest::Client) -> String {
    let (status, html) = page(app, admin, "/quan-tri").await;
    assert_eq!(status, 200);
    csrf_in(&html)
}
