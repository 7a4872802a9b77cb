//! `/tim-kiem?q=`: the results of the header's search box, with the product
//! list's URL rules (group, stars, province, min, max, in_stock, sort, page),
//! facet counts as links, snippets with the matched words marked, and help
//! when nothing is found. Links and a plain GET form work without JavaScript.

use super::types::{FacetValue, SearchData, SearchItem};
use super::SearchBox;
use crate::catalog::{ListQuery, Pagination, ProductCard};
use crate::catalog::{PriceRange, SortSelect};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::i18n::{use_locale, Locale};
use crate::text::encode_component;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// One page of results. Sent as JSON, like the product list's filters.
#[server(prefix = "/api/fn", endpoint = "search", input = leptos::server_fn::codec::Json)]
pub async fn search_page(q: String, query: ListQuery) -> Result<SearchData, ServerFnError> {
    let state = crate::ssr::state()?;
    super::service::load_search_page(&state, q, query, crate::ssr::today_vn())
        .await
        .map_err(crate::ssr::server_error)
}

/// The link to these results with `query`'s filters, at `page`.
fn results_href(q: &str, query: &ListQuery, page: Option<u64>) -> String {
    let filters = query.to_query_string(page);
    let mut href = format!("/tim-kiem?q={}", encode_component(q));
    if !filters.is_empty() {
        href.push('&');
        href.push_str(&filters);
    }
    href
}

/// The results page.
#[component]
pub fn SearchPage() -> AnyView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            (
                q.get("q").unwrap_or_default(),
                ListQuery::from_lookup(|name| q.get(name)),
            )
        },
        |(q, filters)| search_page(q, filters),
    );
    view! {
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
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
    let has_words = !data.q.trim().is_empty();
    let title = match (l, has_words) {
        (Locale::Vi, true) => format!("Kết quả cho “{}”", data.q),
        (Locale::En, true) => format!("Results for “{}”", data.q),
        (_, false) => l
            .pick("Tìm sản phẩm OCOP", "Search OCOP products")
            .to_string(),
    };
    let count = match l {
        Locale::Vi => format!("{} sản phẩm", data.total),
        Locale::En => format!("{} products", data.total),
    };
    let pages = data.total.div_ceil(data.per_page).max(1);
    let page = data.query.page_number();
    let (q, filters) = (data.q.clone(), data.query.clone());
    let href = move |n: u64| results_href(&q, &filters, Some(n));
    let empty = data.items.is_empty();
    view! {
        <PageTitle text=format!("{title} — Chợ OCOP")/>
        // Result pages are endless variations of the catalog: not for indexing.
        <Meta name="robots" content="noindex, follow"/>
        <h1>{title}</h1>
        <SearchBox value=data.q.clone()/>
        {(!data.notices.is_empty()).then(|| view! {
            <div class="notice warn" role="status">
                {data.notices.iter().map(|n| view! { <p>{l.pick(&n.vi, &n.en).to_string()}</p> }).collect_view()}
            </div>
        })}
        <DidYouMean data=data.clone()/>
        {(data.relaxed && !data.items.is_empty()).then(|| view! {
            <p class="notice">{l.pick(
                "Không sản phẩm nào có đủ mọi từ; đây là các sản phẩm có một phần.",
                "No product has every word; these have some of them.",
            )}</p>
        })}
        <div class="list-layout">
            <div class="filter-panel">
                <input type="checkbox" id="show-filters" class="filters-toggle" checked=data.query.has_filters()/>
                <label for="show-filters" class="filters-toggle-label">
                    {l.pick("Bộ lọc và sắp xếp", "Filters and sorting")}
                </label>
                <Facets data=data.clone()/>
            </div>
            <section class="results" aria-live="polite">
                <p class="muted result-count">{count}</p>
                {if empty {
                    view! { <NoResults data=data.clone()/> }.into_any()
                } else {
                    view! { <ResultList items=data.items.clone()/> }.into_any()
                }}
                <Pagination page pages href/>
            </section>
        </div>
    }
    .into_any()
}

/// "Did you mean …?" with a link to the corrected search.
#[component]
fn DidYouMean(data: SearchData) -> AnyView {
    let l = use_locale();
    let Some(better) = data.did_you_mean else {
        return ().into_any();
    };
    let href = results_href(&better, &data.query, None);
    view! {
        <p class="did-you-mean">
            {l.pick("Có phải bạn muốn tìm: ", "Did you mean: ")}
            <a href=href>{better}</a>
            "?"
        </p>
    }
    .into_any()
}

/// The product cards, each with the text around the matched words.
#[component]
fn ResultList(items: Vec<SearchItem>) -> AnyView {
    view! {
        <ul class="product-grid search-results">
            {items.into_iter().map(|item| view! {
                <ProductCard product=item.product snippet=item.snippet/>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Help when nothing matched: the filters to drop, the spelling, the groups.
#[component]
fn NoResults(data: SearchData) -> AnyView {
    let l = use_locale();
    let without_filters = data.query.has_filters().then(|| {
        let bare = ListQuery {
            sort: data.query.sort.clone(),
            ..ListQuery::default()
        };
        results_href(&data.q, &bare, None)
    });
    view! {
        <div class="notice no-results">
            <p><strong>{l.pick("Không tìm thấy sản phẩm nào.", "Nothing found.")}</strong></p>
            <ul>
                {without_filters.map(|href| view! {
                    <li><a href=href>{l.pick("Bỏ các bộ lọc và tìm lại", "Remove the filters and search again")}</a></li>
                })}
                <li>{l.pick(
                    "Thử ít từ hơn, hoặc gõ tên đặc sản và nơi làm ra (ví dụ: “mật ong Mèo Vạc”). Gõ không dấu cũng được.",
                    "Try fewer words, or a specialty and where it is made (e.g. “mật ong Mèo Vạc”). Typing without diacritics works too.",
                )}</li>
                <li><a href="/san-pham">{l.pick("Xem tất cả sản phẩm OCOP", "Browse all OCOP products")}</a></li>
            </ul>
        </div>
    }
    .into_any()
}

/// Facet counts as links (each sets or clears one filter), then the price,
/// stock and order as a plain GET form that keeps the words and facets.
#[component]
fn Facets(data: SearchData) -> AnyView {
    let l = use_locale();
    let q = data.q.clone();
    let query = data.query.clone();
    let facet = move |legend: &'static str,
                      values: Vec<FacetValue>,
                      current: Option<String>,
                      set: fn(&mut ListQuery, Option<String>)| {
        let q = q.clone();
        let query = query.clone();
        if values.is_empty() && current.is_none() {
            return None;
        }
        let clear = current.as_ref().map(|_| {
            let mut without = query.clone();
            set(&mut without, None);
            without.page = None;
            results_href(&q, &without, None)
        });
        Some(view! {
            <fieldset class="facet">
                <legend>{legend}</legend>
                <ul>
                    {values.into_iter().map(|v| {
                        let selected = current.as_deref() == Some(v.param.as_str());
                        let mut with = query.clone();
                        set(&mut with, Some(v.param.clone()));
                        with.page = None;
                        let href = results_href(&q, &with, None);
                        let label = format!("{} ({})", l.pick(&v.label_vi, &v.label_en), v.count);
                        if selected {
                            view! { <li><span class="facet-on" aria-current="true">{label}</span></li> }.into_any()
                        } else {
                            view! { <li><a href=href rel="nofollow">{label}</a></li> }.into_any()
                        }
                    }).collect_view()}
                    {clear.map(|href| view! { <li><a class="clear" href=href rel="nofollow">{l.pick("Tất cả", "All")}</a></li> })}
                </ul>
            </fieldset>
        })
    };
    let f = data.facets.clone();
    let query = data.query.clone();
    // Hidden fields carry the words and facets through the form.
    let kept: Vec<(&'static str, String)> = [
        ("q", Some(data.q.clone())),
        ("group", query.group.clone()),
        ("stars", query.stars.clone()),
        ("province", query.province.clone()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|v| (name, v)))
    .collect();
    view! {
        <div class="filters">
            {facet(l.pick("Nhóm sản phẩm", "Product group"), f.groups.clone(), query.group.clone(), |q, v| q.group = v)}
            {facet(l.pick("Hạng sao OCOP", "OCOP stars"), f.stars.clone(), query.stars.clone(), |q, v| q.stars = v)}
            {facet(l.pick("Tỉnh, thành phố", "Province"), f.provinces.clone(), query.province.clone(), |q, v| q.province = v)}
            <Form method="GET" action="/tim-kiem" attr:class="filters-form" attr:aria-label=l.pick("Giá, tồn kho và thứ tự", "Price, stock and order")>
                {kept.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
                <PriceRange query=query.clone()/>
                <label class="check"><input type="checkbox" name="in_stock" value="1" checked=query.in_stock.is_some()/>{l.pick("Còn hàng", "In stock")}</label>
                <SortSelect query=query.clone() first=l.pick("Phù hợp nhất", "Best match")/>
                <button type="submit">{l.pick("Áp dụng", "Apply")}</button>
            </Form>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_links_keep_words_filters_and_page() {
        let query = ListQuery {
            group: Some("1".into()),
            province: Some("can-tho".into()),
            ..ListQuery::default()
        };
        assert_eq!(
            results_href("nước mắm", &query, Some(2)),
            "/tim-kiem?q=n%C6%B0%E1%BB%9Bc%20m%E1%BA%AFm&group=1&province=can-tho&page=2"
        );
        assert_eq!(
            results_href("", &ListQuery::default(), None),
            "/tim-kiem?q="
        );
    }
}
