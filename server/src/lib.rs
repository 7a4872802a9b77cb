//! The `ocop` server: configuration, startup, HTTP routes and the JSON API, the
//! search-index upkeep and the command-line subcommands.

#![recursion_limit = "512"]

pub mod backup;
pub mod cli;
pub mod config;
pub mod database;
pub mod http;
pub mod indexer;
pub mod mailer;
pub mod media;
pub mod operations;
pub mod progress;
pub mod startup;
pub mod stripe_signature;
pub mod sweeper;
pub mod telemetry;

pub use config::Settings;
pub use startup::Application;
