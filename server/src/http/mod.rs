//! The HTTP surface: pages (Leptos), the JSON API under `/api/v1`, media and
//! site assets. Every route is declared in `router`.

pub mod api;
pub mod error;
pub mod locale;

use app::ssr::AppState;
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = generate_route_list(app::App);
    let media_dir = state.site.data_dir.join("media");
    Router::new()
        .nest("/api/v1", api::router())
        .nest_service("/media", ServeDir::new(media_dir))
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
