//! A producer's numbers for the last twelve months: orders, revenue and
//! product page views per month, and the best sellers.
//!
//! Definitions (the page states them too):
//! - a month is a calendar month in Asia/Ho_Chi_Minh; the twelve are the
//!   current month and the eleven before it;
//! - an order counts in the month it was placed, unless it is now
//!   `cancelled` or `refunded` (placed but unpaid orders count: they are
//!   sales in progress, and an unpaid one that expires becomes cancelled);
//! - revenue is the sum of those orders' totals in whole đồng, goods plus
//!   the shipping fee the shopper paid;
//! - views are product page views as `stall::views` counts them;
//! - best sellers are the five products with the most units in those
//!   orders over the twelve months (ties by product code).

use super::numbers::{BestSeller, MonthFigures};
use crate::entities::{order_items, orders, product_views, products};
use crate::error::AppResult;
use crate::time::vn_offset;
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeZone, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

use crate::orders::NOT_SALES;
/// Months shown.
const MONTHS: u32 = 12;
/// Best sellers shown.
const BEST: u64 = 5;

/// The first day of each of the twelve months ending with `today`'s, oldest first.
pub fn month_starts(today: NaiveDate) -> Vec<NaiveDate> {
    let this_month = today.with_day(1).unwrap_or(today);
    (0..MONTHS)
        .rev()
        .filter_map(|back| this_month.checked_sub_months(Months::new(back)))
        .collect()
}

/// Midnight of `day` in Vietnam, as a UTC instant.
fn vn_midnight(day: NaiveDate) -> DateTime<Utc> {
    vn_offset()
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| day.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// (year, month) of an instant, in Vietnam.
fn vn_month(at: DateTime<Utc>) -> (i32, u32) {
    let local = at.with_timezone(&vn_offset());
    (local.year(), local.month())
}

/// Producer `producer_id`'s figures per month (oldest first) and best sellers,
/// as of `now`.
pub async fn load_figures(
    db: &DatabaseConnection,
    producer_id: i64,
    now: DateTime<Utc>,
) -> AppResult<(Vec<MonthFigures>, Vec<BestSeller>)> {
    let starts = month_starts(now.with_timezone(&vn_offset()).date_naive());
    let first_day = starts.first().copied().unwrap_or_default();
    let since = vn_midnight(first_day);
    let mut months: Vec<MonthFigures> = starts
        .iter()
        .map(|d| MonthFigures {
            year: d.year(),
            month: d.month(),
            orders: 0,
            revenue_vnd: 0,
            views: 0,
        })
        .collect();
    let index: HashMap<(i32, u32), usize> = months
        .iter()
        .enumerate()
        .map(|(i, m)| ((m.year, m.month), i))
        .collect();

    // A producer's orders of a year are few enough to bucket here, which
    // keeps the month arithmetic (Vietnam time) out of backend-specific SQL.
    let sold: Vec<(DateTime<Utc>, i64)> = orders::Entity::find()
        .select_only()
        .column(orders::Column::CreatedAt)
        .column(orders::Column::TotalVnd)
        .filter(orders::Column::ProducerId.eq(producer_id))
        .filter(orders::Column::Status.is_not_in(NOT_SALES))
        .filter(orders::Column::CreatedAt.gte(since))
        .into_tuple()
        .all(db)
        .await?;
    for (at, total) in sold {
        if let Some(&i) = index.get(&vn_month(at)) {
            months[i].orders += 1;
            months[i].revenue_vnd = months[i].revenue_vnd.saturating_add(total);
        }
    }

    let views_sum = Expr::col((product_views::Entity, product_views::Column::Views))
        .sum()
        .cast_as("BIGINT");
    let daily: Vec<(NaiveDate, i64)> = product_views::Entity::find()
        .select_only()
        .column(product_views::Column::Day)
        .column_as(views_sum, "views")
        .inner_join(products::Entity)
        .filter(products::Column::ProducerId.eq(producer_id))
        .filter(product_views::Column::Day.gte(first_day))
        .group_by(product_views::Column::Day)
        .into_tuple()
        .all(db)
        .await?;
    for (day, views) in daily {
        if let Some(&i) = index.get(&(day.year(), day.month())) {
            months[i].views = months[i].views.saturating_add(views);
        }
    }

    Ok((months, best_sellers(db, producer_id, since).await?))
}

/// The producer's five best sellers by units since `since`.
async fn best_sellers(
    db: &DatabaseConnection,
    producer_id: i64,
    since: DateTime<Utc>,
) -> AppResult<Vec<BestSeller>> {
    let units = Expr::col((order_items::Entity, order_items::Column::Quantity))
        .sum()
        .cast_as("BIGINT");
    let revenue = Expr::col((order_items::Entity, order_items::Column::LineTotalVnd))
        .sum()
        .cast_as("BIGINT");
    let top: Vec<(i64, i64, i64)> = order_items::Entity::find()
        .select_only()
        .column(order_items::Column::ProductId)
        .column_as(units.clone(), "units")
        .column_as(revenue, "revenue")
        .inner_join(orders::Entity)
        .filter(orders::Column::ProducerId.eq(producer_id))
        .filter(orders::Column::Status.is_not_in(NOT_SALES))
        .filter(orders::Column::CreatedAt.gte(since))
        .group_by(order_items::Column::ProductId)
        .order_by(units, Order::Desc)
        .order_by_asc(order_items::Column::ProductId)
        .limit(BEST)
        .into_tuple()
        .all(db)
        .await?;
    let names: HashMap<i64, (String, String)> = products::Entity::find()
        .filter(products::Column::Id.is_in(top.iter().map(|t| t.0)))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.code, p.name)))
        .collect();
    Ok(top
        .into_iter()
        .filter_map(|(id, units, revenue_vnd)| {
            let (code, name) = names.get(&id)?.clone();
            Some(BestSeller {
                code,
                name,
                units,
                revenue_vnd,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn twelve_months_end_with_the_current_one_across_a_new_year() {
        let starts = month_starts(day(2026, 3, 31));
        assert_eq!(starts.len(), 12);
        assert_eq!(starts[0], day(2025, 4, 1));
        assert_eq!(starts[11], day(2026, 3, 1));
    }

    #[test]
    fn months_are_vietnamese_months() {
        // 31 October 20:00 UTC is already 1 November in Vietnam.
        let at = Utc.with_ymd_and_hms(2026, 10, 31, 20, 0, 0).unwrap();
        assert_eq!(vn_month(at), (2026, 11));
        assert_eq!(
            vn_midnight(day(2026, 11, 1)),
            Utc.with_ymd_and_hms(2026, 10, 31, 17, 0, 0).unwrap()
        );
    }
}
