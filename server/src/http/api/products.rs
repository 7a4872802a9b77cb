//! `GET /api/v1/products` and `GET /api/v1/products/{code}`.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use app::catalog::service::{
    get_product as find_product, list_products as find_products, resolve_province, ProductKey,
};
use app::catalog::{ProductDetail, ProductFilter, ProductOrder};
use app::ssr::{today_vn, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::Json;
use serde_json::{json, Value};

/// Certified, published products, paged, filtered by group, stars and province.
pub async fn list_products(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let group = params.int_in("group", 1..=6).map(|g| g as i16);
    let stars = params.int_in("stars", 3..=5).map(|s| s as i16);
    let mut province_id = None;
    if let Some(province) = params.text("province") {
        province_id = resolve_province(&state.db, &province)
            .await
            .map_err(localized(locale))?;
        if province_id.is_none() {
            params.problem(
                "province",
                format!("không có tỉnh/thành phố nào tên {province}"),
                format!("no province is called {province}"),
            );
        }
    }
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
    let items: Vec<Value> = list
        .items
        .into_iter()
        .map(|p| {
            json!({
                "code": p.code, "slug": p.slug, "name": p.name, "group": p.group, "unit": p.unit,
                "price_vnd": p.price_vnd, "stock": p.stock, "in_stock": p.stock > 0, "stars": p.stars,
                "producer": p.producer_name, "province": p.province,
                "url": format!("{}/san-pham/{}", state.site.base_url, p.slug),
            })
        })
        .collect();
    Ok(Json(
        json!({ "total": list.total, "page": page, "limit": limit, "items": items }),
    ))
}

/// One published product with its current certification and producer.
pub async fn get_product(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let product = find_product(&state.db, ProductKey::Code(&code), today_vn())
        .await
        .map_err(localized(locale))?;
    Ok(Json(product_json(&product, &state.site.base_url)))
}

/// The product shape of API.md.
pub fn product_json(p: &ProductDetail, base_url: &str) -> Value {
    json!({
        "code": p.code,
        "slug": p.slug,
        "name": p.name,
        "group": p.group,
        "unit": p.unit,
        "price_vnd": p.price_vnd,
        "stock": p.stock,
        "description": p.description,
        // The Markdown source as the producer wrote it, for editing; a
        // reader shows `story_html`, the sanitised HTML the product page
        // shows (rendered once, when the story is saved).
        "story": p.story,
        "story_html": p.story_html,
        "published": p.published,
        "producer": {
            "code": p.producer.code,
            "name": p.producer.name,
            "type": p.producer.kind,
            "province": p.producer.province,
            "commune": p.producer.commune,
        },
        "certification": p.certification.as_ref().map(|c| json!({
            "stars": c.stars,
            "score": c.score,
            "decision_no": c.decision_no,
            "decided_on": c.decided_on.to_string(),
            "expires_on": c.expires_on.to_string(),
            "level": c.level,
            "valid": c.valid,
        })),
        "images": p.images.iter().map(|i| {
            let (url, width, height) = i.largest_jpeg();
            json!({ "url": format!("{base_url}{url}"), "width": width, "height": height, "alt": i.alt })
        }).collect::<Vec<_>>(),
        "traceable": p.traceable,
        "url": format!("{base_url}/san-pham/{}", p.slug),
    })
}
