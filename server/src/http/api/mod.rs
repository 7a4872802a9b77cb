//! `/api/v1`: the JSON API of ../shared/API.md. One file per resource.

pub mod auth;
mod certifications;
mod checkout;
mod events;
mod health;
mod invitations;
mod openapi;
mod orders;
mod products;
pub(crate) mod query;
mod reports;
mod sales_points;
mod search;
mod stall;
mod webhooks;
pub mod who;

use app::ssr::AppState;
use axum::routing::{get, patch, post};
use axum::Router;

/// Every `/api/v1` route, behind the CSRF check; answers to a session or a
/// token are `private, no-store`.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/health", get(health::get_health))
        .route("/ready", get(health::get_ready))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/auth/csrf", get(auth::csrf))
        .route("/invitations", post(invitations::invite))
        .route("/openapi.json", get(openapi::get_openapi))
        .route("/products", get(products::list_products))
        .route("/products/search", get(search::search))
        .route("/products/suggest", get(search::suggest))
        .route("/products/{code}", get(products::get_product))
        .route("/checkout", post(checkout::create_checkout))
        .route("/orders/{number}", get(checkout::get_order))
        .route("/orders/{number}/payment", post(orders::payment_received))
        .route("/stall/orders", get(orders::list_orders))
        .route("/stall/orders.csv", get(orders::orders_csv))
        .route("/stall/orders/{number}/status", post(orders::change_status))
        .route(
            "/stall/products",
            get(stall::list_products).post(stall::create_product),
        )
        .route("/stall/products/{code}", patch(stall::edit_product))
        .route(
            "/stall/products/{code}/images",
            post(super::uploads::upload_api).layer(axum::extract::DefaultBodyLimit::max(
                super::uploads::MAX_UPLOAD_BODY,
            )),
        )
        .route(
            "/events",
            get(events::list_events).post(events::create_event),
        )
        .route("/events.ics", get(events::events_ics))
        .route(
            "/events/{code}",
            get(events::get_event).patch(events::edit_event),
        )
        .route(
            "/sales-points",
            get(sales_points::list_sales_points).post(sales_points::create_sales_point),
        )
        .route(
            "/sales-points/{code}",
            get(sales_points::get_sales_point).patch(sales_points::edit_sales_point),
        )
        .route("/webhooks/stripe", post(webhooks::receive_stripe_event))
        .route("/certifications", get(certifications::list))
        .route("/certifications.csv", get(certifications::csv))
        .route("/reports/plans", get(reports::plans))
        .route("/reports/plans/{plan_file}", get(reports::plan))
        .route("/reports/metrics", get(reports::metrics))
        .fallback(health::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::require_csrf,
        ))
        // Outside the CSRF check: its refusals are personal answers too.
        .layer(axum::middleware::from_fn(
            super::hardening::no_store::private_when_personal,
        ))
}
