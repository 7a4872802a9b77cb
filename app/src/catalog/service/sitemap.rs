//! What `sitemap.xml` lists: every public page worth finding.

use super::certified_products;
use crate::catalog::ProductFilter;
use crate::entities::{producers, product_groups, products, provinces};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Iden, Order, Query, SelectStatement};
use sea_orm::{DatabaseConnection, EntityTrait, FromQueryResult, QueryOrder};

/// One address of the sitemap.
#[derive(Debug, Clone, PartialEq)]
pub struct SitemapEntry {
    /// Path from the site root, e.g. "/san-pham/nuoc-mam-phu-quoc".
    pub path: String,
    /// When its content last changed, when known.
    pub modified: Option<DateTime<Utc>>,
}

#[derive(FromQueryResult)]
struct SlugRow {
    slug: String,
    updated_at: DateTime<Utc>,
}

/// Home, lists, groups, provinces with products, every certified published
/// product and the stall of every producer that has one.
pub async fn sitemap_entries(
    db: &DatabaseConnection,
    as_of: NaiveDate,
) -> AppResult<Vec<SitemapEntry>> {
    let backend = db.get_database_backend();
    let entry = |path: String, modified| SitemapEntry { path, modified };
    let mut out = vec![entry("/".into(), None), entry("/san-pham".into(), None)];
    for g in product_groups::Entity::find()
        .order_by_asc(product_groups::Column::Id)
        .all(db)
        .await?
    {
        out.push(entry(format!("/nhom/{}", g.slug), None));
    }

    let mut q = certified_products(as_of, &ProductFilter::default());
    q.expr_as(
        Expr::col((products::Entity, products::Column::Slug)),
        Alias::new("slug"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::UpdatedAt)),
        Alias::new("updated_at"),
    )
    .order_by((products::Entity, products::Column::Id), Order::Asc);
    let rows = SlugRow::find_by_statement(backend.build(&q))
        .all(db)
        .await?;
    out.extend(
        rows.into_iter()
            .map(|r| entry(format!("/san-pham/{}", r.slug), Some(r.updated_at))),
    );

    // Stalls and provinces that have at least one certified product.
    let mut with_products = certified_products(as_of, &ProductFilter::default());
    with_products.column((producers::Entity, producers::Column::Id));
    let stalls = slugs_where_id_in(producers::Entity, with_products);
    let rows = SlugRow::find_by_statement(backend.build(&stalls))
        .all(db)
        .await?;
    out.extend(
        rows.into_iter()
            .map(|r| entry(format!("/gian-hang/{}", r.slug), Some(r.updated_at))),
    );
    let mut with_province = certified_products(as_of, &ProductFilter::default());
    with_province.column((producers::Entity, producers::Column::ProvinceId));
    let places = slugs_where_id_in(provinces::Entity, with_province);
    let rows = SlugRow::find_by_statement(backend.build(&places))
        .all(db)
        .await?;
    out.extend(
        rows.into_iter()
            .map(|r| entry(format!("/tinh/{}", r.slug), None)),
    );
    Ok(out)
}

/// `slug` and `updated_at` of the rows of `table` whose id `ids` selects, by id.
fn slugs_where_id_in(table: impl Iden + Copy + 'static, ids: SelectStatement) -> SelectStatement {
    let column = |name: &str| Expr::col((table, Alias::new(name)));
    Query::select()
        .expr_as(column("slug"), Alias::new("slug"))
        .expr_as(column("updated_at"), Alias::new("updated_at"))
        .from(table)
        .and_where(column("id").in_subquery(ids))
        .order_by((table, Alias::new("id")), Order::Asc)
        .to_owned()
}

/// The slug of the published product with this register code.
pub async fn product_slug(db: &DatabaseConnection, code: &str) -> AppResult<Option<String>> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(products::Entity::find()
        .filter(products::Column::Code.eq(code.trim().to_uppercase()))
        .filter(products::Column::Published.eq(true))
        .one(db)
        .await?
        .map(|p| p.slug))
}
