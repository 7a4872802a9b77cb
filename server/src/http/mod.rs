//! The HTTP surface: pages (Leptos), the JSON API under `/api/v1`, media,
//! site assets and `/metrics`. Every route is declared in `router_with`, and
//! so is the order of the layers every request passes through.

pub mod api;
pub mod applications;
pub mod error;
pub mod hardening;
pub mod locale;
pub mod observe;
pub mod page_cache;
pub mod plan_upload;
pub mod server_fn_errors;
pub mod storefront;
pub mod uploads;

use crate::config::HttpSettings;
use app::ssr::AppState;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::Router;
use hardening::client::TrustedProxies;
use hardening::headers::{provide_request_nonce, SecurityHeaders};
use hardening::Hardening;
use http::header::CACHE_CONTROL;
use http::HeaderValue;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use observe::endpoint::MetricsEndpoint;
use observe::metrics::Metrics;
use observe::Observer;
use page_cache::PageCache;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The pages' routes, generated once per process. Generating them runs the
/// app with a process-wide flag set that parks, for good, any resource first
/// polled meanwhile (leptos_server's `SuppressResourceLoad`, leptos#4773): a
/// second server in the same process (the tests run several at once, and
/// the scale-out scenario two replicas) generating its routes while the
/// first renders a page left that page unfinished until the request's time
/// ran out. Once per process, no server renders while they are generated.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES
        .get_or_init(|| {
            ROUTE_GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            generate_route_list(app::App)
        })
        .clone()
}

/// How many times the routes were generated in this process (once).
static ROUTE_GENERATIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The whole application router.
pub fn router(state: AppState, pages: Arc<PageCache>, http: &HttpSettings) -> Router {
    router_with(state, pages, http, Router::new())
}

/// The application router with `extra` routes behind the same outer layers
/// (the page benchmark adds its static-string ceiling this way). Pages go
/// through the page cache; the API, media and `extra` do not.
pub fn router_with(
    state: AppState,
    pages: Arc<PageCache>,
    http: &HttpSettings,
    extra: Router<AppState>,
) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = route_list();
    let media_dir = state.site.data_dir.join("media");
    let site = Router::new()
        .leptos_routes_with_context(&state, routes, provide_request_nonce, {
            let options = leptos_options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_request_nonce, app::shell))
        .layer(from_fn_with_state(pages, page_cache::serve))
        .layer(from_fn_with_state(
            server_fn_errors::BodyLimit(http.body_limit_bytes as u64),
            server_fn_errors::refuse_unreadable_input,
        ));
    let metrics = Arc::new(Metrics::default());
    let metrics_endpoint = Arc::new(MetricsEndpoint {
        state: state.clone(),
        metrics: metrics.clone(),
        token: http.metrics_token.clone(),
    });
    let security = SecurityHeaders {
        hsts: state.site.base_url.starts_with("https://"),
    };
    let hardening = Arc::new(Hardening::new(http, metrics.clone()));
    let observer = Arc::new(Observer {
        metrics,
        proxies: TrustedProxies::new(http.trusted_proxies.clone()),
    });
    Router::new()
        .nest("/api/v1", api::router(&state))
        .merge(storefront::router())
        .merge(uploads::router())
        .merge(applications::router())
        .merge(plan_upload::router())
        .merge(observe::endpoint::router(metrics_endpoint))
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
        // Layers run after routing (the route template is known), the
        // last added first: track → security headers → rate limits →
        // size and time limits → compression → language cookie → route.
        .layer(from_fn(storefront::remember_language))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            hardening.clone(),
            hardening::limits::limit,
        ))
        .layer(from_fn_with_state(
            hardening,
            hardening::rate_limit::enforce,
        ))
        .layer(from_fn_with_state(security, hardening::headers::apply))
        .layer(from_fn_with_state(observer, observe::track))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn the_routes_are_generated_once_per_process() {
        // Generating runs the app, whose resources need an executor.
        let _ = any_spawner::Executor::init_tokio();
        let first = super::route_list();
        let again = std::thread::spawn(super::route_list)
            .join()
            .expect("thread");
        assert!(first.len() > 20, "{} routes", first.len());
        assert_eq!(first.len(), again.len());
        assert_eq!(
            super::ROUTE_GENERATIONS.load(std::sync::atomic::Ordering::SeqCst),
            1
        );
    }
}
