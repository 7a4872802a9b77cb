//! `GET /api/v1/products/search` and `GET /api/v1/products/suggest`.
//!
//! The words may be anything a person can type or paste (quotes, brackets,
//! `AND`/`OR`/`NOT`, `field:`, emoji, control characters, kilobytes of text,
//! bytes that are not UTF-8): the index reads them as plain words and the
//! answer is 200 with results or none. Filter values are checked like the
//! rest of the API and refused with a message in the reader's language.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use app::search::documents::day_number;
use app::search::service::{run_search, run_suggest, snippets};
use app::ssr::{today_vn, AppState};
use axum::extract::{RawQuery, State};
use axum::Json;
use search_index::{SearchQuery, Sort};
use serde_json::{json, Value};
use std::time::Instant;

/// Suggestions at most, as API.md promises.
const SUGGESTIONS: usize = 8;

/// Products matching the words and filters, with facet counts and snippets.
pub async fn search(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let started = Instant::now();
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let mut query = SearchQuery {
        q: params.text("q").unwrap_or_default(),
        group: params.int_in("group", 1..=6).map(|g| g as u64),
        stars: params.int_in("stars", 3..=5).map(|s| s as u64),
        province: params.text("province"),
        min_price: params.int_in("min_price", 0..=i64::MAX).map(|p| p as u64),
        max_price: params.int_in("max_price", 0..=i64::MAX).map(|p| p as u64),
        as_of_day: Some(day_number(today_vn())),
        page: u32::try_from(page).unwrap_or(u32::MAX),
        limit: u32::try_from(limit).unwrap_or(100),
        ..SearchQuery::default()
    };
    match params.text("in_stock").as_deref() {
        None => {}
        Some("1" | "true") => query.in_stock = Some(true),
        Some("0" | "false") => query.in_stock = Some(false),
        Some(_) => params.problem(
            "in_stock",
            "phải là true hoặc false",
            "must be true or false",
        ),
    }
    match params.text("sort").as_deref() {
        None | Some("relevance") => {}
        Some("price_asc") => query.sort = Sort::PriceAsc,
        Some("price_desc") => query.sort = Sort::PriceDesc,
        Some("stars") => query.sort = Sort::Stars,
        Some("newest") => query.sort = Sort::Newest,
        Some(_) => params.problem(
            "sort",
            "phải là relevance, price_asc, price_desc, stars hoặc newest",
            "must be relevance, price_asc, price_desc, stars or newest",
        ),
    }
    params.finish().map_err(localized(locale))?;

    let words = query.q.clone();
    let results = run_search(&state, query).await.map_err(localized(locale))?;
    let snippets = snippets(&state.db, &results.hits, &words)
        .await
        .map_err(localized(locale))?;
    let hits: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            json!({
                "code": h.code, "slug": h.slug, "name": h.name, "producer": h.producer,
                "province": h.province, "stars": h.stars, "price_vnd": h.price_vnd,
                "in_stock": h.in_stock, "thumbnail": h.thumbnail,
                "snippet": snippets.get(&h.id).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let counts = |m: &std::collections::BTreeMap<u64, u64>| -> Value {
        m.iter().map(|(k, v)| (k.to_string(), json!(v))).collect()
    };
    Ok(Json(json!({
        "total": results.total,
        "took_ms": started.elapsed().as_millis() as u64,
        "hits": hits,
        "facets": {
            "group": counts(&results.facets.group),
            "stars": counts(&results.facets.stars),
            "province": results.facets.province,
        },
    })))
}

/// Product names for what has been typed so far.
pub async fn suggest(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let prefix = QueryParams::from_raw(raw).text("q").unwrap_or_default();
    let found = run_suggest(&state, prefix, SUGGESTIONS)
        .await
        .map_err(localized(locale))?;
    let suggestions: Vec<Value> = found
        .into_iter()
        .take(SUGGESTIONS)
        .map(|s| json!({ "code": s.code, "name": s.name, "slug": s.slug }))
        .collect();
    Ok(Json(json!({ "suggestions": suggestions })))
}
