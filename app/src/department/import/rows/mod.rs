//! The six kinds of row, typed and validated: every value checked, every code
//! resolved to a database id, so the writers only compare and write. The
//! register itself (producers, products, certifications, listings) is in
//! `catalog`, trade promotion (sales points, events) in `outreach`.

mod catalog;
mod outreach;

use std::collections::HashMap;

use super::fields::Fields;
use crate::admin_units::AdminUnits;

pub(super) use catalog::*;
pub(super) use outreach::*;

/// What rows may refer to: the administrative units and the register codes
/// already in the database (including those imported earlier in this run).
pub(super) struct Refs<'a> {
    pub units: &'a AdminUnits,
    pub producers: &'a HashMap<String, i64>,
    pub products: &'a HashMap<String, i64>,
}

impl Refs<'_> {
    pub(crate) fn producer(&self, f: &mut Fields, column: &'static str, code: &str) -> Option<i64> {
        let id = self.producers.get(code).copied();
        if id.is_none() {
            f.fail(column, format!("mã chủ thể không tồn tại: {code}"));
        }
        id
    }

    pub(crate) fn product(&self, f: &mut Fields, column: &'static str, code: &str) -> Option<i64> {
        let id = self.products.get(code).copied();
        if id.is_none() {
            f.fail(column, format!("mã sản phẩm không tồn tại: {code}"));
        }
        id
    }

    /// The province of column `province` and, when `commune` is given, the commune
    /// of that column, which must lie in that province.
    pub(crate) fn place(
        &self,
        f: &mut Fields,
        commune: Option<&'static str>,
    ) -> (Option<i64>, Option<i64>) {
        let province_name = f.raw("province");
        let province = if province_name.is_empty() {
            f.fail("province", "không được để trống");
            None
        } else {
            let found = self
                .units
                .province(province_name)
                .map(|p| (p.id, p.name.clone()));
            if found.is_none() {
                f.fail(
                    "province",
                    format!("không tìm thấy tỉnh/thành phố: {province_name}"),
                );
            }
            found
        };
        let Some(column) = commune else {
            return (province.map(|p| p.0), None);
        };
        let commune_name = f.raw(column);
        if commune_name.is_empty() {
            f.fail(column, "không được để trống");
            return (province.map(|p| p.0), None);
        }
        let Some((province_id, province_name)) = province else {
            return (None, None);
        };
        let commune_id = self.units.commune(province_id, commune_name).map(|c| c.id);
        if commune_id.is_none() {
            f.fail(
                column,
                format!("không tìm thấy xã/phường {commune_name} thuộc {province_name}"),
            );
        }
        (Some(province_id), commune_id)
    }
}

/// Keeps a value only when the row had no problem at all.
pub(crate) fn ok<T>(f: &Fields, value: Option<T>) -> Option<T> {
    if f.issues.is_empty() {
        value
    } else {
        None
    }
}
