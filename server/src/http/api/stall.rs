//! `/api/v1/stall`: a producer member's own products. Every route checks the
//! session and the member's producer; another producer's product is a 404,
//! the same answer as a product that does not exist.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::who::Member;
use app::error::AppError;
use app::ssr::today_vn;
use app::ssr::AppState;
use app::stall::product_edits::{create, set_published};
use app::stall::product_form::ProductForm;
use app::stall::products::{edit_own, list_own, ProductEdit};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

/// `GET /api/v1/stall/products`: the member's products.
pub async fn list_products(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Member {
        producer_id: producer,
        ..
    }: Member,
) -> Result<Json<Value>, ApiError> {
    let items = list_own(&state.db, producer)
        .await
        .map_err(localized(locale))?;
    Ok(Json(json!({ "items": items })))
}

/// `PATCH /api/v1/stall/products/{code}`: changes some of a product's fields;
/// search finds the change within a second (through the outbox).
pub async fn edit_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    Member {
        producer_id: producer,
        ..
    }: Member,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(body) = body.map_err(|_| {
        ApiError::new(
            AppError::invalid(
                "body",
                "Cần một đối tượng JSON gồm các trường cần sửa.",
                "Send a JSON object of the fields to change.",
            ),
            locale,
        )
    })?;
    let mut edit = ProductEdit::from_json(&body).map_err(localized(locale))?;
    // Publishing has its own checks (a photo, a story, a price), made after
    // the other fields of the same call are saved.
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
    Ok(Json(json!(product)))
}

/// `POST /api/v1/stall/products`: a new product of the member's producer
/// (JSON: `name`, `group`, `unit`, `price_vnd`, `stock`, optional
/// `description`, `origin`, `story`); 201 with its code. It is unpublished
/// until it has photos and is published; shoppers see it once certified.
pub async fn create_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Member {
        producer_id: producer,
        ..
    }: Member,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let Json(body) = body.map_err(|_| {
        ApiError::new(
            AppError::invalid(
                "body",
                "Cần một đối tượng JSON mô tả sản phẩm.",
                "Send a JSON object describing the product.",
            ),
            locale,
        )
    })?;
    let field = |name: &str| match body.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let form = ProductForm {
        name: field("name"),
        group: field("group"),
        unit: field("unit"),
        price_vnd: field("price_vnd"),
        stock: field("stock"),
        description: field("description"),
        origin: field("origin"),
        story: field("story"),
        raw_area: Default::default(),
    };
    let code = create(&state.db, producer, &form)
        .await
        .map_err(localized(locale))?;
    tracing::info!(producer, %code, "product created through the API");
    Ok((
        axum::http::StatusCode::CREATED,
        Json(json!({ "code": code, "published": false })),
    ))
}
