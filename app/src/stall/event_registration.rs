//! A producer registers for fairs, exhibitions, trade conferences and
//! livestreams with some of its products, and withdraws while the
//! registration waits for the organisers. Every function takes the member's
//! producer and touches only that producer's rows: another producer's
//! registration answers exactly like one that does not exist.
//!
//! An event takes registrations while its status is `open` and it has not
//! started. The other statuses say registration is over or never began:
//! `draft` (the department is still preparing it), `scheduled` (the line-up
//! is fixed: the department's import writes events this way, with their
//! producers approved), `live`, `finished` and `cancelled`.
//!
//! Registering again while the registration is pending replaces the chosen
//! products rather than being refused: a producer who forgot a product
//! should not have to withdraw and lose their place in the queue. Once the
//! organisers have approved or rejected it, it is refused: a change then
//! goes through the organisers.

use super::events_page::{OwnProduct, RegisteredProduct, Registration, StallEvent};
use crate::domain::{EventStatus, ParticipantStatus};
use crate::entities::{event_participants, event_products, events, products, provinces};
use crate::error::{AppError, AppResult, Message};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{BTreeSet, HashMap};

/// The status of an event that takes registrations.
pub const OPEN: EventStatus = EventStatus::Open;
/// The status of a registration the organisers have not decided on.
pub const PENDING: ParticipantStatus = ParticipantStatus::Pending;
/// Most products one registration may name (a stall has a few dozen).
const MAX_PRODUCTS: usize = 100;
/// Most open events listed at once.
const MAX_OPEN_EVENTS: u64 = 50;

fn conflict(code: &'static str, vi: &str, en: &str) -> AppError {
    AppError::Conflict {
        code,
        message: Message::new(vi, en),
    }
}

fn event_card(e: events::Model, province: Option<provinces::Model>) -> StallEvent {
    StallEvent {
        code: e.code,
        kind: e.kind,
        title: e.title,
        venue: e.venue,
        stream_url: e.stream_url,
        province: province.map(|p| p.name).unwrap_or_default(),
        organizer: e.organizer,
        starts_at: e.starts_at,
        ends_at: e.ends_at,
        status: e.status,
    }
}

/// Whether `event` takes registrations at `now`.
pub fn is_open(event: &events::Model, now: DateTime<Utc>) -> bool {
    event.status == OPEN && event.starts_at > now
}

/// Events open for registration, the producer's registrations for events
/// not over yet (with what the organisers assigned), and its products.
pub async fn list_for_producer(
    db: &DatabaseConnection,
    producer_id: i64,
    now: DateTime<Utc>,
) -> AppResult<(Vec<StallEvent>, Vec<Registration>, Vec<OwnProduct>)> {
    let open = events::Entity::find()
        .filter(events::Column::Status.eq(OPEN))
        .filter(events::Column::StartsAt.gt(now))
        .find_also_related(provinces::Entity)
        .order_by_asc(events::Column::StartsAt)
        .order_by_asc(events::Column::Id)
        .limit(MAX_OPEN_EVENTS)
        .all(db)
        .await?
        .into_iter()
        .map(|(e, p)| event_card(e, p))
        .collect();
    let own = products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer_id))
        .order_by_asc(products::Column::Code)
        .all(db)
        .await?;
    let names: HashMap<i64, (String, String)> = own
        .iter()
        .map(|p| (p.id, (p.code.clone(), p.name.clone())))
        .collect();
    let joined = event_participants::Entity::find()
        .filter(event_participants::Column::ProducerId.eq(producer_id))
        .find_also_related(events::Entity)
        .filter(events::Column::EndsAt.gte(now))
        .order_by_asc(events::Column::StartsAt)
        .all(db)
        .await?;
    let event_ids: Vec<i64> = joined
        .iter()
        .filter_map(|(_, e)| e.as_ref())
        .map(|e| e.id)
        .collect();
    let mut lineups: HashMap<i64, Vec<RegisteredProduct>> = HashMap::new();
    for ep in event_products::Entity::find()
        .filter(event_products::Column::EventId.is_in(event_ids))
        .filter(event_products::Column::ProductId.is_in(names.keys().copied()))
        .order_by_asc(event_products::Column::Position)
        .order_by_asc(event_products::Column::Id)
        .all(db)
        .await?
    {
        let Some((code, name)) = names.get(&ep.product_id).cloned() else {
            continue;
        };
        lineups
            .entry(ep.event_id)
            .or_default()
            .push(RegisteredProduct {
                code,
                name,
                slot_starts_at: ep.slot_starts_at,
                slot_ends_at: ep.slot_ends_at,
                live_price_vnd: ep.live_price_vnd,
                host: ep.host,
            });
    }
    let province_ids: BTreeSet<i64> = joined
        .iter()
        .filter_map(|(_, e)| e.as_ref())
        .map(|e| e.province_id)
        .collect();
    let province_rows: HashMap<i64, provinces::Model> = provinces::Entity::find()
        .filter(provinces::Column::Id.is_in(province_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let registrations = joined
        .into_iter()
        .filter_map(|(participant, event)| {
            let event = event?;
            let open = is_open(&event, now);
            let products = lineups.remove(&event.id).unwrap_or_default();
            let province = province_rows.get(&event.province_id).cloned();
            Some(Registration {
                event: event_card(event, province),
                status: participant.status,
                booth_no: participant.booth_no,
                open,
                products,
            })
        })
        .collect();
    let products = own
        .into_iter()
        .map(|p| OwnProduct {
            code: p.code,
            name: p.name,
        })
        .collect();
    Ok((open, registrations, products))
}

async fn find_event(db: &impl sea_orm::ConnectionTrait, code: &str) -> AppResult<events::Model> {
    events::Entity::find()
        .filter(events::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có sự kiện này", "No such event"))
}

/// The producer's products named by `codes`, all of them or a refusal
/// naming the ones that are not in the stall (another producer's product
/// reads the same as a product that does not exist).
async fn own_products(
    db: &DatabaseTransaction,
    producer_id: i64,
    codes: &[String],
) -> AppResult<Vec<i64>> {
    let wanted: BTreeSet<String> = codes
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty())
        .collect();
    if wanted.is_empty() {
        return Err(AppError::invalid(
            "products",
            "Hãy chọn ít nhất một sản phẩm mang tới sự kiện.",
            "Choose at least one product to bring to the event.",
        ));
    }
    if wanted.len() > MAX_PRODUCTS {
        return Err(AppError::invalid(
            "products",
            format!("Chọn tối đa {MAX_PRODUCTS} sản phẩm."),
            format!("Choose at most {MAX_PRODUCTS} products."),
        ));
    }
    let found: Vec<(i64, String)> = products::Entity::find()
        .select_only()
        .column(products::Column::Id)
        .column(products::Column::Code)
        .filter(products::Column::ProducerId.eq(producer_id))
        .filter(products::Column::Code.is_in(wanted.iter().cloned()))
        .into_tuple()
        .all(db)
        .await?;
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|c| !found.iter().any(|(_, f)| f == *c))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(AppError::invalid(
            "products",
            format!("Không có trong gian hàng của bạn: {list}."),
            format!("Not in your stall: {list}."),
        ));
    }
    Ok(found.into_iter().map(|(id, _)| id).collect())
}

/// Registers the producer for event `code` with its products `codes`, or
/// replaces the products of its pending registration (see the module's
/// comment). Nothing is written unless everything holds.
pub async fn register(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    codes: &[String],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let event = find_event(&txn, code).await?;
    if !is_open(&event, now) {
        return Err(conflict(
            "event_closed",
            "Sự kiện này không nhận đăng ký: chưa mở đăng ký, đã bắt đầu, đã kết thúc hoặc đã bị hủy.",
            "This event does not take registrations: not open yet, already started, over or cancelled.",
        ));
    }
    let chosen = own_products(&txn, producer_id, codes).await?;
    let existing = event_participants::Entity::find()
        .filter(event_participants::Column::EventId.eq(event.id))
        .filter(event_participants::Column::ProducerId.eq(producer_id))
        .one(&txn)
        .await?;
    let decided = || {
        conflict(
            "registration_decided",
            "Ban tổ chức đã xét đăng ký này; muốn thay đổi, hãy liên hệ ban tổ chức.",
            "The organisers have decided on this registration; to change it, contact them.",
        )
    };
    match existing {
        None => {
            let inserted = event_participants::Entity::insert(event_participants::ActiveModel {
                event_id: Set(event.id),
                producer_id: Set(producer_id),
                status: Set(PENDING),
                booth_no: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec_without_returning(&txn)
            .await;
            if let Err(e) = inserted {
                // Two registrations sent at once: the unique key lets one in.
                return Err(match e.sql_err() {
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => conflict(
                        "already_registered",
                        "Bạn vừa đăng ký sự kiện này; hãy tải lại trang.",
                        "You have just registered for this event; reload the page.",
                    ),
                    _ => e.into(),
                });
            }
        }
        Some(p) if p.status == PENDING => {
            // Still pending now, not only when read: an organiser deciding
            // at this moment makes this touch miss.
            let touched = event_participants::Entity::update_many()
                .col_expr(event_participants::Column::UpdatedAt, Expr::value(now))
                .filter(event_participants::Column::Id.eq(p.id))
                .filter(event_participants::Column::Status.eq(PENDING))
                .exec(&txn)
                .await?;
            if touched.rows_affected != 1 {
                return Err(decided());
            }
            event_products::Entity::delete_many()
                .filter(event_products::Column::EventId.eq(event.id))
                .filter(own_product_ids(producer_id))
                .filter(event_products::Column::ProductId.is_not_in(chosen.iter().copied()))
                .exec(&txn)
                .await?;
        }
        Some(_) => return Err(decided()),
    }
    let lineup = chosen
        .iter()
        .map(|&product_id| event_products::ActiveModel {
            event_id: Set(event.id),
            product_id: Set(product_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    // Products already in the line-up keep their row (and anything the
    // organisers noted on it).
    event_products::Entity::insert_many(lineup)
        .on_conflict(
            OnConflict::columns([
                event_products::Column::EventId,
                event_products::Column::ProductId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// `event_products.product_id` is one of the producer's products.
fn own_product_ids(producer_id: i64) -> Expr {
    Expr::col(event_products::Column::ProductId).in_subquery(
        Query::select()
            .column(products::Column::Id)
            .from(products::Entity)
            .and_where(Expr::col(products::Column::ProducerId).eq(producer_id))
            .to_owned(),
    )
}

/// Withdraws the producer's pending registration for event `code`, with its
/// products. A decided registration stays; no registration is "not found".
pub async fn withdraw(db: &DatabaseConnection, producer_id: i64, code: &str) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let event = find_event(&txn, code).await?;
    let deleted = event_participants::Entity::delete_many()
        .filter(event_participants::Column::EventId.eq(event.id))
        .filter(event_participants::Column::ProducerId.eq(producer_id))
        .filter(event_participants::Column::Status.eq(PENDING))
        .exec(&txn)
        .await?;
    if deleted.rows_affected != 1 {
        let exists = event_participants::Entity::find()
            .filter(event_participants::Column::EventId.eq(event.id))
            .filter(event_participants::Column::ProducerId.eq(producer_id))
            .one(&txn)
            .await?
            .is_some();
        return Err(if exists {
            conflict(
                "registration_decided",
                "Ban tổ chức đã xét đăng ký này nên không rút được ở đây; hãy liên hệ ban tổ chức.",
                "The organisers have decided on this registration, so it cannot be withdrawn here; contact them.",
            )
        } else {
            AppError::not_found(
                "Bạn chưa đăng ký sự kiện này",
                "You are not registered for this event",
            )
        });
    }
    event_products::Entity::delete_many()
        .filter(event_products::Column::EventId.eq(event.id))
        .filter(own_product_ids(producer_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
