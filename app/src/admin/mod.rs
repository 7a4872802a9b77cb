//! The administrator's console (`/quan-tri`): what only administrators
//! open, every page working without JavaScript. The overview with the
//! settings' status and the server's tasks (`console_page`, `tasks`);
//! accounts (`people`, `people_page`, `account_page`); plans uploaded,
//! previewed, replaced and retired (`plans`, `plans_page`); the annual
//! statistics for the ministry (`annual_page`); and the audit log
//! (`audit_page`). The moderation queue is the officers' own
//! (`/can-bo/kiem-duyet`), which administrators see whole.

pub mod account_page;
pub mod annual_page;
pub mod audit_page;
pub mod console_page;
pub mod nav;
#[cfg(feature = "ssr")]
pub mod people;
pub mod people_page;
#[cfg(feature = "ssr")]
pub mod plans;
pub mod plans_page;

pub use account_page::AccountPage;
pub use annual_page::AnnualPage;
pub use audit_page::AuditLogPage;
pub use console_page::ConsolePage;
pub use people_page::PeoplePage as PeopleListPage;
pub use plans_page::PlansPage;

use crate::domain::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Accounts per page of the list.
pub const PEOPLE_PAGE_SIZE: u64 = 50;

/// Which accounts the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleFilter {
    /// Part of the address or the name.
    pub q: String,
    /// Only this role.
    pub role: Option<Role>,
    /// Only disabled accounts.
    pub disabled_only: bool,
}

/// An account as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    /// Its id (the address of its page).
    pub id: i64,
    /// Sign-in address.
    pub email: String,
    /// Name shown.
    pub display_name: String,
    /// What it may do.
    pub role: Role,
    /// A member's producer: its register code.
    pub producer_code: Option<String>,
    /// A member's producer: its name.
    pub producer_name: Option<String>,
    /// An officer's area, "Province" or "Province/Commune".
    pub area: Option<String>,
    /// When it was disabled, if it is.
    pub disabled_at: Option<DateTime<Utc>>,
    /// A demo account (listed in the README).
    pub is_demo: bool,
    /// When it was made.
    pub created_at: DateTime<Utc>,
}

/// A page of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeoplePage {
    /// Matching accounts in all.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// Accounts per page.
    pub limit: u64,
    /// The accounts, newest first.
    pub items: Vec<AccountRow>,
}

/// A plan as the console lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    /// The plan's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The area's name.
    pub area: String,
    /// First day of the period.
    pub from: chrono::NaiveDate,
    /// Last day of the period.
    pub to: chrono::NaiveDate,
    /// How many targets it sets.
    pub targets: u64,
    /// The file its version in force came from.
    pub source_file: String,
    /// The administrator who uploaded it (`None`: shipped with the site).
    pub uploaded_by: Option<String>,
    /// When it was retired, if it was.
    pub retired_at: Option<DateTime<Utc>>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// An uploaded plan file, checked: its preview, or why it cannot be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadView {
    /// The upload's id.
    pub id: i64,
    /// The file's name as sent.
    pub file_name: String,
    /// When it was uploaded.
    pub uploaded_at: DateTime<Utc>,
    /// When its plan was stored, once it was.
    pub stored_at: Option<DateTime<Utc>>,
    /// The plan it holds, when valid.
    pub preview: Option<crate::reports::preview::PlanPreview>,
    /// Why it cannot be used (Vietnamese / English), when invalid.
    pub problem: Option<String>,
    /// The stored plan of the same id it would replace.
    pub replaces: Option<PlanRow>,
}
