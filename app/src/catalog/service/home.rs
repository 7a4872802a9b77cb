//! The home page: the shop window, the groups, the provinces, the next events.

use super::events::{upcoming_events, EventScope};
use super::{list_groups, list_products, list_provinces};
use crate::catalog::{HomeData, ProductFilter, ProductOrder};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

/// How many products the shop window shows.
const FEATURED: u64 = 8;

/// Everything the home page shows.
pub async fn load_home(
    db: &DatabaseConnection,
    as_of: NaiveDate,
    now: DateTime<Utc>,
    base_url: &str,
) -> AppResult<HomeData> {
    // The shop window: five stars, in stock, most recently certified first.
    let five_stars = ProductFilter {
        stars: Some(5),
        in_stock: true,
        ..ProductFilter::default()
    };
    let mut featured = list_products(db, &five_stars, ProductOrder::Newest, 1, FEATURED, as_of)
        .await?
        .items;
    if featured.len() < FEATURED as usize {
        // Few five-star products in stock: fill with the best of the rest.
        let in_stock = ProductFilter {
            in_stock: true,
            ..ProductFilter::default()
        };
        let more = list_products(
            db,
            &in_stock,
            ProductOrder::Featured,
            1,
            FEATURED * 2,
            as_of,
        )
        .await?
        .items;
        for p in more {
            if featured.len() >= FEATURED as usize {
                break;
            }
            if !featured.iter().any(|f| f.code == p.code) {
                featured.push(p);
            }
        }
    }
    let groups = list_groups(db, as_of).await?;
    let total_products = groups.iter().map(|g| g.products).sum();
    let provinces = list_provinces(db, as_of)
        .await?
        .into_iter()
        .filter(|p| p.products > 0)
        .collect();
    let events = upcoming_events(db, now, EventScope::All, 4).await?;
    Ok(HomeData {
        featured,
        groups,
        provinces,
        events,
        total_products,
        base_url: base_url.to_string(),
    })
}
