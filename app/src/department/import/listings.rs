//! listings.csv → `channel_listings`, by (product, channel, platform, since).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter,
};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_listing, ListingRow, Refs, LISTING_COLUMNS};
use crate::entities::channel_listings::{ActiveModel, Column, Entity, Model};

/// Writes declared channel listings.
pub(super) struct ListingWriter;

impl Writer for ListingWriter {
    type Row = ListingRow;
    const FILE: &'static str = "listings.csv";
    const COLUMNS: &'static [&'static str] = LISTING_COLUMNS;

    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<ListingRow> {
        parse_listing(f, refs)
    }

    fn key(row: &ListingRow) -> Key {
        Key {
            key: format!(
                "{}\u{1f}{}\u{1f}{}\u{1f}{}",
                row.product_code, row.channel, row.platform, row.since
            ),
            column: "platform",
            message: format!(
                "kênh phân phối bị trùng trong tệp: {} {} {} từ {}",
                row.product_code, row.channel, row.platform, row.since
            ),
        }
    }

    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<ListingRow>,
        report: &mut FileReport,
    ) -> Result<(), DbErr> {
        let products: BTreeSet<i64> = rows.iter().map(|r| r.product_id).collect();
        let mut existing: HashMap<ListingKey, Model> = Entity::find()
            .filter(Column::ProductId.is_in(products))
            .all(txn)
            .await?
            .into_iter()
            .map(|m| {
                (
                    listing_key(&m.product_id, &m.channel, &m.platform, m.since),
                    m,
                )
            })
            .collect();
        let mut new = Vec::new();
        for row in rows {
            match existing.remove(&listing_key(
                &row.product_id,
                row.channel,
                &row.platform,
                row.since,
            )) {
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
                        channel: Set(row.channel.to_owned()),
                        platform: Set(row.platform.clone()),
                        since: Set(row.since),
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

type ListingKey = (i64, String, String, NaiveDate);

fn listing_key(product_id: &i64, channel: &str, platform: &str, since: NaiveDate) -> ListingKey {
    (*product_id, channel.to_owned(), platform.to_owned(), since)
}

/// Puts the row's values into `am`, marking only the fields that differ.
fn apply(am: &mut ActiveModel, row: ListingRow) {
    am.url.set_if_not_equals(row.url);
    am.until.set_if_not_equals(row.until);
}
