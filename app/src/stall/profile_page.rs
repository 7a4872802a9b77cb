//! `/quan-ly/gian-hang`: the stall's profile (name, story, contact, the
//! bank account for VietQR, delivery charges, logo and cover), with a
//! preview of the story and a link to the public stall.

use super::editor_fields::StoryField;
use super::editor_page::upload_problem;
use super::nav::{with_access, StallNav};
use super::types::ProfileData;
use super::StallAccess;
use crate::components::{ErrorBox, Loading, PageTitle, ResponsivePicture};
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use crate::media::Picture;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

/// The member's profile.
#[server(prefix = "/api/fn", endpoint = "stall_profile")]
pub async fn get_profile() -> Result<StallAccess<ProfileData>, ServerFnError> {
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let data = super::profile::load(&state.db, producer)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(StallAccess::Ready(data))
}

/// Saves the profile.
#[server(prefix = "/api/fn", endpoint = "stall_save_profile")]
#[allow(clippy::too_many_arguments)]
pub async fn save_profile(
    csrf: Option<String>,
    name: Option<String>,
    story: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    bank_bin: Option<String>,
    bank_account_no: Option<String>,
    bank_account_name: Option<String>,
    ship_same_province_vnd: Option<String>,
    ship_other_province_vnd: Option<String>,
    free_ship_over_vnd: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let form = super::types::ProfileForm {
        name: name.unwrap_or_default(),
        story: story.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        email: email.unwrap_or_default(),
        website: website.unwrap_or_default(),
        bank_bin: bank_bin.unwrap_or_default(),
        bank_account_no: bank_account_no.unwrap_or_default(),
        bank_account_name: bank_account_name.unwrap_or_default(),
        ship_same_province_vnd: ship_same_province_vnd.unwrap_or_default(),
        ship_other_province_vnd: ship_other_province_vnd.unwrap_or_default(),
        free_ship_over_vnd: free_ship_over_vnd.unwrap_or_default(),
    };
    super::profile::save(&state.db, producer, &form)
        .await
        .map_err(crate::forms::refuse)
}

/// Gives the stall's seller identity (while it is not verified).
#[server(prefix = "/api/fn", endpoint = "stall_save_identity")]
pub async fn save_identity(
    csrf: Option<String>,
    legal_name: Option<String>,
    kind: Option<String>,
    registration_no: Option<String>,
    address: Option<String>,
    phone: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let fields = crate::seller::IdentityFields {
        legal_name: legal_name.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        registration_no: registration_no.unwrap_or_default(),
        address: address.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
    };
    super::identity::propose(&state.db, producer, &fields, chrono::Utc::now())
        .await
        .map(|_| ())
        .map_err(crate::forms::refuse)
}

/// Removes the logo (`which` = "logo") or the cover ("cover").
#[server(prefix = "/api/fn", endpoint = "stall_remove_picture")]
pub async fn remove_picture(csrf: Option<String>, which: Option<String>) -> Result<(), FormError> {
    use super::profile::StallPicture;
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let which = match which.as_deref() {
        Some("logo") => StallPicture::Logo,
        Some("cover") => StallPicture::Cover,
        _ => {
            return Err(crate::forms::refuse(crate::error::AppError::invalid(
                "which",
                "Không rõ ảnh nào.",
                "Which picture?",
            )))
        }
    };
    super::profile::set_picture(&state.db, producer, which, None)
        .await
        .map_err(crate::forms::refuse)
}

/// The profile page.
#[component]
pub fn StallProfilePage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let save = ServerAction::<SaveProfile>::new();
    let remove = ServerAction::<RemovePicture>::new();
    let identity = ServerAction::<SaveIdentity>::new();
    let data = Resource::new(
        move || {
            (
                save.version().get(),
                remove.version().get(),
                identity.version().get(),
            )
        },
        |_| get_profile(),
    );
    let upload_error = move || {
        query
            .read()
            .get("loi-anh")
            .and_then(|c| upload_problem(&c, l))
    };
    view! {
        <PageTitle text=l.pick("Hồ sơ gian hàng — Chợ OCOP", "Stall profile — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly/gian-hang"/>
        <section class="stall-editor" aria-labelledby="ho-so">
            <h1 id="ho-so">{l.pick("Hồ sơ gian hàng", "Stall profile")}</h1>
            {move || upload_error().map(|m| view! { <div class="form-error" role="alert"><p>{m}</p></div> })}
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{l.pick("Đã lưu.", "Saved.")}</p> })}
            <Transition fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_access(access, "/quan-ly/gian-hang".into(), move |data| view! { <SellerSection identity=data.identity.clone() action=identity/><Profile data save remove/> }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The seller identity: as shoppers read it and, until the officer has
/// verified it, the form to give it.
#[component]
fn SellerSection(
    identity: crate::seller::SellerIdentity,
    action: ServerAction<SaveIdentity>,
) -> AnyView {
    let l = use_locale();
    let error = failure(action.value());
    let verified = identity.verified.is_some();
    let values = crate::seller::IdentityFields {
        legal_name: identity.legal_name.clone(),
        kind: identity.kind.name().to_owned(),
        registration_no: identity.registration_no.clone().unwrap_or_default(),
        address: identity.address.clone(),
        phone: identity.phone.clone(),
    };
    view! {
        <crate::seller::SellerBlock identity/>
        {(!verified).then(|| view! {
            <details class="identity-form" open=true>
                <summary>{l.pick("Bổ sung thông tin người bán để được xác minh", "Give the seller information to be verified")}</summary>
                <p class="hint">{l.pick(
                    "Pháp luật yêu cầu sàn thương mại điện tử định danh người bán. Sản phẩm chỉ được bật bán khi cán bộ Sở Công Thương đã đối chiếu và xác minh các thông tin này.",
                    "The law asks a marketplace to identify its sellers. Products can be put on sale once the department's officer has checked and verified these details.",
                )}</p>
                <FormProblem error with_fields=false/>
                <ActionForm action>
                    <CsrfField/>
                    <crate::seller::IdentityInputs values error/>
                    <button type="submit" class="button">{l.pick("Lưu thông tin người bán", "Save the seller information")}</button>
                </ActionForm>
            </details>
        })}
    }
    .into_any()
}

#[component]
fn PictureForm(
    which: &'static str,
    label: &'static str,
    current: Option<Picture>,
    remove: ServerAction<RemovePicture>,
) -> AnyView {
    let l = use_locale();
    let input_id = format!("{which}-file");
    view! {
        <div class="stall-picture">
            <h3>{label}</h3>
            {match current {
                Some(picture) => view! {
                    <ResponsivePicture picture sizes="(max-width: 600px) 100vw, 400px"/>
                    <ActionForm action=remove>
                        <CsrfField/>
                        <input type="hidden" name="which" value=which/>
                        <button type="submit" class="link-button">{l.pick("Bỏ ảnh này", "Remove this picture")}</button>
                    </ActionForm>
                }.into_any(),
                None => view! { <p class="muted">{l.pick("Chưa có ảnh.", "No picture yet.")}</p> }.into_any(),
            }}
            <form method="post" action="/quan-ly/tai-anh" enctype="multipart/form-data" class="upload">
                <CsrfField/>
                <input type="hidden" name="target" value=which/>
                <label for=input_id.clone()>{l.pick("Chọn ảnh mới (JPEG, PNG, WebP)", "Choose a new picture (JPEG, PNG, WebP)")}</label>
                <input id=input_id type="file" name="photo" accept="image/jpeg,image/png,image/webp" required/>
                <button type="submit" class="secondary">{l.pick("Tải lên", "Upload")}</button>
            </form>
        </div>
    }
    .into_any()
}

#[component]
fn Profile(
    data: ProfileData,
    save: ServerAction<SaveProfile>,
    remove: ServerAction<RemovePicture>,
) -> AnyView {
    let l = use_locale();
    let error = failure(save.value());
    let problem = move |field: &'static str| field_problem(error, field);
    let f = data.form;
    let input = move |id: &'static str, label: &'static str, value: String, kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type=kind value=value/>
                {problem(id)}
            </div>
        }
    };
    view! {
        <p>
            <a class="button secondary" href=format!("/gian-hang/{}", data.slug)>{l.pick("Xem gian hàng như người mua", "See the stall as shoppers do")}</a>
        </p>
        <p class="muted">{l.pick("Mã chủ thể: ", "Producer code: ")}{data.code}</p>
        <div class="stall-pictures">
            <PictureForm which="logo" label=l.pick("Logo", "Logo") current=data.logo remove/>
            <PictureForm which="cover" label=l.pick("Ảnh bìa", "Cover photo") current=data.cover remove/>
        </div>
        <FormProblem error with_fields=false/>
        <ActionForm action=save>
            <CsrfField/>
            {input("name", l.pick("Tên gian hàng", "Stall name"), f.name, "text")}
            <StoryField label=l.pick("Câu chuyện của chủ thể", "Your story") source=f.story html=data.story_html error/>
            <fieldset>
                <legend>{l.pick("Liên hệ", "Contact")}</legend>
                {input("phone", l.pick("Điện thoại", "Phone"), f.phone, "tel")}
                {input("email", "E-mail", f.email, "email")}
                {input("website", l.pick("Trang web", "Website"), f.website, "url")}
            </fieldset>
            <fieldset>
                <legend>{l.pick("Tài khoản nhận tiền (VietQR)", "Receiving account (VietQR)")}</legend>
                <p class="hint">{l.pick(
                    "Khi có tài khoản, người mua được trả bằng chuyển khoản VietQR vào đúng tài khoản này.",
                    "With an account here, shoppers can pay you by VietQR bank transfer straight into it.",
                )}</p>
                {input("bank_bin", l.pick("Mã ngân hàng (BIN, 6 số)", "Bank BIN (6 digits)"), f.bank_bin, "text")}
                {input("bank_account_no", l.pick("Số tài khoản", "Account number"), f.bank_account_no, "text")}
                {input("bank_account_name", l.pick("Tên chủ tài khoản", "Account holder"), f.bank_account_name, "text")}
            </fieldset>
            <fieldset>
                <legend>{l.pick("Phí giao hàng (đồng; để trống để dùng mức chung của chợ)", "Delivery charges (đồng; empty for the marketplace's default)")}</legend>
                {input("ship_same_province_vnd", l.pick("Trong tỉnh", "Within the province"), f.ship_same_province_vnd, "text")}
                {input("ship_other_province_vnd", l.pick("Tỉnh khác", "Other provinces"), f.ship_other_province_vnd, "text")}
                {input("free_ship_over_vnd", l.pick("Miễn phí cho đơn từ", "Free for orders from"), f.free_ship_over_vnd, "text")}
            </fieldset>
            <button type="submit" class="button">{l.pick("Lưu hồ sơ", "Save the profile")}</button>
        </ActionForm>
        <crate::stall::location::StallLocationForm/>
    }
    .into_any()
}
