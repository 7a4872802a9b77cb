//! Map positions for producers and events, so the digital map (Đồng Tháp
//! plan II.7) can place them. Nullable: nobody knows them yet, and a
//! missing position is listed beside the map rather than invented. Sales
//! points already carry theirs.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Producers {
    Table,
    Lat,
    Lon,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Lat,
    Lon,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [Producers::Lat, Producers::Lon] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Producers::Table)
                        .add_column(double_null(column))
                        .take(),
                )
                .await?;
        }
        for column in [Events::Lat, Events::Lon] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Events::Table)
                        .add_column(double_null(column))
                        .take(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Events::Lon, Events::Lat] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Events::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        for column in [Producers::Lon, Producers::Lat] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Producers::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
