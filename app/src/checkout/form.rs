//! The checkout form's server functions: what the page needs, what changes
//! with the chosen province, placing the order, and the confirmation.

use super::types::{CheckoutPageData, CheckoutQuote, ConfirmationData};
use crate::forms::FormError;
use leptos::prelude::*;

/// The checkout page for the request's session: the form as last typed (or
/// from the account), the pickers and the ways to pay.
#[server(prefix = "/api/fn", endpoint = "checkout_page")]
pub async fn get_checkout_page() -> Result<CheckoutPageData, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::private_page();
    server::page_data(&state)
        .await
        .map_err(crate::ssr::server_error)
}

/// The communes of `province` and the cart with shipping to it.
#[server(prefix = "/api/fn", endpoint = "checkout_quote")]
pub async fn get_checkout_quote(province: String) -> Result<CheckoutQuote, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::private_page();
    server::quote(&state, &province)
        .await
        .map_err(crate::ssr::server_error)
}

/// Places the order of the form. `intent=province` (the button that shows
/// a province's communes without JavaScript) only keeps what was typed.
/// Success leads to the confirmation (or the card payment page).
#[allow(clippy::too_many_arguments)]
#[server(prefix = "/api/fn", endpoint = "place_order")]
pub async fn place_order(
    csrf: Option<String>,
    form_token: Option<String>,
    cart_hash: Option<String>,
    intent: Option<String>,
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    delivery: Option<String>,
    province: Option<String>,
    commune: Option<String>,
    street: Option<String>,
    sales_point: Option<String>,
    payment: Option<String>,
    event_code: Option<String>,
) -> Result<Option<String>, FormError> {
    use super::types::CheckoutFormValues;
    use crate::forms::refuse;
    let state = crate::ssr::state().map_err(|_| refuse(crate::forms::no_state()))?;
    let values = CheckoutFormValues {
        name: name.unwrap_or_default(),
        phone: phone.unwrap_or_default(),
        email: email.unwrap_or_default(),
        delivery: delivery.unwrap_or_default(),
        province: province.unwrap_or_default(),
        commune: commune.unwrap_or_default(),
        street: street.unwrap_or_default(),
        sales_point: sales_point.unwrap_or_default(),
        payment: payment.unwrap_or_default(),
        event_code: event_code.unwrap_or_default(),
    };
    let submitted = server::Submitted {
        csrf: csrf.unwrap_or_default(),
        form_token: form_token.unwrap_or_default(),
        cart_hash: cart_hash.unwrap_or_default(),
        only_province: intent.as_deref() == Some("province"),
        values,
    };
    let next = server::submit(&state, submitted).await.map_err(refuse)?;
    if let Some(path) = &next {
        leptos_axum::redirect(path);
    } else {
        crate::forms::redirect_plain_form("/thanh-toan");
    }
    Ok(next)
}

/// A placed checkout for the holder of its link.
#[server(prefix = "/api/fn", endpoint = "confirmation")]
pub async fn get_confirmation(
    checkout: String,
    token: Option<String>,
) -> Result<Option<ConfirmationData>, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::secret_address_page();
    crate::ssr::found(server::confirmation(&state.db, &checkout, token.as_deref()).await)
}

#[cfg(feature = "ssr")]
mod server {
    use super::super::input::{CheckoutInput, ItemInput};
    use super::super::types::{
        CheckoutFormValues, CheckoutPageData, CheckoutQuote, Choice, ConfirmationData,
        ConfirmedOrder,
    };
    use crate::cart::types::CartView;
    use crate::entities::{
        cart_items, checkouts, communes, orders, producers, products, provinces,
        sales_point_products, sales_points, sessions, users,
    };
    use crate::error::{AppError, AppResult, FieldErrors, Message};
    use crate::orders::receipt::CheckoutReceipt;
    use crate::sessions::current_session;
    use crate::sessions::{random_token, same_secret, sha256_hex};
    use crate::ssr::{today_vn, AppState};
    use sea_orm::{
        ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel,
        QueryFilter, QueryOrder, Set,
    };
    use std::collections::{BTreeMap, HashMap, HashSet};

    /// A checkout form as posted.
    pub struct Submitted {
        pub csrf: String,
        pub form_token: String,
        pub cart_hash: String,
        pub only_province: bool,
        pub values: CheckoutFormValues,
    }

    fn draft_of(session: &sessions::Model) -> Option<CheckoutFormValues> {
        session
            .checkout_draft
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
    }

    async fn save_draft(
        db: &DatabaseConnection,
        session: sessions::Model,
        values: Option<&CheckoutFormValues>,
    ) -> AppResult<()> {
        let draft = values.and_then(|v| serde_json::to_string(v).ok());
        if session.checkout_draft == draft {
            return Ok(());
        }
        let mut active = session.into_active_model();
        active.checkout_draft = Set(draft);
        active.update(db).await?;
        Ok(())
    }

    /// The cart's products, for the sales points that carry them all.
    async fn cart_product_ids(
        db: &DatabaseConnection,
        session: &sessions::Model,
    ) -> AppResult<Vec<i64>> {
        let Some(cart) = crate::cart::service::find_cart(db, session).await? else {
            return Ok(Vec::new());
        };
        Ok(cart_items::Entity::find()
            .filter(cart_items::Column::CartId.eq(cart.id))
            .all(db)
            .await?
            .into_iter()
            .map(|i| i.product_id)
            .collect())
    }

    pub async fn page_data(state: &AppState) -> AppResult<CheckoutPageData> {
        let db = &state.db;
        let session = current_session(db).await?;
        let mut values =
            session
                .as_ref()
                .and_then(draft_of)
                .unwrap_or_else(|| CheckoutFormValues {
                    delivery: "ship".into(),
                    payment: crate::domain::PaymentMethod::Cod.name().into(),
                    ..Default::default()
                });
        let user = match session.as_ref().and_then(|s| s.user_id) {
            Some(id) => users::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        if let Some(user) = user {
            if values.name.is_empty() {
                values.name = user.display_name.clone();
            }
            if values.email.is_empty() {
                values.email = user.email.clone();
            }
        }
        if values.event_code.is_empty() {
            let headers: Option<http::HeaderMap> = leptos_axum::extract().await.ok();
            if let Some(code) = headers
                .as_ref()
                .and_then(|h| crate::i18n::cookie_value(h, super::super::EVENT_COOKIE))
            {
                values.event_code = code;
            }
        }
        let provinces = provinces::Entity::find()
            .order_by_asc(provinces::Column::NameKey)
            .all(db)
            .await?
            .into_iter()
            .map(|p| Choice {
                code: p.code,
                label: p.name,
            })
            .collect();
        let ids = match &session {
            Some(s) => cart_product_ids(db, s).await?,
            None => Vec::new(),
        };
        let units = match &session {
            Some(s) => crate::cart::service::view(db, s, &state.site.commerce, None, today_vn())
                .await?
                .units(),
            None => 0,
        };
        let sales_points = carrying_all(db, &ids).await?;
        let producer_ids: HashSet<i64> = products::Entity::find()
            .filter(products::Column::Id.is_in(ids.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|p| p.producer_id)
            .collect();
        let vietqr_available = !producer_ids.is_empty()
            && producers::Entity::find()
                .filter(producers::Column::Id.is_in(producer_ids.iter().copied()))
                .all(db)
                .await?
                .iter()
                .all(|p| p.bank_bin.is_some() && p.bank_account_no.is_some());
        Ok(CheckoutPageData {
            values,
            form_token: random_token()[..32].to_owned(),
            provinces,
            sales_points,
            vietqr_available,
            card_available: state.card_available(),
            units,
        })
    }

    /// Open sales points that carry every product in `ids`.
    async fn carrying_all(db: &DatabaseConnection, ids: &[i64]) -> AppResult<Vec<Choice>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: HashSet<i64> = ids.iter().copied().collect();
        let mut carried: HashMap<i64, HashSet<i64>> = HashMap::new();
        for row in sales_point_products::Entity::find()
            .filter(sales_point_products::Column::ProductId.is_in(wanted.iter().copied()))
            .all(db)
            .await?
        {
            carried
                .entry(row.sales_point_id)
                .or_default()
                .insert(row.product_id);
        }
        let full: Vec<i64> = carried
            .into_iter()
            .filter(|(_, products)| products.len() == wanted.len())
            .map(|(id, _)| id)
            .collect();
        let today = today_vn();
        Ok(sales_points::Entity::find()
            .filter(sales_points::Column::Id.is_in(full))
            .order_by_asc(sales_points::Column::Name)
            .all(db)
            .await?
            .into_iter()
            .filter(|p| p.opened_on <= today && p.closed_on.is_none_or(|c| c > today))
            .map(|p| Choice {
                code: p.code,
                label: format!("{} — {}", p.name, p.address),
            })
            .collect())
    }

    /// The fingerprint of a cart as shown: codes, quantities and prices.
    fn cart_hash(cart: &CartView) -> String {
        let mut text = String::new();
        for line in cart.groups.iter().flat_map(|g| &g.lines) {
            text.push_str(&format!(
                "{}:{}:{};",
                line.code, line.quantity, line.price_vnd
            ));
        }
        sha256_hex(&text)[..16].to_owned()
    }

    async fn province_id(db: &DatabaseConnection, code: &str) -> AppResult<Option<i64>> {
        if code.trim().is_empty() {
            return Ok(None);
        }
        Ok(provinces::Entity::find()
            .filter(provinces::Column::Code.eq(code.trim()))
            .one(db)
            .await?
            .map(|p| p.id))
    }

    async fn cart_for(
        state: &AppState,
        session: Option<&sessions::Model>,
        province: Option<i64>,
    ) -> AppResult<CartView> {
        match session {
            Some(s) => {
                crate::cart::service::view(&state.db, s, &state.site.commerce, province, today_vn())
                    .await
            }
            None => Ok(CartView::default()),
        }
    }

    pub async fn quote(state: &AppState, province: &str) -> AppResult<CheckoutQuote> {
        let db = &state.db;
        let province = province_id(db, province).await?;
        let communes = match province {
            Some(id) => communes::Entity::find()
                .filter(communes::Column::ProvinceId.eq(id))
                .order_by_asc(communes::Column::NameKey)
                .all(db)
                .await?
                .into_iter()
                .map(|c| Choice {
                    code: c.code,
                    label: c.name,
                })
                .collect(),
            None => Vec::new(),
        };
        let session = current_session(db).await?;
        let cart = cart_for(state, session.as_ref(), province).await?;
        Ok(CheckoutQuote {
            communes,
            cart_hash: cart_hash(&cart),
            cart,
        })
    }

    /// The checker's field names, as the form calls them.
    fn form_field(field: &str) -> &str {
        match field {
            "contact.name" => "name",
            "contact.phone" => "phone",
            "contact.email" => "email",
            "delivery.method" => "delivery",
            "delivery.province" => "province",
            "delivery.commune" => "commune",
            "delivery.street" => "street",
            "delivery.sales_point_code" => "sales_point",
            f if f.starts_with("items") => "cart",
            other => other,
        }
    }

    fn renamed(error: AppError) -> AppError {
        match error {
            AppError::Validation { fields } => {
                let mut renamed: BTreeMap<String, Vec<Message>> = BTreeMap::new();
                for (field, messages) in fields {
                    renamed
                        .entry(form_field(&field).to_owned())
                        .or_default()
                        .extend(messages);
                }
                AppError::Validation { fields: renamed }
            }
            other => other,
        }
    }

    /// Checks and places the form's checkout; the path to go on to, or
    /// `None` to stay on the form (its draft kept).
    pub async fn submit(state: &AppState, form: Submitted) -> AppResult<Option<String>> {
        let db = &state.db;
        let session = crate::forms::form_session(db, &state.site.base_url, &form.csrf, false)
            .await
            .map_err(|e| match e {
                // No live session, or not this page's: the cart is gone or
                // the page is stale. Anything else is a fault, not the user's.
                AppError::CsrfRejected => AppError::Conflict {
                    code: "session_expired",
                    message: Message::new(
                        "Phiên mua hàng đã hết hạn hoặc trang đã cũ: hãy tải lại trang thanh toán.",
                        "Your shopping session expired or the page is out of date: reload the checkout page.",
                    ),
                },
                other => other,
            })?;
        let key = format!("form-{}", form.form_token);
        // A double click or a retry of a form that went through: the same
        // answer (the cart it ordered is already empty).
        if let Some(receipt) = placed_before(db, &key).await? {
            return Ok(Some(next_path(&receipt)));
        }
        save_draft(db, session.clone(), Some(&form.values)).await?;
        if form.only_province {
            return Ok(None);
        }
        let province = province_id(db, &form.values.province).await?;
        let cart = cart_for(state, Some(&session), province).await?;
        if cart.groups.is_empty() {
            return Err(AppError::Conflict {
                code: "cart_empty",
                message: Message::new("Giỏ hàng đang trống.", "Your cart is empty."),
            });
        }
        if cart.needs_attention() || !same_secret(&cart_hash(&cart), &form.cart_hash) {
            return Err(AppError::Conflict {
                code: "cart_changed",
                message: Message::new(
                    "Giỏ hàng đã thay đổi (giá, số lượng hoặc hàng còn lại). Hãy xem lại giỏ hàng rồi đặt lại; chưa có gì được đặt.",
                    "Your cart changed (a price, a quantity or the stock). Please review it and order again; nothing was ordered.",
                ),
            });
        }
        let v = &form.values;
        let input = CheckoutInput {
            items: cart
                .groups
                .iter()
                .flat_map(|g| &g.lines)
                .map(|l| ItemInput {
                    code: l.code.clone(),
                    quantity: i64::from(l.quantity),
                })
                .collect(),
            name: v.name.clone(),
            phone: v.phone.clone(),
            email: v.email.clone(),
            method: v.delivery.clone(),
            province: v.province.clone(),
            commune: v.commune.clone(),
            street: v.street.clone(),
            sales_point: v.sales_point.clone(),
            payment: v.payment.clone(),
            event_code: v.event_code.clone(),
        };
        let mut key_problem = FieldErrors::default();
        if form.form_token.len() < 16 {
            key_problem.add(
                "form_token",
                "Biểu mẫu đã cũ: hãy tải lại trang thanh toán.",
                "The form is out of date: reload the checkout page.",
            );
        }
        key_problem.into_result(())?;
        let placed = super::super::place_checkout(
            state,
            &input,
            Some(&key),
            session.user_id,
            chrono::Utc::now(),
        )
        .await
        .map_err(renamed)?;
        crate::cart::service::clear(db, &session).await?;
        save_draft(db, session, None).await?;
        Ok(Some(next_path(&placed.receipt)))
    }

    /// The first answer of a checkout placed with idempotency key `key`.
    async fn placed_before(
        db: &DatabaseConnection,
        key: &str,
    ) -> AppResult<Option<CheckoutReceipt>> {
        Ok(checkouts::Entity::find()
            .filter(checkouts::Column::IdempotencyKey.eq(key))
            .one(db)
            .await?
            .and_then(|c| CheckoutReceipt::from_stored(c.response_body.as_deref())))
    }

    /// Where a placed checkout leads: the card payment page, or the
    /// confirmation.
    fn next_path(receipt: &CheckoutReceipt) -> String {
        if let Some(url) = &receipt.payment.redirect_url {
            return url.clone();
        }
        format!(
            "/dat-hang/{}?token={}",
            receipt.checkout_id, receipt.access_token,
        )
    }

    pub async fn confirmation(
        db: &DatabaseConnection,
        public_id: &str,
        token: Option<&str>,
    ) -> AppResult<ConfirmationData> {
        let missing = || AppError::not_found("Không có đơn đặt hàng này", "No such checkout");
        let checkout = checkouts::Entity::find()
            .filter(checkouts::Column::PublicId.eq(public_id))
            .one(db)
            .await?
            .ok_or_else(missing)?;
        let rows = orders::Entity::find()
            .filter(orders::Column::CheckoutId.eq(checkout.id))
            .order_by_asc(orders::Column::Id)
            .find_also_related(producers::Entity)
            .all(db)
            .await?;
        let token = token.unwrap_or_default();
        let hash = sha256_hex(token);
        let allowed = !token.is_empty()
            && rows
                .iter()
                .any(|(o, _)| same_secret(&hash, &o.access_token_hash));
        if !allowed {
            return Err(missing());
        }
        Ok(ConfirmationData {
            orders: rows
                .into_iter()
                .map(|(o, p)| ConfirmedOrder {
                    url: format!("/don-hang/{}?token={token}", o.number),
                    number: o.number,
                    producer_name: p.map(|p| p.name).unwrap_or_default(),
                    total_vnd: o.total_vnd,
                })
                .collect(),
            total_vnd: checkout.total_vnd,
            payment_method: checkout.payment_method,
            email: checkout.contact_email,
        })
    }
}
