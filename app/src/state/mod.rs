//! The application state: what every request may need, built once at
//! startup (the database, the search index, the settings, the Stripe client,
//! the checkout counters, the console's operations). It names no feature: features reach it, never the
//! other way round.

mod operations;
mod settings;
mod tally;

pub use operations::Operations;
pub use settings::{CommerceSettings, ShippingRule};
pub use tally::{CheckoutTally, Counts};

use crate::stripe_client::CardPayments;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use search_index::SearchIndex;
use std::path::PathBuf;
use std::sync::Arc;

/// Settings the application needs at request time.
#[derive(Debug, Clone)]
pub struct SiteSettings {
    /// Where uploaded media and the search index live.
    pub data_dir: PathBuf,
    /// The public base URL, for absolute links (API `url`, QR codes).
    pub base_url: String,
    /// Shipping fees and stock holds.
    pub commerce: CommerceSettings,
    /// Who operates the site (footer, `/gioi-thieu`, the policies).
    pub operator: crate::domain::OperatorIdentity,
}

/// Everything a request may need, built once at startup.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The database pool.
    pub db: DatabaseConnection,
    /// This replica's search index.
    pub search: Arc<SearchIndex>,
    /// Request-time settings.
    pub site: Arc<SiteSettings>,
    /// Card payments through Stripe; `None` when `STRIPE_SECRET_KEY` is
    /// unset, and then the card option is offered nowhere.
    pub card: Option<Arc<CardPayments>>,
    /// Leptos rendering options.
    pub leptos_options: LeptosOptions,
    /// How checkouts ended, for `/metrics`.
    pub checkout_tally: Arc<CheckoutTally>,
    /// The server's tasks and settings, for the administrator's console.
    pub ops: Arc<dyn Operations>,
}

impl AppState {
    /// Whether shoppers may pay by card (for `Checker::card_available` and
    /// for pages deciding whether to show the option).
    pub fn card_available(&self) -> bool {
        self.card.is_some()
    }
}
