//! Server functions of the order pages.

use super::types::OrderPageData;
use leptos::prelude::*;

/// An order for its link's holder or an allowed account; `None` (404) for
/// anyone else. The page is private (never cached); with a token in its
/// address it is never sent as a referrer either.
#[server(prefix = "/api/fn", endpoint = "order_page")]
pub async fn get_order_page(
    number: String,
    token: Option<String>,
) -> Result<Option<OrderPageData>, ServerFnError> {
    use crate::sessions::current_user;
    let state = crate::ssr::state()?;
    // The address holds a secret only when it carries the token (a guest's
    // link); a signed-in reader's page (and the forms on the stall's copy of
    // it) may name itself as referrer.
    if token.is_some() {
        crate::ssr::secret_address_page();
    } else {
        crate::ssr::private_page();
    }
    let user = current_user(&state.db)
        .await
        .map_err(crate::ssr::server_error)?;
    crate::ssr::found(
        super::view::order_page(&state.db, &number, token.as_deref(), user.as_ref()).await,
    )
}
