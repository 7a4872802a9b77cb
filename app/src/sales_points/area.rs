//! The officer's view of an area: its sales points (active and closed) and
//! its coverage per commune, REPORTING.md's `communes_with_sales_point_pct`
//! as of today: communes with an active sales point, of the communes with
//! a producer or a sales point opened by then (the same reading as
//! `reports::metrics`).

use super::store::is_active;
use super::types::{AreaPoint, AreaSalesPoints, Choice, Coverage, CoverageRow};
use crate::entities::{communes, producers, provinces, sales_point_products, sales_points, users};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::{BTreeSet, HashMap};

/// The part of the country a reader looks at: a province, a commune, or
/// everywhere (an administrator who chose no province).
#[derive(Debug, Clone, Copy)]
pub struct Area {
    /// Province id.
    pub province_id: Option<i64>,
    /// Commune id.
    pub commune_id: Option<i64>,
}

impl Area {
    /// An officer's area, or the province an administrator chose.
    pub fn of(user: &users::Model, chosen_province: Option<i64>) -> Area {
        if user.role == crate::domain::Role::Admin {
            Area {
                province_id: chosen_province,
                commune_id: None,
            }
        } else {
            Area {
                province_id: user.area_province_id,
                commune_id: user.area_commune_id,
            }
        }
    }

    fn condition<C: ColumnTrait>(&self, province: C, commune: C) -> Condition {
        let mut c = Condition::all();
        if let Some(id) = self.commune_id {
            c = c.add(commune.eq(id));
        } else if let Some(id) = self.province_id {
            c = c.add(province.eq(id));
        }
        c
    }
}

/// The officer's sales-points page for `user` (an administrator may narrow
/// to `province`, a slug).
pub async fn area_page(
    db: &DatabaseConnection,
    user: &users::Model,
    province: &str,
    today: NaiveDate,
) -> AppResult<AreaSalesPoints> {
    let all_provinces = provinces::Entity::find()
        .order_by_asc(provinces::Column::NameKey)
        .all(db)
        .await?;
    let chosen = all_provinces.iter().find(|p| p.slug == province.trim());
    let area = Area::of(user, chosen.map(|p| p.id));
    let area_name = match (area.commune_id, area.province_id) {
        (Some(c), _) => communes::Entity::find_by_id(c)
            .one(db)
            .await?
            .map(|c| c.full_name)
            .unwrap_or_default(),
        (None, Some(p)) => all_provinces
            .iter()
            .find(|x| x.id == p)
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        (None, None) if user.role == crate::domain::Role::Admin => {
            "Cả nước / All of Vietnam".into()
        }
        (None, None) => String::new(),
    };
    let points = sales_points::Entity::find()
        .filter(area.condition(
            sales_points::Column::ProvinceId,
            sales_points::Column::CommuneId,
        ))
        .filter(no_area_no_rows(user))
        .order_by_asc(sales_points::Column::Code)
        .all(db)
        .await?;
    let counts: HashMap<i64, usize> = sales_point_products::Entity::find()
        .filter(sales_point_products::Column::SalesPointId.is_in(points.iter().map(|p| p.id)))
        .all(db)
        .await?
        .into_iter()
        .fold(HashMap::new(), |mut m, l| {
            *m.entry(l.sales_point_id).or_default() += 1;
            m
        });
    let coverage = coverage(db, user, area, &points, today).await?;
    let commune_ids: BTreeSet<i64> = points.iter().map(|p| p.commune_id).collect();
    let commune_names = commune_names(db, commune_ids).await?;
    let province_names: HashMap<i64, String> = all_provinces
        .iter()
        .map(|p| (p.id, p.name.clone()))
        .collect();
    let points = points
        .iter()
        .map(|p| AreaPoint {
            code: p.code.clone(),
            name: p.name.clone(),
            kind: p.kind.clone(),
            commune: commune_names
                .get(&p.commune_id)
                .map(|c| c.full_name.clone())
                .unwrap_or_default(),
            province: province_names
                .get(&p.province_id)
                .cloned()
                .unwrap_or_default(),
            opened_on: crate::time::format_date(p.opened_on),
            closed_on: p.closed_on.map(crate::time::format_date),
            active: is_active(p, today),
            products: counts.get(&p.id).copied().unwrap_or(0),
        })
        .collect();
    let provinces = if user.role == crate::domain::Role::Admin {
        all_provinces
            .iter()
            .map(|p| Choice {
                value: p.slug.clone(),
                label: p.name.clone(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(AreaSalesPoints {
        area: area_name,
        provinces,
        province: chosen.map(|p| p.slug.clone()).unwrap_or_default(),
        points,
        coverage,
    })
}

/// An officer without an area sees nothing (never the whole country).
fn no_area_no_rows(user: &users::Model) -> Condition {
    if user.role == crate::domain::Role::Officer
        && user.area_province_id.is_none()
        && user.area_commune_id.is_none()
    {
        Condition::all().add(Expr::cust("1 = 0"))
    } else {
        Condition::all()
    }
}

async fn commune_names(
    db: &DatabaseConnection,
    ids: BTreeSet<i64>,
) -> AppResult<HashMap<i64, communes::Model>> {
    let mut names = HashMap::new();
    let ids: Vec<i64> = ids.into_iter().collect();
    for chunk in ids.chunks(500) {
        for c in communes::Entity::find()
            .filter(communes::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            names.insert(c.id, c);
        }
    }
    Ok(names)
}

/// Coverage of `area` by the active sales points among `points`.
async fn coverage(
    db: &DatabaseConnection,
    user: &users::Model,
    area: Area,
    points: &[sales_points::Model],
    today: NaiveDate,
) -> AppResult<Coverage> {
    let producer_counts: Vec<(i64, i64, i64)> = producers::Entity::find()
        .select_only()
        .column(producers::Column::CommuneId)
        .column(producers::Column::ProvinceId)
        .column_as(producers::Column::Id.count(), "n")
        .filter(area.condition(producers::Column::ProvinceId, producers::Column::CommuneId))
        .filter(no_area_no_rows(user))
        .group_by(producers::Column::CommuneId)
        .group_by(producers::Column::ProvinceId)
        .into_tuple()
        .all(db)
        .await?;
    let mut by_commune: HashMap<i64, (u64, u64)> = HashMap::new();
    for (commune, _, n) in &producer_counts {
        by_commune.entry(*commune).or_default().1 = *n as u64;
    }
    // As `reports` counts it: a sales point puts its commune in the
    // denominator from its opening, closed or not (a commune that lost its
    // only sales point still needs one); only active ones cover it.
    for p in points.iter().filter(|p| p.opened_on <= today) {
        let entry = by_commune.entry(p.commune_id).or_default();
        if is_active(p, today) {
            entry.0 += 1;
        }
    }
    let communes = commune_names(db, by_commune.keys().copied().collect()).await?;
    let province_names: HashMap<i64, String> = provinces::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let mut rows: Vec<CoverageRow> = by_commune
        .iter()
        .filter_map(|(id, (points, producers))| {
            let c = communes.get(id)?;
            Some(CoverageRow {
                code: c.code.clone(),
                name: c.full_name.clone(),
                province: province_names
                    .get(&c.province_id)
                    .cloned()
                    .unwrap_or_default(),
                sales_points: *points,
                producers: *producers,
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.province, crate::text::match_key(&a.name))
            .cmp(&(&b.province, crate::text::match_key(&b.name)))
    });
    let numerator = rows.iter().filter(|r| r.sales_points > 0).count() as u64;
    let denominator = rows.len() as u64;
    let uncovered = rows
        .iter()
        .filter(|r| r.producers > 0 && r.sales_points == 0)
        .cloned()
        .collect();
    Ok(Coverage {
        rows,
        uncovered,
        numerator,
        denominator,
        pct: share(numerator, denominator),
    })
}

/// `100 * n / d` rounded half-up to one decimal; `None` when `d` is 0.
pub fn share(n: u64, d: u64) -> Option<f64> {
    if d == 0 {
        return None;
    }
    // In tenths of a percent, with integers: half-up without float error.
    let tenths = (1000 * n + d / 2) / d;
    Some(tenths as f64 / 10.0)
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn shares_round_half_up_and_zero_denominators_are_none() {
        assert_eq!(share(1, 3), Some(33.3));
        assert_eq!(share(2, 3), Some(66.7));
        assert_eq!(share(1, 8), Some(12.5));
        assert_eq!(share(0, 5), Some(0.0));
        assert_eq!(share(0, 0), None);
    }
}
