//! OCOP sales points (điểm giới thiệu và bán sản phẩm OCOP): the officer
//! keeps those of their area (`/can-bo/diem-ban`: create, edit, close, the
//! products carried, coverage per commune); shoppers find the active ones
//! (`/diem-ban`, a list and a map, and `/diem-ban/{code}`).

use crate::accounts::access::OfficerAccess;
use crate::forms::FormError;
use leptos::prelude::*;

pub mod digital_map;
pub mod officer_pages;
pub mod public_pages;
pub mod types;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod area;
#[cfg(feature = "ssr")]
pub mod public;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod validate;

use types::{AreaSalesPoints, EditorData, PointQuery, PublicList, PublicPoint};

/// The officer's sales points and coverage (an administrator may narrow to
/// `province`, a slug).
#[server(prefix = "/api/fn", endpoint = "officer_sales_points")]
pub async fn get_area_sales_points(
    province: Option<String>,
) -> Result<OfficerAccess<AreaSalesPoints>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let page = area::area_page(
        &state.db,
        &user,
        province.as_deref().unwrap_or_default(),
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::ssr::server_error)?;
    Ok(OfficerAccess::Ready(page))
}

/// The editor of sales point `code` (a new one without), with the communes
/// of `province` when an administrator chose one; `None` (a 404) for a
/// sales point outside the reader's area.
#[server(prefix = "/api/fn", endpoint = "officer_sales_point")]
pub async fn get_editor(
    code: Option<String>,
    province: Option<String>,
) -> Result<OfficerAccess<Option<EditorData>>, ServerFnError> {
    let (state, user) = match crate::accounts::access::page_officer().await? {
        Ok(officer) => officer,
        Err(access) => return Ok(access),
    };
    let data = editor::editor_data(
        &state.db,
        &user,
        code.as_deref().filter(|c| !c.is_empty()),
        province.as_deref().unwrap_or_default(),
        crate::ssr::today_vn(),
    )
    .await;
    Ok(OfficerAccess::Ready(crate::ssr::found(data)?))
}

/// Creates a sales point and opens its page.
#[server(prefix = "/api/fn", endpoint = "officer_create_sales_point")]
#[allow(clippy::too_many_arguments)]
pub async fn create_sales_point(
    csrf: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    address: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
    opening_hours: Option<String>,
    phone: Option<String>,
    opened_on: Option<String>,
    closed_on: Option<String>,
    product_codes: Option<String>,
) -> Result<String, FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let form = types::SalesPointForm {
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        province: province.unwrap_or_default(),
        commune: commune.unwrap_or_default(),
        address: address.unwrap_or_default(),
        lat: lat.unwrap_or_default(),
        lon: lon.unwrap_or_default(),
        opening_hours: opening_hours.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        opened_on: opened_on.unwrap_or_default(),
        closed_on: closed_on.unwrap_or_default(),
        product_codes: Some(product_codes.unwrap_or_default()),
    };
    let code = store::create(&state.db, &user, &form, crate::ssr::today_vn())
        .await
        .map_err(crate::forms::refuse)?;
    leptos_axum::redirect(&format!("/can-bo/diem-ban/{code}?moi=1"));
    Ok(code)
}

/// Saves a sales point's fields (the products carried have their own forms).
#[server(prefix = "/api/fn", endpoint = "officer_save_sales_point")]
#[allow(clippy::too_many_arguments)]
pub async fn save_sales_point(
    csrf: Option<String>,
    code: Option<String>,
    name: Option<String>,
    kind: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    address: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
    opening_hours: Option<String>,
    phone: Option<String>,
    opened_on: Option<String>,
    closed_on: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    let form = types::SalesPointForm {
        name: name.unwrap_or_default(),
        kind: kind.unwrap_or_default(),
        province: province.unwrap_or_default(),
        commune: commune.unwrap_or_default(),
        address: address.unwrap_or_default(),
        lat: lat.unwrap_or_default(),
        lon: lon.unwrap_or_default(),
        opening_hours: opening_hours.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        opened_on: opened_on.unwrap_or_default(),
        closed_on: closed_on.unwrap_or_default(),
        product_codes: None,
    };
    store::update(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &form,
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Adds a certified product (by code) to a sales point.
#[server(prefix = "/api/fn", endpoint = "officer_sales_point_add_product")]
pub async fn add_carried_product(
    csrf: Option<String>,
    code: Option<String>,
    product_code: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    store::add_product(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &product_code.unwrap_or_default(),
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Stops a sales point carrying a product.
#[server(prefix = "/api/fn", endpoint = "officer_sales_point_remove_product")]
pub async fn remove_carried_product(
    csrf: Option<String>,
    code: Option<String>,
    product_code: Option<String>,
) -> Result<(), FormError> {
    let (state, user) = crate::accounts::access::acting_officer(csrf.as_deref()).await?;
    store::remove_product(
        &state.db,
        &user,
        &code.unwrap_or_default(),
        &product_code.unwrap_or_default(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// The public list of active sales points.
#[server(prefix = "/api/fn", endpoint = "sales_points")]
pub async fn get_public_sales_points(
    query: PointQuery,
) -> Result<Option<PublicList>, ServerFnError> {
    let state = crate::ssr::state()?;
    let l = crate::i18n::detect_locale();
    crate::ssr::found(
        public::public_list(
            &state.db,
            &query,
            crate::ssr::today_vn(),
            l,
            &state.site.base_url,
        )
        .await,
    )
}

/// One active sales point.
#[server(prefix = "/api/fn", endpoint = "sales_point")]
pub async fn get_public_sales_point(code: String) -> Result<Option<PublicPoint>, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::found(
        public::public_point_page(
            &state.db,
            &code,
            crate::ssr::today_vn(),
            &state.site.base_url,
        )
        .await,
    )
}

#[cfg(feature = "ssr")]
mod editor;
