//! `/api/v1`: the JSON API of ../shared/API.md. One file per resource.
//!
//! Every route is registered through `routes!`, which takes its method and
//! path from the handler's `#[utoipa::path]`: the router and the OpenAPI
//! document are built by the same calls, so nothing is served undescribed
//! (`tests/architecture` refuses a bare `.route(` here, and the e2e tests
//! call every documented operation and check its answers against their
//! schemas).

mod abuse_reports;
mod admin;
mod applications;
pub mod auth;
pub(crate) mod body;
mod certifications;
mod checkout;
mod download;
mod events;
mod health;
mod invitations;
pub mod openapi;
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
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every `/api/v1` operation with its description, not yet bound to a state.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::get_health))
        .routes(routes!(health::get_ready))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::csrf))
        .routes(routes!(invitations::invite))
        .routes(routes!(openapi::get_openapi))
        .routes(routes!(products::list_products))
        .routes(routes!(search::search))
        .routes(routes!(search::suggest))
        .routes(routes!(products::get_product))
        .routes(routes!(checkout::create_checkout))
        .routes(routes!(checkout::get_order))
        .routes(routes!(orders::payment_received))
        .routes(routes!(orders::list_orders))
        .routes(routes!(orders::orders_csv))
        .routes(routes!(orders::change_status))
        .routes(routes!(stall::list_products, stall::create_product))
        .routes(routes!(stall::edit_product))
        .routes({
            let (schemas, paths, method) = routes!(super::uploads::upload_api);
            let limit = axum::extract::DefaultBodyLimit::max(super::uploads::MAX_UPLOAD_BODY);
            (schemas, paths, method.layer(limit))
        })
        .routes({
            let (schemas, paths, method) = routes!(applications::apply);
            let limit =
                axum::extract::DefaultBodyLimit::max(super::applications::MAX_APPLICATION_BODY);
            (schemas, paths, method.layer(limit))
        })
        .routes(routes!(events::list_events, events::create_event))
        .routes(routes!(events::events_ics))
        .routes(routes!(events::get_event, events::edit_event))
        .routes(routes!(
            sales_points::list_sales_points,
            sales_points::create_sales_point
        ))
        .routes(routes!(
            sales_points::get_sales_point,
            sales_points::edit_sales_point
        ))
        .routes(routes!(abuse_reports::report))
        .routes(routes!(webhooks::receive_stripe_event))
        .routes(routes!(certifications::list))
        .routes(routes!(certifications::csv))
        .routes(routes!(reports::plans))
        .routes(routes!(reports::plan))
        .routes(routes!(reports::metrics))
        .routes(routes!(admin::audit_log))
        .routes(routes!(admin::audit_log_csv))
        .routes(routes!(admin::annual_statistics))
}

/// The `/api/v1` router, behind the CSRF check; answers to a session or a
/// token are `private, no-store`.
pub fn router(state: &AppState) -> Router<AppState> {
    let (router, _document) = routes().split_for_parts();
    router
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
