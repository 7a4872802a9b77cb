//! The one place where errors become HTTP responses, in the API's error shape:
//! `{"error": {"code", "message", "fields"}}`. Internal errors are logged once
//! with their cause chain and reach the client as a generic sentence. Every
//! error names the request (`request_id`, also in the `X-Request-Id`
//! header), so a client can quote it and the operator find its log lines.

use app::error::AppError;
use app::i18n::Locale;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Map, Value};

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
        let fields = match &self.error {
            AppError::Validation { .. } => {
                let map: Map<String, Value> = self
                    .error
                    .field_messages(l)
                    .into_iter()
                    .map(|(field, texts)| (field, texts.into_iter().map(Value::from).collect()))
                    .collect();
                Some(Value::Object(map))
            }
            AppError::OutOfStock { available } => Some(
                available
                    .iter()
                    .map(|(code, n)| json!({ "code": code, "available": n }))
                    .collect(),
            ),
            _ => None,
        };
        let (status, code, message) = (
            self.error.status(),
            self.error.code(),
            self.error.message(l),
        );
        let mut body = json!({ "code": code, "message": message });
        if let Some(id) = super::observe::request_id::current() {
            body["request_id"] = Value::from(id.as_str());
        }
        match (fields, &self.error) {
            (Some(items), AppError::OutOfStock { .. }) => body["items"] = items,
            (Some(fields), _) => body["fields"] = fields,
            (None, _) => {}
        }
        let mut response = (status, Json(json!({ "error": body }))).into_response();
        if let AppError::RateLimited { retry_after_secs } = &self.error {
            response.headers_mut().insert(
                http::header::RETRY_AFTER,
                http::HeaderValue::from(*retry_after_secs),
            );
        }
        response
    }
}
