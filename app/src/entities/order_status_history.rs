//! `order_status_history`: every status change of an order.

use sea_orm::entity::prelude::*;

/// A status change; `from_status` is `None` for the first entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "order_status_history")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub order_id: i64,
    pub from_status: Option<crate::domain::OrderStatus>,
    pub to_status: crate::domain::OrderStatus,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub changed_by_user_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `order_status_history` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::orders::Entity",
        from = "Column::OrderId",
        to = "super::orders::Column::Id",
        on_delete = "Cascade"
    )]
    Order,
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::ChangedByUserId",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    ChangedBy,
}

impl Related<super::orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Order.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ChangedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
