//! `sessions`: browser sessions, signed in or a guest's (who may have a cart).

use sea_orm::entity::prelude::*;

/// A session; only the SHA-256 of the cookie value is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub token_hash: String,
    pub user_id: Option<i64>,
    pub csrf_token: String,
    pub expires_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    #[sea_orm(column_type = "Text", nullable)]
    pub checkout_draft: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub application_draft: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// The tables `sessions` is joined with.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id",
        on_delete = "Cascade"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
