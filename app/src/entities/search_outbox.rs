//! `search_outbox`: search index changes waiting to be applied, in id order.

use sea_orm::entity::prelude::*;

/// A change for the search index; replicas apply entries in id order.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub entity: String,
    pub entity_id: i64,
    pub action: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// `search_outbox` points at no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
