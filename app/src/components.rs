//! Small components shared by every feature: the header and footer, star
//! badges, pictures, the page's SEO tags, and the error box.

use crate::i18n::{use_locale, Locale};
use crate::media::Picture;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_location;

/// An amount of đồng as shoppers read it, "85.000 ₫".
pub fn format_money(dong: i64) -> String {
    crate::domain::Money::from_dong(dong)
        .map(|m| m.to_string())
        .unwrap_or_default()
}

/// "★★★★☆ OCOP 4 sao" with an accessible label. The stars are a certification
/// grade, not a customer rating, and the text says so.
#[component]
pub fn StarBadge(stars: i16) -> AnyView {
    let l = use_locale();
    let glyphs = crate::domain::Stars::try_from(i64::from(stars))
        .map(|s| s.glyphs())
        .unwrap_or_default();
    let label = match l {
        Locale::Vi => format!("Chứng nhận OCOP {stars} sao"),
        Locale::En => format!("OCOP certified, {stars} stars"),
    };
    view! {
        <span class=format!("stars stars-{stars}") title=label.clone()>
            <span aria-hidden="true" class="glyphs">{glyphs}</span>
            <span class="visually-hidden">{label.clone()}</span>
            <span aria-hidden="true">{format!(" OCOP {stars}★")}</span>
        </span>
    }
    .into_any()
}

/// A photo in every variant: WebP for browsers that take it, JPEG otherwise;
/// lazy unless it is the first thing on screen.
#[component]
pub fn ResponsivePicture(
    picture: Picture,
    /// The `sizes` attribute: how wide the picture is drawn.
    sizes: &'static str,
    /// Load at once (the main photo of a page) instead of when scrolled to.
    #[prop(optional)]
    eager: bool,
) -> AnyView {
    let (src, width, height) = picture.largest_jpeg();
    view! {
        <picture>
            <source type="image/webp" srcset=picture.srcset("webp") sizes=sizes/>
            <img
                src=src
                srcset=picture.srcset("jpg")
                sizes=sizes
                width=width
                height=height
                alt=picture.alt.clone()
                loading=if eager { "eager" } else { "lazy" }
                decoding="async"
            />
        </picture>
    }
    .into_any()
}

/// The tags that describe a page to search engines and to Zalo and Facebook
/// previews: title, description, canonical link, OpenGraph and Twitter card.
#[component]
pub fn PageMeta(
    /// The page title, without the site name.
    title: String,
    /// One or two sentences.
    description: String,
    /// The canonical address, absolute.
    canonical: String,
    /// An absolute image address for previews.
    #[prop(default = None)]
    image: Option<String>,
    /// "website", "product" or "profile".
    #[prop(default = "website")]
    kind: &'static str,
) -> AnyView {
    let l = use_locale();
    let full_title = format!("{title} — Chợ OCOP");
    let description: String = description.chars().take(300).collect();
    view! {
        <Title text=full_title.clone()/>
        <Meta name="description" content=description.clone()/>
        <Link rel="canonical" href=canonical.clone()/>
        <Link rel="alternate" hreflang="vi" href=canonical.clone()/>
        <Link rel="alternate" hreflang="en" href=format!("{canonical}{}lang=en", if canonical.contains('?') { '&' } else { '?' })/>
        <Meta property="og:site_name" content="Chợ OCOP"/>
        <Meta property="og:type" content=kind/>
        <Meta property="og:title" content=full_title.clone()/>
        <Meta property="og:description" content=description.clone()/>
        <Meta property="og:url" content=canonical/>
        <Meta property="og:locale" content=l.pick("vi_VN", "en_US")/>
        <Meta name="twitter:card" content=if image.is_some() { "summary_large_image" } else { "summary" }/>
        <Meta name="twitter:title" content=full_title/>
        <Meta name="twitter:description" content=description/>
        {image.map(|src| view! {
            <Meta property="og:image" content=src.clone()/>
            <Meta name="twitter:image" content=src/>
        })}
    }
    .into_any()
}

/// Structured data for search engines, safe inside a `<script>` element.
#[component]
pub fn JsonLd(value: serde_json::Value) -> AnyView {
    // "</script>" inside a string would end the element: escape every "<".
    let json = value.to_string().replace('<', "\\u003c");
    view! { <script type="application/ld+json" inner_html=json></script> }.into_any()
}

/// What a page shows when its data could not be loaded. Rendered on the
/// server it answers 500 (so no cache keeps it) and names the request.
#[component]
pub fn ErrorBox() -> AnyView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_error_status(http::StatusCode::INTERNAL_SERVER_ERROR);
    let l = use_locale();
    view! {
        <section class="notice error" role="alert">
            <p>{l.pick("Đã có lỗi xảy ra, vui lòng thử lại sau.", "Something went wrong, please try again later.")}</p>
            <RequestIdNote/>
        </section>
    }
    .into_any()
}

/// "Mã yêu cầu: 3f9a…" on an error page, for the reader to quote when
/// asking for help; the same id is in the server's log lines of the request.
///
/// Only a page rendered by the server knows its request: the id is written
/// there, and hydration keeps the server's text (it does not compare text).
/// Rendered in the browser (after a client-side navigation) the code is
/// empty and the stylesheet hides the line.
#[component]
pub fn RequestIdNote() -> AnyView {
    let l = use_locale();
    #[cfg(feature = "ssr")]
    let id = crate::ssr::request_id().unwrap_or_else(|| "-".to_owned());
    #[cfg(not(feature = "ssr"))]
    let id = String::new();
    view! {
        <p class="request-id muted">{l.pick("Mã yêu cầu: ", "Request id: ")}<code>{id}</code></p>
    }
    .into_any()
}

/// "Loading…" while a page's data arrives after a client-side navigation.
#[component]
pub fn Loading() -> AnyView {
    let l = use_locale();
    view! { <p class="muted loading" role="status">{l.pick("Đang tải…", "Loading…")}</p> }
        .into_any()
}

/// The search box lives with search; every page uses it.
pub use crate::search::SearchBox;

/// The site header on every page: brand, main links, search, language switch.
#[component]
pub fn SiteHeader() -> AnyView {
    let l = use_locale();
    let location = use_location();
    // The switch reloads the page in the other language; the server remembers
    // the choice in a cookie.
    let switch_href = move || {
        let other = l.other().code();
        let kept: Vec<String> = location
            .query
            .get()
            .into_iter()
            .filter(|(k, _)| k != "lang")
            .map(|(k, v)| format!("{k}={}", crate::catalog::encode_component(&v)))
            .collect();
        let mut query = kept.join("&");
        if !query.is_empty() {
            query.push('&');
        }
        format!("{}?{query}lang={other}", location.pathname.get())
    };
    view! {
        <a class="skip-link" href="#main">{l.pick("Bỏ qua, tới nội dung chính", "Skip to main content")}</a>
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/" aria-label=l.pick("Chợ OCOP, trang chủ", "Chợ OCOP, home")>
                    <img src="/favicon.svg" width="32" height="32" alt=""/>
                    <span>"Chợ OCOP"</span>
                </a>
                <nav aria-label=l.pick("Chính", "Main")>
                    <a href="/san-pham">{l.pick("Sản phẩm", "Products")}</a>
                    <a href="/#nhom">{l.pick("Nhóm", "Groups")}</a>
                    <a href="/#tinh">{l.pick("Tỉnh thành", "Provinces")}</a>
                    <a href="/gio-hang" class="cart-link">{l.pick("Giỏ hàng", "Cart")}</a>
                    <a href="/tai-khoan/don-hang">{l.pick("Đơn hàng", "Orders")}</a>
                </nav>
                <a class="lang-switch" href=switch_href rel="external" hreflang=l.other().code() lang=l.other().code()>
                    {l.other().native_name()}
                </a>
            </div>
            <SearchBox suggest=true/>
        </header>
    }
    .into_any()
}

/// The site footer on every page.
#[component]
pub fn SiteFooter() -> AnyView {
    let l = use_locale();
    view! {
        <footer class="site-footer">
            <nav aria-label=l.pick("Chương trình OCOP", "The OCOP programme")>
                <a href="/bao-cao">{l.pick("Báo cáo thực hiện kế hoạch OCOP", "OCOP plan reports")}</a>
                " · "<a href="/diem-ban">{l.pick("Điểm bán OCOP", "OCOP sales points")}</a>
                " · "<a href="/ban-do">{l.pick("Bản đồ số OCOP", "OCOP digital map")}</a>
            </nav>
            <p>{l.pick(
                "Chợ OCOP — sàn giao dịch sản phẩm OCOP (Chương trình Mỗi xã một sản phẩm). Sao OCOP là hạng chứng nhận của Hội đồng đánh giá, không phải điểm đánh giá của người mua.",
                "Chợ OCOP — the marketplace of the OCOP programme (One Commune One Product). OCOP stars are a certification grade awarded by an evaluation council, not a customer rating.",
            )}</p>
            <p class="muted">{l.pick(
                "Giờ hiển thị theo giờ Việt Nam (UTC+7). Dữ liệu đơn vị hành chính: thanglequoc/vietnamese-provinces-database (MIT).",
                "Times are Vietnam time (UTC+7). Administrative units: thanglequoc/vietnamese-provinces-database (MIT).",
            )}</p>
        </footer>
    }
    .into_any()
}
