//! `/api/v1/stall`: a producer member's own products. Every route checks the
//! session and the member's producer; another producer's product is a 404,
//! the same answer as a product that does not exist.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::auth::signed_in_user;
use app::error::{AppError, AppResult};
use app::ssr::AppState;
use app::stall::products::{edit_own, list_own, ProductEdit};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use serde_json::{json, Value};

/// The producer of the signed-in member: 401 without a session, 403 for an
/// account that is not a producer member.
async fn member_producer(state: &AppState, headers: &HeaderMap) -> AppResult<i64> {
    let user = signed_in_user(state, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    match (user.role.as_str(), user.producer_id) {
        ("producer", Some(producer_id)) => Ok(producer_id),
        _ => Err(AppError::Forbidden),
    }
}

/// `GET /api/v1/stall/products`: the member's products.
pub async fn list_products(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let producer = member_producer(&state, &headers)
        .await
        .map_err(localized(locale))?;
    let items = list_own(&state.db, producer)
        .await
        .map_err(localized(locale))?;
    Ok(Json(json!({ "items": items })))
}

/// `PATCH /api/v1/stall/products/{code}`: changes some of a product's fields;
/// search finds the change within a second (through the outbox).
pub async fn edit_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let producer = member_producer(&state, &headers)
        .await
        .map_err(localized(locale))?;
    let Json(body) = body.map_err(|_| {
        ApiError::new(
            AppError::invalid(
                "body",
                "Cần một đối tượng JSON gồm các trường cần sửa.",
                "Send a JSON object of the fields to change.",
            ),
            locale,
        )
    })?;
    let edit = ProductEdit::from_json(&body).map_err(localized(locale))?;
    let product = edit_own(&state.db, producer, &code, edit)
        .await
        .map_err(localized(locale))?;
    tracing::info!(producer, code = %product.code, "product edited in the stall");
    Ok(Json(json!(product)))
}
