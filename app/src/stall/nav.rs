//! The stall's own navigation: one row of links between the producer's
//! pages, the current one marked for screen readers and the eye.

use crate::i18n::use_locale;
use leptos::prelude::*;

/// The stall's pages: address, Vietnamese and English names.
const PAGES: [(&str, &str, &str); 6] = [
    ("/quan-ly", "Tổng quan", "Overview"),
    ("/quan-ly/san-pham", "Sản phẩm", "Products"),
    ("/quan-ly/don-hang", "Đơn hàng", "Orders"),
    ("/quan-ly/su-kien", "Sự kiện", "Events"),
    ("/quan-ly/so-lieu", "Số liệu", "Numbers"),
    ("/quan-ly/gian-hang", "Gian hàng", "Stall"),
];

/// Links to every stall page; `current` is the address of the page showing
/// it (`"/quan-ly/don-hang"`), which gets `aria-current="page"`.
#[component]
pub fn StallNav(current: &'static str) -> AnyView {
    let l = use_locale();
    view! {
        <nav class="stall-nav" aria-label=l.pick("Quản lý gian hàng", "Stall management")>
            <ul>
                {PAGES.iter().map(|&(href, vi, en)| view! {
                    <li><a href=href aria-current=(href == current).then_some("page")>{l.pick(vi, en)}</a></li>
                }).collect_view()}
            </ul>
        </nav>
    }
    .into_any()
}
