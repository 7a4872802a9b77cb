//! The editor's traceability section: the QR code to print once shoppers
//! can see the product, and the production batches, listed, added, removed.

use super::product_fns::{AddBatch, RemoveBatch};
use super::types::ProductEditor;
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub(super) fn Traceability(
    editor: ProductEditor,
    add: ServerAction<AddBatch>,
    remove: ServerAction<RemoveBatch>,
) -> AnyView {
    let l = use_locale();
    let code = editor.row.code.clone();
    let visible = editor.row.visible();
    let error = failure(add.value());
    let remove_error = failure(remove.value());
    let problem = move |field: &'static str| field_problem(error, field);
    let batches = editor
        .batches
        .clone()
        .into_iter()
        .map(|b| {
            let code = code.clone();
            let text = match (l, b.expires_on) {
                (Locale::Vi, Some(e)) => format!(
                    "sản xuất {}, hạn dùng {}",
                    format_date(b.produced_on),
                    format_date(e)
                ),
                (Locale::Vi, None) => format!("sản xuất {}", format_date(b.produced_on)),
                (Locale::En, Some(e)) => format!(
                    "made {}, best before {}",
                    format_date(b.produced_on),
                    format_date(e)
                ),
                (Locale::En, None) => format!("made {}", format_date(b.produced_on)),
            };
            view! {
                <li>
                    <strong>{b.batch_no.clone()}</strong>" — "{text}
                    {b.quantity.map(|q| format!(" · {q} {}", l.pick("đơn vị", "units")))}
                    <ActionForm action=remove>
                        <CsrfField/>
                        <input type="hidden" name="code" value=code.clone()/>
                        <input type="hidden" name="batch" value=b.id.to_string()/>
                        <button type="submit" class="link-button">{l.pick("Xóa lô", "Remove")}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="traceability" aria-labelledby="truy-xuat">
            <h2 id="truy-xuat">{l.pick("Truy xuất nguồn gốc", "Traceability")}</h2>
            {if visible {
                view! {
                    <div class="qr">
                        <img src=format!("/qr/{code}.svg") width="120" height="120" alt=l.pick("Mã QR truy xuất của sản phẩm", "The product's traceability QR code")/>
                        <p>{l.pick("In mã QR lên bao bì: người mua quét để xem nguồn gốc và các lô.", "Print the QR code on the packaging: shoppers scan it to see the origin and batches.")}</p>
                        <p>
                            <a href=format!("/qr/{code}.png") download=format!("qr-{code}.png")>{l.pick("Tải PNG", "Download PNG")}</a>" · "
                            <a href=format!("/qr/{code}.svg") download=format!("qr-{code}.svg")>{l.pick("Tải SVG (in sắc nét)", "Download SVG (sharp print)")}</a>
                        </p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <p class="hint">{l.pick(
                        "Mã QR truy xuất để in lên bao bì có ở đây khi sản phẩm được hiển thị với người mua.",
                        "The traceability QR code to print on packaging appears here once shoppers can see the product.",
                    )}</p>
                }.into_any()
            }}
            <h3>{l.pick("Lô sản xuất", "Batches")}</h3>
            <FormProblem error=remove_error/>
            {if editor.batches.is_empty() {
                view! { <p class="muted">{l.pick("Chưa có lô nào.", "No batches yet.")}</p> }.into_any()
            } else {
                view! { <ul class="batch-list">{batches}</ul> }.into_any()
            }}
            <FormProblem error with_fields=false/>
            <ActionForm action=add>
                <CsrfField/>
                <input type="hidden" name="code" value=code.clone()/>
                <div class="field-row">
                    <div class="field">
                        <label for="batch_no">{l.pick("Số lô", "Batch number")}</label>
                        <input id="batch_no" name="batch_no" required maxlength="50"/>
                        {problem("batch_no")}
                    </div>
                    <div class="field">
                        <label for="produced_on">{l.pick("Ngày sản xuất", "Produced on")}</label>
                        <input id="produced_on" name="produced_on" type="date" required/>
                        {problem("produced_on")}
                    </div>
                    <div class="field">
                        <label for="expires_on">{l.pick("Hạn dùng", "Best before")}</label>
                        <input id="expires_on" name="expires_on" type="date"/>
                        {problem("expires_on")}
                    </div>
                    <div class="field">
                        <label for="quantity">{l.pick("Số lượng", "Quantity")}</label>
                        <input id="quantity" name="quantity" inputmode="numeric"/>
                        {problem("quantity")}
                    </div>
                </div>
                <button type="submit" class="secondary">{l.pick("Thêm lô", "Add batch")}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
