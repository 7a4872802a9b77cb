//! `/quan-ly/san-pham`: the stall's products with stock, price, state and
//! what keeps each from shoppers; `/quan-ly/san-pham/moi`: a new product.

use super::editor_fields::ProductFields;
use super::nav::{with_access, StallNav};
use super::product_fns::{get_groups, get_stall_products, CreateProduct};
use super::types::ProductRow;
use crate::components::{format_money, ErrorBox, Loading, PageTitle, ResponsivePicture};
use crate::forms::failure;
use crate::forms::{CsrfField, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;

/// The list page.
#[component]
pub fn StallProductsPage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_stall_products());
    view! {
        <PageTitle text=l.pick("Sản phẩm của gian hàng — Chợ OCOP", "Stall products — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/san-pham"/>
        <section class="stall-products" aria-labelledby="sp-gian-hang">
            <h1 id="sp-gian-hang">{l.pick("Sản phẩm", "Products")}</h1>
            <p><a class="button" href="/quan-ly/san-pham/moi">{l.pick("+ Thêm sản phẩm", "+ Add a product")}</a></p>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-ly/san-pham".into(), |rows| view! { <ProductTable rows editable=true/> }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// Where a product stands, in words.
pub fn state_words(row: &ProductRow, l: Locale) -> &'static str {
    match (row.published, row.visible()) {
        (true, true) => l.pick("Đang bán", "On sale"),
        (true, false) => l.pick(
            "Đã bật bán, chờ chứng nhận",
            "Published, awaiting certification",
        ),
        (false, _) => l.pick("Chưa bán", "Not on sale"),
    }
}

/// The products with their state; `editable` links each to its editor
/// (the member's own stall), else to its public page when shown.
#[component]
pub fn ProductTable(rows: Vec<ProductRow>, editable: bool) -> AnyView {
    let l = use_locale();
    if rows.is_empty() {
        return view! {
            <p class="muted">{l.pick("Gian hàng chưa có sản phẩm nào.", "The stall has no products yet.")}</p>
        }
        .into_any();
    }
    view! {
        <ul class="stall-product-list">
            {rows.into_iter().map(|row| {
                let state = state_words(&row, l);
                let cert = match &row.certification {
                    Some(c) if c.valid => match l {
                        Locale::Vi => format!("{} sao, hiệu lực đến {}", c.stars, format_date(c.valid_until.pred_opt().unwrap_or(c.valid_until))),
                        Locale::En => format!("{} stars, valid until {}", c.stars, format_date(c.valid_until.pred_opt().unwrap_or(c.valid_until))),
                    },
                    Some(c) => match l {
                        Locale::Vi => format!("Chứng nhận {} sao đã hết hạn {}", c.stars, format_date(c.valid_until)),
                        Locale::En => format!("{}-star certification lapsed {}", c.stars, format_date(c.valid_until)),
                    },
                    None => l.pick("Chưa chứng nhận OCOP", "Not OCOP-certified yet").to_owned(),
                };
                let expiring = row.certification.as_ref().is_some_and(|c| c.expiring);
                let missing = row.missing.iter().map(|m| l.pick(m.words().0, m.words().1)).collect::<Vec<_>>().join(", ");
                view! {
                    <li class="stall-product">
                        <div class="thumb">{row.photo.clone().map(|picture| view! { <ResponsivePicture picture sizes="80px"/> })}</div>
                        <div>
                            {if editable {
                                view! { <a href=format!("/quan-ly/san-pham/{}", row.code)><strong>{row.name.clone()}</strong></a> }.into_any()
                            } else {
                                view! { <strong>{row.name.clone()}</strong> }.into_any()
                            }}
                            <span class="muted"> {row.code.clone()}</span>
                            <p>
                                <span class=if row.visible() { "state on" } else { "state off" }>{state}</span>
                                " · " {format_money(row.price_vnd)}
                                " · " {match l { Locale::Vi => format!("còn {}", row.stock), Locale::En => format!("{} in stock", row.stock) }}
                            </p>
                            <p class=if expiring { "cert expiring" } else { "cert" }>{cert}</p>
                            {(!row.missing.is_empty()).then(|| view! {
                                <p class="missing">{l.pick("Còn thiếu: ", "Missing: ")}{missing}</p>
                            })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The new-product page.
#[component]
pub fn NewProductPage() -> AnyView {
    let l = use_locale();
    let create = ServerAction::<CreateProduct>::new();
    let groups = Resource::new(|| (), |_| get_groups());
    let error = failure(create.value());
    // With JavaScript the answer is the editor's address: go there.
    Effect::new(move |_| {
        if let Some(Ok(path)) = create.value().get() {
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&path, Default::default());
        }
    });
    view! {
        <PageTitle text=l.pick("Thêm sản phẩm — Chợ OCOP", "Add a product — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/san-pham"/>
        <section class="stall-editor" aria-labelledby="sp-moi">
            <h1 id="sp-moi">{l.pick("Thêm sản phẩm", "Add a product")}</h1>
            <p class="muted">{l.pick(
                "Sau khi lưu, bạn thêm ảnh và bật bán. Sản phẩm hiện với người mua khi có chứng nhận OCOP còn hiệu lực (cán bộ OCOP ghi nhận).",
                "After saving, add photos and publish. Shoppers see the product once it has a valid OCOP certification (recorded by OCOP officers).",
            )}</p>
            <FormProblem error with_fields=false/>
            <Suspense fallback=Loading>
                {move || groups.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-ly/san-pham/moi".into(), |groups| view! {
                        <ActionForm action=create>
                            <CsrfField/>
                            <ProductFields groups error editor=None/>
                            <button type="submit" class="button">{l.pick("Lưu sản phẩm", "Save the product")}</button>
                        </ActionForm>
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
