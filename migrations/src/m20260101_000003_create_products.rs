//! Products and what hangs off them for traceability: the story, photos,
//! raw-material areas and production batches.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{created_at, fk, id, index, non_negative, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    Code,
    Slug,
    ProducerId,
    GroupId,
    Name,
    NameKey,
    Unit,
    PriceVnd,
    Stock,
    Description,
    Published,
    Traceable,
    Origin,
    Version,
}

#[derive(DeriveIden)]
enum ProductStories {
    Table,
    Id,
    ProductId,
    Source,
    Html,
}

#[derive(DeriveIden)]
enum ProductPhotos {
    Table,
    Id,
    ProductId,
    MediaId,
    Position,
    Alt,
}

#[derive(DeriveIden)]
enum RawMaterialAreas {
    Table,
    Id,
    ProductId,
    Name,
    CommuneId,
    AreaHa,
    Description,
}

#[derive(DeriveIden)]
enum ProductBatches {
    Table,
    Id,
    ProductId,
    BatchNo,
    ProducedOn,
    ExpiresOn,
    Quantity,
    Note,
}

#[derive(DeriveIden)]
enum Producers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProductGroups {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Communes {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .col(id(Products::Id))
                    .col(string(Products::Code))
                    .col(string(Products::Slug))
                    .col(big_integer(Products::ProducerId))
                    .col(small_integer(Products::GroupId))
                    .col(string(Products::Name))
                    .col(string(Products::NameKey))
                    .col(string(Products::Unit))
                    .col(big_integer(Products::PriceVnd))
                    .col(big_integer(Products::Stock))
                    .col(text(Products::Description))
                    .col(boolean(Products::Published).default(false))
                    .col(boolean(Products::Traceable).default(false))
                    .col(string_null(Products::Origin))
                    // Bumped on every edit so that a stale edit form is refused
                    // instead of silently overwriting a newer one.
                    .col(integer(Products::Version).default(1))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_products_producer_id",
                        (Products::Table, Products::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_products_group_id",
                        (Products::Table, Products::GroupId),
                        (ProductGroups::Table, ProductGroups::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(non_negative("ck_products_price_vnd", Products::PriceVnd))
                    // Stock is decremented atomically at checkout; the check turns
                    // an oversell race into an error instead of negative stock.
                    .check(non_negative("ck_products_stock", Products::Stock))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_products_code",
                Products::Table,
                [Products::Code],
            ))
            .await?;
        manager
            .create_index(unique(
                "uq_products_slug",
                Products::Table,
                [Products::Slug],
            ))
            .await?;
        for (name, col) in [
            ("ix_products_producer_id", Products::ProducerId),
            ("ix_products_group_id", Products::GroupId),
            ("ix_products_name_key", Products::NameKey),
        ] {
            manager
                .create_index(index(name, Products::Table, [col]))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(ProductStories::Table)
                    .col(id(ProductStories::Id))
                    .col(big_integer(ProductStories::ProductId))
                    .col(text(ProductStories::Source))
                    .col(text(ProductStories::Html))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_product_stories_product_id",
                        (ProductStories::Table, ProductStories::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        // One story per product.
        manager
            .create_index(unique(
                "uq_product_stories_product_id",
                ProductStories::Table,
                [ProductStories::ProductId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductPhotos::Table)
                    .col(id(ProductPhotos::Id))
                    .col(big_integer(ProductPhotos::ProductId))
                    .col(big_integer(ProductPhotos::MediaId))
                    .col(integer(ProductPhotos::Position))
                    .col(string(ProductPhotos::Alt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_product_photos_product_id",
                        (ProductPhotos::Table, ProductPhotos::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    // A file still shown on a product page must not vanish under it.
                    .foreign_key(&mut fk(
                        "fk_product_photos_media_id",
                        (ProductPhotos::Table, ProductPhotos::MediaId),
                        (Media::Table, Media::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_product_photos_product_id_position",
                ProductPhotos::Table,
                [ProductPhotos::ProductId, ProductPhotos::Position],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RawMaterialAreas::Table)
                    .col(id(RawMaterialAreas::Id))
                    .col(big_integer(RawMaterialAreas::ProductId))
                    .col(string(RawMaterialAreas::Name))
                    .col(big_integer_null(RawMaterialAreas::CommuneId))
                    .col(double_null(RawMaterialAreas::AreaHa))
                    .col(text_null(RawMaterialAreas::Description))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_raw_material_areas_product_id",
                        (RawMaterialAreas::Table, RawMaterialAreas::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_raw_material_areas_commune_id",
                        (RawMaterialAreas::Table, RawMaterialAreas::CommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .take(),
            )
            .await?;
        // Every traceability page reads the areas of one product.
        manager
            .create_index(index(
                "ix_raw_material_areas_product_id",
                RawMaterialAreas::Table,
                [RawMaterialAreas::ProductId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductBatches::Table)
                    .col(id(ProductBatches::Id))
                    .col(big_integer(ProductBatches::ProductId))
                    .col(string(ProductBatches::BatchNo))
                    .col(date(ProductBatches::ProducedOn))
                    .col(date_null(ProductBatches::ExpiresOn))
                    .col(big_integer_null(ProductBatches::Quantity))
                    .col(text_null(ProductBatches::Note))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_product_batches_product_id",
                        (ProductBatches::Table, ProductBatches::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        // A batch number is what a shopper types from the label: it must lead
        // to one batch of the product.
        manager
            .create_index(unique(
                "uq_product_batches_product_id_batch_no",
                ProductBatches::Table,
                [ProductBatches::ProductId, ProductBatches::BatchNo],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProductBatches::Table.into_iden(),
            RawMaterialAreas::Table.into_iden(),
            ProductPhotos::Table.into_iden(),
            ProductStories::Table.into_iden(),
            Products::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
