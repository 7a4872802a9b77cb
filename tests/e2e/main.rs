//! End-to-end tests, one folder of concerns per route family. Every scenario
//! runs on SQLite and on PostgreSQL.

#![recursion_limit = "512"]

mod account_pages;
mod api;
mod auth;
mod checkout;
mod checkout_form;
mod events;
mod hardening;
mod import;
mod media;
mod migrations;
mod observability;
mod oracle;
mod order_steps;
mod page_cache;
mod register;
mod relevance;
mod report_oracle;
mod reports;
mod sales_points;
mod search_api;
mod search_outbox;
mod search_page;
mod stall;
mod stall_extra;
mod stall_pages;
mod storefront;
mod stripe;
