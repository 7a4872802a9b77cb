//! `provinces`: a province or centrally-run municipality, from the official register.

use sea_orm::entity::prelude::*;

/// A province as imported from the official list of administrative units.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "provinces")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub name: String,
    pub full_name: String,
    pub name_en: String,
    pub slug: String,
    pub name_key: String,
    pub kind: String,
    pub dataset_version: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `provinces` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::communes::Entity")]
    Communes,
}

impl Related<super::communes::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Communes.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
