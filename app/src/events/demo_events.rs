//! The demo's own events (demo mode only): a fair in Cần Thơ open for
//! registration a few weeks after the demo starts, and a scheduled
//! livestream with a line-up, so the stall, the officer's desk and the
//! public calendar have something to show. Their codes (`EV-DEMO-…`) and
//! titles say they are the demo's, not the department's register.

use crate::domain::{EventStatus, ParticipantStatus};
use crate::entities::{event_participants, event_products, events, producers, products, provinces};
use chrono::{DateTime, Duration, NaiveTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

/// `days` from `now`, at `hour`:00 Vietnam time.
fn at(now: DateTime<Utc>, days: i64, hour: u32) -> DateTime<Utc> {
    let vn = crate::time::vn_offset();
    let date = (now.with_timezone(&vn) + Duration::days(days)).date_naive();
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
        .and_local_timezone(vn)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(now)
}

/// Creates the demo events unless they exist.
pub async fn create_demo_events(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    if events::Entity::find()
        .filter(events::Column::Code.starts_with("EV-DEMO-"))
        .one(db)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let Some(can_tho) = provinces::Entity::find()
        .filter(provinces::Column::NameKey.eq(crate::text::match_key("Cần Thơ")))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let note = "Sự kiện minh hoạ của bản demo, không phải dữ liệu của Sở Công Thương. / A demo event, not the department's data.";
    let fair = events::ActiveModel {
        code: Set("EV-DEMO-001".into()),
        kind: Set("fair".into()),
        title: Set("Hội chợ OCOP Cần Thơ chào Xuân (demo)".into()),
        description: Set(Some(format!(
            "Hội chợ giới thiệu và bán sản phẩm OCOP của các xã, phường Cần Thơ.\n\n{note}"
        ))),
        province_id: Set(can_tho.id),
        venue: Set(Some("Công viên Lưu Hữu Phước, Ninh Kiều".into())),
        organizer: Set("Sở Công Thương Cần Thơ".into()),
        starts_at: Set(at(now, 24, 8)),
        ends_at: Set(at(now, 28, 21)),
        status: Set(EventStatus::Open),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fair.insert(db).await?;
    let live_start = at(now, 10, 20);
    let live = events::ActiveModel {
        code: Set("EV-DEMO-002".into()),
        kind: Set("livestream".into()),
        title: Set("Livestream đặc sản Cần Thơ (demo)".into()),
        description: Set(Some(format!(
            "Phiên livestream giới thiệu đặc sản OCOP với giá ưu đãi trong phiên.\n\n{note}"
        ))),
        province_id: Set(can_tho.id),
        stream_url: Set(Some("https://live.example.vn/demo-ocop-can-tho".into())),
        platform: Set(Some("Facebook Live".into())),
        organizer: Set("Sở Công Thương Cần Thơ".into()),
        host: Set(Some("MC Ngọc Hân".into())),
        starts_at: Set(live_start),
        ends_at: Set(live_start + Duration::hours(2)),
        status: Set(EventStatus::Scheduled),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let Some(producer) = producers::Entity::find()
        .filter(producers::Column::Code.eq("CT000002"))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    event_participants::ActiveModel {
        event_id: Set(live.id),
        producer_id: Set(producer.id),
        status: Set(ParticipantStatus::Approved),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let shown = products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer.id))
        .order_by_asc(products::Column::Code)
        .limit(2)
        .all(db)
        .await?;
    for (i, p) in shown.into_iter().enumerate() {
        let from = live_start + Duration::minutes(30 * i as i64);
        // A tenth off, rounded to a thousand đồng.
        let price = (p.price_vnd * 9 / 10 / 1000 * 1000).max(1000);
        event_products::ActiveModel {
            event_id: Set(live.id),
            product_id: Set(p.id),
            position: Set(Some(i as i32 + 1)),
            live_price_vnd: Set(Some(price)),
            slot_starts_at: Set(Some(from)),
            slot_ends_at: Set(Some(from + Duration::minutes(30))),
            host: Set(Some("MC Ngọc Hân".into())),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
