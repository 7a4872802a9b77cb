//! `/api/v1`: the JSON API of ../shared/API.md. One file per resource.

mod health;
mod openapi;
mod products;
pub(crate) mod query;
mod search;

use app::ssr::AppState;
use axum::routing::get;
use axum::Router;

/// Every `/api/v1` route.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::get_health))
        .route("/openapi.json", get(openapi::get_openapi))
        .route("/products", get(products::list_products))
        .route("/products/search", get(search::search))
        .route("/products/suggest", get(search::suggest))
        .route("/products/{code}", get(products::get_product))
        .fallback(health::not_found)
}
