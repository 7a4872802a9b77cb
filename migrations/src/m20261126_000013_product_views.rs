//! Page views of each product, one row per product and day (Asia/Ho_Chi_Minh),
//! for the producer's numbers. A counter per day rather than a row per view:
//! the table stays small (at most one row per product a day) and a view is
//! one upsert that adds one, the same statement on SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{created_at, fk, id, non_negative, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProductViews {
    Table,
    Id,
    ProductId,
    Day,
    Views,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProductViews::Table)
                    .col(id(ProductViews::Id))
                    .col(big_integer(ProductViews::ProductId))
                    .col(date(ProductViews::Day))
                    .col(big_integer(ProductViews::Views).default(0))
                    .col(created_at())
                    .col(updated_at())
                    // Views are the product's own record: they go with it.
                    .foreign_key(&mut fk(
                        "fk_product_views_product_id",
                        (ProductViews::Table, ProductViews::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(non_negative("ck_product_views_views", ProductViews::Views))
                    .take(),
            )
            .await?;
        // The upsert's conflict target, and the producer's numbers read by
        // product and day range through it.
        manager
            .create_index(unique(
                "uq_product_views_product_id_day",
                ProductViews::Table,
                [ProductViews::ProductId, ProductViews::Day],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProductViews::Table).take())
            .await
    }
}
