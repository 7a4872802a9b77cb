//! `/can-bo/gian-hang/{code}`: an officer reads a stall of their area as its
//! producer sees it (products with their state and what they lack), without
//! changing anything; a producer outside the area is "not found".

use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::{failure, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use crate::stall::products_page::ProductTable;
use crate::stall::types::ProductRow;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

/// A stall as an officer reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaStall {
    /// Producer code.
    pub code: String,
    /// Producer name.
    pub name: String,
    /// Public stall slug.
    pub slug: String,
    /// Its seller identity.
    pub identity: crate::seller::SellerIdentity,
    /// Its products.
    pub rows: Vec<ProductRow>,
}

/// The stall of producer `code` for the signed-in officer (`None`: not in
/// their area, or no such producer).
#[server(prefix = "/api/fn", endpoint = "officer_stall")]
pub async fn get_area_stall(
    code: String,
) -> Result<crate::accounts::access::OfficerAccess<Option<AreaStall>>, ServerFnError> {
    use crate::accounts::access::oversees;
    use crate::entities::producers;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (state, user) = match super::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let producer = producers::Entity::find()
        .filter(producers::Column::Code.eq(code.trim()))
        .one(&state.db)
        .await
        .map_err(|e| crate::ssr::server_error(e.into()))?
        .filter(|p| oversees(&user, p));
    let Some(p) = producer else {
        crate::ssr::set_status(http::StatusCode::NOT_FOUND);
        return Ok(crate::accounts::access::OfficerAccess::Ready(None));
    };
    let rows = crate::stall::catalog::product_rows(&state.db, p.id, crate::ssr::today_vn())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(crate::accounts::access::OfficerAccess::Ready(Some(
        AreaStall {
            identity: crate::seller::rules::identity_of(&p),
            code: p.code,
            name: p.name,
            slug: p.slug,
            rows,
        },
    )))
}

/// The officer verifies the seller identity of producer `code` (with the
/// corrections typed).
#[server(prefix = "/api/fn", endpoint = "officer_verify_seller")]
pub async fn verify_seller(
    csrf: Option<String>,
    code: Option<String>,
    legal_name: Option<String>,
    kind: Option<String>,
    registration_no: Option<String>,
    address: Option<String>,
    phone: Option<String>,
) -> Result<(), FormError> {
    let (state, officer) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let fields = crate::seller::IdentityFields {
        legal_name: legal_name.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        registration_no: registration_no.unwrap_or_default(),
        address: address.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
    };
    super::identity::verify(
        &state.db,
        &officer,
        code.as_deref().unwrap_or_default(),
        &fields,
        chrono::Utc::now(),
    )
    .await
    .map(|_| ())
    .map_err(crate::forms::refuse)
}

/// The seller identity as shoppers read it, and the form to verify it.
#[component]
fn SellerVerification(
    code: String,
    identity: crate::seller::SellerIdentity,
    action: ServerAction<VerifySeller>,
) -> AnyView {
    let l = use_locale();
    let error = failure(action.value());
    let values = crate::seller::IdentityFields {
        legal_name: identity.legal_name.clone(),
        kind: identity.kind.name().to_owned(),
        registration_no: identity.registration_no.clone().unwrap_or_default(),
        address: identity.address.clone(),
        phone: identity.phone.clone(),
    };
    let verified = identity.verified.is_some();
    view! {
        <crate::seller::SellerBlock identity/>
        {move || matches!(action.value().get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{l.pick("Đã xác minh thông tin người bán.", "The seller information is verified.")}</p> })}
        <details class="identity-form" open=!verified>
            <summary>{if verified { l.pick("Sửa và xác minh lại", "Correct and verify again") } else { l.pick("Đối chiếu và xác minh", "Check and verify") }}</summary>
            <p class="hint">{l.pick(
                "Đối chiếu với giấy đăng ký kinh doanh và sổ đăng ký OCOP; sửa nếu khác, rồi xác minh. Gian hàng chỉ bán được khi đã xác minh.",
                "Check against the business registration and the OCOP register; correct what differs, then verify. The stall sells only once verified.",
            )}</p>
            <FormProblem error with_fields=false/>
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="code" value=code/>
                <crate::seller::IdentityInputs values error/>
                <button type="submit" class="button">{l.pick("Xác minh thông tin người bán", "Verify the seller information")}</button>
            </ActionForm>
        </details>
    }
    .into_any()
}

/// The page.
#[component]
pub fn AreaStallPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let verify = ServerAction::<VerifySeller>::new();
    let data = Resource::new(
        move || (code(), verify.version().get()),
        |(code, _)| get_area_stall(code),
    );
    view! {
        <PageTitle text=l.pick("Gian hàng trên địa bàn — Chợ OCOP", "A stall of your area — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo">{l.pick("← Bàn làm việc", "← Desk")}</a></p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => crate::accounts::access::with_officer(access, format!("/can-bo/gian-hang/{}", code()), |stall| match stall {
                    Some(s) => view! {
                        <section aria-labelledby="gian-hang-dia-ban">
                            <h1 id="gian-hang-dia-ban">{s.name.clone()}</h1>
                            <p class="muted">{s.code.clone()}" · "<a href=format!("/gian-hang/{}", s.slug)>{l.pick("Trang công khai", "Public page")}</a></p>
                            <SellerVerification code=s.code.clone() identity=s.identity.clone() action=verify/>
                            <h2>{l.pick("Sản phẩm", "Products")}</h2>
                            <ProductTable rows=s.rows editable=false/>
                        </section>
                    }.into_any(),
                    None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                }),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}
