//! Observability at the edge: every request gets an id and a client
//! address, runs inside a `request` span carrying both (so every line logged
//! while serving it names them), is counted and timed by route template, and
//! is logged once when answered. `/metrics` serves the figures
//! ([`endpoint`]); `/api/v1/ready` says whether the database and the search
//! index answer (`api::health`).

pub mod endpoint;
pub mod metrics;
pub mod request_id;

use super::hardening::client::{ClientAddr, TrustedProxies};
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use metrics::{method_label, Metrics, UNMATCHED};
use request_id::RequestId;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

/// What the tracking middleware needs.
pub struct Observer {
    /// The registry requests are counted in.
    pub metrics: Arc<Metrics>,
    /// Who may name the client in `X-Forwarded-For`.
    pub proxies: TrustedProxies,
}

/// The outermost middleware: id, client address, span, metrics, access log.
///
/// The incoming `X-Request-Id` header is replaced by the id in force, so the
/// pages rendered further in read the same id from the request.
pub async fn track(
    State(observer): State<Arc<Observer>>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = RequestId::from_header(request.headers().get(request_id::HEADER));
    request
        .headers_mut()
        .insert(request_id::HEADER, id.header_value());
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = observer.proxies.client_address(peer, request.headers());
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str)
        .to_owned();
    let method = method_label(request.method());
    request.extensions_mut().insert(ClientAddr(client));
    request.extensions_mut().insert(id.clone());
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method,
        route = %route,
        client = %client,
    );
    // The audit log (in `app`) reads the same id.
    let work = app::audit::in_request(id.to_string(), next.run(request));
    let mut response = id.clone().scope(work.instrument(span.clone())).await;
    let elapsed = started.elapsed();
    let status = response.status();
    observer
        .metrics
        .record(&route, method, status.as_u16(), elapsed);
    span.in_scope(|| {
        let ms = elapsed.as_secs_f64() * 1000.0;
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), ms, "answered");
        } else {
            tracing::info!(status = status.as_u16(), ms, "answered");
        }
    });
    response
        .headers_mut()
        .insert(request_id::HEADER, id.header_value());
    response
}
