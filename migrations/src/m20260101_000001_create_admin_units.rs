//! Provinces, communes and the six OCOP product groups: the register everything
//! else points at.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Provinces {
    Table,
    Id,
    Code,
    Name,
    FullName,
    NameEn,
    Slug,
    NameKey,
    Kind,
    DatasetVersion,
}

#[derive(DeriveIden)]
enum Communes {
    Table,
    Id,
    Code,
    ProvinceId,
    Name,
    FullName,
    NameEn,
    Slug,
    Kind,
    NameKey,
    FullNameKey,
}

#[derive(DeriveIden)]
enum ProductGroups {
    Table,
    Id,
    NameVi,
    NameEn,
    Slug,
    IsTourism,
}

/// The groups of the national OCOP programme (Decision 148/QĐ-TTg). They are
/// fixed by law, so they ship with the schema instead of with the importer.
const PRODUCT_GROUPS: [(i16, &str, &str, &str, bool); 6] = [
    (1, "Thực phẩm", "Food", "thuc-pham", false),
    (2, "Đồ uống", "Beverages", "do-uong", false),
    (
        3,
        "Dược liệu và sản phẩm từ dược liệu",
        "Herbal and medicinal products",
        "duoc-lieu",
        false,
    ),
    (
        4,
        "Thủ công mỹ nghệ",
        "Handicrafts",
        "thu-cong-my-nghe",
        false,
    ),
    (
        5,
        "Sinh vật cảnh",
        "Ornamental plants and animals",
        "sinh-vat-canh",
        false,
    ),
    (
        6,
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "Community and eco-tourism services and tourist sites",
        "du-lich",
        true,
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Provinces::Table)
                    .col(id(Provinces::Id))
                    .col(string(Provinces::Code))
                    .col(string(Provinces::Name))
                    .col(string(Provinces::FullName))
                    .col(string(Provinces::NameEn))
                    .col(string(Provinces::Slug))
                    .col(string(Provinces::NameKey))
                    .col(string(Provinces::Kind))
                    .col(string(Provinces::DatasetVersion))
                    .col(created_at())
                    .col(updated_at())
                    .check(check_in(
                        "ck_provinces_kind",
                        Provinces::Kind,
                        &["municipality", "province"],
                    ))
                    .take(),
            )
            .await?;
        for (name, col) in [
            ("uq_provinces_code", Provinces::Code),
            ("uq_provinces_slug", Provinces::Slug),
            // Two provinces whose names fold to the same key could not be told
            // apart when an import file names a province in plain text.
            ("uq_provinces_name_key", Provinces::NameKey),
        ] {
            manager
                .create_index(unique(name, Provinces::Table, [col]))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Communes::Table)
                    .col(id(Communes::Id))
                    .col(string(Communes::Code))
                    .col(big_integer(Communes::ProvinceId))
                    .col(string(Communes::Name))
                    .col(string(Communes::FullName))
                    .col(string(Communes::NameEn))
                    .col(string(Communes::Slug))
                    .col(string(Communes::Kind))
                    .col(string(Communes::NameKey))
                    .col(string(Communes::FullNameKey))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_communes_province_id",
                        (Communes::Table, Communes::ProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(check_in(
                        "ck_communes_kind",
                        Communes::Kind,
                        &["commune", "ward", "special_zone"],
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_communes_code",
                Communes::Table,
                [Communes::Code],
            ))
            .await?;
        // Names are only unique within a province, and imports look them up
        // either bare ("Thới Lai") or with their kind ("Xã Thới Lai").
        manager
            .create_index(index(
                "ix_communes_province_id_name_key",
                Communes::Table,
                [Communes::ProvinceId, Communes::NameKey],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_communes_province_id_full_name_key",
                Communes::Table,
                [Communes::ProvinceId, Communes::FullNameKey],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProductGroups::Table)
                    // Not auto-increment: the ids are the programme's own numbering.
                    .col(small_integer(ProductGroups::Id).primary_key())
                    .col(string(ProductGroups::NameVi))
                    .col(string(ProductGroups::NameEn))
                    .col(string(ProductGroups::Slug))
                    .col(boolean(ProductGroups::IsTourism).default(false))
                    .col(created_at())
                    .col(updated_at())
                    .check(Check::named(
                        "ck_product_groups_id",
                        Expr::col(ProductGroups::Id).between(1, 6),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_product_groups_slug",
                ProductGroups::Table,
                [ProductGroups::Slug],
            ))
            .await?;

        let mut insert = Query::insert();
        insert.into_table(ProductGroups::Table).columns([
            ProductGroups::Id,
            ProductGroups::NameVi,
            ProductGroups::NameEn,
            ProductGroups::Slug,
            ProductGroups::IsTourism,
        ]);
        for (group_id, name_vi, name_en, slug, is_tourism) in PRODUCT_GROUPS {
            insert.values_panic([
                group_id.into(),
                name_vi.into(),
                name_en.into(),
                slug.into(),
                is_tourism.into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ProductGroups::Table.into_iden(),
            Communes::Table.into_iden(),
            Provinces::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
