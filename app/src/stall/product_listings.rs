//! A product's listings on other sales channels, which the department's
//! reports count: declared from a day, and ended.

use super::product_form::date;
use super::products::own_product;
use super::types::CHANNELS;
use crate::entities::{channel_listings, users};
use crate::error::{AppError, AppResult};
use crate::text::clean;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

/// A channel listing as typed.
#[derive(Debug, Clone, Default)]
pub struct ListingForm {
    /// Channel kind.
    pub channel: String,
    /// Platform or chain.
    pub platform: String,
    /// Link (http or https).
    pub url: String,
    /// Since.
    pub since: String,
}

/// Declares a listing of the producer's product on another channel; the
/// department's reports count it from `since`.
pub async fn add_listing(
    db: &DatabaseConnection,
    user: &users::Model,
    producer_id: i64,
    code: &str,
    form: &ListingForm,
) -> AppResult<()> {
    let channel = form.channel.trim();
    if !CHANNELS.iter().any(|(c, _, _)| *c == channel) {
        return Err(AppError::invalid(
            "channel",
            "Hãy chọn loại kênh bán.",
            "Choose the kind of channel.",
        ));
    }
    let platform = clean(&form.platform);
    if platform.is_empty() || platform.chars().count() > 100 {
        return Err(AppError::invalid(
            "platform",
            "Tên nền tảng hoặc chuỗi cửa hàng có từ 1 đến 100 ký tự (ví dụ: Shopee).",
            "The platform or chain needs 1 to 100 characters (e.g. Shopee).",
        ));
    }
    let url = match form.url.trim() {
        "" => None,
        typed => Some(
            url::Url::parse(typed)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && typed.len() <= 500)
                .map(|u| u.to_string())
                .ok_or_else(|| {
                    AppError::invalid(
                        "url",
                        "Đường dẫn bắt đầu bằng https://",
                        "The link starts with https://",
                    )
                })?,
        ),
    };
    let since = date(&form.since, "since", true)?.unwrap_or_default();
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let now = Utc::now();
    let inserted = channel_listings::Entity::insert(channel_listings::ActiveModel {
        product_id: Set(product.id),
        channel: Set(channel.to_owned()),
        platform: Set(platform),
        url: Set(url),
        since: Set(since),
        until: Set(None),
        declared_by_user_id: Set(Some(user.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            channel_listings::Column::ProductId,
            channel_listings::Column::Channel,
            channel_listings::Column::Platform,
            channel_listings::Column::Since,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 0 {
        return Err(AppError::invalid(
            "platform",
            "Kênh này đã được khai báo từ ngày đó.",
            "This channel is already declared from that day.",
        ));
    }
    txn.commit().await?;
    Ok(())
}

/// Ends listing `listing_id` of the producer's product on `until`
/// (exclusive: the product is off the channel from that day).
pub async fn end_listing(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    listing_id: i64,
    until: NaiveDate,
) -> AppResult<()> {
    let product = own_product(db, producer_id, code).await?;
    let listing = channel_listings::Entity::find_by_id(listing_id)
        .filter(channel_listings::Column::ProductId.eq(product.id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có kênh này", "No such listing"))?;
    let mut active = listing.clone().into_active_model();
    active.until = Set(Some(Ord::max(until, listing.since)));
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}
