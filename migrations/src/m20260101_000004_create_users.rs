//! Accounts, sessions and the tables behind signing in: password resets,
//! producer invitations and the login-attempt log used for rate limiting.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20260101_000002_create_producers::{media_table, uploaded_by_user_fk};
use crate::{check_in, created_at, fk, id, index, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    Role,
    ProducerId,
    AreaProvinceId,
    AreaCommuneId,
    Locale,
    IsDemo,
    DisabledAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CsrfToken,
    ExpiresAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum PasswordResets {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum ProducerInvitations {
    Table,
    Id,
    ProducerId,
    Email,
    TokenHash,
    InvitedByUserId,
    ExpiresAt,
    AcceptedAt,
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    Key,
    AttemptedAt,
    Succeeded,
}

#[derive(DeriveIden)]
enum Producers {
    Table,
    Id,
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
                    .table(Users::Table)
                    .col(id(Users::Id))
                    .col(string(Users::Email))
                    .col(string(Users::PasswordHash))
                    .col(string(Users::DisplayName))
                    .col(string(Users::Role))
                    .col(big_integer_null(Users::ProducerId))
                    .col(big_integer_null(Users::AreaProvinceId))
                    .col(big_integer_null(Users::AreaCommuneId))
                    .col(string(Users::Locale).default("vi"))
                    .col(boolean(Users::IsDemo).default(false))
                    // Accounts are disabled rather than deleted, so that orders,
                    // certifications and audit trails keep pointing at someone.
                    .col(timestamp_with_time_zone_null(Users::DisabledAt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_users_producer_id",
                        (Users::Table, Users::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_users_area_province_id",
                        (Users::Table, Users::AreaProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_users_area_commune_id",
                        (Users::Table, Users::AreaCommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(check_in(
                        "ck_users_role",
                        Users::Role,
                        &["shopper", "producer", "officer", "admin"],
                    ))
                    .check(check_in("ck_users_locale", Users::Locale, &["vi", "en"]))
                    .take(),
            )
            .await?;
        // The application stores e-mails lowercased, so a plain unique index
        // is enough to stop a second account for the same address.
        manager
            .create_index(unique("uq_users_email", Users::Table, [Users::Email]))
            .await?;
        if manager.get_database_backend() != sea_orm::DbBackend::Sqlite {
            manager.create_foreign_key(uploaded_by_user_fk()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(id(Sessions::Id))
                    // Only a hash: a copy of the database must not let anyone
                    // take over a live session.
                    .col(string(Sessions::TokenHash))
                    .col(big_integer_null(Sessions::UserId))
                    .col(string(Sessions::CsrfToken))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_sessions_user_id",
                        (Sessions::Table, Sessions::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_sessions_token_hash",
                Sessions::Table,
                [Sessions::TokenHash],
            ))
            .await?;
        // Signing out everywhere (after a password change) finds them by user.
        manager
            .create_index(index(
                "ix_sessions_user_id",
                Sessions::Table,
                [Sessions::UserId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PasswordResets::Table)
                    .col(id(PasswordResets::Id))
                    .col(big_integer(PasswordResets::UserId))
                    .col(string(PasswordResets::TokenHash))
                    .col(timestamp_with_time_zone(PasswordResets::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordResets::UsedAt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_password_resets_user_id",
                        (PasswordResets::Table, PasswordResets::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_password_resets_token_hash",
                PasswordResets::Table,
                [PasswordResets::TokenHash],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProducerInvitations::Table)
                    .col(id(ProducerInvitations::Id))
                    .col(big_integer(ProducerInvitations::ProducerId))
                    .col(string(ProducerInvitations::Email))
                    .col(string(ProducerInvitations::TokenHash))
                    .col(big_integer(ProducerInvitations::InvitedByUserId))
                    .col(timestamp_with_time_zone(ProducerInvitations::ExpiresAt))
                    .col(timestamp_with_time_zone_null(
                        ProducerInvitations::AcceptedAt,
                    ))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_producer_invitations_producer_id",
                        (ProducerInvitations::Table, ProducerInvitations::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_producer_invitations_invited_by_user_id",
                        (
                            ProducerInvitations::Table,
                            ProducerInvitations::InvitedByUserId,
                        ),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_producer_invitations_token_hash",
                ProducerInvitations::Table,
                [ProducerInvitations::TokenHash],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(id(LoginAttempts::Id))
                    // Hashed, so the log never holds an e-mail or an IP address.
                    .col(string(LoginAttempts::Key))
                    // No default: SQLite's CURRENT_TIMESTAMP text ("2026-01-02
                    // 08:00:00") does not sort against the RFC 3339 text sea-orm
                    // writes, and the rate limit compares this column with `now`.
                    .col(timestamp_with_time_zone(LoginAttempts::AttemptedAt))
                    .col(boolean(LoginAttempts::Succeeded))
                    .col(created_at())
                    .col(updated_at())
                    .take(),
            )
            .await?;
        // Rate limiting counts one key's recent attempts.
        manager
            .create_index(index(
                "ix_login_attempts_key_attempted_at",
                LoginAttempts::Table,
                [LoginAttempts::Key, LoginAttempts::AttemptedAt],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginAttempts::Table.into_iden(),
            ProducerInvitations::Table.into_iden(),
            PasswordResets::Table.into_iden(),
            Sessions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        if manager.get_database_backend() != sea_orm::DbBackend::Sqlite {
            manager
                .drop_foreign_key(
                    ForeignKey::drop()
                        .name("fk_media_uploaded_by_user_id")
                        .table(media_table())
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Users::Table).take())
            .await
    }
}
