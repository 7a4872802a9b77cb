//! events.csv → `events` (by code) and their registered producers
//! (`event_participants`, made to match the file's list).

use sea_orm::{ActiveValue::Set, DatabaseTransaction, DbErr};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_event, EventRow, Refs, EVENT_COLUMNS};
use super::upsert::{upsert, IdList, LinkTable, Upsert};
use crate::domain::ParticipantStatus;
use crate::entities::event_participants as links;
use crate::entities::events::{ActiveModel, Column, Entity, Model};

/// Writes events and their participant lists.
pub(super) struct EventWriter;

impl Writer for EventWriter {
    type Row = EventRow;
    const FILE: &'static str = "events.csv";
    const COLUMNS: &'static [&'static str] = EVENT_COLUMNS;

    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<EventRow> {
        parse_event(f, refs)
    }

    fn key(row: &EventRow) -> Key {
        Key {
            key: row.code.clone(),
            column: "code",
            message: format!("mã sự kiện bị trùng trong tệp: {}", row.code),
        }
    }

    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<EventRow>,
        report: &mut FileReport,
    ) -> Result<(), DbErr> {
        upsert(self, txn, rows, report).await
    }
}

impl Upsert for EventWriter {
    type Entity = Entity;
    type Links = IdList<Participants>;
    const KEY_COLUMNS: (Column, Column) = (Column::Code, Column::Id);

    fn code(row: &EventRow) -> &str {
        &row.code
    }

    fn stored_key(model: &Model) -> (&str, i64) {
        (&model.code, model.id)
    }

    fn take_links(row: &mut EventRow) -> Vec<i64> {
        std::mem::take(&mut row.producer_ids)
    }

    fn create(&mut self, row: &EventRow) -> ActiveModel {
        ActiveModel {
            code: Set(row.code.clone()),
            ..Default::default()
        }
    }

    fn apply(am: &mut ActiveModel, row: EventRow) {
        am.kind.set_if_not_equals(row.kind.to_owned());
        am.title.set_if_not_equals(row.title);
        am.province_id.set_if_not_equals(row.province_id);
        am.venue.set_if_not_equals(row.venue);
        am.stream_url.set_if_not_equals(row.stream_url);
        am.starts_at.set_if_not_equals(row.starts_at);
        am.ends_at.set_if_not_equals(row.ends_at);
        am.organizer.set_if_not_equals(row.organizer);
        am.status.set_if_not_equals(row.status);
    }

    fn touch(am: &mut ActiveModel) {
        am.updated_at = Set(chrono::Utc::now());
    }
}

/// The producers registered for an event (`event_participants`); a producer
/// who stays keeps their row, booth and status.
pub(super) struct Participants;

impl LinkTable for Participants {
    type Entity = links::Entity;
    const COLUMNS: (links::Column, links::Column) =
        (links::Column::EventId, links::Column::ProducerId);

    fn link(event_id: i64, producer_id: i64) -> links::ActiveModel {
        // Producers listed by the department are registered already.
        links::ActiveModel {
            event_id: Set(event_id),
            producer_id: Set(producer_id),
            status: Set(ParticipantStatus::Approved),
            ..Default::default()
        }
    }
}
