//! End-to-end tests, one folder of concerns per route family. Every scenario
//! runs on SQLite and on PostgreSQL.

#![recursion_limit = "512"]

mod api;
mod auth;
mod checkout;
mod import;
mod media;
mod migrations;
mod oracle;
mod page_cache;
mod relevance;
mod search_api;
mod search_outbox;
mod search_page;
mod stall;
mod storefront;
mod stripe;
