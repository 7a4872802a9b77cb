//! `orders`: orders: the part of a checkout that one producer fulfils.

use sea_orm::entity::prelude::*;

/// An order; `number` is the human reference (e.g. `OC-260123-0042`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub number: String,
    pub checkout_id: i64,
    pub producer_id: i64,
    pub status: crate::domain::OrderStatus,
    pub subtotal_vnd: i64,
    pub shipping_vnd: i64,
    pub total_vnd: i64,
    pub access_token_hash: String,
    pub payment_received_at: Option<DateTimeUtc>,
    pub carrier: Option<String>,
    pub tracking_no: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub cancel_reason: Option<String>,
    pub event_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `orders` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::checkouts::Entity",
        from = "Column::CheckoutId",
        to = "super::checkouts::Column::Id",
        on_delete = "Restrict"
    )]
    Checkout,
    #[sea_orm(
        belongs_to = "super::producers::Entity",
        from = "Column::ProducerId",
        to = "super::producers::Column::Id",
        on_delete = "Restrict"
    )]
    Producer,
    #[sea_orm(
        belongs_to = "super::events::Entity",
        from = "Column::EventId",
        to = "super::events::Column::Id",
        on_delete = "Restrict"
    )]
    Event,
    #[sea_orm(has_many = "super::order_items::Entity")]
    Items,
    #[sea_orm(has_many = "super::order_status_history::Entity")]
    StatusHistory,
    #[sea_orm(has_many = "super::stock_reservations::Entity")]
    StockReservations,
}

impl Related<super::checkouts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Checkout.def()
    }
}

impl Related<super::producers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Producer.def()
    }
}

impl Related<super::events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl Related<super::order_items::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Items.def()
    }
}

impl Related<super::order_status_history::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StatusHistory.def()
    }
}

impl Related<super::stock_reservations::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::StockReservations.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
