//! `plans`: OCOP development plans read from plan files.

use sea_orm::entity::prelude::*;

/// A plan; `plan_key` is the file's `id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_key: String,
    pub title: String,
    pub area_name: String,
    pub province_id: Option<i64>,
    pub commune_id: Option<i64>,
    pub period_from: Date,
    pub period_to: Date,
    pub source_file: String,
    pub content_sha256: String,
    /// The file's reporting deadlines as JSON (`[{"kind", "due"}]`).
    pub report_schedule: Option<String>,
    /// The administrator who uploaded the version in force (`None`: the
    /// shipped file).
    pub uploaded_by: Option<String>,
    /// When the plan was retired: it leaves the reports.
    pub retired_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `plans` is joined with.
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
    #[sea_orm(has_many = "super::plan_targets::Entity")]
    Targets,
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

impl Related<super::plan_targets::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Targets.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
