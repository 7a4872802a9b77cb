//! The page for an address that leads nowhere (a clear sentence, a search box
//! and a few ways back in), and [`loaded`], which every page that shows one
//! thing from the server renders through, showing that page when the thing
//! is not found.

use crate::components::{ErrorBox, Loading, PageTitle, RequestIdNote};
use crate::i18n::use_locale;
use crate::search::SearchBox;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_location;

/// Shown with a 404 status for unknown pages, products, stalls, groups and provinces.
#[component]
pub fn NotFoundView() -> AnyView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_status(http::StatusCode::NOT_FOUND);
    let l = use_locale();
    let location = use_location();
    // The words of the address are often what the visitor was looking for:
    // "/san-pham/nuoc-mam-phu-quoc-cu" → "nuoc mam phu quoc cu".
    let guess = location
        .pathname
        .get_untracked()
        .rsplit('/')
        .find(|s| !s.is_empty())
        .map(|s| s.replace(['-', '_', '+'], " "))
        .filter(|s| s.chars().all(|c| c.is_alphanumeric() || c == ' ') && s.len() <= 80)
        .unwrap_or_default();
    view! {
        <PageTitle text=l.pick("Không tìm thấy trang — Chợ OCOP", "Page not found — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="notice not-found">
            <h1>{l.pick("Không tìm thấy trang này", "We could not find this page")}</h1>
            <p>{l.pick(
                "Có thể sản phẩm đã ngừng bán, đổi địa chỉ, hoặc đường dẫn bị gõ nhầm. Hãy thử tìm:",
                "The product may no longer be sold, may have moved, or the address was mistyped. Try a search:",
            )}</p>
            <SearchBox value=guess/>
            <ul class="suggestions">
                <li><a href="/san-pham">{l.pick("Tất cả sản phẩm OCOP", "All OCOP products")}</a></li>
                <li><a href="/nhom/thuc-pham">{l.pick("Thực phẩm", "Food")}</a></li>
                <li><a href="/nhom/do-uong">{l.pick("Đồ uống", "Beverages")}</a></li>
                <li><a href="/">{l.pick("Trang chủ", "Home page")}</a></li>
            </ul>
            <RequestIdNote/>
        </section>
    }
    .into_any()
}

/// The router's fallback for addresses that match no route.
#[component]
pub fn NotFoundPage() -> AnyView {
    view! { <NotFoundView/> }.into_any()
}

/// What a page that shows one thing from the server renders: a loading state,
/// then `render` of it, the 404 page when the server found nothing, or a
/// notice when loading failed.
pub fn loaded<T, V>(
    resource: Resource<Result<Option<T>, ServerFnError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=Loading>
            {move || resource.get().map(|r| match r {
                Ok(Some(data)) => render(data).into_any(),
                Ok(None) => view! { <NotFoundView/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}
