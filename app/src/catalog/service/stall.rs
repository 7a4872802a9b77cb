//! A producer's stall: profile, story, contact and certified products.

use super::events::{upcoming_events, EventScope};
use super::{list_products, picture, place_of};
use crate::catalog::{ProductFilter, ProductOrder, StallData};
use crate::entities::{media, producers};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The most products a stall page lists.
const STALL_PRODUCTS: u64 = 100;

/// The stall of the producer with this slug, or `NotFound`.
pub async fn load_stall(
    db: &DatabaseConnection,
    slug: &str,
    as_of: NaiveDate,
    now: DateTime<Utc>,
    base_url: &str,
) -> AppResult<StallData> {
    let producer = producers::Entity::find()
        .filter(producers::Column::Slug.eq(slug))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không tìm thấy gian hàng", "Stall not found"))?;
    let filter = ProductFilter {
        producer_id: Some(producer.id),
        ..ProductFilter::default()
    };
    let products = list_products(
        db,
        &filter,
        ProductOrder::Featured,
        1,
        STALL_PRODUCTS,
        as_of,
    )
    .await?
    .items;
    let (province, commune) = place_of(db, producer.province_id, producer.commune_id).await?;
    let logo = match producer.logo_media_id {
        Some(id) => media::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| picture(&m, format!("Logo {}", producer.name))),
        None => None,
    };
    let cover = match producer.cover_media_id {
        Some(id) => media::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| picture(&m, producer.name.clone())),
        None => None,
    };
    let events = upcoming_events(db, now, EventScope::Producer(producer.id), 6).await?;
    Ok(StallData {
        seller: crate::seller::rules::identity_of(&producer),
        suspended: producer.suspended_at.is_some(),
        code: producer.code,
        slug: producer.slug,
        name: producer.name,
        kind: producer.kind,
        address: producer.address,
        commune: commune.map(|c| c.full_name).unwrap_or_default(),
        province: province
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
        province_slug: province.map(|p| p.slug).unwrap_or_default(),
        representative: producer.representative,
        phone: producer.phone,
        email: producer.email,
        website: producer.website,
        story_html: producer.story_html,
        women_led: producer.women_led,
        ethnic_minority_led: producer.ethnic_minority_led,
        logo,
        cover,
        products,
        events,
        base_url: base_url.to_string(),
    })
}
