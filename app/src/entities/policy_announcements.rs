//! `policy_announcements`: which policy versions account holders were told of.

use sea_orm::entity::prelude::*;

/// One announced version; unique by (slug, version).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_announcements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub slug: String,
    pub version: String,
    /// Accounts mailed (0 for the version the site started with).
    pub recipients: i32,
    pub announced_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
