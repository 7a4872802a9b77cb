//! Reading one file: stream the records, validate each, catch duplicates, hand
//! the good rows to the file's writer in chunks, all inside one transaction that
//! is rolled back when the file has bad rows and they are not to be skipped.

use std::collections::HashMap;
use std::path::Path;

use csv::{ErrorKind, ReaderBuilder, StringRecord};
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbErr};

use super::fields::{Fields, Header, Issue};
use super::report::{FileReport, Problem};
use super::rows::Refs;
use super::{ImportError, ImportOptions, Progress};

/// Rows handed to a writer at once: its inserts stay well under SQLite's limit
/// of 32,766 bound variables (and PostgreSQL's 65,535) and its `IN (...)`
/// look-ups under 1,000 values.
pub(super) const CHUNK: usize = 500;

/// What a writer answers when two rows of a file claim the same record.
pub(super) struct Key {
    /// Identity of the record within the file.
    pub key: String,
    /// Column to blame on the later row.
    pub column: &'static str,
    /// How to name the clash, before "(đã có ở dòng N)".
    pub message: String,
}

/// The records of a file seen so far, by identity, with the line of each.
#[derive(Debug, Default)]
pub(super) struct Seen(HashMap<String, u64>);

impl Seen {
    /// Takes `key` for the row at `line`, or says which earlier line has it.
    pub fn claim(&mut self, key: Key, line: u64) -> Result<(), Issue> {
        match self.0.get(&key.key) {
            Some(first) => Err(Issue {
                column: Some(key.column),
                message: format!("{} (đã có ở dòng {first})", key.message),
            }),
            None => {
                self.0.insert(key.key, line);
                Ok(())
            }
        }
    }
}

/// One kind of file: how its rows are parsed and how they are written.
pub(super) trait Writer {
    type Row;
    const FILE: &'static str;
    const COLUMNS: &'static [&'static str];

    /// Parses and validates a record; `None` when it has problems (in `f.issues`).
    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<Self::Row>;

    /// The row's identity, for duplicates within the file.
    fn key(row: &Self::Row) -> Key;

    /// Writes a chunk of valid rows, counting created/updated/unchanged in `report`.
    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<Self::Row>,
        report: &mut FileReport,
    ) -> Result<(), DbErr>;
}

/// Imports `dir/W::FILE` when it exists; `None` when it does not.
pub(super) async fn import_file<W: Writer>(
    db: &DatabaseConnection,
    dir: &Path,
    mut writer: W,
    refs: &Refs<'_>,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Option<FileReport>, ImportError> {
    let path = dir.join(W::FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let file_error = |source: csv::Error| ImportError::File {
        path: path.clone(),
        source,
    };
    let total = count_records(&path).map_err(file_error)?;
    progress.start(W::FILE, total);
    let mut report = FileReport::new(W::FILE);
    let problem = |line, issue: Issue| Problem {
        file: W::FILE,
        line,
        column: issue.column,
        message: issue.message,
    };

    let mut reader = ReaderBuilder::new().from_path(&path).map_err(file_error)?;
    let header = match reader.headers() {
        Ok(record) => Header::new(record),
        Err(e) if is_io(&e) => return Err(file_error(e)),
        Err(e) => {
            report.problems.push(problem(
                1,
                Issue {
                    column: None,
                    message: record_error(&e),
                },
            ));
            Header::default()
        }
    };
    let missing = header.missing(W::COLUMNS);
    if !report.problems.is_empty() || !missing.is_empty() {
        for column in missing {
            report.problems.push(problem(
                1,
                Issue {
                    column: Some(column),
                    message: "thiếu cột bắt buộc".into(),
                },
            ));
        }
        report.rejected = total;
        report.reject_all();
        progress.finish(W::FILE);
        return Ok(Some(report));
    }

    let txn = crate::db::begin_write(db).await?;
    let mut seen = Seen::default();
    let mut batch = Vec::with_capacity(CHUNK);
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) if is_io(&e) => return Err(file_error(e)),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                report.problems.push(problem(
                    line,
                    Issue {
                        column: None,
                        message: record_error(&e),
                    },
                ));
                report.rejected += 1;
                progress.advance(1);
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let mut f = Fields::new(&header, &record);
        let row = writer
            .parse(&mut f, refs)
            .and_then(|row| match seen.claim(W::key(&row), line) {
                Ok(()) => Some(row),
                Err(issue) => {
                    f.issues.push(issue);
                    None
                }
            });
        match row {
            Some(row) if f.issues.is_empty() => batch.push(row),
            _ => {
                report.rejected += 1;
                report
                    .problems
                    .extend(f.issues.into_iter().map(|issue| problem(line, issue)));
            }
        }
        if batch.len() >= CHUNK {
            flush(&mut writer, &txn, &mut batch, &mut report, opts).await?;
        }
        progress.advance(1);
    }
    flush(&mut writer, &txn, &mut batch, &mut report, opts).await?;

    if report.rejected > 0 && !opts.skip_invalid {
        txn.rollback().await?;
        report.reject_all();
    } else {
        txn.commit().await?;
    }
    progress.finish(W::FILE);
    Ok(Some(report))
}

/// Writes the pending rows, unless a bad row already condemned the file (then
/// writing would only be rolled back, so the rows are dropped and validation goes on).
async fn flush<W: Writer>(
    writer: &mut W,
    txn: &DatabaseTransaction,
    batch: &mut Vec<W::Row>,
    report: &mut FileReport,
    opts: &ImportOptions,
) -> Result<(), DbErr> {
    let rows = std::mem::take(batch);
    if rows.is_empty() || (report.rejected > 0 && !opts.skip_invalid) {
        return Ok(());
    }
    writer.write(txn, rows, report).await
}

/// Data rows in the file, for the progress bar: a quick pass that does not decode text.
fn count_records(path: &Path) -> Result<u64, csv::Error> {
    let mut reader = ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record)? {
        n += 1;
    }
    Ok(n)
}

fn is_io(e: &csv::Error) -> bool {
    matches!(e.kind(), ErrorKind::Io(_))
}

/// A record the CSV reader could not take, said for an officer.
fn record_error(e: &csv::Error) -> String {
    match e.kind() {
        ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("dòng có {len} cột, khác dòng tiêu đề ({expected_len} cột)")
        }
        ErrorKind::Utf8 { .. } => {
            "dòng không phải văn bản UTF-8 (hãy lưu tệp dưới dạng CSV UTF-8)".into()
        }
        _ => format!("dòng không đọc được: {e}"),
    }
}
