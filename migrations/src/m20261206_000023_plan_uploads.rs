//! Plans uploaded by an administrator at `/quan-tri/ke-hoach`: who uploaded
//! the version in force (an uploaded plan outranks the shipped file of the
//! same id, which then no longer overwrites it at start-up), and when a plan
//! was retired (it leaves the reports; its history stays). Every uploaded
//! file is kept in `plan_uploads` as sent, checked again when previewed,
//! and marked when stored.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{created_at, fk, id};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum PlanUploads {
    Table,
    Id,
    UploadedBy,
    FileName,
    Content,
    StoredAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    UploadedBy,
    RetiredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Plans::Table)
                    .add_column(string_null(Plans::UploadedBy))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Plans::Table)
                    .add_column(timestamp_with_time_zone_null(Plans::RetiredAt))
                    .take(),
            )
            .await?;
        let t = PlanUploads::Table;
        manager
            .create_table(
                Table::create()
                    .table(t)
                    .col(id(PlanUploads::Id))
                    .col(big_integer(PlanUploads::UploadedBy))
                    .col(string(PlanUploads::FileName))
                    .col(text(PlanUploads::Content))
                    .col(timestamp_with_time_zone_null(PlanUploads::StoredAt))
                    .col(created_at())
                    .foreign_key(&mut fk(
                        "fk_plan_uploads_uploaded_by",
                        (t, PlanUploads::UploadedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanUploads::Table).take())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Plans::Table)
                    .drop_column(Plans::RetiredAt)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Plans::Table)
                    .drop_column(Plans::UploadedBy)
                    .take(),
            )
            .await
    }
}
