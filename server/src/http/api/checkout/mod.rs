//! `/api/v1/checkout` and `/api/v1/orders/{number}`: placing a checkout
//! (guests welcome) and reading an order with its link's token or as one of
//! the accounts allowed to see it.

mod request;

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::WordedBody;
use super::who::MaybeSignedIn;
use app::checkout::place_checkout;
use app::error::AppError;
use app::orders::receipt::CheckoutReceipt;
use app::orders::types::OrderView;
use app::orders::view::order_for;
use app::ssr::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use request::CheckoutRequest;

/// The header that makes a retried checkout safe.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";

/// Place a checkout (guests welcome): one order per producer, stock reserved in one transaction, server prices only
///
/// 201 with the orders, one per producer; a replay of the same
/// `Idempotency-Key` with the same body answers 200 with the first result.
#[utoipa::path(post, path = "/checkout", operation_id = "checkout", tag = "orders",
    params(
        ("Idempotency-Key" = Option<String>, Header, max_length = 200, nullable = false,
            description = "1-200 printable ASCII characters; a replay with the same body returns the first answer (200), with another body 409 idempotency_key_reused"),
    ),
    request_body = CheckoutRequest,
    responses(
        (status = 201, description = "Placed: checkout_id, access_token (for guests' order links), total_vnd, orders [{number, producer_code, producer_name, items, subtotal_vnd, shipping_vnd, total_vnd, status, vietqr_payload, url}], payment {method, status, vietqr_payload (when one order), redirect_url (card: the Stripe Checkout page to send the shopper to)}", body = CheckoutReceipt),
        (status = 200, description = "The stored answer to an earlier request with this Idempotency-Key", body = CheckoutReceipt),
        (status = 403, description = "A session without its X-CSRF-Token", body = ErrorBody),
        (status = 409, description = "out_of_stock (error.items lists {code, available}; nothing reserved), idempotency_key_reused, checkout_in_progress (the first request with this key is still opening its card payment; a retry after 30 s opens it when that request died), or checkout_expired (its hold ran out before the card payment could be opened)", body = ErrorBody),
        (status = 422, description = "Fields that do not hold, each named (payment: card when card payments are not configured)", body = ErrorBody),
        (status = 429, description = "rate_limited: too many checkouts from this address; see Retry-After", body = ErrorBody),
        (status = 502, description = "payment_unavailable: Stripe could not be reached or refused; the orders were cancelled and nothing stays reserved", body = ErrorBody),
    ))]
pub async fn create_checkout(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    MaybeSignedIn(user): MaybeSignedIn,
    WordedBody(body): WordedBody<CheckoutRequest>,
) -> Result<(StatusCode, Json<CheckoutReceipt>), ApiError> {
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
    let input = body.into_input().map_err(localized(locale))?;
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

/// An order, for the holder of its link's token, the account that placed it, its producer's members, officers of the producer's area and administrators
///
/// Anyone else is told there is no such order, the same answer as for a
/// number that does not exist.
#[utoipa::path(get, path = "/orders/{number}", operation_id = "get_order", tag = "orders",
    params(
        ("number" = String, Path, description = "The order number"),
        ("token" = Option<String>, Query, description = "The secret of the order's link (the checkout's access_token)"),
    ),
    responses(
        (status = 200, description = "The order with its lines, payment, delivery and history", body = OrderView),
        (status = 404, description = "No such order, or not one this reader may see", body = ErrorBody),
    ))]
pub async fn get_order(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
    MaybeSignedIn(user): MaybeSignedIn,
) -> Result<Json<OrderView>, ApiError> {
    // Read by hand: a repeated or odd query string is simply no token.
    let token = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "token")
        .map(|(_, value)| value.into_owned());
    let order = order_for(&state.db, &number, token.as_deref(), user.as_ref())
        .await
        .map_err(localized(locale))?;
    Ok(Json(order))
}
