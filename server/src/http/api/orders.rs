//! `/api/v1/stall/orders` and `/api/v1/orders/{number}/payment`: a
//! producer's orders and the steps that move them. A member sees and moves
//! only their producer's orders; an officer of the producer's area may mark
//! a transfer or cash payment received; another producer's order is a 404,
//! the same answer as a number that does not exist.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use super::who::{Member, SignedIn};
use app::error::{AppError, AppResult};
use app::orders::manage::{change_order, list_for_producer, OrderAction};
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

/// A JSON object body, or a clear refusal.
fn object(body: Result<Json<Value>, JsonRejection>) -> AppResult<Value> {
    match body {
        Ok(Json(value)) if value.is_object() => Ok(value),
        _ => Err(AppError::invalid(
            "body",
            "Cần một đối tượng JSON (Content-Type: application/json).",
            "Send a JSON object (Content-Type: application/json).",
        )),
    }
}

/// `GET /api/v1/stall/orders[?status=]`: the member's orders, newest first,
/// with the count of each status.
pub async fn list_orders(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
    Member {
        producer_id: producer,
        ..
    }: Member,
) -> Result<Json<Value>, ApiError> {
    let status = QueryParams::from_raw(query).text("status");
    let (items, counts) = list_for_producer(&state.db, producer, status.as_deref())
        .await
        .map_err(localized(locale))?;
    Ok(Json(json!({ "items": items, "counts": counts })))
}

/// `POST /api/v1/stall/orders/{number}/status` with `{"status", "note",
/// "carrier", "tracking_no"}`: confirm, pack, ship, deliver or cancel (a
/// reason required; the stock returns).
pub async fn change_status(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(number): Path<String>,
    SignedIn(user): SignedIn,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let body = object(body).map_err(localized(locale))?;
    let text = |name: &str| body.get(name).and_then(Value::as_str);
    let action = OrderAction::from_status(
        text("status").unwrap_or_default(),
        text("note"),
        text("carrier"),
        text("tracking_no"),
    )
    .map_err(localized(locale))?;
    let status = change_order(&state.db, &user, &number, action, chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    Ok(Json(json!({ "number": number, "status": status })))
}

/// `POST /api/v1/orders/{number}/payment`: the transfer or the cash of an
/// order has been received (after reconciling the bank statement).
pub async fn payment_received(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(number): Path<String>,
    SignedIn(user): SignedIn,
) -> Result<Json<Value>, ApiError> {
    let status = change_order(
        &state.db,
        &user,
        &number,
        OrderAction::PaymentReceived,
        chrono::Utc::now(),
    )
    .await
    .map_err(localized(locale))?;
    Ok(Json(
        json!({ "number": number, "status": status, "paid": true }),
    ))
}

/// `GET /api/v1/stall/orders.csv[?status=]`: the member's orders as a
/// spreadsheet download.
pub async fn orders_csv(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
    Member {
        producer_id: producer,
        ..
    }: Member,
) -> Result<axum::response::Response, ApiError> {
    use axum::response::IntoResponse;
    let status = QueryParams::from_raw(query).text("status");
    let (items, _) = list_for_producer(&state.db, producer, status.as_deref())
        .await
        .map_err(localized(locale))?;
    let body = app::orders::manage::orders_csv(&items).map_err(localized(locale))?;
    let name = format!(
        "attachment; filename=\"don-hang-{}.csv\"",
        app::time::now_vn().format("%Y%m%d")
    );
    Ok((
        [
            (
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (
                http::header::CONTENT_DISPOSITION,
                http::HeaderValue::from_str(&name)
                    .unwrap_or_else(|_| http::HeaderValue::from_static("attachment")),
            ),
            (
                http::header::CACHE_CONTROL,
                http::HeaderValue::from_static("private, no-store"),
            ),
        ],
        body,
    )
        .into_response())
}
