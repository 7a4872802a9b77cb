//! OCOP star certifications and the sales channels a product is declared on.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Certifications {
    Table,
    Id,
    ProductId,
    Stars,
    Score,
    DecisionNo,
    DecidedOn,
    ValidUntil,
    Level,
    RecordedByUserId,
}

#[derive(DeriveIden)]
enum ChannelListings {
    Table,
    Id,
    ProductId,
    Channel,
    Platform,
    Url,
    Since,
    Until,
    DeclaredByUserId,
}

#[derive(DeriveIden)]
enum Products {
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
        manager
            .create_table(
                Table::create()
                    .table(Certifications::Table)
                    .col(id(Certifications::Id))
                    .col(big_integer(Certifications::ProductId))
                    .col(small_integer(Certifications::Stars))
                    .col(small_integer(Certifications::Score))
                    .col(string(Certifications::DecisionNo))
                    .col(date(Certifications::DecidedOn))
                    // decided_on + 36 months (exclusive), computed once on write with
                    // calendar month arithmetic, so "valid at D" is a plain
                    // comparison in SQL on both backends.
                    .col(date(Certifications::ValidUntil))
                    .col(string(Certifications::Level))
                    .col(big_integer_null(Certifications::RecordedByUserId))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_certifications_product_id",
                        (Certifications::Table, Certifications::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_certifications_recorded_by_user_id",
                        (Certifications::Table, Certifications::RecordedByUserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    // Only ratings of 3 stars and up lead to a certificate, so
                    // lower ones never reach this table.
                    .check(Check::named(
                        "ck_certifications_stars",
                        Expr::col(Certifications::Stars).between(3, 5),
                    ))
                    .check(Check::named(
                        "ck_certifications_score",
                        Expr::col(Certifications::Score).between(0, 100),
                    ))
                    .check(Check::named(
                        "ck_certifications_valid_until",
                        Expr::col(Certifications::ValidUntil)
                            .gt(Expr::col(Certifications::DecidedOn)),
                    ))
                    .check(check_in(
                        "ck_certifications_level",
                        Certifications::Level,
                        &["province", "national"],
                    ))
                    .take(),
            )
            .await?;
        // Re-importing a decision file must update, not duplicate.
        manager
            .create_index(unique(
                "uq_certifications_product_id_decision_no",
                Certifications::Table,
                [Certifications::ProductId, Certifications::DecisionNo],
            ))
            .await?;
        // The current rating is the latest decision of a product.
        manager
            .create_index(index(
                "ix_certifications_product_id_decided_on",
                Certifications::Table,
                [Certifications::ProductId, Certifications::DecidedOn],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ChannelListings::Table)
                    .col(id(ChannelListings::Id))
                    .col(big_integer(ChannelListings::ProductId))
                    .col(string(ChannelListings::Channel))
                    .col(string(ChannelListings::Platform))
                    .col(string_null(ChannelListings::Url))
                    .col(date(ChannelListings::Since))
                    .col(date_null(ChannelListings::Until))
                    .col(big_integer_null(ChannelListings::DeclaredByUserId))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_channel_listings_product_id",
                        (ChannelListings::Table, ChannelListings::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_channel_listings_declared_by_user_id",
                        (ChannelListings::Table, ChannelListings::DeclaredByUserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    // `marketplace` and `sales_point` are derived from our own
                    // tables when reports are built; storing them would count
                    // the same sales twice.
                    .check(check_in(
                        "ck_channel_listings_channel",
                        ChannelListings::Channel,
                        &[
                            "ecommerce",
                            "social",
                            "supermarket",
                            "convenience_store",
                            "export",
                            "traditional",
                        ],
                    ))
                    .check(Check::named(
                        "ck_channel_listings_until",
                        Expr::col(ChannelListings::Until)
                            .is_null()
                            .or(Expr::col(ChannelListings::Until)
                                .gte(Expr::col(ChannelListings::Since))),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_channel_listings_product_id_channel_platform_since",
                ChannelListings::Table,
                [
                    ChannelListings::ProductId,
                    ChannelListings::Channel,
                    ChannelListings::Platform,
                    ChannelListings::Since,
                ],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChannelListings::Table).take())
            .await?;
        manager
            .drop_table(Table::drop().table(Certifications::Table).take())
            .await
    }
}
