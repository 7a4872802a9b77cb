//! Vietnam's administrative units after the 2025 reform (34 provinces and cities,
//! 3,321 communes, wards and special zones), shipped with the app and loaded into
//! `provinces`/`communes` once; plus an in-memory lookup that matches the names
//! people type ("Hoà" or "Hòa", with or without "Xã"/"Thành phố") to those rows.

use std::collections::HashMap;

use sea_orm::{
    ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QuerySelect,
};
use serde::Deserialize;

use crate::entities::{communes, provinces};
use crate::text::{clean, match_key, slugify};

/// The dataset shipped in `app/data/admin-units` (thanglequoc/vietnamese-provinces-database, MIT).
const DATASET: &str = include_str!("../data/admin-units/vn_units.json");

/// Version of the shipped dataset, stored with every unit: codes were reused by the
/// reform, so a code only means something together with the dataset it came from.
pub const DATASET_VERSION: &str = "2026-07-25";

/// Rows per INSERT: well under SQLite's limit of 32,766 bound variables.
const CHUNK: usize = 500;

/// One unit as it appears in the JSON dataset (only the fields we keep).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct UnitRecord {
    code: String,
    name: String,
    name_en: String,
    full_name: String,
    administrative_unit_short_name: String,
    #[serde(default)]
    wards: Vec<UnitRecord>,
}

fn dataset() -> Result<Vec<UnitRecord>, DbErr> {
    serde_json::from_str(DATASET).map_err(|e| {
        DbErr::Custom(format!(
            "bundled administrative-unit dataset is malformed: {e}"
        ))
    })
}

/// `municipality` for a centrally governed city, `province` otherwise.
fn province_kind(short_name: &str) -> &'static str {
    if short_name == "Thành phố" {
        "municipality"
    } else {
        "province"
    }
}

/// `ward` (phường), `special_zone` (đặc khu) or `commune` (xã).
fn commune_kind(short_name: &str) -> &'static str {
    match short_name {
        "Phường" => "ward",
        "Đặc khu" => "special_zone",
        _ => "commune",
    }
}

/// What [`ensure_loaded`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Provinces inserted now (0 when they were already there).
    pub provinces: usize,
    /// Communes inserted now (0 when they were already there).
    pub communes: usize,
}

/// Loads the shipped provinces and communes when the `provinces` table is empty,
/// in one transaction; does nothing otherwise, so it is safe at every start-up.
pub async fn ensure_loaded(db: &DatabaseConnection) -> Result<LoadReport, DbErr> {
    if provinces::Entity::find().count(db).await? > 0 {
        return Ok(LoadReport::default());
    }
    let units = dataset()?;
    let txn = crate::db::begin_write(db).await?;
    let report = insert_units(&txn, &units).await?;
    txn.commit().await?;
    tracing::info!(
        provinces = report.provinces,
        communes = report.communes,
        "administrative units loaded"
    );
    Ok(report)
}

async fn insert_units<C: ConnectionTrait>(
    db: &C,
    units: &[UnitRecord],
) -> Result<LoadReport, DbErr> {
    let rows = units.iter().map(|p| {
        let name = clean(&p.name);
        let full_name = clean(&p.full_name);
        provinces::ActiveModel {
            code: Set(p.code.clone()),
            slug: Set(slugify(&name)),
            name_key: Set(match_key(&name)),
            name_en: Set(clean(&p.name_en)),
            kind: Set(province_kind(&p.administrative_unit_short_name).to_owned()),
            dataset_version: Set(DATASET_VERSION.to_owned()),
            name: Set(name),
            full_name: Set(full_name),
            ..Default::default()
        }
    });
    provinces::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;

    let ids: HashMap<String, i64> = provinces::Entity::find()
        .select_only()
        .column(provinces::Column::Code)
        .column(provinces::Column::Id)
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    let mut communes = Vec::new();
    for p in units {
        let province_id = *ids
            .get(&p.code)
            .ok_or_else(|| DbErr::RecordNotFound(format!("province {} after insert", p.code)))?;
        for w in &p.wards {
            let name = clean(&w.name);
            let full_name = clean(&w.full_name);
            communes.push(communes::ActiveModel {
                code: Set(w.code.clone()),
                province_id: Set(province_id),
                slug: Set(slugify(&name)),
                name_key: Set(match_key(&name)),
                full_name_key: Set(match_key(&full_name)),
                name_en: Set(clean(&w.name_en)),
                kind: Set(commune_kind(&w.administrative_unit_short_name).to_owned()),
                name: Set(name),
                full_name: Set(full_name),
                ..Default::default()
            });
        }
    }
    let total = communes.len();
    let mut rest = communes.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<_> = rest.by_ref().take(CHUNK).collect();
        communes::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(LoadReport {
        provinces: units.len(),
        communes: total,
    })
}

/// A province as the lookup returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvinceRef {
    /// `provinces.id`.
    pub id: i64,
    /// Official code, e.g. "92".
    pub code: String,
    /// Short name, e.g. "Cần Thơ".
    pub name: String,
}

/// A commune, ward or special zone as the lookup returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommuneRef {
    /// `communes.id`.
    pub id: i64,
    /// Official code.
    pub code: String,
    /// Short name, e.g. "Thới Lai".
    pub name: String,
}

/// In-memory lookup of provinces and communes by the names people type: short or
/// full name, any Unicode form, either tone placement, any case. Built once from the
/// database (a few thousand rows) and shared by importers and forms.
#[derive(Debug, Clone, Default)]
pub struct AdminUnits {
    provinces: Vec<ProvinceRef>,
    province_by_key: HashMap<String, usize>,
    communes: Vec<CommuneRef>,
    commune_by_key: HashMap<(i64, String), usize>,
}

/// The short names of provinces `ids` ("Cần Thơ"), by id.
pub async fn province_names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(provinces::Entity::find()
        .filter(provinces::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

/// The names of communes `ids` by id: short ("Thới Lai"), or `full`
/// ("Xã Thới Lai").
pub async fn commune_names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
    full: bool,
) -> Result<HashMap<i64, String>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    Ok(communes::Entity::find()
        .filter(communes::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, if full { c.full_name } else { c.name }))
        .collect())
}

impl AdminUnits {
    /// Reads every province and commune from the database.
    pub async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, DbErr> {
        let mut units = AdminUnits::default();
        for p in provinces::Entity::find().all(db).await? {
            units.add_province(
                ProvinceRef {
                    id: p.id,
                    code: p.code,
                    name: p.name,
                },
                &p.full_name,
            );
        }
        for c in communes::Entity::find().all(db).await? {
            let commune = CommuneRef {
                id: c.id,
                code: c.code,
                name: c.name,
            };
            units.add_commune(c.province_id, commune, &c.full_name);
        }
        Ok(units)
    }

    /// The shipped dataset with made-up ids (1, 2, ... in file order), for tests
    /// that need the real names but no database.
    #[cfg(test)]
    pub(crate) fn from_dataset() -> Self {
        let mut units = AdminUnits::default();
        let mut next_commune = 0;
        for (i, p) in dataset()
            .expect("bundled dataset parses")
            .iter()
            .enumerate()
        {
            let province_id = i as i64 + 1;
            let province = ProvinceRef {
                id: province_id,
                code: p.code.clone(),
                name: clean(&p.name),
            };
            units.add_province(province, &p.full_name);
            for w in &p.wards {
                next_commune += 1;
                let commune = CommuneRef {
                    id: next_commune,
                    code: w.code.clone(),
                    name: clean(&w.name),
                };
                units.add_commune(province_id, commune, &w.full_name);
            }
        }
        units
    }

    fn add_province(&mut self, province: ProvinceRef, full_name: &str) {
        let index = self.provinces.len();
        self.province_by_key
            .insert(match_key(&province.name), index);
        self.province_by_key.insert(match_key(full_name), index);
        self.provinces.push(province);
    }

    fn add_commune(&mut self, province_id: i64, commune: CommuneRef, full_name: &str) {
        let index = self.communes.len();
        // A full name is unambiguous; a short name could in principle be shared by a
        // xã and a phường of one province, and then the first one loaded keeps it.
        self.commune_by_key
            .insert((province_id, match_key(full_name)), index);
        self.commune_by_key
            .entry((province_id, match_key(&commune.name)))
            .or_insert(index);
        self.communes.push(commune);
    }

    /// The province called `name` ("Cần Thơ" or "Thành phố Cần Thơ").
    pub fn province(&self, name: &str) -> Option<&ProvinceRef> {
        self.province_by_key
            .get(&match_key(name))
            .map(|&i| &self.provinces[i])
    }

    /// The commune, ward or special zone of province `province_id` called `name`
    /// ("Xã Thới Lai" or "Thới Lai"); `None` when there is none in that province.
    pub fn commune(&self, province_id: i64, name: &str) -> Option<&CommuneRef> {
        self.commune_by_key
            .get(&(province_id, match_key(name)))
            .map(|&i| &self.communes[i])
    }

    /// Number of provinces known.
    pub fn province_count(&self) -> usize {
        self.provinces.len()
    }

    /// Number of communes known.
    pub fn commune_count(&self) -> usize {
        self.communes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn dataset_has_every_unit() {
        let units = AdminUnits::from_dataset();
        assert_eq!(units.province_count(), 34);
        assert_eq!(units.commune_count(), 3321);
    }

    #[test]
    fn provinces_match_by_short_or_full_name() {
        let units = AdminUnits::from_dataset();
        let short = units.province("Cần Thơ").expect("Cần Thơ");
        assert_eq!(units.province("Thành phố Cần Thơ"), Some(short));
        assert_eq!(units.province("  cần   thơ "), Some(short));
        assert!(units.province("Cần Thớ").is_none());
    }

    #[test]
    fn communes_match_any_form_within_their_province() {
        let units = AdminUnits::from_dataset();
        let can_tho = units.province("Cần Thơ").expect("Cần Thơ").id;
        let thoi_lai = units.commune(can_tho, "Xã Thới Lai").expect("Thới Lai");
        assert_eq!(units.commune(can_tho, "Thới Lai"), Some(thoi_lai));
        let nfd: String = "Xã Thới Lai".nfd().collect();
        assert_eq!(units.commune(can_tho, &nfd), Some(thoi_lai));
        let ha_noi = units.province("Hà Nội").expect("Hà Nội").id;
        assert!(units.commune(ha_noi, "Xã Thới Lai").is_none());
    }

    #[test]
    fn old_and_new_tone_placement_are_the_same_commune() {
        let units = AdminUnits::from_dataset();
        let dong_nai = units.province("Đồng Nai").expect("Đồng Nai").id;
        let old = units
            .commune(dong_nai, "Phường Biên Hoà")
            .expect("Biên Hoà");
        assert_eq!(units.commune(dong_nai, "Phường Biên Hòa"), Some(old));
    }
}
