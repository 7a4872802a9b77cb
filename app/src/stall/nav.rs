//! What every stall page shares: the stall's menu, and what a page shows a
//! visitor who is signed out or not a producer member.

use super::StallAccess;
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The stall's pages: (path, Vietnamese, English).
const PAGES: [(&str, &str, &str); 7] = [
    ("/quan-ly", "Tổng quan", "Overview"),
    ("/quan-ly/san-pham", "Sản phẩm", "Products"),
    ("/quan-ly/don-hang", "Đơn hàng", "Orders"),
    ("/quan-ly/su-kien", "Sự kiện", "Events"),
    ("/quan-ly/so-lieu", "Số liệu", "Numbers"),
    ("/quan-ly/gian-hang", "Gian hàng", "Stall profile"),
    ("/quan-ly/kiem-duyet", "Báo cáo vi phạm", "Reports"),
];

/// The stall's menu; `current` is the path of the page shown.
#[component]
pub fn StallNav(current: &'static str) -> AnyView {
    let l = use_locale();
    view! {
        <nav class="stall-nav" aria-label=l.pick("Quản lý gian hàng", "Stall management")>
            {PAGES.iter().map(|(path, vi, en)| view! {
                <a href=*path aria-current=(*path == current).then_some("page")>{l.pick(vi, en)}</a>
            }).collect_view()}
        </nav>
    }
    .into_any()
}

/// Renders a stall page's data with `ready`, or asks to sign in (coming
/// back to `next`), or explains the page is for producer members.
pub fn with_access<T>(
    access: StallAccess<T>,
    next: String,
    ready: impl FnOnce(T) -> AnyView,
) -> AnyView {
    crate::accounts::access::with_access(
        access,
        next,
        (
            "Trang này dành cho thành viên của chủ thể OCOP. Cán bộ OCOP mời thành viên qua e-mail.",
            "This page is for members of an OCOP producer. OCOP officers invite members by e-mail.",
        ),
        ready,
    )
}
