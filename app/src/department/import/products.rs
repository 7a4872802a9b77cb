//! products.csv → `products` (by code) and `product_stories`; every product
//! created or changed is queued in `search_outbox` for the search index.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter, QuerySelect,
};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_product, ProductRow, Refs, PRODUCT_COLUMNS};
use super::slugs::Slugs;
use super::story::story_html;
use crate::entities::products::{ActiveModel, Column, Entity, Model};
use crate::entities::{product_stories, search_outbox};
use crate::text::match_key;

/// Writes products; knows every slug in use so new ones stay unique.
pub(super) struct ProductWriter {
    slugs: Slugs,
}

impl ProductWriter {
    pub async fn new(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let slugs = Entity::find()
            .select_only()
            .column(Column::Slug)
            .into_tuple::<String>()
            .all(db)
            .await?;
        Ok(ProductWriter {
            slugs: Slugs::new(slugs),
        })
    }
}

impl Writer for ProductWriter {
    type Row = ProductRow;
    const FILE: &'static str = "products.csv";
    const COLUMNS: &'static [&'static str] = PRODUCT_COLUMNS;

    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<ProductRow> {
        parse_product(f, refs)
    }

    fn key(row: &ProductRow) -> Key {
        Key {
            key: row.code.clone(),
            column: "code",
            message: format!("mã sản phẩm bị trùng trong tệp: {}", row.code),
        }
    }

    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<ProductRow>,
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
        let ids: Vec<i64> = existing.values().map(|m| m.id).collect();
        let mut stories: HashMap<i64, product_stories::Model> = product_stories::Entity::find()
            .filter(product_stories::Column::ProductId.is_in(ids))
            .all(txn)
            .await?
            .into_iter()
            .map(|s| (s.product_id, s))
            .collect();

        let mut touched = Vec::new();
        let mut new = Vec::new();
        let mut new_codes = Vec::new();
        let mut new_stories = Vec::new();
        for mut row in rows {
            let story = std::mem::take(&mut row.story);
            let Some(model) = existing.remove(&row.code) else {
                let mut am = ActiveModel {
                    slug: Set(self.slugs.claim(&row.name, &row.code)),
                    code: Set(row.code.clone()),
                    ..Default::default()
                };
                if !story.is_empty() {
                    new_stories.push((row.code.clone(), story));
                }
                new_codes.push(row.code.clone());
                apply(&mut am, row);
                new.push(am);
                continue;
            };
            let id = model.id;
            let version = model.version;
            let mut am = model.into_active_model();
            apply(&mut am, row);
            let product_changed = am.is_changed();
            if product_changed {
                am.version = Set(version + 1);
                am.updated_at = Set(chrono::Utc::now());
                am.update_without_returning(txn).await?;
            }
            let story_changed = sync_story(txn, id, stories.remove(&id), story).await?;
            if product_changed || story_changed {
                report.updated += 1;
                touched.push(id);
            } else {
                report.unchanged += 1;
            }
        }

        if !new.is_empty() {
            report.created += new.len() as u64;
            Entity::insert_many(new).exec_without_returning(txn).await?;
            let new_ids: HashMap<String, i64> = Entity::find()
                .select_only()
                .column(Column::Code)
                .column(Column::Id)
                .filter(Column::Code.is_in(new_codes))
                .into_tuple::<(String, i64)>()
                .all(txn)
                .await?
                .into_iter()
                .collect();
            touched.extend(new_ids.values().copied());
            let stories = new_stories.into_iter().filter_map(|(code, source)| {
                let id = *new_ids.get(&code)?;
                Some(story_model(id, source))
            });
            product_stories::Entity::insert_many(stories)
                .exec_without_returning(txn)
                .await?;
        }
        let outbox = touched.into_iter().map(|id| search_outbox::ActiveModel {
            entity: Set("product".to_owned()),
            entity_id: Set(id),
            action: Set("upsert".to_owned()),
            ..Default::default()
        });
        search_outbox::Entity::insert_many(outbox)
            .exec_without_returning(txn)
            .await?;
        Ok(())
    }
}

/// Puts the row's values into `am`, marking only the fields that differ.
fn apply(am: &mut ActiveModel, row: ProductRow) {
    am.name_key.set_if_not_equals(match_key(&row.name));
    am.name.set_if_not_equals(row.name);
    am.producer_id.set_if_not_equals(row.producer_id);
    am.group_id.set_if_not_equals(row.group_id);
    am.unit.set_if_not_equals(row.unit);
    am.price_vnd.set_if_not_equals(row.price_vnd);
    am.stock.set_if_not_equals(row.stock);
    am.traceable.set_if_not_equals(row.traceable);
    am.published.set_if_not_equals(row.published);
    am.description.set_if_not_equals(row.description);
}

fn story_model(product_id: i64, source: String) -> product_stories::ActiveModel {
    product_stories::ActiveModel {
        product_id: Set(product_id),
        html: Set(story_html(&source)),
        source: Set(source),
        ..Default::default()
    }
}

/// Makes the stored story of product `id` say `source` (none when empty);
/// true when it had to change.
async fn sync_story(
    txn: &DatabaseTransaction,
    id: i64,
    stored: Option<product_stories::Model>,
    source: String,
) -> Result<bool, DbErr> {
    match stored {
        None if source.is_empty() => Ok(false),
        None => {
            product_stories::Entity::insert(story_model(id, source))
                .exec_without_returning(txn)
                .await?;
            Ok(true)
        }
        Some(stored) if source.is_empty() => {
            stored.delete(txn).await?;
            Ok(true)
        }
        Some(stored) if stored.source == source => Ok(false),
        Some(stored) => {
            let mut am = stored.into_active_model();
            am.html = Set(story_html(&source));
            am.source = Set(source);
            am.updated_at = Set(chrono::Utc::now());
            am.update_without_returning(txn).await?;
            Ok(true)
        }
    }
}
