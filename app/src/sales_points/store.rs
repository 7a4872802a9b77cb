//! Creating and changing sales points. Codes come from the server
//! (`DB00001`…), never from the form; a sales point outside the reader's
//! area is "not found", the same answer as one that does not exist.

use super::types::{CarriedProduct, SalesPointForm};
use super::validate::{certified_ids, certified_products, oversees_place, validate, ValidPoint};
use crate::audit::{self, Change};
use crate::domain::AuditAction;
use crate::entities::{communes, products, provinces, sales_point_products, sales_points, users};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr,
};
use std::collections::HashSet;

/// The prefix of sales point codes, as in the department's register.
const CODE_PREFIX: &str = "DB";

fn not_found() -> AppError {
    AppError::not_found("Không tìm thấy điểm bán này.", "No such sales point.")
}

/// The sales point `code`, if it exists and lies in `user`'s area.
pub async fn find_overseen(
    db: &impl ConnectionTrait,
    user: &users::Model,
    code: &str,
) -> AppResult<sales_points::Model> {
    sales_points::Entity::find()
        .filter(sales_points::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .filter(|p| oversees_place(user, p.province_id, p.commune_id))
        .ok_or_else(not_found)
}

/// The province a form names (slug, code or name); an officer's own
/// province when the form names none.
pub async fn form_province(
    db: &DatabaseConnection,
    user: &users::Model,
    raw: &str,
) -> AppResult<Option<i64>> {
    if raw.trim().is_empty() || raw.len() > 200 {
        return Ok(user.area_province_id);
    }
    crate::catalog::service::resolve_province(db, raw).await
}

/// The next free code: one more than the largest `DB` number.
async fn next_code(db: &impl ConnectionTrait) -> AppResult<String> {
    let codes = sales_points::Entity::find()
        .filter(sales_points::Column::Code.starts_with(CODE_PREFIX))
        .all(db)
        .await?;
    let max = codes
        .iter()
        .filter_map(|p| p.code[CODE_PREFIX.len()..].parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("{CODE_PREFIX}{:05}", max + 1))
}

/// Creates a sales point from `form`; its code.
pub async fn create(
    db: &DatabaseConnection,
    user: &users::Model,
    form: &SalesPointForm,
    today: NaiveDate,
) -> AppResult<String> {
    let province = form_province(db, user, &form.province).await?;
    let valid = validate(db, user, form, province, today).await?;
    // Two officers saving at the same moment may pick the same code: the
    // unique index refuses the second, which takes the next one.
    for _ in 0..5 {
        let txn = crate::db::begin_write(db).await?;
        let code = next_code(&txn).await?;
        let mut row = sales_points::ActiveModel {
            code: Set(code.clone()),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        apply(&mut row, &valid);
        match row.insert(&txn).await {
            Ok(point) => {
                set_products(&txn, point.id, valid.product_ids.as_deref().unwrap_or(&[])).await?;
                let after = snapshot(&txn, &point).await?;
                audit::record_if_staff(
                    &txn,
                    user,
                    Change::new(AuditAction::SalesPointCreated, &code).after(&after),
                )
                .await?;
                txn.commit().await?;
                tracing::info!(sales_point = %code, user = user.id, "sales point created");
                return Ok(code);
            }
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::Conflict {
        code: "code_taken",
        message: crate::error::Message::new(
            "Không cấp được mã điểm bán, hãy thử lại.",
            "Could not give the sales point a code, please try again.",
        ),
    })
}

fn apply(row: &mut sales_points::ActiveModel, v: &ValidPoint) {
    row.name = Set(v.name.clone());
    row.kind = Set(v.kind.to_string());
    row.province_id = Set(v.province_id);
    row.commune_id = Set(v.commune_id);
    row.address = Set(v.address.clone());
    row.lat = Set(v.lat);
    row.lon = Set(v.lon);
    row.opening_hours = Set(v.opening_hours.clone());
    row.phone = Set(v.phone.clone());
    row.opened_on = Set(v.opened_on);
    row.closed_on = Set(v.closed_on);
    row.updated_at = Set(Utc::now());
}

/// Saves `form` over sales point `code` of `user`'s area.
pub async fn update(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    form: &SalesPointForm,
    today: NaiveDate,
) -> AppResult<()> {
    let point = find_overseen(db, user, code).await?;
    let province = form_province(db, user, &form.province).await?;
    let valid = validate(db, user, form, province, today).await?;
    let txn = crate::db::begin_write(db).await?;
    let before = snapshot(&txn, &point).await?;
    let id = point.id;
    let mut row: sales_points::ActiveModel = point.into();
    apply(&mut row, &valid);
    let point = row.update(&txn).await?;
    if let Some(ids) = &valid.product_ids {
        set_products(&txn, id, ids).await?;
    }
    let after = snapshot(&txn, &point).await?;
    audit::record_if_staff(
        &txn,
        user,
        Change::new(AuditAction::SalesPointSaved, code)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(sales_point = %code, user = user.id, "sales point saved");
    Ok(())
}

/// Makes the products carried by `point_id` exactly `ids`.
async fn set_products(db: &impl ConnectionTrait, point_id: i64, ids: &[i64]) -> AppResult<()> {
    let wanted: HashSet<i64> = ids.iter().copied().collect();
    let current = sales_point_products::Entity::find()
        .filter(sales_point_products::Column::SalesPointId.eq(point_id))
        .all(db)
        .await?;
    let have: HashSet<i64> = current.iter().map(|l| l.product_id).collect();
    let gone: Vec<i64> = current
        .iter()
        .filter(|l| !wanted.contains(&l.product_id))
        .map(|l| l.id)
        .collect();
    if !gone.is_empty() {
        sales_point_products::Entity::delete_many()
            .filter(sales_point_products::Column::Id.is_in(gone))
            .exec(db)
            .await?;
    }
    for id in ids.iter().filter(|id| !have.contains(id)) {
        sales_point_products::ActiveModel {
            sales_point_id: Set(point_id),
            product_id: Set(*id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Adds product `product_code` (certified today) to sales point `code`.
pub async fn add_product(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    product_code: &str,
    today: NaiveDate,
) -> AppResult<()> {
    let point = find_overseen(db, user, code).await?;
    let mut errors = FieldErrors::default();
    let codes = super::validate::split_codes(product_code);
    if codes.is_empty() {
        errors.add("product_code", "Nhập mã sản phẩm.", "Enter a product code.");
    }
    let ids = certified_products(db, &mut errors, "product_code", &codes, today).await?;
    errors.into_result(())?;
    let txn = crate::db::begin_write(db).await?;
    let mut all = carried_ids(&txn, point.id).await?;
    let before = codes_of(&txn, &all).await?;
    all.extend(ids);
    set_products(&txn, point.id, &all).await?;
    let after = carried_codes(&txn, point.id).await?;
    audit::record_if_staff(
        &txn,
        user,
        Change::new(AuditAction::SalesPointProductAdded, code)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Stops sales point `code` carrying product `product_code`.
pub async fn remove_product(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    product_code: &str,
) -> AppResult<()> {
    let point = find_overseen(db, user, code).await?;
    let product = products::Entity::find()
        .filter(products::Column::Code.eq(product_code.trim()))
        .one(db)
        .await?;
    if let Some(product) = product {
        let txn = crate::db::begin_write(db).await?;
        let before = carried_codes(&txn, point.id).await?;
        sales_point_products::Entity::delete_many()
            .filter(sales_point_products::Column::SalesPointId.eq(point.id))
            .filter(sales_point_products::Column::ProductId.eq(product.id))
            .exec(&txn)
            .await?;
        let after = carried_codes(&txn, point.id).await?;
        audit::record_if_staff(
            &txn,
            user,
            Change::new(AuditAction::SalesPointProductRemoved, code)
                .before(&before)
                .after(&after),
        )
        .await?;
        txn.commit().await?;
    }
    Ok(())
}

/// A sales point as the audit log keeps it: its fields and the codes of
/// the products it carries.
#[derive(serde::Serialize)]
struct Snapshot {
    #[serde(flatten)]
    fields: SalesPointForm,
    products: Vec<String>,
}

async fn snapshot(db: &impl ConnectionTrait, point: &sales_points::Model) -> AppResult<Snapshot> {
    Ok(Snapshot {
        fields: form_of(db, point).await?,
        products: carried_codes(db, point.id).await?,
    })
}

/// The codes of the products `point_id` carries, in order.
async fn carried_codes(db: &impl ConnectionTrait, point_id: i64) -> AppResult<Vec<String>> {
    codes_of(db, &carried_ids(db, point_id).await?).await
}

/// The codes of products `ids`, in order.
async fn codes_of(db: &impl ConnectionTrait, ids: &[i64]) -> AppResult<Vec<String>> {
    Ok(products_by_code(db, ids)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect())
}

/// The products of `ids`, read in chunks the databases accept, ordered by
/// code.
async fn products_by_code(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<Vec<products::Model>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(
            products::Entity::find()
                .filter(products::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    found.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(found)
}

async fn carried_ids(db: &impl ConnectionTrait, point_id: i64) -> AppResult<Vec<i64>> {
    Ok(sales_point_products::Entity::find()
        .filter(sales_point_products::Column::SalesPointId.eq(point_id))
        .order_by_asc(sales_point_products::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.product_id)
        .collect())
}

/// The products sales point `point_id` carries, by code.
pub async fn carried(
    db: &impl ConnectionTrait,
    point_id: i64,
    as_of: NaiveDate,
) -> AppResult<Vec<CarriedProduct>> {
    let ids = carried_ids(db, point_id).await?;
    carried_of(db, &ids, as_of).await
}

/// The products of `ids`, by code, with whether each is certified.
pub async fn carried_of(
    db: &impl ConnectionTrait,
    ids: &[i64],
    as_of: NaiveDate,
) -> AppResult<Vec<CarriedProduct>> {
    let certified = certified_ids(db, ids, as_of).await?;
    Ok(products_by_code(db, ids)
        .await?
        .into_iter()
        .map(|p| CarriedProduct {
            certified: certified.contains(&p.id),
            slug: p.published.then_some(p.slug),
            code: p.code,
            name: p.name,
        })
        .collect())
}

/// The form's values for a stored sales point.
pub async fn form_of(
    db: &impl ConnectionTrait,
    point: &sales_points::Model,
) -> AppResult<SalesPointForm> {
    let province = provinces::Entity::find_by_id(point.province_id)
        .one(db)
        .await?
        .map(|p| p.slug)
        .unwrap_or_default();
    let commune = communes::Entity::find_by_id(point.commune_id)
        .one(db)
        .await?
        .map(|c| c.code)
        .unwrap_or_default();
    Ok(SalesPointForm {
        name: point.name.clone(),
        kind: point.kind.clone(),
        province,
        commune,
        address: point.address.clone(),
        lat: point.lat.to_string(),
        lon: point.lon.to_string(),
        opening_hours: point.opening_hours.clone().unwrap_or_default(),
        phone: point.phone.clone().unwrap_or_default(),
        opened_on: point.opened_on.format("%Y-%m-%d").to_string(),
        closed_on: point
            .closed_on
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        product_codes: None,
    })
}

/// Whether `point` is active at `day`: opened on or before it and not
/// closed by then (`closed_on` exclusive).
pub fn is_active(point: &sales_points::Model, day: NaiveDate) -> bool {
    point.opened_on <= day && point.closed_on.is_none_or(|c| c > day)
}
