//! `/api/v1/stall/orders` and `/api/v1/orders/{number}/payment`: a
//! producer's orders and the steps that move them. A member sees and moves
//! only their producer's orders; an officer of the producer's area may mark
//! a transfer or cash payment received; another producer's order is a 404,
//! the same answer as a number that does not exist.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::{Body, Sent};
use super::query::QueryParams;
use super::who::{Member, SignedIn};
use app::orders::manage::{change_order, list_for_producer, OrderAction};
use app::orders::types::StallOrder;
use app::orders::OrderStatus;
use app::ssr::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A stall's orders and how many it has of each status.
#[derive(Debug, Serialize, ToSchema)]
pub struct StallOrderList {
    /// Each status the producer's orders have (whatever the filter), with
    /// how many have it.
    pub counts: BTreeMap<String, u64>,
    /// The orders (of the chosen status), newest first.
    pub items: Vec<StallOrder>,
}

/// The step to take on an order.
// Fields defaulted one by one: on the struct, `serde(default)` would have
// utoipa write each default into the schema.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct StatusChange {
    /// Where the order goes.
    #[serde(default)]
    #[schema(value_type = StallStep, required = true)]
    pub status: Sent<String>,
    /// Cancelling: the reason, which the shopper reads (required).
    #[serde(default)]
    #[schema(value_type = String, max_length = 200)]
    pub note: Sent<String>,
    /// Shipping: the carrier's name.
    #[serde(default)]
    #[schema(value_type = String, max_length = 200)]
    pub carrier: Sent<String>,
    /// Shipping: the tracking number.
    #[serde(default)]
    #[schema(value_type = String, max_length = 200)]
    pub tracking_no: Sent<String>,
}

/// The statuses a producer moves an order to. Only its schema is used: the
/// status is read as text, so that an unknown one is a field error.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum StallStep {
    /// Accepted (cash on delivery, or paid).
    Confirmed,
    /// Packed, ready to hand over.
    Packed,
    /// Handed to a carrier.
    Shipped,
    /// Received by the shopper.
    Delivered,
    /// Called off; the stock returns at once.
    Cancelled,
}

/// An order moved.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrderMoved {
    /// The order number, as sent.
    pub number: String,
    /// Where the order stands now.
    pub status: OrderStatus,
}

/// An order whose payment is recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentRecorded {
    /// The order number, as sent.
    pub number: String,
    /// Always true: the money has arrived.
    pub paid: bool,
    /// Where the order stands now (a transfer awaited becomes confirmed).
    pub status: OrderStatus,
}

/// The signed-in producer member's orders, newest first, with the count of each status
#[utoipa::path(get, path = "/stall/orders", operation_id = "stall_orders", tag = "stall",
    params(("status" = Option<OrderStatus>, Query, description = "Only the orders of this status (none for another word)")),
    responses(
        (status = 200, description = "The orders and the count of each status", body = StallOrderList),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer member", body = ErrorBody),
    ))]
pub async fn list_orders(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
    Member {
        producer_id: producer,
        ..
    }: Member,
) -> Result<Json<StallOrderList>, ApiError> {
    let status = QueryParams::from_raw(query).text("status");
    let (items, counts) = list_for_producer(&state.db, producer, status.as_deref())
        .await
        .map_err(localized(locale))?;
    Ok(Json(StallOrderList { counts, items }))
}

/// Moves an order: confirmed, packed, shipped (carrier, tracking_no), delivered, or cancelled (note: the reason; the stock returns at once)
///
/// A member of the order's producer (or an administrator); X-CSRF-Token
/// required with a session.
#[utoipa::path(post, path = "/stall/orders/{number}/status", operation_id = "change_order_status", tag = "stall",
    params(("number" = String, Path, description = "The order number")),
    request_body = StatusChange,
    responses(
        (status = 200, description = "The order's number and new status", body = OrderMoved),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "An officer may only mark payments received; or no X-CSRF-Token", body = ErrorBody),
        (status = 404, description = "No such order, or another producer's", body = ErrorBody),
        (status = 409, description = "The step does not apply to the order's status, or someone changed it first", body = ErrorBody),
        (status = 422, description = "Unknown status, or a cancellation without a reason", body = ErrorBody),
    ))]
pub async fn change_status(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(number): Path<String>,
    SignedIn(user): SignedIn,
    Body(body): Body<StatusChange>,
) -> Result<Json<OrderMoved>, ApiError> {
    // Text only, as sent: anything else is as good as nothing.
    let action = OrderAction::from_status(
        body.status.if_text().unwrap_or_default(),
        body.note.if_text(),
        body.carrier.if_text(),
        body.tracking_no.if_text(),
    )
    .map_err(localized(locale))?;
    let status = change_order(&state.db, &user, &number, action, chrono::Utc::now())
        .await
        .map_err(localized(locale))?;
    Ok(Json(OrderMoved { number, status }))
}

/// Marks a VietQR transfer or cash payment received (a member of the order's producer, an officer of its area, an administrator); a pending transfer order becomes confirmed. Card payments are marked paid only by Stripe's signed webhook.
///
/// After reconciling the bank statement; X-CSRF-Token required with a
/// session.
#[utoipa::path(post, path = "/orders/{number}/payment", operation_id = "payment_received", tag = "orders",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 200, description = "The order's number, status and `paid: true`", body = PaymentRecorded),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "No X-CSRF-Token with the session", body = ErrorBody),
        (status = 404, description = "No such order, or not one this account oversees", body = ErrorBody),
        (status = 409, description = "Already paid, cancelled, or a card payment", body = ErrorBody),
    ))]
pub async fn payment_received(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(number): Path<String>,
    SignedIn(user): SignedIn,
) -> Result<Json<PaymentRecorded>, ApiError> {
    let status = change_order(
        &state.db,
        &user,
        &number,
        OrderAction::PaymentReceived,
        chrono::Utc::now(),
    )
    .await
    .map_err(localized(locale))?;
    Ok(Json(PaymentRecorded {
        number,
        paid: true,
        status,
    }))
}

/// The signed-in producer member's orders as a CSV download (UTF-8 with a byte-order mark, Vietnam time, cells a shopper typed made inert for spreadsheets)
#[utoipa::path(get, path = "/stall/orders.csv", operation_id = "stall_orders_csv", tag = "stall",
    params(("status" = Option<OrderStatus>, Query, description = "Only the orders of this status (none for another word)")),
    responses(
        (status = 200, description = "text/csv: so_don, trang_thai, thanh_toan, da_nhan_tien, tong_vnd, nguoi_nhan, dat_luc", body = String, content_type = "text/csv"),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer member", body = ErrorBody),
    ))]
pub async fn orders_csv(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(query): RawQuery,
    Member {
        producer_id: producer,
        ..
    }: Member,
) -> Result<axum::response::Response, ApiError> {
    let status = QueryParams::from_raw(query).text("status");
    let (items, _) = list_for_producer(&state.db, producer, status.as_deref())
        .await
        .map_err(localized(locale))?;
    let body = app::orders::manage::orders_csv(&items).map_err(localized(locale))?;
    let name = format!("don-hang-{}.csv", app::time::now_vn().format("%Y%m%d"));
    Ok(super::download::private_csv(&name, body))
}
