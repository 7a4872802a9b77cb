//! `plan_uploads`: plan files administrators uploaded, kept as sent.

use sea_orm::entity::prelude::*;

/// An uploaded file; `stored_at` once its plan was stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_uploads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub uploaded_by: i64,
    pub file_name: String,
    /// The file's text (empty when it was not UTF-8).
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub stored_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

/// The tables `plan_uploads` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UploadedBy",
        to = "super::users::Column::Id",
        on_delete = "Restrict"
    )]
    UploadedBy,
}

impl ActiveModelBehavior for ActiveModel {}
