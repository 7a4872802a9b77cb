//! Moving an order along: the producer confirms, packs, ships and delivers
//! it, or cancels it with a reason (the stock comes back at once); the
//! producer or an officer of its area marks a bank transfer or a cash
//! payment received after reconciling it. Card payments are marked paid only
//! by the payment provider's signed notification, never by hand.
//!
//! Every step is a conditional update from the status it was read in, so two
//! people acting at once cannot both move it; every step is written to the
//! order's history with who and when.

use crate::domain::{AuditAction, OrderStatus, PaymentMethod, PaymentStatus, Role};

use super::history::record_step;
use super::reservations::{commit_order, release_order};
use super::types::{StallOrder, PAYMENT_STEP};
use crate::accounts::access::oversees;
use crate::audit::{self, Change};
use crate::entities::{checkouts, orders, payments, producers, users};
use crate::error::{AppError, AppResult, Message};
use crate::mail::{self, Mail};
use crate::text::clean;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    IntoActiveModel, QueryFilter, Set,
};

/// Longest carrier name, tracking number, note or reason kept.
const MAX_TEXT_CHARS: usize = 200;

/// What someone does to an order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum OrderAction {
    /// The producer accepts it (cash on delivery, or paid).
    Confirm,
    /// Packed and ready to hand over.
    Pack,
    /// Handed to a carrier.
    Ship {
        /// Carrier's name.
        carrier: Option<String>,
        /// Tracking number.
        tracking_no: Option<String>,
    },
    /// Received by the shopper.
    Deliver,
    /// Called off; the stock returns.
    Cancel {
        /// Why, for the shopper.
        reason: String,
    },
    /// The money of a transfer or of cash on delivery has arrived.
    PaymentReceived,
}

impl OrderAction {
    /// The action named by an API `status` (and its details).
    pub fn from_status(
        status: &str,
        note: Option<&str>,
        carrier: Option<&str>,
        tracking_no: Option<&str>,
    ) -> AppResult<OrderAction> {
        let text = |v: Option<&str>| {
            v.map(clean)
                .filter(|s| !s.is_empty())
                .map(|s| s.chars().take(MAX_TEXT_CHARS).collect::<String>())
        };
        Ok(match OrderStatus::from_name(status) {
            Some(OrderStatus::Confirmed) => OrderAction::Confirm,
            Some(OrderStatus::Packed) => OrderAction::Pack,
            Some(OrderStatus::Shipped) => OrderAction::Ship {
                carrier: text(carrier),
                tracking_no: text(tracking_no),
            },
            Some(OrderStatus::Delivered) => OrderAction::Deliver,
            Some(OrderStatus::Cancelled) => OrderAction::Cancel {
                reason: text(note).ok_or_else(|| {
                    AppError::invalid(
                        "note",
                        "Hãy ghi lý do hủy đơn: người mua sẽ đọc được.",
                        "Please give the reason for cancelling: the shopper will read it.",
                    )
                })?,
            },
            Some(OrderStatus::PendingPayment | OrderStatus::Refunded) | None => {
                return Err(AppError::invalid(
                    "status",
                    "Trạng thái phải là confirmed, packed, shipped, delivered hoặc cancelled.",
                    "The status must be confirmed, packed, shipped, delivered or cancelled.",
                ))
            }
        })
    }

    /// The action a stall page's step names: [`PAYMENT_STEP`] (the money
    /// received), or a status as [`OrderAction::from_status`] reads it.
    pub fn from_step(
        step: &str,
        note: Option<&str>,
        carrier: Option<&str>,
        tracking_no: Option<&str>,
    ) -> AppResult<OrderAction> {
        if step == PAYMENT_STEP {
            return Ok(OrderAction::PaymentReceived);
        }
        OrderAction::from_status(step, note, carrier, tracking_no)
    }

    /// The statuses it may start from, and where it leads (`None`: the
    /// status stays, only the payment changes).
    fn path(&self) -> (&'static [OrderStatus], Option<OrderStatus>) {
        match self {
            OrderAction::Confirm => (&[OrderStatus::PendingPayment], Some(OrderStatus::Confirmed)),
            OrderAction::Pack => (&[OrderStatus::Confirmed], Some(OrderStatus::Packed)),
            OrderAction::Ship { .. } => (
                &[OrderStatus::Confirmed, OrderStatus::Packed],
                Some(OrderStatus::Shipped),
            ),
            OrderAction::Deliver => (&[OrderStatus::Shipped], Some(OrderStatus::Delivered)),
            OrderAction::Cancel { .. } => (
                &[
                    OrderStatus::PendingPayment,
                    OrderStatus::Confirmed,
                    OrderStatus::Packed,
                ],
                Some(OrderStatus::Cancelled),
            ),
            OrderAction::PaymentReceived => (
                &[
                    OrderStatus::PendingPayment,
                    OrderStatus::Confirmed,
                    OrderStatus::Packed,
                    OrderStatus::Shipped,
                    OrderStatus::Delivered,
                ],
                None,
            ),
        }
    }
}

fn conflict(code: &'static str, vi: &str, en: &str) -> AppError {
    AppError::Conflict {
        code,
        message: Message::new(vi, en),
    }
}

/// Applies `action` to order `number` for `user`; the order's new status.
/// Producer members and administrators may do everything, officers of the
/// producer's area may mark payments received; anyone else is told there
/// is no such order.
pub async fn change_order(
    db: &DatabaseConnection,
    user: &users::Model,
    number: &str,
    action: OrderAction,
    now: DateTime<Utc>,
) -> AppResult<OrderStatus> {
    let missing = || AppError::not_found("Không có đơn hàng này", "No such order");
    let (order, producer) = orders::Entity::find()
        .filter(orders::Column::Number.eq(number.trim()))
        .find_also_related(producers::Entity)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let producer = producer.ok_or_else(missing)?;
    if !oversees(user, &producer) {
        return Err(missing());
    }
    let may_act = match user.role {
        Role::Admin | Role::Producer => true,
        Role::Officer => action == OrderAction::PaymentReceived,
        _ => false,
    };
    if !may_act {
        return Err(AppError::Forbidden);
    }
    let checkout = checkouts::Entity::find_by_id(order.checkout_id)
        .one(db)
        .await?
        .ok_or_else(missing)?;
    let method = checkout.payment_method;
    let (from, to) = action.path();
    if !from.contains(&order.status) {
        return Err(conflict(
            "order_status",
            &format!(
                "Đơn đang ở trạng thái “{}”: không thể làm bước này.",
                order.status
            ),
            &format!("The order is “{}”: this step does not apply.", order.status),
        ));
    }
    let paid = order.payment_received_at.is_some();
    match &action {
        OrderAction::Confirm if method != PaymentMethod::Cod && !paid => {
            return Err(conflict(
                "not_paid",
                "Đơn chưa được thanh toán: hãy xác nhận đã nhận tiền trước.",
                "The order is not paid yet: mark the payment received first.",
            ))
        }
        OrderAction::PaymentReceived if method == PaymentMethod::Card => {
            return Err(conflict(
                "card_payment",
                "Thanh toán thẻ chỉ được xác nhận bởi cổng thanh toán.",
                "Card payments are confirmed by the payment provider only.",
            ))
        }
        OrderAction::PaymentReceived if paid => {
            return Err(conflict(
                "already_paid",
                "Đơn này đã được ghi nhận thanh toán.",
                "This order's payment is already recorded.",
            ))
        }
        _ => {}
    }
    let txn = crate::db::begin_write(db).await?;
    let status = apply(&txn, user, &order, &action, to, method, now).await?;
    if action == OrderAction::PaymentReceived {
        settle_payment(&txn, &checkout, user, now).await?;
    }
    if let Some(email) = &checkout.contact_email {
        if let Some(notice) = shopper_notice(email, &order.number, &action) {
            mail::queue(&txn, notice).await?;
        }
    }
    // The producer's own steps are the order's history; an officer's or an
    // administrator's are the audit log's too.
    let change = Change::new(AuditAction::OrderMoved, &order.number)
        .before(&Moved {
            status: order.status,
            action: None,
        })
        .after(&Moved {
            status,
            action: Some(&action),
        });
    audit::record_if_staff(&txn, user, change).await?;
    txn.commit().await?;
    tracing::info!(order = %order.number, user = user.id, status = %status, "order changed");
    Ok(status)
}

/// An order's step as the audit log keeps it.
#[derive(serde::Serialize)]
struct Moved<'a> {
    status: OrderStatus,
    action: Option<&'a OrderAction>,
}

/// Writes the change; a concurrent change of the same order makes it a
/// conflict instead of a second step.
async fn apply(
    txn: &DatabaseTransaction,
    user: &users::Model,
    order: &orders::Model,
    action: &OrderAction,
    to: Option<OrderStatus>,
    method: PaymentMethod,
    now: DateTime<Utc>,
) -> AppResult<OrderStatus> {
    let mut update = orders::Entity::update_many()
        .col_expr(orders::Column::UpdatedAt, Expr::value(now))
        .filter(orders::Column::Id.eq(order.id))
        .filter(orders::Column::Status.eq(order.status));
    // A transfer received for an order still waiting confirms it; cash is
    // received at delivery.
    let to = match (action, to, order.status) {
        (OrderAction::PaymentReceived, None, OrderStatus::PendingPayment) => {
            Some(OrderStatus::Confirmed)
        }
        (_, to, _) => to,
    };
    let receives_money = matches!(action, OrderAction::PaymentReceived)
        || (matches!(action, OrderAction::Deliver)
            && method == PaymentMethod::Cod
            && order.payment_received_at.is_none());
    if receives_money {
        update = update.col_expr(orders::Column::PaymentReceivedAt, Expr::value(now));
    }
    if let Some(to) = to {
        update = update.col_expr(orders::Column::Status, Expr::value(to));
    }
    let note = match action {
        OrderAction::Ship {
            carrier,
            tracking_no,
        } => {
            update = update
                .col_expr(orders::Column::Carrier, Expr::value(carrier.clone()))
                .col_expr(orders::Column::TrackingNo, Expr::value(tracking_no.clone()));
            let parts: Vec<&str> = [carrier.as_deref(), tracking_no.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            (!parts.is_empty()).then(|| parts.join(" · "))
        }
        OrderAction::Cancel { reason } => {
            update = update.col_expr(orders::Column::CancelReason, Expr::value(reason.clone()));
            Some(reason.clone())
        }
        OrderAction::PaymentReceived => Some(match method {
            PaymentMethod::Cod => "Đã nhận tiền mặt / cash received".to_owned(),
            _ => "Đã nhận tiền chuyển khoản / transfer received".to_owned(),
        }),
        _ => None,
    };
    let changed = update.exec(txn).await?;
    if changed.rows_affected != 1 {
        return Err(conflict(
            "order_changed",
            "Đơn vừa được người khác cập nhật: hãy tải lại và xem trạng thái mới.",
            "Someone else just changed this order: reload to see where it stands.",
        ));
    }
    let status = to.unwrap_or(order.status);
    if to.is_some() || receives_money {
        record_step(
            txn,
            order.id,
            Some(order.status),
            status,
            note.as_deref(),
            Some(user.id),
            now,
        )
        .await?;
    }
    match (action, to) {
        (OrderAction::Cancel { .. }, _) => {
            release_order(txn, order.id, now).await?;
        }
        (_, Some(OrderStatus::Confirmed)) => commit_order(txn, order.id, now).await?,
        _ => {}
    }
    Ok(status)
}

/// Marks the checkout's payment paid once every order in it is.
async fn settle_payment(
    txn: &DatabaseTransaction,
    checkout: &checkouts::Model,
    user: &users::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let unpaid = orders::Entity::find()
        .filter(orders::Column::CheckoutId.eq(checkout.id))
        .filter(orders::Column::PaymentReceivedAt.is_null())
        .filter(orders::Column::Status.ne(OrderStatus::Cancelled))
        .one(txn)
        .await?;
    if unpaid.is_some() {
        return Ok(());
    }
    if let Some(payment) = payments::Entity::find()
        .filter(payments::Column::CheckoutId.eq(checkout.id))
        .one(txn)
        .await?
    {
        let mut active = payment.into_active_model();
        active.status = Set(PaymentStatus::Succeeded);
        active.confirmed_by_user_id = Set(Some(user.id));
        active.confirmed_at = Set(Some(now));
        active.updated_at = Set(now);
        active.update(txn).await?;
    }
    Ok(())
}

/// The shopper hears of the steps that change their plans.
fn shopper_notice(email: &str, number: &str, action: &OrderAction) -> Option<Mail> {
    let (vi, en) = match action {
        OrderAction::Confirm => (
            "đã được người bán xác nhận".to_owned(),
            "was confirmed by the seller".to_owned(),
        ),
        OrderAction::Ship {
            carrier,
            tracking_no,
        } => {
            let detail = [carrier.as_deref(), tracking_no.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            (
                format!("đang được giao {detail}"),
                format!("is on its way {detail}"),
            )
        }
        OrderAction::Cancel { reason } => (
            format!("đã bị hủy. Lý do: {reason}"),
            format!("was cancelled. Reason: {reason}"),
        ),
        OrderAction::PaymentReceived => (
            "đã được ghi nhận thanh toán".to_owned(),
            "is paid: the seller received the money".to_owned(),
        ),
        OrderAction::Pack | OrderAction::Deliver => return None,
    };
    Some(Mail {
        to: email.to_owned(),
        subject: format!("Đơn hàng {number} / Order {number}"),
        text: format!("Đơn hàng {number} {vi}.\n\nOrder {number} {en}.\n\n— Chợ OCOP\n"),
    })
}

/// The orders of `producer_id`, newest first, optionally of one status;
/// with the count of every status.
pub async fn list_for_producer(
    db: &DatabaseConnection,
    producer_id: i64,
    status: Option<&str>,
) -> AppResult<(Vec<StallOrder>, std::collections::BTreeMap<String, u64>)> {
    use sea_orm::QueryOrder;
    let rows = orders::Entity::find()
        .filter(orders::Column::ProducerId.eq(producer_id))
        .order_by_desc(orders::Column::Id)
        .find_also_related(checkouts::Entity)
        .all(db)
        .await?;
    let mut counts = std::collections::BTreeMap::new();
    let mut list = Vec::new();
    for (order, checkout) in rows {
        *counts.entry(order.status.name().to_owned()).or_insert(0) += 1;
        // A word that is no status matches no order.
        if status.is_some_and(|s| OrderStatus::from_name(s) != Some(order.status)) {
            continue;
        }
        let Some(checkout) = checkout else { continue };
        list.push(StallOrder {
            paid: order.payment_received_at.is_some(),
            number: order.number,
            status: order.status,
            payment_method: checkout.payment_method,
            total_vnd: order.total_vnd,
            contact_name: checkout.contact_name,
            created_at: order.created_at,
        });
    }
    Ok((list, counts))
}

/// The orders as CSV for a spreadsheet: UTF-8 with a byte-order mark (so
/// Excel reads Vietnamese), times in Asia/Ho_Chi_Minh, cells a shopper typed
/// made inert.
pub fn orders_csv(items: &[StallOrder]) -> AppResult<Vec<u8>> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let header = [
            "so_don",
            "trang_thai",
            "thanh_toan",
            "da_nhan_tien",
            "tong_vnd",
            "nguoi_nhan",
            "dat_luc",
        ];
        let failed = |e: csv::Error| AppError::internal(e);
        writer.write_record(header).map_err(failed)?;
        for o in items {
            writer
                .write_record([
                    o.number.clone(),
                    o.status.to_string(),
                    o.payment_method.to_string(),
                    if o.paid { "co" } else { "chua" }.to_owned(),
                    o.total_vnd.to_string(),
                    crate::text::inert_cell(&o.contact_name),
                    crate::time::format_vn(o.created_at),
                ])
                .map_err(failed)?;
        }
        writer.flush().map_err(AppError::internal)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{OrderAction, PAYMENT_STEP};
    use crate::error::AppError;

    /// The field a refused step names.
    fn refused_field(result: crate::error::AppResult<OrderAction>) -> String {
        match result {
            Err(AppError::Validation { fields }) => fields.into_keys().collect(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn steps_are_named_by_the_status_they_lead_to() {
        let step = |s: &str| OrderAction::from_status(s, Some(" Hết hàng "), None, None);
        assert_eq!(step("confirmed").unwrap(), OrderAction::Confirm);
        assert_eq!(step("packed").unwrap(), OrderAction::Pack);
        assert_eq!(step("delivered").unwrap(), OrderAction::Deliver);
        assert_eq!(
            step("cancelled").unwrap(),
            OrderAction::Cancel {
                reason: "Hết hàng".into()
            }
        );
        assert_eq!(
            OrderAction::from_status("shipped", None, Some("GHN"), Some("")).unwrap(),
            OrderAction::Ship {
                carrier: Some("GHN".into()),
                tracking_no: None
            }
        );
        for word in [
            "pending_payment",
            "refunded",
            "Confirmed",
            " packed",
            "",
            PAYMENT_STEP,
        ] {
            assert_eq!(refused_field(step(word)), "status", "{word:?}");
        }
        let no_reason = OrderAction::from_status("cancelled", Some("  "), None, None);
        assert_eq!(refused_field(no_reason), "note");
    }

    #[test]
    fn the_stall_page_also_marks_the_money_received() {
        let step = |s: &str| OrderAction::from_step(s, None, None, None);
        assert_eq!(step(PAYMENT_STEP).unwrap(), OrderAction::PaymentReceived);
        assert_eq!(step("packed").unwrap(), OrderAction::Pack);
        assert_eq!(refused_field(step("paid ")), "status");
    }
}
