//! The one place where errors become HTTP responses, in the API's error shape:
//! `{"error": {"code", "message", "fields"}}`. Internal errors are logged once
//! with their cause chain and reach the client as a generic sentence. Every
//! error names the request (`request_id`, also in the `X-Request-Id`
//! header), so a client can quote it and the operator find its log lines.

use app::error::AppError;
use app::i18n::Locale;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// An application error in the language of the request.
#[derive(Debug)]
pub struct ApiError {
    /// What went wrong.
    pub error: AppError,
    /// The reader's language.
    pub locale: Locale,
}

impl ApiError {
    /// Pairs an error with the request's language.
    pub fn new(error: AppError, locale: Locale) -> Self {
        ApiError { error, locale }
    }
}

/// Lets handlers write `service(...).await.map_err(localized(locale))?`.
pub fn localized(locale: Locale) -> impl Fn(AppError) -> ApiError {
    move |error| ApiError { error, locale }
}

/// The API's error shape: `{"error": {...}}`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(
    description = "Any route may also answer 413 (payload_too_large: a body over the limit), 503 (timeout: the answer took too long) and, for sign-in, checkout, search, suggestions and uploads, 429 (rate_limited, with Retry-After)."
)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, in the reader's language. Fields in the order they are
/// written on the wire.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable: `not_found`, `validation`, `conflict`,
    /// `out_of_stock`, `rate_limited`, `payment_unavailable`...
    pub code: String,
    /// For `validation`: each field that does not hold, with its messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
    /// For `out_of_stock`: each product short of stock (nothing was reserved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<Shortage>>,
    /// A sentence for people.
    pub message: String,
    /// The request's id, as in the X-Request-Id header: quote it when asking
    /// for help.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// A product short of stock and the units still available.
#[derive(Debug, Serialize, ToSchema)]
pub struct Shortage {
    /// Units still available.
    pub available: i64,
    /// Register code.
    pub code: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let l = self.locale;
        match &self.error {
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, cause = ?cause, "request failed");
            }
            AppError::Unavailable { code, cause, .. } => {
                tracing::warn!(code = *code, cause = %cause, "upstream service failed");
            }
            _ => {}
        }
        let detail = ErrorDetail {
            code: self.error.code().to_owned(),
            fields: matches!(self.error, AppError::Validation { .. })
                .then(|| self.error.field_messages(l).into_iter().collect()),
            items: match &self.error {
                AppError::OutOfStock { available } => Some(
                    available
                        .iter()
                        .map(|(code, n)| Shortage {
                            available: *n,
                            code: code.clone(),
                        })
                        .collect(),
                ),
                _ => None,
            },
            message: self.error.message(l),
            request_id: super::observe::request_id::current().map(|id| id.as_str().to_owned()),
        };
        let mut response = (self.error.status(), Json(ErrorBody { error: detail })).into_response();
        if let AppError::RateLimited { retry_after_secs } = &self.error {
            response.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after_secs),
            );
        }
        response
    }
}
