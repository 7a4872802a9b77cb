//! Queuing products for the search index: every writer that changes a
//! product (the importer, the stall) adds its id here in the same
//! transaction, and each replica's applier looks at the product again.

use crate::entities::search_outbox;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};

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
