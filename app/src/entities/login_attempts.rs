//! `login_attempts`: the log of sign-in attempts used for rate limiting.

use sea_orm::entity::prelude::*;

/// A sign-in attempt; `key` is a hashed e-mail or address.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub key: String,
    pub attempted_at: DateTimeUtc,
    pub succeeded: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

/// `login_attempts` points at no other table.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
