//! The editor's photos: each with its description for screen readers, moved
//! earlier or later or removed, and the upload form that takes several files
//! at once or, with JavaScript, files dropped on the section.

use super::product_fns::PhotoStep;
use super::types::ProductEditor;
use crate::components::ResponsivePicture;
use crate::forms::failure;
use crate::forms::{CsrfField, FormProblem};
use crate::i18n::use_locale;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub(super) fn Photos(editor: ProductEditor, action: ServerAction<PhotoStep>) -> AnyView {
    let l = use_locale();
    let code = editor.row.code.clone();
    let error = failure(action.value());
    let count = editor.photos.len();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let upload_form = NodeRef::<leptos::html::Form>::new();
    let dragging = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        #[cfg(feature = "hydrate")]
        drop_files(&ev, file_input, upload_form);
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, file_input, upload_form);
    };
    let photos = editor
        .photos
        .clone()
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let id = p.id.to_string();
            let code = code.clone();
            let (alt_code, alt_photo) = (code.clone(), id.clone());
            let step = move |name: &'static str, label: &'static str, enabled: bool| {
                let (code, id) = (code.clone(), id.clone());
                view! {
                    <ActionForm action>
                        <CsrfField/>
                        <input type="hidden" name="code" value=code/>
                        <input type="hidden" name="photo" value=id/>
                        <input type="hidden" name="action" value=name/>
                        <button type="submit" class="secondary" disabled=!enabled>{label}</button>
                    </ActionForm>
                }
            };
            let alt_id = format!("alt-{}", p.id);
            view! {
                <li class="photo-row">
                    <ResponsivePicture picture=p.picture.clone() sizes="120px"/>
                    <div>
                        <ActionForm action>
                            <CsrfField/>
                            <input type="hidden" name="code" value=alt_code/>
                            <input type="hidden" name="photo" value=alt_photo/>
                            <input type="hidden" name="action" value="alt"/>
                            <label for=alt_id.clone()>{l.pick("Mô tả ảnh (cho người khiếm thị)", "Photo description (for screen readers)")}</label>
                            <input id=alt_id name="alt" value=p.picture.alt.clone() required maxlength="200"/>
                            <button type="submit" class="secondary">{l.pick("Lưu mô tả", "Save description")}</button>
                        </ActionForm>
                        <div class="step-buttons">
                            {step("earlier", l.pick("↑ Lên trước", "↑ Earlier"), i > 0)}
                            {step("later", l.pick("↓ Xuống sau", "↓ Later"), i + 1 < count)}
                            {step("remove", l.pick("Xóa ảnh", "Remove"), true)}
                        </div>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="photos" aria-labelledby="anh-sp"
            on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <h2 id="anh-sp">{l.pick("Ảnh sản phẩm", "Photos")}</h2>
            <FormProblem error/>
            {if count == 0 {
                view! { <p class="muted">{l.pick("Chưa có ảnh. Ảnh đầu tiên là ảnh chính.", "No photos yet. The first photo is the main one.")}</p> }.into_any()
            } else {
                view! { <ol class="photo-list">{photos}</ol> }.into_any()
            }}
            <form node_ref=upload_form class=move || if dragging.get() { "upload dragging" } else { "upload" }
                method="post" action="/quan-ly/tai-anh" enctype="multipart/form-data">
                <CsrfField/>
                <input type="hidden" name="target" value="product"/>
                <input type="hidden" name="code" value=code.clone()/>
                <label for="photo-files">{l.pick(
                    "Thêm ảnh (JPEG, PNG, WebP; tối đa 20 MB mỗi ảnh; chọn nhiều ảnh một lúc, hoặc kéo thả ảnh vào đây)",
                    "Add photos (JPEG, PNG, WebP; up to 20 MB each; pick several at once, or drop them here)",
                )}</label>
                <input id="photo-files" node_ref=file_input type="file" name="photo" accept="image/jpeg,image/png,image/webp" multiple/>
                <label for="photo-alt">{l.pick("Mô tả cho ảnh mới (không bắt buộc)", "Description for the new photos (optional)")}</label>
                <input id="photo-alt" name="alt" maxlength="200"/>
                <button type="submit" class="button">{l.pick("Tải ảnh lên", "Upload")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// Puts dropped files in the upload form's file input and sends it: the
/// same form, the same checks, as choosing the files by hand.
#[cfg(feature = "hydrate")]
fn drop_files(
    ev: &leptos::ev::DragEvent,
    input: NodeRef<leptos::html::Input>,
    form: NodeRef<leptos::html::Form>,
) {
    let Some(files) = ev.data_transfer().and_then(|d| d.files()) else {
        return;
    };
    if files.length() == 0 {
        return;
    }
    if let (Some(input), Some(form)) = (input.get_untracked(), form.get_untracked()) {
        input.set_files(Some(&files));
        let _ = form.request_submit();
    }
}
