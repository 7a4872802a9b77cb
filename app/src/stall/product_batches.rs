//! A product's production batches, for traceability: added with their
//! dates and quantity (a batch number once per product), or removed.

use super::product_form::{date, whole_number};
use super::products::own_product;
use crate::entities::{product_batches, products};
use crate::error::{AppError, AppResult};
use crate::search::outbox::queue_products;
use crate::text::clean;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

/// A production batch as typed.
#[derive(Debug, Clone, Default)]
pub struct BatchForm {
    /// Number on the label.
    pub batch_no: String,
    /// Produced on.
    pub produced_on: String,
    /// Best before (optional).
    pub expires_on: String,
    /// Units made (optional).
    pub quantity: String,
}

/// Adds a batch to the producer's product; the batch number is unique
/// within the product.
pub async fn add_batch(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    form: &BatchForm,
) -> AppResult<()> {
    let batch_no = clean(&form.batch_no);
    if batch_no.is_empty() || batch_no.chars().count() > 50 {
        return Err(AppError::invalid(
            "batch_no",
            "Số lô có từ 1 đến 50 ký tự.",
            "The batch number needs 1 to 50 characters.",
        ));
    }
    let produced_on = date(&form.produced_on, "produced_on", true)?.unwrap_or_default();
    let expires_on = date(&form.expires_on, "expires_on", false)?;
    if expires_on.is_some_and(|e| e <= produced_on) {
        return Err(AppError::invalid(
            "expires_on",
            "Hạn dùng phải sau ngày sản xuất.",
            "Best before must come after the production date.",
        ));
    }
    let quantity = match form.quantity.trim() {
        "" => None,
        typed => Some(whole_number(typed).ok_or_else(|| {
            AppError::invalid(
                "quantity",
                "Số lượng là số nguyên không âm.",
                "The quantity is a whole number, not negative.",
            )
        })?),
    };
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    if product_batches::Entity::find()
        .filter(product_batches::Column::ProductId.eq(product.id))
        .filter(product_batches::Column::BatchNo.eq(batch_no.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::invalid(
            "batch_no",
            "Sản phẩm đã có lô với số này.",
            "The product already has a batch with this number.",
        ));
    }
    let now = Utc::now();
    product_batches::ActiveModel {
        product_id: Set(product.id),
        batch_no: Set(batch_no),
        produced_on: Set(produced_on),
        expires_on: Set(expires_on),
        quantity: Set(quantity),
        note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    products::Entity::update_many()
        .col_expr(products::Column::Traceable, true.into())
        .filter(products::Column::Id.eq(product.id))
        .exec(&txn)
        .await?;
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes batch `batch_id` of the producer's product.
pub async fn remove_batch(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    batch_id: i64,
) -> AppResult<()> {
    let product = own_product(db, producer_id, code).await?;
    let removed = product_batches::Entity::delete_many()
        .filter(product_batches::Column::Id.eq(batch_id))
        .filter(product_batches::Column::ProductId.eq(product.id))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::not_found("Không có lô này", "No such batch"));
    }
    Ok(())
}
