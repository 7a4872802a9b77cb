//! The server functions behind the stall's product pages. Reads answer
//! with a [`StallAccess`]; every change is a form (CSRF field, works
//! without JavaScript) acting for the member the session belongs to.

use super::types::{ProductEditor, ProductRow};
use super::StallAccess;
use crate::forms::FormError;
use leptos::prelude::*;

/// The OCOP groups to choose from: (id, Vietnamese, English).
pub type Groups = Vec<(i16, String, String)>;

/// The member's products with what each lacks.
#[server(prefix = "/api/fn", endpoint = "stall_products")]
pub async fn get_stall_products() -> Result<StallAccess<Vec<ProductRow>>, ServerFnError> {
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let rows = super::catalog::product_rows(&state.db, producer, crate::ssr::today_vn())
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(StallAccess::Ready(rows))
}

/// The editor of the member's product `code` (`None`: no such product of
/// theirs).
#[server(prefix = "/api/fn", endpoint = "stall_product")]
pub async fn get_product_editor(
    code: String,
) -> Result<StallAccess<Option<ProductEditor>>, ServerFnError> {
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    match super::catalog::editor(&state.db, producer, &code, crate::ssr::today_vn()).await {
        Ok(editor) => Ok(StallAccess::Ready(Some(editor))),
        Err(crate::error::AppError::NotFound { .. }) => {
            crate::ssr::set_status(http::StatusCode::NOT_FOUND);
            Ok(StallAccess::Ready(None))
        }
        Err(e) => Err(crate::ssr::server_error(e)),
    }
}

/// The groups for the new-product form.
#[server(prefix = "/api/fn", endpoint = "stall_groups")]
pub async fn get_groups() -> Result<StallAccess<Groups>, ServerFnError> {
    use sea_orm::{EntityTrait, QueryOrder};
    let (state, _, _) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let groups = crate::entities::product_groups::Entity::find()
        .order_by_asc(crate::entities::product_groups::Column::Id)
        .all(&state.db)
        .await
        .map_err(|e| crate::ssr::server_error(e.into()))?
        .into_iter()
        .map(|g| (g.id, g.name_vi, g.name_en))
        .collect();
    Ok(StallAccess::Ready(groups))
}

#[cfg(feature = "ssr")]
#[allow(clippy::too_many_arguments)]
fn product_form(
    name: Option<String>,
    group: Option<String>,
    unit: Option<String>,
    price_vnd: Option<String>,
    stock: Option<String>,
    description: Option<String>,
    origin: Option<String>,
    story: Option<String>,
    area_name: Option<String>,
    area_ha: Option<String>,
    area_description: Option<String>,
) -> super::product_form::ProductForm {
    super::product_form::ProductForm {
        name: name.unwrap_or_default(),
        group: group.unwrap_or_default(),
        unit: unit.unwrap_or_default(),
        price_vnd: price_vnd.unwrap_or_default(),
        stock: stock.unwrap_or_default(),
        description: description.unwrap_or_default(),
        origin: origin.unwrap_or_default(),
        story: story.unwrap_or_default(),
        raw_area: super::types::RawArea {
            name: area_name.unwrap_or_default(),
            area_ha: area_ha.unwrap_or_default(),
            description: area_description.unwrap_or_default(),
        },
    }
}

/// Creates a product and opens its editor (to add photos).
#[server(prefix = "/api/fn", endpoint = "stall_create_product")]
#[allow(clippy::too_many_arguments)]
pub async fn create_product(
    csrf: Option<String>,
    name: Option<String>,
    group: Option<String>,
    unit: Option<String>,
    price_vnd: Option<String>,
    stock: Option<String>,
    description: Option<String>,
    origin: Option<String>,
    story: Option<String>,
    area_name: Option<String>,
    area_ha: Option<String>,
    area_description: Option<String>,
) -> Result<String, FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let form = product_form(
        name,
        group,
        unit,
        price_vnd,
        stock,
        description,
        origin,
        story,
        area_name,
        area_ha,
        area_description,
    );
    let code = super::product_edits::create(&state.db, producer, &form)
        .await
        .map_err(crate::forms::refuse)?;
    tracing::info!(producer, %code, "product created in the stall");
    let path = format!("/quan-ly/san-pham/{code}?moi=1");
    if crate::forms::plain_form() {
        crate::forms::redirect_plain_form(&path);
    }
    Ok(path)
}

/// Saves the editor's main form.
#[server(prefix = "/api/fn", endpoint = "stall_save_product")]
#[allow(clippy::too_many_arguments)]
pub async fn save_product(
    csrf: Option<String>,
    code: Option<String>,
    version: Option<String>,
    name: Option<String>,
    group: Option<String>,
    unit: Option<String>,
    price_vnd: Option<String>,
    stock: Option<String>,
    description: Option<String>,
    origin: Option<String>,
    story: Option<String>,
    area_name: Option<String>,
    area_ha: Option<String>,
    area_description: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let code = code.unwrap_or_default();
    let version = version.and_then(|v| v.trim().parse().ok()).unwrap_or(-1);
    let form = product_form(
        name,
        group,
        unit,
        price_vnd,
        stock,
        description,
        origin,
        story,
        area_name,
        area_ha,
        area_description,
    );
    super::product_edits::save(&state.db, producer, &code, version, &form)
        .await
        .map_err(crate::forms::refuse)
}

/// Publishes (`publish` = "1") or withdraws the product.
#[server(prefix = "/api/fn", endpoint = "stall_publish")]
pub async fn publish_product(
    csrf: Option<String>,
    code: Option<String>,
    publish: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    super::product_edits::set_published(
        &state.db,
        producer,
        &code.unwrap_or_default(),
        publish.as_deref() == Some("1"),
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Moves, describes or removes a photo.
#[server(prefix = "/api/fn", endpoint = "stall_photo")]
pub async fn photo_step(
    csrf: Option<String>,
    code: Option<String>,
    photo: Option<String>,
    action: Option<String>,
    alt: Option<String>,
) -> Result<(), FormError> {
    use super::product_photos::{change_photo, PhotoAction};
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let action = PhotoAction::parse(action.as_deref().unwrap_or_default(), alt.as_deref())
        .map_err(crate::forms::refuse)?;
    let photo = photo.and_then(|p| p.parse().ok()).unwrap_or(-1);
    change_photo(
        &state.db,
        producer,
        &code.unwrap_or_default(),
        photo,
        action,
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Adds a production batch.
#[server(prefix = "/api/fn", endpoint = "stall_add_batch")]
pub async fn add_batch(
    csrf: Option<String>,
    code: Option<String>,
    batch_no: Option<String>,
    produced_on: Option<String>,
    expires_on: Option<String>,
    quantity: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let form = super::product_batches::BatchForm {
        batch_no: batch_no.unwrap_or_default(),
        produced_on: produced_on.unwrap_or_default(),
        expires_on: expires_on.unwrap_or_default(),
        quantity: quantity.unwrap_or_default(),
    };
    super::product_batches::add_batch(&state.db, producer, &code.unwrap_or_default(), &form)
        .await
        .map_err(crate::forms::refuse)
}

/// Removes a production batch.
#[server(prefix = "/api/fn", endpoint = "stall_remove_batch")]
pub async fn remove_batch(
    csrf: Option<String>,
    code: Option<String>,
    batch: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let batch = batch.and_then(|b| b.parse().ok()).unwrap_or(-1);
    super::product_batches::remove_batch(&state.db, producer, &code.unwrap_or_default(), batch)
        .await
        .map_err(crate::forms::refuse)
}

/// Declares a listing on another channel.
#[server(prefix = "/api/fn", endpoint = "stall_add_listing")]
pub async fn add_listing(
    csrf: Option<String>,
    code: Option<String>,
    channel: Option<String>,
    platform: Option<String>,
    url: Option<String>,
    since: Option<String>,
) -> Result<(), FormError> {
    let (state, user, producer) = super::acting_member(csrf.as_deref()).await?;
    let form = super::product_listings::ListingForm {
        channel: channel.unwrap_or_default(),
        platform: platform.unwrap_or_default(),
        url: url.unwrap_or_default(),
        since: since.unwrap_or_default(),
    };
    super::product_listings::add_listing(
        &state.db,
        &user,
        producer,
        &code.unwrap_or_default(),
        &form,
    )
    .await
    .map_err(crate::forms::refuse)
}

/// Ends a listing today.
#[server(prefix = "/api/fn", endpoint = "stall_end_listing")]
pub async fn end_listing(
    csrf: Option<String>,
    code: Option<String>,
    listing: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = super::acting_member(csrf.as_deref()).await?;
    let listing = listing.and_then(|l| l.parse().ok()).unwrap_or(-1);
    super::product_listings::end_listing(
        &state.db,
        producer,
        &code.unwrap_or_default(),
        listing,
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// A story's Markdown as shoppers will see it (the editor's live preview):
/// the same renderer and sanitiser as saving.
#[server(prefix = "/api/fn", endpoint = "stall_story_preview")]
pub async fn preview_story(source: String) -> Result<String, ServerFnError> {
    let source: String = source
        .chars()
        .take(super::story::MAX_STORY_CHARS + 1)
        .collect();
    // Too long gives no preview; saving says why.
    Ok(super::story::from_source(&source)
        .map(|story| story.html)
        .unwrap_or_default())
}
