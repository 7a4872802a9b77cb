//! How large and how long a request may be.
//!
//! Bodies: the photo uploads ([`is_upload`]) may send up to
//! [`MAX_UPLOAD_BODY`] (64 MB, a few phone photos), every other request at
//! most `body_limit_bytes` (1 MB by default, a hundred times the largest
//! form). Both limits are kept here, the same way: a declared length over
//! the limit is refused with 413 without being read; a body sent without a
//! length (chunked) is cut off at the limit, never kept beyond it, and
//! whatever the handler made of the cut body, the answer is the same 413.
//! The refusal says the limit in whole MB, for a photo in the editor's
//! words ([`crate::http::uploads::too_large_sentences`]). (The register's
//! CSV import runs from the command line, `ocop import`, not over HTTP.)
//!
//! A client still sending when the answer comes and the connection closes
//! sees a reset connection, not the answer (browsers show their own error
//! page). So a refused body of up to [`DRAIN_MAX`] is read to its end and
//! dropped before the 413 is sent; a larger one is cut off at once.
//!
//! Time: `request_timeout_seconds` (30 s) until the response starts, and
//! `long_request_timeout_seconds` (10 min) for what may rightly take long:
//! uploads over a slow line, CSV/XLSX/iCalendar exports, the plan reports
//! and the sitemap of a whole-country catalog. A request over its time is
//! dropped (its database transaction rolls back) and answered 503.
//! A page streams its parts as they are ready; one whose next part does not
//! come within the same time is cut off and logged, so a part that never
//! resolves leaves neither the reader's page loading for ever nor the
//! connection held.

use super::refusal::Asker;
use super::Hardening;
use crate::http::applications::{APPLY_FORM_PATH, MAX_APPLICATION_BODY};
use crate::http::uploads::{too_large_sentences, MAX_UPLOAD_BODY};
use app::error::AppError;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::CONTENT_LENGTH;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_http::timeout::TimeoutBody;

/// The largest refused body read to its end before answering.
pub const DRAIN_MAX: u64 = 16 * 1024 * 1024;

/// The routes whose handlers read photo uploads (up to [`MAX_UPLOAD_BODY`]).
pub fn is_upload(route: &str) -> bool {
    matches!(
        route,
        "/quan-ly/tai-anh" | "/api/v1/stall/products/{code}/images"
    )
}

/// The routes whose handlers read a stall application with its scan (up
/// to [`MAX_APPLICATION_BODY`]).
pub fn is_application(route: &str) -> bool {
    matches!(route, APPLY_FORM_PATH | "/api/v1/producer-applications")
}

/// The body limit of a route that reads files, and the sentences of its
/// refusal (Vietnamese, English).
fn upload_limit(route: &str) -> Option<(usize, [String; 2])> {
    if is_upload(route) {
        return Some((MAX_UPLOAD_BODY, too_large_sentences()));
    }
    if is_application(route) {
        let m = crate::media::document::too_large();
        return Some((MAX_APPLICATION_BODY, [m.vi, m.en]));
    }
    None
}

/// The routes allowed the long timeout.
pub fn is_long(route: &str) -> bool {
    is_upload(route)
        || is_application(route)
        || [".csv", ".xlsx", ".ics", "/bao-cao"]
            .iter()
            .any(|end| route.ends_with(end))
        || ["/api/v1/reports/", "/bao-cao", "/api/fn/report_"]
            .iter()
            .any(|start| route.starts_with(start))
        || matches!(route, "/sitemap.xml" | "/api/fn/officer_event_report")
}

/// The middleware.
pub async fn limit(
    State(hardening): State<Arc<Hardening>>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let asker = Asker::of(&request);
    let upload = upload_limit(&route);
    let max = upload
        .as_ref()
        .map_or(hardening.body_limit, |(max, _)| *max);
    let too_large = |asker: &Asker| {
        let error = AppError::TooLarge {
            limit_bytes: max as u64,
        };
        match &upload {
            Some((_, [vi, en])) => asker.refuse_saying(error, vi, en),
            None => asker.refuse(error),
        }
    };
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(bytes) = declared.filter(|n| *n > max as u64) {
        tracing::info!(bytes, limit = max, "request body over the limit");
        let refusal = too_large(&asker);
        if bytes <= DRAIN_MAX {
            drain(request.into_body(), hardening.timeout).await;
        }
        return refusal;
    }
    // Sent without a length (or with a false one): cut off at the limit,
    // and remember that it was.
    let cut = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| {
        let cut = cut.clone();
        Body::new(Limited::new(body, max).map_err(move |e| {
            if e.is::<LengthLimitError>() {
                cut.store(true, Ordering::Relaxed);
            }
            e
        }))
    });
    let time = if is_long(&route) {
        hardening.long_timeout
    } else {
        hardening.timeout
    };
    let response = match tokio::time::timeout(time, next.run(request)).await {
        Ok(response) => response.map(|body| stall_limited(body, time)),
        Err(_) => {
            tracing::warn!(seconds = time.as_secs(), "request timed out");
            return asker.refuse(AppError::TimedOut);
        }
    };
    if cut.load(Ordering::Relaxed) {
        // Whatever the handler answered a cut body (a broken form, a
        // framework's text), the asker is told why.
        tracing::info!(limit = max, "request body cut off at the limit");
        return too_large(&asker);
    }
    response
}

/// `body`, ended with an error (the connection is reset) when its next part
/// takes longer than `time` to come. Only a body that streams is timed.
fn stall_limited(body: Body, time: std::time::Duration) -> Body {
    // A body whose whole length is known is already in memory (a kept page,
    // a JSON answer): it cannot stall, and needs no timer.
    if axum::body::HttpBody::size_hint(&body).exact().is_some() {
        return body;
    }
    let id = crate::http::observe::request_id::current();
    Body::new(TimeoutBody::new(time, body).map_err(move |e| {
        if e.is::<tower_http::timeout::TimeoutError>() {
            let request_id = id.as_ref().map(|id| id.to_string()).unwrap_or_default();
            tracing::warn!(
                seconds = time.as_secs(),
                request_id,
                "response stalled: cut off"
            );
        }
        e
    }))
}

/// Reads `body` to its end (or for at most `time`) and drops it.
async fn drain(mut body: Body, time: std::time::Duration) {
    let _ = tokio::time::timeout(time, async {
        while let Some(Ok(_)) = body.frame().await {}
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::HttpSettings;
    use axum::routing::{get, post};
    use axum::Router;
    use futures_util::StreamExt;
    use std::time::Duration;
    use tower::ServiceExt;

    fn app() -> Router {
        let settings = HttpSettings {
            request_timeout_seconds: 1,
            body_limit_bytes: 10,
            ..HttpSettings::default()
        };
        let hardening = Arc::new(Hardening::new(&settings, Arc::default()));
        Router::new()
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route("/echo", post(|body: String| async move { body }))
            // Starts answering at once, then never sends its second part.
            .route(
                "/stalls",
                get(|| async {
                    let parts = futures_util::stream::iter([Ok::<_, std::io::Error>("<p>first")])
                        .chain(futures_util::stream::pending());
                    Body::from_stream(parts)
                }),
            )
            // A handler that makes nothing of a cut body: the answer is
            // still the edge's.
            .route(
                "/shrug",
                post(|body: Body| async move {
                    let _ = axum::body::to_bytes(body, usize::MAX).await;
                    "fine"
                }),
            )
            .route(
                "/api/v1/stall/products/{code}/images",
                post(|body: Body| async move {
                    let _ = axum::body::to_bytes(body, usize::MAX).await;
                    "stored"
                }),
            )
            .layer(axum::middleware::from_fn_with_state(hardening, limit))
    }

    async fn send(request: http::Request<Body>) -> Response {
        app().oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn a_request_over_its_time_is_answered_503() {
        let started = std::time::Instant::now();
        let slow = send(http::Request::get("/slow").body(Body::empty()).unwrap()).await;
        assert_eq!(slow.status(), 503);
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[tokio::test]
    async fn a_page_that_stops_streaming_is_cut_off() {
        let started = std::time::Instant::now();
        let response = send(http::Request::get("/stalls").body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), 200);
        let read = tokio::time::timeout(
            Duration::from_secs(5),
            axum::body::to_bytes(response.into_body(), 1 << 20),
        )
        .await
        .expect("the stalled body is ended, not left waiting");
        assert!(read.is_err(), "the stalled body ends with an error");
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[tokio::test]
    async fn bodies_over_the_limit_are_refused_declared_or_not() {
        let fits = send(
            http::Request::post("/echo")
                .header(CONTENT_LENGTH, "10")
                .body(Body::from("x".repeat(10)))
                .unwrap(),
        )
        .await;
        assert_eq!(fits.status(), 200);
        let declared = send(
            http::Request::post("/echo")
                .header(CONTENT_LENGTH, "11")
                .body(Body::from("x".repeat(11)))
                .unwrap(),
        )
        .await;
        assert_eq!(declared.status(), 413);
        // Sent without a length: cut off at the limit.
        let chunks = futures_util::stream::iter(["xxxxxx", "xxxxxx"].map(Ok::<_, std::io::Error>));
        let undeclared = send(
            http::Request::post("/echo")
                .body(Body::from_stream(chunks))
                .unwrap(),
        )
        .await;
        assert_eq!(undeclared.status(), 413);
    }

    #[tokio::test]
    async fn a_cut_body_is_refused_whatever_the_handler_made_of_it() {
        let chunks = futures_util::stream::iter(["xxxxxx", "xxxxxx"].map(Ok::<_, std::io::Error>));
        let cut = send(
            http::Request::post("/shrug")
                .body(Body::from_stream(chunks))
                .unwrap(),
        )
        .await;
        assert_eq!(cut.status(), 413);
        let fits = send(
            http::Request::post("/shrug")
                .body(Body::from("x".repeat(10)))
                .unwrap(),
        )
        .await;
        assert_eq!(fits.status(), 200);
    }

    async fn message(response: Response) -> String {
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        json["error"]["message"].as_str().unwrap().to_owned()
    }

    #[tokio::test]
    async fn uploads_have_their_own_limit_said_in_whole_megabytes() {
        let path = "/api/v1/stall/products/SP1/images";
        // Well over the 10 bytes of other requests, within an upload's.
        let fits = send(
            http::Request::post(path)
                .body(Body::from(vec![0u8; 100_000]))
                .unwrap(),
        )
        .await;
        assert_eq!(fits.status(), 200);
        let declared = send(
            http::Request::post(path)
                .header(CONTENT_LENGTH, (MAX_UPLOAD_BODY + 1).to_string())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(declared.status(), 413);
        assert_eq!(
            message(declared).await,
            "Ảnh quá lớn: tối đa 64 MB mỗi lần tải lên."
        );
        let chunks = futures_util::stream::iter(
            [vec![0u8; MAX_UPLOAD_BODY], vec![0u8; 1]].map(Ok::<_, std::io::Error>),
        );
        let undeclared = send(
            http::Request::post(path)
                .header(http::header::ACCEPT_LANGUAGE, "en")
                .body(Body::from_stream(chunks))
                .unwrap(),
        )
        .await;
        assert_eq!(undeclared.status(), 413);
        assert_eq!(
            message(undeclared).await,
            "The photo is too large: at most 64 MB per upload."
        );
    }

    #[test]
    fn exports_reports_and_uploads_may_take_long() {
        for route in [
            "/api/v1/stall/orders.csv",
            "/api/v1/certifications.csv",
            "/api/v1/events.ics",
            "/api/v1/reports/plans/{plan_file}",
            "/bao-cao/{plan}",
            "/can-bo/su-kien/{code}/bao-cao",
            "/api/fn/report_plan",
            "/sitemap.xml",
            "/quan-ly/tai-anh",
        ] {
            assert!(is_long(route), "{route}");
        }
        for route in ["/", "/san-pham/{slug}", "/api/v1/checkout", "/tim-kiem"] {
            assert!(!is_long(route), "{route}");
        }
    }
}
