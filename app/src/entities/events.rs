//! `events`: fairs, exhibitions, trade conferences and livestreams.

use sea_orm::entity::prelude::*;

/// An event; `ends_at` is not before `starts_at`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub kind: String,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    pub province_id: i64,
    pub commune_id: Option<i64>,
    pub venue: Option<String>,
    pub stream_url: Option<String>,
    pub platform: Option<String>,
    pub organizer: String,
    pub host: Option<String>,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub status: crate::domain::EventStatus,
    pub contracts_signed: i32,
    pub contracts_value_vnd: i64,
    #[sea_orm(column_type = "Text")]
    pub results_note: Option<String>,
    /// Map position (WGS 84), when someone has set it; never guessed.
    pub lat: Option<f64>,
    /// Map position, with `lat`.
    pub lon: Option<f64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `events` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
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
    #[sea_orm(has_many = "super::event_participants::Entity")]
    Participants,
    #[sea_orm(has_many = "super::event_products::Entity")]
    Products,
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

impl Related<super::event_participants::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Participants.def()
    }
}

impl Related<super::event_products::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Products.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
