//! Keeping processed photos: variant files under `DATA_DIR/media/` and one
//! `media` row per source. Names come from the content, so storing the same
//! photo twice writes nothing new and returns the row already there.

use super::{variant_file_name, Processed};
use app::entities::media;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::path::Path;

/// Why a processed photo could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Writing a file failed.
    #[error("cannot write media file {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The database refused the row.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// The stored stem of a photo: a two-character folder keeps any one folder
/// small at 200k products ("3f/3fa2…").
pub fn stored_stem(stem: &str) -> String {
    format!("{}/{stem}", stem.get(..2).unwrap_or("00"))
}

/// Writes the variants (each file whole or not at all) and records the photo.
pub async fn save_processed(
    db: &DatabaseConnection,
    data_dir: &Path,
    processed: Processed,
    uploaded_by: Option<i64>,
) -> Result<media::Model, StoreError> {
    let stem = stored_stem(processed.stem());
    if let Some(existing) = media::Entity::find()
        .filter(media::Column::Path.eq(stem.clone()))
        .one(db)
        .await?
    {
        return Ok(existing);
    }
    let dir = data_dir.join("media");
    let total: usize = processed.variants.iter().map(|v| v.bytes.len()).sum();
    let (width, height, sha256) = (
        processed.width,
        processed.height,
        processed.source_sha256.clone(),
    );
    let write_dir = dir.clone();
    let write_stem = stem.clone();
    tokio::task::spawn_blocking(move || -> Result<(), StoreError> {
        for v in &processed.variants {
            let path = write_dir.join(variant_file_name(&write_stem, v.width, v.format));
            let io = |source| StoreError::Io {
                path: path.display().to_string(),
                source,
            };
            if path.exists() {
                continue;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            // Write then rename: a reader never sees half a file.
            let tmp = path.with_extension("part");
            std::fs::write(&tmp, &v.bytes).map_err(io)?;
            std::fs::rename(&tmp, &path).map_err(io)?;
        }
        Ok(())
    })
    .await
    .map_err(|e| StoreError::Io {
        path: dir.display().to_string(),
        source: std::io::Error::other(e),
    })??;
    let now = Utc::now();
    let row = media::ActiveModel {
        path: Set(stem),
        content_type: Set("image/jpeg".into()),
        width: Set(i32::try_from(width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(height).unwrap_or(i32::MAX)),
        bytes: Set(i64::try_from(total).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        uploaded_by_user_id: Set(uploaded_by),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(row.insert(db).await?)
}
