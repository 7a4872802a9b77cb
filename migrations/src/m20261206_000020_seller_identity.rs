//! Who sells: every stall's legal identity (its business registration or tax
//! code beside the register's name, kind, address and phone), verified by the
//! area's officer before the stall may publish (Decree 52/2013 as amended by
//! Decree 85/2021: a marketplace identifies its sellers), and the
//! applications of producers who open a stall themselves ("Đăng ký mở gian
//! hàng"), each with its certificate scan, waiting for the area's officer.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Producers {
    Table,
    Id,
    RegistrationNo,
    IdentityVerifiedAt,
    IdentityVerifiedBy,
    IdentityVerifier,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    ApplicationDraft,
}

#[derive(DeriveIden, Clone, Copy)]
enum ProducerApplications {
    Table,
    Id,
    Status,
    Email,
    ContactName,
    LegalName,
    Kind,
    RegistrationNo,
    Address,
    Phone,
    ProductCode,
    DecisionNo,
    DecidedOn,
    ProducerId,
    CertificateType,
    Certificate,
    CertificateSha256,
    ReviewedAt,
    ReviewedBy,
    RefusalReason,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters a table one change at a time.
        for column in [
            string_null(Producers::RegistrationNo),
            timestamp_with_time_zone_null(Producers::IdentityVerifiedAt),
            // The verifying account, for the record (the audit log has the
            // rest); a plain number, as SQLite adds no foreign key to a
            // table that exists.
            big_integer_null(Producers::IdentityVerifiedBy),
            // Who verified, as shown on the stall ("Sở Công Thương Cần Thơ").
            string_null(Producers::IdentityVerifier),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Producers::Table)
                        .add_column(column)
                        .take(),
                )
                .await?;
        }
        // What an applicant typed, kept with their session while a refused
        // application form is shown again without JavaScript.
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(text_null(Sessions::ApplicationDraft))
                    .take(),
            )
            .await?;
        let t = ProducerApplications::Table;
        manager
            .create_table(
                Table::create()
                    .table(t)
                    .col(id(ProducerApplications::Id))
                    .col(string(ProducerApplications::Status))
                    .col(string(ProducerApplications::Email))
                    .col(string(ProducerApplications::ContactName))
                    .col(string(ProducerApplications::LegalName))
                    .col(string(ProducerApplications::Kind))
                    .col(string(ProducerApplications::RegistrationNo))
                    .col(string(ProducerApplications::Address))
                    .col(string(ProducerApplications::Phone))
                    .col(string_null(ProducerApplications::ProductCode))
                    .col(string_null(ProducerApplications::DecisionNo))
                    .col(date_null(ProducerApplications::DecidedOn))
                    .col(big_integer(ProducerApplications::ProducerId))
                    .col(string(ProducerApplications::CertificateType))
                    .col(blob(ProducerApplications::Certificate))
                    .col(string(ProducerApplications::CertificateSha256))
                    .col(timestamp_with_time_zone_null(
                        ProducerApplications::ReviewedAt,
                    ))
                    .col(big_integer_null(ProducerApplications::ReviewedBy))
                    .col(text_null(ProducerApplications::RefusalReason))
                    .col(big_integer_null(ProducerApplications::UserId))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_producer_applications_producer_id",
                        (t, ProducerApplications::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_producer_applications_reviewed_by",
                        (t, ProducerApplications::ReviewedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_producer_applications_user_id",
                        (t, ProducerApplications::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(check_in(
                        "ck_producer_applications_status",
                        ProducerApplications::Status,
                        &["pending", "approved", "refused"],
                    ))
                    .check(check_in(
                        "ck_producer_applications_kind",
                        ProducerApplications::Kind,
                        &["cooperative", "sme", "household", "coop_group", "other"],
                    ))
                    .check(check_in(
                        "ck_producer_applications_certificate_type",
                        ProducerApplications::CertificateType,
                        &["pdf", "jpeg"],
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_producer_applications_status_id",
                t,
                [ProducerApplications::Status, ProducerApplications::Id],
            ))
            .await?;
        // One application waiting per producer: two sent at once (a double
        // click, two tabs) cannot both wait. The same partial-index words on
        // both backends.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX uq_producer_applications_pending \
                 ON producer_applications (producer_id) WHERE status = 'pending'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProducerApplications::Table).take())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(Sessions::ApplicationDraft)
                    .take(),
            )
            .await?;
        for column in [
            Producers::IdentityVerifier,
            Producers::IdentityVerifiedBy,
            Producers::IdentityVerifiedAt,
            Producers::RegistrationNo,
        ] {
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
