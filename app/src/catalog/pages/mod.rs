//! The storefront pages.

mod cards;
mod home;
mod labels;
mod list;
mod not_found;
mod product;
mod stall;

pub use cards::{Pagination, ProductCard, ProductGrid};
pub use home::HomePage;
pub use labels::event_kind;
pub use list::{GroupPage, PriceRange, ProductListPage, ProvincePage, SortSelect};
pub use not_found::NotFoundPage;
pub use product::ProductPage;
pub use stall::StallPage;

use crate::components::{ErrorBox, Loading};
use leptos::prelude::*;

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
                Ok(None) => view! { <not_found::NotFoundView/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}
