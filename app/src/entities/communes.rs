//! `communes`: a commune, ward or special zone of a province.

use sea_orm::entity::prelude::*;

/// A commune-level unit; `name_key`/`full_name_key` are folded for matching imported text.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "communes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: String,
    pub province_id: i64,
    pub name: String,
    pub full_name: String,
    pub name_en: String,
    pub slug: String,
    pub kind: String,
    pub name_key: String,
    pub full_name_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `communes` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::provinces::Entity",
        from = "Column::ProvinceId",
        to = "super::provinces::Column::Id",
        on_delete = "Restrict"
    )]
    Province,
}

impl Related<super::provinces::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Province.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
