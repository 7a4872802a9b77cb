//! Keeps this replica's search index in step with the database: a full rebuild
//! when the index is new (or `ocop reindex`), then the `search_outbox` entries
//! applied in id order, with the last applied id stored in the index's own
//! commit, so a restart resumes exactly where the last commit stopped.

use crate::startup::StartupError;
use app::entities::search_outbox;
use app::search::documents::load_documents;
use app::ssr::today_vn;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use search_index::{IndexChange, ProductDoc, SearchError, SearchIndex};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// Why the index could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum IndexerError {
    /// tantivy refused.
    #[error("{0}")]
    Search(#[from] SearchError),
    /// Reading the database failed.
    #[error("{0}")]
    Db(#[from] sea_orm::DbErr),
    /// Counting the products to index failed.
    #[error("counting products: {0}")]
    Count(String),
    /// A blocking task panicked or was cancelled.
    #[error("indexing task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl From<IndexerError> for StartupError {
    fn from(e: IndexerError) -> Self {
        StartupError::Search(e.to_string())
    }
}

/// Rows read from the database per page while rebuilding.
const PAGE: u64 = 2_000;
/// Outbox entries applied per commit.
const BATCH: u64 = 1_000;

/// Opens (or creates) the index under `data_dir/search-index` and brings it up
/// to date: rebuilt when new or of another schema, otherwise caught up from the
/// outbox.
pub async fn open_and_catch_up(
    db: &DatabaseConnection,
    data_dir: &Path,
) -> Result<SearchIndex, StartupError> {
    let dir = data_dir.join("search-index");
    let (index, outcome) = tokio::task::spawn_blocking(move || SearchIndex::open_or_create(&dir))
        .await
        .map_err(IndexerError::from)?
        .map_err(IndexerError::from)?;
    let index = Arc::new(index);
    if outcome.needs_rebuild()
        || index
            .last_outbox_id()
            .map_err(IndexerError::from)?
            .is_none()
    {
        let count = rebuild(db, index.clone(), &|_, _| {}).await?;
        tracing::info!(products = count, "search index built");
    } else {
        while apply_pending(db, &index).await? > 0 {}
    }
    Arc::try_unwrap(index).map_err(|_| StartupError::Search("index still shared".into()))
}

/// Rebuilds the index at `data_dir/search-index` (the `reindex` command),
/// telling `progress` how many of how many products are read.
pub async fn rebuild_at(
    db: &DatabaseConnection,
    data_dir: &Path,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<u64, IndexerError> {
    let dir = data_dir.join("search-index");
    let (index, _) =
        tokio::task::spawn_blocking(move || SearchIndex::open_or_create(&dir)).await??;
    rebuild(db, Arc::new(index), progress).await
}

/// Replaces the index's content with today's certified, published products.
/// Documents stream from the database pages to the writer through a bounded
/// channel, so memory stays flat; one commit at the end.
pub async fn rebuild(
    db: &DatabaseConnection,
    index: Arc<SearchIndex>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<u64, IndexerError> {
    // Taken before reading, so changes made during the rebuild are applied after it.
    let head = outbox_head(db).await?;
    let today = today_vn();
    let total = certified_count(db, today).await?;
    let mut read = 0;
    progress(read, total);
    let (tx, rx) = std::sync::mpsc::sync_channel::<ProductDoc>(PAGE as usize);
    let writer = {
        let index = index.clone();
        tokio::task::spawn_blocking(move || index.rebuild(rx))
    };
    let mut after = 0;
    loop {
        let docs = load_documents(db, today, after, PAGE, None).await?;
        let Some(last) = docs.last() else { break };
        after = last.id;
        read += docs.len() as u64;
        progress(read.min(total), total);
        for doc in docs {
            if tx.send(doc).is_err() {
                break;
            }
        }
    }
    drop(tx);
    let count = writer.await??;
    let index2 = index.clone();
    tokio::task::spawn_blocking(move || index2.record_outbox_id(head)).await??;
    Ok(count)
}

/// How many products a rebuild will index: the certified, published ones.
async fn certified_count(db: &DatabaseConnection, today: NaiveDate) -> Result<u64, IndexerError> {
    let page = app::catalog::service::list_products(
        db,
        &app::catalog::ProductFilter::default(),
        app::catalog::ProductOrder::Code,
        1,
        1,
        today,
    )
    .await
    .map_err(|e| IndexerError::Count(e.to_string()))?;
    Ok(page.total)
}

async fn outbox_head(db: &DatabaseConnection) -> Result<u64, sea_orm::DbErr> {
    let last = search_outbox::Entity::find()
        .order_by_desc(search_outbox::Column::Id)
        .one(db)
        .await?;
    Ok(last.map_or(0, |e| e.id.max(0) as u64))
}

/// Entries before the last applied one that are looked at again with every new
/// batch. On PostgreSQL ids are handed out at insert, not at commit, so a slow
/// transaction can commit an entry below an id already applied; re-reading a
/// window behind the mark catches it (upserts are idempotent).
const LOOKBACK: u64 = 256;

/// Applies the next batch of outbox entries; returns how many new ones were
/// applied.
pub async fn apply_pending(
    db: &DatabaseConnection,
    index: &Arc<SearchIndex>,
) -> Result<usize, IndexerError> {
    let last = index.last_outbox_id()?.unwrap_or(0);
    // One read: the window behind the mark, then up to BATCH new entries.
    let entries = search_outbox::Entity::find()
        .filter(search_outbox::Column::Id.gt(last.saturating_sub(LOOKBACK) as i64))
        .order_by_asc(search_outbox::Column::Id)
        .limit(LOOKBACK + BATCH)
        .all(db)
        .await?;
    let count = entries.iter().filter(|e| e.id as u64 > last).count();
    let Some(newest) = entries
        .last()
        .map(|e| e.id.max(0) as u64)
        .filter(|_| count > 0)
    else {
        return Ok(0);
    };
    // Every entry means "look at this product again": whatever it is now
    // (certified and published, or not) decides upsert or delete.
    let ids: Vec<i64> = entries
        .iter()
        .filter(|e| e.entity == "product")
        .map(|e| e.entity_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let docs = load_documents(db, today_vn(), 0, ids.len() as u64, Some(&ids)).await?;
    let found: BTreeSet<i64> = docs.iter().map(|d| d.id).collect();
    let mut changes: Vec<IndexChange> = docs.into_iter().map(IndexChange::Upsert).collect();
    changes.extend(
        ids.iter()
            .filter(|id| !found.contains(id))
            .map(|id| IndexChange::Delete(*id)),
    );
    let index = index.clone();
    tokio::task::spawn_blocking(move || index.apply(&changes, newest)).await??;
    Ok(count)
}

/// How often an idle applier looks for new outbox entries. Changes reach
/// search within this plus one commit (a few milliseconds), well inside the
/// one second promised; the query is one index range scan, cheap enough to
/// repeat five times a second on every replica.
const IDLE_POLL: Duration = Duration::from_millis(200);

/// Applies outbox entries in the background for as long as the server runs.
pub fn spawn_outbox_applier(
    db: DatabaseConnection,
    index: Arc<SearchIndex>,
    on_change: impl Fn() + Send + 'static,
) {
    tokio::spawn(async move {
        loop {
            match apply_pending(&db, &index).await {
                Ok(0) => tokio::time::sleep(IDLE_POLL).await,
                Ok(n) => {
                    on_change();
                    tracing::debug!(entries = n, "search index caught up");
                }
                Err(e) => {
                    tracing::warn!(error = %e, "search outbox not applied; retrying");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                }
            }
        }
    });
}
