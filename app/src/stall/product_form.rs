//! What a producer types into the product forms, read and checked: the
//! editor's main form, and whole numbers and dates as people type them.

use super::story;
use super::types::RawArea;
use crate::domain::Money;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::text::clean;
use chrono::NaiveDate;

/// The editor's main form, as typed.
#[derive(Debug, Clone, Default)]
pub struct ProductForm {
    /// Name.
    pub name: String,
    /// Group number.
    pub group: String,
    /// Selling unit.
    pub unit: String,
    /// Price in đồng, as typed ("150.000" is read as 150000).
    pub price_vnd: String,
    /// Stock.
    pub stock: String,
    /// Description.
    pub description: String,
    /// Origin.
    pub origin: String,
    /// Story (Markdown).
    pub story: String,
    /// Raw-material area: name, hectares, description.
    pub raw_area: RawArea,
}

/// A form read and checked.
#[derive(Debug, Clone)]
pub(super) struct CheckedForm {
    pub(super) name: String,
    pub(super) group: i16,
    pub(super) unit: String,
    pub(super) price: Money,
    pub(super) stock: i64,
    pub(super) description: String,
    pub(super) origin: Option<String>,
    pub(super) story: story::Story,
    pub(super) raw_area: Option<(String, Option<f64>, Option<String>)>,
}

/// A whole number typed with or without thousands separators ("150.000",
/// "150 000", "150,000"), or `None`.
pub fn whole_number(raw: &str) -> Option<i64> {
    let digits: String = raw
        .trim()
        .trim_end_matches(['đ', 'd', '₫'])
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

pub(super) fn check_form(form: &ProductForm, groups: &[i16]) -> AppResult<CheckedForm> {
    let mut fields = FieldErrors::default();
    let name = clean(&form.name);
    if name.is_empty() || name.chars().count() > 200 {
        fields.add(
            "name",
            "Tên phải có từ 1 đến 200 ký tự.",
            "The name needs 1 to 200 characters.",
        );
    }
    let group = form
        .group
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|g| groups.contains(g));
    if group.is_none() {
        fields.add(
            "group",
            "Hãy chọn nhóm sản phẩm.",
            "Choose the product group.",
        );
    }
    let unit = clean(&form.unit);
    if unit.is_empty() || unit.chars().count() > 50 {
        fields.add(
            "unit",
            "Đơn vị bán phải có từ 1 đến 50 ký tự (ví dụ: hộp 400g).",
            "The unit needs 1 to 50 characters (e.g. box of 400 g).",
        );
    }
    let price = whole_number(&form.price_vnd)
        .filter(|p| *p <= 1_000_000_000)
        .and_then(|p| Money::from_dong(p).ok());
    if price.is_none() {
        fields.add(
            "price_vnd",
            "Giá là số đồng nguyên, từ 0 đến 1 tỷ (ví dụ: 150000).",
            "The price is whole đồng, from 0 to 1 billion (e.g. 150000).",
        );
    }
    let stock = whole_number(&form.stock).filter(|s| *s <= 1_000_000_000);
    if stock.is_none() {
        fields.add(
            "stock",
            "Tồn kho là số nguyên không âm.",
            "The stock is a whole number, not negative.",
        );
    }
    let description = clean(&form.description);
    if description.chars().count() > 5_000 {
        fields.add(
            "description",
            "Mô tả tối đa 5000 ký tự.",
            "The description takes at most 5000 characters.",
        );
    }
    let origin = clean(&form.origin);
    if origin.chars().count() > 200 {
        fields.add(
            "origin",
            "Xuất xứ tối đa 200 ký tự.",
            "The origin takes at most 200 characters.",
        );
    }
    let story = match story::from_source(&form.story) {
        Ok(story) => Some(story),
        Err(AppError::Validation { fields: wrong }) => {
            for (field, messages) in wrong {
                for m in messages {
                    fields.add(field.clone(), m.vi.clone(), m.en.clone());
                }
            }
            None
        }
        Err(other) => return Err(other),
    };
    let area_name = clean(&form.raw_area.name);
    let area_ha = match form.raw_area.area_ha.trim() {
        "" => None,
        typed => match typed.replace(',', ".").parse::<f64>() {
            Ok(ha) if ha.is_finite() && (0.0..=1_000_000.0).contains(&ha) => Some(ha),
            _ => {
                fields.add(
                    "area_ha",
                    "Diện tích là số héc-ta, ví dụ 12,5.",
                    "The area is a number of hectares, e.g. 12.5.",
                );
                None
            }
        },
    };
    let area_description = clean(&form.raw_area.description);
    if area_name.chars().count() > 200 || area_description.chars().count() > 2_000 {
        fields.add(
            "area_name",
            "Tên vùng nguyên liệu tối đa 200 ký tự, mô tả tối đa 2000.",
            "The area's name takes at most 200 characters, its description 2000.",
        );
    }
    if area_name.is_empty() && (area_ha.is_some() || !area_description.is_empty()) {
        fields.add(
            "area_name",
            "Hãy đặt tên cho vùng nguyên liệu.",
            "Name the raw-material area.",
        );
    }
    if !fields.is_empty() {
        return Err(fields.into_error());
    }
    let (Some(group), Some(price), Some(stock), Some(story)) = (group, price, stock, story) else {
        return Err(fields.into_error());
    };
    Ok(CheckedForm {
        name,
        group,
        unit,
        price,
        stock,
        description,
        origin: (!origin.is_empty()).then_some(origin),
        story,
        raw_area: (!area_name.is_empty()).then(|| {
            (
                area_name,
                area_ha,
                (!area_description.is_empty()).then_some(area_description),
            )
        }),
    })
}

pub(super) fn date(raw: &str, field: &str, required: bool) -> Result<Option<NaiveDate>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() && !required {
        return Ok(None);
    }
    crate::time::parse_form_date(raw).map(Some).ok_or_else(|| {
        AppError::invalid(
            field,
            "Ngày theo dạng ngày/tháng/năm, ví dụ 24/11/2026.",
            "A date as day/month/year, e.g. 24/11/2026.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_as_people_type_them() {
        for (typed, want) in [
            ("150000", Some(150_000)),
            ("150.000", Some(150_000)),
            ("150,000 đ", Some(150_000)),
            (" 1 200 000 ", Some(1_200_000)),
            ("0", Some(0)),
            ("-5", None),
            ("1.5e3", None),
            ("", None),
            ("abc", None),
        ] {
            assert_eq!(whole_number(typed), want, "{typed:?}");
        }
    }

    fn form() -> ProductForm {
        ProductForm {
            name: "  Mắm  cá linh ".into(),
            group: "1".into(),
            unit: "hũ 500g".into(),
            price_vnd: "85.000".into(),
            stock: "20".into(),
            story: "Mùa nước nổi.".into(),
            ..ProductForm::default()
        }
    }

    #[test]
    fn a_form_is_checked_whole() {
        let checked = check_form(&form(), &[1, 2]).expect("valid");
        assert_eq!(checked.name, "Mắm cá linh");
        assert_eq!(checked.price.dong(), 85_000);
        assert_eq!(checked.story.html, "<p>Mùa nước nổi.</p>");

        let mut bad = form();
        bad.name = " ".into();
        bad.group = "9".into();
        bad.price_vnd = "rẻ".into();
        bad.stock = "-1".into();
        bad.raw_area.area_ha = "12 ha".into();
        let Err(AppError::Validation { fields }) = check_form(&bad, &[1, 2]) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(named, ["area_ha", "group", "name", "price_vnd", "stock"]);
    }
}
