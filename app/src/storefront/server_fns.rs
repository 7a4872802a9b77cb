//! Server functions of the storefront pages, on fixed endpoints so that tests
//! and other clients have stable URLs. Each returns `None` (and sets 404) when
//! the thing asked for does not exist.

use crate::catalog::{HomeData, ListData, ListQuery, ProductPageData, StallData};
use leptos::prelude::*;

/// The home page's content.
#[server(prefix = "/api/fn", endpoint = "home")]
pub async fn get_home() -> Result<HomeData, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::catalog::service::load_home(
        &state.db,
        crate::ssr::today_vn(),
        chrono::Utc::now(),
        &state.site.base_url,
    )
    .await
    .map_err(crate::ssr::server_error)
}

/// Which list page: "all", "group" or "province", with the group's or
/// province's slug. Sent as JSON: a URL-encoded body drops a query with no
/// filters at all, and the call would fail.
#[server(prefix = "/api/fn", endpoint = "product_list", input = leptos::server_fn::codec::Json)]
pub async fn get_product_list(
    kind: String,
    slug: String,
    query: ListQuery,
) -> Result<Option<ListData>, ServerFnError> {
    use crate::catalog::service::{load_list_page, ListPreset};
    let state = crate::ssr::state()?;
    let preset = match kind.as_str() {
        "group" => ListPreset::Group(&slug),
        "province" => ListPreset::Province(&slug),
        _ => ListPreset::All,
    };
    crate::ssr::found(
        load_list_page(
            &state.db,
            preset,
            query,
            crate::ssr::today_vn(),
            &state.site.base_url,
        )
        .await,
    )
}

/// A product page's content; each time it is built counts as a view of the
/// product (see `stall::views` for what is and is not counted).
#[server(prefix = "/api/fn", endpoint = "product_page")]
pub async fn get_product_page(slug: String) -> Result<Option<ProductPageData>, ServerFnError> {
    let page = crate::ssr::load_by_slug(&slug, crate::catalog::service::load_product_page).await?;
    if let Some(page) = &page {
        crate::catalog::views::count_page_view(&page.product.code).await;
    }
    Ok(page)
}

/// A producer's stall.
#[server(prefix = "/api/fn", endpoint = "stall")]
pub async fn get_stall(slug: String) -> Result<Option<StallData>, ServerFnError> {
    crate::ssr::load_by_slug(&slug, crate::catalog::service::load_stall).await
}
