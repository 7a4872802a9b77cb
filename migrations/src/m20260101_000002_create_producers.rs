//! Uploaded media and the producers (cooperatives, businesses, households)
//! that own OCOP products.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, non_negative, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    Path,
    ContentType,
    Width,
    Height,
    Bytes,
    Sha256,
    UploadedByUserId,
}

#[derive(DeriveIden)]
enum Producers {
    Table,
    Id,
    Code,
    Slug,
    Name,
    Kind,
    ProvinceId,
    CommuneId,
    Address,
    Representative,
    WomenLed,
    EthnicMinorityLed,
    Phone,
    Email,
    Website,
    HasEpayment,
    BankBin,
    BankAccountNo,
    BankAccountName,
    StoryHtml,
    LogoMediaId,
    CoverMediaId,
    ShipSameProvinceVnd,
    ShipOtherProvinceVnd,
    FreeShipOverVnd,
}

#[derive(DeriveIden)]
enum Provinces {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Communes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut media = Table::create();
        media
            .table(Media::Table)
            .col(id(Media::Id))
            .col(string(Media::Path))
            .col(string(Media::ContentType))
            .col(integer(Media::Width))
            .col(integer(Media::Height))
            .col(big_integer(Media::Bytes))
            .col(string(Media::Sha256))
            .col(big_integer_null(Media::UploadedByUserId))
            .col(created_at())
            .col(updated_at());
        // media → users → producers → media is a cycle. SQLite accepts a foreign
        // key to a table that does not exist yet (it checks them on writes only)
        // but cannot add one later; PostgreSQL is the other way round, so there
        // the users migration adds this key once `users` exists.
        if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            media.foreign_key(&mut uploaded_by_user_fk());
        }
        manager.create_table(media).await?;
        manager
            .create_index(unique("uq_media_path", Media::Table, [Media::Path]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Producers::Table)
                    .col(id(Producers::Id))
                    .col(string(Producers::Code))
                    .col(string(Producers::Slug))
                    .col(string(Producers::Name))
                    .col(string(Producers::Kind))
                    .col(big_integer(Producers::ProvinceId))
                    .col(big_integer(Producers::CommuneId))
                    .col(string(Producers::Address))
                    .col(string(Producers::Representative))
                    .col(boolean(Producers::WomenLed).default(false))
                    .col(boolean(Producers::EthnicMinorityLed).default(false))
                    .col(string(Producers::Phone))
                    .col(string(Producers::Email))
                    .col(string_null(Producers::Website))
                    .col(boolean(Producers::HasEpayment).default(false))
                    .col(string_null(Producers::BankBin))
                    .col(string_null(Producers::BankAccountNo))
                    .col(string_null(Producers::BankAccountName))
                    .col(text_null(Producers::StoryHtml))
                    .col(big_integer_null(Producers::LogoMediaId))
                    .col(big_integer_null(Producers::CoverMediaId))
                    .col(big_integer_null(Producers::ShipSameProvinceVnd))
                    .col(big_integer_null(Producers::ShipOtherProvinceVnd))
                    .col(big_integer_null(Producers::FreeShipOverVnd))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_producers_province_id",
                        (Producers::Table, Producers::ProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_producers_commune_id",
                        (Producers::Table, Producers::CommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    // Deleting an image only leaves the producer without a logo.
                    .foreign_key(&mut fk(
                        "fk_producers_logo_media_id",
                        (Producers::Table, Producers::LogoMediaId),
                        (Media::Table, Media::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_producers_cover_media_id",
                        (Producers::Table, Producers::CoverMediaId),
                        (Media::Table, Media::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(check_in(
                        "ck_producers_kind",
                        Producers::Kind,
                        &["cooperative", "sme", "household", "coop_group", "other"],
                    ))
                    .check(non_negative(
                        "ck_producers_ship_same_province_vnd",
                        Producers::ShipSameProvinceVnd,
                    ))
                    .check(non_negative(
                        "ck_producers_ship_other_province_vnd",
                        Producers::ShipOtherProvinceVnd,
                    ))
                    .check(non_negative(
                        "ck_producers_free_ship_over_vnd",
                        Producers::FreeShipOverVnd,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_producers_code",
                Producers::Table,
                [Producers::Code],
            ))
            .await?;
        manager
            .create_index(unique(
                "uq_producers_slug",
                Producers::Table,
                [Producers::Slug],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_producers_province_id",
                Producers::Table,
                [Producers::ProvinceId],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_producers_commune_id",
                Producers::Table,
                [Producers::CommuneId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Producers::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(Media::Table).take())
            .await
    }
}

/// `fk_media_uploaded_by_user_id`: who uploaded a file is kept only while the
/// account exists.
pub(crate) fn uploaded_by_user_fk() -> ForeignKeyCreateStatement {
    fk(
        "fk_media_uploaded_by_user_id",
        (Media::Table, Media::UploadedByUserId),
        (Users::Table, Users::Id),
        ForeignKeyAction::SetNull,
    )
}

/// The table `uploaded_by_user_fk` belongs to, for dropping it again.
pub(crate) fn media_table() -> DynIden {
    Media::Table.into_iden()
}
