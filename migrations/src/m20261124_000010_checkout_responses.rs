//! The first answer to a checkout, kept with it: a retried request with the
//! same `Idempotency-Key` (a double click, a lost connection) gets exactly
//! that answer again, including the guest's order link, instead of a second
//! checkout.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Checkouts {
    Table,
    ResponseBody,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Checkouts::Table)
                    .add_column(text_null(Checkouts::ResponseBody))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Checkouts::Table)
                    .drop_column(Checkouts::ResponseBody)
                    .take(),
            )
            .await
    }
}
