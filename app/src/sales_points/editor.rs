//! What the create/edit page needs: the form's values, the provinces and
//! communes the reader may choose, the products carried.

use super::store::{carried, find_overseen, form_of, is_active};
use super::types::{Choice, EditorData, SalesPointForm};
use super::validate::oversees_place;
use crate::entities::{communes, provinces, users};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// The editor of `code` (new without) for `user`; `province` (a slug) is
/// an administrator's choice of province for the commune picker.
pub async fn editor_data(
    db: &DatabaseConnection,
    user: &users::Model,
    code: Option<&str>,
    province: &str,
    today: NaiveDate,
) -> AppResult<EditorData> {
    let (mut form, products, active) = match code {
        Some(code) => {
            let point = find_overseen(db, user, code).await?;
            let products = carried(db, point.id, today).await?;
            (
                form_of(db, &point).await?,
                products,
                is_active(&point, today),
            )
        }
        None => (
            SalesPointForm {
                kind: "store".into(),
                opened_on: today.format("%Y-%m-%d").to_string(),
                product_codes: Some(String::new()),
                ..Default::default()
            },
            Vec::new(),
            false,
        ),
    };
    let all = provinces::Entity::find()
        .order_by_asc(provinces::Column::NameKey)
        .all(db)
        .await?;
    let allowed: Vec<&provinces::Model> = all
        .iter()
        .filter(|p| user.role == crate::domain::Role::Admin || user.area_province_id == Some(p.id))
        .collect();
    let wanted = province.trim();
    if !wanted.is_empty() && allowed.iter().any(|p| p.slug == wanted) {
        if form.province != wanted {
            form.commune.clear();
        }
        form.province = wanted.to_string();
    }
    if form.province.is_empty() {
        if let Some(p) = allowed.iter().find(|p| Some(p.id) == user.area_province_id) {
            form.province = p.slug.clone();
        }
    }
    let chosen = allowed.iter().find(|p| p.slug == form.province);
    let communes = match chosen {
        Some(p) => communes::Entity::find()
            .filter(communes::Column::ProvinceId.eq(p.id))
            .order_by_asc(communes::Column::NameKey)
            .all(db)
            .await?
            .into_iter()
            .filter(|c| oversees_place(user, p.id, c.id))
            .map(|c| Choice {
                value: c.code,
                label: c.full_name,
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(EditorData {
        code: code.map(str::to_string),
        form,
        provinces: allowed
            .iter()
            .map(|p| Choice {
                value: p.slug.clone(),
                label: p.name.clone(),
            })
            .collect(),
        communes,
        products,
        active,
    })
}
