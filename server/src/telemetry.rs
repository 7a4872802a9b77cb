//! Tracing set up in one place: human-readable lines by default, JSON lines on
//! request (`OCOP_LOG_FORMAT=json` or `--log-format json`); `RUST_LOG` filters.
//!
//! Every request runs inside a `request` span (see `http::observe`) holding
//! its id, route and client address, so each line logged while serving it
//! carries them: in text as the `request{…}:` prefix, in JSON as the `span`
//! object.

use tracing_subscriber::{fmt, EnvFilter};

/// Installs the global subscriber once; later calls (tests) do nothing.
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tantivy=warn"));
    let builder = fmt().with_env_filter(filter).with_target(false);
    let _ = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.compact().try_init()
    };
}
