//! A product's photos: added from an upload (at most [`MAX_PHOTOS`]),
//! moved earlier or later, described for screen readers, or removed.

use super::products::own_product;
use super::types::MAX_PHOTOS;
use crate::entities::product_photos;
use crate::error::{AppError, AppResult};
use crate::search::outbox::queue_products;
use crate::text::clean;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

/// Adds a stored photo to the producer's product, last, with its alt text.
pub async fn add_photo(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    media_id: i64,
    alt: &str,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(product.id))
        .all(&txn)
        .await?;
    if photos.iter().any(|p| p.media_id == media_id) {
        return Ok(());
    }
    if photos.len() >= MAX_PHOTOS {
        return Err(too_many_photos());
    }
    let position = photos.iter().map(|p| p.position).max().unwrap_or(0) + 1;
    let alt = clean(alt);
    let now = Utc::now();
    product_photos::ActiveModel {
        product_id: Set(product.id),
        media_id: Set(media_id),
        position: Set(position),
        alt: Set(if alt.is_empty() {
            product.name.clone()
        } else {
            alt.chars().take(200).collect()
        }),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    Ok(())
}

/// The refusal of a photo beyond [`MAX_PHOTOS`].
pub fn too_many_photos() -> AppError {
    AppError::invalid(
        "photo",
        format!("Mỗi sản phẩm có tối đa {MAX_PHOTOS} ảnh; hãy xóa bớt ảnh cũ."),
        format!("A product keeps at most {MAX_PHOTOS} photos; remove one first."),
    )
}

/// What to do with one photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoAction {
    /// One place earlier.
    Earlier,
    /// One place later.
    Later,
    /// New alternative text.
    Alt(String),
    /// Take it off the product.
    Remove,
}

impl PhotoAction {
    /// Reads the form's `action` and `alt`.
    pub fn parse(action: &str, alt: Option<&str>) -> AppResult<PhotoAction> {
        match action {
            "earlier" => Ok(PhotoAction::Earlier),
            "later" => Ok(PhotoAction::Later),
            "remove" => Ok(PhotoAction::Remove),
            "alt" => {
                let alt = clean(alt.unwrap_or_default());
                if alt.is_empty() || alt.chars().count() > 200 {
                    Err(AppError::invalid(
                        "alt",
                        "Mô tả ảnh có từ 1 đến 200 ký tự (người khiếm thị nghe đọc mô tả này).",
                        "The description needs 1 to 200 characters (screen readers read it out).",
                    ))
                } else {
                    Ok(PhotoAction::Alt(alt))
                }
            }
            _ => Err(AppError::invalid(
                "action",
                "Không rõ thao tác với ảnh.",
                "Unknown photo action.",
            )),
        }
    }
}

/// Moves, describes or removes photo `photo_id` of the producer's product.
pub async fn change_photo(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    photo_id: i64,
    action: PhotoAction,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(product.id))
        .order_by_asc(product_photos::Column::Position)
        .all(&txn)
        .await?;
    let index = photos
        .iter()
        .position(|p| p.id == photo_id)
        .ok_or_else(|| AppError::not_found("Không có ảnh này", "No such photo"))?;
    let now = Utc::now();
    match action {
        PhotoAction::Alt(alt) => {
            let mut active = photos[index].clone().into_active_model();
            active.alt = Set(alt);
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        PhotoAction::Remove => {
            product_photos::Entity::delete_by_id(photo_id)
                .exec(&txn)
                .await?;
        }
        PhotoAction::Earlier | PhotoAction::Later => {
            let other = match action {
                PhotoAction::Earlier => index.checked_sub(1),
                _ => Some(index + 1).filter(|i| *i < photos.len()),
            };
            if let Some(other) = other {
                // Positions are unique per product: park one while swapping.
                let (a, b) = (&photos[index], &photos[other]);
                for (id, position) in [(a.id, -1), (b.id, a.position), (a.id, b.position)] {
                    product_photos::Entity::update_many()
                        .col_expr(product_photos::Column::Position, position.into())
                        .col_expr(product_photos::Column::UpdatedAt, now.into())
                        .filter(product_photos::Column::Id.eq(id))
                        .exec(&txn)
                        .await?;
                }
            }
        }
    }
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_actions_are_read_or_refused() {
        assert_eq!(
            PhotoAction::parse("alt", Some(" Hũ  mắm ")).expect("valid"),
            PhotoAction::Alt("Hũ mắm".into())
        );
        assert!(PhotoAction::parse("alt", Some("  ")).is_err());
        assert!(PhotoAction::parse("explode", None).is_err());
    }
}
