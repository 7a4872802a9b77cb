//! Reading an order, for exactly the people who may: the guest holding the
//! link's token, the account that placed it, a member of its producer, an
//! officer of the producer's area, an administrator. Anyone else is told
//! there is no such order, the same answer as for a number that does not
//! exist.

use super::receipt::CheckoutReceipt;
use super::transfer::{transfer_details, vietqr_for};
use super::types::{OrderLine, OrderPageData, OrderStep, OrderView};
use super::{OrderStatus, PaymentMethod};
use crate::accounts::access::oversees;
use crate::entities::{
    checkouts, communes, order_items, order_status_history, orders, producers, provinces,
    sales_points, users,
};
use crate::error::{AppError, AppResult};
use crate::sessions::{same_secret, sha256_hex};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

fn no_such_order() -> AppError {
    AppError::not_found("Không có đơn hàng này", "No such order")
}

/// The order `number` for a reader with `token` (from the confirmation
/// link) or signed in as `user`.
pub async fn order_for(
    db: &DatabaseConnection,
    number: &str,
    token: Option<&str>,
    user: Option<&users::Model>,
) -> AppResult<OrderView> {
    let (order, checkout, producer) = visible(db, number, token, user).await?;
    view(db, order, checkout, &producer).await
}

/// The order page's content: [`order_for`] and, while a transfer is
/// awaited, how to pay it.
pub async fn order_page(
    db: &DatabaseConnection,
    number: &str,
    token: Option<&str>,
    user: Option<&users::Model>,
) -> AppResult<OrderPageData> {
    let (order, checkout, producer) = visible(db, number, token, user).await?;
    let order = view(db, order, checkout, &producer).await?;
    let transfer = match &order.vietqr_payload {
        Some(payload) => transfer_details(&producer, &order, payload)?,
        None => None,
    };
    Ok(OrderPageData { order, transfer })
}

/// The order with its checkout and producer, when the reader may see it.
async fn visible(
    db: &DatabaseConnection,
    number: &str,
    token: Option<&str>,
    user: Option<&users::Model>,
) -> AppResult<(orders::Model, checkouts::Model, producers::Model)> {
    let number = number.trim().to_uppercase();
    let order = orders::Entity::find()
        .filter(orders::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or_else(no_such_order)?;
    let checkout = checkouts::Entity::find_by_id(order.checkout_id)
        .one(db)
        .await?
        .ok_or_else(no_such_order)?;
    let producer = producers::Entity::find_by_id(order.producer_id)
        .one(db)
        .await?
        .ok_or_else(no_such_order)?;
    let by_token = token.is_some_and(|t| same_secret(&sha256_hex(t), &order.access_token_hash));
    let by_account = user.is_some_and(|u| checkout.user_id == Some(u.id) || oversees(u, &producer));
    if !(by_token || by_account) {
        return Err(no_such_order());
    }
    Ok((order, checkout, producer))
}

async fn view(
    db: &DatabaseConnection,
    order: orders::Model,
    checkout: checkouts::Model,
    producer: &producers::Model,
) -> AppResult<OrderView> {
    let items = order_items::Entity::find()
        .filter(order_items::Column::OrderId.eq(order.id))
        .order_by_asc(order_items::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| OrderLine {
            code: i.product_code,
            name: i.product_name,
            unit: i.unit,
            unit_price_vnd: i.unit_price_vnd,
            quantity: i.quantity,
            line_total_vnd: i.line_total_vnd,
        })
        .collect();
    let history = order_status_history::Entity::find()
        .filter(order_status_history::Column::OrderId.eq(order.id))
        .order_by_asc(order_status_history::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|h| OrderStep {
            status: h.to_status,
            at: h.created_at,
            note: h.note,
        })
        .collect();
    let delivery_address = match (checkout.sales_point_id, checkout.commune_id) {
        (Some(point), _) => match sales_points::Entity::find_by_id(point).one(db).await? {
            Some(p) => format!("{}, {}", p.name, p.address),
            None => String::new(),
        },
        (None, Some(commune)) => {
            let commune = communes::Entity::find_by_id(commune).one(db).await?;
            let province = match &commune {
                Some(c) => provinces::Entity::find_by_id(c.province_id).one(db).await?,
                None => None,
            };
            [
                checkout.street.clone().unwrap_or_default(),
                commune.map(|c| c.full_name).unwrap_or_default(),
                province.map(|p| p.name).unwrap_or_default(),
            ]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
        }
        (None, None) => String::new(),
    };
    let paid = order.payment_received_at.is_some();
    let awaiting_transfer = checkout.payment_method == PaymentMethod::VietQr
        && !paid
        && order.status == OrderStatus::PendingPayment;
    let vietqr_payload = if awaiting_transfer {
        vietqr_for(producer, &order.number, order.total_vnd).ok()
    } else {
        None
    };
    // The Stripe page stays usable until it expires; its address is in the
    // checkout's stored answer.
    let awaiting_card = checkout.payment_method == PaymentMethod::Card
        && !paid
        && order.status == OrderStatus::PendingPayment;
    let card_payment_url = if awaiting_card {
        CheckoutReceipt::from_stored(checkout.response_body.as_deref())
            .and_then(|r| r.payment.redirect_url)
    } else {
        None
    };
    Ok(OrderView {
        number: order.number,
        status: order.status,
        producer_code: producer.code.clone(),
        producer_name: producer.name.clone(),
        producer_phone: producer.phone.clone(),
        items,
        subtotal_vnd: order.subtotal_vnd,
        shipping_vnd: order.shipping_vnd,
        total_vnd: order.total_vnd,
        payment_method: checkout.payment_method,
        paid,
        vietqr_payload,
        card_payment_url,
        contact_name: checkout.contact_name,
        contact_phone: checkout.contact_phone,
        delivery_method: checkout.delivery_method,
        delivery_address,
        carrier: order.carrier,
        tracking_no: order.tracking_no,
        cancel_reason: order.cancel_reason,
        created_at: order.created_at,
        history,
    })
}
