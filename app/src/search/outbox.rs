//! Queuing products for the search index: every writer that changes a
//! product (the importer, the stall) adds its id here in the same
//! transaction, and each replica's applier looks at the product again.

use crate::entities::{products, search_outbox};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

/// Queues every product of producer `producer_id` (its name or place
/// changed, which their documents carry).
pub async fn queue_producer_products(
    db: &impl ConnectionTrait,
    producer_id: i64,
) -> Result<(), DbErr> {
    let ids: Vec<i64> = products::Entity::find()
        .select_only()
        .column(products::Column::Id)
        .filter(products::Column::ProducerId.eq(producer_id))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(());
    }
    queue_products(db, ids).await
}

/// Queues the products `ids` to be looked at again by the search index.
pub async fn queue_products(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = i64>,
) -> Result<(), DbErr> {
    let entries = ids.into_iter().map(|id| search_outbox::ActiveModel {
        entity: Set("product".to_owned()),
        entity_id: Set(id),
        action: Set("upsert".to_owned()),
        ..Default::default()
    });
    search_outbox::Entity::insert_many(entries)
        .exec_without_returning(db)
        .await?;
    Ok(())
}
