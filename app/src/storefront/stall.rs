//! `/gian-hang/{slug}`: a producer's digital stall.

use super::server_fns::get_stall;
use crate::catalog::producer_kind;
use crate::catalog::StallData;
use crate::catalog::{EventList, ProductGrid};
use crate::components::{JsonLd, PageMeta, ResponsivePicture};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::json;

/// A producer's stall: who they are, their story, how to reach them, their products.
#[component]
pub fn StallPage() -> AnyView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let stall = Resource::new(slug, get_stall);
    crate::not_found::loaded(stall, |s| view! { <StallView data=s/> }).into_any()
}

#[component]
fn StallView(data: StallData) -> AnyView {
    let l = use_locale();
    let canonical = format!("{}/gian-hang/{}", data.base_url, data.slug);
    let count = match l {
        Locale::Vi => format!("{} sản phẩm OCOP", data.products.len()),
        Locale::En => format!("{} OCOP products", data.products.len()),
    };
    let description = match l {
        Locale::Vi => format!(
            "Gian hàng của {} ({}, {}): {count}.",
            data.name, data.commune, data.province
        ),
        Locale::En => format!(
            "The stall of {} ({}, {}): {count}.",
            data.name, data.commune, data.province
        ),
    };
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": data.name,
        "url": canonical,
        "telephone": data.phone,
        "email": data.email,
        "sameAs": data.website.iter().collect::<Vec<_>>(),
        "address": { "@type": "PostalAddress", "streetAddress": data.address, "addressLocality": data.commune, "addressRegion": data.province, "addressCountry": "VN" },
    });
    let image = data
        .products
        .iter()
        .find_map(|p| p.thumbnail.as_ref())
        .map(|t| format!("{}{}", data.base_url, t.largest_jpeg().0));
    view! {
        <PageMeta title=data.name.clone() description canonical image kind="profile"/>
        <JsonLd value=ld/>
        <nav class="breadcrumb" aria-label=l.pick("Vị trí", "Breadcrumb")>
            <a href="/">{l.pick("Trang chủ", "Home")}</a> " › "
            <a href=format!("/tinh/{}", data.province_slug)>{data.province.clone()}</a> " › "
            <span aria-current="page">{data.name.clone()}</span>
        </nav>
        <article class="stall">
            {data.cover.clone().map(|cover| view! { <div class="stall-cover"><ResponsivePicture picture=cover sizes="(max-width: 1100px) 100vw, 1100px" eager=true/></div> })}
            <header class="stall-header">
                {data.logo.clone().map(|logo| view! { <div class="logo"><ResponsivePicture picture=logo sizes="96px" eager=true/></div> })}
                <div>
                    <p class="muted">{l.pick("Gian hàng", "Stall")} " · " {producer_kind(&data.kind, l)}</p>
                    <h1>{data.name.clone()}</h1>
                    <p>{data.commune.clone()} ", " {data.province.clone()}</p>
                    <p class="tags">
                        {data.women_led.then(|| view! { <span class="tag">{l.pick("Phụ nữ làm chủ", "Women-led")}</span> })}
                        {data.ethnic_minority_led.then(|| view! { <span class="tag">{l.pick("Người dân tộc thiểu số làm chủ", "Ethnic-minority-led")}</span> })}
                    </p>
                </div>
            </header>
            <div class="stall-layout">
                <section class="story" aria-labelledby="cau-chuyen">
                    <h2 id="cau-chuyen">{l.pick("Câu chuyện", "Our story")}</h2>
                    {match data.story_html.clone() {
                        Some(html) if !html.is_empty() => view! { <div class="story-body" inner_html=html></div> }.into_any(),
                        _ => view! { <p class="muted">{l.pick("Chủ thể chưa viết giới thiệu.", "The producer has not written an introduction yet.")}</p> }.into_any(),
                    }}
                </section>
                <section class="contact" aria-labelledby="lien-he">
                    <h2 id="lien-he">{l.pick("Liên hệ", "Contact")}</h2>
                    <dl>
                        <dt>{l.pick("Người đại diện", "Representative")}</dt><dd>{data.representative.clone()}</dd>
                        <dt>{l.pick("Địa chỉ", "Address")}</dt><dd>{data.address.clone()}</dd>
                        <dt>{l.pick("Điện thoại", "Phone")}</dt><dd><a href=format!("tel:{}", data.phone)>{data.phone.clone()}</a></dd>
                        <dt>"E-mail"</dt><dd><a href=format!("mailto:{}", data.email)>{data.email.clone()}</a></dd>
                        {data.website.clone().map(|w| view! {
                            <dt>{l.pick("Trang web", "Website")}</dt><dd><a href=w.clone() rel="noopener nofollow" target="_blank">{w.clone()}</a></dd>
                        })}
                    </dl>
                </section>
                <crate::seller::SellerBlock identity=data.seller.clone()/>
            </div>
            <p class="report-link"><a href=format!("/bao-cao-vi-pham?gian-hang={}", data.code) rel="nofollow">{l.pick("Báo cáo vi phạm về gian hàng này", "Report a problem with this stall")}</a></p>
            {data.suspended.then(|| view! {
                <p class="notice" role="status">{l.pick(
                    "Gian hàng đang tạm ngừng bán trên Chợ OCOP trong khi cán bộ Sở Công Thương xem xét một báo cáo vi phạm.",
                    "This stall is suspended on Chợ OCOP while the department reviews a report.",
                )}</p>
            })}
            <section aria-labelledby="san-pham">
                <h2 id="san-pham">{l.pick("Sản phẩm OCOP", "OCOP products")} <span class="muted">{format!(" ({})", data.products.len())}</span></h2>
                {if data.products.is_empty() {
                    view! { <p class="muted">{l.pick("Chủ thể hiện chưa có sản phẩm nào còn hiệu lực chứng nhận.", "This producer has no product with a valid certification right now.")}</p> }.into_any()
                } else {
                    view! { <ProductGrid products=data.products.clone()/> }.into_any()
                }}
            </section>
            {(!data.events.is_empty()).then(|| view! {
                <section aria-labelledby="su-kien">
                    <h2 id="su-kien">{l.pick("Gặp chúng tôi tại", "Meet us at")}</h2>
                    <EventList events=data.events.clone()/>
                </section>
            })}
        </article>
    }
    .into_any()
}
