//! `GET /api/v1/products` and `GET /api/v1/products/{code}`.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::query::{Paging, QueryParams};
use app::catalog::service::{
    get_product as find_product, list_products as find_products, ProductKey,
};
use app::catalog::{ProductDetail, ProductFilter, ProductOrder};
use app::ssr::{today_vn, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of products.
#[derive(Serialize, ToSchema)]
pub struct ProductList {
    /// Matching products in all pages.
    total: u64,
    /// This page, from 1.
    page: u64,
    /// Items per page.
    limit: u64,
    /// This page's products, by register code.
    items: Vec<ProductSummary>,
}

/// A product of a list.
#[derive(Serialize, ToSchema)]
pub struct ProductSummary {
    /// Register code.
    code: String,
    /// URL slug of the product page.
    slug: String,
    /// Name as certified.
    name: String,
    /// OCOP product group.
    #[schema(minimum = 1, maximum = 6)]
    group: i16,
    /// Selling unit.
    unit: String,
    /// Price in đồng.
    #[schema(minimum = 0)]
    price_vnd: i64,
    /// Units free to sell.
    stock: i64,
    /// Whether any unit is left to sell.
    in_stock: bool,
    /// Stars of the valid certification.
    #[schema(minimum = 3, maximum = 5)]
    stars: i16,
    /// The producer's name.
    producer: String,
    /// The producer's province.
    province: String,
    /// The product page.
    url: String,
}

/// One published product with its current certification and producer.
#[derive(Serialize, ToSchema)]
pub struct Product {
    /// Register code.
    code: String,
    /// URL slug of the product page.
    slug: String,
    /// Name as certified.
    name: String,
    /// OCOP product group.
    #[schema(minimum = 1, maximum = 6)]
    group: i16,
    /// Selling unit.
    unit: String,
    /// Price in đồng.
    #[schema(minimum = 0)]
    price_vnd: i64,
    /// Units free to sell.
    #[schema(minimum = 0)]
    stock: i64,
    /// Short description.
    description: String,
    /// The story's Markdown source exactly as the producer wrote it: NOT
    /// sanitised, never insert it into a page as HTML (show it as text, or
    /// show story_html)
    // Kept for editing; a reader shows `story_html`, rendered once, when
    // the story is saved.
    #[schema(required = true)]
    story: Option<String>,
    /// The story as the product page shows it: Markdown rendered to p, br,
    /// strong, em, ul, ol, li, h3, h4, blockquote, a (http, https, mailto;
    /// rel="nofollow noopener noreferrer ugc") and hr, and sanitised (no
    /// script, event handler or style). Null when there is no story
    #[schema(required = true)]
    story_html: Option<String>,
    /// Listed in its producer's stall.
    published: bool,
    /// The producer.
    producer: ProductProducer,
    /// The latest decision on or before today; null when there is none.
    #[schema(required = true)]
    certification: Option<ProductCertification>,
    /// Photos in display order, each its largest JPEG.
    images: Vec<ProductImage>,
    /// Traceability information published.
    traceable: bool,
    /// The product page.
    url: String,
}

/// The producer of a product.
#[derive(Serialize, ToSchema)]
pub struct ProductProducer {
    /// Register code.
    code: String,
    /// Registered name.
    name: String,
    /// What kind of producer it is.
    #[serde(rename = "type")]
    #[schema(value_type = ProducerType)]
    kind: String,
    /// Province name.
    province: String,
    /// Commune or ward, full name.
    commune: String,
}

/// What kind of producer it is (the words of its register entry).
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Documents the words of a text column.
pub enum ProducerType {
    /// A cooperative.
    Cooperative,
    /// A small or medium enterprise.
    Sme,
    /// A household business.
    Household,
    /// A cooperative group.
    CoopGroup,
    /// Anything else.
    Other,
}

/// A product's current certification.
#[derive(Serialize, ToSchema)]
pub struct ProductCertification {
    /// 3, 4 or 5.
    #[schema(minimum = 3, maximum = 5)]
    stars: i16,
    /// Total score 0-100.
    score: i16,
    /// Decision number, e.g. "123/QĐ-UBND".
    decision_no: String,
    /// Decision date.
    #[schema(format = Date)]
    decided_on: String,
    /// First day it is no longer valid (36 months on).
    #[schema(format = Date)]
    expires_on: String,
    /// Who certified it.
    #[schema(value_type = CertificationLevel)]
    level: String,
    /// Still valid today.
    valid: bool,
}

/// Who certified a product: its province, or the country.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Documents the words of a text column.
pub enum CertificationLevel {
    /// The provincial council.
    Province,
    /// The national council.
    National,
}

/// A product photo: its largest JPEG.
#[derive(Serialize, ToSchema)]
pub struct ProductImage {
    /// Address of the JPEG.
    url: String,
    /// Width in pixels.
    width: u32,
    /// Height in pixels.
    height: u32,
    /// Alternative text.
    alt: String,
}

impl Product {
    /// The API's shape of `p`, with addresses under `base_url`.
    pub fn of(p: &ProductDetail, base_url: &str) -> Product {
        Product {
            code: p.code.clone(),
            slug: p.slug.clone(),
            name: p.name.clone(),
            group: p.group,
            unit: p.unit.clone(),
            price_vnd: p.price_vnd,
            stock: p.stock,
            description: p.description.clone(),
            story: p.story.clone(),
            story_html: p.story_html.clone(),
            published: p.published,
            producer: ProductProducer {
                code: p.producer.code.clone(),
                name: p.producer.name.clone(),
                kind: p.producer.kind.clone(),
                province: p.producer.province.clone(),
                commune: p.producer.commune.clone(),
            },
            certification: p.certification.as_ref().map(|c| ProductCertification {
                stars: c.stars,
                score: c.score,
                decision_no: c.decision_no.clone(),
                decided_on: c.decided_on.to_string(),
                expires_on: c.expires_on.to_string(),
                level: c.level.clone(),
                valid: c.valid,
            }),
            images: p
                .images
                .iter()
                .map(|i| {
                    let (url, width, height) = i.largest_jpeg();
                    ProductImage {
                        url: format!("{base_url}{url}"),
                        width,
                        height,
                        alt: i.alt.clone(),
                    }
                })
                .collect(),
            traceable: p.traceable,
            url: format!("{base_url}/san-pham/{}", p.slug),
        }
    }
}

/// Certified, published products
///
/// Paged by register code, filtered by group, stars and province.
#[utoipa::path(get, path = "/products", operation_id = "list_products", tag = "catalog",
    params(
        Paging,
        ("group" = Option<i64>, Query, description = "OCOP product group", minimum = 1, maximum = 6),
        ("stars" = Option<i64>, Query, description = "Stars of the valid certification", minimum = 3, maximum = 5),
        ("province" = Option<String>, Query, description = "Province name (any Unicode form or tone placement), code or slug"),
    ),
    responses(
        (status = 200, description = "A page of products", body = ProductList),
        (status = 422, description = "Invalid parameter", body = ErrorBody),
    ))]
pub async fn list_products(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<ProductList>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let group = params.int_in("group", 1..=6).map(|g| g as i16);
    let stars = params.int_in("stars", 3..=5).map(|s| s as i16);
    let province_id = params
        .province(&state.db)
        .await
        .map_err(localized(locale))?;
    params.finish().map_err(localized(locale))?;
    let filter = ProductFilter {
        group,
        stars,
        province_id,
        ..ProductFilter::default()
    };
    let list = find_products(
        &state.db,
        &filter,
        ProductOrder::Code,
        page,
        limit,
        today_vn(),
    )
    .await
    .map_err(localized(locale))?;
    let items = list
        .items
        .into_iter()
        .map(|p| ProductSummary {
            in_stock: p.in_stock(),
            url: format!("{}/san-pham/{}", state.site.base_url, p.slug),
            code: p.code,
            slug: p.slug,
            name: p.name,
            group: p.group,
            unit: p.unit,
            price_vnd: p.price_vnd,
            stock: p.stock,
            stars: p.stars,
            producer: p.producer_name,
            province: p.province,
        })
        .collect();
    Ok(Json(ProductList {
        total: list.total,
        page,
        limit,
        items,
    }))
}

/// One published product
///
/// With its current certification and producer.
#[utoipa::path(get, path = "/products/{code}", operation_id = "get_product", tag = "catalog",
    params(("code" = String, Path, description = "Register code")),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 404, description = "No such published product", body = ErrorBody),
    ))]
pub async fn get_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
) -> Result<Json<Product>, ApiError> {
    let product = find_product(&state.db, ProductKey::Code(&code), today_vn())
        .await
        .map_err(localized(locale))?;
    Ok(Json(Product::of(&product, &state.site.base_url)))
}
