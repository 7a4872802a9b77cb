//! `channel_listings`: sales channels a product is declared on (outside this marketplace).

use sea_orm::entity::prelude::*;

/// A declared channel listing; `until` is after `since` when set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "channel_listings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub channel: String,
    pub platform: String,
    pub url: Option<String>,
    pub since: Date,
    pub until: Option<Date>,
    pub declared_by_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `channel_listings` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id",
        on_delete = "Cascade"
    )]
    Product,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::DeclaredByUserId",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    DeclaredBy,
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::DeclaredBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
