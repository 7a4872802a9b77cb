//! Small components shared by every feature.

use leptos::prelude::*;

/// "★★★★☆ 4 sao" with an accessible label.
#[component]
pub fn StarBadge(stars: i16) -> impl IntoView {
    let glyphs = crate::domain::Stars::try_from(i64::from(stars))
        .map(|s| s.glyphs())
        .unwrap_or_default();
    view! {
        <span class="stars" aria-label=format!("OCOP {stars} sao")>
            <span aria-hidden="true">{glyphs}</span>
            " " {format!("OCOP {stars} sao")}
        </span>
    }
}

/// What a page shows when its data could not be loaded.
#[component]
pub fn ErrorBox() -> impl IntoView {
    view! {
        <section class="notice error" role="alert">
            <p>"Đã có lỗi xảy ra, vui lòng thử lại sau."</p>
            <p lang="en">"Something went wrong, please try again later."</p>
        </section>
    }
}

/// The site header on every page.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Chợ OCOP"</a>
            <nav aria-label="Chính">
                <a href="/">"Sản phẩm"</a>
            </nav>
        </header>
    }
}

/// The site footer on every page.
#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"Chợ OCOP — sàn giao dịch sản phẩm OCOP (Chương trình Mỗi xã một sản phẩm)."</p>
            <p class="muted">"Dữ liệu đơn vị hành chính: thanglequoc/vietnamese-provinces-database (MIT)."</p>
        </footer>
    }
}
