//! A small Prometheus registry of our own: request counters by route
//! template, method and status, and a latency histogram by route, kept in
//! atomics behind read-mostly locks (a lock is written only when a route,
//! method and status are seen for the first time). Rendered in the text
//! exposition format by [`Metrics::render`]; the business figures
//! (checkouts, index lag) are appended by the `/metrics` handler.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds: from a page served from
/// memory to a report on the whole country.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The route label of requests that matched no route (static files and 404s).
pub const UNMATCHED: &str = "unmatched";

/// A request series: route template, method, status.
type Series = (String, &'static str, u16);

/// Requests by route, method and status, and latencies by route.
#[derive(Default)]
pub struct Metrics {
    requests: RwLock<BTreeMap<Series, Arc<AtomicU64>>>,
    latency: RwLock<BTreeMap<String, Arc<Histogram>>>,
    rate_limited: RwLock<BTreeMap<&'static str, Arc<AtomicU64>>>,
}

/// Counts per bucket (not cumulative; summed when rendered), the sum in
/// microseconds and the count.
struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    sum_micros: AtomicU64,
    count: AtomicU64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            buckets: std::array::from_fn(|_| AtomicU64::new(0)),
            sum_micros: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }
}

impl Histogram {
    fn observe(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }
}

/// The entry of `key`, made on first use.
fn entry<K: Ord + Clone, V: Default>(map: &RwLock<BTreeMap<K, Arc<V>>>, key: &K) -> Arc<V> {
    if let Some(found) = map.read().unwrap_or_else(|e| e.into_inner()).get(key) {
        return found.clone();
    }
    map.write()
        .unwrap_or_else(|e| e.into_inner())
        .entry(key.clone())
        .or_default()
        .clone()
}

/// The method as a label: the usual ones by name, anything else as
/// "other", so a client cannot make up series.
pub fn method_label(method: &http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

impl Metrics {
    /// Records one answered request. `route` is the matched route template
    /// (never the address itself: the set of series stays bounded).
    pub fn record(&self, route: &str, method: &'static str, status: u16, elapsed: Duration) {
        entry(&self.requests, &(route.to_owned(), method, status)).fetch_add(1, Ordering::Relaxed);
        entry(&self.latency, &route.to_owned()).observe(elapsed);
    }

    /// Records a request refused by a rate limit of `kind`.
    pub fn record_rate_limited(&self, kind: &'static str) {
        entry(&self.rate_limited, &kind).fetch_add(1, Ordering::Relaxed);
    }

    /// Everything in the text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP ocop_http_requests_total HTTP requests answered, by route template, method and status.\n");
        out.push_str("# TYPE ocop_http_requests_total counter\n");
        for ((route, method, status), n) in self
            .requests
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "ocop_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {}",
                escape(route),
                n.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP ocop_http_request_duration_seconds Time to answer a request (until the response starts), by route template.\n");
        out.push_str("# TYPE ocop_http_request_duration_seconds histogram\n");
        for (route, h) in self
            .latency
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let route = escape(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(&h.buckets) {
                cumulative += n.load(Ordering::Relaxed);
                let _ = writeln!(
                    out,
                    "ocop_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let count = h.count.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "ocop_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let sum = h.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "ocop_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "ocop_http_request_duration_seconds_count{{route=\"{route}\"}} {count}"
            );
        }
        out.push_str("# HELP ocop_rate_limited_total Requests refused by a rate limit, by kind.\n");
        out.push_str("# TYPE ocop_rate_limited_total counter\n");
        for (kind, n) in self
            .rate_limited
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "ocop_rate_limited_total{{kind=\"{kind}\"}} {}",
                n.load(Ordering::Relaxed)
            );
        }
        out
    }
}

/// A label value escaped as the exposition format wants.
pub fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_cumulative_buckets() {
        let m = Metrics::default();
        m.record("/san-pham/{slug}", "GET", 200, Duration::from_millis(3));
        m.record("/san-pham/{slug}", "GET", 200, Duration::from_millis(30));
        m.record("/san-pham/{slug}", "GET", 404, Duration::from_secs(60));
        let text = m.render();
        assert!(text.contains(
            "ocop_http_requests_total{route=\"/san-pham/{slug}\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(text.contains("status=\"404\"} 1"));
        assert!(text.contains("_bucket{route=\"/san-pham/{slug}\",le=\"0.005\"} 1\n"));
        assert!(text.contains("_bucket{route=\"/san-pham/{slug}\",le=\"0.05\"} 2\n"));
        assert!(text.contains("_bucket{route=\"/san-pham/{slug}\",le=\"30\"} 2\n"));
        assert!(text.contains("_bucket{route=\"/san-pham/{slug}\",le=\"+Inf\"} 3\n"));
        assert!(text.contains("_count{route=\"/san-pham/{slug}\"} 3\n"));
    }

    #[test]
    fn labels_are_escaped_and_methods_bounded() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        let odd = http::Method::from_bytes(b"BREW").unwrap();
        assert_eq!(method_label(&odd), "other");
    }
}
