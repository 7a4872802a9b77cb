//! The HTTP edge's defences, applied to every route in `http::router_with`
//! (outermost first): security headers with the CSP nonce ([`headers`]),
//! rate limits per client address ([`rate_limit`]), body size and time
//! limits ([`limits`]); the client address comes from the socket's peer or,
//! behind trusted proxies, from `X-Forwarded-For` ([`client`]). Refusals
//! are answered by [`refusal`] in the asker's form. Compression sits inside
//! these, next to the routes. The `/api/v1` router adds one of its own:
//! personal answers are `private, no-store` ([`no_store`]).

pub mod client;
pub mod headers;
pub mod limits;
pub mod no_store;
pub mod rate_limit;
pub mod refusal;

use crate::config::HttpSettings;
use crate::http::observe::metrics::Metrics;
use rate_limit::RateLimiter;
use std::sync::Arc;
use std::time::Duration;

/// The state of the limits' middleware.
pub struct Hardening {
    /// The buckets of the rate limits.
    pub limiter: RateLimiter,
    /// Where refusals by rate limit are counted.
    pub metrics: Arc<Metrics>,
    /// Largest body outside uploads.
    pub body_limit: usize,
    /// Time for most requests.
    pub timeout: Duration,
    /// Time for uploads, exports and reports.
    pub long_timeout: Duration,
}

impl Hardening {
    /// From the settings.
    pub fn new(settings: &HttpSettings, metrics: Arc<Metrics>) -> Self {
        Hardening {
            limiter: RateLimiter::new(settings.rate_limits),
            metrics,
            body_limit: settings.body_limit_bytes,
            timeout: Duration::from_secs(settings.request_timeout_seconds.max(1)),
            long_timeout: Duration::from_secs(settings.long_request_timeout_seconds.max(1)),
        }
    }
}
