//! Counting views of public product pages for the producer's numbers.
//!
//! A view is counted each time the server builds the product page's data:
//! when it renders the page, and when a reader already on the site opens
//! the page by a link (the browser then asks the page's server function).
//! Not counted: `HEAD` requests, and copies of the page the page cache
//! (`server::http::page_cache`) serves to anonymous readers for a couple of
//! seconds after rendering it. Those copies never reach this code, so under
//! a burst of readers the count is a lower bound: at most one view per
//! product page, language and cache lifetime. The page says so.
//!
//! Counting never fails the page: a failure is logged and the page is
//! served as if nothing happened.

use crate::entities::{product_views, products};
use crate::error::AppResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect, Set};

/// Adds one view of product `code` on `day` (Asia/Ho_Chi_Minh). One
/// statement that works the same on SQLite and PostgreSQL: insert the day's
/// row with one view, or add one to it.
pub async fn record_view(
    db: &DatabaseConnection,
    code: &str,
    day: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(product_id) = products::Entity::find()
        .select_only()
        .column(products::Column::Id)
        .filter(products::Column::Code.eq(code))
        .into_tuple::<i64>()
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let views = (product_views::Entity, product_views::Column::Views);
    product_views::Entity::insert(product_views::ActiveModel {
        product_id: Set(product_id),
        day: Set(day),
        views: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([product_views::Column::ProductId, product_views::Column::Day])
            .value(product_views::Column::Views, Expr::col(views).add(1))
            .value(product_views::Column::UpdatedAt, Expr::value(now))
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Counts a view of product `code`'s page for the request being answered,
/// unless it is a `HEAD` request; logs a failure and goes on.
pub async fn count_page_view(code: &str) {
    let head = leptos::prelude::use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.method == http::Method::HEAD);
    if head {
        return;
    }
    let Ok(state) = crate::ssr::state() else {
        return;
    };
    let now = Utc::now();
    if let Err(e) = record_view(&state.db, code, crate::ssr::today_vn(), now).await {
        tracing::warn!(error = ?e, product.code = %code, "product view not counted");
    }
}
