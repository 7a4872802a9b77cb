//! Sales points as shoppers and programs read them: the active ones at
//! `/diem-ban` (filtered by province and commune, sorted by distance when
//! the shopper gave a position), one at `/diem-ban/{code}`, and the API's list.

use super::store::{carried_of, is_active};
use super::types::{CarriedProduct, Choice, PointQuery, PublicList, PublicPoint};
use crate::entities::{communes, provinces, sales_point_products, sales_points};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::map::{distance_km, parse_degrees, MapItem, VIETNAM_LAT, VIETNAM_LON};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// Sales points per page.
pub const PER_PAGE: u64 = 20;

/// Active at `day`, as a query condition.
pub fn active_at(day: NaiveDate) -> Condition {
    Condition::all()
        .add(sales_points::Column::OpenedOn.lte(day))
        .add(
            Condition::any()
                .add(sales_points::Column::ClosedOn.is_null())
                .add(sales_points::Column::ClosedOn.gt(day)),
        )
}

/// Names of provinces and communes by id.
pub struct PlaceNames {
    /// Provinces.
    pub provinces: HashMap<i64, provinces::Model>,
    /// Communes.
    pub communes: HashMap<i64, communes::Model>,
}

impl PlaceNames {
    /// The places of `points`.
    pub async fn of(db: &DatabaseConnection, points: &[sales_points::Model]) -> AppResult<Self> {
        let provinces = provinces::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let ids: Vec<i64> = points.iter().map(|p| p.commune_id).collect();
        let mut communes = HashMap::new();
        for chunk in ids.chunks(500) {
            for c in communes::Entity::find()
                .filter(communes::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                communes.insert(c.id, c);
            }
        }
        Ok(PlaceNames {
            provinces,
            communes,
        })
    }

    /// Province name.
    pub fn province(&self, id: i64) -> String {
        self.provinces
            .get(&id)
            .map(|p| p.name.clone())
            .unwrap_or_default()
    }

    /// Commune full name.
    pub fn commune(&self, id: i64) -> String {
        self.communes
            .get(&id)
            .map(|c| c.full_name.clone())
            .unwrap_or_default()
    }

    /// Commune code.
    pub fn commune_code(&self, id: i64) -> String {
        self.communes
            .get(&id)
            .map(|c| c.code.clone())
            .unwrap_or_default()
    }
}

/// A sales point's marker.
pub fn marker(p: &sales_points::Model, names: &PlaceNames, l: Locale) -> MapItem {
    MapItem {
        name: p.name.clone(),
        url: format!("/diem-ban/{}", p.code),
        note: format!(
            "{} · {}, {}",
            super::types::kind_label(&p.kind, l),
            names.commune(p.commune_id),
            names.province(p.province_id)
        ),
        lat: Some(p.lat),
        lon: Some(p.lon),
    }
}

/// The shopper's position from `near` ("lat,lon"), if it is one in Vietnam.
fn read_near(raw: &str) -> Option<(f64, f64)> {
    let (lat, lon) = raw.split_once(',')?;
    let (lat, lon) = (parse_degrees(lat)?, parse_degrees(lon)?);
    (VIETNAM_LAT.contains(&lat) && VIETNAM_LON.contains(&lon)).then_some((lat, lon))
}

/// The public list for `q` at `today`.
pub async fn public_list(
    db: &DatabaseConnection,
    q: &PointQuery,
    today: NaiveDate,
    l: Locale,
    base_url: &str,
) -> AppResult<PublicList> {
    let mut notices = Vec::new();
    let mut query = PointQuery::default();
    let active = sales_points::Entity::find()
        .filter(active_at(today))
        .all(db)
        .await?;
    let names = PlaceNames::of(db, &active).await?;
    let mut province_counts: HashMap<i64, u64> = HashMap::new();
    for p in &active {
        *province_counts.entry(p.province_id).or_default() += 1;
    }
    let province = q.province.as_deref().and_then(|slug| {
        let found = names.provinces.values().find(|p| p.slug == slug.trim());
        if found.is_none() {
            notices.push((
                "Không có tỉnh / thành phố này; đang hiện cả nước.".into(),
                "No such province; showing the whole country.".into(),
            ));
        }
        found
    });
    query.province = province.map(|p| p.slug.clone());
    let in_province: Vec<&sales_points::Model> = active
        .iter()
        .filter(|p| province.is_none_or(|x| p.province_id == x.id))
        .collect();
    let mut commune_counts: HashMap<i64, u64> = HashMap::new();
    for p in &in_province {
        *commune_counts.entry(p.commune_id).or_default() += 1;
    }
    let commune = match (province, q.commune.as_deref()) {
        (Some(_), Some(code)) => {
            let found = names
                .communes
                .values()
                .find(|c| c.code == code.trim() && commune_counts.contains_key(&c.id));
            if found.is_none() {
                notices.push((
                    "Xã / phường này không có điểm bán đang hoạt động; đang hiện cả tỉnh.".into(),
                    "This commune has no active sales point; showing the whole province.".into(),
                ));
            }
            found
        }
        _ => None,
    };
    query.commune = commune.map(|c| c.code.clone());
    let mut matching: Vec<&sales_points::Model> = in_province
        .into_iter()
        .filter(|p| commune.is_none_or(|c| p.commune_id == c.id))
        .collect();
    let near = q.near.as_deref().and_then(|raw| {
        let near = read_near(raw);
        if near.is_none() {
            notices.push((
                "Không đọc được vị trí của bạn; danh sách xếp theo tên.".into(),
                "Your position could not be read; the list is sorted by name.".into(),
            ));
        }
        near
    });
    query.near = near.map(|(lat, lon)| format!("{lat:.3},{lon:.3}"));
    match near {
        Some(at) => matching.sort_by(|a, b| {
            distance_km(at, (a.lat, a.lon)).total_cmp(&distance_km(at, (b.lat, b.lon)))
        }),
        None => matching.sort_by(|a, b| {
            (
                names.province(a.province_id),
                crate::text::match_key(&a.name),
            )
                .cmp(&(
                    names.province(b.province_id),
                    crate::text::match_key(&b.name),
                ))
        }),
    }
    let total = matching.len() as u64;
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<u64>().ok())
        .filter(|p| (1..=pages).contains(p))
        .unwrap_or(1);
    query.page = (page > 1).then(|| page.to_string());
    let markers = matching.iter().map(|p| marker(p, &names, l)).collect();
    let on_page: Vec<&sales_points::Model> = matching
        .iter()
        .skip(((page - 1) * PER_PAGE) as usize)
        .take(PER_PAGE as usize)
        .copied()
        .collect();
    let mut items = Vec::new();
    for p in on_page {
        let mut item = public_point(db, p, &names, today, base_url).await?;
        item.distance_km = near.map(|at| (distance_km(at, (p.lat, p.lon)) * 10.0).round() / 10.0);
        items.push(item);
    }
    let mut provinces: Vec<Choice> = names
        .provinces
        .values()
        .filter_map(|p| {
            let n = province_counts.get(&p.id)?;
            Some(Choice {
                value: p.slug.clone(),
                label: format!("{} ({n})", l.pick(&p.name, &p.name_en)),
            })
        })
        .collect();
    provinces.sort_by_key(|c| crate::text::match_key(&c.label));
    let mut communes: Vec<Choice> = if province.is_some() {
        names
            .communes
            .values()
            .filter_map(|c| {
                let n = commune_counts.get(&c.id)?;
                Some(Choice {
                    value: c.code.clone(),
                    label: format!("{} ({n})", c.full_name),
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    communes.sort_by_key(|c| crate::text::match_key(&c.label));
    Ok(PublicList {
        query,
        provinces,
        communes,
        items,
        total,
        page,
        pages,
        markers,
        notices,
        base_url: base_url.to_string(),
    })
}

async fn public_point(
    db: &DatabaseConnection,
    p: &sales_points::Model,
    names: &PlaceNames,
    today: NaiveDate,
    base_url: &str,
) -> AppResult<PublicPoint> {
    let ids: Vec<i64> = sales_point_products::Entity::find()
        .filter(sales_point_products::Column::SalesPointId.eq(p.id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.product_id)
        .collect();
    let products: Vec<CarriedProduct> = carried_of(db, &ids, today)
        .await?
        .into_iter()
        .filter(|c| c.certified)
        .collect();
    Ok(PublicPoint {
        code: p.code.clone(),
        name: p.name.clone(),
        kind: p.kind.clone(),
        address: p.address.clone(),
        commune: names.commune(p.commune_id),
        province: names.province(p.province_id),
        opening_hours: p.opening_hours.clone(),
        phone: p.phone.clone(),
        lat: p.lat,
        lon: p.lon,
        products,
        distance_km: None,
        url: format!("{base_url}/diem-ban/{}", p.code),
    })
}

/// The active sales point `code` as shoppers see it (a closed or unknown
/// one is not found).
pub async fn public_point_page(
    db: &DatabaseConnection,
    code: &str,
    today: NaiveDate,
    base_url: &str,
) -> AppResult<PublicPoint> {
    let point = sales_points::Entity::find()
        .filter(sales_points::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .filter(|p| is_active(p, today))
        .ok_or_else(|| {
            AppError::not_found("Không tìm thấy điểm bán này.", "No such sales point.")
        })?;
    let names = PlaceNames::of(db, std::slice::from_ref(&point)).await?;
    public_point(db, &point, &names, today, base_url).await
}
