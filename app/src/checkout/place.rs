//! Placing a checkout: one transaction takes the stock (a conditional
//! decrement that cannot go below zero on either database), writes one order
//! per producer with its lines, reservations and first status, the payment,
//! the search-index and mail outbox entries, and the answer itself, which an
//! `Idempotency-Key` replay gets back unchanged. A card checkout then opens
//! its Stripe session ([`super::card`]) before it answers.

use super::idempotency::{check_key, replay, request_hash};
use super::input::{CheckoutInput, Delivery, ValidCheckout};
use crate::domain::Money;
use crate::entities::{
    checkouts, order_items, orders, payments, producers, products, stock_reservations,
};
use crate::error::{AppError, AppResult};
use crate::mail;
use crate::orders::history::record_step;
use crate::orders::notices::{producer_notice, shopper_notice, NoticeLine};
use crate::orders::receipt::{CheckoutReceipt, PaymentReceipt, PlacedItem, PlacedOrder};
use crate::orders::transfer::vietqr_for;
use crate::orders::{OrderStatus, PaymentMethod, PaymentStatus, ReservationStatus};
use crate::payments::card;
use crate::search::outbox::queue_products;
use crate::sessions::{random_token, sha256_hex};
use crate::state::{CommerceSettings, ShippingRule};
use crate::stripe_client::CardPayments;
use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, Set, SqlErr,
};
use std::collections::BTreeMap;

/// Letters and digits no one misreads (no 0/O, 1/I/L), for order numbers.
const NUMBER_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/// Attempts when a random order number is already taken.
const NUMBER_ATTEMPTS: usize = 3;

/// Everything a checkout needs besides the shopper's input.
pub struct CheckoutContext<'a> {
    /// The database.
    pub db: &'a DatabaseConnection,
    /// Shipping fees and holds.
    pub settings: &'a CommerceSettings,
    /// The site's public address, for links in answers and mail.
    pub base_url: &'a str,
    /// The moment of the checkout.
    pub now: DateTime<Utc>,
    /// Stripe, when card payments are configured.
    pub card: Option<&'a CardPayments>,
    /// Where the outcome is counted, for the metrics.
    pub tally: Option<&'a crate::state::CheckoutTally>,
}

impl<'a> CheckoutContext<'a> {
    /// The context of a checkout placed at `now` with the application's
    /// database, settings and card payments.
    pub fn from_state(state: &'a crate::ssr::AppState, now: DateTime<Utc>) -> Self {
        CheckoutContext {
            db: &state.db,
            settings: &state.site.commerce,
            base_url: &state.site.base_url,
            now,
            card: state.card.as_deref(),
            tally: Some(&state.checkout_tally),
        }
    }
}

/// The answer to a checkout.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// What the API returns (and the page reads).
    pub receipt: CheckoutReceipt,
    /// True when this is the stored answer to an earlier request with the
    /// same idempotency key: nothing new was created.
    pub replayed: bool,
}

/// A human order number: "DH", the date in Vietnam, six unambiguous
/// characters; only letters and digits, so it survives any bank's transfer
/// note.
pub fn new_order_number(now: DateTime<Utc>) -> String {
    let mut rng = rand::thread_rng();
    let date = now
        .with_timezone(&crate::time::vn_offset())
        .format("%y%m%d");
    let tail: String = (0..6)
        .map(|_| char::from(NUMBER_ALPHABET[rng.gen_range(0..NUMBER_ALPHABET.len())]))
        .collect();
    format!("DH{date}{tail}")
}

/// Why one attempt at the transaction did not commit.
enum Failure {
    /// Stock ran short; nothing was kept.
    Short,
    /// The random order number was taken; try again with another.
    NumberTaken,
    /// Another request with the same idempotency key committed first.
    KeyTaken,
    /// Anything else.
    Error(AppError),
}

impl From<DbErr> for Failure {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(m)) if m.contains("idempotency_key") => {
                Failure::KeyTaken
            }
            Some(SqlErr::UniqueConstraintViolation(m)) if m.contains("number") => {
                Failure::NumberTaken
            }
            _ => Failure::Error(e.into()),
        }
    }
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::Error(e)
    }
}

/// Places `checkout` (already checked). With `key`, a replay returns the
/// first answer. Out of stock is [`AppError::OutOfStock`] and changes nothing.
/// Every checkout ends here, from the page or the API: the outcome is
/// counted in the context's tally.
pub async fn place(
    ctx: &CheckoutContext<'_>,
    input: &CheckoutInput,
    checkout: &ValidCheckout,
    key: Option<&str>,
    user_id: Option<i64>,
) -> AppResult<Placed> {
    let outcome = place_once(ctx, input, checkout, key, user_id).await;
    if let Some(tally) = ctx.tally {
        tally.record(&outcome, |placed| placed.replayed);
    }
    outcome
}

async fn place_once(
    ctx: &CheckoutContext<'_>,
    input: &CheckoutInput,
    checkout: &ValidCheckout,
    key: Option<&str>,
    user_id: Option<i64>,
) -> AppResult<Placed> {
    let hash = request_hash(input, user_id);
    let card = match (checkout.payment, ctx.card) {
        (PaymentMethod::Card, None) => {
            return Err(AppError::invalid(
                "payment",
                "Trang này chưa nhận thanh toán bằng thẻ; vui lòng chọn cách khác.",
                "This site does not take card payments yet; please choose another way to pay.",
            ))
        }
        (PaymentMethod::Card, Some(card)) => Some(card),
        _ => None,
    };
    if let Some(key) = key {
        check_key(key)?;
        if let Some(placed) = replay(ctx, key, &hash).await? {
            return Ok(placed);
        }
    }
    for _ in 0..NUMBER_ATTEMPTS {
        let txn = crate::db::begin_write(ctx.db).await?;
        match write(ctx, &txn, checkout, key, &hash, user_id).await {
            Ok((saved, mut receipt)) => {
                txn.commit().await?;
                if let Some(card) = card {
                    card::start_payment(ctx.db, card, &saved, &mut receipt, ctx.settings, ctx.now)
                        .await?;
                }
                return Ok(Placed {
                    receipt,
                    replayed: false,
                });
            }
            Err(failure) => {
                txn.rollback().await?;
                match failure {
                    Failure::Short => return Err(shortage(ctx.db, checkout).await?),
                    Failure::NumberTaken => continue,
                    Failure::KeyTaken => {
                        let key = key.unwrap_or_default();
                        return replay(ctx, key, &hash).await?.ok_or_else(|| {
                            AppError::internal(DbErr::Custom("idempotency key vanished".into()))
                        });
                    }
                    Failure::Error(e) => return Err(e),
                }
            }
        }
    }
    Err(AppError::internal(DbErr::Custom(
        "no free order number after several attempts".into(),
    )))
}

/// What is left of each line that stock could not cover, read after the
/// failed transaction rolled back.
async fn shortage(db: &DatabaseConnection, checkout: &ValidCheckout) -> AppResult<AppError> {
    let ids: Vec<i64> = checkout.lines.iter().map(|l| l.product_id).collect();
    let stock: BTreeMap<i64, i64> = products::Entity::find()
        .filter(products::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, if p.published { p.stock } else { 0 }))
        .collect();
    let mut available: Vec<(String, i64)> = checkout
        .lines
        .iter()
        .filter_map(|l| {
            let left = stock.get(&l.product_id).copied().unwrap_or(0);
            (left < i64::from(l.quantity)).then(|| (l.code.clone(), Ord::max(left, 0)))
        })
        .collect();
    if available.is_empty() {
        // Stock came back between the failure and this read: say which line
        // failed with what is there now, so the shopper can simply retry.
        available = checkout
            .lines
            .iter()
            .map(|l| {
                (
                    l.code.clone(),
                    stock.get(&l.product_id).copied().unwrap_or(0),
                )
            })
            .collect();
    }
    Ok(AppError::OutOfStock { available })
}

/// One order being built: a producer and its lines.
struct Draft {
    producer: producers::Model,
    lines: Vec<(products::Model, i32)>,
    subtotal: Money,
    shipping: Money,
}

fn overflow() -> AppError {
    AppError::invalid("items", "Tổng tiền quá lớn.", "The total is too large.")
}

async fn write(
    ctx: &CheckoutContext<'_>,
    txn: &DatabaseTransaction,
    checkout: &ValidCheckout,
    key: Option<&str>,
    hash: &str,
    user_id: Option<i64>,
) -> Result<(checkouts::Model, CheckoutReceipt), Failure> {
    let now = ctx.now;
    // Take the stock first: on SQLite the first write takes the database's
    // write lock (waiting for it, not failing), and on PostgreSQL each row
    // is locked in product-id order, so two checkouts never deadlock.
    for line in &checkout.lines {
        let taken = products::Entity::update_many()
            .col_expr(
                products::Column::Stock,
                Expr::col(products::Column::Stock).sub(i64::from(line.quantity)),
            )
            .col_expr(
                products::Column::Version,
                Expr::col(products::Column::Version).add(1),
            )
            .col_expr(products::Column::UpdatedAt, Expr::value(now))
            .filter(products::Column::Id.eq(line.product_id))
            .filter(products::Column::Published.eq(true))
            .filter(products::Column::Stock.gte(i64::from(line.quantity)))
            .exec(txn)
            .await?;
        if taken.rows_affected != 1 {
            return Err(Failure::Short);
        }
    }
    // The fair or livestream is credited only with the orders of its
    // approved participants, and only while it runs (`events::attribution`).
    let credited = match checkout.event_id {
        Some(event_id) => {
            crate::events::attribution::credited_producers(txn, event_id, now).await?
        }
        None => std::collections::HashSet::new(),
    };
    // Prices as they stand now that the rows are ours: the server's, never
    // the client's.
    let ids: Vec<i64> = checkout.lines.iter().map(|l| l.product_id).collect();
    let rows: BTreeMap<i64, products::Model> = products::Entity::find()
        .filter(products::Column::Id.is_in(ids.clone()))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let producer_ids: Vec<i64> = rows.values().map(|p| p.producer_id).collect();
    let producer_rows: BTreeMap<i64, producers::Model> = producers::Entity::find()
        .filter(producers::Column::Id.is_in(producer_ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut drafts: BTreeMap<i64, Draft> = BTreeMap::new();
    for line in &checkout.lines {
        let product = rows
            .get(&line.product_id)
            .cloned()
            .ok_or_else(|| AppError::internal(DbErr::RecordNotFound("product".into())))?;
        let producer = producer_rows
            .get(&product.producer_id)
            .cloned()
            .ok_or_else(|| AppError::internal(DbErr::RecordNotFound("producer".into())))?;
        let draft = drafts.entry(producer.id).or_insert_with(|| Draft {
            producer,
            lines: Vec::new(),
            subtotal: Money::ZERO,
            shipping: Money::ZERO,
        });
        let line_total = Money::from_dong(product.price_vnd)
            .ok()
            .and_then(|p| p.checked_mul(line.quantity as u32))
            .ok_or_else(overflow)?;
        draft.subtotal = draft
            .subtotal
            .checked_add(line_total)
            .ok_or_else(overflow)?;
        draft.lines.push((product, line.quantity));
    }
    let mut total = Money::ZERO;
    for draft in drafts.values_mut() {
        let fee = match &checkout.delivery {
            Delivery::Pickup { .. } => 0,
            Delivery::Ship { province_id, .. } => ShippingRule::for_producer(
                ctx.settings,
                draft.producer.ship_same_province_vnd,
                draft.producer.ship_other_province_vnd,
                draft.producer.free_ship_over_vnd,
            )
            .fee(
                draft.subtotal.dong(),
                *province_id == draft.producer.province_id,
            ),
        };
        draft.shipping = Money::from_dong(fee).unwrap_or(Money::ZERO);
        total = total
            .checked_add(draft.subtotal)
            .and_then(|t| t.checked_add(draft.shipping))
            .ok_or_else(overflow)?;
    }

    let (province_id, commune_id, street, sales_point_id) = match &checkout.delivery {
        Delivery::Ship {
            province_id,
            commune_id,
            street,
        } => (
            Some(*province_id),
            Some(*commune_id),
            Some(street.clone()),
            None,
        ),
        Delivery::Pickup { sales_point_id } => (None, None, None, Some(*sales_point_id)),
    };
    let public_id = random_token()[..20].to_string();
    let saved = checkouts::ActiveModel {
        public_id: Set(public_id.clone()),
        idempotency_key: Set(key.map(str::to_owned)),
        request_hash: Set(hash.to_owned()),
        user_id: Set(user_id),
        contact_name: Set(checkout.name.clone()),
        contact_phone: Set(checkout.phone.as_str().to_owned()),
        contact_email: Set(checkout.email.clone()),
        delivery_method: Set(match checkout.delivery {
            Delivery::Ship { .. } => "ship".to_owned(),
            Delivery::Pickup { .. } => "pickup".to_owned(),
        }),
        province_id: Set(province_id),
        commune_id: Set(commune_id),
        street: Set(street),
        sales_point_id: Set(sales_point_id),
        payment_method: Set(checkout.payment),
        event_id: Set(checkout.event_id.filter(|_| !credited.is_empty())),
        total_vnd: Set(total.dong()),
        response_body: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;

    let token = random_token();
    let hold_until = match checkout.payment {
        PaymentMethod::Cod => None,
        PaymentMethod::VietQr => Some(now + Duration::hours(ctx.settings.hold_transfer_hours)),
        PaymentMethod::Card => Some(crate::stripe_client::hold_until(
            ctx.settings.hold_card_minutes,
            now,
        )),
    };
    let mut placed_orders = Vec::new();
    let mut producer_mail = Vec::new();
    for draft in drafts.values() {
        let number = new_order_number(now);
        let order_total = draft
            .subtotal
            .checked_add(draft.shipping)
            .ok_or_else(overflow)?;
        let order = orders::ActiveModel {
            number: Set(number.clone()),
            checkout_id: Set(saved.id),
            producer_id: Set(draft.producer.id),
            status: Set(OrderStatus::PendingPayment),
            subtotal_vnd: Set(draft.subtotal.dong()),
            shipping_vnd: Set(draft.shipping.dong()),
            total_vnd: Set(order_total.dong()),
            access_token_hash: Set(sha256_hex(&token)),
            event_id: Set(checkout
                .event_id
                .filter(|_| credited.contains(&draft.producer.id))),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        let mut items = Vec::new();
        for (product, quantity) in &draft.lines {
            let line_total = product.price_vnd * i64::from(*quantity);
            order_items::ActiveModel {
                order_id: Set(order.id),
                product_id: Set(product.id),
                product_code: Set(product.code.clone()),
                product_name: Set(product.name.clone()),
                unit: Set(product.unit.clone()),
                unit_price_vnd: Set(product.price_vnd),
                quantity: Set(*quantity),
                line_total_vnd: Set(line_total),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            stock_reservations::ActiveModel {
                product_id: Set(product.id),
                order_id: Set(order.id),
                quantity: Set(*quantity),
                status: Set(ReservationStatus::Held),
                expires_at: Set(hold_until),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            items.push(PlacedItem {
                code: product.code.clone(),
                line_total_vnd: line_total,
                name: product.name.clone(),
                quantity: *quantity,
                unit: product.unit.clone(),
                unit_price_vnd: product.price_vnd,
            });
        }
        record_step(
            txn,
            order.id,
            None,
            OrderStatus::PendingPayment,
            None,
            user_id,
            now,
        )
        .await?;
        let vietqr = match checkout.payment {
            PaymentMethod::VietQr => {
                Some(vietqr_for(&draft.producer, &number, order_total.dong())?)
            }
            _ => None,
        };
        let url = format!("{}/don-hang/{number}?token={token}", ctx.base_url);
        let lines: Vec<NoticeLine> = draft
            .lines
            .iter()
            .map(|(product, quantity)| NoticeLine {
                name: product.name.clone(),
                unit: product.unit.clone(),
                quantity: *quantity,
            })
            .collect();
        producer_mail.push(producer_notice(
            &draft.producer,
            &number,
            &lines,
            order_total,
            checkout.payment,
            ctx.base_url,
        ));
        placed_orders.push(PlacedOrder {
            items,
            number,
            producer_code: draft.producer.code.clone(),
            producer_name: draft.producer.name.clone(),
            shipping_vnd: draft.shipping.dong(),
            status: OrderStatus::PendingPayment,
            subtotal_vnd: draft.subtotal.dong(),
            total_vnd: order_total.dong(),
            url,
            vietqr_payload: vietqr,
        });
    }
    let single_qr = match placed_orders.as_slice() {
        [only] => only.vietqr_payload.clone(),
        _ => None,
    };
    payments::ActiveModel {
        checkout_id: Set(saved.id),
        method: Set(checkout.payment),
        status: Set(PaymentStatus::Pending),
        amount_vnd: Set(total.dong()),
        vietqr_payload: Set(single_qr.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    queue_products(txn, ids).await?;
    // A card order is announced once it is paid (see `stripe_events`).
    if checkout.payment != PaymentMethod::Card {
        if let Some(email) = &checkout.email {
            let notice = shopper_notice(
                email,
                &checkout.name,
                checkout.payment,
                &placed_orders,
                total,
            );
            mail::queue(txn, notice).await?;
        }
        for notice in producer_mail.into_iter().flatten() {
            mail::queue(txn, notice).await?;
        }
    }
    let receipt = CheckoutReceipt {
        access_token: token,
        checkout_id: public_id,
        orders: placed_orders,
        payment: PaymentReceipt {
            method: checkout.payment,
            redirect_url: None,
            status: PaymentStatus::Pending,
            vietqr_payload: single_qr,
        },
        total_vnd: total.dong(),
    };
    let stored = receipt.to_stored()?;
    let mut answer: checkouts::ActiveModel = saved.into();
    answer.response_body = Set(Some(stored));
    let saved = answer.update(txn).await?;
    Ok((saved, receipt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_plain_and_dated_in_vietnam() {
        // 23:30 UTC on 23 November is already the 24th in Vietnam.
        let at = DateTime::parse_from_rfc3339("2026-11-23T23:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let number = new_order_number(at);
        assert_eq!(number.len(), 14);
        assert!(number.starts_with("DH261124"), "{number}");
        assert!(number.bytes().all(|b| b.is_ascii_alphanumeric()));
    }
}
