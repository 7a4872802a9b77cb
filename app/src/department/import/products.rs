//! products.csv → `products` (by code) and `product_stories`; every product
//! created or changed is queued in `search_outbox` for the search index.

use std::collections::HashMap;

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    DbErr, EntityTrait, IntoActiveModel, ModelTrait, QueryFilter,
};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_product, ProductRow, Refs, PRODUCT_COLUMNS};
use super::slugs::Slugs;
use super::story::story_html;
use super::upsert::{upsert, Linked, Upsert};
use crate::entities::product_stories;
use crate::entities::products::{ActiveModel, Column, Entity, Model};
use crate::text::match_key;

/// Writes products; knows every slug in use so new ones stay unique.
pub(super) struct ProductWriter {
    slugs: Slugs,
}

impl ProductWriter {
    /// A writer that knows the slugs already in the table.
    pub async fn new(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let slugs = Slugs::load::<Entity>(db, Column::Slug).await?;
        Ok(ProductWriter { slugs })
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
        upsert(self, txn, rows, report).await
    }
}

impl Upsert for ProductWriter {
    type Entity = Entity;
    type Links = Stories;
    const KEY_COLUMNS: (Column, Column) = (Column::Code, Column::Id);

    fn code(row: &ProductRow) -> &str {
        &row.code
    }

    fn stored_key(model: &Model) -> (&str, i64) {
        (&model.code, model.id)
    }

    fn take_links(row: &mut ProductRow) -> String {
        std::mem::take(&mut row.story)
    }

    fn create(&mut self, row: &ProductRow) -> ActiveModel {
        ActiveModel {
            slug: Set(self.slugs.claim(&row.name, &row.code)),
            code: Set(row.code.clone()),
            ..Default::default()
        }
    }

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

    fn touch(am: &mut ActiveModel) {
        // The version tells caches and the search index the product changed.
        am.version = Set(am.version.as_ref() + 1);
        am.updated_at = Set(chrono::Utc::now());
    }

    /// Queues every product created or changed for the search index.
    async fn finish(&mut self, txn: &DatabaseTransaction, ids: Vec<i64>) -> Result<(), DbErr> {
        crate::search::outbox::queue_products(txn, ids).await
    }
}

/// A product's story (`product_stories`): the row's text, none when empty.
pub(super) struct Stories;

impl Linked for Stories {
    type Wanted = String;
    type Stored = product_stories::Model;

    async fn load(
        txn: &DatabaseTransaction,
        ids: Vec<i64>,
    ) -> Result<HashMap<i64, product_stories::Model>, DbErr> {
        Ok(product_stories::Entity::find()
            .filter(product_stories::Column::ProductId.is_in(ids))
            .all(txn)
            .await?
            .into_iter()
            .map(|s| (s.product_id, s))
            .collect())
    }

    /// Makes the stored story of product `id` say `source` (none when empty).
    async fn sync(
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

    /// New products' stories go in one statement.
    async fn create(txn: &DatabaseTransaction, new: Vec<(i64, String)>) -> Result<(), DbErr> {
        let stories = new
            .into_iter()
            .filter(|(_, source)| !source.is_empty())
            .map(|(id, source)| story_model(id, source));
        product_stories::Entity::insert_many(stories)
            .exec_without_returning(txn)
            .await?;
        Ok(())
    }
}

fn story_model(product_id: i64, source: String) -> product_stories::ActiveModel {
    product_stories::ActiveModel {
        product_id: Set(product_id),
        html: Set(story_html(&source)),
        source: Set(source),
        ..Default::default()
    }
}
