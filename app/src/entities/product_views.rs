//! `product_views`: how many times a product's public page was rendered, per day.

use sea_orm::entity::prelude::*;

/// A product's page views on one day (Asia/Ho_Chi_Minh); unique by (product, day).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_views")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub product_id: i64,
    pub day: Date,
    pub views: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `product_views` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id",
        on_delete = "Cascade"
    )]
    Product,
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
