//! A product list page: reads the URL's filters, ignores (with a notice) what
//! it does not understand, and returns one page with the choices for the form.

use super::places::list_communes;
use super::{list_groups, list_products, list_provinces};
use crate::catalog::{Heading, ListData, ListQuery, Notice, ProductFilter, ProductOrder};
use crate::entities::{communes, product_groups, provinces};
use crate::error::{AppError, AppResult};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Products per page.
pub const PER_PAGE: u64 = 24;
/// Beyond this a page number is surely a typo; it is clamped, not refused.
const MAX_PAGE: u64 = 10_000;
/// No OCOP product costs more than this; a bigger bound is a typo.
const MAX_PRICE: i64 = 1_000_000_000;

/// The fixed part of a list page that comes from its path.
#[derive(Debug, Clone, Copy)]
pub enum ListPreset<'a> {
    /// `/san-pham`: everything.
    All,
    /// `/nhom/{slug}`: one group.
    Group(&'a str),
    /// `/tinh/{slug}`: one province.
    Province(&'a str),
}

pub(crate) fn ignored(notices: &mut Vec<Notice>, name: &str, value: &str) {
    notices.push(Notice {
        vi: format!("Đã bỏ qua bộ lọc không hợp lệ {name}={value}."),
        en: format!("Ignored an invalid filter {name}={value}."),
    });
}

/// Parses a whole number in a range, accepting "85.000" and "85,000" as typed.
fn parse_amount(raw: &str) -> Option<i64> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '₫'))
        .collect();
    digits
        .parse::<i64>()
        .ok()
        .filter(|v| (0..=MAX_PRICE).contains(v))
}

/// Reads the filters, order and page of a list from the URL into `filter`
/// and the cleaned `query`, noting what it ignored. Filters already set (by
/// the path) win over the URL's.
pub(crate) async fn read_filters(
    db: &DatabaseConnection,
    raw: &ListQuery,
    filter: &mut ProductFilter,
    query: &mut ListQuery,
    notices: &mut Vec<Notice>,
) -> AppResult<(ProductOrder, u64)> {
    if filter.group.is_none() {
        if let Some(v) = raw.group.as_deref() {
            match v.trim().parse::<i16>().ok().filter(|g| (1..=6).contains(g)) {
                Some(g) => {
                    filter.group = Some(g);
                    query.group = Some(g.to_string());
                }
                None => ignored(notices, "group", v),
            }
        }
    }
    if let Some(v) = raw.stars.as_deref() {
        match v.trim().parse::<i16>().ok().filter(|s| (3..=5).contains(s)) {
            Some(s) => {
                filter.stars = Some(s);
                query.stars = Some(s.to_string());
            }
            None => ignored(notices, "stars", v),
        }
    }
    if filter.province_id.is_none() {
        if let Some(v) = raw.province.as_deref() {
            match provinces::Entity::find()
                .filter(provinces::Column::Slug.eq(v.trim()))
                .one(db)
                .await?
            {
                Some(p) => {
                    filter.province_id = Some(p.id);
                    query.province = Some(p.slug);
                }
                None => ignored(notices, "province", v),
            }
        }
    }
    if let Some(v) = raw.commune.as_deref() {
        // A commune only makes sense inside the chosen province.
        let found = match filter.province_id {
            Some(province_id) => {
                communes::Entity::find()
                    .filter(communes::Column::Code.eq(v.trim()))
                    .filter(communes::Column::ProvinceId.eq(province_id))
                    .one(db)
                    .await?
            }
            None => None,
        };
        match found {
            Some(c) => {
                filter.commune_id = Some(c.id);
                query.commune = Some(c.code);
            }
            None => ignored(notices, "commune", v),
        }
    }
    for (name, raw_value, slot, out) in [
        (
            "min",
            raw.min.as_deref(),
            &mut filter.min_price,
            &mut query.min,
        ),
        (
            "max",
            raw.max.as_deref(),
            &mut filter.max_price,
            &mut query.max,
        ),
    ] {
        if let Some(v) = raw_value {
            match parse_amount(v) {
                Some(amount) => {
                    *slot = Some(amount);
                    *out = Some(amount.to_string());
                }
                None => ignored(notices, name, v),
            }
        }
    }
    if let (Some(min), Some(max)) = (filter.min_price, filter.max_price) {
        if min > max {
            // Typed the wrong way round: read it as the range meant.
            filter.min_price = Some(max);
            filter.max_price = Some(min);
            query.min = Some(max.to_string());
            query.max = Some(min.to_string());
        }
    }
    for (name, raw_value, slot, out) in [
        (
            "in_stock",
            raw.in_stock.as_deref(),
            &mut filter.in_stock,
            &mut query.in_stock,
        ),
        (
            "story",
            raw.story.as_deref(),
            &mut filter.has_story,
            &mut query.story,
        ),
    ] {
        match raw_value.map(str::trim) {
            None | Some("0") | Some("") => {}
            Some("1") | Some("on") | Some("true") => {
                *slot = true;
                *out = Some("1".into());
            }
            Some(v) => ignored(notices, name, v),
        }
    }
    let order = match raw.sort.as_deref() {
        None => ProductOrder::Featured,
        Some(v) => ProductOrder::from_param(v.trim()).unwrap_or_else(|| {
            ignored(notices, "sort", v);
            ProductOrder::Featured
        }),
    };
    if order != ProductOrder::Featured {
        query.sort = Some(order.param().to_string());
    }
    let page = match raw.page.as_deref() {
        None => 1,
        Some(v) => match v.trim().parse::<u64>().ok().filter(|p| *p >= 1) {
            Some(p) => p.min(MAX_PAGE),
            None => {
                ignored(notices, "page", v);
                1
            }
        },
    };
    if page > 1 {
        query.page = Some(page.to_string());
    }
    Ok((order, page))
}

/// One page of a product list with everything its form needs.
pub async fn load_list_page(
    db: &DatabaseConnection,
    preset: ListPreset<'_>,
    raw: ListQuery,
    as_of: NaiveDate,
    base_url: &str,
) -> AppResult<ListData> {
    let mut notices = Vec::new();
    let mut query = ListQuery::default();
    let mut filter = ProductFilter::default();
    let mut heading = None;

    match preset {
        ListPreset::All => {}
        ListPreset::Group(slug) => {
            let group = product_groups::Entity::find()
                .filter(product_groups::Column::Slug.eq(slug))
                .one(db)
                .await?
                .ok_or_else(|| {
                    AppError::not_found("Không có nhóm sản phẩm này", "No such group")
                })?;
            filter.group = Some(group.id);
            heading = Some(Heading {
                title_vi: group.name_vi,
                title_en: group.name_en,
                path: format!("/nhom/{}", group.slug),
            });
        }
        ListPreset::Province(slug) => {
            let province = provinces::Entity::find()
                .filter(provinces::Column::Slug.eq(slug))
                .one(db)
                .await?
                .ok_or_else(|| {
                    AppError::not_found("Không có tỉnh/thành này", "No such province")
                })?;
            filter.province_id = Some(province.id);
            query.province = Some(province.slug.clone());
            heading = Some(Heading {
                title_vi: format!("Sản phẩm OCOP {}", province.name),
                title_en: format!("OCOP products of {}", province.name_en),
                path: format!("/tinh/{}", province.slug),
            });
        }
    }

    let (order, page) = read_filters(db, &raw, &mut filter, &mut query, &mut notices).await?;

    let list = list_products(db, &filter, order, page, PER_PAGE, as_of).await?;
    let communes = match filter.province_id {
        Some(id) => list_communes(db, id, as_of).await?,
        None => Vec::new(),
    };
    Ok(ListData {
        query,
        notices,
        list,
        per_page: PER_PAGE,
        groups: list_groups(db, as_of).await?,
        provinces: list_provinces(db, as_of).await?,
        communes,
        heading,
        base_url: base_url.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::parse_amount;

    #[test]
    fn amounts_are_read_as_typed() {
        assert_eq!(parse_amount("85.000"), Some(85_000));
        assert_eq!(parse_amount("85,000 ₫"), Some(85_000));
        assert_eq!(parse_amount("-5"), None);
        assert_eq!(parse_amount("abc"), None);
        assert_eq!(parse_amount("99999999999999999999"), None);
    }
}
