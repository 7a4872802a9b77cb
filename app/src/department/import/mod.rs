//! The register importer: reads a department's folder of CSV files (format in
//! `data/README.md` of the shared data: producers, products, certifications,
//! listings, sales points, events), validates every row, and writes each file in
//! one transaction, creating what is new, updating what changed and leaving the
//! rest untouched, so importing the same folder twice changes nothing.

mod certifications;
#[cfg(test)]
mod db_tests;
mod driver;
mod events;
mod fields;
mod listings;
mod producers;
mod products;
mod report;
mod rows;
mod sales_points;
mod slugs;
mod story;
mod upsert;
#[cfg(test)]
mod validation_tests;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sea_orm::{DatabaseConnection, DbErr, EntityTrait, QuerySelect};

pub use report::{FileOutcome, FileReport, ImportReport, Problem};

use crate::admin_units::AdminUnits;
use crate::entities::{producers as producer_entity, products as product_entity};
use driver::import_file;
use rows::Refs;

/// How to treat bad rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import the good rows of a file that also has bad ones (the bad ones are
    /// counted as rejected). Off by default: a file with any bad row imports nothing.
    pub skip_invalid: bool,
}

/// Progress of an import, file by file; the CLI shows a bar, tests ignore it.
pub trait Progress: Send + Sync {
    /// A file is starting; it has `total_rows` data rows.
    fn start(&self, file: &str, total_rows: u64);
    /// `n` more rows were read.
    fn advance(&self, n: u64);
    /// The file is done (written, or rejected).
    fn finish(&self, file: &str);
}

/// A [`Progress`] that shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _file: &str, _total_rows: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self, _file: &str) {}
}

/// A failure of the import as a whole (as opposed to a bad row, which is a
/// [`Problem`] in the report).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The folder cannot be read.
    #[error("không đọc được thư mục {}: {source}", path.display())]
    Folder {
        /// The folder given.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The folder holds none of the six files.
    #[error("thư mục {} không có tệp nào để nhập (producers.csv, products.csv, ...)", .0.display())]
    NothingToImport(PathBuf),
    /// A file exists but cannot be read.
    #[error("không đọc được tệp {}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: csv::Error,
    },
    /// The database failed; the file being written was rolled back.
    #[error("lỗi cơ sở dữ liệu khi nhập")]
    Db(#[from] DbErr),
}

/// The files in the order they must be imported (each refers to the ones before).
pub const FILES: [&str; 6] = [
    "producers.csv",
    "products.csv",
    "certifications.csv",
    "listings.csv",
    "sales_points.csv",
    "events.csv",
];

/// Imports every file of `dir` that is there, in dependency order, and reports
/// per file what was created, updated, unchanged and rejected. A file with bad
/// rows is rejected as a whole unless `opts.skip_invalid`; the other files are
/// still imported (rows referring to a rejected file's codes then fail too).
pub async fn import_dir(
    db: &DatabaseConnection,
    dir: &Path,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport, ImportError> {
    std::fs::read_dir(dir).map_err(|source| ImportError::Folder {
        path: dir.to_path_buf(),
        source,
    })?;
    if !FILES.iter().any(|f| dir.join(f).is_file()) {
        return Err(ImportError::NothingToImport(dir.to_path_buf()));
    }
    let units = AdminUnits::load(db).await?;
    let mut producers = producer_ids(db).await?;
    let mut products = product_ids(db).await?;
    let mut report = ImportReport::default();

    macro_rules! step {
        ($writer:expr) => {{
            let refs = Refs {
                units: &units,
                producers: &producers,
                products: &products,
            };
            let writer = $writer;
            if let Some(file) = import_file(db, dir, writer, &refs, opts, progress).await? {
                report.files.push(file);
            }
        }};
    }

    step!(producers::ProducerWriter::new(db).await?);
    producers = producer_ids(db).await?;
    step!(products::ProductWriter::new(db).await?);
    products = product_ids(db).await?;
    step!(certifications::CertificationWriter);
    step!(listings::ListingWriter);
    step!(sales_points::SalesPointWriter);
    step!(events::EventWriter);
    Ok(report)
}

/// `code → id` of a register table: what rows of later files may refer to.
async fn code_ids<E: EntityTrait>(
    db: &DatabaseConnection,
    code: E::Column,
    id: E::Column,
) -> Result<HashMap<String, i64>, DbErr> {
    let rows = E::find()
        .select_only()
        .column(code)
        .column(id)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

async fn producer_ids(db: &DatabaseConnection) -> Result<HashMap<String, i64>, DbErr> {
    code_ids::<producer_entity::Entity>(
        db,
        producer_entity::Column::Code,
        producer_entity::Column::Id,
    )
    .await
}

async fn product_ids(db: &DatabaseConnection) -> Result<HashMap<String, i64>, DbErr> {
    code_ids::<product_entity::Entity>(db, product_entity::Column::Code, product_entity::Column::Id)
        .await
}
