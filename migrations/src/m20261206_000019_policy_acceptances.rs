//! Which version of which policy each account accepted, and when: the
//! operating rules and the privacy notice are accepted at sign-up and again
//! at the first sign-in after a new version takes effect (Decree 52/2013 as
//! amended; the personal data law asks for the consent to be provable).

use sea_orm_migration::{prelude::*, schema::*};

use crate::{fk, id, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PolicyAcceptances {
    Table,
    Id,
    UserId,
    Slug,
    Version,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PolicyAcceptances::Table)
                    .col(id(PolicyAcceptances::Id))
                    .col(big_integer(PolicyAcceptances::UserId))
                    .col(string(PolicyAcceptances::Slug))
                    .col(string(PolicyAcceptances::Version))
                    .col(timestamp_with_time_zone(PolicyAcceptances::AcceptedAt))
                    // The record is the account's: it goes with it.
                    .foreign_key(&mut fk(
                        "fk_policy_acceptances_user_id",
                        (PolicyAcceptances::Table, PolicyAcceptances::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        // One acceptance per account, policy and version: accepting twice
        // (two tabs, a repeated form) keeps the first.
        manager
            .create_index(unique(
                "uq_policy_acceptances_user_slug_version",
                PolicyAcceptances::Table,
                [
                    PolicyAcceptances::UserId,
                    PolicyAcceptances::Slug,
                    PolicyAcceptances::Version,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PolicyAcceptances::Table).take())
            .await
    }
}
