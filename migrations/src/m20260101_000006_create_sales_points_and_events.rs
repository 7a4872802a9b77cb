//! Physical OCOP sales points and the events (fairs, exhibitions, trade
//! conferences, livestreams) producers take part in.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, non_negative, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SalesPoints {
    Table,
    Id,
    Code,
    Name,
    Kind,
    ProvinceId,
    CommuneId,
    Address,
    Lat,
    Lon,
    OpeningHours,
    Phone,
    OpenedOn,
    ClosedOn,
}

#[derive(DeriveIden)]
enum SalesPointProducts {
    Table,
    Id,
    SalesPointId,
    ProductId,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Code,
    Kind,
    Title,
    Description,
    ProvinceId,
    CommuneId,
    Venue,
    StreamUrl,
    Platform,
    Organizer,
    Host,
    StartsAt,
    EndsAt,
    Status,
    ContractsSigned,
    ContractsValueVnd,
    ResultsNote,
}

#[derive(DeriveIden)]
enum EventParticipants {
    Table,
    Id,
    EventId,
    ProducerId,
    Status,
    BoothNo,
}

#[derive(DeriveIden)]
enum EventProducts {
    Table,
    Id,
    EventId,
    ProductId,
    Position,
    LivePriceVnd,
    SlotStartsAt,
    SlotEndsAt,
    Host,
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
enum Producers {
    Table,
    Id,
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
                    .table(SalesPoints::Table)
                    .col(id(SalesPoints::Id))
                    .col(string(SalesPoints::Code))
                    .col(string(SalesPoints::Name))
                    .col(string(SalesPoints::Kind))
                    .col(big_integer(SalesPoints::ProvinceId))
                    .col(big_integer(SalesPoints::CommuneId))
                    .col(string(SalesPoints::Address))
                    .col(double(SalesPoints::Lat))
                    .col(double(SalesPoints::Lon))
                    .col(string_null(SalesPoints::OpeningHours))
                    .col(string_null(SalesPoints::Phone))
                    .col(date(SalesPoints::OpenedOn))
                    .col(date_null(SalesPoints::ClosedOn))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_sales_points_province_id",
                        (SalesPoints::Table, SalesPoints::ProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sales_points_commune_id",
                        (SalesPoints::Table, SalesPoints::CommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(check_in(
                        "ck_sales_points_kind",
                        SalesPoints::Kind,
                        &[
                            "store",
                            "tourist_site",
                            "pagoda",
                            "supermarket_corner",
                            "rest_stop",
                            "craft_village",
                        ],
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_sales_points_code",
                SalesPoints::Table,
                [SalesPoints::Code],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SalesPointProducts::Table)
                    .col(id(SalesPointProducts::Id))
                    .col(big_integer(SalesPointProducts::SalesPointId))
                    .col(big_integer(SalesPointProducts::ProductId))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_sales_point_products_sales_point_id",
                        (SalesPointProducts::Table, SalesPointProducts::SalesPointId),
                        (SalesPoints::Table, SalesPoints::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_sales_point_products_product_id",
                        (SalesPointProducts::Table, SalesPointProducts::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_sales_point_products_sales_point_id_product_id",
                SalesPointProducts::Table,
                [
                    SalesPointProducts::SalesPointId,
                    SalesPointProducts::ProductId,
                ],
            ))
            .await?;
        // A product page lists where the product can be bought.
        manager
            .create_index(index(
                "ix_sales_point_products_product_id",
                SalesPointProducts::Table,
                [SalesPointProducts::ProductId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(id(Events::Id))
                    .col(string(Events::Code))
                    .col(string(Events::Kind))
                    .col(string(Events::Title))
                    .col(text_null(Events::Description))
                    .col(big_integer(Events::ProvinceId))
                    .col(big_integer_null(Events::CommuneId))
                    .col(string_null(Events::Venue))
                    .col(string_null(Events::StreamUrl))
                    .col(string_null(Events::Platform))
                    .col(string(Events::Organizer))
                    .col(string_null(Events::Host))
                    .col(timestamp_with_time_zone(Events::StartsAt))
                    .col(timestamp_with_time_zone(Events::EndsAt))
                    .col(string(Events::Status))
                    .col(integer(Events::ContractsSigned).default(0))
                    .col(big_integer(Events::ContractsValueVnd).default(0))
                    .col(text_null(Events::ResultsNote))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_events_province_id",
                        (Events::Table, Events::ProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_events_commune_id",
                        (Events::Table, Events::CommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(check_in(
                        "ck_events_kind",
                        Events::Kind,
                        &["fair", "exhibition", "trade_conference", "livestream"],
                    ))
                    .check(check_in(
                        "ck_events_status",
                        Events::Status,
                        &[
                            "draft",
                            "open",
                            "scheduled",
                            "live",
                            "finished",
                            "cancelled",
                        ],
                    ))
                    .check(non_negative(
                        "ck_events_contracts_value_vnd",
                        Events::ContractsValueVnd,
                    ))
                    // Instants are stored in UTC on both backends, so comparing
                    // them is meaningful even where SQLite keeps them as text.
                    .check(Check::named(
                        "ck_events_ends_at",
                        Expr::col(Events::EndsAt).gte(Expr::col(Events::StartsAt)),
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique("uq_events_code", Events::Table, [Events::Code]))
            .await?;
        // Calendars list upcoming events in start order.
        manager
            .create_index(index(
                "ix_events_starts_at",
                Events::Table,
                [Events::StartsAt],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EventParticipants::Table)
                    .col(id(EventParticipants::Id))
                    .col(big_integer(EventParticipants::EventId))
                    .col(big_integer(EventParticipants::ProducerId))
                    .col(string(EventParticipants::Status))
                    .col(string_null(EventParticipants::BoothNo))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_event_participants_event_id",
                        (EventParticipants::Table, EventParticipants::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_event_participants_producer_id",
                        (EventParticipants::Table, EventParticipants::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(check_in(
                        "ck_event_participants_status",
                        EventParticipants::Status,
                        &["pending", "approved", "rejected"],
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_event_participants_event_id_producer_id",
                EventParticipants::Table,
                [EventParticipants::EventId, EventParticipants::ProducerId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EventProducts::Table)
                    .col(id(EventProducts::Id))
                    .col(big_integer(EventProducts::EventId))
                    .col(big_integer(EventProducts::ProductId))
                    .col(integer_null(EventProducts::Position))
                    .col(big_integer_null(EventProducts::LivePriceVnd))
                    .col(timestamp_with_time_zone_null(EventProducts::SlotStartsAt))
                    .col(timestamp_with_time_zone_null(EventProducts::SlotEndsAt))
                    .col(string_null(EventProducts::Host))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_event_products_event_id",
                        (EventProducts::Table, EventProducts::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_event_products_product_id",
                        (EventProducts::Table, EventProducts::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(non_negative(
                        "ck_event_products_live_price_vnd",
                        EventProducts::LivePriceVnd,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_event_products_event_id_product_id",
                EventProducts::Table,
                [EventProducts::EventId, EventProducts::ProductId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EventProducts::Table.into_iden(),
            EventParticipants::Table.into_iden(),
            Events::Table.into_iden(),
            SalesPointProducts::Table.into_iden(),
            SalesPoints::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
