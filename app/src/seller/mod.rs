//! Who sells on a stall: its legal identity (name, legal form, business
//! registration or tax code, address, phone) and whether the area's officer
//! has verified it. The law asks a marketplace to identify its sellers
//! (Decree 52/2013 as amended by Decree 85/2021, art. 36; the E-commerce Law
//! 2025): the identity is shown in a "Thông tin người bán" block on every
//! stall and product page, and a stall whose identity is not verified cannot
//! put a product on sale. A verified identity is changed only by the officer,
//! who verifies it again in the same step.

use crate::domain::ProducerKind;
use crate::i18n::use_locale;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod rules;

/// A seller's identity as shoppers read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerIdentity {
    /// The registered name.
    pub legal_name: String,
    /// The legal form.
    pub kind: ProducerKind,
    /// Business registration or tax code, once given.
    pub registration_no: Option<String>,
    /// Registered address.
    pub address: String,
    /// Phone.
    pub phone: String,
    /// The verification, when there is one.
    pub verified: Option<Verification>,
}

/// Who verified a seller's identity, and on what day (Vietnam's calendar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The day.
    pub on: NaiveDate,
    /// Who, as shown ("Sở Công Thương Cần Thơ").
    pub by: String,
}

/// The fields of an identity, as typed into a form (checked by
/// `rules::check_identity`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityFields {
    /// Registered name.
    pub legal_name: String,
    /// The legal form's stored word.
    pub kind: String,
    /// Business registration or tax code.
    pub registration_no: String,
    /// Registered address.
    pub address: String,
    /// Phone.
    pub phone: String,
}

/// The "Thông tin người bán" block of the stall and product pages.
#[component]
pub fn SellerBlock(identity: SellerIdentity) -> AnyView {
    let l = use_locale();
    let status = match &identity.verified {
        Some(v) => view! {
            <p class="seller-verified">
                <span aria-hidden="true">"✓ "</span>
                {match l {
                    crate::i18n::Locale::Vi => format!("Đã xác minh ngày {} bởi {}", crate::time::format_date(v.on), v.by),
                    crate::i18n::Locale::En => format!("Verified on {} by {}", crate::time::format_date(v.on), v.by),
                }}
            </p>
        }
        .into_any(),
        None => view! {
            <p class="seller-unverified muted">{l.pick(
                "Thông tin người bán chưa được cán bộ Sở Công Thương xác minh.",
                "The seller's details have not been verified by the provincial Department of Industry and Trade yet.",
            )}</p>
        }
        .into_any(),
    };
    view! {
        <section class="seller-identity" aria-labelledby="thong-tin-nguoi-ban">
            <h2 id="thong-tin-nguoi-ban">{l.pick("Thông tin người bán", "Seller information")}</h2>
            <dl>
                <dt>{l.pick("Tên đăng ký", "Registered name")}</dt><dd>{identity.legal_name.clone()}</dd>
                <dt>{l.pick("Loại hình", "Legal form")}</dt><dd>{identity.kind.label(l)}</dd>
                <dt>{l.pick("Mã số doanh nghiệp / thuế", "Business registration / tax code")}</dt>
                <dd>{identity.registration_no.clone().unwrap_or_else(|| l.pick("Chưa cung cấp", "Not given yet").to_owned())}</dd>
                <dt>{l.pick("Địa chỉ", "Address")}</dt><dd>{identity.address.clone()}</dd>
                <dt>{l.pick("Điện thoại", "Phone")}</dt><dd>{identity.phone.clone()}</dd>
            </dl>
            {status}
        </section>
    }
    .into_any()
}

/// The identity's inputs, filled with `values`, each with its problem from
/// `error`; inside the caller's form.
#[component]
pub fn IdentityInputs(
    values: IdentityFields,
    error: Signal<Option<crate::forms::FormError>>,
) -> AnyView {
    let l = use_locale();
    let problem = move |field: &'static str| crate::forms::field_problem(error, field);
    let input = move |id: &'static str,
                      label: &'static str,
                      value: String,
                      kind: &'static str,
                      hint: Option<&'static str>| {
        let hint_id = format!("{id}-hint");
        view! {
            <div class="field">
                <label for=id>{label}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
                <input id=id name=id type=kind value=value required
                    aria-describedby=hint.map(|_| hint_id.clone())/>
                {problem(id)}
            </div>
        }
    };
    let chosen = ProducerKind::from_name(&values.kind);
    view! {
        {input("legal_name", l.pick("Tên đăng ký (theo giấy đăng ký)", "Registered name (as on the registration)"), values.legal_name, "text", None)}
        <div class="field">
            <label for="kind">{l.pick("Loại hình", "Legal form")}</label>
            <select id="kind" name="kind" required>
                <option value="" selected=chosen.is_none()>{l.pick("— Chọn —", "— Choose —")}</option>
                {ProducerKind::ALL.iter().map(|k| view! {
                    <option value=k.name() selected=chosen == Some(*k)>{k.label(l)}</option>
                }).collect_view()}
            </select>
            {problem("kind")}
        </div>
        {input("registration_no", l.pick("Mã số doanh nghiệp / mã số thuế", "Business registration / tax code"), values.registration_no, "text",
            Some(l.pick("10 chữ số (chi nhánh: thêm -3 chữ số); hộ kinh doanh: số giấy chứng nhận đăng ký hộ kinh doanh.", "10 digits (a branch: add -3 digits); a household business: its registration number.")))}
        {input("address", l.pick("Địa chỉ đăng ký", "Registered address"), values.address, "text", None)}
        {input("phone", l.pick("Điện thoại", "Phone"), values.phone, "tel", None)}
    }
    .into_any()
}
