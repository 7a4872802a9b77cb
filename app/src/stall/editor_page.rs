//! `/quan-ly/san-pham/{code}`: one product's editor. Fields and the story
//! (Markdown with a live preview, sanitised on the server), photos (a file
//! input that takes several at once, or dropped on the page with
//! JavaScript; order, alt text, removal), traceability (raw-material area,
//! batches, the QR code to print), listings on other channels, and
//! publishing. Certification is shown, never edited here: officers own it.

use super::nav::{with_access, StallNav};
use super::product_fns::{
    get_product_editor, preview_story, AddBatch, AddListing, EndListing, PhotoStep, PublishProduct,
    RemoveBatch, SaveProduct,
};
use super::products_page::state_words;
use super::types::{ProductEditor, CHANNELS, MAX_PHOTOS};
use crate::cart::page::failure;
use crate::components::{ErrorBox, Loading, ResponsivePicture};
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
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
        <Title text=l.pick("Sửa sản phẩm — Chợ OCOP", "Edit product — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/san-pham"/>
        <p><a href="/quan-ly/san-pham">{l.pick("← Sản phẩm", "← Products")}</a></p>
        {move || upload_error().map(|m| view! { <div class="form-error" role="alert"><p>{m}</p></div> })}
        {move || saved().then(|| view! { <p class="notice" role="status">{l.pick("Đã lưu.", "Saved.")}</p> })}
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_access(access, format!("/quan-ly/san-pham/{}", code()), move |editor| match editor {
                    Some(editor) => view! { <Editor editor actions/> }.into_any(),
                    None => view! { <crate::catalog::NotFoundPage/> }.into_any(),
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

#[component]
fn Photos(editor: ProductEditor, action: ServerAction<PhotoStep>) -> AnyView {
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

#[component]
fn Traceability(
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

fn channel_name(channel: &str, l: Locale) -> String {
    CHANNELS
        .iter()
        .find(|(c, _, _)| *c == channel)
        .map(|(_, vi, en)| l.pick(vi, en).to_owned())
        .unwrap_or_else(|| channel.to_owned())
}

#[component]
fn Listings(
    editor: ProductEditor,
    add: ServerAction<AddListing>,
    end: ServerAction<EndListing>,
) -> AnyView {
    let l = use_locale();
    let code = editor.row.code.clone();
    let error = failure(add.value());
    let end_error = failure(end.value());
    let problem = move |field: &'static str| field_problem(error, field);
    let rows = editor
        .listings
        .clone()
        .into_iter()
        .map(|x| {
            let code = code.clone();
            let dates = match (l, x.until) {
                (Locale::Vi, Some(u)) => format!("từ {} đến {}", format_date(x.since), format_date(u)),
                (Locale::Vi, None) => format!("từ {}", format_date(x.since)),
                (Locale::En, Some(u)) => format!("{} to {}", format_date(x.since), format_date(u)),
                (Locale::En, None) => format!("since {}", format_date(x.since)),
            };
            view! {
                <li>
                    <strong>{x.platform.clone()}</strong>" ("{channel_name(&x.channel, l)}") — "{dates}
                    {x.url.clone().map(|u| view! { " · " <a href=u rel="nofollow noopener noreferrer" target="_blank">{l.pick("liên kết", "link")}</a> })}
                    {x.until.is_none().then(|| view! {
                        <ActionForm action=end>
                            <CsrfField/>
                            <input type="hidden" name="code" value=code.clone()/>
                            <input type="hidden" name="listing" value=x.id.to_string()/>
                            <button type="submit" class="link-button">{l.pick("Đã ngừng bán ở kênh này", "No longer sold there")}</button>
                        </ActionForm>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="listings" aria-labelledby="kenh-ban">
            <h2 id="kenh-ban">{l.pick("Kênh bán khác", "Other sales channels")}</h2>
            <p class="hint">{l.pick(
                "Khai báo nơi khác sản phẩm đang bán (Shopee, Lazada, TikTok Shop, siêu thị, xuất khẩu…): Sở Công Thương dùng để báo cáo.",
                "Declare where else the product sells (Shopee, Lazada, TikTok Shop, supermarkets, export…): the department reports on it.",
            )}</p>
            <FormProblem error=end_error/>
            {(!editor.listings.is_empty()).then(|| view! { <ul class="listing-list">{rows}</ul> })}
            <FormProblem error with_fields=false/>
            <ActionForm action=add>
                <CsrfField/>
                <input type="hidden" name="code" value=code.clone()/>
                <div class="field-row">
                    <div class="field">
                        <label for="channel">{l.pick("Loại kênh", "Kind")}</label>
                        <select id="channel" name="channel" required>
                            {CHANNELS.iter().map(|(c, vi, en)| view! { <option value=*c>{l.pick(vi, en)}</option> }).collect_view()}
                        </select>
                        {problem("channel")}
                    </div>
                    <div class="field">
                        <label for="platform">{l.pick("Nền tảng / chuỗi", "Platform / chain")}</label>
                        <input id="platform" name="platform" required maxlength="100" placeholder="Shopee"/>
                        {problem("platform")}
                    </div>
                    <div class="field">
                        <label for="since">{l.pick("Bán từ ngày", "Since")}</label>
                        <input id="since" name="since" type="date" required/>
                        {problem("since")}
                    </div>
                </div>
                <div class="field">
                    <label for="url">{l.pick("Liên kết (không bắt buộc)", "Link (optional)")}</label>
                    <input id="url" name="url" type="url" maxlength="500" placeholder="https://"/>
                    {problem("url")}
                </div>
                <button type="submit" class="secondary">{l.pick("Khai báo kênh", "Declare")}</button>
            </ActionForm>
        </section>
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
