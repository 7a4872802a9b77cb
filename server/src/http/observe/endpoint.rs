//! `GET /metrics`: the Prometheus text format. Request counts and latencies
//! by route (see [`super::metrics`]), refusals by rate limit, checkout
//! outcomes, and the search index's lag behind the database (outbox entries
//! not yet applied, and the age of the oldest).
//!
//! Who may read it: with `OCOP_METRICS_TOKEN` set, whoever sends
//! `Authorization: Bearer <token>`, from anywhere; without it, only a
//! client on this machine (loopback) whose request was not forwarded by a
//! proxy. A reverse proxy on the same machine that does not add
//! `X-Forwarded-For` makes every visitor look local: behind one, set the
//! token or do not route `/metrics`.

use super::metrics::Metrics;
use crate::config::Secret;
use crate::http::hardening::client::ClientAddr;
use app::entities::search_outbox;
use app::ssr::AppState;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use http::{HeaderMap, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::fmt::Write as _;
use std::sync::Arc;

/// What the endpoint reads.
pub struct MetricsEndpoint {
    /// The database, the index and the checkout tally.
    pub state: AppState,
    /// The request registry.
    pub metrics: Arc<Metrics>,
    /// The bearer token, when one is configured.
    pub token: Option<Secret>,
}

/// The `/metrics` route.
pub fn router<S: Clone + Send + Sync + 'static>(endpoint: Arc<MetricsEndpoint>) -> Router<S> {
    Router::new()
        .route("/metrics", get(get_metrics))
        .with_state(endpoint)
}

/// Equal without telling by its timing how much of a guess was right.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl MetricsEndpoint {
    /// `None` when the asker may read the figures, else the refusal.
    fn refusal(&self, client: Option<ClientAddr>, headers: &HeaderMap) -> Option<Response> {
        if let Some(token) = &self.token {
            let given = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            if same_secret(given.trim().as_bytes(), token.expose().as_bytes()) {
                return None;
            }
            tracing::warn!("metrics asked for without the right token");
            return Some(
                (
                    StatusCode::UNAUTHORIZED,
                    [(WWW_AUTHENTICATE, "Bearer")],
                    "Cần mã truy cập (Authorization: Bearer …). / A bearer token is required.\n",
                )
                    .into_response(),
            );
        }
        let forwarded =
            headers.contains_key("x-forwarded-for") || headers.contains_key("forwarded");
        let local = client.is_some_and(|ClientAddr(ip)| ip.is_loopback());
        if local && !forwarded {
            return None;
        }
        Some(
            (
                StatusCode::FORBIDDEN,
                "Chỉ đọc được từ máy chủ này, hoặc với OCOP_METRICS_TOKEN. / Only readable from this machine, or with OCOP_METRICS_TOKEN.\n",
            )
                .into_response(),
        )
    }
}

async fn get_metrics(State(endpoint): State<Arc<MetricsEndpoint>>, request: Request) -> Response {
    let client = request.extensions().get::<ClientAddr>().copied();
    if let Some(refusal) = endpoint.refusal(client, request.headers()) {
        return refusal;
    }
    let mut text = endpoint.metrics.render();
    let counts = endpoint.state.checkout_tally.counts();
    text.push_str("# HELP ocop_checkouts_total Checkouts by outcome: placed, refused (stock, a closed option, a conflict), failed (ours or the card processor's).\n");
    text.push_str("# TYPE ocop_checkouts_total counter\n");
    for (outcome, n) in [
        ("placed", counts.placed),
        ("refused", counts.refused),
        ("failed", counts.failed),
    ] {
        let _ = writeln!(text, "ocop_checkouts_total{{outcome=\"{outcome}\"}} {n}");
    }
    match index_lag(&endpoint.state).await {
        Ok((entries, seconds)) => {
            text.push_str("# HELP ocop_search_index_lag_entries Search outbox entries this replica has not applied yet.\n");
            text.push_str("# TYPE ocop_search_index_lag_entries gauge\n");
            let _ = writeln!(text, "ocop_search_index_lag_entries {entries}");
            text.push_str("# HELP ocop_search_index_lag_seconds Age of the oldest search outbox entry not applied yet (0 when none).\n");
            text.push_str("# TYPE ocop_search_index_lag_seconds gauge\n");
            let _ = writeln!(text, "ocop_search_index_lag_seconds {seconds}");
        }
        Err(e) => tracing::warn!(error = %e, "search index lag not measured"),
    }
    (
        [
            (CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// Entries after the index's recorded position, and the oldest one's age.
async fn index_lag(state: &AppState) -> Result<(u64, f64), String> {
    let search = state.search.clone();
    let last = tokio::task::spawn_blocking(move || search.last_outbox_id())
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?
        .unwrap_or(0);
    let pending = search_outbox::Entity::find()
        .filter(search_outbox::Column::Id.gt(i64::try_from(last).unwrap_or(i64::MAX)));
    let entries = pending
        .clone()
        .count(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    let oldest = pending
        .order_by_asc(search_outbox::Column::Id)
        .one(&state.db)
        .await
        .map_err(|e| e.to_string())?;
    let seconds = oldest.map_or(0.0, |entry| {
        (chrono::Utc::now() - entry.created_at)
            .num_milliseconds()
            .max(0) as f64
            / 1000.0
    });
    Ok((entries, seconds))
}

#[cfg(test)]
mod tests {
    use super::same_secret;

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"ab", b"abc"));
    }
}
