//! `POST /api/v1/webhooks/stripe`: Stripe's events about card payments. The
//! [`SignedStripeEvent`] extractor reads the raw body and refuses it (400)
//! unless its `Stripe-Signature` is good and fresh; only then does
//! `app::payments::stripe_events` act on it. No session and no CSRF token:
//! the signature is the authentication. A replayed event answers 200 and
//! changes nothing, so Stripe stops retrying.

use super::super::error::{localized, ApiError, ErrorBody, ErrorDetail};
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
use serde::Serialize;
use utoipa::ToSchema;

/// The header Stripe signs its deliveries with.
pub const SIGNATURE_HEADER: &str = "stripe-signature";

/// A webhook body whose signature checked out.
#[derive(Debug)]
pub struct SignedStripeEvent {
    /// The body exactly as signed.
    pub payload: String,
}

/// A 400 in the API's error shape (without a request id: Stripe reads
/// only the status).
fn bad_request(code: &str, vi: &str, en: &str, locale: Locale) -> Response {
    let body = ErrorBody {
        error: ErrorDetail {
            code: code.to_owned(),
            fields: None,
            items: None,
            message: locale.pick(vi, en).to_owned(),
            request_id: None,
        },
    };
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// The acknowledgement Stripe waits for.
#[derive(Debug, Serialize, ToSchema)]
pub struct StripeReceipt {
    /// What became of the event.
    pub outcome: Outcome,
    /// Always true: the event is recorded, Stripe may stop sending it.
    pub received: bool,
}

/// A Stripe Event object, signed byte for byte; read raw, since the
/// signature covers the exact bytes. Only its schema is used.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct StripeEvent {
    /// The event id (`evt_…`), processed once.
    id: String,
    /// The event type, e.g. `checkout.session.completed`.
    #[schema(rename = "type")]
    kind: String,
    /// The object the event is about.
    #[schema(value_type = Object)]
    data: (),
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

/// Stripe's webhook: checkout.session.completed pays the orders, checkout.session.expired cancels them, payment_intent.payment_failed is noted, charge.refunded refunds; other events are recorded. Each event id is processed once.
///
/// 200 once the event is recorded (`applied`, `recorded` or `replayed`).
/// No session and no CSRF token: the signature is the authentication.
#[utoipa::path(post, path = "/webhooks/stripe", operation_id = "receive_stripe_event", tag = "payments",
    params(
        ("Stripe-Signature" = String, Header,
            description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"t.body\" keyed with the endpoint secret>; any v1 may match; at most 300 s from the server's clock"),
    ),
    request_body(content = StripeEvent, description = "A Stripe Event object, signed byte for byte", content_type = "application/json"),
    responses(
        (status = 200, description = "Recorded", body = StripeReceipt),
        (status = 400, description = "bad_signature (missing, malformed or not matching Stripe-Signature), stale_signature (more than 300 s off) or bad_body (unreadable, or not UTF-8)", body = ErrorBody),
        (status = 404, description = "Card payments are not configured", body = ErrorBody),
        (status = 422, description = "The event cannot be read, or its amount or currency differs from the payment", body = ErrorBody),
    ))]
pub async fn receive_stripe_event(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    event: SignedStripeEvent,
) -> Result<Json<StripeReceipt>, ApiError> {
    let now = chrono::Utc::now();
    let outcome = apply_event(&state.db, &event.payload, &state.site.base_url, now)
        .await
        .map_err(localized(locale))?;
    tracing::info!(outcome = outcome.name(), "Stripe event received");
    Ok(Json(StripeReceipt {
        outcome,
        received: true,
    }))
}
