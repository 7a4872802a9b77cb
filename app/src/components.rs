//! Small components shared by every feature: the header and footer, star
//! badges, pictures, the page's SEO tags, and the error box.

use crate::i18n::{use_locale, Locale};
use crate::media::Picture;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

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

/// The page's `<title>`: the only way a page names itself. leptos_meta
/// writes a title's text into the server-rendered `<head>` as it is, so here
/// it is escaped first with the function Leptos escapes every other text
/// node with (`html_escape::encode_text`): a product or event called
/// `</title><meta http-equiv=refresh …>` stays text. In the browser the text
/// goes to `document.title`, which takes it as plain text, unescaped.
#[component]
pub fn PageTitle(
    /// The whole title, as the reader should see it.
    #[prop(into)]
    text: String,
) -> AnyView {
    #[cfg(feature = "ssr")]
    let text = html_escape::encode_text(&text).into_owned();
    view! { <Title text/> }.into_any()
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
        <PageTitle text=full_title.clone()/>
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

/// How long something has waited (a report, an application), in hours (in
/// days past two), and, while it still `waits`, whether it is past its
/// target, in the reader's language.
pub fn waiting_label(hours: i64, waits: bool, target_hours: i64, l: Locale) -> String {
    let text = match l {
        Locale::Vi if hours < 48 => format!("{hours} giờ"),
        Locale::Vi => format!("{} ngày", hours / 24),
        Locale::En if hours < 48 => format!("{hours} h"),
        Locale::En => format!("{} days", hours / 24),
    };
    match (waits && hours >= target_hours, l) {
        (true, Locale::Vi) => format!("{text} — quá hạn {target_hours} giờ"),
        (true, Locale::En) => format!("{text} — past the {target_hours}-hour target"),
        (false, _) => text,
    }
}

/// The number in the address's `key` (a "sent" page shows the number of
/// what was sent), when it is one.
pub fn number_in_query(key: &'static str) -> impl Fn() -> Option<String> + Copy {
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .read()
            .get(key)
            .filter(|n| !n.is_empty() && n.len() <= 12 && n.bytes().all(|b| b.is_ascii_digit()))
    }
}

/// The pager under a list shown newest first: links to the newer and older
/// pages (`link(n)` is page `n`'s address) around "page / pages".
pub fn newest_first_pager(
    page: u64,
    total: u64,
    limit: u64,
    link: impl Fn(u64) -> String,
) -> AnyView {
    let l = use_locale();
    let pages = total.div_ceil(limit.max(1)).max(1);
    let previous = (page > 1).then(|| link(page - 1));
    let next = (page < pages).then(|| link(page + 1));
    view! {
        <nav class="pager" aria-label=l.pick("Trang", "Pages")>
            {previous.map(|href| view! { <a href=href rel="prev">{l.pick("← Mới hơn", "← Newer")}</a> })}
            <span>{format!("{page} / {pages}")}</span>
            {next.map(|href| view! { <a href=href rel="next">{l.pick("Cũ hơn →", "Older →")}</a> })}
        </nav>
    }
    .into_any()
}

/// The name of a wide table's scrolling box (`<div class="table-scroll"
/// tabindex="0" role="region" aria-label=…>`): focusable, a keyboard can
/// scroll it sideways on a phone, and a screen reader says what it is.
pub fn scroll_label(l: Locale) -> &'static str {
    l.pick(
        "Bảng, kéo ngang để xem hết",
        "Table, scroll sideways for more",
    )
}
