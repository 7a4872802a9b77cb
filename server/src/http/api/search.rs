//! `GET /api/v1/products/search` and `GET /api/v1/products/suggest`.
//!
//! The words may be anything a person can type or paste (quotes, brackets,
//! `AND`/`OR`/`NOT`, `field:`, emoji, control characters, kilobytes of text,
//! bytes that are not UTF-8): the index reads them as plain words and the
//! answer is 200 with results or none. Filter values are checked like the
//! rest of the API and refused with a message in the reader's language.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::query::{Paging, QueryParams};
use app::search::documents::day_number;
use app::search::service::{run_search, run_suggest, snippets};
use app::ssr::{today_vn, AppState};
use axum::extract::{RawQuery, State};
use axum::Json;
use search_index::{SearchQuery, Sort};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Instant;
use utoipa::ToSchema;

/// Suggestions at most, as API.md promises.
const SUGGESTIONS: usize = 8;

/// A page of hits with the facet counts of all matches.
#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    /// Products matching the words and filters.
    total: u64,
    /// How long the search took, in milliseconds.
    took_ms: u64,
    /// This page of hits, in the order asked for.
    hits: Vec<SearchHit>,
    /// Counts of all matches by group, stars and province.
    facets: SearchFacets,
}

/// A product found.
#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    /// Register code.
    code: String,
    /// URL slug of the product page.
    slug: String,
    /// Product name.
    name: String,
    /// Producer's name.
    producer: String,
    /// Province name.
    province: String,
    /// Stars of the valid certification.
    stars: u64,
    /// Price in đồng.
    price_vnd: u64,
    /// Whether it can be ordered now.
    in_stock: bool,
    /// Address of its thumbnail, if it has a photo.
    #[schema(required = true)]
    thumbnail: Option<String>,
    /// HTML-escaped text with matches in <mark>
    snippet: String,
}

/// Counts of all matches per facet value.
#[derive(Serialize, ToSchema)]
pub struct SearchFacets {
    /// OCOP product group → count.
    group: BTreeMap<String, u64>,
    /// Stars → count.
    stars: BTreeMap<String, u64>,
    /// Province, as shown → count.
    province: BTreeMap<String, u64>,
}

/// How search hits are ordered.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Documents the words of the `sort` parameter.
pub enum SearchSort {
    /// Best match first (the default).
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// Most stars first.
    Stars,
    /// Most recently certified first.
    Newest,
}

/// Product names for what has been typed.
#[derive(Serialize, ToSchema)]
pub struct ProductSuggestions {
    /// Best first.
    #[schema(max_items = 8)]
    suggestions: Vec<ProductSuggestion>,
}

/// A product name to suggest.
#[derive(Serialize, ToSchema)]
pub struct ProductSuggestion {
    /// Register code.
    code: String,
    /// Product name as shown.
    name: String,
    /// URL slug, to link straight to the product.
    slug: String,
}

/// Search certified products; any words are accepted
///
/// Products matching the words and filters, with facet counts and snippets.
#[utoipa::path(get, path = "/products/search", operation_id = "search_products", tag = "catalog",
    params(
        ("q" = Option<String>, Query, description = "Words as typed: with or without diacritics, any Unicode form"),
        Paging,
        ("group" = Option<i64>, Query, description = "OCOP product group", minimum = 1, maximum = 6),
        ("stars" = Option<i64>, Query, description = "Stars of the valid certification", minimum = 3, maximum = 5),
        ("province" = Option<String>, Query, description = "Province name, compared without case or diacritics"),
        ("min_price" = Option<i64>, Query, description = "Lowest price in đồng", minimum = 0),
        ("max_price" = Option<i64>, Query, description = "Highest price in đồng", minimum = 0),
        ("in_stock" = Option<bool>, Query, description = "Only products that can be ordered now (true), or only those that cannot (false)"),
        ("sort" = inline(Option<SearchSort>), Query, description = "Order of the hits (default: relevance)"),
    ),
    responses(
        (status = 200, description = "A page of hits with facet counts of all matches", body = SearchResults),
        (status = 422, description = "Invalid filter value", body = ErrorBody),
        (status = 429, description = "Too many searches from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn search(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchResults>, ApiError> {
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
    let hits = results
        .hits
        .iter()
        .map(|h| SearchHit {
            code: h.code.clone(),
            slug: h.slug.clone(),
            name: h.name.clone(),
            producer: h.producer.clone(),
            province: h.province.clone(),
            stars: h.stars,
            price_vnd: h.price_vnd,
            in_stock: h.in_stock,
            thumbnail: h.thumbnail.clone(),
            snippet: snippets.get(&h.id).cloned().unwrap_or_default(),
        })
        .collect();
    let counts = |m: &BTreeMap<u64, u64>| -> BTreeMap<String, u64> {
        m.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    Ok(Json(SearchResults {
        total: results.total,
        took_ms: started.elapsed().as_millis() as u64,
        hits,
        facets: SearchFacets {
            group: counts(&results.facets.group),
            stars: counts(&results.facets.stars),
            province: results.facets.province,
        },
    }))
}

/// Product names for what has been typed (at most 8)
///
/// Names that start with the words come first; any words are accepted.
#[utoipa::path(get, path = "/products/suggest", operation_id = "suggest_products", tag = "catalog",
    params(("q" = Option<String>, Query, description = "What has been typed so far")),
    responses(
        (status = 200, description = "Suggestions", body = ProductSuggestions),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = ErrorBody),
    ))]
pub async fn suggest(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<ProductSuggestions>, ApiError> {
    let prefix = QueryParams::from_raw(raw).text("q").unwrap_or_default();
    let found = run_suggest(&state, prefix, SUGGESTIONS)
        .await
        .map_err(localized(locale))?;
    let suggestions = found
        .into_iter()
        .take(SUGGESTIONS)
        .map(|s| ProductSuggestion {
            code: s.code,
            name: s.name,
            slug: s.slug,
        })
        .collect();
    Ok(Json(ProductSuggestions { suggestions }))
}
