//! A plan report as CSV and as an XLSX workbook: the same table as the page,
//! with Vietnamese column titles, ready to paste into the official report.

use super::plan::{metric_label, PlanReport, TargetRow, TargetStatus};
use crate::time::format_date;

/// The table's column titles.
const COLUMNS: [&str; 11] = [
    "Mã chỉ tiêu",
    "Chỉ tiêu",
    "So sánh",
    "Mục tiêu",
    "Thực hiện",
    "Tử số",
    "Mẫu số",
    "Trạng thái",
    "Còn thiếu",
    "Thời hạn",
    "Căn cứ (kế hoạch)",
];

fn status_word(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Met => "Đạt",
        TargetStatus::Behind => "Chưa đạt",
    }
}

/// A number as the page writes it in a file: one decimal for shares, none
/// for counts, "n/a" for a share over zero.
pub fn actual_text(row: &TargetRow) -> String {
    match (row.actual, row.denominator) {
        (None, _) => "n/a".into(),
        (Some(v), Some(_)) => format!("{v:.1}"),
        (Some(v), None) => format!("{v:.0}"),
    }
}

fn target_text(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// The text cells of a row, in [`COLUMNS`] order.
fn cells(row: &TargetRow) -> [String; 11] {
    [
        row.metric.clone(),
        metric_label(&row.metric).0.to_owned(),
        row.op.clone(),
        target_text(row.target),
        actual_text(row),
        row.numerator.to_string(),
        row.denominator.map(|d| d.to_string()).unwrap_or_default(),
        status_word(row.status).to_owned(),
        row.gap
            .map(|g| g.to_string())
            .unwrap_or_else(|| "n/a".into()),
        row.by.map(format_date).unwrap_or_default(),
        row.source.clone(),
    ]
}

/// The report as CSV (UTF-8 with a byte-order mark, so spreadsheet programs
/// read the Vietnamese right), one line per target.
pub fn to_csv(report: &PlanReport) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        // Writing to memory cannot fail.
        let _ = writer.write_record(COLUMNS);
        for row in &report.targets {
            let _ = writer.write_record(cells(row));
        }
        let _ = writer.flush();
    }
    out
}

/// The report as an XLSX workbook: a title block (plan, area, period, the
/// date counted to), then the table with numbers as numbers.
pub fn to_xlsx(report: &PlanReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Bao cao")?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let one_decimal = Format::new().set_num_format("0.0");
    let whole = Format::new().set_num_format("0");
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.write_with_format(0, 0, report.plan.title.as_str(), &bold)?;
    sheet.write(1, 0, "Địa bàn")?;
    sheet.write(1, 1, report.plan.area.as_str())?;
    sheet.write(2, 0, "Kỳ kế hoạch")?;
    sheet.write(
        2,
        1,
        format!(
            "{} – {}",
            format_date(report.plan.from),
            format_date(report.plan.to)
        ),
    )?;
    sheet.write(3, 0, "Số liệu đến ngày")?;
    sheet.write(3, 1, format_date(report.counted_to))?;
    let top = 5;
    for (col, title) in COLUMNS.iter().enumerate() {
        sheet.write_with_format(top, col as u16, *title, &head)?;
    }
    for (i, row) in report.targets.iter().enumerate() {
        let r = top + 1 + i as u32;
        let text = cells(row);
        sheet.write(r, 0, text[0].as_str())?;
        sheet.write_with_format(r, 1, text[1].as_str(), &wrap)?;
        sheet.write(r, 2, text[2].as_str())?;
        sheet.write(r, 3, row.target)?;
        match (row.actual, row.denominator) {
            (Some(v), Some(_)) => sheet.write_with_format(r, 4, v, &one_decimal)?,
            (Some(v), None) => sheet.write_with_format(r, 4, v, &whole)?,
            (None, _) => sheet.write(r, 4, "n/a")?,
        };
        sheet.write(r, 5, row.numerator as f64)?;
        if let Some(d) = row.denominator {
            sheet.write(r, 6, d as f64)?;
        }
        sheet.write(r, 7, text[7].as_str())?;
        match row.gap {
            Some(g) => sheet.write(r, 8, g as f64)?,
            None => sheet.write(r, 8, "n/a")?,
        };
        sheet.write(r, 9, text[9].as_str())?;
        sheet.write_with_format(r, 10, text[10].as_str(), &wrap)?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 40)?;
    sheet.set_column_width(10, 60)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::plan::PlanInfo;

    fn report() -> PlanReport {
        let day = |s: &str| s.parse().unwrap();
        PlanReport {
            plan: PlanInfo {
                id: "x".into(),
                title: "Kế hoạch, \"thử\"".into(),
                area: "Cần Thơ".into(),
                area_level: "province".into(),
                from: day("2026-01-01"),
                to: day("2026-12-31"),
                source_file: "x.toml".into(),
                targets: 2,
            },
            as_of: day("2026-11-24"),
            counted_to: day("2026-11-24"),
            targets: vec![
                TargetRow {
                    metric: "upgraded_three_to_four_pct".into(),
                    op: ">=".into(),
                    target: 20.0,
                    by: Some(day("2026-12-31")),
                    source: "I.2: thăng hạng, ít nhất 20%".into(),
                    actual: Some(33.3),
                    numerator: 1,
                    denominator: Some(3),
                    status: TargetStatus::Met,
                    gap: Some(0),
                    trend: vec![],
                },
                TargetRow {
                    metric: "expired_recertified_pct".into(),
                    op: ">=".into(),
                    target: 100.0,
                    by: None,
                    source: String::new(),
                    actual: None,
                    numerator: 0,
                    denominator: Some(0),
                    status: TargetStatus::Behind,
                    gap: None,
                    trend: vec![],
                },
            ],
            quarters: vec![],
            communes: vec![],
            due: vec![],
        }
    }

    #[test]
    fn csv_quotes_commas_and_writes_n_a() {
        let text = String::from_utf8(to_csv(&report())).unwrap();
        let mut lines = text.lines();
        assert!(lines.next().unwrap().starts_with("\u{feff}Mã chỉ tiêu,"));
        assert_eq!(
            lines.next().unwrap(),
            "upgraded_three_to_four_pct,Tỷ lệ sản phẩm thăng hạng 3 lên 4 sao,>=,20,33.3,1,3,Đạt,0,31/12/2026,\"I.2: thăng hạng, ít nhất 20%\""
        );
        assert!(lines.next().unwrap().contains(",n/a,0,0,Chưa đạt,n/a,,"));
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = to_xlsx(&report()).unwrap();
        assert_eq!(&bytes[..2], b"PK");
    }
}
