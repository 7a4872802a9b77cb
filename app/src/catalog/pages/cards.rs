//! Pieces the storefront pages share: product cards, event and sales-point
//! lists, pagination.

use super::labels::{event_kind, sales_point_kind};
use crate::catalog::{EventCard, ProductSummary, SalesPointCard};
use crate::components::{format_money, ResponsivePicture, StarBadge};
use crate::i18n::{use_locale, Locale};
use crate::time::format_vn;
use leptos::prelude::*;

/// One product in a grid: picture, name, stars, price, producer and place;
/// in search results also the text around the matched words.
#[component]
pub fn ProductCard(
    product: ProductSummary,
    /// HTML-escaped text with matches in `<mark>` (a search result's snippet).
    #[prop(optional)]
    snippet: Option<String>,
) -> AnyView {
    let l = use_locale();
    let href = format!("/san-pham/{}", product.slug);
    let in_stock = product.in_stock();
    let picture = product.thumbnail.clone();
    let group = product.group;
    view! {
        <li class="product-card">
            <a href=href class="card-link">
                {match picture {
                    Some(p) => view! { <ResponsivePicture picture=p sizes="(min-width: 960px) 280px, (min-width: 600px) 33vw, 50vw"/> }.into_any(),
                    None => view! { <div class=format!("no-photo group-{group}") aria-hidden="true"></div> }.into_any(),
                }}
                <h3>{product.name.clone()}</h3>
            </a>
            <StarBadge stars=product.stars/>
            <p class="price">{format_money(product.price_vnd)} <span class="unit">" / " {product.unit.clone()}</span></p>
            <p class="producer">{product.producer_name.clone()} " · " {product.province.clone()}</p>
            {(!in_stock).then(|| view! { <p class="stock-out">{l.pick("Tạm hết hàng", "Out of stock")}</p> })}
            // Escaped by the snippet builder; only <mark> is markup.
            {snippet.filter(|s| !s.is_empty()).map(|s| view! { <p class="snippet" inner_html=s></p> })}
        </li>
    }
    .into_any()
}

/// A grid of product cards.
#[component]
pub fn ProductGrid(products: Vec<ProductSummary>) -> AnyView {
    view! {
        <ul class="product-grid">
            {products.into_iter().map(|p| view! { <ProductCard product=p/> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// "14/12/2026 09:00 – 16/12/2026 17:00", in Vietnam time.
fn schedule(e: &EventCard) -> String {
    format!("{} – {}", format_vn(e.starts_at), format_vn(e.ends_at))
}

/// Coming fairs and livestreams.
#[component]
pub fn EventList(events: Vec<EventCard>) -> AnyView {
    let l = use_locale();
    view! {
        <ul class="event-list">
            {events.into_iter().map(|e| {
                let when = schedule(&e);
                let place = match (&e.venue, &e.stream_url) {
                    (Some(venue), _) => format!("{venue}, {}", e.province),
                    (None, Some(_)) => l.pick("Trực tuyến", "Online").to_string(),
                    _ => e.province.clone(),
                };
                view! {
                    <li class=format!("event event-{}", e.kind)>
                        <p class="event-kind">{event_kind(&e.kind, l)}</p>
                        <h3><a href=format!("/su-kien/{}", e.code)>{e.title.clone()}</a></h3>
                        <p><time datetime=e.starts_at.to_rfc3339()>{when}</time></p>
                        <p class="muted">{place}</p>
                        {e.stream_url.clone().map(|url| view! {
                            <p><a href=url rel="noopener nofollow" target="_blank">{l.pick("Xem livestream", "Watch the livestream")}</a></p>
                        })}
                        <p class="muted">{l.pick("Tổ chức: ", "Organiser: ")} {e.organizer.clone()}</p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Sales points with their address and a map link.
#[component]
pub fn SalesPointList(points: Vec<SalesPointCard>) -> AnyView {
    let l = use_locale();
    view! {
        <ul class="sales-points">
            {points.into_iter().map(|p| {
                let map = format!("https://www.openstreetmap.org/?mlat={}&mlon={}#map=17/{}/{}", p.lat, p.lon, p.lat, p.lon);
                view! {
                    <li>
                        <h3>{p.name.clone()}</h3>
                        <p class="muted">{sales_point_kind(&p.kind, l)}</p>
                        <p>{p.address.clone()} ", " {p.commune.clone()} ", " {p.province.clone()}</p>
                        {p.opening_hours.clone().map(|h| view! { <p>{l.pick("Giờ mở cửa: ", "Opening hours: ")} {h}</p> })}
                        <p><a href=map rel="noopener" target="_blank">{l.pick("Xem bản đồ", "View on the map")}</a></p>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Links to the previous, next and nearby pages of a list.
#[component]
pub fn Pagination(
    /// Current page from 1.
    page: u64,
    /// Number of pages.
    pages: u64,
    /// Makes the link of a page.
    href: impl Fn(u64) -> String + 'static,
) -> AnyView {
    let l = use_locale();
    if pages <= 1 {
        return ().into_any();
    }
    let first = page.saturating_sub(2).max(1);
    let last = (page + 2).min(pages);
    let label = |n: u64| match l {
        Locale::Vi => format!("Trang {n}"),
        Locale::En => format!("Page {n}"),
    };
    view! {
        <nav class="pagination" aria-label=l.pick("Phân trang", "Pages")>
            {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>{l.pick("‹ Trước", "‹ Previous")}</a> })}
            {(first > 1).then(|| view! { <a href=href(1) aria-label=label(1)>"1"</a> <span aria-hidden="true">"…"</span> })}
            {(first..=last).map(|n| if n == page {
                view! { <span aria-current="page" class="current">{n}</span> }.into_any()
            } else {
                view! { <a href=href(n) aria-label=label(n)>{n}</a> }.into_any()
            }).collect_view()}
            {(last < pages).then(|| view! { <span aria-hidden="true">"…"</span> <a href=href(pages) aria-label=label(pages)>{pages}</a> })}
            {(page < pages).then(|| view! { <a rel="next" href=href(page + 1)>{l.pick("Sau ›", "Next ›")}</a> })}
        </nav>
    }
    .into_any()
    .into_any()
}
