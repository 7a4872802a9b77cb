//! The frame of every page: the site header (brand, main links, the search
//! box, the language switch) and the footer. It sits above the features
//! whose widgets it shows, so that no shared module depends on a feature.

use crate::i18n::use_locale;
use crate::legal::{OperatorBlock, PolicyLinks};
use crate::search::SearchBox;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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
            .map(|(k, v)| format!("{k}={}", crate::text::encode_component(&v)))
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
                " · "<a href="/dang-ky-gian-hang">{l.pick("Đăng ký mở gian hàng", "Open your stall")}</a>
            </nav>
            <p>{l.pick(
                "Chợ OCOP — sàn giao dịch sản phẩm OCOP (Chương trình Mỗi xã một sản phẩm). Sao OCOP là hạng chứng nhận của Hội đồng đánh giá, không phải điểm đánh giá của người mua.",
                "Chợ OCOP — the marketplace of the OCOP programme (One Commune One Product). OCOP stars are a certification grade awarded by an evaluation council, not a customer rating.",
            )}</p>
            <PolicyLinks/>
            <OperatorBlock/>
            <p class="muted">{l.pick(
                "Giờ hiển thị theo giờ Việt Nam (UTC+7). Dữ liệu đơn vị hành chính: thanglequoc/vietnamese-provinces-database (MIT).",
                "Times are Vietnam time (UTC+7). Administrative units: thanglequoc/vietnamese-provinces-database (MIT).",
            )}</p>
        </footer>
    }
    .into_any()
}
