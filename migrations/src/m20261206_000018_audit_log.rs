//! The audit log: one row for every action an officer or an administrator
//! takes (who, what, on what, when, the record before and after, and the
//! request it came with). Append-only by the database's own rule: a trigger
//! refuses every `UPDATE` and `DELETE` (and, on PostgreSQL, `TRUNCATE`), so
//! not even a bug in the application can rewrite history.
//!
//! The actor is kept by id and by name as they were: an account renamed
//! later still shows who acted then, and no foreign key ties an entry to an
//! account (the command line acts with no account at all). The action is a
//! word the application types (`app::audit::AuditAction`); no `CHECK` lists
//! them, so a new kind of action does not need a migration of this table.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{id, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    Actor,
    ActorRole,
    Action,
    TargetKind,
    Target,
    Before,
    After,
    RequestId,
}

const SQLITE_GUARDS: [&str; 2] = [
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
];

const POSTGRES_GUARDS: [&str; 3] = [
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS \
     $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log \
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log \
     FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(id(AuditLog::Id))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(big_integer_null(AuditLog::ActorId))
                    .col(string(AuditLog::Actor))
                    .col(string(AuditLog::ActorRole))
                    .col(string(AuditLog::Action))
                    .col(string(AuditLog::TargetKind))
                    .col(string(AuditLog::Target))
                    .col(text_null(AuditLog::Before))
                    .col(text_null(AuditLog::After))
                    .col(string_null(AuditLog::RequestId))
                    .take(),
            )
            .await?;
        // The log is read newest first, by actor, and by what was acted on.
        manager
            .create_index(index("ix_audit_log_at", AuditLog::Table, [AuditLog::At]))
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_actor_id",
                AuditLog::Table,
                [AuditLog::ActorId],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_audit_log_target",
                AuditLog::Table,
                [AuditLog::TargetKind, AuditLog::Target],
            ))
            .await?;
        let guards: &[&str] = if manager.get_database_backend() == sea_orm::DbBackend::Sqlite {
            &SQLITE_GUARDS
        } else {
            &POSTGRES_GUARDS
        };
        let db = manager.get_connection();
        for sql in guards {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Dropping the table drops its triggers with it.
        manager
            .drop_table(Table::drop().table(AuditLog::Table).take())
            .await?;
        if manager.get_database_backend() != sea_orm::DbBackend::Sqlite {
            manager
                .get_connection()
                .execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only()")
                .await?;
        }
        Ok(())
    }
}
