//! What an import did, file by file, and every problem it found, each pointing at
//! the line of the file an officer has to fix.

use std::fmt;

/// One problem with one row (or the header) of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// File name, e.g. "products.csv".
    pub file: &'static str,
    /// Physical line in the file where the row starts; the header is line 1.
    pub line: u64,
    /// The column at fault, when there is one.
    pub column: Option<&'static str>,
    /// What is wrong, in Vietnamese, with the offending value.
    pub message: String,
}

/// "products.csv:17: cột price_vnd: giá phải là số nguyên không âm (đồng): -5".
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.line)?;
        if let Some(column) = self.column {
            write!(f, "cột {column}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// How a file ended up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOutcome {
    /// Its good rows were written (all of them, or all but the rejected ones when
    /// skipping invalid rows).
    Imported,
    /// It had bad rows and invalid rows were not to be skipped, so nothing of it
    /// was written.
    Rejected,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    /// File name, e.g. "products.csv".
    pub file: &'static str,
    /// Whether the file was written or refused as a whole.
    pub outcome: FileOutcome,
    /// Rows that created a record.
    pub created: u64,
    /// Rows that changed an existing record.
    pub updated: u64,
    /// Rows identical to what the database already held (nothing written).
    pub unchanged: u64,
    /// Rows with at least one problem (not written).
    pub rejected: u64,
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

impl FileReport {
    pub(super) fn new(file: &'static str) -> Self {
        FileReport {
            file,
            outcome: FileOutcome::Imported,
            created: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            problems: Vec::new(),
        }
    }

    /// Marks the file refused: its rows were rolled back, so none counts as written.
    pub(super) fn reject_all(&mut self) {
        self.outcome = FileOutcome::Rejected;
        self.created = 0;
        self.updated = 0;
        self.unchanged = 0;
    }

    /// True when the file imported without a single problem.
    pub fn is_clean(&self) -> bool {
        self.outcome == FileOutcome::Imported && self.problems.is_empty()
    }
}

/// "products.csv: 12 mới, 3 cập nhật, 385 không đổi, 0 bị loại".
impl fmt::Display for FileReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} mới, {} cập nhật, {} không đổi, {} dòng lỗi",
            self.file, self.created, self.updated, self.unchanged, self.rejected
        )?;
        if self.outcome == FileOutcome::Rejected {
            f.write_str(" — TỆP BỊ TỪ CHỐI, không ghi dòng nào")?;
        }
        Ok(())
    }
}

/// The result of importing a folder: one entry per file found, in the order they
/// were processed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Per-file results.
    pub files: Vec<FileReport>,
}

impl ImportReport {
    /// True when every file imported without a problem (the CLI exits 0 only then).
    pub fn is_clean(&self) -> bool {
        self.files.iter().all(FileReport::is_clean)
    }

    /// True when the import wrote nothing: every row was already in the database
    /// (or was rejected).
    pub fn changed_nothing(&self) -> bool {
        self.files.iter().all(|f| f.created == 0 && f.updated == 0)
    }

    /// The report for `file`, if that file was in the folder.
    pub fn file(&self, file: &str) -> Option<&FileReport> {
        self.files.iter().find(|f| f.file == file)
    }

    /// Every problem of every file.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.files.iter().flat_map(|f| f.problems.iter())
    }
}

/// One summary line per file, then a closing line.
impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            writeln!(f, "{file}")?;
        }
        if self.changed_nothing() {
            write!(
                f,
                "Không có thay đổi nào: dữ liệu đã có đầy đủ trong hệ thống."
            )
        } else {
            write!(f, "Đã nhập xong.")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_point_at_file_line_and_column() {
        let p = Problem {
            file: "products.csv",
            line: 17,
            column: Some("stock"),
            message: "tồn kho phải là số nguyên không âm: -1".into(),
        };
        assert_eq!(
            p.to_string(),
            "products.csv:17: cột stock: tồn kho phải là số nguyên không âm: -1"
        );
    }

    #[test]
    fn a_rejected_file_counts_nothing_written() {
        let mut r = FileReport::new("products.csv");
        r.created = 5;
        r.rejected = 1;
        r.reject_all();
        assert_eq!(
            (r.created, r.rejected, r.outcome),
            (0, 1, FileOutcome::Rejected)
        );
        assert!(!r.is_clean());
    }
}
