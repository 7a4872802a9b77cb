//! Server functions of the cart: read it, add to it, change or remove a
//! line, take the new prices. Every change is a form post (see
//! [`crate::forms`]) that works with JavaScript off.

use super::types::CartView;
use crate::forms::FormError;
use leptos::prelude::*;

/// The cart of the request's session (empty without one), shipping
/// estimated to each producer's own province. Private to its reader.
#[server(prefix = "/api/fn", endpoint = "cart_page")]
pub async fn get_cart_page() -> Result<CartView, ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::private_page();
    let session = crate::sessions::current_session(&state.db)
        .await
        .map_err(crate::ssr::server_error)?;
    let Some(session) = session else {
        return Ok(CartView::default());
    };
    super::service::view(
        &state.db,
        &session,
        &state.site.commerce,
        None,
        crate::ssr::today_vn(),
    )
    .await
    .map_err(crate::ssr::server_error)
}

/// Puts `quantity` (default 1) of product `code` in the cart; a visitor
/// without a session gets one. Without JavaScript, on to the cart.
#[server(prefix = "/api/fn", endpoint = "cart_add")]
pub async fn cart_add(
    csrf: Option<String>,
    code: Option<String>,
    quantity: Option<String>,
) -> Result<i64, FormError> {
    use crate::forms::{acting_session, redirect_plain_form, refuse};
    let quantity = server::quantity(quantity.as_deref().unwrap_or("1")).map_err(refuse)?;
    let (state, session) = acting_session(csrf.as_deref(), true).await?;
    let code = code.unwrap_or_default();
    super::service::add(&state.db, &session, &code, quantity, crate::ssr::today_vn())
        .await
        .map_err(refuse)?;
    redirect_plain_form("/gio-hang");
    let view = super::service::view(
        &state.db,
        &session,
        &state.site.commerce,
        None,
        crate::ssr::today_vn(),
    )
    .await
    .map_err(refuse)?;
    Ok(view.units())
}

/// Sets the quantity of `code`; 0 (or the remove button) takes it out.
#[server(prefix = "/api/fn", endpoint = "cart_update")]
pub async fn cart_update(
    csrf: Option<String>,
    code: Option<String>,
    quantity: Option<String>,
) -> Result<(), FormError> {
    use crate::forms::{acting_session, redirect_plain_form, refuse};
    let quantity = match quantity.as_deref().map(str::trim) {
        Some("0") => 0,
        other => server::quantity(other.unwrap_or_default()).map_err(refuse)?,
    };
    let (state, session) = acting_session(csrf.as_deref(), false).await?;
    super::service::set_quantity(&state.db, &session, &code.unwrap_or_default(), quantity)
        .await
        .map_err(refuse)?;
    redirect_plain_form("/gio-hang");
    Ok(())
}

/// Takes today's prices after the shopper has seen them change.
#[server(prefix = "/api/fn", endpoint = "cart_accept_prices")]
pub async fn cart_accept_prices(csrf: Option<String>) -> Result<(), FormError> {
    use crate::forms::{acting_session, redirect_plain_form, refuse};
    let (state, session) = acting_session(csrf.as_deref(), false).await?;
    super::service::accept_prices(&state.db, &session)
        .await
        .map_err(refuse)?;
    redirect_plain_form("/gio-hang");
    Ok(())
}

#[cfg(feature = "ssr")]
pub(crate) mod server {
    use crate::domain::MAX_QUANTITY;
    use crate::error::{AppError, AppResult};

    /// A quantity as typed: a whole number from 1 to 999.
    pub fn quantity(raw: &str) -> AppResult<i64> {
        match raw.trim().parse::<i64>() {
            Ok(n) if (1..=MAX_QUANTITY).contains(&n) => Ok(n),
            _ => Err(AppError::invalid(
                "quantity",
                "Số lượng phải là số nguyên từ 1 đến 999.",
                "The quantity must be a whole number from 1 to 999.",
            )),
        }
    }
}
