//! The HTTP surface: pages (Leptos), the JSON API under `/api/v1`, media and
//! site assets. Every route is declared in `router`.

pub mod api;
pub mod error;
pub mod locale;
pub mod page_cache;
pub mod storefront;
pub mod uploads;

use app::ssr::AppState;
use axum::Router;
use http::header::CACHE_CONTROL;
use http::HeaderValue;
use leptos_axum::{generate_route_list, LeptosRoutes};
use page_cache::PageCache;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole application router.
pub fn router(state: AppState, pages: Arc<PageCache>) -> Router {
    router_with(state, pages, Router::new())
}

/// The application router with `extra` routes behind the same outer layers
/// (the page benchmark adds its static-string ceiling this way). Pages go
/// through the page cache; the API, media and `extra` do not.
pub fn router_with(state: AppState, pages: Arc<PageCache>, extra: Router<AppState>) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = generate_route_list(app::App);
    let media_dir = state.site.data_dir.join("media");
    let site = Router::new()
        .leptos_routes(&state, routes, {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            pages,
            page_cache::serve,
        ));
    Router::new()
        .nest("/api/v1", api::router(&state))
        .merge(storefront::router())
        .merge(uploads::router())
        .merge(extra)
        // Media file names carry their content's hash: they never change.
        .nest_service(
            "/media",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(ServeDir::new(media_dir)),
        )
        .merge(site)
        .layer(axum::middleware::from_fn(storefront::remember_language))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
