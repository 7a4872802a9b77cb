//! The first storefront pages: the home page's certified products and a product
//! page with its story and certification.

use super::server_fns::{get_home_products, get_product_page};
use super::types::{CertificationInfo, ProductDetail, ProductSummary};
use crate::components::{ErrorBox, StarBadge};
use crate::domain::Money;
use crate::i18n::Locale;
use crate::time::format_date;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

fn money(dong: i64) -> String {
    Money::from_dong(dong)
        .map(|m| m.to_string())
        .unwrap_or_default()
}

/// Home: what OCOP is, then the certified products, best rated first.
#[component]
pub fn HomePage() -> impl IntoView {
    let products = Resource::new(|| (), |_| get_home_products(1));
    let locale = Locale::Vi;
    view! {
        <Title text="Chợ OCOP — đặc sản địa phương được chứng nhận OCOP"/>
        <Meta name="description" content="Mua đặc sản OCOP được chứng nhận 3-5 sao trực tiếp từ hợp tác xã và hộ sản xuất trên cả nước."/>
        <section class="hero">
            <h1>"Chợ OCOP"</h1>
            <p>{locale.pick(
                "Mỗi xã một sản phẩm: đặc sản địa phương đã được chứng nhận OCOP 3 đến 5 sao, mua trực tiếp từ người làm ra chúng.",
                "One Commune One Product: certified local specialties, bought straight from the people who make them.",
            )}</p>
        </section>
        <section aria-labelledby="featured">
            <h2 id="featured">"Sản phẩm OCOP đang được chứng nhận"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Đang tải…"</p> }>
                {move || products.get().map(|r| match r {
                    Ok(list) => view! {
                        <p class="muted">{format!("{} sản phẩm còn hiệu lực chứng nhận", list.total)}</p>
                        <ul class="product-grid">
                            {list.items.into_iter().map(|p| view! { <ProductCard product=p/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// One product in a grid.
#[component]
fn ProductCard(product: ProductSummary) -> impl IntoView {
    let href = format!("/san-pham/{}", product.slug);
    let in_stock = product.stock > 0;
    view! {
        <li class="product-card">
            <a href=href>
                <h3>{product.name}</h3>
            </a>
            <StarBadge stars=product.stars/>
            <p class="price">{money(product.price_vnd)} <span class="unit">" / " {product.unit}</span></p>
            <p class="producer">{product.producer_name}</p>
            <p class="province">{product.province}</p>
            {(!in_stock).then(|| view! { <p class="stock-out">"Tạm hết hàng"</p> })}
        </li>
    }
}

/// A product: certification first, then the story, then its producer.
#[component]
pub fn ProductPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let product = Resource::new(slug, get_product_page);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Đang tải…"</p> }>
            {move || product.get().map(|r| match r {
                Ok(Some(p)) => view! { <ProductView product=p/> }.into_any(),
                Ok(None) => view! {
                    <Title text="Không tìm thấy sản phẩm — Chợ OCOP"/>
                    <section class="notice">
                        <h1>"Không tìm thấy sản phẩm"</h1>
                        <p>"Sản phẩm này không có hoặc đã ngừng bán. " <a href="/">"Về trang chủ"</a></p>
                    </section>
                }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ProductView(product: ProductDetail) -> impl IntoView {
    let can_buy = product.can_buy();
    let price = product.price_vnd;
    let stock = product.stock;
    let title = format!("{} — Chợ OCOP", product.name);
    let description = product.description.clone();
    let producer = product.producer.clone();
    view! {
        <Title text=title/>
        <Meta name="description" content=description/>
        <article class="product">
            <header>
                <p class="breadcrumb"><a href="/">"Trang chủ"</a> " › " {product.group_name.clone()}</p>
                <h1>{product.name.clone()}</h1>
                <p class="muted">{format!("Mã sản phẩm {}", product.code)}</p>
            </header>
            <CertificationBox certification=product.certification.clone()/>
            <section class="buy">
                <p class="price">{money(price)} <span class="unit">" / " {product.unit.clone()}</span></p>
                <p>{if stock > 0 { format!("Còn {stock} sản phẩm") } else { "Tạm hết hàng".to_string() }}</p>
                {can_buy.then(|| view! { <QuantityEstimate price=price stock=stock/> })}
            </section>
            <section class="story">
                <h2>"Câu chuyện sản phẩm"</h2>
                {match product.story_html.clone() {
                    Some(html) if !html.is_empty() => view! { <div class="story-body" inner_html=html></div> }.into_any(),
                    _ => view! { <p class="muted">"Chủ thể chưa kể câu chuyện của sản phẩm này."</p> }.into_any(),
                }}
                <p>{product.description.clone()}</p>
            </section>
            <section class="producer-card">
                <h2>"Chủ thể sản xuất"</h2>
                <p><strong>{producer.name}</strong></p>
                <p>{producer_kind(&producer.kind)} " · " {producer.commune} ", " {producer.province}</p>
                {producer.women_led.then(|| view! { <p class="tag">"Do phụ nữ làm chủ"</p> })}
                {producer.ethnic_minority_led.then(|| view! { <p class="tag">"Do người dân tộc thiểu số làm chủ"</p> })}
                {product.traceable.then(|| view! { <p class="tag">"Có thông tin truy xuất nguồn gốc"</p> })}
            </section>
        </article>
    }
}

fn producer_kind(kind: &str) -> &'static str {
    match kind {
        "cooperative" => "Hợp tác xã",
        "sme" => "Doanh nghiệp nhỏ và vừa",
        "household" => "Hộ kinh doanh",
        "coop_group" => "Tổ hợp tác",
        _ => "Chủ thể khác",
    }
}

#[component]
fn CertificationBox(certification: Option<CertificationInfo>) -> impl IntoView {
    match certification {
        Some(c) if c.valid => view! {
            <section class="certification valid">
                <h2>"Chứng nhận OCOP"</h2>
                <StarBadge stars=c.stars/>
                <dl>
                    <dt>"Quyết định"</dt><dd>{format!("{} ngày {}", c.decision_no, format_date(c.decided_on))}</dd>
                    <dt>"Cấp"</dt><dd>{if c.level == "national" { "Trung ương" } else { "Tỉnh" }}</dd>
                    <dt>"Điểm"</dt><dd>{c.score}</dd>
                    <dt>"Hiệu lực đến"</dt><dd>{format_date(c.expires_on - chrono::Days::new(1))}</dd>
                </dl>
            </section>
        }.into_any(),
        Some(c) => view! {
            <section class="certification lapsed" role="status">
                <h2>"Chứng nhận OCOP đã hết hiệu lực"</h2>
                <p>{format!(
                    "Chứng nhận {} sao theo quyết định {} đã hết hiệu lực từ ngày {}. Sản phẩm tạm thời không bán trên Chợ OCOP.",
                    c.stars, c.decision_no, format_date(c.expires_on)
                )}</p>
            </section>
        }.into_any(),
        None => view! {
            <section class="certification lapsed" role="status">
                <h2>"Chưa có chứng nhận OCOP"</h2>
            </section>
        }.into_any(),
    }
}

/// Quantity picker with a running total: the page's interactive control, live
/// once hydrated; without JavaScript the page still shows the unit price.
#[component]
fn QuantityEstimate(price: i64, stock: i64) -> impl IntoView {
    let max = stock.clamp(1, 99);
    let (quantity, set_quantity) = signal(1i64);
    let total = move || money(price.saturating_mul(quantity.get()));
    view! {
        <div class="quantity" data-testid="quantity">
            <button type="button" aria-label="Bớt một" on:click=move |_| set_quantity.update(|q| *q = (*q - 1).max(1))>"−"</button>
            <output aria-live="polite" data-testid="quantity-value">{move || quantity.get()}</output>
            <button type="button" aria-label="Thêm một" on:click=move |_| set_quantity.update(|q| *q = (*q + 1).min(max))>"+"</button>
            <p>"Tạm tính: " <strong data-testid="quantity-total">{total}</strong></p>
        </div>
    }
}
