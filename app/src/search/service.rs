//! The search results page's data: the URL read like a product list's, the
//! index asked, its hits shown from the database (only what is certified and
//! published today), with snippets and facet counts.

use super::documents::day_number;
use super::snippet::{lead, snippet};
use super::types::{FacetValue, SearchData, SearchFacets, SearchItem};
use crate::catalog::service::list_page::{ignored, read_filters};
use crate::catalog::service::{list_groups, list_products, list_provinces};
use crate::catalog::{ListQuery, ProductFilter, ProductOrder};
use crate::entities::{product_stories, products, provinces};
use crate::error::{AppError, AppResult};
use crate::ssr::AppState;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use search_index::{Hit, SearchQuery, SearchResults, Sort};
use std::collections::HashMap;

/// Results per page, as on product lists.
pub const PER_PAGE: u64 = 24;
/// The words are echoed on the page; a pasted essay is cut to this many characters.
const MAX_SHOWN_QUERY: usize = 200;

/// Runs a search in the index, off the async threads (tantivy blocks).
pub async fn run_search(state: &AppState, query: SearchQuery) -> AppResult<SearchResults> {
    let index = state.search.clone();
    tokio::task::spawn_blocking(move || index.search(&query))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// Up to `limit` product names for what has been typed, among products
/// certified today, off the async threads.
pub async fn run_suggest(
    state: &AppState,
    prefix: String,
    limit: usize,
) -> AppResult<Vec<search_index::Suggestion>> {
    let index = state.search.clone();
    let today = day_number(crate::ssr::today_vn());
    tokio::task::spawn_blocking(move || index.suggest_on(&prefix, limit, Some(today)))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

/// One page of results for the words `q` and the list filters in `raw`.
pub async fn load_search_page(
    state: &AppState,
    q: String,
    mut raw: ListQuery,
    as_of: NaiveDate,
) -> AppResult<SearchData> {
    let db = &state.db;
    let q: String = q.chars().take(MAX_SHOWN_QUERY).collect();
    let mut notices = Vec::new();
    // The index knows no commune and no story flag: say so rather than
    // silently showing more than the link promised.
    for (name, value) in [("commune", raw.commune.take()), ("story", raw.story.take())] {
        if let Some(value) = value {
            ignored(&mut notices, name, &value);
        }
    }
    let mut filter = ProductFilter::default();
    let mut query = ListQuery::default();
    let (order, page) = read_filters(db, &raw, &mut filter, &mut query, &mut notices).await?;
    let province = match filter.province_id {
        Some(id) => provinces::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.name),
        None => None,
    };
    let search = SearchQuery {
        q: q.clone(),
        group: filter.group.and_then(|g| u64::try_from(g).ok()),
        stars: filter.stars.and_then(|s| u64::try_from(s).ok()),
        province,
        min_price: filter.min_price.and_then(|p| u64::try_from(p).ok()),
        max_price: filter.max_price.and_then(|p| u64::try_from(p).ok()),
        in_stock: filter.in_stock.then_some(true),
        as_of_day: Some(day_number(as_of)),
        facets: true,
        sort: match order {
            ProductOrder::Featured | ProductOrder::Code => Sort::Relevance,
            ProductOrder::Newest => Sort::Newest,
            ProductOrder::Stars => Sort::Stars,
            ProductOrder::PriceAsc => Sort::PriceAsc,
            ProductOrder::PriceDesc => Sort::PriceDesc,
        },
        page: u32::try_from(page).unwrap_or(u32::MAX),
        limit: PER_PAGE as u32,
    };
    let results = run_search(state, search).await?;
    let items = shown_items(db, &results.hits, &q, as_of).await?;
    let facets = facets(db, &results, as_of).await?;
    Ok(SearchData {
        q,
        query,
        notices,
        total: results.total,
        items,
        relaxed: results.relaxed,
        did_you_mean: results.did_you_mean,
        facets,
        per_page: PER_PAGE,
    })
}

/// The hits as product cards in the index's order, each with its snippet;
/// a hit the database no longer shows (lapsed since indexing) is left out.
async fn shown_items(
    db: &DatabaseConnection,
    hits: &[Hit],
    q: &str,
    as_of: NaiveDate,
) -> AppResult<Vec<SearchItem>> {
    let filter = ProductFilter {
        ids: Some(hits.iter().map(|h| h.id).collect()),
        ..ProductFilter::default()
    };
    let page = list_products(db, &filter, ProductOrder::Code, 1, PER_PAGE, as_of).await?;
    let mut snippets = snippets(db, hits, q).await?;
    let mut items: Vec<(usize, SearchItem)> = page
        .items
        .into_iter()
        .filter_map(|product| {
            let hit = hits.iter().position(|h| h.code == product.code)?;
            let snippet = snippets.remove(&hits[hit].id).unwrap_or_default();
            Some((hit, SearchItem { product, snippet }))
        })
        .collect();
    items.sort_by_key(|(rank, _)| *rank);
    Ok(items.into_iter().map(|(_, item)| item).collect())
}

/// Facet counts with the labels and URL values the page links with.
async fn facets(
    db: &DatabaseConnection,
    results: &SearchResults,
    as_of: NaiveDate,
) -> AppResult<SearchFacets> {
    let groups = list_groups(db, as_of).await?;
    let groups = results
        .facets
        .group
        .iter()
        .filter_map(|(id, count)| {
            let group = groups
                .iter()
                .find(|g| u64::try_from(g.id).ok() == Some(*id))?;
            Some(FacetValue {
                param: id.to_string(),
                label_vi: group.name_vi.clone(),
                label_en: group.name_en.clone(),
                count: *count,
            })
        })
        .collect();
    let stars = results
        .facets
        .stars
        .iter()
        .rev()
        .map(|(stars, count)| FacetValue {
            param: stars.to_string(),
            label_vi: format!("{stars} sao"),
            label_en: format!("{stars} stars"),
            count: *count,
        })
        .collect();
    let provinces = list_provinces(db, as_of).await?;
    let mut by_province: Vec<FacetValue> = results
        .facets
        .province
        .iter()
        .filter_map(|(name, count)| {
            let province = provinces.iter().find(|p| &p.name == name)?;
            Some(FacetValue {
                param: province.slug.clone(),
                label_vi: province.name.clone(),
                label_en: province.name_en.clone(),
                count: *count,
            })
        })
        .collect();
    by_province.sort_by(|a, b| b.count.cmp(&a.count).then(a.label_vi.cmp(&b.label_vi)));
    Ok(SearchFacets {
        groups,
        stars,
        provinces: by_province,
    })
}

/// The snippet of each hit: where its description or story mentions the
/// words, else the start of its description. HTML-escaped, matches in `<mark>`.
pub async fn snippets(
    db: &DatabaseConnection,
    hits: &[Hit],
    words: &str,
) -> AppResult<HashMap<i64, String>> {
    let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
    let stories: HashMap<i64, String> = product_stories::Entity::find()
        .filter(product_stories::Column::ProductId.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.product_id, s.source))
        .collect();
    Ok(products::Entity::find()
        .filter(products::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            let story = stories.get(&p.id).map(String::as_str).unwrap_or("");
            let text = snippet(&p.description, words)
                .or_else(|| snippet(story, words))
                .unwrap_or_else(|| lead(&p.description));
            (p.id, text)
        })
        .collect())
}
