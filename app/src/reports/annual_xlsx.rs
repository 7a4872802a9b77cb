//! The annual statistics as an XLSX workbook for the ministry: a summary
//! sheet (each figure with its unit and definition), the programme's
//! metrics at the end of the period, and the figures by province. Numbers
//! are numbers; money is whole đồng.

use super::annual::{AnnualStats, LineUnit};
use super::plan::metric_label;
use crate::time::format_date;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// The workbook's bytes.
pub fn to_xlsx(stats: &AnnualStats) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let whole = Format::new().set_num_format("#,##0");
    let one_decimal = Format::new().set_num_format("0.0");

    let sheet = workbook.add_worksheet();
    sheet.set_name("Tong hop")?;
    sheet.write_with_format(
        0,
        0,
        format!(
            "Báo cáo thống kê hoạt động sàn giao dịch thương mại điện tử Chợ OCOP năm {}",
            stats.year
        ),
        &bold,
    )?;
    sheet.write(1, 0, "Kỳ số liệu")?;
    sheet.write(
        1,
        1,
        format!(
            "01/01/{} – {}{}",
            stats.year,
            format_date(stats.counted_to),
            if stats.complete {
                ""
            } else {
                " (năm chưa kết thúc)"
            }
        ),
    )?;
    sheet.write(2, 0, "Lập lúc")?;
    sheet.write(2, 1, crate::time::format_vn(stats.generated_at))?;
    let top = 4;
    for (col, title) in ["Chỉ tiêu", "Indicator", "Giá trị", "Đơn vị", "Cách tính"]
        .iter()
        .enumerate()
    {
        sheet.write_with_format(top, col as u16, *title, &head)?;
    }
    for (i, line) in stats.lines.iter().enumerate() {
        let r = top + 1 + i as u32;
        sheet.write_with_format(r, 0, line.label_vi.as_str(), &wrap)?;
        sheet.write_with_format(r, 1, line.label_en.as_str(), &wrap)?;
        sheet.write_with_format(r, 2, line.value as f64, &whole)?;
        sheet.write(
            r,
            3,
            match line.unit {
                LineUnit::Count => "",
                LineUnit::Vnd => "đồng",
            },
        )?;
        sheet.write_with_format(r, 4, line.definition.as_str(), &wrap)?;
    }
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(4, 70)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Chi tieu OCOP")?;
    sheet.write_with_format(
        0,
        0,
        format!(
            "Chỉ tiêu Chương trình OCOP toàn quốc đến ngày {} (theo REPORTING.md)",
            format_date(stats.counted_to)
        ),
        &bold,
    )?;
    for (col, title) in ["Mã chỉ tiêu", "Chỉ tiêu", "Giá trị", "Tử số", "Mẫu số"]
        .iter()
        .enumerate()
    {
        sheet.write_with_format(2, col as u16, *title, &head)?;
    }
    for (i, m) in stats.metrics.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write(r, 0, m.metric.as_str())?;
        sheet.write_with_format(r, 1, metric_label(&m.metric).0, &wrap)?;
        match (m.value, m.denominator) {
            (None, _) => sheet.write(r, 2, "n/a")?,
            (Some(v), Some(_)) => sheet.write_with_format(r, 2, v, &one_decimal)?,
            (Some(v), None) => sheet.write_with_format(r, 2, v, &whole)?,
        };
        sheet.write_with_format(r, 3, m.numerator as f64, &whole)?;
        if let Some(d) = m.denominator {
            sheet.write_with_format(r, 4, d as f64, &whole)?;
        }
    }
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(1, 48)?;

    let sheet = workbook.add_worksheet();
    sheet.set_name("Theo tinh")?;
    let titles = [
        "Tỉnh, thành phố",
        "Người bán đã xác minh",
        "Người bán có đơn",
        "Đơn bán",
        "Giá trị đơn bán (đồng)",
        "Sản phẩm OCOP còn hiệu lực",
    ];
    for (col, title) in titles.iter().enumerate() {
        sheet.write_with_format(0, col as u16, *title, &head)?;
    }
    for (i, p) in stats.provinces.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write(r, 0, p.province.as_str())?;
        for (col, value) in [
            p.verified_sellers,
            p.selling_sellers,
            p.sales_orders,
            p.sales_vnd,
            p.certified_products,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_with_format(r, 1 + col as u16, value as f64, &whole)?;
        }
    }
    sheet.set_column_width(0, 24)?;
    for col in 1..=5 {
        sheet.set_column_width(col, 18)?;
    }
    workbook.save_to_buffer()
}
