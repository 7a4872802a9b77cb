//! The stall's products as their producer sees them: the list with what
//! keeps each from shoppers, and everything the editor shows of one. The
//! changes are beside it: a new product, the editor's fields and story
//! (`product_edits`, its form checked in `product_form`), photos
//! (`product_photos`), batches (`product_batches`) and channel listings
//! (`product_listings`). Every function takes the member's producer and
//! touches only that producer's rows; another producer's product answers
//! "not found". Every change is queued for search in the same transaction.

use super::products::own_product;
use super::types::{
    BatchRow, CertState, ListingRow, Missing, PhotoRow, ProductEditor, ProductRow, RawArea,
};
use crate::catalog::service::picture;
use crate::entities::{
    certifications, channel_listings, media, product_batches, product_groups, product_photos,
    product_stories, products, raw_material_areas,
};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDate};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

/// A certification lapsing within this many days is "expiring".
const EXPIRING_DAYS: i64 = 90;

fn cert_state(c: &certifications::Model, today: NaiveDate) -> CertState {
    CertState {
        stars: c.stars,
        decision_no: c.decision_no.clone(),
        decided_on: c.decided_on,
        valid_until: c.valid_until,
        valid: c.valid_until > today,
        expiring: c.valid_until > today && c.valid_until <= today + Duration::days(EXPIRING_DAYS),
    }
}

/// The latest decision of each product.
async fn latest_certifications(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<HashMap<i64, certifications::Model>> {
    let mut latest: HashMap<i64, certifications::Model> = HashMap::new();
    for c in certifications::Entity::find()
        .filter(certifications::Column::ProductId.is_in(ids.to_vec()))
        .order_by_asc(certifications::Column::DecidedOn)
        .order_by_asc(certifications::Column::Id)
        .all(db)
        .await?
    {
        latest.insert(c.product_id, c);
    }
    Ok(latest)
}

/// What keeps a product from shoppers.
fn missing(
    product: &products::Model,
    has_photo: bool,
    has_story: bool,
    cert: Option<&CertState>,
) -> Vec<Missing> {
    let mut missing = Vec::new();
    if !has_photo {
        missing.push(Missing::Photo);
    }
    if !has_story {
        missing.push(Missing::Story);
    }
    if product.price_vnd <= 0 {
        missing.push(Missing::Price);
    }
    if !cert.is_some_and(|c| c.valid) {
        missing.push(Missing::Certification);
    }
    missing
}

/// The list lines of some products, in the order given.
pub(super) async fn rows(
    db: &impl ConnectionTrait,
    list: Vec<products::Model>,
    today: NaiveDate,
) -> AppResult<Vec<ProductRow>> {
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    let certs = latest_certifications(db, &ids).await?;
    let mut first_photo: HashMap<i64, (product_photos::Model, media::Model)> = HashMap::new();
    for (photo, m) in product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.is_in(ids.clone()))
        .order_by_desc(product_photos::Column::Position)
        .find_also_related(media::Entity)
        .all(db)
        .await?
    {
        if let Some(m) = m {
            first_photo.insert(photo.product_id, (photo, m));
        }
    }
    let stories: HashMap<i64, bool> = product_stories::Entity::find()
        .filter(product_stories::Column::ProductId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.product_id, !s.source.trim().is_empty()))
        .collect();
    Ok(list
        .into_iter()
        .map(|p| {
            let certification = certs.get(&p.id).map(|c| cert_state(c, today));
            let photo = first_photo
                .get(&p.id)
                .map(|(photo, m)| picture(m, photo.alt.clone()));
            let missing = missing(
                &p,
                photo.is_some(),
                stories.get(&p.id).copied().unwrap_or(false),
                certification.as_ref(),
            );
            ProductRow {
                code: p.code,
                name: p.name,
                price_vnd: p.price_vnd,
                stock: p.stock,
                published: p.published,
                certification,
                missing,
                photo,
            }
        })
        .collect())
}

/// Every product of the producer, newest first.
pub async fn product_rows(
    db: &DatabaseConnection,
    producer_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<ProductRow>> {
    let list = products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer_id))
        .order_by_desc(products::Column::Id)
        .all(db)
        .await?;
    rows(db, list, today).await
}

/// Everything the editor shows of the producer's product `code`.
pub async fn editor(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    today: NaiveDate,
) -> AppResult<ProductEditor> {
    let product = own_product(db, producer_id, code).await?;
    let id = product.id;
    let story = product_stories::Entity::find()
        .filter(product_stories::Column::ProductId.eq(id))
        .one(db)
        .await?;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(id))
        .order_by_asc(product_photos::Column::Position)
        .find_also_related(media::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(p, m)| {
            m.map(|m| PhotoRow {
                id: p.id,
                picture: picture(&m, p.alt),
            })
        })
        .collect();
    let raw_area = raw_material_areas::Entity::find()
        .filter(raw_material_areas::Column::ProductId.eq(id))
        .order_by_asc(raw_material_areas::Column::Id)
        .one(db)
        .await?
        .map(|a| RawArea {
            name: a.name,
            area_ha: a.area_ha.map(|h| h.to_string()).unwrap_or_default(),
            description: a.description.unwrap_or_default(),
        })
        .unwrap_or_default();
    let batches = product_batches::Entity::find()
        .filter(product_batches::Column::ProductId.eq(id))
        .order_by_desc(product_batches::Column::ProducedOn)
        .order_by_desc(product_batches::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| BatchRow {
            id: b.id,
            batch_no: b.batch_no,
            produced_on: b.produced_on,
            expires_on: b.expires_on,
            quantity: b.quantity,
        })
        .collect();
    let listings = channel_listings::Entity::find()
        .filter(channel_listings::Column::ProductId.eq(id))
        .order_by_desc(channel_listings::Column::Since)
        .all(db)
        .await?
        .into_iter()
        .map(|l| ListingRow {
            id: l.id,
            channel: l.channel,
            platform: l.platform,
            url: l.url,
            since: l.since,
            until: l.until,
        })
        .collect();
    let groups = product_groups::Entity::find()
        .order_by_asc(product_groups::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name_vi, g.name_en))
        .collect();
    let (slug, version, group, unit, description, origin) = (
        product.slug.clone(),
        product.version,
        product.group_id,
        product.unit.clone(),
        product.description.clone(),
        product.origin.clone().unwrap_or_default(),
    );
    let (story, story_html) = story.map(|s| (s.source, s.html)).unwrap_or_default();
    let row = rows(db, vec![product], today)
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("Không có sản phẩm này", "No such product"))?;
    Ok(ProductEditor {
        row,
        slug,
        version,
        group,
        unit,
        description,
        story,
        story_html,
        origin,
        photos,
        raw_area,
        batches,
        listings,
        groups,
    })
}
