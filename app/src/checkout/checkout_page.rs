//! `/thanh-toan`, the checkout form, and `/dat-hang/{checkout}`, its
//! confirmation. The form works with JavaScript off: choosing a province
//! is a button that brings back its communes, and a refused form comes back
//! filled in with each problem next to its field. With JavaScript the
//! communes and the shipping follow the province as it is chosen.

use super::form::{get_checkout_page, get_checkout_quote, get_confirmation, PlaceOrder};
use super::types::{CheckoutPageData, CheckoutQuote, Choice, ConfirmationData};
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::domain::PaymentMethod;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::not_found::loaded;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The checkout page.
#[component]
pub fn CheckoutPage() -> AnyView {
    let l = use_locale();
    let page = Resource::new(|| (), |_| get_checkout_page());
    view! {
        <PageTitle text=l.pick("Thanh toán — Chợ OCOP", "Checkout — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="checkout" aria-labelledby="thanh-toan">
            <h1 id="thanh-toan">{l.pick("Thanh toán", "Checkout")}</h1>
            <Suspense fallback=Loading>
                {move || page.get().map(|r| match r {
                    Ok(data) if data.units > 0 => view! { <CheckoutForm data/> }.into_any(),
                    Ok(_) => view! {
                        <p>{l.pick("Giỏ hàng đang trống.", "Your cart is empty.")}</p>
                        <p><a class="button" href="/san-pham">{l.pick("Xem sản phẩm OCOP", "Browse OCOP products")}</a></p>
                    }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

/// A labelled text input with its problem, if any.
#[component]
fn Field(
    name: &'static str,
    label: &'static str,
    value: String,
    error: Signal<Option<FormError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] autocomplete: &'static str,
    #[prop(default = false)] required: bool,
) -> AnyView {
    let invalid = move || error.get().and_then(|e| e.field(name)).is_some();
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input id=name name=name type=kind value=value autocomplete=autocomplete required=required
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || invalid().then(|| format!("{name}-error"))/>
            {field_problem(error, name)}
        </div>
    }
    .into_any()
}

fn options(choices: &[Choice], selected: &str) -> impl IntoView {
    choices
        .iter()
        .map(|c| {
            let chosen = c.code == selected;
            view! { <option value=c.code.clone() selected=chosen>{c.label.clone()}</option> }
        })
        .collect_view()
}

#[component]
fn CheckoutForm(data: CheckoutPageData) -> AnyView {
    let l = use_locale();
    let place = ServerAction::<PlaceOrder>::new();
    let error = crate::forms::failure(place.value());
    let v = data.values.clone();
    let province = RwSignal::new(v.province.clone());
    let delivery = RwSignal::new(if v.delivery == "pickup" {
        "pickup"
    } else {
        "ship"
    });
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let quote = Resource::new(move || province.get(), get_checkout_quote);
    let pickup_possible = !data.sales_points.is_empty();
    let commune = v.commune.clone();
    // Cash on delivery until the shopper chooses; a word that is no method
    // checks nothing.
    let payment = if v.payment.is_empty() {
        Some(PaymentMethod::Cod)
    } else {
        PaymentMethod::from_name(&v.payment)
    };
    let payment_choice = move |method: PaymentMethod,
                               label: &'static str,
                               enabled: bool,
                               note: Option<&'static str>| {
        let checked = payment == Some(method) && enabled;
        let value = method.name();
        view! {
            <label class="choice" class:disabled=!enabled>
                <input type="radio" name="payment" value=value checked=checked disabled=!enabled/>
                {label}
                {note.map(|n| view! { <span class="muted">" — " {n}</span> })}
            </label>
        }
    };
    view! {
        <ActionForm action=place>
            <CsrfField/>
            <input type="hidden" name="form_token" value=data.form_token.clone()/>
            <FormProblem error with_fields=false/>
            <fieldset>
                <legend>{l.pick("Người nhận", "Receiver")}</legend>
                <Field name="name" label=l.pick("Họ và tên", "Full name") value=v.name.clone() error autocomplete="name" required=true/>
                <Field name="phone" label=l.pick("Số điện thoại", "Phone number") value=v.phone.clone() error kind="tel" autocomplete="tel" required=true/>
                <Field name="email" label=l.pick("E-mail (không bắt buộc, để nhận xác nhận)", "E-mail (optional, for the confirmation)") value=v.email.clone() error kind="email" autocomplete="email"/>
            </fieldset>
            <fieldset>
                <legend>{l.pick("Giao nhận", "Delivery")}</legend>
                {field_problem(error, "delivery")}
                <label class="choice">
                    <input type="radio" name="delivery" value="ship" checked=v.delivery != "pickup"
                        on:change=move |_| delivery.set("ship")/>
                    {l.pick("Giao đến địa chỉ", "Deliver to an address")}
                </label>
                <label class="choice" class:disabled=!pickup_possible>
                    <input type="radio" name="delivery" value="pickup" checked=v.delivery == "pickup" disabled=!pickup_possible
                        on:change=move |_| delivery.set("pickup")/>
                    {l.pick("Nhận tại điểm bán OCOP", "Pick up at an OCOP sales point")}
                    {(!pickup_possible).then(|| view! { <span class="muted">" — " {l.pick("chưa có điểm bán nào có đủ các sản phẩm trong giỏ", "no sales point carries every item in the cart")}</span> })}
                </label>
                <div class="delivery-ship" class:visually-hidden=move || hydrated.get() && delivery.get() != "ship">
                    <div class="field">
                        <label for="province">{l.pick("Tỉnh / thành phố", "Province / city")}</label>
                        <select id="province" name="province" autocomplete="address-level1"
                            on:change=move |ev| province.set(event_target_value(&ev))>
                            <option value="" selected=v.province.is_empty()>{l.pick("— Chọn tỉnh / thành —", "— Choose a province —")}</option>
                            {options(&data.provinces, &v.province)}
                        </select>
                        <button type="submit" name="intent" value="province" formnovalidate=true class="secondary"
                            class:visually-hidden=move || hydrated.get()>
                            {l.pick("Xem xã / phường của tỉnh này", "Show this province's communes")}
                        </button>
                        {field_problem(error, "province")}
                    </div>
                    <div class="field">
                        <label for="commune">{l.pick("Xã / phường", "Commune / ward")}</label>
                        <Transition fallback=move || view! { <select id="commune" name="commune" disabled=true></select> }>
                            {let commune = commune.clone(); move || {
                                let commune = commune.clone();
                                quote.get().map(move |q| {
                                    let communes = q.map(|q| q.communes).unwrap_or_default();
                                    let none = communes.is_empty();
                                    view! {
                                        <select id="commune" name="commune" autocomplete="address-level2" disabled=none>
                                            <option value="">{if none {
                                                l.pick("— Chọn tỉnh / thành trước —", "— Choose the province first —")
                                            } else {
                                                l.pick("— Chọn xã / phường —", "— Choose a commune or ward —")
                                            }}</option>
                                            {options(&communes, &commune)}
                                        </select>
                                    }
                                })
                            }}
                        </Transition>
                        {field_problem(error, "commune")}
                    </div>
                    <Field name="street" label=l.pick("Số nhà, đường, thôn / ấp", "House number, street, hamlet") value=v.street.clone() error autocomplete="street-address"/>
                </div>
                {pickup_possible.then(|| view! {
                    <div class="delivery-pickup field" class:visually-hidden=move || hydrated.get() && delivery.get() != "pickup">
                        <label for="sales_point">{l.pick("Điểm bán", "Sales point")}</label>
                        <select id="sales_point" name="sales_point">
                            <option value="">{l.pick("— Chọn điểm bán —", "— Choose a sales point —")}</option>
                            {options(&data.sales_points, &v.sales_point)}
                        </select>
                        {field_problem(error, "sales_point")}
                    </div>
                })}
            </fieldset>
            <fieldset>
                <legend>{l.pick("Thanh toán", "Payment")}</legend>
                {field_problem(error, "payment")}
                {payment_choice(PaymentMethod::Cod, l.pick("Tiền mặt khi nhận hàng (COD)", "Cash on delivery"), true, None)}
                {payment_choice(PaymentMethod::VietQr, l.pick("Chuyển khoản ngân hàng bằng VietQR", "Bank transfer by VietQR"), data.vietqr_available,
                    (!data.vietqr_available).then(|| l.pick("người bán chưa đăng ký tài khoản nhận tiền", "a seller has no receiving account yet")))}
                {data.card_available.then(|| payment_choice(PaymentMethod::Card, l.pick("Thẻ quốc tế (Visa, Mastercard)", "Card (Visa, Mastercard)"), true, None))}
            </fieldset>
            <Field name="event_code" label=l.pick("Mã hội chợ / livestream (nếu có)", "Fair or livestream code (if any)") value=v.event_code.clone() error/>
            <Transition fallback=Loading>
                {move || quote.get().map(|q| match q {
                    Ok(q) => view! { <Summary quote=q/> }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Transition>
            {field_problem(error, "cart")}
            <p class="muted">{l.pick(
                "Giá và phí giao hàng do Chợ OCOP tính lại khi đặt; mỗi người bán giao một đơn riêng.",
                "Prices and shipping are computed again when you order; each seller ships its own order.",
            )}</p>
            <button type="submit" class="button primary" disabled=move || place.pending().get()>
                {move || if place.pending().get() { l.pick("Đang đặt hàng…", "Placing the order…") } else { l.pick("Đặt hàng", "Place the order") }}
            </button>
        </ActionForm>
    }
    .into_any()
}

/// The order summary with the shipping to the chosen province.
#[component]
fn Summary(quote: CheckoutQuote) -> AnyView {
    let l = use_locale();
    view! {
        <section class="checkout-summary" aria-labelledby="tom-tat">
            <input type="hidden" name="cart_hash" value=quote.cart_hash.clone()/>
            <h2 id="tom-tat">{l.pick("Đơn hàng của bạn", "Your order")}</h2>
            {quote.cart.groups.iter().map(|g| view! {
                <div class="summary-group">
                    <h3>{g.producer_name.clone()}</h3>
                    <ul>
                        {g.lines.iter().map(|line| view! {
                            <li>{line.name.clone()} " × " {line.quantity} <span class="num">{format_money(line.line_total_vnd)}</span></li>
                        }).collect_view()}
                    </ul>
                    <p>{l.pick("Phí giao hàng", "Shipping")} <span class="num">{format_money(g.shipping_vnd)}</span></p>
                </div>
            }).collect_view()}
            <p class="summary-total">{l.pick("Tổng cộng", "Total")} <strong class="num" data-testid="checkout-total">{format_money(quote.cart.total_vnd)}</strong></p>
            {quote.cart.needs_attention().then(|| view! {
                <p class="form-error" role="alert">{l.pick("Giỏ hàng có thay đổi cần xem lại.", "Your cart has changes to review.")} " "
                    <a href="/gio-hang">{l.pick("Về giỏ hàng", "Back to the cart")}</a></p>
            })}
        </section>
    }
    .into_any()
}

/// `/dat-hang/{checkout}?token=`: what was ordered, with a link to each order.
#[component]
pub fn ConfirmationPage() -> AnyView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || {
        (
            params.read().get("checkout").unwrap_or_default(),
            query.read().get("token"),
        )
    };
    let data = Resource::new(key, |(checkout, token)| get_confirmation(checkout, token));
    loaded(data, |data| view! { <Confirmation data/> }).into_any()
}

#[component]
fn Confirmation(data: ConfirmationData) -> AnyView {
    let l = use_locale();
    let count = data.orders.len();
    let intro = match (l, count) {
        (Locale::Vi, 1) => "Cảm ơn bạn! Đơn hàng đã được gửi tới người bán.".to_string(),
        (Locale::Vi, n) => format!("Cảm ơn bạn! {n} đơn hàng đã được gửi tới {n} người bán; mỗi người bán giao đơn của mình."),
        (Locale::En, 1) => "Thank you! Your order went to the seller.".to_string(),
        (Locale::En, n) => format!("Thank you! {n} orders went to {n} sellers; each ships its own."),
    };
    let next = match data.payment_method {
        PaymentMethod::VietQr => l.pick(
            "Mở từng đơn để quét mã VietQR và chuyển khoản đúng số tiền.",
            "Open each order to scan its VietQR code and transfer the exact amount.",
        ),
        PaymentMethod::Card => l.pick(
            "Đơn được xác nhận khi cổng thanh toán báo đã nhận tiền.",
            "The orders are confirmed once the payment provider reports the payment.",
        ),
        PaymentMethod::Cod => l.pick(
            "Người bán sẽ gọi xác nhận; bạn trả tiền mặt khi nhận hàng.",
            "The seller will call to confirm; you pay cash on delivery.",
        ),
    };
    view! {
        <PageTitle text=l.pick("Đặt hàng thành công — Chợ OCOP", "Order placed — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="confirmation" aria-labelledby="xac-nhan">
            <h1 id="xac-nhan">{l.pick("Đặt hàng thành công", "Order placed")}</h1>
            <p role="status">{intro}</p>
            <p>{next}</p>
            {data.email.clone().map(|e| view! { <p class="muted">{l.pick("Xác nhận đã gửi tới ", "A confirmation went to ")} {e}</p> })}
            <ul class="confirmed-orders">
                {data.orders.iter().map(|o| view! {
                    <li>
                        <a href=o.url.clone()><strong>{o.number.clone()}</strong></a>
                        " · " {o.producer_name.clone()} " · " {format_money(o.total_vnd)}
                    </li>
                }).collect_view()}
            </ul>
            <p>{l.pick("Tổng cộng", "Total")} ": " <strong>{format_money(data.total_vnd)}</strong></p>
            <p class="muted">{l.pick(
                "Hãy lưu lại các liên kết đơn hàng ở trên: đó là cách xem đơn khi không đăng nhập.",
                "Keep the order links above: they are how you follow the orders without an account.",
            )}</p>
        </section>
    }
    .into_any()
}
