//! events.csv → `events` (by code) and their registered producers
//! (`event_participants`, made to match the file's list).

use std::collections::{HashMap, HashSet};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, QuerySelect,
};

use super::driver::{Key, Writer, CHUNK};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_event, EventRow, Refs, EVENT_COLUMNS};
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
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        let mut existing: HashMap<String, Model> = Entity::find()
            .filter(Column::Code.is_in(codes))
            .all(txn)
            .await?
            .into_iter()
            .map(|m| (m.code.clone(), m))
            .collect();
        let mut carried = stored_links(txn, existing.values().map(|m| m.id).collect()).await?;

        let mut new = Vec::new();
        let mut new_lists = HashMap::new();
        for mut row in rows {
            let wanted = std::mem::take(&mut row.producer_ids);
            let Some(model) = existing.remove(&row.code) else {
                new_lists.insert(row.code.clone(), wanted);
                let mut am = ActiveModel {
                    code: Set(row.code.clone()),
                    ..Default::default()
                };
                apply(&mut am, row);
                new.push(am);
                continue;
            };
            let id = model.id;
            let mut am = model.into_active_model();
            apply(&mut am, row);
            let changed = am.is_changed();
            if changed {
                am.updated_at = Set(chrono::Utc::now());
                am.update_without_returning(txn).await?;
            }
            let links_changed =
                sync_links(txn, id, carried.remove(&id).unwrap_or_default(), wanted).await?;
            if changed || links_changed {
                report.updated += 1;
            } else {
                report.unchanged += 1;
            }
        }
        if new.is_empty() {
            return Ok(());
        }
        report.created += new.len() as u64;
        let codes: Vec<String> = new_lists.keys().cloned().collect();
        Entity::insert_many(new).exec_without_returning(txn).await?;
        let ids: Vec<(String, i64)> = Entity::find()
            .select_only()
            .column(Column::Code)
            .column(Column::Id)
            .filter(Column::Code.is_in(codes))
            .into_tuple()
            .all(txn)
            .await?;
        for (code, id) in ids {
            let wanted = new_lists.remove(&code).unwrap_or_default();
            sync_links(txn, id, HashSet::new(), wanted).await?;
        }
        Ok(())
    }
}

/// Puts the row's values into `am`, marking only the fields that differ.
fn apply(am: &mut ActiveModel, row: EventRow) {
    am.kind.set_if_not_equals(row.kind.to_owned());
    am.title.set_if_not_equals(row.title);
    am.province_id.set_if_not_equals(row.province_id);
    am.venue.set_if_not_equals(row.venue);
    am.stream_url.set_if_not_equals(row.stream_url);
    am.starts_at.set_if_not_equals(row.starts_at);
    am.ends_at.set_if_not_equals(row.ends_at);
    am.organizer.set_if_not_equals(row.organizer);
    am.status.set_if_not_equals(row.status.to_owned());
}

/// The producers registered for each of `ids` now.
async fn stored_links(
    txn: &DatabaseTransaction,
    ids: Vec<i64>,
) -> Result<HashMap<i64, HashSet<i64>>, DbErr> {
    let mut carried: HashMap<i64, HashSet<i64>> = HashMap::new();
    let pairs: Vec<(i64, i64)> = links::Entity::find()
        .select_only()
        .column(links::Column::EventId)
        .column(links::Column::ProducerId)
        .filter(links::Column::EventId.is_in(ids))
        .into_tuple()
        .all(txn)
        .await?;
    for (event, producer) in pairs {
        carried.entry(event).or_default().insert(producer);
    }
    Ok(carried)
}

/// Makes `wanted` the participants of event `id`, keeping the rows (booth,
/// status) of those who stay; true when anything had to change.
async fn sync_links(
    txn: &DatabaseTransaction,
    id: i64,
    stored: HashSet<i64>,
    wanted: Vec<i64>,
) -> Result<bool, DbErr> {
    let wanted_set: HashSet<i64> = wanted.iter().copied().collect();
    let gone: Vec<i64> = stored.difference(&wanted_set).copied().collect();
    let added: Vec<i64> = wanted.into_iter().filter(|p| !stored.contains(p)).collect();
    for chunk in gone.chunks(CHUNK) {
        links::Entity::delete_many()
            .filter(links::Column::EventId.eq(id))
            .filter(links::Column::ProducerId.is_in(chunk.iter().copied()))
            .exec(txn)
            .await?;
    }
    for chunk in added.chunks(CHUNK) {
        let rows = chunk.iter().map(|&producer_id| links::ActiveModel {
            event_id: Set(id),
            producer_id: Set(producer_id),
            status: Set("approved".to_owned()),
            ..Default::default()
        });
        links::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(!gone.is_empty() || !added.is_empty())
}
