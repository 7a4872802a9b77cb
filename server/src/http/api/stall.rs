//! `/api/v1/stall`: a producer member's own products. Every route checks the
//! session and the member's producer; another producer's product is a 404,
//! the same answer as a product that does not exist.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::{Refusal, Sent, WordedBody};
use super::who::Member;
use app::error::{AppError, FieldErrors};
use app::ssr::today_vn;
use app::ssr::AppState;
use app::stall::product_edits::{create, set_published};
use app::stall::product_form::ProductForm;
use app::stall::products::{edit_own, list_own, ProductEdit, StallProduct};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The member's products.
#[derive(Serialize, ToSchema)]
pub struct StallProducts {
    /// Every product of the member's producer, by code.
    items: Vec<StallProduct>,
}

/// A new product of one's own stall.
#[derive(Deserialize, Default, ToSchema)]
pub struct NewProduct {
    /// Name, 1 to 200 characters.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    name: Sent<String>,
    /// OCOP product group.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 1, maximum = 6)]
    group: Sent<i64>,
    /// Selling unit, e.g. "hộp 400g".
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    unit: Sent<String>,
    /// Price in đồng.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 0)]
    price_vnd: Sent<i64>,
    /// Units free to sell.
    #[serde(default)]
    #[schema(value_type = i64, required = true, minimum = 0)]
    stock: Sent<i64>,
    /// Short description.
    #[serde(default)]
    #[schema(value_type = String)]
    description: Sent<String>,
    /// Where it is made.
    #[serde(default)]
    #[schema(value_type = String)]
    origin: Sent<String>,
    /// Markdown source, kept as written; shown as sanitised HTML (story_html
    /// of the product)
    #[serde(default)]
    #[schema(value_type = String)]
    story: Sent<String>,
}

impl Refusal for NewProduct {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần một đối tượng JSON mô tả sản phẩm.",
        "Send a JSON object describing the product.",
    );
    const NOT_OBJECT: (&'static str, &'static str) = Self::NOT_JSON;
}

/// A product just created.
#[derive(Serialize, ToSchema)]
pub struct CreatedProduct {
    /// Its register code, made from the producer's code.
    code: String,
    /// Always false: it is published once it has photos.
    published: bool,
}

/// The fields of one's own product to change, each optional; no other
/// field may be sent.
#[derive(Deserialize, Default, ToSchema)]
#[serde(from = "Map<String, Value>", deny_unknown_fields)]
pub struct ProductChanges {
    /// New name, 1 to 200 characters.
    #[schema(required = false, value_type = String)]
    name: Sent<String>,
    /// New selling unit, 1 to 50 characters.
    #[schema(required = false, value_type = String)]
    unit: Sent<String>,
    /// New price in đồng.
    #[schema(required = false, value_type = i64, minimum = 0, maximum = 1_000_000_000)]
    price_vnd: Sent<i64>,
    /// New stock.
    #[schema(required = false, value_type = i64, minimum = 0, maximum = 1_000_000_000)]
    stock: Sent<i64>,
    /// New description, at most 5000 characters.
    #[schema(required = false, value_type = String)]
    description: Sent<String>,
    /// Markdown source, kept as written; shown as sanitised HTML.
    #[schema(required = false, value_type = String)]
    story: Sent<String>,
    /// Publish (it needs a photo, a story and a price) or unpublish.
    #[schema(required = false, value_type = bool)]
    published: Sent<bool>,
    /// The names of the fields sent that cannot be changed.
    #[serde(skip)]
    unknown: Vec<String>,
}

impl Refusal for ProductChanges {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần một đối tượng JSON gồm các trường cần sửa.",
        "Send a JSON object of the fields to change.",
    );
    const NOT_OBJECT: (&'static str, &'static str) = Self::NOT_JSON;
}

/// The fields as sent, by name: `null` is a value of the wrong type here
/// (nothing can be emptied that way), and a field no change may hold is kept
/// to be named.
impl From<Map<String, Value>> for ProductChanges {
    fn from(fields: Map<String, Value>) -> Self {
        fn sent<T: DeserializeOwned>(value: Value) -> Sent<T> {
            match T::deserialize(&value) {
                Ok(fits) if !value.is_null() => Sent::Fits(fits),
                _ => Sent::Misfit(value),
            }
        }
        let mut changes = ProductChanges::default();
        for (key, value) in fields {
            match key.as_str() {
                "name" => changes.name = sent(value),
                "unit" => changes.unit = sent(value),
                "price_vnd" => changes.price_vnd = sent(value),
                "stock" => changes.stock = sent(value),
                "description" => changes.description = sent(value),
                "story" => changes.story = sent(value),
                "published" => changes.published = sent(value),
                _ => changes.unknown.push(key),
            }
        }
        changes
    }
}

/// `None` when not sent; else the value when it is of the field's type.
fn given<T>(sent: &Sent<T>) -> Option<Option<&T>> {
    match sent {
        Sent::Absent => None,
        Sent::Fits(value) => Some(Some(value)),
        Sent::Misfit(_) => Some(None),
    }
}

/// [`given`] for a text field.
fn text(sent: &Sent<String>) -> Option<Option<&str>> {
    given(sent).map(|s| s.map(String::as_str))
}

impl ProductChanges {
    /// The change, checked field by field: applied whole or refused with
    /// every field that does not hold (or cannot be changed) named.
    fn into_edit(self) -> Result<ProductEdit, AppError> {
        let mut edit = ProductEdit::default();
        let mut problems = FieldErrors::default();
        if let Some(name) = text(&self.name) {
            edit.set_name(name, &mut problems);
        }
        if let Some(unit) = text(&self.unit) {
            edit.set_unit(unit, &mut problems);
        }
        if let Some(price) = given(&self.price_vnd) {
            edit.set_price(price.copied(), &mut problems);
        }
        if let Some(stock) = given(&self.stock) {
            edit.set_stock(stock.copied(), &mut problems);
        }
        if let Some(description) = text(&self.description) {
            edit.set_description(description, &mut problems);
        }
        if let Some(story) = text(&self.story) {
            edit.set_story(story, &mut problems);
        }
        if let Some(published) = given(&self.published) {
            edit.set_published(published.copied(), &mut problems);
        }
        for field in &self.unknown {
            ProductEdit::refuse_field(field, &mut problems);
        }
        problems.into_result(edit)
    }
}

/// What the product form takes from a field: text as sent, a number as its
/// digits, anything else (absent, `null`, another type) as empty, so that
/// the form's checks name it.
fn form_text<T: ToString>(sent: &Sent<T>) -> String {
    match sent {
        Sent::Fits(value) => value.to_string(),
        Sent::Misfit(Value::String(s)) => s.clone(),
        Sent::Misfit(Value::Number(n)) => n.to_string(),
        Sent::Absent | Sent::Misfit(_) => String::new(),
    }
}

impl NewProduct {
    /// The product form, as the editor's page would have it.
    fn into_form(self) -> ProductForm {
        ProductForm {
            name: form_text(&self.name),
            group: form_text(&self.group),
            unit: form_text(&self.unit),
            price_vnd: form_text(&self.price_vnd),
            stock: form_text(&self.stock),
            description: form_text(&self.description),
            origin: form_text(&self.origin),
            story: form_text(&self.story),
            raw_area: Default::default(),
        }
    }
}

/// The signed-in producer member's products
#[utoipa::path(get, path = "/stall/products", operation_id = "stall_products", tag = "stall",
    responses(
        (status = 200, description = "The products", body = StallProducts),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer member", body = ErrorBody),
    ))]
pub async fn list_products(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Member {
        producer_id: producer,
        ..
    }: Member,
) -> Result<Json<StallProducts>, ApiError> {
    let items = list_own(&state.db, producer)
        .await
        .map_err(localized(locale))?;
    Ok(Json(StallProducts { items }))
}

/// Change name, unit, price_vnd, stock, description, story (Markdown source, kept as written; shown as sanitised HTML) or published of one's own product (X-CSRF-Token required)
///
/// Search finds the change within a second. Publishing has its own checks
/// (a photo, a story, a price), made after the other fields of the same
/// call are saved.
#[utoipa::path(patch, path = "/stall/products/{code}", operation_id = "stall_edit_product", tag = "stall",
    params(("code" = String, Path, description = "Register code of one's own product")),
    request_body = ProductChanges,
    responses(
        (status = 200, description = "The product as saved", body = StallProduct),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer member, or no CSRF token", body = ErrorBody),
        (status = 404, description = "No such product of this producer", body = ErrorBody),
        (status = 422, description = "Fields that do not hold, each named", body = ErrorBody),
    ))]
pub async fn edit_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    Member {
        producer_id: producer,
        ..
    }: Member,
    WordedBody(changes): WordedBody<ProductChanges>,
) -> Result<Json<StallProduct>, ApiError> {
    let mut edit = changes.into_edit().map_err(localized(locale))?;
    let publish = edit.published.take();
    let mut product = edit_own(&state.db, producer, &code, edit)
        .await
        .map_err(localized(locale))?;
    if let Some(publish) = publish {
        set_published(&state.db, producer, &code, publish, today_vn())
            .await
            .map_err(localized(locale))?;
        product.published = publish;
    }
    tracing::info!(producer, code = %product.code, "product edited in the stall");
    Ok(Json(product))
}

/// Add a product to one's own stall, unpublished (X-CSRF-Token required); code made from the producer's code
///
/// It is unpublished until it has photos and is published; shoppers see it
/// once certified.
#[utoipa::path(post, path = "/stall/products", operation_id = "stall_create_product", tag = "stall",
    request_body = NewProduct,
    responses(
        (status = 201, description = "Created", body = CreatedProduct),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer member, or no CSRF token", body = ErrorBody),
        (status = 422, description = "Fields that do not hold, each named", body = ErrorBody),
    ))]
pub async fn create_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Member {
        producer_id: producer,
        ..
    }: Member,
    WordedBody(new): WordedBody<NewProduct>,
) -> Result<(StatusCode, Json<CreatedProduct>), ApiError> {
    let code = create(&state.db, producer, &new.into_form())
        .await
        .map_err(localized(locale))?;
    tracing::info!(producer, %code, "product created through the API");
    Ok((
        StatusCode::CREATED,
        Json(CreatedProduct {
            code,
            published: false,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(json: &str) -> Result<ProductEdit, AppError> {
        let fields: Map<String, Value> = serde_json::from_str(json).expect("an object");
        ProductChanges::from(fields).into_edit()
    }

    #[test]
    fn a_change_is_read_whole_or_refused_field_by_field() {
        let edit = changes(
            r#"{"name": "  Mật ong   hoa cà phê ", "price_vnd": 150000, "stock": 3, "published": false}"#,
        )
        .expect("valid");
        assert_eq!(edit.name.as_deref(), Some("Mật ong hoa cà phê"));
        assert_eq!(edit.price_vnd.map(app::domain::Money::dong), Some(150_000));
        assert_eq!(edit.published, Some(false));

        let Err(AppError::Validation { fields }) = changes(
            r#"{"name": "", "price_vnd": -5, "stock": 1.5, "published": "yes", "code": "X"}"#,
        ) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(named, ["code", "name", "price_vnd", "published", "stock"]);
    }

    #[test]
    fn null_and_numbers_for_text_are_refused_like_any_wrong_value() {
        let Err(AppError::Validation { fields }) =
            changes(r#"{"name": 12, "description": null, "price_vnd": "150000"}"#)
        else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(named, ["description", "name", "price_vnd"]);
        assert_eq!(
            changes("{}").expect("nothing to change"),
            ProductEdit::default()
        );
    }

    #[test]
    fn a_new_product_reads_numbers_and_text_as_the_form_does() {
        let new: NewProduct = serde_json::from_str(
            r#"{"name": "Trà", "group": 1, "unit": 5, "price_vnd": "150.000", "stock": true, "story": null}"#,
        )
        .expect("lenient");
        let form = new.into_form();
        assert_eq!(
            (form.name.as_str(), form.group.as_str(), form.unit.as_str()),
            ("Trà", "1", "5")
        );
        assert_eq!(
            (form.price_vnd.as_str(), form.stock.as_str()),
            ("150.000", "")
        );
        assert_eq!(form.story, "");
    }

    #[test]
    fn the_change_schema_refuses_other_fields() {
        let schema = serde_json::to_value(<ProductChanges as utoipa::PartialSchema>::schema())
            .expect("schema");
        assert_eq!(schema["additionalProperties"], false);
        assert!(schema["properties"].get("unknown").is_none());
    }
}
