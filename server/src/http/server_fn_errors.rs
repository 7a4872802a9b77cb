//! Server functions (`/api/fn/…`) sent input they cannot read: a body that is
//! not the JSON or form its function takes, a missing argument. Leptos
//! answers those with a 500 and its own text (`Args|missing field slug`,
//! `Deserialization|key must be a string…`); here they become what they are,
//! the asker's mistake: 400 in the API's error shape (`{"error": {"code",
//! "message", "request_id"}}`, in the asker's language), plus the `message`
//! and `fields` a form's error is read from, as the edge's other refusals
//! to server functions give them (`hardening::refusal`). A body cut off at
//! the size limit is 413 instead. Every other answer passes unchanged.
//!
//! The failures are recognised by decoding the error body with the
//! encoding its error type uses, never by the text alone: Leptos's own
//! `ServerFnError` (`Variant|detail`, text) and the forms' `FormError`
//! (JSON, whose reading failures all carry one sentence).

use super::locale::RequestLocale;
use super::observe::request_id;
use app::error::AppError;
use app::forms::FormError;
use app::i18n::Locale;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::CACHE_CONTROL;
use http::{HeaderValue, Method, StatusCode};
use http_body_util::BodyExt;
use leptos::server_fn::error::{
    FromServerFnError, ServerFnErrorEncoding, ServerFnErrorErr, SERVER_FN_ERROR_HEADER,
};
use leptos::server_fn::{Bytes, Decodes, ServerFnError};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where every server function is mounted (`#[server(prefix = …)]`).
pub const PREFIX: &str = "/api/fn/";

/// Every registered server function: its path and method.
pub fn registered() -> Vec<(&'static str, Method)> {
    leptos::server_fn::axum::server_fn_paths().collect()
}

/// Why a server function could not read its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unreadable {
    /// An argument of the wrong shape (`ServerFnErrorErr::Args`).
    Args,
    /// A body that is not its codec's format (`Deserialization`).
    Deserialization,
    /// An argument missing (`MissingArg`).
    MissingArg,
    /// A form function's reading failure (`FormError` from `Args` or
    /// `Deserialization`).
    Form,
}

impl Unreadable {
    fn label(self) -> &'static str {
        match self {
            Unreadable::Args => "args",
            Unreadable::Deserialization => "deserialization",
            Unreadable::MissingArg => "missing_arg",
            Unreadable::Form => "form",
        }
    }
}

/// The failure a server function's error body reports, when it is one of
/// reading the input.
fn unreadable(body: &Bytes) -> Option<Unreadable> {
    match <ServerFnErrorEncoding as Decodes<ServerFnError>>::decode(body.clone()) {
        Ok(ServerFnError::Args(_)) => return Some(Unreadable::Args),
        Ok(ServerFnError::Deserialization(_)) => return Some(Unreadable::Deserialization),
        Ok(ServerFnError::MissingArg(_)) => return Some(Unreadable::MissingArg),
        Ok(_) => return None,
        Err(_) => {}
    }
    type FormEncoder = <FormError as FromServerFnError>::Encoder;
    let form = <FormEncoder as Decodes<FormError>>::decode(body.clone()).ok()?;
    // `FormError` gives one sentence to every failure of reading a form.
    let incomplete = FormError::from_server_fn_error(ServerFnErrorErr::Args(String::new()));
    (form == incomplete).then_some(Unreadable::Form)
}

/// Whether a body error is the size limit's (`hardening::limits`).
fn is_length_limit(error: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

/// The largest body a server function may be sent (the edge's limit), for
/// the sentence of a 413.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub u64);

/// The middleware, on the server functions' routes.
pub async fn refuse_unreadable_input(
    State(BodyLimit(limit_bytes)): State<BodyLimit>,
    RequestLocale(locale): RequestLocale,
    request: Request,
    next: Next,
) -> Response {
    if !request.uri().path().starts_with(PREFIX) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    // Notes whether reading the body stopped at the size limit.
    let cut_off = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| {
        let cut_off = cut_off.clone();
        Body::new(body.map_err(move |e| {
            if is_length_limit(&e) {
                cut_off.store(true, Ordering::Relaxed);
            }
            e
        }))
    });
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key(SERVER_FN_ERROR_HEADER)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    // A server function's error is one buffer already in memory.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let Some(failure) = unreadable(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let too_large = cut_off.load(Ordering::Relaxed);
    // The function and the kind only: the detail may quote what was sent.
    tracing::info!(
        function = %path,
        failure = failure.label(),
        too_large,
        "server function input could not be read"
    );
    if too_large {
        let error = AppError::TooLarge { limit_bytes };
        refusal(
            error.status(),
            error.code(),
            [error.message(Locale::Vi), error.message(Locale::En)],
            locale,
        )
    } else {
        refusal(
            StatusCode::BAD_REQUEST,
            "bad_request",
            [
                "Yêu cầu thiếu thông tin hoặc sai định dạng; hãy tải lại trang và thử lại.".into(),
                "The request is incomplete or malformed; reload the page and try again.".into(),
            ],
            locale,
        )
    }
}

/// The answer: the API's error shape in the asker's language, and the
/// `message` (both languages) and `fields` a form shows.
fn refusal(status: StatusCode, code: &str, [vi, en]: [String; 2], locale: Locale) -> Response {
    let mut error = json!({ "code": code, "message": locale.pick(&vi, &en) });
    if let Some(id) = request_id::current() {
        error["request_id"] = id.as_str().into();
    }
    let body = json!({ "error": error, "message": format!("{vi} / {en}"), "fields": [] });
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::middleware::{from_fn_with_state, map_request};
    use axum::routing::post;
    use axum::Router;
    use http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
    use serde_json::Value;
    use tower::ServiceExt;

    /// A server function's error answer, as Leptos writes it.
    fn failed(body: String) -> Response {
        Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .header(SERVER_FN_ERROR_HEADER, "/api/fn/x")
            .header(CONTENT_TYPE, "text/plain")
            .body(Body::from(body))
            .expect("response")
    }

    fn form_error(error: &FormError) -> String {
        serde_json::to_string(error).expect("json")
    }

    fn app() -> Router {
        let args = || async { failed("Args|missing field `slug`".into()) };
        Router::new()
            .route("/api/fn/args", post(args))
            .route("/elsewhere", post(args))
            .route(
                "/api/fn/json",
                post(|| async { failed("Deserialization|key must be a string".into()) }),
            )
            .route(
                "/api/fn/server",
                post(|| async { failed("ServerError|database down".into()) }),
            )
            .route(
                "/api/fn/form",
                post(|| async {
                    let e = FormError::from_server_fn_error(ServerFnErrorErr::Deserialization(
                        "stream did not contain valid UTF-8".into(),
                    ));
                    failed(form_error(&e))
                }),
            )
            .route(
                "/api/fn/refused",
                post(|| async {
                    failed(form_error(&FormError {
                        message: "Sai mật khẩu.".into(),
                        fields: Vec::new(),
                    }))
                }),
            )
            .route(
                "/api/fn/read",
                post(|body: Body| async move {
                    match axum::body::to_bytes(body, usize::MAX).await {
                        Ok(_) => "read".into_response(),
                        Err(e) => failed(format!("Deserialization|{e}")),
                    }
                }),
            )
            .layer(from_fn_with_state(BodyLimit(10), refuse_unreadable_input))
            // The edge's size limit (`hardening::limits`), bodies of at most 10 bytes.
            .layer(map_request(|request: Request| async move {
                request.map(|body| Body::new(http_body_util::Limited::new(body, 10)))
            }))
    }

    async fn post_to(path: &str, body: &'static str, language: &str) -> (StatusCode, String) {
        let request = http::Request::post(path)
            .header(ACCEPT_LANGUAGE, language)
            .body(Body::from(body))
            .expect("request");
        let response = app().oneshot(request).await.expect("answer");
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    fn json(text: &str) -> Value {
        serde_json::from_str(text).expect("a JSON body")
    }

    #[tokio::test]
    async fn reading_failures_are_400_in_the_askers_language() {
        let (status, vi) = post_to("/api/fn/args", "", "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let vi = json(&vi);
        assert_eq!(vi["error"]["code"], "bad_request");
        assert!(vi["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Yêu cầu")));
        assert!(vi["message"].as_str().is_some_and(|m| m.contains(" / ")));
        assert_eq!(vi["fields"], Value::Array(Vec::new()));
        let (status, en) = post_to("/api/fn/json", "{bad", "en-GB,en;q=0.9").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(json(&en)["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("The request")));
        // A form function's reading failure, in `FormError`'s encoding.
        let (status, form) = post_to("/api/fn/form", "", "").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{form}");
        for text in [vi.to_string(), en, form] {
            for variant in ["Args|", "Deserialization|", "MissingArg|"] {
                assert!(!text.contains(variant), "{text}");
            }
        }
    }

    #[tokio::test]
    async fn other_failures_and_other_routes_are_left_alone() {
        let (status, body) = post_to("/api/fn/server", "", "").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body, "ServerError|database down");
        let (status, body) = post_to("/api/fn/refused", "", "").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("Sai mật khẩu."), "{body}");
        let (status, body) = post_to("/elsewhere", "", "").await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body, "Args|missing field `slug`");
    }

    #[tokio::test]
    async fn a_body_cut_off_at_the_limit_is_413() {
        let (status, body) = post_to("/api/fn/read", "0123456789abcdef", "").await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(json(&body)["error"]["code"], "payload_too_large");
        let (status, body) = post_to("/api/fn/read", "0123", "").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "read"));
    }
}
