//! `policy_acceptances`: which version of which policy an account accepted.

use sea_orm::entity::prelude::*;

/// One acceptance; unique by (user, slug, version).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_acceptances")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    /// The policy's slug (`quy-che-hoat-dong`, `bao-mat`).
    pub slug: String,
    /// Its version accepted.
    pub version: String,
    pub accepted_at: DateTimeUtc,
}

/// The tables `policy_acceptances` is joined with.
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
