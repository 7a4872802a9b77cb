//! Chợ OCOP: the Leptos application (pages, server functions) and, behind the
//! `ssr` feature, the services that own the database work of each feature.

#![recursion_limit = "512"]

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod components;
pub mod department;
pub mod domain;
pub mod events;
pub mod forms;
pub mod i18n;
pub mod layout;
pub mod legal;
pub mod map;
pub mod media;
pub mod moderation;
pub mod not_found;
pub mod officer;
pub mod onboarding;
pub mod orders;
pub mod reports;
pub mod routes;
pub mod sales_points;
pub mod search;
pub mod seller;
pub mod stall;
pub mod storefront;
pub mod text;
pub mod time;

#[cfg(feature = "ssr")]
pub mod admin_units;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod error;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod payments;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod ssr;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod stripe_client;
#[cfg(feature = "ssr")]
pub mod vietqr;

pub use routes::{shell, App};
