//! `/can-bo/gian-hang/{code}`: an officer reads a stall of their area as its
//! producer sees it (products with their state and what they lack), without
//! changing anything; a producer outside the area is "not found".

use crate::components::{ErrorBox, Loading, PageTitle};
use crate::i18n::use_locale;
use crate::stall::products_page::ProductTable;
use crate::stall::types::ProductRow;
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
            code: p.code,
            name: p.name,
            slug: p.slug,
            rows,
        },
    )))
}

/// The page.
#[component]
pub fn AreaStallPage() -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let data = Resource::new(code, get_area_stall);
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
