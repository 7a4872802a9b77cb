//! Building the application: data directory, database, schema, seed data,
//! search index, then the listener. `Application::build` binds first and keeps
//! the real port, so tests run on port 0.

use crate::config::Settings;
use crate::database::{self, DatabaseError};
use crate::http::page_cache::PageCache;
use app::state::{AppState, SiteSettings};
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// What can stop the server from starting, each in one sentence.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The data directory cannot be created or written.
    #[error("Không ghi được vào thư mục dữ liệu {path}: {reason} (đặt OCOP_DATA_DIR tới một thư mục ghi được). / The data directory {path} is not writable: {reason} (set OCOP_DATA_DIR to a writable folder).")]
    DataDir {
        /// The folder.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// A database problem.
    #[error(transparent)]
    Database(#[from] DatabaseError),
    /// The address is taken or not ours.
    #[error("Không mở được cổng {addr}: {reason} (đặt OCOP_ADDR tới địa chỉ khác). / Cannot listen on {addr}: {reason} (set OCOP_ADDR to another address).")]
    Bind {
        /// The address.
        addr: String,
        /// The system's reason.
        reason: String,
    },
    /// The search index cannot be opened or rebuilt.
    #[error("Không mở được chỉ mục tìm kiếm: {0} / Cannot open the search index: {0}")]
    Search(String),
    /// The mail settings cannot be used.
    #[error("Cấu hình gửi thư không dùng được: {0} / The mail settings cannot be used: {0}")]
    Mail(String),
    /// The Stripe settings cannot be used.
    #[error(transparent)]
    Card(#[from] app::stripe_client::CardSetupError),
    /// Seed data (administrative units, demo catalog) failed to load.
    #[error("Không nạp được dữ liệu ban đầu: {0} / Cannot load the initial data: {0}")]
    Seed(String),
}

/// How `serve` should treat the schema and seed data.
#[derive(Debug, Clone, Copy, Default)]
pub struct StartOptions {
    /// Apply pending migrations (a new database is always migrated).
    pub migrate: bool,
}

/// A built, bound application.
pub struct Application {
    port: u16,
    listener: TcpListener,
    router: axum::Router,
    state: AppState,
    pages: Arc<PageCache>,
}

/// Creates the data directory and proves it writable.
pub fn ensure_data_dir(dir: &Path) -> Result<(), StartupError> {
    let fail = |e: std::io::Error| StartupError::DataDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".write-test");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)?;
    Ok(())
}

/// The shipped sample catalog used in demo mode.
pub fn sample_dir() -> PathBuf {
    std::env::var_os("OCOP_SAMPLE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../app/data/sample"))
        })
}

/// Connects, brings the schema up to date (see `database::prepare_schema`),
/// loads the administrative units, and on a new database in demo mode the
/// sample catalog and demo accounts.
pub async fn prepare_database(
    settings: &Settings,
    options: StartOptions,
) -> Result<DatabaseConnection, StartupError> {
    ensure_data_dir(&settings.data_dir)?;
    let db = database::connect(&settings.database_url()).await?;
    let fresh = database::prepare_schema(&db, options.migrate).await?;
    app::admin_units::ensure_loaded(&db)
        .await
        .map_err(|e| StartupError::Seed(e.to_string()))?;
    let plans_dir = settings
        .plans_dir
        .clone()
        .unwrap_or_else(app::reports::plans::shipped_plans_dir);
    let plans = app::reports::plans::load_plans_dir(&db, &plans_dir)
        .await
        .map_err(|e| StartupError::Seed(e.to_string()))?;
    tracing::info!(
        created = plans.created,
        updated = plans.updated,
        unchanged = plans.unchanged,
        "plans loaded"
    );
    if fresh
        && settings.demo
        && app::demo::is_empty(&db)
            .await
            .map_err(DatabaseError::from)?
    {
        tracing::info!("new database: loading the demo catalog");
        let report = app::demo::load_demo(&db, &sample_dir(), &app::department::import::NoProgress)
            .await
            .map_err(|e| StartupError::Seed(error_chain(e.as_ref())))?;
        tracing::info!(summary = %report.to_string().replace('\n', "; "), "demo catalog loaded");
    }
    Ok(db)
}

/// An error and its causes on one line, for the operator.
pub fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text.push_str(": ");
            text.push_str(&more);
        }
        source = cause.source();
    }
    text
}

/// Stripe, when `STRIPE_SECRET_KEY` is set (then `STRIPE_WEBHOOK_SECRET` must
/// be too); checked before anything else, so a half-configured card setup
/// stops the start instead of taking money it could never confirm.
fn card_payments(
    settings: &Settings,
) -> Result<Option<Arc<app::stripe_client::CardPayments>>, StartupError> {
    let stripe = &settings.stripe;
    let Some(key) = &stripe.secret_key else {
        if stripe.webhook_secret.is_some() {
            tracing::warn!(
                "STRIPE_WEBHOOK_SECRET is set without STRIPE_SECRET_KEY: card payments stay off"
            );
        }
        return Ok(None);
    };
    let card = app::stripe_client::CardPayments::connect(
        key.expose(),
        stripe.webhook_secret.as_ref().map(|s| s.expose()),
        &stripe.api_base,
    )?;
    tracing::info!(api_base = %stripe.api_base, "card payments through Stripe are on");
    Ok(Some(Arc::new(card)))
}

impl Application {
    /// Prepares everything and binds the listener.
    pub async fn build(
        settings: Settings,
        options: StartOptions,
    ) -> Result<Application, StartupError> {
        let card = card_payments(&settings)?;
        if !settings.operator.is_configured() && !settings.demo {
            tracing::warn!(
                "the operator's identity is not configured ([operator] or OCOP_OPERATOR_NAME): every page's footer says so"
            );
        }
        let db = prepare_database(&settings, options).await?;
        let search = crate::indexer::open_and_catch_up(&db, &settings.data_dir).await?;
        let listener = TcpListener::bind(settings.addr)
            .await
            .map_err(|e| StartupError::Bind {
                addr: settings.addr.to_string(),
                reason: e.to_string(),
            })?;
        let local = listener.local_addr().map_err(|e| StartupError::Bind {
            addr: settings.addr.to_string(),
            reason: e.to_string(),
        })?;
        let base_url = settings
            .base_url
            .clone()
            .unwrap_or_else(|| format!("http://{local}"));
        // A policy version not announced yet is mailed to the accounts now
        // (the versions a new site starts with are only recorded).
        app::legal::announce::announce_current(&db, &base_url, chrono::Utc::now())
            .await
            .map_err(|e| StartupError::Seed(e.to_string()))?;
        let leptos_options = LeptosOptions::builder()
            .output_name("chocop")
            .site_root(settings.site_dir.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(local)
            .build();
        let search = Arc::new(search);
        let pages = Arc::new(PageCache::new(Duration::from_secs(
            settings.page_cache_seconds,
        )));
        let ops =
            crate::operations::ServerOperations::new(db.clone(), search.clone(), &settings, {
                let pages = pages.clone();
                move || pages.invalidate()
            });
        let state = AppState {
            db,
            search,
            site: Arc::new(SiteSettings {
                data_dir: settings.data_dir.clone(),
                base_url,
                commerce: settings.commerce.clone(),
                operator: settings.operator.clone(),
            }),
            card,
            leptos_options,
            checkout_tally: Default::default(),
            ops: Arc::new(ops),
        };
        crate::indexer::spawn_outbox_applier(state.db.clone(), state.search.clone(), {
            let pages = pages.clone();
            move || pages.invalidate()
        });
        let delivery =
            crate::mailer::Delivery::from_settings(settings.smtp_url.as_ref(), &settings.data_dir)
                .map_err(StartupError::Mail)?;
        crate::mailer::spawn_sender(state.db.clone(), delivery);
        crate::sweeper::spawn_hold_sweeper(state.db.clone(), crate::sweeper::EVERY);
        if settings.demo && settings.demo_illustrations {
            crate::media::demo::spawn_illustrator(state.db.clone(), settings.data_dir.clone());
        }
        let router = crate::http::router(state.clone(), pages.clone(), &settings.http);
        Ok(Application {
            port: local.port(),
            listener,
            router,
            state,
            pages,
        })
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use its database).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The page cache, emptied by [`PageCache::invalidate`] when data changes.
    pub fn pages(&self) -> Arc<PageCache> {
        self.pages.clone()
    }

    /// Serves until the process receives Ctrl-C or SIGTERM, then drains.
    /// Each connection's peer address reaches the handlers (the client
    /// address of the rate limits and logs).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}
