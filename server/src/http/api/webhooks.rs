//! `POST /api/v1/webhooks/stripe`: Stripe's events about card payments. The
//! [`SignedStripeEvent`] extractor reads the raw body and refuses it (400)
//! unless its `Stripe-Signature` is good and fresh; only then does
//! `app::payments::stripe_events` act on it. No session and no CSRF token:
//! the signature is the authentication. A replayed event answers 200 and
//! changes nothing, so Stripe stops retrying.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use crate::stripe_signature::{verify, SignatureError};
use app::error::AppError;
use app::i18n::Locale;
use app::payments::stripe_events::{apply_event, Outcome};
use app::ssr::AppState;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::StatusCode;
use serde_json::{json, Value};

/// The header Stripe signs its deliveries with.
pub const SIGNATURE_HEADER: &str = "stripe-signature";

/// A webhook body whose signature checked out.
#[derive(Debug)]
pub struct SignedStripeEvent {
    /// The body exactly as signed.
    pub payload: String,
}

/// A 400 in the API's error shape.
fn bad_request(code: &str, vi: &str, en: &str, locale: Locale) -> Response {
    let message = locale.pick(vi, en);
    let body = json!({ "error": { "code": code, "message": message } });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

fn refusal(error: SignatureError, locale: Locale) -> Response {
    tracing::warn!(reason = %error, "Stripe webhook refused");
    let (vi, en) = match error {
        SignatureError::Missing => (
            "Thiếu tiêu đề Stripe-Signature.",
            "The Stripe-Signature header is missing.",
        ),
        SignatureError::Malformed => (
            "Tiêu đề Stripe-Signature không đúng dạng t=…,v1=….",
            "The Stripe-Signature header is not of the form t=…,v1=….",
        ),
        SignatureError::Mismatch => (
            "Chữ ký Stripe không khớp với nội dung.",
            "The Stripe signature does not match the body.",
        ),
        SignatureError::Stale => (
            "Chữ ký Stripe đã quá 5 phút (hoặc đồng hồ lệch); sự kiện bị từ chối.",
            "The Stripe signature is more than 5 minutes old (or the clocks disagree); the event is refused.",
        ),
    };
    let code = match error {
        SignatureError::Stale => "stale_signature",
        _ => "bad_signature",
    };
    bad_request(code, vi, en, locale)
}

impl FromRequest<AppState> for SignedStripeEvent {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Ok(RequestLocale(locale)) = RequestLocale::from_request_parts(&mut parts, state).await;
        let Some(card) = &state.card else {
            let missing = AppError::not_found(
                "Trang này chưa nhận thanh toán thẻ.",
                "This site does not take card payments.",
            );
            return Err(ApiError::new(missing, locale).into_response());
        };
        let header = parts
            .headers
            .get(SIGNATURE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let request = Request::from_parts(parts, body);
        let body = Bytes::from_request(request, state).await.map_err(|_| {
            bad_request(
                "bad_body",
                "Không đọc được nội dung gửi lên.",
                "The body cannot be read.",
                locale,
            )
        })?;
        let now = chrono::Utc::now().timestamp();
        verify(&body, header.as_deref(), card.webhook_secret(), now)
            .map_err(|e| refusal(e, locale))?;
        let payload = String::from_utf8(body.to_vec()).map_err(|_| {
            bad_request(
                "bad_body",
                "Nội dung không phải UTF-8.",
                "The body is not UTF-8.",
                locale,
            )
        })?;
        Ok(SignedStripeEvent { payload })
    }
}

/// `POST /api/v1/webhooks/stripe`: 200 `{"received": true, "outcome"}`
/// once the event is recorded (`applied`, `recorded` or `replayed`).
pub async fn receive_stripe_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    event: SignedStripeEvent,
) -> Result<Json<Value>, ApiError> {
    let now = chrono::Utc::now();
    let outcome = apply_event(&state.db, &event.payload, &state.site.base_url, now)
        .await
        .map_err(localized(locale))?;
    let outcome = match outcome {
        Outcome::Applied => "applied",
        Outcome::Recorded => "recorded",
        Outcome::Replayed => "replayed",
    };
    tracing::info!(outcome, "Stripe event received");
    Ok(Json(json!({ "received": true, "outcome": outcome })))
}
