//! Catalog queries. "Certified at D" follows REPORTING.md: the product's latest
//! certification decided on or before D is still valid at D.

use super::types::*;
use crate::entities::{
    certifications, communes, media, producers, product_groups, product_photos, product_stories,
    products, provinces,
};
use crate::error::{AppError, AppResult};
use crate::text::match_key;
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
};

/// The id of the product's latest certification decided on or before `as_of`:
/// a correlated subquery, so "current" never depends on a stored flag.
fn latest_certification(as_of: NaiveDate) -> SelectStatement {
    let c2 = Alias::new("c2");
    Query::select()
        .column((c2.clone(), certifications::Column::Id))
        .from_as(certifications::Entity, c2.clone())
        .and_where(
            Expr::col((c2.clone(), certifications::Column::ProductId))
                .equals((products::Entity, products::Column::Id)),
        )
        .and_where(Expr::col((c2.clone(), certifications::Column::DecidedOn)).lte(as_of))
        .order_by((c2.clone(), certifications::Column::DecidedOn), Order::Desc)
        .order_by((c2, certifications::Column::Id), Order::Desc)
        .limit(1)
        .to_owned()
}

/// Published products certified at `as_of`, joined with what a list shows.
pub(crate) fn certified_products(as_of: NaiveDate, filter: &ProductFilter) -> SelectStatement {
    let c = Alias::new("c");
    let mut q = Query::select();
    q.from(products::Entity)
        .join(
            JoinType::InnerJoin,
            producers::Entity,
            Expr::col((producers::Entity, producers::Column::Id))
                .equals((products::Entity, products::Column::ProducerId)),
        )
        .join(
            JoinType::InnerJoin,
            provinces::Entity,
            Expr::col((provinces::Entity, provinces::Column::Id))
                .equals((producers::Entity, producers::Column::ProvinceId)),
        )
        .join_as(
            JoinType::InnerJoin,
            certifications::Entity,
            c.clone(),
            Expr::col((c.clone(), certifications::Column::ProductId))
                .equals((products::Entity, products::Column::Id)),
        )
        .and_where(
            Expr::col((c.clone(), certifications::Column::Id))
                .in_subquery(latest_certification(as_of)),
        )
        .and_where(Expr::col((c.clone(), certifications::Column::ValidUntil)).gt(as_of))
        .and_where(Expr::col((products::Entity, products::Column::Published)).eq(true));
    if let Some(group) = filter.group {
        q.and_where(Expr::col((products::Entity, products::Column::GroupId)).eq(group));
    }
    if let Some(stars) = filter.stars {
        q.and_where(Expr::col((c.clone(), certifications::Column::Stars)).eq(stars));
    }
    if let Some(province_id) = filter.province_id {
        q.and_where(Expr::col((producers::Entity, producers::Column::ProvinceId)).eq(province_id));
    }
    q
}

#[derive(FromQueryResult)]
struct SummaryRow {
    code: String,
    slug: String,
    name: String,
    group_id: i16,
    unit: String,
    price_vnd: i64,
    stock: i64,
    stars: i16,
    producer_name: String,
    province: String,
}

#[derive(FromQueryResult)]
struct CountRow {
    n: i64,
}

/// One page of certified, published products.
pub async fn list_products(
    db: &DatabaseConnection,
    filter: &ProductFilter,
    order: ProductOrder,
    page: u64,
    limit: u64,
    as_of: NaiveDate,
) -> AppResult<ProductList> {
    let backend = db.get_database_backend();
    let c = Alias::new("c");
    let mut count = certified_products(as_of, filter);
    count.expr_as(Expr::col(Asterisk).count(), Alias::new("n"));
    let total = CountRow::find_by_statement(backend.build(&count))
        .one(db)
        .await?
        .map_or(0, |r| std::cmp::max(r.n, 0) as u64);

    let mut q = certified_products(as_of, filter);
    q.expr_as(
        Expr::col((products::Entity, products::Column::Code)),
        Alias::new("code"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::Slug)),
        Alias::new("slug"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::Name)),
        Alias::new("name"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::GroupId)),
        Alias::new("group_id"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::Unit)),
        Alias::new("unit"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::PriceVnd)),
        Alias::new("price_vnd"),
    )
    .expr_as(
        Expr::col((products::Entity, products::Column::Stock)),
        Alias::new("stock"),
    )
    .expr_as(
        Expr::col((c.clone(), certifications::Column::Stars)),
        Alias::new("stars"),
    )
    .expr_as(
        Expr::col((producers::Entity, producers::Column::Name)),
        Alias::new("producer_name"),
    )
    .expr_as(
        Expr::col((provinces::Entity, provinces::Column::Name)),
        Alias::new("province"),
    );
    if order == ProductOrder::Featured {
        q.order_by((c.clone(), certifications::Column::Stars), Order::Desc)
            .order_by((c, certifications::Column::DecidedOn), Order::Desc);
    }
    q.order_by((products::Entity, products::Column::Code), Order::Asc)
        .limit(limit)
        .offset(page.saturating_sub(1).saturating_mul(limit));
    let rows = SummaryRow::find_by_statement(backend.build(&q))
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|r| ProductSummary {
            code: r.code,
            slug: r.slug,
            name: r.name,
            group: r.group_id,
            unit: r.unit,
            price_vnd: r.price_vnd,
            stock: r.stock,
            stars: r.stars,
            producer_name: r.producer_name,
            province: r.province,
        })
        .collect();
    Ok(ProductList { total, items })
}

/// Finds a province by code, slug, name or full name, however it is typed.
pub async fn resolve_province(db: &DatabaseConnection, raw: &str) -> AppResult<Option<i64>> {
    let key = match_key(raw);
    let found = provinces::Entity::find()
        .filter(
            provinces::Column::Code
                .eq(raw.trim())
                .or(provinces::Column::Slug.eq(raw.trim()))
                .or(provinces::Column::NameKey.eq(key.clone())),
        )
        .one(db)
        .await?;
    if let Some(p) = found {
        return Ok(Some(p.id));
    }
    let by_full_name = provinces::Entity::find().all(db).await?;
    Ok(by_full_name
        .into_iter()
        .find(|p| match_key(&p.full_name) == key)
        .map(|p| p.id))
}

/// Which product to show: by its register code (API) or its slug (page).
#[derive(Debug, Clone, Copy)]
pub enum ProductKey<'a> {
    /// Register code, e.g. "SP0000001".
    Code(&'a str),
    /// URL slug.
    Slug(&'a str),
}

/// A published product with its current certification, producer, story and photos.
pub async fn get_product(
    db: &DatabaseConnection,
    key: ProductKey<'_>,
    as_of: NaiveDate,
) -> AppResult<ProductDetail> {
    let query = products::Entity::find().filter(products::Column::Published.eq(true));
    let query = match key {
        ProductKey::Code(code) => {
            query.filter(products::Column::Code.eq(code.trim().to_uppercase()))
        }
        ProductKey::Slug(slug) => query.filter(products::Column::Slug.eq(slug)),
    };
    let product = query
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không tìm thấy sản phẩm", "Product not found"))?;
    let producer = producers::Entity::find_by_id(product.producer_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không tìm thấy chủ thể", "Producer not found"))?;
    let province = provinces::Entity::find_by_id(producer.province_id)
        .one(db)
        .await?;
    let commune = communes::Entity::find_by_id(producer.commune_id)
        .one(db)
        .await?;
    let group = product_groups::Entity::find_by_id(product.group_id)
        .one(db)
        .await?;
    let story = product_stories::Entity::find()
        .filter(product_stories::Column::ProductId.eq(product.id))
        .one(db)
        .await?;
    let certification = certifications::Entity::find()
        .filter(certifications::Column::ProductId.eq(product.id))
        .filter(certifications::Column::DecidedOn.lte(as_of))
        .order_by_desc(certifications::Column::DecidedOn)
        .order_by_desc(certifications::Column::Id)
        .one(db)
        .await?
        .map(|c| CertificationInfo {
            stars: c.stars,
            score: c.score,
            decision_no: c.decision_no,
            decided_on: c.decided_on,
            expires_on: c.valid_until,
            level: c.level,
            valid: c.valid_until > as_of,
        });
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(product.id))
        .find_also_related(media::Entity)
        .order_by_asc(product_photos::Column::Position)
        .all(db)
        .await?;
    let images = photos
        .into_iter()
        .filter_map(|(photo, m)| {
            m.map(|m| ImageInfo {
                url: format!("/media/{}", m.path),
                width: m.width,
                height: m.height,
                alt: photo.alt,
            })
        })
        .collect();
    Ok(ProductDetail {
        code: product.code,
        slug: product.slug,
        name: product.name,
        group: product.group_id,
        group_name: group.map(|g| g.name_vi).unwrap_or_default(),
        unit: product.unit,
        price_vnd: product.price_vnd,
        stock: product.stock,
        description: product.description,
        story: story.as_ref().map(|s| s.source.clone()),
        story_html: story.map(|s| s.html),
        published: product.published,
        traceable: product.traceable,
        producer: ProducerCard {
            code: producer.code,
            slug: producer.slug,
            name: producer.name,
            kind: producer.kind,
            province: province.map(|p| p.name).unwrap_or_default(),
            commune: commune.map(|c| c.full_name).unwrap_or_default(),
            women_led: producer.women_led,
            ethnic_minority_led: producer.ethnic_minority_led,
        },
        certification,
        images,
    })
}
