//! A booth number belongs to one producer within an event. The pages check
//! it first to name the problem; this index is what holds when two officers
//! give the same booth at the same moment. Rows without a booth (NULL) are
//! never equal to each other, so pending registrations are unaffected.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum EventParticipants {
    Table,
    EventId,
    BoothNo,
}

const INDEX: &str = "uq_event_participants_booth";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(EventParticipants::Table)
                    .col(EventParticipants::EventId)
                    .col(EventParticipants::BoothNo)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(EventParticipants::Table)
                    .to_owned(),
            )
            .await
    }
}
