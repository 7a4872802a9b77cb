//! Checking a sales point form (pages and API alike): every problem named
//! field by field, nothing stored unless there are none. The place must be
//! in the reader's area; the products must exist and be certified today.

use super::types::{SalesPointForm, KINDS};
use crate::domain::Role;
use crate::entities::{certifications, communes, products, users};
use crate::error::{AppResult, FieldErrors};
use crate::map::{parse_degrees, VIETNAM_LAT, VIETNAM_LON};
use crate::text::{clean, match_key};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter};
use std::collections::{HashMap, HashSet};

/// The longest name, address or opening hours accepted (characters).
const MAX_TEXT: usize = 200;
/// The most products one form may list.
const MAX_PRODUCTS: usize = 500;

/// A form that holds.
#[derive(Debug, Clone)]
pub struct ValidPoint {
    /// Name, NFC.
    pub name: String,
    /// Kind.
    pub kind: &'static str,
    /// Province id.
    pub province_id: i64,
    /// Commune id.
    pub commune_id: i64,
    /// Address, NFC.
    pub address: String,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// Opening hours.
    pub opening_hours: Option<String>,
    /// Phone, national digits.
    pub phone: Option<String>,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// Closed on (exclusive).
    pub closed_on: Option<NaiveDate>,
    /// Products to carry (`None`: keep).
    pub product_ids: Option<Vec<i64>>,
}

/// Whether `user` manages what lies at `province_id`/`commune_id`: an
/// administrator everywhere, an officer in their province or commune.
pub fn oversees_place(user: &users::Model, province_id: i64, commune_id: i64) -> bool {
    match user.role {
        Role::Admin => true,
        Role::Officer => match (user.area_province_id, user.area_commune_id) {
            (_, Some(commune)) => commune_id == commune,
            (Some(province), None) => province_id == province,
            (None, None) => false,
        },
        _ => false,
    }
}

/// Ids of those of `ids` certified at `as_of` (REPORTING.md: the latest
/// certification decided on or before the day is still valid).
pub async fn certified_ids(
    db: &impl ConnectionTrait,
    ids: &[i64],
    as_of: NaiveDate,
) -> AppResult<HashSet<i64>> {
    let mut latest: HashMap<i64, certifications::Model> = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows = certifications::Entity::find()
            .filter(certifications::Column::ProductId.is_in(chunk.iter().copied()))
            .filter(certifications::Column::DecidedOn.lte(as_of))
            .all(db)
            .await?;
        for c in rows {
            let newer = latest
                .get(&c.product_id)
                .is_none_or(|l| (c.decided_on, c.id) > (l.decided_on, l.id));
            if newer {
                latest.insert(c.product_id, c);
            }
        }
    }
    Ok(latest
        .into_values()
        .filter(|c| c.valid_until > as_of)
        .map(|c| c.product_id)
        .collect())
}

fn text(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    required: bool,
    label: (&str, &str),
) -> Option<String> {
    let value = clean(raw);
    if value.is_empty() {
        if required {
            errors.add(
                field,
                format!("Cần nhập {}.", label.0),
                format!("Enter the {}.", label.1),
            );
        }
        return None;
    }
    if value.chars().count() > MAX_TEXT {
        errors.add(
            field,
            format!("{} dài quá {MAX_TEXT} ký tự.", capitalize(label.0)),
            format!("The {} is longer than {MAX_TEXT} characters.", label.1),
        );
        return None;
    }
    Some(value)
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn degrees(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    range: std::ops::RangeInclusive<f64>,
    label: (&str, &str),
) -> Option<f64> {
    if raw.trim().is_empty() {
        errors.add(
            field,
            format!("Cần nhập {} (hoặc bấm vào bản đồ).", label.0),
            format!("Enter the {} (or click the map).", label.1),
        );
        return None;
    }
    let Some(value) = parse_degrees(raw) else {
        errors.add(
            field,
            format!(
                "{} phải là số thập phân, ví dụ 10.0452.",
                capitalize(label.0)
            ),
            format!("The {} must be a decimal number, e.g. 10.0452.", label.1),
        );
        return None;
    };
    if !range.contains(&value) {
        // Vietnamese writes decimals with a comma.
        let vi = |v: f64| v.to_string().replace('.', ",");
        errors.add(
            field,
            format!(
                "{} {} nằm ngoài lãnh thổ Việt Nam (từ {} đến {}).",
                capitalize(label.0),
                vi(value),
                vi(*range.start()),
                vi(*range.end())
            ),
            format!(
                "The {} {value} is outside Vietnam ({} to {}).",
                label.1,
                range.start(),
                range.end()
            ),
        );
        return None;
    }
    Some(value)
}

/// Splits a list of product codes as typed.
pub fn split_codes(raw: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    raw.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty() && seen.insert(c.clone()))
        .collect()
}

/// The ids of the products of `codes`, each existing and certified at
/// `as_of`; the unknown and the uncertified are recorded on `field`.
pub async fn certified_products(
    db: &impl ConnectionTrait,
    errors: &mut FieldErrors,
    field: &str,
    codes: &[String],
    as_of: NaiveDate,
) -> AppResult<Vec<i64>> {
    if codes.len() > MAX_PRODUCTS {
        errors.add(
            field,
            format!("Tối đa {MAX_PRODUCTS} sản phẩm."),
            format!("At most {MAX_PRODUCTS} products."),
        );
        return Ok(Vec::new());
    }
    let found: HashMap<String, i64> = products::Entity::find()
        .filter(products::Column::Code.is_in(codes.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.id))
        .collect();
    let unknown: Vec<&str> = codes
        .iter()
        .filter(|c| !found.contains_key(*c))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        let list = shorten(&unknown);
        errors.add(
            field,
            format!("Không có sản phẩm mã {list}."),
            format!("No product has the code {list}."),
        );
    }
    let ids: Vec<i64> = codes.iter().filter_map(|c| found.get(c).copied()).collect();
    let certified = certified_ids(db, &ids, as_of).await?;
    let uncertified: Vec<&str> = codes
        .iter()
        .filter(|c| found.get(*c).is_some_and(|id| !certified.contains(id)))
        .map(String::as_str)
        .collect();
    if !uncertified.is_empty() {
        let list = shorten(&uncertified);
        errors.add(
            field,
            format!("Sản phẩm {list} chưa có chứng nhận OCOP còn hiệu lực."),
            format!("Product {list} has no OCOP certification in force."),
        );
    }
    Ok(ids)
}

/// At most ten codes, then "…", so a pasted list cannot make a huge message.
fn shorten(codes: &[&str]) -> String {
    let mut list: Vec<String> = codes
        .iter()
        .take(10)
        .map(|c| c.chars().take(40).collect())
        .collect();
    if codes.len() > 10 {
        list.push("…".into());
    }
    list.join(", ")
}

/// Checks `form` for `user`; `province_id` is the province the form's
/// `province` names (already resolved, `None` when it names none).
pub async fn validate(
    db: &impl ConnectionTrait,
    user: &users::Model,
    form: &SalesPointForm,
    province_id: Option<i64>,
    as_of: NaiveDate,
) -> AppResult<ValidPoint> {
    let mut errors = FieldErrors::default();
    let name = text(&mut errors, "name", &form.name, true, ("tên", "name"));
    let kind = KINDS.iter().copied().find(|k| *k == form.kind.trim());
    if kind.is_none() {
        errors.add(
            "kind",
            "Chọn loại điểm bán.",
            "Choose the kind of sales point.",
        );
    }
    let address = text(
        &mut errors,
        "address",
        &form.address,
        true,
        ("địa chỉ", "address"),
    );
    let opening_hours = text(
        &mut errors,
        "opening_hours",
        &form.opening_hours,
        false,
        ("giờ mở cửa", "opening hours"),
    );
    let phone = match form.phone.trim() {
        "" => None,
        raw => match crate::domain::PhoneVn::parse(raw) {
            Some(p) => Some(p.as_str().to_string()),
            None => {
                errors.add(
                    "phone",
                    "Số điện thoại không hợp lệ (10 số di động hoặc 11 số cố định).",
                    "Not a Vietnamese phone number (10 digits mobile or 11 landline).",
                );
                None
            }
        },
    };
    let lat = degrees(
        &mut errors,
        "lat",
        &form.lat,
        VIETNAM_LAT,
        ("vĩ độ", "latitude"),
    );
    let lon = degrees(
        &mut errors,
        "lon",
        &form.lon,
        VIETNAM_LON,
        ("kinh độ", "longitude"),
    );
    let opened_on = match crate::time::parse_form_date(&form.opened_on) {
        Some(d) => Some(d),
        None => {
            errors.add(
                "opened_on",
                "Cần ngày mở cửa (ngày/tháng/năm).",
                "Enter the opening date (yyyy-mm-dd).",
            );
            None
        }
    };
    let closed_on = match form.closed_on.trim() {
        "" => None,
        raw => match crate::time::parse_form_date(raw) {
            Some(d) if opened_on.is_some_and(|o| d <= o) => {
                errors.add(
                    "closed_on",
                    "Ngày đóng cửa phải sau ngày mở cửa.",
                    "The closing date must be after the opening date.",
                );
                None
            }
            Some(d) => Some(d),
            None => {
                errors.add(
                    "closed_on",
                    "Ngày đóng cửa không hợp lệ.",
                    "The closing date is not a date.",
                );
                None
            }
        },
    };
    let place = match province_id {
        None => {
            errors.add("province", "Chọn tỉnh / thành phố.", "Choose the province.");
            None
        }
        Some(province_id) => {
            let commune = find_commune(db, province_id, &form.commune).await?;
            match commune {
                None => {
                    errors.add(
                        "commune",
                        "Chọn xã / phường của tỉnh này.",
                        "Choose a commune or ward of this province.",
                    );
                    None
                }
                Some(c) if !oversees_place(user, province_id, c.id) => {
                    errors.add(
                        "commune",
                        "Xã / phường này không thuộc địa bàn bạn quản lý.",
                        "This commune is outside your area.",
                    );
                    None
                }
                Some(c) => Some((province_id, c.id)),
            }
        }
    };
    let product_ids = match &form.product_codes {
        None => None,
        Some(raw) => {
            let codes = split_codes(raw);
            Some(certified_products(db, &mut errors, "product_codes", &codes, as_of).await?)
        }
    };
    errors.into_result(())?;
    match (name, kind, address, lat, lon, opened_on, place) {
        (
            Some(name),
            Some(kind),
            Some(address),
            Some(lat),
            Some(lon),
            Some(opened_on),
            Some((province_id, commune_id)),
        ) => Ok(ValidPoint {
            name,
            kind,
            province_id,
            commune_id,
            address,
            lat,
            lon,
            opening_hours,
            phone,
            opened_on,
            closed_on,
            product_ids,
        }),
        // Every None above recorded a problem, so this is not reached.
        _ => Err(crate::error::AppError::invalid(
            "name",
            "Biểu mẫu chưa đủ.",
            "The form is incomplete.",
        )),
    }
}

/// The commune of `province_id` named by `raw` (its code, or its name
/// however typed).
pub async fn find_commune(
    db: &impl ConnectionTrait,
    province_id: i64,
    raw: &str,
) -> AppResult<Option<communes::Model>> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 200 {
        return Ok(None);
    }
    let key = match_key(raw);
    Ok(communes::Entity::find()
        .filter(communes::Column::ProvinceId.eq(province_id))
        .filter(
            communes::Column::Code
                .eq(raw)
                .or(communes::Column::NameKey.eq(key.clone()))
                .or(communes::Column::FullNameKey.eq(key)),
        )
        .one(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_on_commas_semicolons_and_spaces_once_each() {
        assert_eq!(
            split_codes("sp0000001, SP0000002;SP0000001\nSP0000003"),
            vec!["SP0000001", "SP0000002", "SP0000003"]
        );
        assert!(split_codes(" ,; ").is_empty());
    }
}
