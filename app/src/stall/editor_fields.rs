//! The product's fields and the story field with its live preview: the
//! editor's main form, the new-product form, and (the story) the profile.

use super::product_fns::preview_story;
use super::types::ProductEditor;
use crate::forms::{field_problem, FormError};
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The product's fields (name, group, unit, price, stock, description,
/// origin, story with its live preview, raw-material area), for a new
/// product or filled from `editor`.
#[component]
pub fn ProductFields(
    groups: Vec<(i16, String, String)>,
    error: Signal<Option<FormError>>,
    editor: Option<ProductEditor>,
) -> AnyView {
    let l = use_locale();
    let e = editor.clone();
    let value = move |f: fn(&ProductEditor) -> String| e.as_ref().map(f).unwrap_or_default();
    let group = editor.as_ref().map(|e| e.group);
    let problem = move |field: &'static str| field_problem(error, field);
    let story = value(|e| e.story.clone());
    let story_html = value(|e| e.story_html.clone());
    view! {
        <div class="field">
            <label for="name">{l.pick("Tên sản phẩm", "Product name")}</label>
            <input id="name" name="name" required maxlength="200" value=value(|e| e.row.name.clone())/>
            {problem("name")}
        </div>
        <div class="field">
            <label for="group">{l.pick("Nhóm sản phẩm OCOP", "OCOP product group")}</label>
            <select id="group" name="group" required>
                <option value="">{l.pick("— Chọn nhóm —", "— Choose —")}</option>
                {groups.into_iter().map(|(id, vi, en)| view! {
                    <option value=id.to_string() selected=group == Some(id)>{format!("{id}. {}", l.pick(&vi, &en))}</option>
                }).collect_view()}
            </select>
            {problem("group")}
        </div>
        <div class="field-row">
            <div class="field">
                <label for="unit">{l.pick("Đơn vị bán", "Selling unit")}</label>
                <input id="unit" name="unit" required maxlength="50" placeholder=l.pick("hộp 400g", "box of 400 g") value=value(|e| e.unit.clone())/>
                {problem("unit")}
            </div>
            <div class="field">
                <label for="price_vnd">{l.pick("Giá (đồng)", "Price (đồng)")}</label>
                <input id="price_vnd" name="price_vnd" required inputmode="numeric" value=value(|e| e.row.price_vnd.to_string())/>
                {problem("price_vnd")}
            </div>
            <div class="field">
                <label for="stock">{l.pick("Tồn kho", "Stock")}</label>
                <input id="stock" name="stock" required inputmode="numeric" value=value(|e| e.row.stock.to_string())/>
                {problem("stock")}
            </div>
        </div>
        <div class="field">
            <label for="description">{l.pick("Mô tả ngắn", "Short description")}</label>
            <textarea id="description" name="description" rows="3" maxlength="5000">{value(|e| e.description.clone())}</textarea>
            {problem("description")}
        </div>
        <div class="field">
            <label for="origin">{l.pick("Xuất xứ", "Origin")}</label>
            <input id="origin" name="origin" maxlength="200" value=value(|e| e.origin.clone())/>
            {problem("origin")}
        </div>
        <StoryField label=l.pick("Câu chuyện sản phẩm", "The product's story") source=story html=story_html error/>
        <fieldset>
            <legend>{l.pick("Vùng nguyên liệu (truy xuất nguồn gốc)", "Raw-material area (traceability)")}</legend>
            <div class="field">
                <label for="area_name">{l.pick("Tên vùng", "Area")}</label>
                <input id="area_name" name="area_name" maxlength="200" value=value(|e| e.raw_area.name.clone())/>
                {problem("area_name")}
            </div>
            <div class="field">
                <label for="area_ha">{l.pick("Diện tích (ha)", "Size (ha)")}</label>
                <input id="area_ha" name="area_ha" inputmode="decimal" value=value(|e| e.raw_area.area_ha.clone())/>
                {problem("area_ha")}
            </div>
            <div class="field">
                <label for="area_description">{l.pick("Mô tả vùng", "About the area")}</label>
                <textarea id="area_description" name="area_description" rows="2" maxlength="2000">{value(|e| e.raw_area.description.clone())}</textarea>
            </div>
        </fieldset>
    }
    .into_any()
}

/// A story's Markdown with a short guide and a live preview rendered by
/// the server's own sanitiser (the saved story shows without JavaScript).
#[component]
pub fn StoryField(
    label: &'static str,
    source: String,
    html: String,
    error: Signal<Option<FormError>>,
) -> AnyView {
    let l = use_locale();
    let preview = RwSignal::new(html);
    let typed = RwSignal::new(0u32);
    let on_story = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let ticket = typed.get_untracked().wrapping_add(1);
        typed.set(ticket);
        set_timeout(
            move || {
                if typed.get_untracked() == ticket {
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = preview_story(text).await {
                            if typed.get_untracked() == ticket {
                                preview.set(html);
                            }
                        }
                    });
                }
            },
            std::time::Duration::from_millis(300),
        );
    };
    view! {
        <div class="field story-field">
            <label for="story">{label}</label>
            <p class="hint" id="story-hint">{l.pick(
                "Viết như tin nhắn. Dòng trống để sang đoạn mới; **chữ đậm**, _chữ nghiêng_, dòng bắt đầu bằng \"- \" thành danh sách, \"## \" thành tiêu đề nhỏ, [chữ](https://...) thành liên kết.",
                "Write as in a message. A blank line starts a new paragraph; **bold**, _italics_, lines starting with \"- \" make a list, \"## \" a small heading, [text](https://...) a link.",
            )}</p>
            <textarea id="story" name="story" rows="10" maxlength="10000" aria-describedby="story-hint" on:input=on_story>{source}</textarea>
            {field_problem(error, "story")}
            <p class="hint">{l.pick("Người mua sẽ thấy:", "Shoppers will see:")}</p>
            <div class="story-preview prose" aria-live="polite" inner_html=move || preview.get()></div>
        </div>
    }
    .into_any()
}
