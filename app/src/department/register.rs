//! The certification register of an officer's area: every product with a
//! decision, its state today (valid, expiring within 90 days, lapsed) and
//! whether it was ever renewed or re-rated, and each product's full history.
//! States are computed from the decision dates, so a lapse needs no job.

use crate::accounts::access::oversees;
use crate::department::register_types::{
    DecisionKind, HistoryEntry, ProductHistory, RegisterRow, RegisterState,
};
use crate::domain::Role;
use crate::entities::{certifications, producers, products, users};
use crate::error::{AppError, AppResult};
use crate::reports::load::{products_of, Area};
use crate::time::certification_expiry;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// Days before expiry from which a certification counts as expiring.
pub const EXPIRING_DAYS: i64 = 90;

/// The area an account may read: everything for an administrator, its own
/// area for an officer, nothing for anyone else.
pub fn area_of(user: &users::Model) -> Option<Area> {
    match user.role {
        Role::Admin => Some(Area::Country),
        Role::Officer if user.area_province_id.is_some() || user.area_commune_id.is_some() => {
            Some(Area::of(user.area_province_id, user.area_commune_id))
        }
        _ => None,
    }
}

/// The state of a product with `decisions` (oldest first) on `today`.
pub fn state_of(decisions: &[(NaiveDate, i16)], today: NaiveDate) -> Option<RegisterState> {
    let (decided, _) = decisions.iter().rev().find(|(d, _)| *d <= today)?;
    let expires = certification_expiry(*decided);
    Some(if expires <= today {
        RegisterState::Lapsed
    } else if (expires - today).num_days() <= EXPIRING_DAYS {
        RegisterState::Expiring
    } else {
        RegisterState::Valid
    })
}

/// What each decision was, given the one before it.
pub fn kinds(stars: &[i16]) -> Vec<DecisionKind> {
    stars
        .iter()
        .enumerate()
        .map(|(i, s)| match i.checked_sub(1).map(|p| stars[p]) {
            None => DecisionKind::New,
            Some(before) if *s > before => DecisionKind::Upgrade,
            Some(before) if *s < before => DecisionKind::Downgrade,
            Some(_) => DecisionKind::Renewal,
        })
        .collect()
}

/// Every product of the reader's area with at least one decision.
pub async fn register(
    db: &DatabaseConnection,
    user: &users::Model,
    today: NaiveDate,
) -> AppResult<Vec<RegisterRow>> {
    let area = area_of(user).ok_or(AppError::Forbidden)?;
    let names: HashMap<i64, String> = producers::Entity::find()
        .filter(area.producer_filter())
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    let decisions = certifications::Entity::find()
        .filter(Expr::col(certifications::Column::ProductId).in_subquery(products_of(area)))
        .order_by_asc(certifications::Column::DecidedOn)
        .order_by_asc(certifications::Column::Id)
        .all(db)
        .await?;
    let mut by_product: HashMap<i64, Vec<certifications::Model>> = HashMap::new();
    for d in decisions {
        by_product.entry(d.product_id).or_default().push(d);
    }
    let product_rows = products::Entity::find()
        .filter(products::Column::Id.is_in(by_product.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(products::Column::Code)
        .all(db)
        .await?;
    let mut rows = Vec::with_capacity(product_rows.len());
    for p in product_rows {
        let Some(list) = by_product.get(&p.id) else {
            continue;
        };
        let dated: Vec<(NaiveDate, i16)> = list.iter().map(|d| (d.decided_on, d.stars)).collect();
        let Some(state) = state_of(&dated, today) else {
            continue;
        };
        let Some(latest) = list.iter().rev().find(|d| d.decided_on <= today) else {
            continue;
        };
        rows.push(RegisterRow {
            code: p.code,
            name: p.name,
            producer: names.get(&p.producer_id).cloned().unwrap_or_default(),
            stars: latest.stars,
            decision_no: latest.decision_no.clone(),
            decided_on: latest.decided_on,
            expires_on: certification_expiry(latest.decided_on),
            state,
            decisions: list.len(),
        });
    }
    Ok(rows)
}

/// The full history of product `code`, if it is in the reader's area.
pub async fn history(
    db: &DatabaseConnection,
    user: &users::Model,
    code: &str,
    today: NaiveDate,
) -> AppResult<Option<ProductHistory>> {
    let Some((product, Some(producer))) = products::Entity::find()
        .filter(products::Column::Code.eq(code.trim()))
        .find_also_related(producers::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if !oversees(user, &producer) {
        return Ok(None);
    }
    let list = certifications::Entity::find()
        .filter(certifications::Column::ProductId.eq(product.id))
        .order_by_asc(certifications::Column::DecidedOn)
        .order_by_asc(certifications::Column::Id)
        .all(db)
        .await?;
    let stars: Vec<i16> = list.iter().map(|d| d.stars).collect();
    let dated: Vec<(NaiveDate, i16)> = list.iter().map(|d| (d.decided_on, d.stars)).collect();
    let entries = list
        .iter()
        .zip(kinds(&stars))
        .enumerate()
        .map(|(i, (d, kind))| {
            let expiry = certification_expiry(d.decided_on);
            // Replaced when the next decision came before this one ended.
            let replaced = list.get(i + 1).is_some_and(|n| n.decided_on < expiry);
            HistoryEntry {
                kind,
                stars: d.stars,
                score: d.score,
                decision_no: d.decision_no.clone(),
                decided_on: d.decided_on,
                valid_until: if replaced {
                    list[i + 1].decided_on
                } else {
                    expiry
                },
                replaced,
                level: d.level.clone(),
            }
        })
        .collect();
    Ok(Some(ProductHistory {
        code: product.code,
        name: product.name,
        producer: producer.name,
        producer_code: producer.code,
        slug: product.slug,
        state: state_of(&dated, today),
        entries,
    }))
}

/// The register's rows as CSV for a spreadsheet (UTF-8 with a byte-order
/// mark; names typed by producers made inert).
pub fn register_csv(rows: &[RegisterRow]) -> AppResult<Vec<u8>> {
    use crate::text::inert_cell;
    use crate::time::format_date;
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer
            .write_record([
                "ma_san_pham",
                "ten_san_pham",
                "chu_the",
                "so_sao",
                "so_quyet_dinh",
                "ngay_quyet_dinh",
                "het_han",
                "trang_thai",
                "so_lan_quyet_dinh",
            ])
            .map_err(AppError::internal)?;
        for r in rows {
            writer
                .write_record([
                    r.code.clone(),
                    inert_cell(&r.name),
                    inert_cell(&r.producer),
                    r.stars.to_string(),
                    inert_cell(&r.decision_no),
                    format_date(r.decided_on),
                    format_date(r.expires_on),
                    match r.state {
                        RegisterState::Valid => "con_hieu_luc",
                        RegisterState::Expiring => "sap_het_han",
                        RegisterState::Lapsed => "het_hieu_luc",
                    }
                    .to_owned(),
                    r.decisions.to_string(),
                ])
                .map_err(AppError::internal)?;
        }
        writer.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn states_follow_the_dates() {
        let today = day("2026-11-24");
        assert_eq!(
            state_of(&[(day("2023-11-24"), 3)], today),
            Some(RegisterState::Lapsed)
        );
        assert_eq!(
            state_of(&[(day("2023-11-25"), 3)], today),
            Some(RegisterState::Expiring)
        );
        assert_eq!(
            state_of(&[(day("2024-02-22"), 3)], today),
            Some(RegisterState::Expiring)
        );
        assert_eq!(
            state_of(&[(day("2024-02-23"), 3)], today),
            Some(RegisterState::Valid)
        );
        assert_eq!(state_of(&[(day("2026-12-01"), 3)], today), None);
    }

    #[test]
    fn decisions_are_named_by_the_one_before() {
        assert_eq!(
            kinds(&[3, 3, 4, 3]),
            vec![
                DecisionKind::New,
                DecisionKind::Renewal,
                DecisionKind::Upgrade,
                DecisionKind::Downgrade
            ]
        );
    }
}
