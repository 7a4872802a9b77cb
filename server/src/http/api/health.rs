//! Liveness, and the JSON answer for API paths that do not exist.

use super::super::error::ApiError;
use super::super::locale::RequestLocale;
use app::error::AppError;
use axum::Json;
use serde_json::{json, Value};

/// `GET /api/v1/health`: the process is up.
pub async fn get_health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// Any other `/api/v1` path: a JSON 404 in the API's error shape.
pub async fn not_found(RequestLocale(locale): RequestLocale) -> ApiError {
    ApiError::new(
        AppError::not_found("Không có địa chỉ API này.", "No such API endpoint."),
        locale,
    )
}
