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
use serde_json::{Map, Value};

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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// The fields [`ProductEdit::from_json`] accepts.
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
fn text(value: &Value, max: usize, allow_empty: bool) -> Option<String> {
    let text = clean(value.as_str()?);
    (text.chars().count() <= max && (allow_empty || !text.is_empty())).then_some(text)
}

impl ProductEdit {
    /// Reads a JSON object of changes, naming every field that is wrong or
    /// unknown; nothing is applied unless all of it holds.
    pub fn from_json(body: &Value) -> AppResult<ProductEdit> {
        let Some(object): Option<&Map<String, Value>> = body.as_object() else {
            return Err(AppError::invalid(
                "body",
                "Cần một đối tượng JSON gồm các trường cần sửa.",
                "Send a JSON object of the fields to change.",
            ));
        };
        let mut edit = ProductEdit::default();
        let mut fields = FieldErrors::default();
        for (key, value) in object {
            match key.as_str() {
                "name" => match text(value, MAX_NAME_CHARS, false) {
                    Some(name) => edit.name = Some(name),
                    None => fields.add(
                        key.as_str(),
                        "Tên phải có từ 1 đến 200 ký tự.",
                        "The name needs 1 to 200 characters.",
                    ),
                },
                "unit" => match text(value, MAX_UNIT_CHARS, false) {
                    Some(unit) => edit.unit = Some(unit),
                    None => fields.add(
                        key.as_str(),
                        "Đơn vị bán phải có từ 1 đến 50 ký tự.",
                        "The unit needs 1 to 50 characters.",
                    ),
                },
                "description" => match text(value, MAX_DESCRIPTION_CHARS, true) {
                    Some(description) => edit.description = Some(description),
                    None => fields.add(
                        key.as_str(),
                        "Mô tả tối đa 5000 ký tự.",
                        "The description takes at most 5000 characters.",
                    ),
                },
                "price_vnd" => match value
                    .as_i64()
                    .filter(|p| *p <= MAX_PRICE)
                    .and_then(|p| Money::from_dong(p).ok())
                {
                    Some(price) => edit.price_vnd = Some(price),
                    None => fields.add(
                        key.as_str(),
                        "Giá là số đồng nguyên, từ 0 đến 1 tỷ.",
                        "The price is whole đồng, from 0 to 1 billion.",
                    ),
                },
                "stock" => match value.as_i64().filter(|s| (0..=MAX_STOCK).contains(s)) {
                    Some(stock) => edit.stock = Some(stock),
                    None => fields.add(
                        key.as_str(),
                        "Tồn kho là số nguyên không âm.",
                        "The stock is a whole number, not negative.",
                    ),
                },
                "story" => match value.as_str().map(super::story::from_source) {
                    Some(Ok(story)) => edit.story = Some(story),
                    _ => fields.add(
                        key.as_str(),
                        format!(
                            "Câu chuyện là văn bản (Markdown), tối đa {} ký tự.",
                            super::story::MAX_STORY_CHARS
                        ),
                        format!(
                            "The story is text (Markdown), at most {} characters.",
                            super::story::MAX_STORY_CHARS
                        ),
                    ),
                },
                "published" => match value.as_bool() {
                    Some(published) => edit.published = Some(published),
                    None => fields.add(
                        key.as_str(),
                        "Phải là true hoặc false.",
                        "Must be true or false.",
                    ),
                },
                _ => fields.add(
                    key.as_str(),
                    format!(
                        "Không sửa được trường này; các trường sửa được: {}.",
                        EDITABLE.join(", ")
                    ),
                    format!(
                        "This field cannot be changed; the fields that can: {}.",
                        EDITABLE.join(", ")
                    ),
                ),
            }
        }
        fields.into_result(edit)
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
    use serde_json::json;

    #[test]
    fn an_edit_is_read_whole_or_refused_field_by_field() {
        let edit = ProductEdit::from_json(&json!({
            "name": "  Mật ong   hoa cà phê ", "price_vnd": 150000, "stock": 3, "published": false
        }))
        .expect("valid");
        assert_eq!(edit.name.as_deref(), Some("Mật ong hoa cà phê"));
        assert_eq!(edit.price_vnd.map(Money::dong), Some(150_000));
        assert_eq!(edit.published, Some(false));

        let Err(AppError::Validation { fields }) = ProductEdit::from_json(&json!({
            "name": "", "price_vnd": -5, "stock": 1.5, "published": "yes", "code": "X"
        })) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(named, ["code", "name", "price_vnd", "published", "stock"]);
        assert!(ProductEdit::from_json(&json!([1, 2])).is_err());
    }
}
