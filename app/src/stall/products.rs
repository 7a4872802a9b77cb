//! A producer member's own products: listed and edited, only ever within
//! the member's producer. Another producer's product answers exactly like a
//! product that does not exist.

use crate::domain::Money;
use crate::entities::products;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::text::{clean, match_key};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

/// Longest product name.
const MAX_NAME_CHARS: usize = 200;
/// Longest selling unit ("hộp 400g").
const MAX_UNIT_CHARS: usize = 50;
/// Longest description.
const MAX_DESCRIPTION_CHARS: usize = 5_000;
/// No OCOP product costs more; a bigger price is a typo.
const MAX_PRICE: i64 = 1_000_000_000;
/// No stall holds more units of one product.
const MAX_STOCK: i64 = 1_000_000_000;

/// A product as its producer sees it in the stall.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct StallProduct {
    /// Register code.
    pub code: String,
    /// Public page slug (kept when the name changes, so links hold).
    pub slug: String,
    /// Name.
    pub name: String,
    /// OCOP group 1-6.
    pub group: i16,
    /// Selling unit.
    pub unit: String,
    /// Price in đồng.
    pub price_vnd: i64,
    /// Units free to sell.
    pub stock: i64,
    /// Description.
    pub description: String,
    /// Shown on the marketplace.
    pub published: bool,
}

impl From<products::Model> for StallProduct {
    fn from(p: products::Model) -> Self {
        StallProduct {
            code: p.code,
            slug: p.slug,
            name: p.name,
            group: p.group_id,
            unit: p.unit,
            price_vnd: p.price_vnd,
            stock: p.stock,
            description: p.description,
            published: p.published,
        }
    }
}

/// The fields a stall may change, each checked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ProductEdit {
    /// New name.
    pub name: Option<String>,
    /// New selling unit.
    pub unit: Option<String>,
    /// New price.
    pub price_vnd: Option<Money>,
    /// New stock.
    pub stock: Option<i64>,
    /// New description.
    pub description: Option<String>,
    /// Publish or unpublish.
    pub published: Option<bool>,
    /// New story (Markdown, sanitised).
    pub story: Option<super::story::Story>,
}

/// The fields a change may name.
pub const EDITABLE: [&str; 7] = [
    "name",
    "unit",
    "price_vnd",
    "stock",
    "description",
    "story",
    "published",
];

/// Text of at most `max` characters, cleaned (NFC, spaces); `None` when wrong.
fn text(sent: Option<&str>, max: usize, allow_empty: bool) -> Option<String> {
    let text = clean(sent?);
    (text.chars().count() <= max && (allow_empty || !text.is_empty())).then_some(text)
}

/// Reading a change: each `set_` method takes a field as sent (`None` when
/// it was sent as a value of another JSON type, `null` included) and either
/// keeps it or names the field in `problems`, so that a request is applied
/// whole or refused with every problem named.
impl ProductEdit {
    /// A new name: 1 to 200 characters.
    pub fn set_name(&mut self, sent: Option<&str>, problems: &mut FieldErrors) {
        match text(sent, MAX_NAME_CHARS, false) {
            Some(name) => self.name = Some(name),
            None => problems.add(
                "name",
                "Tên phải có từ 1 đến 200 ký tự.",
                "The name needs 1 to 200 characters.",
            ),
        }
    }

    /// A new selling unit: 1 to 50 characters.
    pub fn set_unit(&mut self, sent: Option<&str>, problems: &mut FieldErrors) {
        match text(sent, MAX_UNIT_CHARS, false) {
            Some(unit) => self.unit = Some(unit),
            None => problems.add(
                "unit",
                "Đơn vị bán phải có từ 1 đến 50 ký tự.",
                "The unit needs 1 to 50 characters.",
            ),
        }
    }

    /// A new description: at most 5000 characters, empty allowed.
    pub fn set_description(&mut self, sent: Option<&str>, problems: &mut FieldErrors) {
        match text(sent, MAX_DESCRIPTION_CHARS, true) {
            Some(description) => self.description = Some(description),
            None => problems.add(
                "description",
                "Mô tả tối đa 5000 ký tự.",
                "The description takes at most 5000 characters.",
            ),
        }
    }

    /// A new price: whole đồng from 0 to 1 billion.
    pub fn set_price(&mut self, sent: Option<i64>, problems: &mut FieldErrors) {
        match sent
            .filter(|p| *p <= MAX_PRICE)
            .and_then(|p| Money::from_dong(p).ok())
        {
            Some(price) => self.price_vnd = Some(price),
            None => problems.add(
                "price_vnd",
                "Giá là số đồng nguyên, từ 0 đến 1 tỷ.",
                "The price is whole đồng, from 0 to 1 billion.",
            ),
        }
    }

    /// A new stock: a whole number, not negative.
    pub fn set_stock(&mut self, sent: Option<i64>, problems: &mut FieldErrors) {
        match sent.filter(|s| (0..=MAX_STOCK).contains(s)) {
            Some(stock) => self.stock = Some(stock),
            None => problems.add(
                "stock",
                "Tồn kho là số nguyên không âm.",
                "The stock is a whole number, not negative.",
            ),
        }
    }

    /// A new story: Markdown, kept as written and shown sanitised.
    pub fn set_story(&mut self, sent: Option<&str>, problems: &mut FieldErrors) {
        match sent.map(super::story::from_source) {
            Some(Ok(story)) => self.story = Some(story),
            _ => problems.add(
                "story",
                format!(
                    "Câu chuyện là văn bản (Markdown), tối đa {} ký tự.",
                    super::story::MAX_STORY_CHARS
                ),
                format!(
                    "The story is text (Markdown), at most {} characters.",
                    super::story::MAX_STORY_CHARS
                ),
            ),
        }
    }

    /// Publish (`true`) or unpublish.
    pub fn set_published(&mut self, sent: Option<bool>, problems: &mut FieldErrors) {
        match sent {
            Some(published) => self.published = Some(published),
            None => problems.add(
                "published",
                "Phải là true hoặc false.",
                "Must be true or false.",
            ),
        }
    }

    /// Names a field no change may hold (anything but [`EDITABLE`]).
    pub fn refuse_field(field: &str, problems: &mut FieldErrors) {
        problems.add(
            field,
            format!(
                "Không sửa được trường này; các trường sửa được: {}.",
                EDITABLE.join(", ")
            ),
            format!(
                "This field cannot be changed; the fields that can: {}.",
                EDITABLE.join(", ")
            ),
        );
    }
}

/// The product `code` of producer `producer_id`, or "not found".
pub async fn own_product(
    db: &impl sea_orm::ConnectionTrait,
    producer_id: i64,
    code: &str,
) -> AppResult<products::Model> {
    products::Entity::find()
        .filter(products::Column::Code.eq(code))
        .filter(products::Column::ProducerId.eq(producer_id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có sản phẩm này", "No such product"))
}

/// Every product of the producer, by code.
pub async fn list_own(db: &DatabaseConnection, producer_id: i64) -> AppResult<Vec<StallProduct>> {
    Ok(products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer_id))
        .order_by_asc(products::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(StallProduct::from)
        .collect())
}

/// Applies `edit` to the producer's product `code` and queues it for the
/// search index, in one transaction.
pub async fn edit_own(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    edit: ProductEdit,
) -> AppResult<StallProduct> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    if edit.published == Some(true) && !product.published {
        super::product_edits::may_sell(&txn, producer_id).await?;
    }
    let id = product.id;
    let version = product.version;
    let mut active = product.into_active_model();
    if let Some(name) = edit.name {
        active.name_key = Set(match_key(&name));
        active.name = Set(name);
    }
    if let Some(unit) = edit.unit {
        active.unit = Set(unit);
    }
    if let Some(price) = edit.price_vnd {
        active.price_vnd = Set(price.dong());
    }
    if let Some(stock) = edit.stock {
        active.stock = Set(stock);
    }
    if let Some(description) = edit.description {
        active.description = Set(description);
    }
    if let Some(published) = edit.published {
        active.published = Set(published);
    }
    active.version = Set(version.saturating_add(1));
    active.updated_at = Set(chrono::Utc::now());
    let saved = active.update(&txn).await?;
    if let Some(story) = edit.story {
        super::product_edits::put_story(&txn, id, story).await?;
    }
    crate::search::outbox::queue_products(&txn, [id]).await?;
    txn.commit().await?;
    Ok(saved.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_is_kept_cleaned() {
        let mut edit = ProductEdit::default();
        let mut problems = FieldErrors::default();
        edit.set_name(Some("  Mật ong   hoa cà phê "), &mut problems);
        edit.set_price(Some(150_000), &mut problems);
        edit.set_stock(Some(3), &mut problems);
        edit.set_published(Some(false), &mut problems);
        let edit = problems.into_result(edit).expect("valid");
        assert_eq!(edit.name.as_deref(), Some("Mật ong hoa cà phê"));
        assert_eq!(edit.price_vnd.map(Money::dong), Some(150_000));
        assert_eq!(edit.stock, Some(3));
        assert_eq!(edit.published, Some(false));
    }

    #[test]
    fn every_wrong_field_is_named() {
        let mut edit = ProductEdit::default();
        let mut problems = FieldErrors::default();
        edit.set_name(Some(""), &mut problems);
        edit.set_price(Some(-5), &mut problems);
        // A value of another JSON type (1.5, "yes", null) arrives as `None`.
        edit.set_stock(None, &mut problems);
        edit.set_published(None, &mut problems);
        edit.set_unit(Some(&"u".repeat(51)), &mut problems);
        edit.set_description(None, &mut problems);
        edit.set_story(None, &mut problems);
        ProductEdit::refuse_field("code", &mut problems);
        let Err(AppError::Validation { fields }) = problems.into_result(edit) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(
            named,
            [
                "code",
                "description",
                "name",
                "price_vnd",
                "published",
                "stock",
                "story",
                "unit"
            ]
        );
    }

    #[test]
    fn an_empty_description_is_allowed_and_a_price_over_a_billion_is_not() {
        let mut edit = ProductEdit::default();
        let mut problems = FieldErrors::default();
        edit.set_description(Some("  "), &mut problems);
        assert!(problems.is_empty());
        assert_eq!(edit.description.as_deref(), Some(""));
        edit.set_price(Some(MAX_PRICE + 1), &mut problems);
        assert!(!problems.is_empty());
    }
}
