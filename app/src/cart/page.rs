//! `/gio-hang`, the cart page, and the "add to cart" form of the product
//! page. Every control is a form: without JavaScript each one posts and the
//! page comes back updated; with JavaScript the same forms are sent in the
//! background and the cart redraws in place.

use super::server_fns::{get_cart_page, CartAcceptPrices, CartAdd, CartUpdate};
use super::types::{CartGroup, CartLine, CartView};
use crate::components::{format_money, PageTitle};
use crate::forms::{failure, session_changed, CsrfField, FormProblem};
use crate::i18n::{use_locale, Locale};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;

/// The cart page.
#[component]
pub fn CartPage() -> AnyView {
    let l = use_locale();
    let update = ServerAction::<CartUpdate>::new();
    let accept = ServerAction::<CartAcceptPrices>::new();
    let cart = Resource::new(
        move || (update.version().get(), accept.version().get()),
        |_| get_cart_page(),
    );
    let update_error = failure(update.value());
    let accept_error = failure(accept.value());
    view! {
        <PageTitle text=l.pick("Giỏ hàng — Chợ OCOP", "Cart — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="cart" aria-labelledby="gio-hang">
            <h1 id="gio-hang">{l.pick("Giỏ hàng", "Your cart")}</h1>
            <FormProblem error=update_error/>
            <FormProblem error=accept_error/>
            <Transition fallback=crate::components::Loading>
                {move || cart.get().map(|r| match r {
                    Ok(view) => view! { <CartBody view update accept/> }.into_any(),
                    Err(_) => view! { <crate::components::ErrorBox/> }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

#[component]
fn CartBody(
    view: CartView,
    update: ServerAction<CartUpdate>,
    accept: ServerAction<CartAcceptPrices>,
) -> AnyView {
    let l = use_locale();
    if view.groups.is_empty() {
        return view! {
            <div class="empty-cart">
                <p>{l.pick("Giỏ hàng đang trống.", "Your cart is empty.")}</p>
                <p><a class="button" href="/san-pham">{l.pick("Xem sản phẩm OCOP", "Browse OCOP products")}</a></p>
            </div>
        }
        .into_any();
    }
    let price_moved = view
        .groups
        .iter()
        .flat_map(|g| &g.lines)
        .any(CartLine::price_changed);
    let attention = view.needs_attention();
    let units = view.units();
    let count = match l {
        Locale::Vi => format!("{units} sản phẩm"),
        Locale::En => format!("{units} item{}", if units == 1 { "" } else { "s" }),
    };
    view! {
        <p class="muted">{count} " · " {l.pick(
            "Mỗi người bán giao một đơn riêng; phí giao hàng tính theo tỉnh nhận ở bước thanh toán.",
            "Each seller ships its own order; shipping is settled by the delivery province at checkout.",
        )}</p>
        {view.groups.into_iter().map(|group| view! { <GroupBox group update/> }).collect_view()}
        {price_moved.then(|| view! {
            <ActionForm action=accept>
                <CsrfField/>
                <p class="notice" role="status">{l.pick(
                    "Giá của một số sản phẩm đã thay đổi từ lúc bạn thêm vào giỏ.",
                    "Some prices changed since you put the items in your cart.",
                )}</p>
                <button type="submit" class="button">{l.pick("Đồng ý giá mới", "Accept the new prices")}</button>
            </ActionForm>
        })}
        <div class="cart-total">
            <p>{l.pick("Tổng cộng (ước tính)", "Total (estimate)")} ": " <strong data-testid="cart-total">{format_money(view.total_vnd)}</strong></p>
            {if attention {
                view! { <p class="muted">{l.pick(
                    "Hãy xem lại các dòng được đánh dấu trước khi thanh toán.",
                    "Please look at the marked lines before checking out.",
                )}</p> }.into_any()
            } else {
                view! { <a class="button primary" href="/thanh-toan">{l.pick("Đặt hàng", "Check out")}</a> }.into_any()
            }}
        </div>
    }
    .into_any()
}

#[component]
fn GroupBox(group: CartGroup, update: ServerAction<CartUpdate>) -> AnyView {
    let l = use_locale();
    let free = (group.free_ship_over_vnd > 0).then(|| match l {
        Locale::Vi => format!(
            "Miễn phí giao hàng cho đơn từ {}",
            format_money(group.free_ship_over_vnd)
        ),
        Locale::En => format!(
            "Free shipping from {}",
            format_money(group.free_ship_over_vnd)
        ),
    });
    view! {
        <section class="cart-group" aria-label=group.producer_name.clone()>
            <h2><a href=format!("/gian-hang/{}", group.producer_slug)>{group.producer_name.clone()}</a>
                <span class="muted">" · " {group.province.clone()}</span></h2>
            <ul class="cart-lines">
                {group.lines.into_iter().map(|line| view! { <LineRow line update/> }).collect_view()}
            </ul>
            <dl class="cart-sums">
                <dt>{l.pick("Tạm tính", "Subtotal")}</dt><dd>{format_money(group.subtotal_vnd)}</dd>
                <dt>{l.pick("Giao hàng (ước tính, cùng tỉnh)", "Shipping (estimate, same province)")}</dt>
                <dd>{format_money(group.shipping_vnd)}</dd>
            </dl>
            {free.map(|f| view! { <p class="muted">{f}</p> })}
        </section>
    }
    .into_any()
}

#[component]
fn LineRow(line: CartLine, update: ServerAction<CartUpdate>) -> AnyView {
    let l = use_locale();
    let label = match l {
        Locale::Vi => format!("Số lượng {}", line.name),
        Locale::En => format!("Quantity of {}", line.name),
    };
    let mut notes = Vec::new();
    if !line.on_sale {
        notes.push(
            l.pick(
                "Sản phẩm này hiện không bán nữa: hãy xóa khỏi giỏ.",
                "This product is no longer on sale: please remove it.",
            )
            .to_string(),
        );
    } else if line.short() {
        notes.push(match (l, line.stock) {
            (Locale::Vi, 0) => "Đã hết hàng: hãy xóa khỏi giỏ.".to_string(),
            (Locale::En, 0) => "Sold out: please remove it.".to_string(),
            (Locale::Vi, n) => format!("Chỉ còn {n}: hãy giảm số lượng."),
            (Locale::En, n) => format!("Only {n} left: please lower the quantity."),
        });
    }
    if line.price_changed() {
        notes.push(match l {
            Locale::Vi => format!(
                "Giá đã đổi từ {} thành {}.",
                format_money(line.price_seen_vnd),
                format_money(line.price_vnd)
            ),
            Locale::En => format!(
                "The price changed from {} to {}.",
                format_money(line.price_seen_vnd),
                format_money(line.price_vnd)
            ),
        });
    }
    let flagged = !notes.is_empty();
    let code = line.code.clone();
    let (code_update, code_remove) = (line.code.clone(), line.code.clone());
    let input_id = format!("sl-{code}");
    view! {
        <li class="cart-line" class:flagged=flagged data-code=code>
            <div class="cart-line-name">
                <a href=format!("/san-pham/{}", line.slug)>{line.name.clone()}</a>
                <span class="muted">" · " {format_money(line.price_vnd)} " / " {line.unit.clone()}</span>
                {notes.into_iter().map(|n| view! { <p class="line-note" role="status">{n}</p> }).collect_view()}
            </div>
            <ActionForm action=update>
                <CsrfField/>
                <input type="hidden" name="code" value=code_update/>
                <label class="visually-hidden" for=input_id.clone()>{label}</label>
                <input id=input_id type="number" name="quantity" inputmode="numeric"
                    min="1" max="999" value=line.quantity required/>
                <button type="submit">{l.pick("Cập nhật", "Update")}</button>
            </ActionForm>
            <ActionForm action=update>
                <CsrfField/>
                <input type="hidden" name="code" value=code_remove/>
                <input type="hidden" name="quantity" value="0"/>
                <button type="submit" class="link-button">{l.pick("Xóa", "Remove")}</button>
            </ActionForm>
            <p class="cart-line-total">{format_money(line.line_total_vnd)}</p>
        </li>
    }
    .into_any()
}

/// The buying box of a product page: a quantity with its running total and
/// the "add to cart" button. Without JavaScript the form posts and the
/// shopper lands in the cart; with it the product page stays and says so.
#[component]
pub fn AddToCart(code: String, price: i64, stock: i64) -> AnyView {
    let l = use_locale();
    let max = stock.clamp(1, 999);
    let (quantity, set_quantity) = signal(1i64);
    let total = move || format_money(price.saturating_mul(quantity.get()));
    let add = ServerAction::<CartAdd>::new();
    let result = add.value();
    Effect::new(move |_| {
        if matches!(result.get(), Some(Ok(_))) {
            session_changed();
        }
    });
    let error = failure(result);
    let added = move || {
        result.get().and_then(Result::ok).map(|units| {
            let text = match l {
                Locale::Vi => format!("Đã thêm vào giỏ ({units} sản phẩm trong giỏ)."),
                Locale::En => format!("Added to your cart ({units} in the cart)."),
            };
            view! { <p class="notice" role="status">{text} " " <a href="/gio-hang">{l.pick("Xem giỏ hàng", "View cart")}</a></p> }
        })
    };
    view! {
        <ActionForm action=add>
            <CsrfField/>
            <input type="hidden" name="code" value=code/>
            <div class="quantity" data-testid="quantity">
                <button type="button" aria-label=l.pick("Bớt một", "One fewer") on:click=move |_| set_quantity.update(|q| *q = (*q - 1).max(1))>"−"</button>
                <input type="number" name="quantity" inputmode="numeric" min="1" max=max value="1"
                    aria-label=l.pick("Số lượng", "Quantity") data-testid="quantity-value"
                    prop:value=move || quantity.get().to_string()
                    on:input=move |ev| {
                        if let Ok(n) = event_target_value(&ev).trim().parse::<i64>() {
                            set_quantity.set(n.clamp(1, max));
                        }
                    }/>
                <button type="button" aria-label=l.pick("Thêm một", "One more") on:click=move |_| set_quantity.update(|q| *q = (*q + 1).min(max))>"+"</button>
            </div>
            <p>{l.pick("Tạm tính: ", "Subtotal: ")} <strong data-testid="quantity-total">{total}</strong></p>
            <button type="submit" class="button primary">{l.pick("Thêm vào giỏ hàng", "Add to cart")}</button>
            <FormProblem error/>
            {added}
        </ActionForm>
    }
    .into_any()
}
