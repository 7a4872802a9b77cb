//! A new product, and the editor's fields and story saved, published or
//! withdrawn: each checked, then written with its story and raw-material
//! area in one transaction that also queues the product for search.

use super::catalog::rows;
use super::product_form::{check_form, ProductForm};
use super::products::own_product;
use super::story;
use super::types::Missing;
use crate::entities::{producers, product_groups, product_stories, products, raw_material_areas};
use crate::error::{AppError, AppResult};
use crate::search::outbox::queue_products;
use crate::text::{match_key, slugify};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

async fn group_ids(db: &impl ConnectionTrait) -> AppResult<Vec<i16>> {
    Ok(product_groups::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect())
}

/// Writes the story (or removes it when empty).
pub(super) async fn put_story(
    db: &impl ConnectionTrait,
    product_id: i64,
    story: story::Story,
) -> AppResult<()> {
    if story.source.is_empty() {
        product_stories::Entity::delete_many()
            .filter(product_stories::Column::ProductId.eq(product_id))
            .exec(db)
            .await?;
        return Ok(());
    }
    let now = Utc::now();
    product_stories::Entity::insert(product_stories::ActiveModel {
        product_id: Set(product_id),
        source: Set(story.source),
        html: Set(story.html),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(product_stories::Column::ProductId)
            .update_columns([
                product_stories::Column::Source,
                product_stories::Column::Html,
                product_stories::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Writes the product's (first) raw-material area.
async fn put_raw_area(
    db: &impl ConnectionTrait,
    product_id: i64,
    area: Option<(String, Option<f64>, Option<String>)>,
) -> AppResult<()> {
    let existing = raw_material_areas::Entity::find()
        .filter(raw_material_areas::Column::ProductId.eq(product_id))
        .order_by_asc(raw_material_areas::Column::Id)
        .one(db)
        .await?;
    let now = Utc::now();
    match (existing, area) {
        (Some(row), None) => {
            row.into_active_model().delete(db).await?;
        }
        (Some(row), Some((name, ha, description))) => {
            let mut active = row.into_active_model();
            active.name = Set(name);
            active.area_ha = Set(ha);
            active.description = Set(description);
            active.updated_at = Set(now);
            active.update(db).await?;
        }
        (None, Some((name, ha, description))) => {
            raw_material_areas::ActiveModel {
                product_id: Set(product_id),
                name: Set(name),
                commune_id: Set(None),
                area_ha: Set(ha),
                description: Set(description),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// Creates a product of the producer from the editor's form (unpublished:
/// it needs photos, and an officer's certification, before shoppers see
/// it). Its code is the producer's code and a number ("CT000001-03"), so
/// it never takes a code the department's register may use.
pub async fn create(
    db: &DatabaseConnection,
    producer_id: i64,
    form: &ProductForm,
) -> AppResult<String> {
    let checked = check_form(form, &group_ids(db).await?)?;
    let txn = crate::db::begin_write(db).await?;
    let producer = producers::Entity::find_by_id(producer_id)
        .one(&txn)
        .await?
        .ok_or(AppError::Forbidden)?;
    let taken: Vec<String> = products::Entity::find()
        .filter(products::Column::Code.starts_with(format!("{}-", producer.code)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    let code = (1u32..)
        .map(|n| format!("{}-{n:02}", producer.code))
        .find(|c| !taken.contains(c))
        .unwrap_or_default();
    let base = slugify(&checked.name);
    let mut slug = if base.is_empty() {
        slugify(&code)
    } else {
        base.clone()
    };
    let mut n = 1;
    while products::Entity::find()
        .filter(products::Column::Slug.eq(slug.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        n += 1;
        slug = format!("{}-{}", slugify(&format!("{base} {code}")), n);
    }
    let now = Utc::now();
    let saved = products::ActiveModel {
        code: Set(code.clone()),
        slug: Set(slug),
        producer_id: Set(producer_id),
        group_id: Set(checked.group),
        name_key: Set(match_key(&checked.name)),
        name: Set(checked.name),
        unit: Set(checked.unit),
        price_vnd: Set(checked.price.dong()),
        stock: Set(checked.stock),
        description: Set(checked.description),
        published: Set(false),
        traceable: Set(checked.raw_area.is_some()),
        origin: Set(checked.origin),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    put_story(&txn, saved.id, checked.story).await?;
    put_raw_area(&txn, saved.id, checked.raw_area).await?;
    queue_products(&txn, [saved.id]).await?;
    txn.commit().await?;
    Ok(code)
}

fn stale() -> AppError {
    AppError::Conflict {
        code: "stale_edit",
        message: crate::error::Message::new(
            "Sản phẩm vừa được sửa ở nơi khác; trang đã tải lại bản mới nhất, hãy sửa lại.",
            "The product was just changed elsewhere; the page now shows the latest version, make your change again.",
        ),
    }
}

/// Saves the editor's main form on the producer's product, if it is still
/// at `version` (two tabs or two members cannot overwrite each other).
pub async fn save(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    version: i32,
    form: &ProductForm,
) -> AppResult<()> {
    let checked = check_form(form, &group_ids(db).await?)?;
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let id = product.id;
    let updated = products::Entity::update_many()
        .col_expr(products::Column::Name, checked.name.clone().into())
        .col_expr(products::Column::NameKey, match_key(&checked.name).into())
        .col_expr(products::Column::GroupId, checked.group.into())
        .col_expr(products::Column::Unit, checked.unit.into())
        .col_expr(products::Column::PriceVnd, checked.price.dong().into())
        .col_expr(products::Column::Stock, checked.stock.into())
        .col_expr(products::Column::Description, checked.description.into())
        .col_expr(products::Column::Origin, checked.origin.into())
        .col_expr(
            products::Column::Traceable,
            (product.traceable || checked.raw_area.is_some()).into(),
        )
        .col_expr(products::Column::Version, version.saturating_add(1).into())
        .col_expr(products::Column::UpdatedAt, Utc::now().into())
        .filter(products::Column::Id.eq(id))
        .filter(products::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(stale());
    }
    put_story(&txn, id, checked.story).await?;
    put_raw_area(&txn, id, checked.raw_area).await?;
    queue_products(&txn, [id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Refuses unless the stall's seller identity is verified: every way of
/// putting a product on sale (the editor, the API) goes through here.
pub async fn may_sell(db: &impl ConnectionTrait, producer_id: i64) -> AppResult<()> {
    let producer = producers::Entity::find_by_id(producer_id)
        .one(db)
        .await?
        .ok_or(AppError::Forbidden)?;
    crate::seller::rules::require_verified(&producer)
}

/// Publishes or withdraws the producer's product. Publishing needs a
/// photo, a story and a price; without a valid certification it is
/// published but waits, unseen, until an officer records one.
pub async fn set_published(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    published: bool,
    today: NaiveDate,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let id = product.id;
    if published {
        may_sell(&txn, producer_id).await?;
        let row = rows(&txn, vec![product], today)
            .await?
            .pop()
            .ok_or_else(|| AppError::not_found("Không có sản phẩm này", "No such product"))?;
        let lacking: Vec<Missing> = row
            .missing
            .into_iter()
            .filter(|m| *m != Missing::Certification)
            .collect();
        if !lacking.is_empty() {
            let list = |pick: fn((&'static str, &'static str)) -> &'static str| {
                lacking
                    .iter()
                    .map(|m| pick(m.words()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(AppError::invalid(
                "published",
                format!("Chưa bán được: sản phẩm {}.", list(|w| w.0)),
                format!("Not ready to sell: the product has {}.", list(|w| w.1)),
            ));
        }
    }
    products::Entity::update_many()
        .col_expr(products::Column::Published, published.into())
        .col_expr(
            products::Column::Version,
            Expr::col(products::Column::Version).add(1),
        )
        .col_expr(products::Column::UpdatedAt, Utc::now().into())
        .filter(products::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    queue_products(&txn, [id]).await?;
    txn.commit().await?;
    Ok(())
}
