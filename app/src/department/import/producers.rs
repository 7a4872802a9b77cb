//! producers.csv → `producers`, by code.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect,
};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_producer, ProducerRow, Refs, PRODUCER_COLUMNS};
use super::slugs::Slugs;
use crate::entities::producers::{ActiveModel, Column, Entity, Model};

/// Writes producers; knows every slug in use so new ones stay unique.
pub(super) struct ProducerWriter {
    slugs: Slugs,
}

impl ProducerWriter {
    pub async fn new(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let slugs = Entity::find()
            .select_only()
            .column(Column::Slug)
            .into_tuple::<String>()
            .all(db)
            .await?;
        Ok(ProducerWriter {
            slugs: Slugs::new(slugs),
        })
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
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        let mut existing: HashMap<String, Model> = Entity::find()
            .filter(Column::Code.is_in(codes))
            .all(txn)
            .await?
            .into_iter()
            .map(|m| (m.code.clone(), m))
            .collect();
        let mut new = Vec::new();
        for row in rows {
            match existing.remove(&row.code) {
                Some(model) => {
                    let mut am = model.into_active_model();
                    apply(&mut am, row);
                    if am.is_changed() {
                        am.updated_at = Set(chrono::Utc::now());
                        am.update_without_returning(txn).await?;
                        report.updated += 1;
                    } else {
                        report.unchanged += 1;
                    }
                }
                None => {
                    let mut am = ActiveModel {
                        slug: Set(self.slugs.claim(&row.name, &row.code)),
                        code: Set(row.code.clone()),
                        ..Default::default()
                    };
                    apply(&mut am, row);
                    new.push(am);
                }
            }
        }
        report.created += new.len() as u64;
        Entity::insert_many(new).exec_without_returning(txn).await?;
        Ok(())
    }
}

/// Puts the row's values into `am`, marking only the fields that differ.
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
