//! `/quan-ly/san-pham/{code}`: one product's editor. Fields and the story
//! (Markdown with a live preview, sanitised on the server), photos (a file
//! input that takes several at once, or dropped on the page with
//! JavaScript; order, alt text, removal), traceability (raw-material area,
//! batches, the QR code to print), listings on other channels, and
//! publishing. Certification is shown, never edited here: officers own it.
//! The sections live beside this page: `editor_photos`, `editor_fields`
//! (shared with the new-product and profile pages), `editor_traceability`
//! and `editor_listings`.

use super::editor_fields::ProductFields;
use super::editor_listings::Listings;
use super::editor_photos::Photos;
use super::editor_traceability::Traceability;
use super::nav::{with_access, StallNav};
use super::product_fns::{
    get_product_editor, AddBatch, AddListing, EndListing, PhotoStep, PublishProduct, RemoveBatch,
    SaveProduct,
};
use super::products_page::state_words;
use super::types::{ProductEditor, MAX_PHOTOS};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::failure;
use crate::forms::{CsrfField, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What an upload refusal code in the address means (the upload handler
/// sends the browser back with one).
pub fn upload_problem(code: &str, l: Locale) -> Option<String> {
    let (vi, en) = match code {
        "too_large" => (
            "Ảnh quá lớn: tối đa 20 MB mỗi ảnh.".to_owned(),
            "The photo is too large: at most 20 MB each.".to_owned(),
        ),
        "too_many_pixels" => (
            "Ảnh quá nhiều điểm ảnh: tối đa 40 megapixel.".to_owned(),
            "The photo has too many pixels: at most 40 megapixels.".to_owned(),
        ),
        "unsupported_format" => (
            "Tệp không phải ảnh JPEG, PNG hoặc WebP.".to_owned(),
            "The file is not a JPEG, PNG or WebP image.".to_owned(),
        ),
        "corrupt" => (
            "Ảnh bị hỏng hoặc tải lên chưa trọn; hãy chụp hoặc xuất lại ảnh.".to_owned(),
            "The photo is damaged or incomplete; take or export it again.".to_owned(),
        ),
        "too_many_photos" => (
            format!("Mỗi sản phẩm có tối đa {MAX_PHOTOS} ảnh; hãy xóa bớt ảnh cũ."),
            format!("A product keeps at most {MAX_PHOTOS} photos; remove one first."),
        ),
        "no_file" => (
            "Hãy chọn ít nhất một ảnh.".to_owned(),
            "Choose at least one photo.".to_owned(),
        ),
        "expired" => (
            "Phiên làm việc đã hết hạn; hãy tải lại trang và thử lại.".to_owned(),
            "Your session expired; reload the page and try again.".to_owned(),
        ),
        _ => return None,
    };
    Some(l.pick(&vi, &en).to_owned())
}

/// The editor page.
#[component]
pub fn ProductEditorPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let save = ServerAction::<SaveProduct>::new();
    let publish = ServerAction::<PublishProduct>::new();
    let photo = ServerAction::<PhotoStep>::new();
    let batch = ServerAction::<AddBatch>::new();
    let unbatch = ServerAction::<RemoveBatch>::new();
    let listing = ServerAction::<AddListing>::new();
    let unlist = ServerAction::<EndListing>::new();
    let versions = move || {
        (
            save.version().get(),
            publish.version().get(),
            photo.version().get(),
            batch.version().get(),
            unbatch.version().get(),
            listing.version().get(),
            unlist.version().get(),
        )
    };
    let data = Resource::new(
        move || (code(), versions()),
        |(code, _)| get_product_editor(code),
    );
    let actions = EditorActions {
        save,
        publish,
        photo,
        batch,
        unbatch,
        listing,
        unlist,
    };
    let upload_error = move || {
        query
            .read()
            .get("loi-anh")
            .and_then(|c| upload_problem(&c, l))
    };
    let saved =
        move || matches!(save.value().get(), Some(Ok(()))) || query.read().get("moi").is_some();
    view! {
        <PageTitle text=l.pick("Sửa sản phẩm — Chợ OCOP", "Edit product — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/san-pham"/>
        <p><a href="/quan-ly/san-pham">{l.pick("← Sản phẩm", "← Products")}</a></p>
        {move || upload_error().map(|m| view! { <div class="form-error" role="alert"><p>{m}</p></div> })}
        {move || saved().then(|| view! { <p class="notice" role="status">{l.pick("Đã lưu.", "Saved.")}</p> })}
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_access(access, format!("/quan-ly/san-pham/{}", code()), move |editor| match editor {
                    Some(editor) => view! { <Editor editor actions/> }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

/// The editor's forms.
#[derive(Clone, Copy)]
struct EditorActions {
    save: ServerAction<SaveProduct>,
    publish: ServerAction<PublishProduct>,
    photo: ServerAction<PhotoStep>,
    batch: ServerAction<AddBatch>,
    unbatch: ServerAction<RemoveBatch>,
    listing: ServerAction<AddListing>,
    unlist: ServerAction<EndListing>,
}

#[component]
fn Editor(editor: ProductEditor, actions: EditorActions) -> AnyView {
    let l = use_locale();
    let code = editor.row.code.clone();
    let save_error = failure(actions.save.value());
    let publish_error = failure(actions.publish.value());
    let state = state_words(&editor.row, l);
    let visible = editor.row.visible();
    let published = editor.row.published;
    let missing = editor
        .row
        .missing
        .iter()
        .map(|m| l.pick(m.words().0, m.words().1))
        .collect::<Vec<_>>()
        .join(", ");
    let groups = editor.groups.clone();
    let slug = editor.slug.clone();
    let name = editor.row.name.clone();
    let has_missing = !editor.row.missing.is_empty();
    let version = editor.version.to_string();
    let (publish_code, save_code) = (code.clone(), code.clone());
    let (for_cert, for_photos, for_fields, for_trace) = (
        editor.clone(),
        editor.clone(),
        editor.clone(),
        editor.clone(),
    );
    view! {
        <section class="stall-editor" aria-labelledby="sp-ten">
            <h1 id="sp-ten">{name}</h1>
            <p class="muted">{code}" · "<span class=if visible { "state on" } else { "state off" }>{state}</span></p>
            {has_missing.then(|| view! {
                <p class="missing">{l.pick("Còn thiếu: ", "Missing: ")}{missing}</p>
            })}
            <div class="step-buttons">
                <ActionForm action=actions.publish>
                    <CsrfField/>
                    <input type="hidden" name="code" value=publish_code/>
                    <input type="hidden" name="publish" value=if published { "0" } else { "1" }/>
                    <button type="submit" class=if published { "secondary" } else { "button" }>
                        {if published { l.pick("Ngừng bán", "Withdraw from sale") } else { l.pick("Bật bán", "Publish") }}
                    </button>
                </ActionForm>
                {visible.then(|| view! {
                    <a class="button secondary" href=format!("/san-pham/{slug}")>{l.pick("Xem trang công khai", "See the public page")}</a>
                })}
            </div>
            <FormProblem error=publish_error/>
            <CertificationBox editor=for_cert/>
            <Photos editor=for_photos action=actions.photo/>
            <h2>{l.pick("Thông tin và câu chuyện", "Details and story")}</h2>
            <FormProblem error=save_error with_fields=false/>
            <ActionForm action=actions.save>
                <CsrfField/>
                <input type="hidden" name="code" value=save_code/>
                <input type="hidden" name="version" value=version/>
                <ProductFields groups error=save_error editor=Some(for_fields)/>
                <button type="submit" class="button">{l.pick("Lưu thay đổi", "Save changes")}</button>
            </ActionForm>
            <Traceability editor=for_trace add=actions.batch remove=actions.unbatch/>
            <Listings editor add=actions.listing end=actions.unlist/>
        </section>
    }
    .into_any()
}

#[component]
fn CertificationBox(editor: ProductEditor) -> AnyView {
    let l = use_locale();
    let text = match editor.row.certification {
        Some(c) if c.valid => match l {
            Locale::Vi => format!(
                "Chứng nhận OCOP {} sao, quyết định {} ngày {}, hiệu lực đến hết {}.",
                c.stars,
                c.decision_no,
                format_date(c.decided_on),
                format_date(c.valid_until.pred_opt().unwrap_or(c.valid_until))
            ),
            Locale::En => format!(
                "OCOP {}-star certification, decision {} of {}, valid through {}.",
                c.stars,
                c.decision_no,
                format_date(c.decided_on),
                format_date(c.valid_until.pred_opt().unwrap_or(c.valid_until))
            ),
        },
        Some(c) => match l {
            Locale::Vi => format!(
                "Chứng nhận {} sao (quyết định {}) đã hết hiệu lực từ {}. Liên hệ cán bộ OCOP để đánh giá lại.",
                c.stars,
                c.decision_no,
                format_date(c.valid_until)
            ),
            Locale::En => format!(
                "The {}-star certification (decision {}) lapsed on {}. Contact your OCOP officer for a new assessment.",
                c.stars,
                c.decision_no,
                format_date(c.valid_until)
            ),
        },
        None => l
            .pick(
                "Chưa có chứng nhận OCOP. Cán bộ OCOP ghi nhận quyết định công nhận; sản phẩm hiện với người mua từ lúc đó.",
                "No OCOP certification yet. OCOP officers record the decision; shoppers see the product from then on.",
            )
            .to_owned(),
    };
    view! {
        <section class="cert-box" aria-labelledby="chung-nhan">
            <h2 id="chung-nhan">{l.pick("Chứng nhận OCOP", "OCOP certification")}</h2>
            <p>{text}</p>
        </section>
    }
    .into_any()
}
