//! `/diem-ban` ("Điểm bán OCOP"): the active sales points as a list that
//! works without JavaScript (filters in a GET form, so a filtered list is a
//! link to share) and a map; "Near me" (with JavaScript and the shopper's
//! consent) sorts by distance. `/diem-ban/{code}`: one sales point.

use super::officer_pages::options;
use super::types::{kind_label, PointQuery, PublicList, PublicPoint};
use super::{get_public_sales_point, get_public_sales_points};
use crate::catalog::Pagination;
use crate::components::PageMeta;
use crate::i18n::{use_locale, Locale};
use crate::map::{MapBox, MapItem, MapLayer};
use crate::not_found::loaded;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The colour of sales points on every map.
pub const SALES_POINT_COLOR: &str = "#8a3b12";

/// The public list and map.
#[component]
pub fn SalesPointsPage() -> AnyView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let q = query.read();
            let get = |n: &str| q.get(n).filter(|v| !v.trim().is_empty());
            PointQuery {
                province: get("province"),
                commune: get("commune"),
                near: get("near"),
                page: get("page"),
            }
        },
        get_public_sales_points,
    );
    loaded(data, |d| view! { <ListView d/> })
}

#[component]
fn ListView(d: PublicList) -> AnyView {
    let l = use_locale();
    let title = l.pick("Điểm bán OCOP", "OCOP sales points").to_string();
    let description = l
        .pick(
            "Các điểm giới thiệu và bán sản phẩm OCOP đang hoạt động: địa chỉ, giờ mở cửa, sản phẩm bày bán và bản đồ.",
            "Active OCOP showrooms and sales points: address, opening hours, products carried and a map.",
        )
        .to_string();
    let qs = d.query.to_query_string(d.page);
    let canonical = if qs.is_empty() {
        format!("{}/diem-ban", d.base_url)
    } else {
        format!("{}/diem-ban?{qs}", d.base_url)
    };
    let found = match l {
        Locale::Vi => format!("{} điểm bán đang hoạt động", d.total),
        Locale::En => format!("{} active sales points", d.total),
    };
    let q = d.query.clone();
    let href = move |n: u64| {
        let qs = q.to_query_string(n);
        if qs.is_empty() {
            "/diem-ban".to_string()
        } else {
            format!("/diem-ban?{qs}")
        }
    };
    let without_near = PointQuery {
        near: None,
        ..d.query.clone()
    }
    .to_query_string(1);
    let layers = vec![MapLayer {
        id: "sales_points".into(),
        label: title.clone(),
        color: SALES_POINT_COLOR.into(),
        items: d.markers.clone(),
    }];
    let province = d.query.province.clone().unwrap_or_default();
    let commune = d.query.commune.clone().unwrap_or_default();
    let empty = d.items.is_empty();
    let near = d.query.near.clone();
    let near_set = near.is_some();
    view! {
        <PageMeta title=title.clone() description canonical/>
        <nav class="breadcrumb" aria-label=l.pick("Vị trí", "Breadcrumb")>
            <a href="/">{l.pick("Trang chủ", "Home")}</a> " › " <span aria-current="page">{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <p class="muted">{l.pick(
            "Nơi mua trực tiếp sản phẩm OCOP: cửa hàng, góc OCOP trong siêu thị, điểm du lịch, trạm dừng nghỉ, làng nghề.",
            "Where to buy OCOP products in person: stores, OCOP corners in supermarkets, tourist sites, rest stops, craft villages.",
        )}</p>
        {(!d.notices.is_empty()).then(|| view! {
            <div class="notice warn" role="status">
                {d.notices.iter().map(|(vi, en)| view! { <p>{l.pick(vi, en).to_string()}</p> }).collect_view()}
            </div>
        })}
        <Form method="GET" action="/diem-ban" attr:class="filters inline-filters" attr:aria-label=l.pick("Bộ lọc", "Filters")>
            <label>{l.pick("Tỉnh, thành phố", "Province")}
                <select name="province">
                    <option value="">{l.pick("Cả nước", "All of Vietnam")}</option>
                    {options(&d.provinces, &province)}
                </select>
            </label>
            {(!d.communes.is_empty()).then(|| view! {
                <label>{l.pick("Xã, phường", "Commune or ward")}
                    <select name="commune">
                        <option value="">{l.pick("Tất cả", "All")}</option>
                        {options(&d.communes, &commune)}
                    </select>
                </label>
            })}
            {near.map(|near| view! { <input type="hidden" name="near" value=near/> })}
            <button type="submit">{l.pick("Lọc", "Filter")}</button>
            <button type="button" id="near-me" class="secondary" hidden=true
                data-denied=l.pick("Không lấy được vị trí của bạn.", "Your position is not available.")>
                {l.pick("Gần tôi", "Near me")}
            </button>
            {(!province.is_empty() || near_set).then(|| view! { <a class="clear" href="/diem-ban">{l.pick("Bỏ lọc", "Clear")}</a> })}
        </Form>
        {near_set.then(|| view! {
            <p class="muted">{l.pick("Xếp theo khoảng cách từ vị trí của bạn. ", "Sorted by distance from you. ")}
                <a href=if without_near.is_empty() { "/diem-ban".to_string() } else { format!("/diem-ban?{without_near}") }>{l.pick("Xếp theo tên", "Sort by name")}</a>
            </p>
        })}
        <div class="map-layout">
            <MapBox layers/>
            <section class="results" aria-label=l.pick("Danh sách điểm bán", "List of sales points")>
                <p class="muted result-count">{found}</p>
                {if empty {
                    view! { <p class="notice">{l.pick("Không có điểm bán nào khớp bộ lọc này.", "No sales point matches this filter.")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="sales-point-list">
                            {d.items.into_iter().map(|p| view! { <PointCard p/> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                <Pagination page=d.page pages=d.pages href/>
            </section>
        </div>
    }
    .into_any()
}

#[component]
fn PointCard(p: PublicPoint) -> AnyView {
    let l = use_locale();
    view! {
        <li class="sales-point-card" data-lat=p.lat.to_string() data-lon=p.lon.to_string()>
            <h2><a href=format!("/diem-ban/{}", p.code)>{p.name.clone()}</a></h2>
            <p class="muted">{kind_label(&p.kind, l)}
                {p.distance_km.map(|d| match l {
                    Locale::Vi => format!(" · {d:.1} km").replace('.', ","),
                    Locale::En => format!(" · {d:.1} km"),
                })}</p>
            <p>{p.address.clone()}", "{p.commune.clone()}", "{p.province.clone()}</p>
            <PointDetails p=p.clone()/>
        </li>
    }
    .into_any()
}

#[component]
fn PointDetails(p: PublicPoint) -> AnyView {
    let l = use_locale();
    let none = p.products.is_empty();
    view! {
        {p.opening_hours.clone().map(|h| view! { <p>{l.pick("Giờ mở cửa: ", "Opening hours: ")}{h}</p> })}
        {p.phone.clone().map(|ph| view! { <p>{l.pick("Điện thoại: ", "Phone: ")}<a href=format!("tel:{ph}")>{ph.clone()}</a></p> })}
        {if none {
            view! { <p class="muted">{l.pick("Chưa khai báo sản phẩm bày bán.", "No products declared yet.")}</p> }.into_any()
        } else {
            view! {
                <details class="carried">
                    <summary>{match l {
                        Locale::Vi => format!("{} sản phẩm OCOP bày bán", p.products.len()),
                        Locale::En => format!("{} OCOP products carried", p.products.len()),
                    }}</summary>
                    <ul>
                        {p.products.iter().map(|c| match c.slug.clone() {
                            Some(slug) => view! { <li><a href=format!("/san-pham/{slug}")>{c.name.clone()}</a></li> }.into_any(),
                            None => view! { <li>{c.name.clone()}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                </details>
            }.into_any()
        }}
    }
    .into_any()
}

/// `/diem-ban/{code}`: one active sales point.
#[component]
pub fn SalesPointPage() -> AnyView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("code").unwrap_or_default(),
        get_public_sales_point,
    );
    loaded(data, |p| view! { <PointView p/> })
}

#[component]
fn PointView(p: PublicPoint) -> AnyView {
    let l = use_locale();
    let canonical = p.url.clone();
    let description = format!("{}, {}, {}", p.address, p.commune, p.province);
    let layers = vec![MapLayer {
        id: "sales_points".into(),
        label: l.pick("Điểm bán OCOP", "OCOP sales point").into(),
        color: SALES_POINT_COLOR.into(),
        items: vec![MapItem {
            name: p.name.clone(),
            url: format!("/diem-ban/{}", p.code),
            note: kind_label(&p.kind, l).into(),
            lat: Some(p.lat),
            lon: Some(p.lon),
        }],
    }];
    let osm = format!(
        "https://www.openstreetmap.org/?mlat={}&mlon={}#map=17/{}/{}",
        p.lat, p.lon, p.lat, p.lon
    );
    view! {
        <PageMeta title=p.name.clone() description canonical/>
        <nav class="breadcrumb" aria-label=l.pick("Vị trí", "Breadcrumb")>
            <a href="/">{l.pick("Trang chủ", "Home")}</a> " › "
            <a href="/diem-ban">{l.pick("Điểm bán OCOP", "OCOP sales points")}</a> " › "
            <span aria-current="page">{p.name.clone()}</span>
        </nav>
        <h1>{p.name.clone()}</h1>
        <p class="muted">{kind_label(&p.kind, l)}</p>
        <div class="map-layout">
            <MapBox layers/>
            <section>
                <p>{p.address.clone()}", "{p.commune.clone()}", "{p.province.clone()}</p>
                <p class="muted">{format!("{:.5}, {:.5}", p.lat, p.lon)}" · "
                    <a href=osm rel="noopener" target="_blank">{l.pick("Mở trên OpenStreetMap", "Open in OpenStreetMap")}</a></p>
                <PointDetails p=p.clone()/>
            </section>
        </div>
    }
    .into_any()
}
