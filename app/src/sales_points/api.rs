//! Sales points in the JSON API's shape (`/api/v1/sales-points`).

use super::public::{active_at, PlaceNames};
use super::store::is_active;
use crate::entities::{communes, products, sales_point_products, sales_points};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use serde::Serialize;
use utoipa::ToSchema;

/// A sales point as the API gives it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SalesPoint {
    /// Register code, the server's (`DB00012`).
    pub code: String,
    /// Name.
    pub name: String,
    /// `store`, `tourist_site`, `pagoda`, `supermarket_corner`, `rest_stop`
    /// or `craft_village`.
    pub kind: String,
    /// Province name.
    pub province: String,
    /// Commune name.
    pub commune: String,
    /// Commune code.
    pub commune_code: String,
    /// Street address.
    pub address: String,
    /// Latitude, decimal degrees (WGS 84).
    pub lat: f64,
    /// Longitude, decimal degrees (WGS 84).
    pub lon: f64,
    /// Opening hours as written.
    pub opening_hours: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// Opening date.
    #[schema(format = Date)]
    pub opened_on: String,
    /// Closing date (exclusive), when closed or closing.
    #[schema(format = Date)]
    pub closed_on: Option<String>,
    /// Open today: opened, not closed.
    pub active: bool,
    /// Register codes of the products it carries.
    pub product_codes: Vec<String>,
    /// The public page, while active.
    pub url: Option<String>,
}

/// The list's filters, already resolved.
#[derive(Debug, Default, Clone)]
pub struct ApiFilter {
    /// Province id.
    pub province_id: Option<i64>,
    /// Commune id.
    pub commune_id: Option<i64>,
    /// Only active (`true`) or only inactive (`false`) sales points at the day.
    pub active: Option<bool>,
}

/// The commune with code `code` (any province).
pub async fn commune_by_code(db: &DatabaseConnection, code: &str) -> AppResult<Option<i64>> {
    Ok(communes::Entity::find()
        .filter(communes::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .map(|c| c.id))
}

/// A page of sales points and the total.
pub async fn api_list(
    db: &DatabaseConnection,
    filter: &ApiFilter,
    page: u64,
    limit: u64,
    today: NaiveDate,
    base_url: &str,
) -> AppResult<(u64, Vec<SalesPoint>)> {
    let mut query = sales_points::Entity::find().order_by_asc(sales_points::Column::Code);
    if let Some(id) = filter.province_id {
        query = query.filter(sales_points::Column::ProvinceId.eq(id));
    }
    if let Some(id) = filter.commune_id {
        query = query.filter(sales_points::Column::CommuneId.eq(id));
    }
    match filter.active {
        Some(true) => query = query.filter(active_at(today)),
        Some(false) => query = query.filter(Condition::not(active_at(today))),
        None => {}
    }
    let paginator = query.paginate(db, limit);
    let total = paginator.num_items().await?;
    let points = paginator.fetch_page(page.saturating_sub(1)).await?;
    let names = PlaceNames::of(db, &points).await?;
    let mut items = Vec::with_capacity(points.len());
    for p in &points {
        items.push(api_item(db, p, &names, today, base_url).await?);
    }
    Ok((total, items))
}

/// One sales point as the API gives it.
pub async fn api_item(
    db: &DatabaseConnection,
    p: &sales_points::Model,
    names: &PlaceNames,
    today: NaiveDate,
    base_url: &str,
) -> AppResult<SalesPoint> {
    let ids: Vec<i64> = sales_point_products::Entity::find()
        .filter(sales_point_products::Column::SalesPointId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.product_id)
        .collect();
    let mut codes: Vec<String> = products::Entity::find()
        .filter(products::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    codes.sort();
    let active = is_active(p, today);
    Ok(SalesPoint {
        code: p.code.clone(),
        name: p.name.clone(),
        kind: p.kind.clone(),
        province: names.province(p.province_id),
        commune: names.commune(p.commune_id),
        commune_code: names.commune_code(p.commune_id),
        address: p.address.clone(),
        lat: p.lat,
        lon: p.lon,
        opening_hours: p.opening_hours.clone(),
        phone: p.phone.clone(),
        opened_on: p.opened_on.format("%Y-%m-%d").to_string(),
        closed_on: p.closed_on.map(|d| d.format("%Y-%m-%d").to_string()),
        active,
        product_codes: codes,
        url: active.then(|| format!("{base_url}/diem-ban/{}", p.code)),
    })
}

/// Sales point `code` in the API's shape (any, active or not).
pub async fn api_get(
    db: &DatabaseConnection,
    code: &str,
    today: NaiveDate,
    base_url: &str,
) -> AppResult<SalesPoint> {
    let point = sales_points::Entity::find()
        .filter(sales_points::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| {
            crate::error::AppError::not_found(
                "Không tìm thấy điểm bán này.",
                "No such sales point.",
            )
        })?;
    let names = PlaceNames::of(db, std::slice::from_ref(&point)).await?;
    api_item(db, &point, &names, today, base_url).await
}
