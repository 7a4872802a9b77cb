//! End-to-end tests, one folder of concerns per route family. Every scenario
//! runs on SQLite and on PostgreSQL.

#![recursion_limit = "512"]

mod account_pages;
mod admin;
mod api;
mod api_contract;
mod audit;
mod auth;
mod backup;
mod checkout;
mod checkout_form;
mod consent;
mod events;
mod faults;
mod hardening;
mod hostile_names;
mod import;
mod legal;
mod lifecycle;
mod media;
mod migrations;
mod moderation;
mod observability;
mod onboarding;
mod oracle;
mod order_steps;
mod page_cache;
mod processes;
mod register;
mod relevance;
mod report_oracle;
mod reports;
mod sales_points;
mod scale_out;
mod search_api;
mod search_outbox;
mod search_page;
mod security_api;
mod security_edge;
mod security_log;
mod stall;
mod stall_extra;
mod stall_pages;
mod storefront;
mod stripe;
