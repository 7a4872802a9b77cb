//! `/dang-nhap` (sign in), signing out, and `/tai-khoan/don-hang`, a
//! shopper's order history. The forms work with JavaScript off.

use crate::cart::page::failure;
use crate::components::{format_money, ErrorBox, Loading};
use crate::forms::{CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use crate::time::format_vn;
use chrono::{DateTime, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One order in an account's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyOrder {
    /// Order number.
    pub number: String,
    /// Seller.
    pub producer_name: String,
    /// Where it stands.
    pub status: String,
    /// `cod`, `vietqr` or `card`.
    pub payment_method: String,
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
    let user = crate::accounts::sessions::current_user(&state.db)
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

/// Signs in with an e-mail and a password; on to `next` (a path of this
/// site) or the order history.
#[server(prefix = "/api/fn", endpoint = "sign_in")]
pub async fn sign_in_form(
    csrf: Option<String>,
    email: Option<String>,
    password: Option<String>,
    next: Option<String>,
) -> Result<String, FormError> {
    use crate::forms::{redirect_plain_form, refuse};
    let state = crate::ssr::state().map_err(|_| refuse(crate::forms::no_state()))?;
    let role = server::sign_in(
        &state,
        csrf.as_deref().unwrap_or_default(),
        email.as_deref().unwrap_or_default(),
        password.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(refuse)?;
    let next = server::safe_next(next.as_deref(), &role);
    redirect_plain_form(&next);
    Ok(next)
}

/// Signs out of this browser.
#[server(prefix = "/api/fn", endpoint = "sign_out")]
pub async fn sign_out_form(csrf: Option<String>) -> Result<String, FormError> {
    use crate::forms::{redirect_plain_form, refuse};
    let state = crate::ssr::state().map_err(|_| refuse(crate::forms::no_state()))?;
    server::sign_out(&state, csrf.as_deref().unwrap_or_default())
        .await
        .map_err(refuse)?;
    redirect_plain_form("/");
    Ok("/".to_owned())
}

/// After signing in or out the whole page loads again: the session (and
/// its CSRF token) changed under every form.
fn reload_at<S>(result: S)
where
    S: Get<Value = Option<Result<String, FormError>>> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        if let Some(Ok(path)) = result.get() {
            let _ = window().location().set_href(&path);
        }
    });
}

/// The sign-in page.
#[component]
pub fn SignInPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let next = query.read_untracked().get("next").unwrap_or_default();
    let action = ServerAction::<SignInForm>::new();
    let value = action.value();
    reload_at(value);
    let error = failure(value);
    view! {
        <Title text=l.pick("Đăng nhập — Chợ OCOP", "Sign in — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <section class="sign-in" aria-labelledby="dang-nhap">
            <h1 id="dang-nhap">{l.pick("Đăng nhập", "Sign in")}</h1>
            {query.read_untracked().get("da-doi-mat-khau").map(|_| view! {
                <p class="notice" role="status">{l.pick(
                    "Mật khẩu mới đã được lưu và mọi phiên đăng nhập cũ đã kết thúc. Hãy đăng nhập lại.",
                    "Your new password is saved and every earlier session has ended. Please sign in again.",
                )}</p>
            })}
            <ActionForm action>
                <CsrfField/>
                <input type="hidden" name="next" value=next/>
                <FormProblem error/>
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required/>
                </div>
                <div class="field">
                    <label for="password">{l.pick("Mật khẩu", "Password")}</label>
                    <input id="password" name="password" type="password" autocomplete="current-password" required/>
                </div>
                <button type="submit" class="button primary" disabled=move || action.pending().get()>
                    {l.pick("Đăng nhập", "Sign in")}
                </button>
            </ActionForm>
            <p><a href="/quen-mat-khau">{l.pick("Quên mật khẩu?", "Forgot your password?")}</a></p>
            <p class="muted">{l.pick(
                "Mua hàng không cần tài khoản: đơn hàng của khách được theo dõi bằng liên kết trong xác nhận.",
                "No account is needed to buy: guests follow their orders by the link in the confirmation.",
            )}</p>
        </section>
    }
    .into_any()
}

/// The signed-in shopper's orders, with a sign-out button.
#[component]
pub fn MyOrdersPage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_my_orders());
    let sign_out = ServerAction::<SignOutForm>::new();
    reload_at(sign_out.value());
    let everywhere = ServerAction::<super::reset_page::SignOutEverywhere>::new();
    reload_at(everywhere.value());
    view! {
        <Title text=l.pick("Đơn hàng của tôi — Chợ OCOP", "My orders — Chợ OCOP")/>
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
                let words = crate::checkout::types::status_words(&o.status, &o.payment_method);
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
    use crate::accounts::sessions;
    use crate::entities::{checkouts, orders, producers, sessions as session_rows};
    use crate::error::{AppError, AppResult, Message};
    use crate::ssr::AppState;
    use http::header::SET_COOKIE;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

    /// Where to go after signing in: a path of this site, never elsewhere;
    /// without one, the home of the account's role (the stall for producer
    /// members, the desk for officers, the order history for shoppers).
    pub fn safe_next(next: Option<&str>, role: &str) -> String {
        match next {
            Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => {
                n.to_owned()
            }
            _ => match role {
                "producer" => "/quan-ly",
                "officer" | "admin" => "/can-bo",
                _ => "/tai-khoan/don-hang",
            }
            .to_owned(),
        }
    }

    fn set_cookie(value: http::HeaderValue) {
        if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            response.append_header(SET_COOKIE, value);
        }
    }

    pub async fn sign_in(
        state: &AppState,
        csrf: &str,
        email: &str,
        password: &str,
    ) -> AppResult<String> {
        let db = &state.db;
        // The form of a visitor without a session carries no token; one with
        // a session must carry that session's.
        let guest = crate::forms::form_session(db, &state.site.base_url, csrf, true).await?;
        let user = crate::accounts::sign_in::sign_in(db, email, password)
            .await
            .map_err(|e| match e {
                AppError::Unauthorized => AppError::Conflict {
                    code: "wrong_credentials",
                    message: Message::new(
                        "E-mail hoặc mật khẩu không đúng.",
                        "Wrong e-mail address or password.",
                    ),
                },
                other => other,
            })?;
        // The guest's cart follows them; the guest session ends (no fixation).
        crate::cart::service::merge_at_sign_in(db, guest.id, user.id).await?;
        session_rows::Entity::delete_by_id(guest.id)
            .exec(db)
            .await?;
        let (token, _) = sessions::start(db, Some(user.id)).await?;
        set_cookie(sessions::cookie_header(&state.site.base_url, Some(&token)));
        tracing::info!(user = user.id, "signed in (form)");
        Ok(user.role)
    }

    pub async fn sign_out(state: &AppState, csrf: &str) -> AppResult<()> {
        let session =
            crate::forms::form_session(&state.db, &state.site.base_url, csrf, false).await?;
        session_rows::Entity::delete_by_id(session.id)
            .exec(&state.db)
            .await?;
        set_cookie(sessions::cookie_header(&state.site.base_url, None));
        Ok(())
    }

    pub async fn orders_of(db: &DatabaseConnection, user_id: i64) -> AppResult<Vec<MyOrder>> {
        let methods: std::collections::HashMap<i64, String> = checkouts::Entity::find()
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
                payment_method: methods.get(&o.checkout_id).cloned().unwrap_or_default(),
                number: o.number,
                producer_name: p.map(|p| p.name).unwrap_or_default(),
                status: o.status,
                total_vnd: o.total_vnd,
                created_at: o.created_at,
            })
            .collect())
    }
}
