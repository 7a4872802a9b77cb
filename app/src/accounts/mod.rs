//! Accounts: users, roles, passwords, sessions and signing in.

pub mod access;
pub mod page;
pub mod reset_page;

pub mod consent_page;

#[cfg(feature = "ssr")]
pub mod consent;
#[cfg(feature = "ssr")]
pub mod handover;
#[cfg(feature = "ssr")]
pub mod invite;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod reset;
#[cfg(feature = "ssr")]
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod users;
