//! The one place where errors become HTTP responses, in the API's error shape:
//! `{"error": {"code", "message", "fields"}}`. Internal errors are logged once
//! with their cause chain and reach the client as a generic sentence.

use app::error::AppError;
use app::i18n::Locale;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::StatusCode;
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
        let (status, code, message, fields) = match &self.error {
            AppError::NotFound { what } => (
                StatusCode::NOT_FOUND,
                "not_found",
                what.text(l).to_string(),
                None,
            ),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                l.pick("Vui lòng đăng nhập.", "Please sign in.").to_string(),
                None,
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                l.pick(
                    "Bạn không có quyền làm việc này.",
                    "You are not allowed to do this.",
                )
                .to_string(),
                None,
            ),
            AppError::CsrfRejected => (
                StatusCode::FORBIDDEN,
                "csrf_rejected",
                l.pick(
                    "Yêu cầu thiếu mã chống giả mạo (CSRF); hãy tải lại trang và thử lại.",
                    "The request lacks its anti-forgery (CSRF) token; reload the page and try again.",
                )
                .to_string(),
                None,
            ),
            AppError::RateLimited { retry_after_secs } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                match l {
                    Locale::Vi => format!(
                        "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau {retry_after_secs} giây."
                    ),
                    Locale::En => format!(
                        "Too many attempts. Please try again in {retry_after_secs} seconds."
                    ),
                },
                None,
            ),
            AppError::Validation { fields } => {
                let mut map = Map::new();
                for (field, messages) in fields {
                    let texts: Vec<Value> =
                        messages.iter().map(|m| Value::from(m.text(l))).collect();
                    map.insert(field.clone(), Value::Array(texts));
                }
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_input",
                    l.pick(
                        "Dữ liệu gửi lên chưa hợp lệ.",
                        "Some of the input is not valid.",
                    )
                    .to_string(),
                    Some(Value::Object(map)),
                )
            }
            AppError::Conflict { code, message } => (
                StatusCode::CONFLICT,
                *code,
                message.text(l).to_string(),
                None,
            ),
            AppError::OutOfStock { available } => {
                let items = available
                    .iter()
                    .map(|(code, n)| json!({ "code": code, "available": n }))
                    .collect();
                (
                    StatusCode::CONFLICT,
                    "out_of_stock",
                    app::checkout::out_of_stock_message(available, l),
                    Some(Value::Array(items)),
                )
            }
            AppError::Unavailable {
                code,
                message,
                cause,
            } => {
                tracing::warn!(code = *code, cause = %cause, "upstream service failed");
                (
                    StatusCode::BAD_GATEWAY,
                    *code,
                    message.text(l).to_string(),
                    None,
                )
            }
            AppError::Internal(cause) => {
                tracing::error!(error = %cause, cause = ?cause, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal_error",
                    l.pick(
                        "Đã có lỗi xảy ra ở máy chủ, vui lòng thử lại sau.",
                        "Something went wrong on our side, please try again later.",
                    )
                    .to_string(),
                    None,
                )
            }
        };
        let mut body = json!({ "code": code, "message": message });
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
