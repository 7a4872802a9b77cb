//! Placing a checkout: the one use case behind both doors, the API's
//! `POST /api/v1/checkout` and the checkout page's form. Each door only
//! turns what it received into a [`CheckoutInput`] and the [`Placed`]
//! answer into its own reply; the checks, the placement (with its
//! idempotency) and the counting for the metrics happen here, once.

use super::input::{Checker, CheckoutInput};
use super::place::{place, CheckoutContext, Placed};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::{DateTime, Utc};

/// Checks `input` and places it at `now` for the account `who` (a guest
/// when `None`); with `key`, a repeated request gets the first answer.
pub async fn place_checkout(
    state: &AppState,
    input: &CheckoutInput,
    key: Option<&str>,
    who: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<Placed> {
    let checker = Checker {
        db: &state.db,
        today: now.with_timezone(&crate::time::vn_offset()).date_naive(),
        card_available: state.card_available(),
    };
    let checkout = checker.check(input).await?;
    let ctx = CheckoutContext::from_state(state, now);
    place(&ctx, input, &checkout, key, who).await
}
