//! `/gioi-thieu`: what Chợ OCOP is and who operates it, with its policies.

use super::operator::{facts, use_operator};
use super::types::POLICY_SLUGS;
use crate::components::PageTitle;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;

/// The policies' names for the links (the pages carry the full titles).
fn policy_name(slug: &str, l: Locale) -> &'static str {
    match slug {
        "quy-che-hoat-dong" => l.pick("Quy chế hoạt động", "Operating rules"),
        "bao-mat" => l.pick("Chính sách bảo mật thông tin cá nhân", "Privacy notice"),
        "doi-tra-hoan-tien" => l.pick("Đổi trả và hoàn tiền", "Returns and refunds"),
        "van-chuyen" => l.pick("Vận chuyển và giao nhận", "Shipping and delivery"),
        "giai-quyet-khieu-nai" => l.pick("Giải quyết khiếu nại", "Complaint handling"),
        "bao-mat-thanh-toan" => l.pick("Bảo mật thanh toán", "Payment security"),
        _ => "",
    }
}

/// Links to every policy, for the footer and this page.
#[component]
pub fn PolicyLinks() -> AnyView {
    let l = use_locale();
    view! {
        <nav class="policy-links" aria-label=l.pick("Chính sách", "Policies")>
            <a href="/gioi-thieu">{l.pick("Giới thiệu", "About")}</a>
            {POLICY_SLUGS.iter().map(|slug| view! {
                " · "<a href=format!("/chinh-sach/{slug}")>{policy_name(slug, l)}</a>
            }).collect_view()}
        </nav>
    }
    .into_any()
}

/// `/gioi-thieu`.
#[component]
pub fn AboutPage() -> AnyView {
    let l = use_locale();
    let operator = use_operator();
    let fact = move |label_vi: &'static str, label_en: &'static str, value: String| {
        let value = value.trim().to_owned();
        let shown = if value.is_empty() {
            l.pick("(chưa khai báo)", "(not configured)").to_owned()
        } else {
            value
        };
        view! { <dt>{l.pick(label_vi, label_en)}</dt><dd>{shown}</dd> }
    };
    view! {
        <PageTitle text=l.pick("Giới thiệu Chợ OCOP", "About Chợ OCOP")/>
        <article class="about">
            <h1>{l.pick("Giới thiệu Chợ OCOP", "About Chợ OCOP")}</h1>
            <p>{l.pick(
                "Chợ OCOP là sàn giao dịch thương mại điện tử dành cho sản phẩm của Chương trình Mỗi xã một sản phẩm (OCOP). Người bán là chính các chủ thể OCOP (hợp tác xã, doanh nghiệp, hộ kinh doanh) có sản phẩm được chứng nhận; mỗi chủ thể có một gian hàng số, và mỗi đơn hàng là hợp đồng mua bán giữa người mua và chủ thể đó.",
                "Chợ OCOP is an e-commerce marketplace for the products of the One Commune One Product (OCOP) programme. The sellers are the OCOP producers themselves (cooperatives, companies, household businesses) with certified products; each has a digital stall, and each order is a contract of sale between the buyer and that producer.",
            )}</p>
            <p>{l.pick(
                "Cán bộ Sở Công Thương và các cơ quan quản lý Chương trình OCOP của từng địa bàn cập nhật chứng nhận, điểm bán, hội chợ và phiên livestream, và theo dõi việc thực hiện kế hoạch OCOP của địa phương.",
                "Officers of the provincial Departments of Industry and Trade and the OCOP programme offices keep the certifications, sales points, fairs and livestreams of their areas up to date, and follow their area's OCOP plan.",
            )}</p>
            <h2>{l.pick("Đơn vị vận hành", "Operator")}</h2>
            <dl class="operator-card">
                {fact("Tên đơn vị", "Name", operator.name.clone())}
                {facts(&operator)
                    .into_iter()
                    .map(|(vi, en, value)| fact(vi, en, value))
                    .collect_view()}
            </dl>
            {operator.registration_link().map(|href| view! {
                <p><a class="moit-badge" href=href.to_owned() rel="external noopener">
                    {l.pick("Xác nhận đăng ký với Bộ Công Thương", "Registration confirmed by the Ministry of Industry and Trade")}
                </a></p>
            })}
            <h2>{l.pick("Chính sách và quy chế", "Policies and rules")}</h2>
            <ul>
                {POLICY_SLUGS.iter().map(|slug| view! {
                    <li><a href=format!("/chinh-sach/{slug}")>{policy_name(slug, l)}</a></li>
                }).collect_view()}
            </ul>
        </article>
    }
    .into_any()
}
