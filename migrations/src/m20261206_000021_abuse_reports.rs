//! Reports of listings and stalls ("Báo cáo vi phạm"), and what moderation
//! made of them: the law asks a marketplace to take down unlawful listings
//! quickly and to handle complaints (Decree 52/2013 as amended, art. 36–37).
//! A hidden listing and a suspended stall are marked on the product and the
//! producer, so that every query of what shoppers see leaves them out.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    HiddenAt,
}

#[derive(DeriveIden)]
enum Producers {
    Table,
    Id,
    SuspendedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum AbuseReports {
    Table,
    Id,
    Target,
    ProductId,
    ProducerId,
    ReviewId,
    Reason,
    Details,
    EvidenceUrl,
    ReporterEmail,
    ReporterId,
    Status,
    DecisionReason,
    DecidedBy,
    DecidedAt,
    ProducerAnswer,
    AnsweredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Products::Table)
                    .add_column(timestamp_with_time_zone_null(Products::HiddenAt))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Producers::Table)
                    .add_column(timestamp_with_time_zone_null(Producers::SuspendedAt))
                    .take(),
            )
            .await?;
        let t = AbuseReports::Table;
        manager
            .create_table(
                Table::create()
                    .table(t)
                    .col(id(AbuseReports::Id))
                    .col(string(AbuseReports::Target))
                    .col(big_integer_null(AbuseReports::ProductId))
                    .col(big_integer(AbuseReports::ProducerId))
                    // Reviews come later; the id is kept as sent.
                    .col(big_integer_null(AbuseReports::ReviewId))
                    .col(string(AbuseReports::Reason))
                    .col(text(AbuseReports::Details))
                    .col(string_null(AbuseReports::EvidenceUrl))
                    .col(string_null(AbuseReports::ReporterEmail))
                    .col(big_integer_null(AbuseReports::ReporterId))
                    .col(string(AbuseReports::Status))
                    .col(text_null(AbuseReports::DecisionReason))
                    .col(big_integer_null(AbuseReports::DecidedBy))
                    .col(timestamp_with_time_zone_null(AbuseReports::DecidedAt))
                    .col(text_null(AbuseReports::ProducerAnswer))
                    .col(timestamp_with_time_zone_null(AbuseReports::AnsweredAt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_abuse_reports_product_id",
                        (t, AbuseReports::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_abuse_reports_producer_id",
                        (t, AbuseReports::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_abuse_reports_reporter_id",
                        (t, AbuseReports::ReporterId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_abuse_reports_decided_by",
                        (t, AbuseReports::DecidedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(check_in(
                        "ck_abuse_reports_target",
                        AbuseReports::Target,
                        &["product", "stall", "review"],
                    ))
                    .check(check_in(
                        "ck_abuse_reports_reason",
                        AbuseReports::Reason,
                        &[
                            "counterfeit_logo",
                            "expired_certification",
                            "wrong_information",
                            "prohibited_goods",
                            "intellectual_property",
                            "other",
                        ],
                    ))
                    .check(check_in(
                        "ck_abuse_reports_status",
                        AbuseReports::Status,
                        &["open", "hidden", "suspended", "restored", "dismissed"],
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_abuse_reports_status_id",
                t,
                [AbuseReports::Status, AbuseReports::Id],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_abuse_reports_producer_id",
                t,
                [AbuseReports::ProducerId],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AbuseReports::Table).take())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Producers::Table)
                    .drop_column(Producers::SuspendedAt)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Products::Table)
                    .drop_column(Products::HiddenAt)
                    .take(),
            )
            .await
    }
}
