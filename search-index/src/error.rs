//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong in the search index.
///
/// Callers map all of these to an internal error: none of them is caused by
/// what a shopper typed, because queries are built leniently and never fail
/// to parse.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// Tantivy failed (I/O, a corrupt segment, a lock held elsewhere...).
    #[error("search engine failure")]
    Engine(#[from] tantivy::TantivyError),

    /// The index directory could not be created or opened.
    #[error("cannot open the search index directory {path}")]
    Directory {
        /// The directory we were asked to use.
        path: PathBuf,
        /// Why it failed.
        #[source]
        source: std::io::Error,
    },

    /// A previous write panicked while holding the writer, so its state is
    /// unknown; the process should rebuild the index or restart.
    #[error("the search index writer was poisoned by an earlier panic")]
    WriterPoisoned,

    /// The commit payload is not an outbox position written by this crate.
    #[error("unreadable outbox position {0:?} in the index commit payload")]
    Payload(String),
}

/// Shorthand used across the crate.
pub type Result<T, E = SearchError> = std::result::Result<T, E>;
