//! Catalog queries. "Certified at D" follows REPORTING.md: the product's latest
//! certification decided on or before D is still valid at D.

mod events;
mod home;
pub(crate) mod list_page;
mod places;
mod product_page;
mod sitemap;
mod stall;

pub use home::load_home;
pub use list_page::{load_list_page, ListPreset};
pub use places::{list_groups, list_provinces};
pub use product_page::load_product_page;
pub use sitemap::{product_slug, sitemap_entries, SitemapEntry};
pub use stall::load_stall;

use super::types::*;
use crate::entities::{
    certifications, communes, media, producers, product_groups, product_photos, product_stories,
    products, provinces,
};
use crate::error::{AppError, AppResult};
use crate::media::Picture;
use crate::text::match_key;
use chrono::NaiveDate;
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement,
};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
};
use std::collections::{HashMap, HashSet};

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
        .and_where(Expr::col((products::Entity, products::Column::Published)).eq(true))
        // What moderation took off the site: a hidden listing, a suspended
        // stall's products.
        .and_where(Expr::col((products::Entity, products::Column::HiddenAt)).is_null())
        .and_where(Expr::col((producers::Entity, producers::Column::SuspendedAt)).is_null());
    if let Some(group) = filter.group {
        q.and_where(Expr::col((products::Entity, products::Column::GroupId)).eq(group));
    }
    if let Some(stars) = filter.stars {
        q.and_where(Expr::col((c.clone(), certifications::Column::Stars)).eq(stars));
    }
    if let Some(province_id) = filter.province_id {
        q.and_where(Expr::col((producers::Entity, producers::Column::ProvinceId)).eq(province_id));
    }
    if let Some(commune_id) = filter.commune_id {
        q.and_where(Expr::col((producers::Entity, producers::Column::CommuneId)).eq(commune_id));
    }
    if let Some(producer_id) = filter.producer_id {
        q.and_where(Expr::col((products::Entity, products::Column::ProducerId)).eq(producer_id));
    }
    if let Some(except) = filter.except_product_id {
        q.and_where(Expr::col((products::Entity, products::Column::Id)).ne(except));
    }
    if let Some(ids) = &filter.ids {
        q.and_where(Expr::col((products::Entity, products::Column::Id)).is_in(ids.iter().copied()));
    }
    if let Some(min) = filter.min_price {
        q.and_where(Expr::col((products::Entity, products::Column::PriceVnd)).gte(min));
    }
    if let Some(max) = filter.max_price {
        q.and_where(Expr::col((products::Entity, products::Column::PriceVnd)).lte(max));
    }
    if filter.in_stock {
        q.and_where(Expr::col((products::Entity, products::Column::Stock)).gt(0));
    }
    if filter.has_story {
        q.and_where(
            Expr::col((products::Entity, products::Column::Id)).in_subquery(
                Query::select()
                    .column(product_stories::Column::ProductId)
                    .from(product_stories::Entity)
                    .to_owned(),
            ),
        );
    }
    q
}

#[derive(FromQueryResult)]
struct IdRow {
    id: i64,
}

/// Which of `ids` are published and certified at `today`: what may be sold.
pub(crate) async fn sellable_ids(
    db: &DatabaseConnection,
    ids: &[i64],
    today: NaiveDate,
) -> AppResult<HashSet<i64>> {
    let filter = ProductFilter {
        ids: Some(ids.to_vec()),
        ..Default::default()
    };
    let mut query = certified_products(today, &filter);
    query.expr_as(
        Expr::col((products::Entity, products::Column::Id)),
        Alias::new("id"),
    );
    Ok(
        IdRow::find_by_statement(db.get_database_backend().build(&query))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect(),
    )
}

#[derive(FromQueryResult)]
struct SummaryRow {
    id: i64,
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
    select_summary(&mut q);
    let stars = (c.clone(), certifications::Column::Stars);
    let decided = (c, certifications::Column::DecidedOn);
    let price = (products::Entity, products::Column::PriceVnd);
    match order {
        ProductOrder::Code => {}
        ProductOrder::Featured => {
            q.order_by(stars, Order::Desc)
                .order_by(decided, Order::Desc);
        }
        ProductOrder::Newest => {
            q.order_by(decided, Order::Desc);
        }
        ProductOrder::Stars => {
            q.order_by(stars, Order::Desc);
        }
        ProductOrder::PriceAsc => {
            q.order_by(price, Order::Asc);
        }
        ProductOrder::PriceDesc => {
            q.order_by(price, Order::Desc);
        }
    }
    // The code last makes every order total, so pages never overlap.
    q.order_by((products::Entity, products::Column::Code), Order::Asc)
        .limit(limit)
        .offset(page.saturating_sub(1).saturating_mul(limit));
    let rows = SummaryRow::find_by_statement(backend.build(&q))
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut thumbnails = first_photos(db, &ids).await?;
    let items = rows
        .into_iter()
        .map(|r| ProductSummary {
            thumbnail: thumbnails.remove(&r.id),
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

/// Adds the columns of a product summary to a [`certified_products`] query:
/// id, code, slug, name, group_id, unit, price_vnd, stock, stars,
/// producer_name and province. Lists and search documents read them alike.
pub(crate) fn select_summary(q: &mut SelectStatement) -> &mut SelectStatement {
    let c = Alias::new("c");
    let product = |column: products::Column, alias: &str| {
        (Expr::col((products::Entity, column)), Alias::new(alias))
    };
    let columns = [
        product(products::Column::Id, "id"),
        product(products::Column::Code, "code"),
        product(products::Column::Slug, "slug"),
        product(products::Column::Name, "name"),
        product(products::Column::GroupId, "group_id"),
        product(products::Column::Unit, "unit"),
        product(products::Column::PriceVnd, "price_vnd"),
        product(products::Column::Stock, "stock"),
        (
            Expr::col((c, certifications::Column::Stars)),
            Alias::new("stars"),
        ),
        (
            Expr::col((producers::Entity, producers::Column::Name)),
            Alias::new("producer_name"),
        ),
        (
            Expr::col((provinces::Entity, provinces::Column::Name)),
            Alias::new("province"),
        ),
    ];
    for (expr, alias) in columns {
        q.expr_as(expr, alias);
    }
    q
}

/// The first photo of each of these products.
pub(crate) async fn first_photos(
    db: &DatabaseConnection,
    product_ids: &[i64],
) -> AppResult<HashMap<i64, Picture>> {
    if product_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.is_in(product_ids.iter().copied()))
        .find_also_related(media::Entity)
        .order_by_asc(product_photos::Column::Position)
        .all(db)
        .await?;
    let mut first = HashMap::new();
    for (photo, m) in photos {
        if let Some(m) = m {
            first
                .entry(photo.product_id)
                .or_insert_with(|| picture(&m, photo.alt));
        }
    }
    Ok(first)
}

/// A stored medium as pages show it.
pub(crate) fn picture(m: &media::Model, alt: String) -> Picture {
    Picture {
        stem: m.path.clone(),
        width: m.width,
        height: m.height,
        alt,
    }
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
    let (product, producer) = find_product(db, key).await?;
    product_detail(db, product, producer, as_of).await
}

/// The published product and its producer, or `NotFound`.
pub(crate) async fn find_product(
    db: &DatabaseConnection,
    key: ProductKey<'_>,
) -> AppResult<(products::Model, producers::Model)> {
    let query = products::Entity::find()
        .filter(products::Column::Published.eq(true))
        .filter(products::Column::HiddenAt.is_null());
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
        // A suspended stall's products are off the site with it.
        .filter(|p| p.suspended_at.is_none())
        .ok_or_else(|| AppError::not_found("Không tìm thấy sản phẩm", "Product not found"))?;
    Ok((product, producer))
}

/// The province and commune of an address (a producer's, a sales point's).
pub(crate) async fn place_of(
    db: &DatabaseConnection,
    province_id: i64,
    commune_id: i64,
) -> AppResult<(Option<provinces::Model>, Option<communes::Model>)> {
    let province = provinces::Entity::find_by_id(province_id).one(db).await?;
    let commune = communes::Entity::find_by_id(commune_id).one(db).await?;
    Ok((province, commune))
}

/// What the product page and the API show of a product.
pub(crate) async fn product_detail(
    db: &DatabaseConnection,
    product: products::Model,
    producer: producers::Model,
    as_of: NaiveDate,
) -> AppResult<ProductDetail> {
    let (province, commune) = place_of(db, producer.province_id, producer.commune_id).await?;
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
        .filter_map(|(photo, m)| m.map(|m| picture(&m, photo.alt)))
        .collect();
    Ok(ProductDetail {
        code: product.code,
        slug: product.slug,
        name: product.name,
        group: product.group_id,
        group_name: group
            .as_ref()
            .map(|g| g.name_vi.clone())
            .unwrap_or_default(),
        group_name_en: group
            .as_ref()
            .map(|g| g.name_en.clone())
            .unwrap_or_default(),
        group_slug: group.map(|g| g.slug).unwrap_or_default(),
        unit: product.unit,
        price_vnd: product.price_vnd,
        stock: product.stock,
        description: product.description,
        story: story.as_ref().map(|s| s.source.clone()),
        story_html: story.map(|s| s.html),
        published: product.published,
        traceable: product.traceable,
        seller: crate::seller::rules::identity_of(&producer),
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
        updated_at: product.updated_at,
    })
}
