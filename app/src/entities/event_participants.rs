//! `event_participants`: producers taking part in an event.

use sea_orm::entity::prelude::*;

/// A producer's participation in an event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_participants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub event_id: i64,
    pub producer_id: i64,
    pub status: crate::domain::ParticipantStatus,
    pub booth_no: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `event_participants` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::events::Entity",
        from = "Column::EventId",
        to = "super::events::Column::Id",
        on_delete = "Cascade"
    )]
    Event,
    #[sea_orm(
        belongs_to = "super::producers::Entity",
        from = "Column::ProducerId",
        to = "super::producers::Column::Id",
        on_delete = "Cascade"
    )]
    Producer,
}

impl Related<super::events::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Event.def()
    }
}

impl Related<super::producers::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Producer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
