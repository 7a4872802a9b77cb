//! `/quan-ly/don-hang`: a producer member's orders, by status, and
//! `/quan-ly/don-hang/{number}`: one order with the steps that apply to it
//! now (confirm, mark the transfer received, pack, ship with the carrier and
//! tracking number, deliver, cancel with a reason). Every step is a form
//! that works without JavaScript; the server checks who may take it.

use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::domain::{OrderStatus, PaymentMethod};
use crate::forms::failure;
use crate::forms::{CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::orders::get_order_page;
use crate::orders::page::OrderView;
use crate::orders::types::{status_words, OrderPageData, StallOrder, PAYMENT_STEP};
use crate::time::format_vn;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// A stall's orders as its list page shows them: the orders (of the
/// chosen status) and the count per status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StallOrders {
    /// The orders.
    pub items: Vec<StallOrder>,
    /// Status → how many.
    pub counts: Vec<(String, u64)>,
}

/// The signed-in member's orders, optionally of one status.
#[server(prefix = "/api/fn", endpoint = "stall_orders")]
pub async fn get_stall_orders(
    status: Option<String>,
) -> Result<super::StallAccess<StallOrders>, ServerFnError> {
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let status = status.filter(|s| OrderStatus::from_name(s).is_some());
    let (items, counts) =
        crate::orders::manage::list_for_producer(&state.db, producer, status.as_deref())
            .await
            .map_err(crate::ssr::server_error)?;
    Ok(super::StallAccess::Ready(StallOrders {
        items,
        counts: counts.into_iter().collect(),
    }))
}

/// Takes a step on order `number`: `status` is the step (`confirmed`,
/// `packed`, `shipped`, `delivered`, `cancelled`) or [`PAYMENT_STEP`]
/// (money received). Without JavaScript, back to the order.
#[server(prefix = "/api/fn", endpoint = "order_step")]
pub async fn order_step(
    csrf: Option<String>,
    number: Option<String>,
    status: Option<String>,
    note: Option<String>,
    carrier: Option<String>,
    tracking_no: Option<String>,
) -> Result<OrderStatus, FormError> {
    use crate::forms::{acting_session, refuse};
    use crate::orders::manage::{change_order, OrderAction};
    let (state, session) = acting_session(csrf.as_deref(), false).await?;
    let user = match session.user_id {
        Some(id) => crate::entities::users::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .map_err(|e| refuse(e.into()))?,
        None => None,
    }
    .filter(|u| u.disabled_at.is_none())
    .ok_or_else(|| refuse(crate::error::AppError::Unauthorized))?;
    let action = OrderAction::from_step(
        &status.unwrap_or_default(),
        note.as_deref(),
        carrier.as_deref(),
        tracking_no.as_deref(),
    )
    .map_err(refuse)?;
    change_order(
        &state.db,
        &user,
        &number.unwrap_or_default(),
        action,
        chrono::Utc::now(),
    )
    .await
    .map_err(refuse)
}

#[cfg(feature = "ssr")]
use sea_orm::EntityTrait;

fn status_label(status: &str, l: Locale) -> &'static str {
    match OrderStatus::from_name(status) {
        // The list's tabs: a transfer's wording stands for every method.
        Some(status) => {
            let (vi, en) = status_words(status, PaymentMethod::VietQr);
            l.pick(vi, en)
        }
        None => l.pick("Không rõ", "Unknown"),
    }
}

/// The list page.
#[component]
pub fn StallOrdersPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let status = move || query.read().get("trang-thai");
    let data = Resource::new(status, get_stall_orders);
    view! {
        <PageTitle text=l.pick("Đơn hàng của gian hàng — Chợ OCOP", "Stall orders — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <super::nav::StallNav current="/quan-ly/don-hang"/>
        <section class="stall-orders" aria-labelledby="don-gian-hang">
            <h1 id="don-gian-hang">{l.pick("Đơn hàng của gian hàng", "Your stall's orders")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => super::nav::with_access(access, "/quan-ly/don-hang".into(), |o| view! {
                        <OrderTable items=o.items counts=o.counts current=status()/>
                    }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn OrderTable(
    items: Vec<StallOrder>,
    counts: Vec<(String, u64)>,
    current: Option<String>,
) -> AnyView {
    let l = use_locale();
    let total: u64 = counts.iter().map(|(_, n)| n).sum();
    let tab = |href: String, label: String, active: bool| {
        view! { <a href=href class="tab" aria-current=active.then_some("page")>{label}</a> }
    };
    let tabs = std::iter::once(tab(
        "/quan-ly/don-hang".into(),
        format!("{} ({total})", l.pick("Tất cả", "All")),
        current.is_none(),
    ))
    .chain(counts.iter().map(|(status, n)| {
        tab(
            format!("/quan-ly/don-hang?trang-thai={status}"),
            format!("{} ({n})", status_label(status, l)),
            current.as_deref() == Some(status.as_str()),
        )
    }))
    .collect_view();
    view! {
        <nav class="tabs" aria-label=l.pick("Lọc theo trạng thái", "Filter by status")>{tabs}</nav>
        <p><a href=match &current {
            Some(s) => format!("/api/v1/stall/orders.csv?status={s}"),
            None => "/api/v1/stall/orders.csv".to_owned(),
        } download rel="external">{l.pick("Tải danh sách (CSV, mở bằng Excel)", "Download the list (CSV, opens in Excel)")}</a></p>
        {if items.is_empty() {
            view! { <p class="muted">{l.pick("Chưa có đơn hàng nào.", "No orders yet.")}</p> }.into_any()
        } else {
            view! {
                <ul class="stall-order-list">
                    {items.into_iter().map(|o| {
                        let words = status_words(o.status, o.payment_method);
                        view! {
                            <li>
                                <a href=format!("/quan-ly/don-hang/{}", o.number)><strong>{o.number.clone()}</strong></a>
                                <span class="status">{l.pick(words.0, words.1)}</span>
                                <span>{o.contact_name.clone()}</span>
                                <span class="num">{format_money(o.total_vnd)}</span>
                                <time datetime=o.created_at.to_rfc3339()>{format_vn(o.created_at)}</time>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
    .into_any()
}

/// One order with its steps.
#[component]
pub fn StallOrderPage() -> AnyView {
    let params = use_params_map();
    let step = ServerAction::<OrderStep>::new();
    let number = move || params.read().get("number").unwrap_or_default();
    let data = Resource::new(
        move || (number(), step.version().get()),
        |(number, _)| get_order_page(number, None),
    );
    let error = failure(step.value());
    view! {
        <super::nav::StallNav current="/quan-ly/don-hang"/>
        <p><a href="/quan-ly/don-hang">{move || use_locale().pick("← Đơn hàng của gian hàng", "← Stall orders")}</a></p>
        <FormProblem error/>
        <Transition fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(Some(data)) => view! {
                    <Steps data=data.clone() step error/>
                    <OrderView data returned=None/>
                }.into_any(),
                Ok(None) => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

/// The steps that apply to the order now.
#[component]
fn Steps(
    data: OrderPageData,
    step: ServerAction<OrderStep>,
    error: Signal<Option<FormError>>,
) -> AnyView {
    let l = use_locale();
    let o = data.order;
    let number = o.number.clone();
    let simple = move |status: &'static str, label: &'static str| {
        let number = number.clone();
        view! {
            <ActionForm action=step>
                <CsrfField/>
                <input type="hidden" name="number" value=number/>
                <input type="hidden" name="status" value=status/>
                <button type="submit" class="button">{label}</button>
            </ActionForm>
        }
    };
    let status = o.status;
    let method = o.payment_method;
    let open = matches!(
        status,
        OrderStatus::PendingPayment | OrderStatus::Confirmed | OrderStatus::Packed
    );
    let confirm = status == OrderStatus::PendingPayment && (method == PaymentMethod::Cod || o.paid);
    let receive =
        method != PaymentMethod::Card && !o.paid && !OrderStatus::NOT_SALES.contains(&status);
    let ship = matches!(status, OrderStatus::Confirmed | OrderStatus::Packed);
    let problem = move |field: &'static str| crate::forms::field_problem(error, field);
    let (ship_number, cancel_number) = (o.number.clone(), o.number.clone());
    view! {
        <section class="order-steps" aria-labelledby="buoc-tiep">
            <h2 id="buoc-tiep">{l.pick("Bước tiếp theo", "Next steps")}</h2>
            <div class="step-buttons">
                {confirm.then(|| simple(OrderStatus::Confirmed.name(), l.pick("Xác nhận đơn", "Confirm the order")))}
                {receive.then(|| simple(PAYMENT_STEP, if method == PaymentMethod::Cod {
                    l.pick("Đã nhận tiền mặt", "Cash received")
                } else {
                    l.pick("Đã nhận tiền chuyển khoản", "Transfer received")
                }))}
                {(status == OrderStatus::Confirmed).then(|| simple(OrderStatus::Packed.name(), l.pick("Đã đóng gói", "Packed")))}
                {(status == OrderStatus::Shipped).then(|| simple(OrderStatus::Delivered.name(), l.pick("Đã giao tới người mua", "Delivered")))}
            </div>
            {ship.then(|| view! {
                <ActionForm action=step>
                    <CsrfField/>
                    <input type="hidden" name="number" value=ship_number/>
                    <input type="hidden" name="status" value=OrderStatus::Shipped.name()/>
                    <div class="field">
                        <label for="carrier">{l.pick("Đơn vị vận chuyển", "Carrier")}</label>
                        <input id="carrier" name="carrier" autocomplete="off" placeholder="Viettel Post, GHN, VNPost…"/>
                    </div>
                    <div class="field">
                        <label for="tracking_no">{l.pick("Mã vận đơn", "Tracking number")}</label>
                        <input id="tracking_no" name="tracking_no" autocomplete="off"/>
                    </div>
                    <button type="submit" class="button">{l.pick("Giao cho đơn vị vận chuyển", "Hand to the carrier")}</button>
                </ActionForm>
            })}
            {open.then(|| view! {
                <ActionForm action=step>
                    <CsrfField/>
                    <input type="hidden" name="number" value=cancel_number/>
                    <input type="hidden" name="status" value=OrderStatus::Cancelled.name()/>
                    <div class="field">
                        <label for="note">{l.pick("Lý do hủy (người mua sẽ đọc)", "Reason for cancelling (the shopper reads it)")}</label>
                        <input id="note" name="note" required/>
                        {problem("note")}
                    </div>
                    <button type="submit" class="secondary">{l.pick("Hủy đơn", "Cancel the order")}</button>
                </ActionForm>
            })}
            {(!confirm && !receive && !ship && !open && status != OrderStatus::Shipped).then(|| view! {
                <p class="muted">{l.pick("Đơn này không còn bước nào.", "Nothing left to do on this order.")}</p>
            })}
        </section>
    }
    .into_any()
}
