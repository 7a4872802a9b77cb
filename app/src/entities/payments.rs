//! `payments`: payments of a checkout (cash on delivery, VietQR transfer, card).

use sea_orm::entity::prelude::*;

/// A payment; for cards `provider_ref` is the Stripe Checkout Session id and
/// `provider_payment_ref` its PaymentIntent id (known once paid).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub checkout_id: i64,
    pub method: crate::domain::PaymentMethod,
    pub status: crate::domain::PaymentStatus,
    pub amount_vnd: i64,
    pub provider_ref: Option<String>,
    pub provider_payment_ref: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub vietqr_payload: Option<String>,
    pub confirmed_by_user_id: Option<i64>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `payments` is joined with.
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
        belongs_to = "super::users::Entity",
        from = "Column::ConfirmedByUserId",
        to = "super::users::Column::Id",
        on_delete = "SetNull"
    )]
    ConfirmedBy,
}

impl Related<super::checkouts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Checkout.def()
    }
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ConfirmedBy.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
