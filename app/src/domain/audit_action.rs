//! What an officer or an administrator did, as the audit log stores it: a
//! word `kind.what` per action (the same word in the API and the CSV
//! export), and the kind of record each one acts on.

#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

stored_words! {
    /// An action recorded in the audit log.
    pub enum AuditAction {
        /// A product's certification decision recorded at the desk.
        ProductCertified = "product.certified",
        /// A person invited to run a producer's stall.
        MemberInvited = "producer.member_invited",
        /// An event created.
        EventCreated = "event.created",
        /// An event's fields saved (its status among them).
        EventSaved = "event.saved",
        /// An event's results (figures after it) saved.
        EventResultsSaved = "event.results_saved",
        /// A producer's registration for an event accepted or refused.
        RegistrationDecided = "event.registration_decided",
        /// A livestream line-up entry set.
        LineupSet = "event.lineup_set",
        /// A sales point created.
        SalesPointCreated = "sales_point.created",
        /// A sales point's fields saved (closing it among them).
        SalesPointSaved = "sales_point.saved",
        /// Products added to what a sales point carries.
        SalesPointProductAdded = "sales_point.product_added",
        /// A product no longer carried by a sales point.
        SalesPointProductRemoved = "sales_point.product_removed",
        /// An order moved by an officer or administrator (a transfer
        /// marked received, or any step an administrator takes).
        OrderMoved = "order.moved",
        /// An account made from the command line.
        UserCreated = "user.created",
        /// A folder of register files imported from the command line.
        RegisterImported = "register.imported",
        /// The search index rebuilt (from the command line or the console).
        SearchRebuilt = "search.rebuilt",
        /// A backup made (from the command line or the console).
        BackupMade = "backup.made",
        /// A seller's identity checked (and corrected) by the area's officer.
        SellerVerified = "producer.identity_verified",
        /// An application to open a stall approved: account and stall made.
        ApplicationApproved = "application.approved",
        /// An application to open a stall refused, with its reason.
        ApplicationRefused = "application.refused",
        /// A reported listing hidden from shoppers.
        ListingHidden = "report.listing_hidden",
        /// A reported stall suspended: its products leave the site.
        StallSuspended = "report.stall_suspended",
        /// A hidden listing or suspended stall restored.
        ReportRestored = "report.restored",
        /// A report dismissed: nothing to act on.
        ReportDismissed = "report.dismissed",
        /// An account's role, producer or area changed by an administrator.
        UserRoleChanged = "user.role_changed",
        /// An account disabled: it can no longer sign in.
        UserDisabled = "user.disabled",
        /// A disabled account enabled again.
        UserEnabled = "user.enabled",
        /// Every session of an account ended and a new password required.
        UserSignInsReset = "user.sign_ins_reset",
        /// An officer account created for an area, with a set-password mail.
        OfficerCreated = "user.officer_created",
        /// A plan uploaded (new, or replacing the one of the same id).
        PlanUploaded = "plan.uploaded",
        /// A plan retired: it leaves the reports.
        PlanRetired = "plan.retired",
        /// A rebuild of the search index started from the console.
        ReindexStarted = "search.reindex_started",
        /// A backup started from the console.
        BackupStarted = "backup.started",
        /// The annual statistics for the ministry downloaded.
        AnnualReportExported = "statistics.annual_exported",
    }
}

impl AuditAction {
    /// The kind of record the action is on (the log's `target_kind`).
    pub fn target_kind(self) -> &'static str {
        self.name().split('.').next().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_names_its_kind_and_reads_back() {
        for action in AuditAction::ALL {
            assert!(!action.target_kind().is_empty(), "{action}");
            assert_eq!(AuditAction::from_name(action.name()), Some(*action));
        }
        assert_eq!(AuditAction::SalesPointSaved.target_kind(), "sales_point");
    }
}
