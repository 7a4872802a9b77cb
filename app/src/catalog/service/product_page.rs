//! The product page: the product, where it comes from, where to buy it in
//! person, the events that feature it and the producer's other products.

use super::events::{upcoming_events, EventScope};
use super::{find_product, list_products, product_detail, ProductKey};
use crate::catalog::{
    Batch, MaterialArea, ProductFilter, ProductOrder, ProductPageData, SalesPointCard, Traceability,
};
use crate::entities::{
    communes, product_batches, raw_material_areas, sales_point_products, sales_points,
};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Everything the product page shows, or `NotFound`.
pub async fn load_product_page(
    db: &DatabaseConnection,
    slug: &str,
    as_of: NaiveDate,
    now: DateTime<Utc>,
    base_url: &str,
) -> AppResult<ProductPageData> {
    let (product, producer) = find_product(db, ProductKey::Slug(slug)).await?;
    let (product_id, producer_id) = (product.id, producer.id);
    let origin = product
        .origin
        .clone()
        .filter(|o| !o.trim().is_empty())
        .unwrap_or_else(|| producer.address.clone());
    let detail = product_detail(db, product, producer, as_of).await?;
    let traceability = Traceability {
        origin,
        areas: material_areas(db, product_id).await?,
        batches: batches(db, product_id).await?,
    };
    let sales_points = sales_points_carrying(db, product_id, as_of).await?;
    let events = upcoming_events(
        db,
        now,
        EventScope::Product {
            product_id,
            producer_id,
        },
        6,
    )
    .await?;
    let others = ProductFilter {
        producer_id: Some(producer_id),
        except_product_id: Some(product_id),
        ..ProductFilter::default()
    };
    let more_from_producer = list_products(db, &others, ProductOrder::Featured, 1, 8, as_of)
        .await?
        .items;
    Ok(ProductPageData {
        product: detail,
        traceability,
        sales_points,
        events,
        more_from_producer,
        base_url: base_url.to_string(),
    })
}

async fn material_areas(db: &DatabaseConnection, product_id: i64) -> AppResult<Vec<MaterialArea>> {
    let rows = raw_material_areas::Entity::find()
        .filter(raw_material_areas::Column::ProductId.eq(product_id))
        .find_also_related(communes::Entity)
        .order_by_asc(raw_material_areas::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(a, commune)| MaterialArea {
            name: a.name,
            commune: commune.map(|c| c.full_name),
            area_ha: a.area_ha,
            description: a.description,
        })
        .collect())
}

async fn batches(db: &DatabaseConnection, product_id: i64) -> AppResult<Vec<Batch>> {
    let rows = product_batches::Entity::find()
        .filter(product_batches::Column::ProductId.eq(product_id))
        .order_by_desc(product_batches::Column::ProducedOn)
        .limit(10)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|b| Batch {
            batch_no: b.batch_no,
            produced_on: b.produced_on,
            expires_on: b.expires_on,
            quantity: b.quantity,
        })
        .collect())
}

/// Sales points open today that carry the product.
async fn sales_points_carrying(
    db: &DatabaseConnection,
    product_id: i64,
    as_of: NaiveDate,
) -> AppResult<Vec<SalesPointCard>> {
    let carrying = Query::select()
        .column(sales_point_products::Column::SalesPointId)
        .from(sales_point_products::Entity)
        .and_where(Expr::col(sales_point_products::Column::ProductId).eq(product_id))
        .to_owned();
    let points = sales_points::Entity::find()
        .filter(Expr::col(sales_points::Column::Id).in_subquery(carrying))
        .filter(sales_points::Column::OpenedOn.lte(as_of))
        .filter(
            Condition::any()
                .add(sales_points::Column::ClosedOn.is_null())
                .add(sales_points::Column::ClosedOn.gt(as_of)),
        )
        .order_by_asc(sales_points::Column::Name)
        .limit(20)
        .all(db)
        .await?;
    let commune_ids: Vec<i64> = points.iter().map(|p| p.commune_id).collect();
    let commune_names = crate::admin_units::commune_names(db, commune_ids, true).await?;
    let province_ids: Vec<i64> = points.iter().map(|p| p.province_id).collect();
    let province_names = crate::admin_units::province_names(db, province_ids).await?;
    Ok(points
        .into_iter()
        .map(|p| SalesPointCard {
            commune: commune_names
                .get(&p.commune_id)
                .cloned()
                .unwrap_or_default(),
            province: province_names
                .get(&p.province_id)
                .cloned()
                .unwrap_or_default(),
            code: p.code,
            name: p.name,
            kind: p.kind,
            address: p.address,
            opening_hours: p.opening_hours,
            lat: p.lat,
            lon: p.lon,
        })
        .collect())
}
