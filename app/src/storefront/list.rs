//! Product lists: all products, a group's, a province's. Every filter lives in
//! the URL; the form is a plain GET form that the router turns into a
//! client-side navigation when JavaScript is on.

use super::server_fns::get_product_list;
use crate::catalog::group_name;
use crate::catalog::{ListData, ListQuery};
use crate::catalog::{Pagination, PriceRange, ProductGrid, SortSelect};
use crate::components::PageMeta;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/san-pham`: every certified product.
#[component]
pub fn ProductListPage() -> AnyView {
    view! { <ListPage kind="all"/> }.into_any()
}

/// `/nhom/{slug}`: one group's products.
#[component]
pub fn GroupPage() -> AnyView {
    view! { <ListPage kind="group"/> }.into_any()
}

/// `/tinh/{slug}`: one province's products, with its communes.
#[component]
pub fn ProvincePage() -> AnyView {
    view! { <ListPage kind="province"/> }.into_any()
}

#[component]
fn ListPage(kind: &'static str) -> AnyView {
    let query = use_query_map();
    let params = use_params_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let slug = params.read().get("slug").unwrap_or_default();
            (slug, ListQuery::from_lookup(|name| q.get(name)))
        },
        move |(slug, q)| get_product_list(kind.to_string(), slug, q),
    );
    crate::not_found::loaded(data, move |d| view! { <ListView data=d kind/> }).into_any()
}

#[component]
fn ListView(data: ListData, kind: &'static str) -> AnyView {
    let l = use_locale();
    let q = data.query.clone();
    let path = data
        .heading
        .as_ref()
        .map_or_else(|| "/san-pham".to_string(), |h| h.path.clone());
    let (title, intro) = match &data.heading {
        Some(h) => (l.pick(&h.title_vi, &h.title_en).to_string(), None),
        None => (
            l.pick("Sản phẩm OCOP", "OCOP products").to_string(),
            Some(l.pick(
                "Chỉ những sản phẩm có chứng nhận OCOP còn hiệu lực hôm nay.",
                "Only products whose OCOP certification is valid today.",
            )),
        ),
    };
    let found = match l {
        Locale::Vi => format!("{} sản phẩm", data.list.total),
        Locale::En => format!("{} products", data.list.total),
    };
    let pages = data.list.total.div_ceil(data.per_page).max(1);
    let page = q.page_number();
    let link_base = path.clone();
    let link_query = q.clone();
    let href = move |n: u64| {
        let qs = link_query.to_query_string(Some(n));
        if qs.is_empty() {
            link_base.clone()
        } else {
            format!("{link_base}?{qs}")
        }
    };
    let canonical_qs = q.to_query_string(Some(page));
    let canonical = if canonical_qs.is_empty() {
        format!("{}{path}", data.base_url)
    } else {
        format!("{}{path}?{canonical_qs}", data.base_url)
    };
    let description = match l {
        Locale::Vi => format!(
            "{title}: {found} có chứng nhận OCOP còn hiệu lực, mua trực tiếp từ chủ thể sản xuất."
        ),
        Locale::En => format!(
            "{title}: {found} with a valid OCOP certification, bought straight from the producer."
        ),
    };
    let empty = data.list.items.is_empty();
    view! {
        <PageMeta title=title.clone() description canonical/>
        <nav class="breadcrumb" aria-label=l.pick("Vị trí", "Breadcrumb")>
            <a href="/">{l.pick("Trang chủ", "Home")}</a> " › " <span aria-current="page">{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        {intro.map(|i| view! { <p class="muted">{i}</p> })}
        {(!data.notices.is_empty()).then(|| view! {
            <div class="notice warn" role="status">
                {data.notices.iter().map(|n| view! { <p>{l.pick(&n.vi, &n.en).to_string()}</p> }).collect_view()}
            </div>
        })}
        {(kind == "province" && !data.communes.is_empty()).then(|| {
            let province = q.province.clone().unwrap_or_default();
            view! {
                <details class="communes">
                    <summary>{l.pick("Các xã, phường có sản phẩm OCOP", "Communes and wards with OCOP products")}</summary>
                    <ul class="place-list">
                        {data.communes.iter().map(|c| view! {
                            <li><a href=format!("/tinh/{province}?commune={}", c.code)>{c.name.clone()}</a> <span class="muted">{format!("({})", c.products)}</span></li>
                        }).collect_view()}
                    </ul>
                </details>
            }
        })}
        <div class="list-layout">
            // On a phone the filters fold behind one control so that the
            // products come first; the checkbox works without JavaScript.
            <div class="filter-panel">
                <input type="checkbox" id="show-filters" class="filters-toggle" checked=q.has_filters()/>
                <label for="show-filters" class="filters-toggle-label">
                    {l.pick("Bộ lọc và sắp xếp", "Filters and sorting")}
                </label>
                <FilterForm data=data.clone() kind action=path.clone()/>
            </div>
            <section class="results" aria-live="polite" aria-labelledby="ket-qua">
                // Cards carry h3 titles; this keeps the outline h1 → h2 → h3.
                <h2 id="ket-qua" class="visually-hidden">{l.pick("Sản phẩm", "Products")}</h2>
                <p class="muted result-count">{found}</p>
                {if empty {
                    view! {
                        <div class="notice">
                            <p>{l.pick("Không có sản phẩm nào khớp các bộ lọc này.", "No product matches these filters.")}</p>
                            <p><a href=path.clone()>{l.pick("Bỏ tất cả bộ lọc", "Clear all filters")}</a></p>
                        </div>
                    }.into_any()
                } else {
                    view! { <ProductGrid products=data.list.items.clone()/> }.into_any()
                }}
                <Pagination page pages href/>
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn FilterForm(data: ListData, kind: &'static str, action: String) -> AnyView {
    let l = use_locale();
    let q = data.query;
    let is = |value: &Option<String>, want: &str| value.as_deref() == Some(want);
    view! {
        <Form method="GET" action=action.clone() attr:class="filters" attr:aria-label=l.pick("Bộ lọc", "Filters")>
            {(kind != "group").then(|| view! {
                <label>{l.pick("Nhóm sản phẩm", "Product group")}
                    <select name="group">
                        <option value="">{l.pick("Tất cả", "All")}</option>
                        {data.groups.iter().map(|g| view! {
                            <option value=g.id.to_string() selected=is(&q.group, &g.id.to_string())>{group_name(&g.name_vi, &g.name_en, l).to_string()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <fieldset class="stars-filter">
                <legend>{l.pick("Hạng sao OCOP", "OCOP stars")}</legend>
                <label><input type="radio" name="stars" value="" checked=q.stars.is_none()/>{l.pick("Tất cả", "All")}</label>
                {["3", "4", "5"].into_iter().map(|s| view! {
                    <label><input type="radio" name="stars" value=s checked=is(&q.stars, s)/>{format!("{s}★")}</label>
                }).collect_view()}
            </fieldset>
            {(kind != "province").then(|| view! {
                <label>{l.pick("Tỉnh, thành phố", "Province")}
                    <select name="province">
                        <option value="">{l.pick("Cả nước", "All of Vietnam")}</option>
                        {data.provinces.iter().map(|p| view! {
                            <option value=p.slug.clone() selected=is(&q.province, &p.slug)>{format!("{} ({})", l.pick(&p.name, &p.name_en), p.products)}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            {(!data.communes.is_empty()).then(|| view! {
                <label>{l.pick("Xã, phường", "Commune or ward")}
                    <select name="commune">
                        <option value="">{l.pick("Tất cả", "All")}</option>
                        {data.communes.iter().map(|c| view! {
                            <option value=c.code.clone() selected=is(&q.commune, &c.code)>{format!("{} ({})", c.name, c.products)}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <PriceRange query=q.clone()/>
            <label class="check"><input type="checkbox" name="in_stock" value="1" checked=q.in_stock.is_some()/>{l.pick("Còn hàng", "In stock")}</label>
            <label class="check"><input type="checkbox" name="story" value="1" checked=q.story.is_some()/>{l.pick("Có câu chuyện sản phẩm", "Has a story")}</label>
            <SortSelect query=q.clone() first=l.pick("Nổi bật", "Featured")/>
            <button type="submit">{l.pick("Lọc sản phẩm", "Apply filters")}</button>
            {q.has_filters().then(|| view! { <a class="clear" href=action.clone()>{l.pick("Bỏ lọc", "Clear")}</a> })}
        </Form>
    }
    .into_any()
}
