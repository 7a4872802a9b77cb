//! The mail a checkout sends: to the shopper (every order, its lines and its
//! link) and to each producer (its new order, to confirm). Cash and transfer
//! checkouts send them when placed; a card checkout only once Stripe says it
//! is paid, so nobody is told of an order that was never paid for.

use super::receipt::{CheckoutReceipt, PlacedOrder};
use super::PaymentMethod;
use crate::domain::Money;
use crate::entities::producers;
use crate::mail::Mail;

/// One line as the producer's notice lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeLine {
    /// Product name.
    pub name: String,
    /// Selling unit.
    pub unit: String,
    /// Units ordered.
    pub quantity: i32,
}

fn payment_words(method: PaymentMethod) -> &'static str {
    match method {
        PaymentMethod::Cod => "Thanh toán khi nhận hàng / Cash on delivery",
        PaymentMethod::VietQr => {
            "Chuyển khoản VietQR: quét mã trên trang đơn hàng / VietQR transfer: scan the code on the order page"
        }
        PaymentMethod::Card => "Thẻ qua Stripe — đã thanh toán / Card through Stripe — paid",
    }
}

/// The shopper's mail: every order of the checkout (as in the checkout's
/// answer, `orders`) with its lines, total and link.
pub fn shopper_notice(
    email: &str,
    name: &str,
    payment: PaymentMethod,
    orders: &[PlacedOrder],
    total: Money,
) -> Mail {
    let numbers: Vec<&str> = orders.iter().map(|o| o.number.as_str()).collect();
    let mut text = format!(
        "Chào {name},\n\nChợ OCOP đã nhận đơn hàng của bạn. / We have received your order.\n\n"
    );
    for order in orders {
        text.push_str(&format!("Đơn {} — {}\n", order.number, order.producer_name));
        for item in &order.items {
            text.push_str(&format!(
                "  {} × {} ({}): {}\n",
                item.quantity,
                item.name,
                item.unit,
                dong(item.line_total_vnd)
            ));
        }
        text.push_str(&format!(
            "  Phí giao hàng / Shipping: {}\n  Cộng / Total: {}\n  Theo dõi đơn / Follow the order: {}\n\n",
            dong(order.shipping_vnd),
            dong(order.total_vnd),
            order.url
        ));
    }
    text.push_str(&format!(
        "Tổng cộng / Grand total: {total}\nThanh toán / Payment: {}\n\nChợ OCOP\n",
        payment_words(payment)
    ));
    Mail {
        to: email.to_owned(),
        subject: format!("Chợ OCOP: đã nhận đơn hàng {}", numbers.join(", ")),
        text,
    }
}

/// A producer's mail about its new order `number`; `None` when the
/// producer has no usable address.
pub fn producer_notice(
    producer: &producers::Model,
    number: &str,
    lines: &[NoticeLine],
    total: Money,
    payment: PaymentMethod,
    base_url: &str,
) -> Option<Mail> {
    let to = crate::accounts::users::normalize_email(&producer.email)?;
    let mut text = format!(
        "Cơ sở {} có đơn hàng mới {number}. / New order {number}.\n\n",
        producer.name
    );
    for line in lines {
        text.push_str(&format!(
            "  {} × {} ({})\n",
            line.quantity, line.name, line.unit
        ));
    }
    text.push_str(&format!(
        "\nCộng / Total: {total}\nThanh toán / Payment: {}\nXem và xác nhận đơn / See and confirm: {base_url}/quan-ly/don-hang/{number}\n",
        payment_words(payment)
    ));
    Some(Mail {
        to,
        subject: format!("Chợ OCOP: đơn hàng mới {number}"),
        text,
    })
}

/// Mails the shopper and the producers of the card checkout `checkout` once
/// its orders `numbers` are paid, from the checkout's stored answer (which
/// holds the shopper's order links).
pub async fn queue_card_notices(
    db: &impl sea_orm::ConnectionTrait,
    checkout: &crate::entities::checkouts::Model,
    numbers: &[String],
    base_url: &str,
) -> crate::error::AppResult<()> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let receipt = CheckoutReceipt::from_stored(checkout.response_body.as_deref());
    let paid: Vec<PlacedOrder> = receipt
        .map(|r| r.orders)
        .unwrap_or_default()
        .into_iter()
        .filter(|o| numbers.contains(&o.number))
        .collect();
    if paid.is_empty() {
        return Ok(());
    }
    let total = paid
        .iter()
        .try_fold(Money::ZERO, |sum, o| sum.checked_add(dong(o.total_vnd)))
        .unwrap_or_default();
    if let Some(email) = &checkout.contact_email {
        let notice = shopper_notice(
            email,
            &checkout.contact_name,
            PaymentMethod::Card,
            &paid,
            total,
        );
        crate::mail::queue(db, notice).await?;
    }
    let codes: Vec<&str> = paid.iter().map(|o| o.producer_code.as_str()).collect();
    let producers = producers::Entity::find()
        .filter(producers::Column::Code.is_in(codes))
        .all(db)
        .await?;
    for order in &paid {
        let Some(producer) = producers.iter().find(|p| order.producer_code == p.code) else {
            continue;
        };
        let lines: Vec<NoticeLine> = order
            .items
            .iter()
            .map(|item| NoticeLine {
                name: item.name.clone(),
                unit: item.unit.clone(),
                quantity: item.quantity,
            })
            .collect();
        if let Some(notice) = producer_notice(
            producer,
            &order.number,
            &lines,
            dong(order.total_vnd),
            PaymentMethod::Card,
            base_url,
        ) {
            crate::mail::queue(db, notice).await?;
        }
    }
    Ok(())
}

/// A sum in đồng as the mail shows it ("85.000 ₫").
fn dong(vnd: i64) -> Money {
    Money::from_dong(vnd).unwrap_or_default()
}
