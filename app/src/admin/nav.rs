//! What every console page shares: its menu, and whom the pages are for.

use crate::i18n::use_locale;
use leptos::prelude::*;

/// The console's pages: (path, Vietnamese, English).
const PAGES: [(&str, &str, &str); 6] = [
    ("/quan-tri", "Tổng quan", "Overview"),
    ("/quan-tri/tai-khoan", "Tài khoản", "Accounts"),
    ("/quan-tri/ke-hoach", "Kế hoạch", "Plans"),
    (
        "/quan-tri/thong-ke-nam",
        "Thống kê năm",
        "Annual statistics",
    ),
    ("/can-bo/kiem-duyet", "Kiểm duyệt", "Moderation"),
    ("/quan-tri/nhat-ky", "Nhật ký", "Audit log"),
];

/// The console's menu; `current` is the path of the page shown.
#[component]
pub fn AdminNav(current: &'static str) -> AnyView {
    let l = use_locale();
    view! {
        <nav class="stall-nav" aria-label=l.pick("Quản trị", "Administration")>
            {PAGES.iter().map(|(path, vi, en)| view! {
                <a href=*path aria-current=(*path == current).then_some("page")>{l.pick(vi, en)}</a>
            }).collect_view()}
        </nav>
    }
    .into_any()
}

/// What a console page tells anyone but an administrator.
pub fn for_admins() -> (&'static str, &'static str) {
    (
        "Trang này dành cho quản trị viên.",
        "This page is for administrators.",
    )
}
