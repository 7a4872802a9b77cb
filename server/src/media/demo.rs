//! Illustrations for the demo catalog: a drawn group icon on a colour field
//! with the product's name, marked "Minh hoạ", never a photo pretending to be
//! real. Made in the background after start, one product at a time, so the
//! site is usable at once and one core stays free for visitors.

use super::store::save_processed;
use super::{illustrate, process_image};
use app::entities::{product_photos, products};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::path::{Path, PathBuf};

/// Gives up to `limit` products without any photo their illustration; returns
/// how many were illustrated.
pub async fn illustrate_missing(
    db: &DatabaseConnection,
    data_dir: &Path,
    limit: u64,
) -> anyhow::Result<u64> {
    let with_photo = Query::select()
        .column(product_photos::Column::ProductId)
        .from(product_photos::Entity)
        .to_owned();
    let missing = products::Entity::find()
        .filter(Expr::col(products::Column::Id).not_in_subquery(with_photo))
        .order_by_asc(products::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut done = 0;
    for product in missing {
        let (group, name) = (product.group_id, product.name.clone());
        let processed =
            tokio::task::spawn_blocking(move || process_image(illustrate(group, &name))).await??;
        let stored = save_processed(db, data_dir, processed, None).await?;
        let now = Utc::now();
        product_photos::ActiveModel {
            product_id: Set(product.id),
            media_id: Set(stored.id),
            position: Set(0),
            alt: Set(format!("Hình minh hoạ cho {}", product.name)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        done += 1;
    }
    Ok(done)
}

/// Illustrates the whole demo catalog in the background.
pub fn spawn_illustrator(db: DatabaseConnection, data_dir: PathBuf) {
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match illustrate_missing(&db, &data_dir, u64::MAX >> 1).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                products = n,
                seconds = started.elapsed().as_secs(),
                "demo illustrations ready"
            ),
            Err(e) => tracing::warn!(error = %e, "demo illustrations stopped"),
        }
    });
}
