//! Groups, provinces and communes with how many certified products each has.

use super::certified_products;
use crate::catalog::{GroupCard, PlaceCard, ProductFilter};
use crate::entities::{communes, producers, product_groups, products, provinces};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, IntoColumnRef};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

#[derive(FromQueryResult)]
struct KeyCount {
    key: i64,
    n: i64,
}

/// Certified products today, counted by one column of the list's join.
async fn count_by(
    db: &DatabaseConnection,
    as_of: NaiveDate,
    filter: &ProductFilter,
    column: impl IntoColumnRef + Clone,
) -> AppResult<HashMap<i64, u64>> {
    let mut q = certified_products(as_of, filter);
    // The group id is a SMALLINT: read every key as BIGINT on both databases.
    q.expr_as(
        Expr::col(column.clone()).cast_as(Alias::new("BIGINT")),
        Alias::new("key"),
    )
    .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
    .group_by_col(column);
    let rows = KeyCount::find_by_statement(db.get_database_backend().build(&q))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.key, u64::try_from(r.n).unwrap_or(0)))
        .collect())
}

/// The six OCOP groups, each with its certified product count.
pub async fn list_groups(db: &DatabaseConnection, as_of: NaiveDate) -> AppResult<Vec<GroupCard>> {
    let counts = count_by(
        db,
        as_of,
        &ProductFilter::default(),
        (products::Entity, products::Column::GroupId),
    )
    .await?;
    let groups = product_groups::Entity::find()
        .order_by_asc(product_groups::Column::Id)
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .map(|g| GroupCard {
            products: counts.get(&i64::from(g.id)).copied().unwrap_or(0),
            id: g.id,
            slug: g.slug,
            name_vi: g.name_vi,
            name_en: g.name_en,
        })
        .collect())
}

/// Every province with its certified product count, by name.
pub async fn list_provinces(
    db: &DatabaseConnection,
    as_of: NaiveDate,
) -> AppResult<Vec<PlaceCard>> {
    let counts = count_by(
        db,
        as_of,
        &ProductFilter::default(),
        (producers::Entity, producers::Column::ProvinceId),
    )
    .await?;
    let mut all: Vec<PlaceCard> = provinces::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| PlaceCard {
            products: counts.get(&p.id).copied().unwrap_or(0),
            code: p.code,
            slug: p.slug,
            name: p.name,
            name_en: p.name_en,
        })
        .collect();
    all.sort_by_cached_key(|p| crate::text::fold(&p.name));
    Ok(all)
}

/// The communes of a province that have certified products, by name.
pub async fn list_communes(
    db: &DatabaseConnection,
    province_id: i64,
    as_of: NaiveDate,
) -> AppResult<Vec<PlaceCard>> {
    let filter = ProductFilter {
        province_id: Some(province_id),
        ..ProductFilter::default()
    };
    let counts = count_by(
        db,
        as_of,
        &filter,
        (producers::Entity, producers::Column::CommuneId),
    )
    .await?;
    let ids: Vec<i64> = counts.keys().copied().collect();
    let mut all: Vec<PlaceCard> = communes::Entity::find()
        .filter(communes::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| PlaceCard {
            products: counts.get(&c.id).copied().unwrap_or(0),
            code: c.code,
            slug: c.slug,
            name: c.full_name,
            name_en: c.name_en,
        })
        .collect();
    all.sort_by_cached_key(|p| crate::text::fold(&p.name));
    Ok(all)
}
