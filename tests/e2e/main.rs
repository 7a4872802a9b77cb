//! End-to-end tests, one folder of concerns per route family. Every scenario
//! runs on SQLite and on PostgreSQL.

mod api;
mod import;
mod migrations;
mod oracle;
mod pages;
mod search_outbox;
