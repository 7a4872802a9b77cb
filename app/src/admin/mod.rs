//! The administrator's console (`/quan-tri`): pages only administrators
//! open. Today the audit log; users, plans, reindexing and backups follow
//! (issue 29, item 6).

pub mod audit_page;

pub use audit_page::AuditLogPage;
