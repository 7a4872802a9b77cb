//! `sales_point_products`: which products a sales point carries.

use sea_orm::entity::prelude::*;

/// A product carried by a sales point.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sales_point_products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sales_point_id: i64,
    pub product_id: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `sales_point_products` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::sales_points::Entity",
        from = "Column::SalesPointId",
        to = "super::sales_points::Column::Id",
        on_delete = "Cascade"
    )]
    SalesPoint,
    #[sea_orm(
        belongs_to = "super::products::Entity",
        from = "Column::ProductId",
        to = "super::products::Column::Id",
        on_delete = "Cascade"
    )]
    Product,
}

impl Related<super::sales_points::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesPoint.def()
    }
}

impl Related<super::products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Product.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
