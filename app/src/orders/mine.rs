//! `/tai-khoan/don-hang`: a signed-in shopper's order history, newest
//! first, with the ways to sign out.

use crate::accounts::page::{reload_at, SignOutForm};
use crate::components::{format_money, ErrorBox, Loading, PageTitle};
use crate::domain::{OrderStatus, PaymentMethod};
use crate::forms::CsrfField;
use crate::i18n::use_locale;
use crate::time::format_vn;
use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use serde::{Deserialize, Serialize};

/// One order in an account's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOrder {
    /// Order number.
    pub number: String,
    /// Seller.
    pub producer_name: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// `cod`, `vietqr` or `card`.
    pub payment_method: PaymentMethod,
    /// Total with shipping, đồng.
    pub total_vnd: i64,
    /// Placed at (UTC).
    pub created_at: DateTime<Utc>,
}

/// The signed-in account's orders, newest first; `None` when signed out.
#[server(prefix = "/api/fn", endpoint = "my_orders")]
pub async fn get_my_orders() -> Result<Option<(String, Vec<MyOrder>)>, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::private_page();
    let user = crate::sessions::current_user(&state.db)
        .await
        .map_err(crate::ssr::server_error)?;
    let Some(user) = user else {
        return Ok(None);
    };
    let orders = server::orders_of(&state.db, user.id)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(Some((user.display_name, orders)))
}

/// The signed-in shopper's orders, with a sign-out button.
#[component]
pub fn MyOrdersPage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_my_orders());
    let sign_out = ServerAction::<SignOutForm>::new();
    reload_at(sign_out.value());
    let everywhere = ServerAction::<crate::accounts::reset_page::SignOutEverywhere>::new();
    reload_at(everywhere.value());
    view! {
        <PageTitle text=l.pick("Đơn hàng của tôi — Chợ OCOP", "My orders — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="my-orders" aria-labelledby="don-cua-toi">
            <h1 id="don-cua-toi">{l.pick("Đơn hàng của tôi", "My orders")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(Some((name, orders))) => view! {
                        <p>{l.pick("Xin chào, ", "Hello, ")} {name}</p>
                        <OrderList orders/>
                        <p class="muted">{l.pick("Thành viên chủ thể OCOP: ", "OCOP producer members: ")}
                            <a href="/quan-ly/don-hang">{l.pick("đơn hàng của gian hàng", "your stall's orders")}</a></p>
                        <div class="step-buttons">
                            <ActionForm action=sign_out>
                                <CsrfField/>
                                <button type="submit" class="secondary">{l.pick("Đăng xuất", "Sign out")}</button>
                            </ActionForm>
                            <ActionForm action=everywhere>
                                <CsrfField/>
                                <button type="submit" class="secondary">{l.pick("Đăng xuất trên mọi thiết bị", "Sign out on every device")}</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                    Ok(None) => view! {
                        <p>{l.pick("Hãy đăng nhập để xem các đơn hàng của bạn.", "Sign in to see your orders.")}</p>
                        <p><a class="button" href="/dang-nhap?next=/tai-khoan/don-hang">{l.pick("Đăng nhập", "Sign in")}</a></p>
                    }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn OrderList(orders: Vec<MyOrder>) -> AnyView {
    let l = use_locale();
    if orders.is_empty() {
        return view! { <p class="muted">{l.pick("Bạn chưa có đơn hàng nào.", "You have no orders yet.")}</p> }
            .into_any();
    }
    view! {
        <ul class="confirmed-orders">
            {orders.into_iter().map(|o| {
                let words = crate::orders::types::status_words(o.status, o.payment_method);
                view! {
                    <li>
                        <a href=format!("/don-hang/{}", o.number)><strong>{o.number.clone()}</strong></a>
                        " · " {o.producer_name.clone()} " · " {format_money(o.total_vnd)}
                        " · " <span class="status">{l.pick(words.0, words.1)}</span>
                        " · " <time datetime=o.created_at.to_rfc3339()>{format_vn(o.created_at)}</time>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(feature = "ssr")]
mod server {
    use super::MyOrder;
    use crate::domain::PaymentMethod;
    use crate::entities::{checkouts, orders, producers};
    use crate::error::AppResult;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

    pub async fn orders_of(db: &DatabaseConnection, user_id: i64) -> AppResult<Vec<MyOrder>> {
        let methods: std::collections::HashMap<i64, PaymentMethod> = checkouts::Entity::find()
            .filter(checkouts::Column::UserId.eq(user_id))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.payment_method))
            .collect();
        Ok(orders::Entity::find()
            .filter(orders::Column::CheckoutId.is_in(methods.keys().copied()))
            .order_by_desc(orders::Column::Id)
            .find_also_related(producers::Entity)
            .all(db)
            .await?
            .into_iter()
            .map(|(o, p)| MyOrder {
                payment_method: methods
                    .get(&o.checkout_id)
                    .copied()
                    .unwrap_or(PaymentMethod::Cod),
                number: o.number,
                producer_name: p.map(|p| p.name).unwrap_or_default(),
                status: o.status,
                total_vnd: o.total_vnd,
                created_at: o.created_at,
            })
            .collect())
    }
}
