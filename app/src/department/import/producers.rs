//! producers.csv → `producers`, by code.

use sea_orm::{ActiveValue::Set, DatabaseConnection, DatabaseTransaction, DbErr};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_producer, ProducerRow, Refs, PRODUCER_COLUMNS};
use super::slugs::Slugs;
use super::upsert::{upsert, NoLinks, Upsert};
use crate::entities::producers::{ActiveModel, Column, Entity, Model};

/// Writes producers; knows every slug in use so new ones stay unique.
pub(super) struct ProducerWriter {
    slugs: Slugs,
}

impl ProducerWriter {
    /// A writer that knows the slugs already in the table.
    pub async fn new(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let slugs = Slugs::load::<Entity>(db, Column::Slug).await?;
        Ok(ProducerWriter { slugs })
    }
}

impl Writer for ProducerWriter {
    type Row = ProducerRow;
    const FILE: &'static str = "producers.csv";
    const COLUMNS: &'static [&'static str] = PRODUCER_COLUMNS;

    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<ProducerRow> {
        parse_producer(f, refs)
    }

    fn key(row: &ProducerRow) -> Key {
        Key {
            key: row.code.clone(),
            column: "code",
            message: format!("mã chủ thể bị trùng trong tệp: {}", row.code),
        }
    }

    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<ProducerRow>,
        report: &mut FileReport,
    ) -> Result<(), DbErr> {
        upsert(self, txn, rows, report).await
    }
}

impl Upsert for ProducerWriter {
    type Entity = Entity;
    type Links = NoLinks;
    // Nothing is linked to a new producer here, so its id is not needed.
    const NEW_IDS: bool = false;
    const KEY_COLUMNS: (Column, Column) = (Column::Code, Column::Id);

    fn code(row: &ProducerRow) -> &str {
        &row.code
    }

    fn stored_key(model: &Model) -> (&str, i64) {
        (&model.code, model.id)
    }

    fn take_links(_: &mut ProducerRow) {}

    fn create(&mut self, row: &ProducerRow) -> ActiveModel {
        ActiveModel {
            slug: Set(self.slugs.claim(&row.name, &row.code)),
            code: Set(row.code.clone()),
            ..Default::default()
        }
    }

    fn apply(am: &mut ActiveModel, row: ProducerRow) {
        am.name.set_if_not_equals(row.name);
        am.kind.set_if_not_equals(row.kind.to_owned());
        am.province_id.set_if_not_equals(row.province_id);
        am.commune_id.set_if_not_equals(row.commune_id);
        am.address.set_if_not_equals(row.address);
        am.representative.set_if_not_equals(row.representative);
        am.women_led.set_if_not_equals(row.women_led);
        am.ethnic_minority_led
            .set_if_not_equals(row.ethnic_minority_led);
        am.phone.set_if_not_equals(row.phone);
        am.email.set_if_not_equals(row.email);
        am.website.set_if_not_equals(row.website);
        am.has_epayment.set_if_not_equals(row.has_epayment);
    }

    fn touch(am: &mut ActiveModel) {
        am.updated_at = Set(chrono::Utc::now());
    }
}
