//! Opening the index and writing to it.
//!
//! One process owns an index directory: it holds the only [`IndexWriter`]
//! (behind a mutex) and one [`IndexReader`]; every search takes a fresh
//! searcher from that reader. All methods block (commits fsync), so async
//! callers run them in `spawn_blocking` or a dedicated writer task.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexSettings, IndexWriter, ReloadPolicy, TantivyError, Term};

use crate::analyzer::register_analyzers;
use crate::doc::ProductDoc;
use crate::error::{Result, SearchError};
use crate::schema::{build_schema, Fields};
use crate::spelling::VocabularyCache;

/// Indexing heap shared by the writer's thread; tantivy flushes a segment
/// when it fills, so this bounds memory, not the index size.
const WRITER_HEAP_BYTES: usize = 50_000_000;

/// One indexing thread: the catalog is small, and a second thread would only
/// compete with the web server for the machine's few cores.
const WRITER_THREADS: usize = 1;

/// What [`SearchIndex::open_or_create`] found in the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenOutcome {
    /// An index with the current schema was there and is used as is.
    Opened,
    /// The directory held no index; a new, empty one was created.
    Created,
    /// An index was there but had another schema (or analyzer version) or
    /// was unreadable; it was replaced by an empty one.
    Recreated,
}

impl OpenOutcome {
    /// Whether the index is empty and the caller must fill it with
    /// [`SearchIndex::rebuild`] from the database.
    pub fn needs_rebuild(self) -> bool {
        !matches!(self, OpenOutcome::Opened)
    }
}

/// One change to apply in a batch with [`SearchIndex::apply`].
// Batches are short-lived vectors; boxing the product would only add an
// allocation per upsert to save a few hundred bytes per delete.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexChange {
    /// Insert the product, replacing any document with the same id.
    Upsert(ProductDoc),
    /// Remove the product with this database id, if indexed.
    Delete(i64),
}

/// The writer and the outbox position its last commit recorded, guarded
/// together so a commit can never pair documents with the wrong position.
struct WriterState {
    writer: IndexWriter,
    outbox_id: Option<u64>,
}

/// The product search index: schema, Vietnamese analyzers, one writer and
/// one reader.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    writer: Mutex<WriterState>,
    /// Words spelling suggestions choose from, per index generation.
    pub(crate) vocabulary: VocabularyCache,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.len())
            .finish_non_exhaustive()
    }
}

/// Stored fields are read for every hit shown, from a block that holds the
/// hit and its neighbours and has to be decompressed whole: small blocks
/// keep that cheap (tantivy's default is 16 KiB; a product's stored fields
/// are some 200 bytes).
const DOCSTORE_BLOCK_BYTES: usize = 4096;

fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_blocksize: DOCSTORE_BLOCK_BYTES,
        ..IndexSettings::default()
    }
}

impl SearchIndex {
    /// Opens the index in `dir` (memory-mapped), creating the directory and
    /// the index if needed.
    ///
    /// An index built with another schema or analyzer version, or one whose
    /// metadata cannot be read, is replaced by an empty one: the index is
    /// derived data, and [`OpenOutcome::needs_rebuild`] tells the caller to
    /// refill it. I/O errors are returned rather than "fixed" by wiping.
    pub fn open_or_create(dir: &Path) -> Result<(Self, OpenOutcome)> {
        std::fs::create_dir_all(dir).map_err(|source| SearchError::Directory {
            path: dir.to_owned(),
            source,
        })?;
        let (schema, fields) = build_schema();
        let directory = MmapDirectory::open(dir).map_err(TantivyError::from)?;
        let create =
            |directory: MmapDirectory| Index::create(directory, schema.clone(), index_settings());
        let (index, outcome) = if !Index::exists(&directory).map_err(TantivyError::from)? {
            (create(directory)?, OpenOutcome::Created)
        } else {
            match Index::open(directory.clone()) {
                Ok(index) if index.schema() == schema => (index, OpenOutcome::Opened),
                Ok(_) => {
                    tracing::warn!(
                        index.dir = %dir.display(),
                        "search index schema changed; recreating it empty"
                    );
                    (create(directory)?, OpenOutcome::Recreated)
                }
                Err(
                    err @ (TantivyError::DataCorruption(_)
                    | TantivyError::IncompatibleIndex(_)
                    | TantivyError::DeserializeError(_)
                    | TantivyError::SchemaError(_)),
                ) => {
                    tracing::warn!(
                        index.dir = %dir.display(),
                        error = %err,
                        "search index unreadable; recreating it empty"
                    );
                    (create(directory)?, OpenOutcome::Recreated)
                }
                Err(err) => return Err(err.into()),
            }
        };
        Ok((Self::from_index(index, fields)?, outcome))
    }

    /// A fresh index in memory, for tests.
    pub fn in_ram() -> Result<Self> {
        let (schema, fields) = build_schema();
        let index = Index::builder()
            .schema(schema)
            .settings(index_settings())
            .create_in_ram()?;
        Self::from_index(index, fields)
    }

    fn from_index(index: Index, fields: Fields) -> Result<Self> {
        // Tokenizers are not persisted with the index: register them on every open.
        register_analyzers(index.tokenizers());
        let outbox_id =
            parse_payload(index.load_metas()?.payload.as_deref()).unwrap_or_else(|err| {
                tracing::warn!(error = %err, "ignoring the search index outbox position");
                None
            });
        let writer = index.writer_with_num_threads(WRITER_THREADS, WRITER_HEAP_BYTES)?;
        // Manual reloads right after our own commits: a search that follows a
        // write sees it, with no polling thread.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            index,
            fields,
            reader,
            writer: Mutex::new(WriterState { writer, outbox_id }),
            vocabulary: VocabularyCache::default(),
        })
    }

    /// Number of live (not deleted) products in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no product.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Inserts or replaces products (by id) and commits.
    pub fn upsert(&self, products: &[ProductDoc]) -> Result<()> {
        self.write(None, |writer, fields| {
            for product in products {
                replace(writer, fields, product)?;
            }
            Ok(())
        })
    }

    /// Removes the product with this database id (if indexed) and commits.
    pub fn delete(&self, id: i64) -> Result<()> {
        self.write(None, |writer, fields| {
            writer.delete_term(Term::from_field_i64(fields.id, id));
            Ok(())
        })
    }

    /// Applies a batch of changes from the outbox and records `outbox_id`,
    /// the last outbox entry the batch covers, in the same commit.
    pub fn apply(&self, changes: &[IndexChange], outbox_id: u64) -> Result<()> {
        self.write(Some(outbox_id), |writer, fields| {
            for change in changes {
                match change {
                    IndexChange::Upsert(product) => replace(writer, fields, product)?,
                    IndexChange::Delete(id) => {
                        writer.delete_term(Term::from_field_i64(fields.id, *id));
                    }
                }
            }
            Ok(())
        })
    }

    /// Replaces the whole content with `products`, committing once at the
    /// end: searches see the old index until the new one is complete, and
    /// an error leaves the old one in place. Returns the number indexed.
    pub fn rebuild(&self, products: impl IntoIterator<Item = ProductDoc>) -> Result<u64> {
        self.write(None, |writer, fields| {
            writer.delete_all_documents()?;
            let mut count = 0;
            for product in products {
                // Still delete by id: the source could yield a product twice.
                replace(writer, fields, &product)?;
                count += 1;
            }
            Ok(count)
        })
        .and_then(|count| self.merge_all().map(|()| count))
    }

    /// Merges every segment into one. A rebuild leaves a segment per writer
    /// thread and per memory budget, and each query pays a little for every
    /// segment it visits: opening each word's postings, the phrase checks.
    /// Only an optimisation: the rebuild is committed already, so a merge
    /// that fails (say, a background merge took some of the segments first)
    /// is logged and the index stays as it is.
    fn merge_all(&self) -> Result<()> {
        let mut state = self.lock_writer()?;
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() < 2 {
            return Ok(());
        }
        if let Err(err) = state.writer.merge(&segments).wait() {
            tracing::warn!(error = %err, "search index: merging the rebuilt segments failed");
            return Ok(());
        }
        drop(state);
        self.reader.reload()?;
        Ok(())
    }

    /// Records the outbox position alone, e.g. after a [`Self::rebuild`]
    /// from a database snapshot taken at that position.
    pub fn record_outbox_id(&self, outbox_id: u64) -> Result<()> {
        self.write(Some(outbox_id), |_, _| Ok(()))
    }

    /// The last outbox id recorded by a commit, read back from the index's
    /// metadata on disk (so it reflects what survived the last crash).
    pub fn last_outbox_id(&self) -> Result<Option<u64>> {
        parse_payload(self.index.load_metas()?.payload.as_deref())
    }

    /// Runs `ops` on the writer and commits, carrying the outbox position
    /// forward (a commit without a payload would erase it). On any error the
    /// uncommitted operations are rolled back so they cannot leak into the
    /// next commit.
    fn write<R>(
        &self,
        outbox_id: Option<u64>,
        ops: impl FnOnce(&IndexWriter, &Fields) -> Result<R>,
    ) -> Result<R> {
        let mut state = self.lock_writer()?;
        let position = outbox_id.or(state.outbox_id);
        let result = ops(&state.writer, &self.fields).and_then(|value| {
            let mut commit = state.writer.prepare_commit()?;
            if let Some(position) = position {
                commit.set_payload(&position.to_string());
            }
            commit.commit()?;
            Ok(value)
        });
        match result {
            Ok(value) => {
                state.outbox_id = position;
                drop(state);
                self.reader.reload()?;
                Ok(value)
            }
            Err(err) => {
                if let Err(rollback) = state.writer.rollback() {
                    tracing::error!(error = %rollback, "search index rollback failed");
                }
                Err(err)
            }
        }
    }

    fn lock_writer(&self) -> Result<MutexGuard<'_, WriterState>> {
        self.writer.lock().map_err(|_| SearchError::WriterPoisoned)
    }
}

/// Deletes any document with the product's id, then adds the new one; the
/// delete only affects documents added before it, so the new one survives.
fn replace(writer: &IndexWriter, fields: &Fields, product: &ProductDoc) -> Result<()> {
    writer.delete_term(Term::from_field_i64(fields.id, product.id));
    writer.add_document(fields.document(product))?;
    Ok(())
}

/// Reads the commit payload: the outbox id in decimal, or nothing.
fn parse_payload(payload: Option<&str>) -> Result<Option<u64>> {
    payload
        .map(|text| {
            text.trim()
                .parse()
                .map_err(|_| SearchError::Payload(text.to_owned()))
        })
        .transpose()
}
