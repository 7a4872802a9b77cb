//! `/don-hang/{number}?token=`: an order as its shopper follows it — where
//! it stands, what is in it, where it goes, how to pay it. Stripe sends a
//! card payer back here with `&thanh-toan=xong` (or `huy`); that only
//! changes the words shown: the order is paid when Stripe's signed webhook
//! says so, never because a browser came back.

use super::get_order_page;
use super::types::{status_words, OrderPageData};
use crate::components::{format_money, PageTitle};
use crate::domain::{OrderStatus, PaymentMethod};
use crate::i18n::{use_locale, Locale};
use crate::not_found::loaded;
use crate::time::format_vn;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The order page.
#[component]
pub fn OrderPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.read().get("number").unwrap_or_default(),
            query.read().get("token"),
        )
    };
    let order = Resource::new(key, |(number, token)| get_order_page(number, token));
    let back_from_stripe = move || query.read().get("thanh-toan");
    loaded(order, move |data| {
        let returned = back_from_stripe();
        view! { <OrderView data returned/> }
    })
    .into_any()
}

/// The steps every order goes through, for the progress line.
const PROGRESS: [OrderStatus; 5] = [
    OrderStatus::PendingPayment,
    OrderStatus::Confirmed,
    OrderStatus::Packed,
    OrderStatus::Shipped,
    OrderStatus::Delivered,
];

fn pick(words: (&'static str, &'static str), l: Locale) -> &'static str {
    l.pick(words.0, words.1)
}

#[component]
pub(crate) fn OrderView(data: OrderPageData, returned: Option<String>) -> AnyView {
    let l = use_locale();
    let o = data.order;
    let method = o.payment_method;
    let status_text = pick(status_words(o.status, method), l);
    let reached = PROGRESS.iter().position(|s| *s == o.status);
    let progress = PROGRESS
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let class = match reached {
                Some(r) if i < r => "done",
                Some(r) if i == r => "current",
                _ => "todo",
            };
            let label = pick(status_words(*step, method), l);
            view! { <li class=class aria-current=(class == "current").then_some("step")>{label}</li> }
        })
        .collect_view();
    let payment = match (method, o.paid, o.status) {
        (_, _, OrderStatus::Refunded) => l.pick("Đã hoàn tiền", "Refunded"),
        (PaymentMethod::Card, true, _) => l.pick("Đã thanh toán bằng thẻ", "Paid by card"),
        (_, true, _) => l.pick("Đã thanh toán", "Paid"),
        (PaymentMethod::Cod, false, _) => l.pick("Trả tiền mặt khi nhận hàng", "Cash on delivery"),
        (PaymentMethod::VietQr, false, _) => l.pick(
            "Chuyển khoản VietQR — chưa nhận được tiền",
            "VietQR bank transfer — not received yet",
        ),
        (_, false, OrderStatus::Cancelled) => l.pick("Thẻ — không thanh toán", "Card — not paid"),
        _ => l.pick("Thẻ — chưa thanh toán", "Card — not paid yet"),
    };
    let card = o.card_payment_url.clone().map(|url| {
        let (note, pay_again) = match returned.as_deref() {
            Some("xong") => (
                l.pick(
                    "Cảm ơn bạn! Stripe đang xác nhận khoản thanh toán; trạng thái đơn sẽ đổi khi nhận được xác nhận. Hãy tải lại trang sau ít phút.",
                    "Thank you! Stripe is confirming the payment; the order changes once it does. Reload this page in a few minutes.",
                ),
                false,
            ),
            Some("huy") => (
                l.pick(
                    "Bạn chưa thanh toán. Hàng vẫn được giữ cho đến khi trang thanh toán hết hạn.",
                    "You have not paid yet. The goods stay reserved until the payment page expires.",
                ),
                true,
            ),
            _ => (
                l.pick(
                    "Thanh toán bằng thẻ trên trang bảo mật của Stripe. Hàng được giữ cho đến khi trang thanh toán hết hạn.",
                    "Pay by card on Stripe's secure page. The goods stay reserved until the payment page expires.",
                ),
                true,
            ),
        };
        view! {
            <section class="card-payment" aria-labelledby="thanh-toan-the">
                <h2 id="thanh-toan-the">{l.pick("Thanh toán bằng thẻ", "Pay by card")}</h2>
                <p role="status">{note}</p>
                {pay_again.then(|| view! {
                    <p><a class="button" href=url rel="noreferrer">{l.pick("Thanh toán bằng thẻ", "Pay by card")}</a></p>
                })}
            </section>
        }
    });
    let delivery = match o.delivery_method.as_str() {
        "pickup" => l.pick("Nhận tại điểm bán", "Pick up at"),
        _ => l.pick("Giao đến", "Deliver to"),
    };
    view! {
        <PageTitle text=format!("{} {} — Chợ OCOP", l.pick("Đơn hàng", "Order"), o.number)/>
        <Meta name="robots" content="noindex"/>
        <article class="order">
            <header>
                <p class="muted">{l.pick("Đơn hàng", "Order")} " · " {format_vn(o.created_at)}</p>
                <h1>{o.number.clone()}</h1>
                <p class="order-status" role="status"><strong>{status_text}</strong>
                    {o.cancel_reason.clone().map(|r| view! { " — " {r} })}
                </p>
            </header>
            {(!OrderStatus::NOT_SALES.contains(&o.status)).then(|| view! {
                <ol class="order-progress" aria-label=l.pick("Tiến trình đơn hàng", "Order progress")>{progress}</ol>
            })}
            {o.tracking_no.clone().map(|t| view! {
                <p>{l.pick("Vận chuyển", "Carrier")} ": " {o.carrier.clone().unwrap_or_default()} " · "
                   {l.pick("Mã vận đơn", "Tracking number")} ": " <strong>{t}</strong></p>
            })}
            {card}
            {data.transfer.map(|t| view! {
                <section class="transfer" aria-labelledby="chuyen-khoan">
                    <h2 id="chuyen-khoan">{l.pick("Chuyển khoản để hoàn tất đơn", "Pay by bank transfer")}</h2>
                    <p>{l.pick("Quét mã bằng ứng dụng ngân hàng: số tiền và nội dung đã điền sẵn.", "Scan with your banking app: the amount and the note are filled in.")}</p>
                    <div class="qr" role="img" aria-label=l.pick("Mã VietQR của đơn hàng", "The order's VietQR code") inner_html=t.qr_svg></div>
                    <dl>
                        <dt>{l.pick("Số tiền", "Amount")}</dt><dd><strong>{format_money(o.total_vnd)}</strong></dd>
                        <dt>{l.pick("Mã ngân hàng (BIN)", "Bank BIN")}</dt><dd>{t.bank_bin}</dd>
                        <dt>{l.pick("Số tài khoản", "Account number")}</dt><dd>{t.account_no}</dd>
                        {t.account_name.map(|n| view! { <dt>{l.pick("Chủ tài khoản", "Account holder")}</dt><dd>{n}</dd> })}
                        <dt>{l.pick("Nội dung", "Note")}</dt><dd><code>{t.note}</code></dd>
                    </dl>
                </section>
            })}
            <section aria-labelledby="san-pham">
                <h2 id="san-pham">{l.pick("Sản phẩm", "Items")} " · " {o.producer_name.clone()}</h2>
                <table class="order-lines">
                    <thead><tr>
                        <th scope="col">{l.pick("Sản phẩm", "Product")}</th>
                        <th scope="col" class="num">{l.pick("SL", "Qty")}</th>
                        <th scope="col" class="num">{l.pick("Thành tiền", "Amount")}</th>
                    </tr></thead>
                    <tbody>
                        {o.items.iter().map(|i| view! {
                            <tr>
                                <td>{i.name.clone()} <span class="muted">" · " {i.unit.clone()} " · " {format_money(i.unit_price_vnd)}</span></td>
                                <td class="num">{i.quantity}</td>
                                <td class="num">{format_money(i.line_total_vnd)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="2">{l.pick("Tạm tính", "Subtotal")}</th><td class="num">{format_money(o.subtotal_vnd)}</td></tr>
                        <tr><th scope="row" colspan="2">{l.pick("Phí giao hàng", "Shipping")}</th><td class="num">{format_money(o.shipping_vnd)}</td></tr>
                        <tr class="total"><th scope="row" colspan="2">{l.pick("Tổng cộng", "Total")}</th><td class="num">{format_money(o.total_vnd)}</td></tr>
                    </tfoot>
                </table>
            </section>
            <section aria-labelledby="giao-nhan">
                <h2 id="giao-nhan">{l.pick("Giao nhận và thanh toán", "Delivery and payment")}</h2>
                <dl>
                    <dt>{l.pick("Người nhận", "Receiver")}</dt><dd>{o.contact_name.clone()} " · " {o.contact_phone.clone()}</dd>
                    <dt>{delivery}</dt><dd>{o.delivery_address.clone()}</dd>
                    <dt>{l.pick("Thanh toán", "Payment")}</dt><dd>{payment}</dd>
                    <dt>{l.pick("Người bán", "Seller")}</dt><dd>{o.producer_name.clone()} " · " <a href=format!("tel:{}", o.producer_phone)>{o.producer_phone.clone()}</a></dd>
                </dl>
            </section>
            <section aria-labelledby="lich-su">
                <h2 id="lich-su">{l.pick("Lịch sử", "History")}</h2>
                <ol class="order-history">
                    {o.history.iter().map(|h| view! {
                        <li><time datetime=h.at.to_rfc3339()>{format_vn(h.at)}</time> " — "
                            {pick(status_words(h.status, method), l)}
                            {h.note.clone().map(|n| view! { <span class="muted">" · " {n}</span> })}
                        </li>
                    }).collect_view()}
                </ol>
            </section>
        </article>
    }
    .into_any()
}
