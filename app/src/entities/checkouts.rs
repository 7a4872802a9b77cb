//! `checkouts`: one "place order": contact, delivery and payment choice.

use sea_orm::entity::prelude::*;

/// A checkout, split into one order per producer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "checkouts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub public_id: String,
    pub idempotency_key: Option<String>,
    pub request_hash: String,
    pub user_id: Option<i64>,
    pub contact_name: String,
    pub contact_phone: String,
    pub contact_email: Option<String>,
    pub delivery_method: String,
    pub province_id: Option<i64>,
    pub commune_id: Option<i64>,
    pub street: Option<String>,
    pub sales_point_id: Option<i64>,
    pub payment_method: crate::domain::PaymentMethod,
    pub event_id: Option<i64>,
    pub total_vnd: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub response_body: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `checkouts` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    User,
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
        to = "super::provinces::Column::Id",
        on_delete = "Restrict"
    )]
    Province,
    #[sea_orm(
        belongs_to = "super::communes::Entity",
        from = "Column::CommuneId",
        to = "super::communes::Column::Id",
        on_delete = "Restrict"
    )]
    Commune,
    #[sea_orm(
        belongs_to = "super::sales_points::Entity",
        from = "Column::SalesPointId",
        to = "super::sales_points::Column::Id",
        on_delete = "Restrict"
    )]
    SalesPoint,
    #[sea_orm(
        belongs_to = "super::events::Entity",
        from = "Column::EventId",
        to = "super::events::Column::Id",
        on_delete = "Restrict"
    )]
    Event,
    #[sea_orm(has_many = "super::orders::Entity")]
    Orders,
    #[sea_orm(has_many = "super::payments::Entity")]
    Payments,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl Related<super::communes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Commune.def()
    }
}

impl Related<super::sales_points::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::SalesPoint.def()
    }
}

impl Related<super::events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl Related<super::orders::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Orders.def()
    }
}

impl Related<super::payments::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Payments.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
