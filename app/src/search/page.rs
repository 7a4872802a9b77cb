//! `/tim-kiem?q=`: the results of the header's search box. The index finds and
//! ranks; the database then shows only what is certified and published today,
//! so a certification that lapsed since indexing never shows.

use crate::catalog::{ProductGrid, ProductSummary};
use crate::components::{ErrorBox, Loading, SearchBox};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Results per page.
const PER_PAGE: u32 = 24;

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchData {
    /// The words as typed.
    pub q: String,
    /// Matches in all pages.
    pub total: u64,
    /// This page, best first.
    pub items: Vec<ProductSummary>,
    /// No product had every word; these have some of them.
    pub relaxed: bool,
    /// Page from 1.
    pub page: u32,
}

/// Searches certified products.
#[server(prefix = "/api/fn", endpoint = "search")]
pub async fn search_products(q: String, page: u32) -> Result<SearchData, ServerFnError> {
    use crate::catalog::service::list_products;
    use crate::catalog::{ProductFilter, ProductOrder};
    let state = crate::ssr::state()?;
    let page = page.clamp(1, 500);
    let mut query = search_index::SearchQuery::text(q.clone());
    query.page = page;
    query.as_of_day = Some(crate::search::documents::day_number(crate::ssr::today_vn()));
    query.limit = PER_PAGE;
    let index = state.search.clone();
    let results = tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(|e| crate::ssr::server_error(crate::error::AppError::internal(e)))?
        .map_err(|e| crate::ssr::server_error(crate::error::AppError::internal(e)))?;
    let ids: Vec<i64> = results.hits.iter().map(|h| h.id).collect();
    let filter = ProductFilter {
        ids: Some(ids.clone()),
        ..ProductFilter::default()
    };
    let mut rows = list_products(
        &state.db,
        &filter,
        ProductOrder::Code,
        1,
        u64::from(PER_PAGE),
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::ssr::server_error)?
    .items;
    // Back into the index's order of relevance.
    let rank = |code: &str| results.hits.iter().position(|h| h.code == code);
    rows.sort_by_key(|p| rank(&p.code));
    Ok(SearchData {
        q,
        total: results.total,
        items: rows,
        relaxed: results.relaxed,
        page,
    })
}

/// The results page.
#[component]
pub fn SearchPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let params = move || {
        let q = query.read();
        let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        (q.get("q").unwrap_or_default(), page)
    };
    let results = Resource::new(params, |(q, page)| search_products(q, page));
    view! {
        <Title text=l.pick("Tìm kiếm — Chợ OCOP", "Search — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=Loading>
            {move || results.get().map(|r| match r {
                Ok(data) => view! { <SearchView data/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn SearchView(data: SearchData) -> AnyView {
    let l = use_locale();
    let heading = match (l, data.q.trim().is_empty()) {
        (Locale::Vi, false) => format!("Kết quả cho “{}”", data.q),
        (Locale::En, false) => format!("Results for “{}”", data.q),
        (_, true) => l
            .pick("Tìm sản phẩm OCOP", "Search OCOP products")
            .to_string(),
    };
    let count = match l {
        Locale::Vi => format!("{} sản phẩm", data.total),
        Locale::En => format!("{} products", data.total),
    };
    let pages = data.total.div_ceil(u64::from(PER_PAGE)).max(1);
    let q = crate::catalog::encode_component(&data.q);
    let page = u64::from(data.page);
    view! {
        <h1>{heading}</h1>
        <SearchBox value=data.q.clone()/>
        <p class="muted">{count}</p>
        {data.relaxed.then(|| view! { <p class="notice">{l.pick("Không sản phẩm nào có đủ mọi từ; đây là các sản phẩm có một phần.", "No product has every word; these have some of them.")}</p> })}
        {if data.items.is_empty() {
            view! {
                <div class="notice">
                    <p>{l.pick("Không tìm thấy sản phẩm nào. Hãy thử ít từ hơn, hoặc xem theo nhóm sản phẩm.", "Nothing found. Try fewer words, or browse by product group.")}</p>
                    <p><a href="/san-pham">{l.pick("Xem tất cả sản phẩm", "See all products")}</a></p>
                </div>
            }.into_any()
        } else {
            view! { <ProductGrid products=data.items/> }.into_any()
        }}
        <crate::catalog::Pagination page pages href=move |n| format!("/tim-kiem?q={q}&page={n}")/>
    }
    .into_any()
}
