//! Which version of each policy has been announced to account holders: a
//! new version is mailed to every account once, whichever server gets
//! there first (the unique key decides), and the first version a site
//! starts with is recorded without mail.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{id, unique};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PolicyAnnouncements {
    Table,
    Id,
    Slug,
    Version,
    Recipients,
    AnnouncedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PolicyAnnouncements::Table)
                    .col(id(PolicyAnnouncements::Id))
                    .col(string(PolicyAnnouncements::Slug))
                    .col(string(PolicyAnnouncements::Version))
                    // 0 for the version a site started with.
                    .col(integer(PolicyAnnouncements::Recipients))
                    .col(timestamp_with_time_zone(PolicyAnnouncements::AnnouncedAt))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_policy_announcements_slug_version",
                PolicyAnnouncements::Table,
                [PolicyAnnouncements::Slug, PolicyAnnouncements::Version],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PolicyAnnouncements::Table).take())
            .await
    }
}
