//! certifications.csv → `certifications`, by (product, decision number).

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_certification, CertificationRow, Refs, CERTIFICATION_COLUMNS};
use crate::entities::certifications::{ActiveModel, Column, Entity, Model};

/// Writes certification decisions.
pub(super) struct CertificationWriter;

impl Writer for CertificationWriter {
    type Row = CertificationRow;
    const FILE: &'static str = "certifications.csv";
    const COLUMNS: &'static [&'static str] = CERTIFICATION_COLUMNS;

    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<CertificationRow> {
        parse_certification(f, refs)
    }

    fn key(row: &CertificationRow) -> Key {
        Key {
            key: format!("{}\u{1f}{}", row.product_code, row.decision_no),
            column: "decision_no",
            message: format!(
                "quyết định bị trùng trong tệp cho sản phẩm {}: {}",
                row.product_code, row.decision_no
            ),
        }
    }

    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<CertificationRow>,
        report: &mut FileReport,
    ) -> Result<(), DbErr> {
        let products: BTreeSet<i64> = rows.iter().map(|r| r.product_id).collect();
        let mut existing: HashMap<(i64, String), Model> = Entity::find()
            .filter(Column::ProductId.is_in(products))
            .all(txn)
            .await?
            .into_iter()
            .map(|m| ((m.product_id, m.decision_no.clone()), m))
            .collect();
        let mut new = Vec::new();
        for row in rows {
            match existing.remove(&(row.product_id, row.decision_no.clone())) {
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
                        product_id: Set(row.product_id),
                        decision_no: Set(row.decision_no.clone()),
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
fn apply(am: &mut ActiveModel, row: CertificationRow) {
    am.stars.set_if_not_equals(row.stars);
    am.score.set_if_not_equals(row.score);
    am.decided_on.set_if_not_equals(row.decided_on);
    am.valid_until
        .set_if_not_equals(crate::time::certification_expiry(row.decided_on));
    am.level.set_if_not_equals(row.level.to_owned());
}
