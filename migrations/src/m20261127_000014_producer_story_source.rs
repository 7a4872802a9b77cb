//! A producer's story as they wrote it (Markdown), beside the sanitised HTML
//! the stall page shows, so the profile editor gives back exactly what was
//! typed.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Producers {
    Table,
    StorySource,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Producers::Table)
                    .add_column(text_null(Producers::StorySource))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Producers::Table)
                    .drop_column(Producers::StorySource)
                    .take(),
            )
            .await
    }
}
