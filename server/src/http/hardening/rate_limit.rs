//! Rate limits per client address, in memory: a token bucket per kind of
//! request and address, as large as the limit per minute and refilled evenly
//! over the minute. Over the limit: 429 with `Retry-After` (the seconds until
//! the next request fits) and a sentence in both languages.
//!
//! Each replica keeps its own buckets, so behind a load balancer spreading a
//! client over N replicas the client gets up to N times the limit; the
//! limits stop scripts, which exceed them many times over. IPv6 clients are
//! counted by their /64 network, which one household or phone gets whole.
//! Memory is bounded: past [`MAX_CLIENTS`] buckets, the full ones (clients
//! idle for a minute) are dropped, and if that is not enough, new clients go
//! uncounted rather than refused.

use super::client::ClientAddr;
use super::Hardening;
use crate::config::RateLimits;
use app::error::AppError;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::Method;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Most buckets kept.
pub const MAX_CLIENTS: usize = 100_000;

/// The kinds of request that are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Password checks: sign-in and password reset.
    Login,
    /// Placing a checkout.
    Checkout,
    /// Searches and suggestions.
    Search,
    /// Photo uploads.
    Upload,
    /// Stall applications (each mails people).
    Apply,
    /// Abuse reports (each mails the area's officers).
    Report,
}

impl Kind {
    /// The name in logs and metrics.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Login => "login",
            Kind::Checkout => "checkout",
            Kind::Search => "search",
            Kind::Upload => "upload",
            Kind::Apply => "apply",
            Kind::Report => "report",
        }
    }

    /// The limited kind of a request to route template `route`, if any.
    pub fn of(method: &Method, route: &str) -> Option<Kind> {
        let reads = method == Method::GET || method == Method::HEAD;
        match route {
            "/api/v1/auth/login"
            | "/api/fn/sign_in"
            | "/api/fn/request_reset"
            | "/api/fn/reset_password" => Some(Kind::Login),
            // The page's own form posts to `sign_in`; anything but reading
            // the page here is a password check by other means.
            "/dang-nhap" if !reads => Some(Kind::Login),
            "/api/v1/checkout" | "/api/fn/place_order" => Some(Kind::Checkout),
            "/tim-kiem"
            | "/api/v1/products/search"
            | "/api/v1/products/suggest"
            | "/api/fn/search"
            | "/api/fn/suggest" => Some(Kind::Search),
            "/quan-ly/tai-anh" | "/api/v1/stall/products/{code}/images" if !reads => {
                Some(Kind::Upload)
            }
            crate::http::applications::APPLY_FORM_PATH | "/api/v1/producer-applications"
                if !reads =>
            {
                Some(Kind::Apply)
            }
            "/api/v1/abuse-reports" | "/api/fn/report_abuse" if !reads => Some(Kind::Report),
            _ => None,
        }
    }

    fn per_minute(self, limits: &RateLimits) -> u32 {
        match self {
            Kind::Login => limits.login,
            Kind::Checkout => limits.checkout,
            Kind::Search => limits.search,
            Kind::Upload => limits.upload,
            Kind::Apply => limits.apply,
            Kind::Report => limits.report,
        }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every client.
pub struct RateLimiter {
    limits: RateLimits,
    buckets: Mutex<HashMap<(Kind, IpAddr), Bucket>>,
}

/// The address a client is counted by: IPv4 whole, IPv6 by its /64.
fn counted_as(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        v4 => v4,
    }
}

impl RateLimiter {
    /// A limiter with these limits per minute.
    pub fn new(limits: RateLimits) -> Self {
        RateLimiter {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for one request of `kind` from `client` at `now`, or
    /// says how long until one is there.
    pub fn check(&self, kind: Kind, client: IpAddr, now: Instant) -> Result<(), Duration> {
        let per_minute = kind.per_minute(&self.limits);
        if per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(per_minute);
        let rate = capacity / 60.0;
        let refill = |b: &Bucket| {
            (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate).min(capacity)
        };
        let key = (kind, counted_as(client));
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if !buckets.contains_key(&key) && buckets.len() >= MAX_CLIENTS {
            let limits = self.limits;
            buckets.retain(|(k, _), b| {
                let cap = f64::from(k.per_minute(&limits));
                let r = cap / 60.0;
                (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * r) < cap
            });
            if buckets.len() >= MAX_CLIENTS {
                return Ok(());
            }
        }
        let bucket = buckets.entry(key).or_insert(Bucket {
            tokens: capacity,
            at: now,
        });
        bucket.tokens = refill(bucket);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / rate))
        }
    }
}

/// The middleware: refuses a limited request over its client's limit.
pub async fn enforce(
    State(hardening): State<Arc<Hardening>>,
    request: Request,
    next: Next,
) -> Response {
    let kind = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|route| Kind::of(request.method(), route.as_str()));
    let Some(kind) = kind else {
        return next.run(request).await;
    };
    let Some(ClientAddr(client)) = request.extensions().get::<ClientAddr>().copied() else {
        return next.run(request).await;
    };
    match hardening.limiter.check(kind, client, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            hardening.metrics.record_rate_limited(kind.label());
            tracing::warn!(kind = kind.label(), "rate limit reached");
            let retry_after_secs = wait.as_secs_f64().ceil().max(1.0) as u64;
            super::refusal::Asker::of(&request).refuse(AppError::RateLimited { retry_after_secs })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(login: u32) -> RateLimits {
        RateLimits {
            login,
            ..RateLimits::default()
        }
    }

    #[test]
    fn a_burst_then_one_request_per_refill() {
        let limiter = RateLimiter::new(limits(3));
        let a: IpAddr = "203.0.113.1".parse().unwrap();
        let b: IpAddr = "203.0.113.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check(Kind::Login, a, t0).is_ok());
        }
        let wait = limiter.check(Kind::Login, a, t0).unwrap_err();
        let wait = wait.as_secs_f64();
        assert!((19.9..=20.1).contains(&wait), "3 a minute: one every 20 s");
        assert!(limiter.check(Kind::Login, b, t0).is_ok(), "another client");
        assert!(limiter.check(Kind::Search, a, t0).is_ok(), "another kind");
        assert!(limiter
            .check(Kind::Login, a, t0 + Duration::from_secs(21))
            .is_ok());
        assert!(limiter
            .check(Kind::Login, a, t0 + Duration::from_secs(22))
            .is_err());
    }

    #[test]
    fn zero_is_no_limit_and_ipv6_counts_by_network() {
        let limiter = RateLimiter::new(limits(0));
        let a: IpAddr = "203.0.113.1".parse().unwrap();
        for _ in 0..1000 {
            assert!(limiter.check(Kind::Login, a, Instant::now()).is_ok());
        }
        let limiter = RateLimiter::new(limits(1));
        let t0 = Instant::now();
        assert!(limiter
            .check(Kind::Login, "2001:db8:1:2::1".parse().unwrap(), t0)
            .is_ok());
        assert!(limiter
            .check(Kind::Login, "2001:db8:1:2::ffff".parse().unwrap(), t0)
            .is_err());
        assert!(limiter
            .check(Kind::Login, "2001:db8:1:3::1".parse().unwrap(), t0)
            .is_ok());
    }

    #[test]
    fn routes_map_to_kinds() {
        assert_eq!(
            Kind::of(&Method::POST, "/api/fn/sign_in"),
            Some(Kind::Login)
        );
        assert_eq!(Kind::of(&Method::GET, "/dang-nhap"), None);
        assert_eq!(Kind::of(&Method::GET, "/tim-kiem"), Some(Kind::Search));
        assert_eq!(
            Kind::of(&Method::POST, "/api/v1/stall/products/{code}/images"),
            Some(Kind::Upload)
        );
        assert_eq!(Kind::of(&Method::GET, "/san-pham/{slug}"), None);
        // What mails people is limited, by every door.
        for route in ["/dang-ky-gian-hang/gui", "/api/v1/producer-applications"] {
            assert_eq!(Kind::of(&Method::POST, route), Some(Kind::Apply), "{route}");
        }
        for route in ["/api/v1/abuse-reports", "/api/fn/report_abuse"] {
            assert_eq!(
                Kind::of(&Method::POST, route),
                Some(Kind::Report),
                "{route}"
            );
        }
    }
}
