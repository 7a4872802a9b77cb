//! OCOP development plans with their targets, and the two outboxes that let
//! work leave a transaction safely (search index updates, e-mail).

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    PlanKey,
    Title,
    AreaName,
    ProvinceId,
    CommuneId,
    PeriodFrom,
    PeriodTo,
    SourceFile,
    ContentSha256,
}

#[derive(DeriveIden)]
enum PlanTargets {
    Table,
    Id,
    PlanId,
    Position,
    Metric,
    Op,
    Value,
    ByDate,
    Source,
}

#[derive(DeriveIden)]
enum SearchOutbox {
    Table,
    Id,
    Entity,
    EntityId,
    Action,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    Id,
    ToAddress,
    Subject,
    BodyText,
    BodyHtml,
    Status,
    Attempts,
    LastError,
    SentAt,
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(id(Plans::Id))
                    .col(string(Plans::PlanKey))
                    .col(string(Plans::Title))
                    .col(string(Plans::AreaName))
                    .col(big_integer_null(Plans::ProvinceId))
                    .col(big_integer_null(Plans::CommuneId))
                    .col(date(Plans::PeriodFrom))
                    .col(date(Plans::PeriodTo))
                    .col(string(Plans::SourceFile))
                    // Lets a re-import skip a plan file that has not changed.
                    .col(string(Plans::ContentSha256))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_plans_province_id",
                        (Plans::Table, Plans::ProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_plans_commune_id",
                        (Plans::Table, Plans::CommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique("uq_plans_plan_key", Plans::Table, [Plans::PlanKey]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanTargets::Table)
                    .col(id(PlanTargets::Id))
                    .col(big_integer(PlanTargets::PlanId))
                    .col(integer(PlanTargets::Position))
                    .col(string(PlanTargets::Metric))
                    .col(string(PlanTargets::Op))
                    .col(double(PlanTargets::Value))
                    .col(date_null(PlanTargets::ByDate))
                    // The sentence of the plan the target was read from, shown
                    // next to the figure so officers can check it.
                    .col(text(PlanTargets::Source))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_plan_targets_plan_id",
                        (PlanTargets::Table, PlanTargets::PlanId),
                        (Plans::Table, Plans::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(check_in(
                        "ck_plan_targets_op",
                        PlanTargets::Op,
                        &[">=", "<=", "=", ">", "<"],
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_plan_targets_plan_id",
                PlanTargets::Table,
                [PlanTargets::PlanId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SearchOutbox::Table)
                    // Replicas apply entries in id order and remember the last
                    // one applied, so ids must never be reused (AUTOINCREMENT
                    // on SQLite, an identity sequence on PostgreSQL). Ids are
                    // taken at insert, not at commit: on PostgreSQL a reader
                    // must not skip past a gap that a slower transaction fills.
                    .col(id(SearchOutbox::Id))
                    .col(string(SearchOutbox::Entity))
                    .col(big_integer(SearchOutbox::EntityId))
                    .col(string(SearchOutbox::Action))
                    .col(created_at())
                    .col(updated_at())
                    .check(check_in(
                        "ck_search_outbox_entity",
                        SearchOutbox::Entity,
                        &["product", "producer"],
                    ))
                    .check(check_in(
                        "ck_search_outbox_action",
                        SearchOutbox::Action,
                        &["upsert", "delete"],
                    ))
                    .take(),
            )
            .await?;
        // Old entries are pruned by age.
        manager
            .create_index(index(
                "ix_search_outbox_created_at",
                SearchOutbox::Table,
                [crate::Stamp::CreatedAt],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MailOutbox::Table)
                    .col(id(MailOutbox::Id))
                    .col(string(MailOutbox::ToAddress))
                    .col(string(MailOutbox::Subject))
                    .col(text(MailOutbox::BodyText))
                    .col(text_null(MailOutbox::BodyHtml))
                    .col(string(MailOutbox::Status).default("pending"))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(text_null(MailOutbox::LastError))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .col(created_at())
                    .col(updated_at())
                    .check(check_in(
                        "ck_mail_outbox_status",
                        MailOutbox::Status,
                        &["pending", "sent", "failed"],
                    ))
                    .take(),
            )
            .await?;
        // The sender polls for pending mail.
        manager
            .create_index(index(
                "ix_mail_outbox_status",
                MailOutbox::Table,
                [MailOutbox::Status],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            MailOutbox::Table.into_iden(),
            SearchOutbox::Table.into_iden(),
            PlanTargets::Table.into_iden(),
            Plans::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
