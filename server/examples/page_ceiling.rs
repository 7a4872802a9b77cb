//! The server of the product-page benchmark (`cargo xtask bench-pages`,
//! BENCHMARKS.md): the real application on the database in `OCOP_DATA_DIR`,
//! plus `GET /ceiling` answering with the HTML of one product page held as a
//! static string, behind the same layers. What `/ceiling` reaches is what this
//! machine can do at all; the product page is measured against it.
//!
//! The product is the first of the API's list whose page has a photo (the
//! first products are given their illustration beforehand), so the measured
//! page carries everything a real one does. Prints `PAGE /san-pham/{slug}`
//! and `READY` on stdout. `OCOP_PAGE_CACHE_SECONDS=0` measures the rendering
//! without the page cache.

use axum::response::Html;
use axum::routing::get;
use axum::Router;
use server::config::Settings;
use server::startup::{Application, StartOptions};
use tower::ServiceExt;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut settings = Settings::load()?;
    let addr = settings.addr;
    settings.addr = "127.0.0.1:0".parse()?;
    settings.demo_illustrations = false;
    let http = settings.http.clone();
    let app = Application::build(settings, StartOptions { migrate: true }).await?;
    let state = app.state().clone();
    let pages = app.pages();
    drop(app);
    server::media::demo::illustrate_missing(&state.db, &state.site.data_dir, 300).await?;

    let router = server::http::router(state.clone(), pages.clone(), &http);
    let list: serde_json::Value =
        serde_json::from_str(&fetch(&router, "/api/v1/products?limit=100").await?)?;
    let mut slug = None;
    for item in list["items"].as_array().into_iter().flatten() {
        let code = item["code"].as_str().unwrap_or_default();
        let detail: serde_json::Value =
            serde_json::from_str(&fetch(&router, &format!("/api/v1/products/{code}")).await?)?;
        if detail["images"].as_array().is_some_and(|i| !i.is_empty()) {
            slug = detail["slug"].as_str().map(str::to_string);
            break;
        }
    }
    let slug = slug.ok_or_else(|| anyhow::anyhow!("no certified product with a photo"))?;
    let path = format!("/san-pham/{slug}");
    let html: &'static str = Box::leak(fetch(&router, &path).await?.into_boxed_str());
    // The static copy must be what a shopper gets, not an earlier cached one.
    pages.invalidate();

    let ceiling = Router::new().route("/ceiling", get(move || async move { Html(html) }));
    let router = server::http::router_with(state, pages, &http, ceiling);
    let listener = tokio::net::TcpListener::bind(addr).await?;
    println!("PAGE {path}");
    println!("READY {} bytes", html.len());
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .await?;
    Ok(())
}

/// The body of `GET path`, answered by the router in process.
async fn fetch(router: &Router, path: &str) -> anyhow::Result<String> {
    let request = http::Request::get(path).body(axum::body::Body::empty())?;
    let response = router.clone().oneshot(request).await?;
    anyhow::ensure!(
        response.status().is_success(),
        "GET {path}: {}",
        response.status()
    );
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    Ok(String::from_utf8(bytes.to_vec())?)
}
