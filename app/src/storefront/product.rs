//! The product page: photos, price and certification, the story in pride of
//! place, the producer, traceability with a printable QR code, where to buy in
//! person, coming events and the producer's other products.

use super::server_fns::get_product_page;
use crate::catalog::{certification_level, group_name, producer_kind};
use crate::catalog::{CertificationInfo, ProductDetail, ProductPageData, Traceability};
use crate::catalog::{EventList, ProductGrid, SalesPointList};
use crate::components::{format_money, JsonLd, PageMeta, ResponsivePicture, StarBadge};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::json;

/// `/san-pham/{slug}`.
#[component]
pub fn ProductPage() -> AnyView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let page = Resource::new(slug, get_product_page);
    crate::not_found::loaded(page, |p| view! { <ProductView data=p/> }).into_any()
}

/// The last day a certification is valid (it lapses the day after).
fn last_valid_day(c: &CertificationInfo) -> chrono::NaiveDate {
    c.expires_on.pred_opt().unwrap_or(c.expires_on)
}

/// schema.org `Product` with an `Offer` in VND. The OCOP stars are a
/// certification, so they appear as `hasCertification`, never as a rating.
fn structured_data(p: &ProductDetail, base: &str) -> serde_json::Value {
    let url = format!("{base}/san-pham/{}", p.slug);
    let images: Vec<String> = p
        .images
        .iter()
        .map(|i| format!("{base}{}", i.largest_jpeg().0))
        .collect();
    let mut product = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": p.name,
        "sku": p.code,
        "description": p.description,
        "category": p.group_name,
        "url": url,
        "image": images,
        "brand": { "@type": "Brand", "name": p.producer.name },
        "manufacturer": {
            "@type": "Organization",
            "name": p.producer.name,
            "url": format!("{base}/gian-hang/{}", p.producer.slug),
            "address": { "@type": "PostalAddress", "addressLocality": p.producer.commune, "addressRegion": p.producer.province, "addressCountry": "VN" },
        },
    });
    if let Some(c) = p.certification.as_ref().filter(|c| c.valid) {
        product["hasCertification"] = json!({
            "@type": "Certification",
            "name": format!("OCOP {} sao", c.stars),
            "certificationIdentification": c.decision_no,
            "issuedBy": { "@type": "Organization", "name": if c.level == "national" { "Hội đồng OCOP Trung ương" } else { "Hội đồng OCOP cấp tỉnh" } },
            "validFrom": c.decided_on.to_string(),
            "expires": last_valid_day(c).to_string(),
        });
        product["offers"] = json!({
            "@type": "Offer",
            "url": url,
            "price": p.price_vnd,
            "priceCurrency": "VND",
            "availability": if p.stock > 0 { "https://schema.org/InStock" } else { "https://schema.org/OutOfStock" },
            "itemCondition": "https://schema.org/NewCondition",
            "seller": { "@type": "Organization", "name": p.producer.name },
        });
    }
    product
}

#[component]
fn ProductView(data: ProductPageData) -> AnyView {
    let l = use_locale();
    let p = data.product.clone();
    let base = data.base_url.clone();
    let canonical = format!("{base}/san-pham/{}", p.slug);
    let image = p
        .images
        .first()
        .map(|i| format!("{base}{}", i.largest_jpeg().0));
    let can_buy = p.can_buy();
    let lapsed = !p.certification.as_ref().is_some_and(|c| c.valid);
    let group = group_name(&p.group_name, &p.group_name_en, l).to_string();
    let description = format!("{} — {}", p.description, p.producer.name);
    view! {
        <PageMeta title=p.name.clone() description canonical image kind="product"/>
        <JsonLd value=structured_data(&p, &base)/>
        <nav class="breadcrumb" aria-label=l.pick("Vị trí", "Breadcrumb")>
            <a href="/">{l.pick("Trang chủ", "Home")}</a> " › "
            <a href=format!("/nhom/{}", p.group_slug)>{group}</a> " › "
            <span aria-current="page">{p.name.clone()}</span>
        </nav>
        <article class="product">
            <div class="product-top">
                <Gallery product=p.clone()/>
                <div class="product-summary">
                    <h1>{p.name.clone()}</h1>
                    <p class="muted">{l.pick("Mã sản phẩm ", "Product code ")} {p.code.clone()}</p>
                    <CertificationBox certification=p.certification.clone()/>
                    <section class="buy" aria-label=l.pick("Giá và mua hàng", "Price and buying")>
                        <p class="price">{format_money(p.price_vnd)} <span class="unit">" / " {p.unit.clone()}</span></p>
                        {if lapsed {
                            view! { <p class="stock-out">{l.pick("Không bán trên Chợ OCOP khi chưa có chứng nhận còn hiệu lực.", "Not sold on Chợ OCOP without a valid certification.")}</p> }.into_any()
                        } else if p.stock > 0 {
                            let left = match l { Locale::Vi => format!("Còn {} sản phẩm", p.stock), Locale::En => format!("{} left in stock", p.stock) };
                            view! { <p class="stock-in">{left}</p> }.into_any()
                        } else {
                            view! { <p class="stock-out">{l.pick("Tạm hết hàng", "Out of stock")}</p> }.into_any()
                        }}
                        {can_buy.then(|| view! { <crate::cart::page::AddToCart code=p.code.clone() price=p.price_vnd stock=p.stock/> })}
                    </section>
                    <ProducerCard product=p.clone()/>
                </div>
            </div>
            <section class="story" aria-labelledby="cau-chuyen">
                <h2 id="cau-chuyen">{l.pick("Câu chuyện sản phẩm", "The product's story")}</h2>
                {match p.story_html.clone() {
                    Some(html) if !html.is_empty() => view! { <div class="story-body" inner_html=html></div> }.into_any(),
                    _ => view! { <p class="muted">{l.pick("Chủ thể chưa kể câu chuyện của sản phẩm này.", "The producer has not told this product's story yet.")}</p> }.into_any(),
                }}
                <p>{p.description.clone()}</p>
            </section>
            <TraceabilitySection product=p.clone() trace=data.traceability.clone() base=base.clone()/>
            <crate::seller::SellerBlock identity=p.seller.clone()/>
            <p class="report-link"><a href=format!("/bao-cao-vi-pham?san-pham={}", p.code) rel="nofollow">{l.pick("Báo cáo vi phạm về sản phẩm này", "Report a problem with this product")}</a></p>
            <section aria-labelledby="diem-ban">
                <h2 id="diem-ban">{l.pick("Mua trực tiếp tại điểm bán", "Where to buy in person")}</h2>
                {if data.sales_points.is_empty() {
                    view! { <p class="muted">{l.pick("Chưa có điểm bán nào đăng ký sản phẩm này.", "No sales point carries this product yet.")}</p> }.into_any()
                } else {
                    view! { <SalesPointList points=data.sales_points.clone()/> }.into_any()
                }}
            </section>
            {(!data.events.is_empty()).then(|| view! {
                <section aria-labelledby="su-kien">
                    <h2 id="su-kien">{l.pick("Hội chợ và livestream sắp tới", "Coming fairs and livestreams")}</h2>
                    <EventList events=data.events.clone()/>
                </section>
            })}
            {(!data.more_from_producer.is_empty()).then(|| view! {
                <section aria-labelledby="cung-chu-the">
                    <h2 id="cung-chu-the">{l.pick("Sản phẩm khác của ", "More from ")} {p.producer.name.clone()}</h2>
                    <ProductGrid products=data.more_from_producer.clone()/>
                </section>
            })}
        </article>
    }
    .into_any()
}

/// The photos: a row that scrolls and snaps, so it needs no script.
#[component]
fn Gallery(product: ProductDetail) -> AnyView {
    let l = use_locale();
    let group = product.group;
    if product.images.is_empty() {
        return view! {
            <div class=format!("gallery no-photo group-{group}") role="img" aria-label=l.pick("Chưa có ảnh", "No photo yet")></div>
        }
        .into_any();
    }
    let count = product.images.len();
    view! {
        <div class="gallery" role="region" aria-label=l.pick("Ảnh sản phẩm", "Product photos") tabindex="0">
            {product.images.into_iter().enumerate().map(|(i, img)| view! {
                <figure>
                    <ResponsivePicture picture=img sizes="(min-width: 960px) 560px, 100vw" eager=i == 0/>
                    {(count > 1).then(|| view! { <figcaption class="muted">{format!("{}/{count}", i + 1)}</figcaption> })}
                </figure>
            }).collect_view()}
        </div>
    }
    .into_any()
    .into_any()
}

#[component]
fn ProducerCard(product: ProductDetail) -> AnyView {
    let l = use_locale();
    let p = product.producer;
    view! {
        <section class="producer-card" aria-labelledby="chu-the">
            <h2 id="chu-the">{l.pick("Chủ thể sản xuất", "Producer")}</h2>
            <p><strong>{p.name.clone()}</strong></p>
            <p>{producer_kind(&p.kind, l)} " · " {p.commune.clone()} ", " {p.province.clone()}</p>
            <p class="tags">
                {p.women_led.then(|| view! { <span class="tag">{l.pick("Phụ nữ làm chủ", "Women-led")}</span> })}
                {p.ethnic_minority_led.then(|| view! { <span class="tag">{l.pick("Người dân tộc thiểu số làm chủ", "Ethnic-minority-led")}</span> })}
            </p>
            <p><a class="button secondary" href=format!("/gian-hang/{}", p.slug)>{l.pick("Xem gian hàng", "Visit the stall")}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn CertificationBox(certification: Option<CertificationInfo>) -> AnyView {
    let l = use_locale();
    match certification {
        Some(c) if c.valid => view! {
            <section class="certification valid" aria-labelledby="chung-nhan">
                <h2 id="chung-nhan">{l.pick("Chứng nhận OCOP", "OCOP certification")}</h2>
                <StarBadge stars=c.stars/>
                <dl>
                    <dt>{l.pick("Quyết định", "Decision")}</dt>
                    <dd>{match l { Locale::Vi => format!("{} ngày {}", c.decision_no, format_date(c.decided_on)), Locale::En => format!("{} of {}", c.decision_no, format_date(c.decided_on)) }}</dd>
                    <dt>{l.pick("Cấp chứng nhận", "Level")}</dt><dd>{certification_level(&c.level, l)}</dd>
                    <dt>{l.pick("Điểm đánh giá", "Score")}</dt><dd>{format!("{}/100", c.score)}</dd>
                    <dt>{l.pick("Hiệu lực đến hết ngày", "Valid until")}</dt><dd>{format_date(last_valid_day(&c))}</dd>
                </dl>
            </section>
        }.into_any(),
        Some(c) => view! {
            <section class="certification lapsed" role="status">
                <h2>{l.pick("Chứng nhận OCOP đã hết hiệu lực", "OCOP certification has lapsed")}</h2>
                <p>{match l {
                    Locale::Vi => format!("Chứng nhận {} sao theo quyết định {} đã hết hiệu lực từ ngày {}. Sản phẩm không còn được chứng nhận OCOP và tạm ngừng bán trên Chợ OCOP.", c.stars, c.decision_no, format_date(c.expires_on)),
                    Locale::En => format!("The {}-star certification under decision {} lapsed on {}. The product is no longer OCOP-certified and is not sold on Chợ OCOP for now.", c.stars, c.decision_no, format_date(c.expires_on)),
                }}</p>
            </section>
        }.into_any(),
        None => view! {
            <section class="certification lapsed" role="status">
                <h2>{l.pick("Chưa có chứng nhận OCOP", "Not OCOP-certified")}</h2>
            </section>
        }.into_any(),
    }
    .into_any()
}

#[component]
fn TraceabilitySection(product: ProductDetail, trace: Traceability, base: String) -> AnyView {
    let l = use_locale();
    let code = product.code.clone();
    let trace_url = format!("{base}/truy-xuat/{code}");
    view! {
        <section id="truy-xuat" class="traceability" aria-labelledby="truy-xuat-h">
            <h2 id="truy-xuat-h">{l.pick("Truy xuất nguồn gốc", "Traceability")}</h2>
            <div class="trace-layout">
                <dl>
                    <dt>{l.pick("Nơi sản xuất", "Made at")}</dt><dd>{trace.origin.clone()}</dd>
                    {(!trace.areas.is_empty()).then(|| view! {
                        <dt>{l.pick("Vùng nguyên liệu", "Raw-material areas")}</dt>
                        <dd><ul>{trace.areas.iter().map(|a| {
                            let size = a.area_ha.map(|h| format!(" — {h} ha")).unwrap_or_default();
                            view! { <li>{a.name.clone()} {a.commune.clone().map(|c| format!(", {c}"))} {size}</li> }
                        }).collect_view()}</ul></dd>
                    })}
                    {(!trace.batches.is_empty()).then(|| view! {
                        <dt>{l.pick("Lô sản xuất gần đây", "Recent batches")}</dt>
                        <dd><ul>{trace.batches.iter().map(|b| {
                            let expiry = b.expires_on.map(|d| match l { Locale::Vi => format!(", hạn dùng {}", format_date(d)), Locale::En => format!(", best before {}", format_date(d)) }).unwrap_or_default();
                            let made = match l { Locale::Vi => format!("Lô {}: sản xuất {}", b.batch_no, format_date(b.produced_on)), Locale::En => format!("Batch {}: made {}", b.batch_no, format_date(b.produced_on)) };
                            view! { <li>{made}{expiry}</li> }
                        }).collect_view()}</ul></dd>
                    })}
                    <dt>{l.pick("Thông tin truy xuất", "Traceability data")}</dt>
                    <dd>{if product.traceable {
                        l.pick("Chủ thể đã công bố thông tin truy xuất.", "The producer publishes traceability data.")
                    } else {
                        l.pick("Chủ thể chưa công bố thông tin truy xuất điện tử.", "The producer has not published electronic traceability data yet.")
                    }}</dd>
                </dl>
                <figure class="qr">
                    <img src=format!("/qr/{code}.svg") width="160" height="160" alt=match l { Locale::Vi => format!("Mã QR truy xuất dẫn tới {trace_url}"), Locale::En => format!("Traceability QR code linking to {trace_url}") }/>
                    <figcaption>
                        <span class="muted">{trace_url.clone()}</span>
                        <br/>
                        {l.pick("In lên bao bì: ", "Print on packaging: ")}
                        <a href=format!("/qr/{code}.svg") download=format!("qr-{code}.svg")>"SVG"</a> " · "
                        <a href=format!("/qr/{code}.png") download=format!("qr-{code}.png")>"PNG"</a>
                    </figcaption>
                </figure>
            </div>
        </section>
    }
    .into_any()
}
