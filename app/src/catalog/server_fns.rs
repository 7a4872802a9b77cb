//! Server functions of the catalog pages, on fixed endpoints so that tests and
//! other clients have stable URLs.

use super::types::{ProductDetail, ProductList};
use leptos::prelude::*;

/// Featured certified products for the home page.
#[server(prefix = "/api/fn", endpoint = "home_products")]
pub async fn get_home_products(page: u64) -> Result<ProductList, ServerFnError> {
    use super::service::list_products;
    use super::types::{ProductFilter, ProductOrder};
    let state = crate::ssr::state()?;
    let page = page.clamp(1, 10_000);
    list_products(
        &state.db,
        &ProductFilter::default(),
        ProductOrder::Featured,
        page,
        24,
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::ssr::server_error)
}

/// A product page's content, `None` when there is no such published product.
#[server(prefix = "/api/fn", endpoint = "product_page")]
pub async fn get_product_page(slug: String) -> Result<Option<ProductDetail>, ServerFnError> {
    use super::service::{get_product, ProductKey};
    let state = crate::ssr::state()?;
    match get_product(&state.db, ProductKey::Slug(&slug), crate::ssr::today_vn()).await {
        Ok(product) => Ok(Some(product)),
        Err(crate::error::AppError::NotFound { .. }) => {
            crate::ssr::set_status(http::StatusCode::NOT_FOUND);
            Ok(None)
        }
        Err(e) => Err(crate::ssr::server_error(e)),
    }
}
