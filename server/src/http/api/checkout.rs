//! `/api/v1/checkout` and `/api/v1/orders/{number}`: placing a checkout
//! (guests welcome) and reading an order with its link's token or as one of
//! the accounts allowed to see it.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::who::MaybeSignedIn;
use app::checkout::input::CheckoutInput;
use app::checkout::place_checkout;
use app::error::AppError;
use app::orders::receipt::CheckoutReceipt;
use app::orders::view::order_for;
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde_json::{json, Value};

/// The header that makes a retried checkout safe.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// `POST /api/v1/checkout`: 201 with the orders, one per producer; a replay
/// of the same `Idempotency-Key` answers 200 with the first result.
pub async fn create_checkout(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    MaybeSignedIn(user): MaybeSignedIn,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<CheckoutReceipt>), ApiError> {
    let Json(body) = body.map_err(|_| {
        ApiError::new(
            AppError::invalid(
                "body",
                "Cần một đối tượng JSON mô tả đơn hàng (Content-Type: application/json).",
                "Send a JSON object describing the order (Content-Type: application/json).",
            ),
            locale,
        )
    })?;
    let key = match headers.get(IDEMPOTENCY_HEADER) {
        None => None,
        Some(value) => Some(value.to_str().map_err(|_| {
            ApiError::new(
                AppError::invalid(
                    "Idempotency-Key",
                    "Idempotency-Key chỉ gồm ký tự ASCII.",
                    "Idempotency-Key must be ASCII.",
                ),
                locale,
            )
        })?),
    };
    let input = CheckoutInput::from_json(&body).map_err(localized(locale))?;
    let who = user.as_ref().map(|u| u.id);
    let placed = place_checkout(&state, &input, key, who, chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    if placed.replayed {
        return Ok((StatusCode::OK, Json(placed.receipt)));
    }
    tracing::info!(
        checkout = %placed.receipt.checkout_id,
        orders = placed.receipt.orders.len(),
        total_vnd = placed.receipt.total_vnd,
        "checkout placed"
    );
    Ok((StatusCode::CREATED, Json(placed.receipt)))
}

/// `GET /api/v1/orders/{number}`: the order, for its link's holder or an
/// account allowed to see it; 404 for anyone else.
pub async fn get_order(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
    MaybeSignedIn(user): MaybeSignedIn,
) -> Result<Json<Value>, ApiError> {
    // Read by hand: a repeated or odd query string is simply no token.
    let token = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value.into_owned());
    let order = order_for(&state.db, &number, token.as_deref(), user.as_ref())
        .await
        .map_err(localized(locale))?;
    Ok(Json(json!(order)))
}
