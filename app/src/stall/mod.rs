//! The producer's stall: their products, profile, orders and numbers, only
//! ever within their own producer. Every page's data and every server
//! function resolves the member from the session itself (never from what
//! the page sends), so a link or a form made for another producer reaches
//! nothing.

pub mod dashboard;
pub mod editor_page;
#[cfg(feature = "ssr")]
pub mod event_registration;
pub mod events_page;
pub mod nav;
pub mod numbers;
pub mod orders_page;
pub mod product_fns;
pub mod products_page;
pub mod profile_page;
pub mod types;

#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod products;
#[cfg(feature = "ssr")]
pub mod profile;
#[cfg(feature = "ssr")]
pub mod sales_figures;
#[cfg(feature = "ssr")]
pub mod story;
#[cfg(feature = "ssr")]
pub mod views;

/// A stall page's data, or why the reader cannot have it.
pub type StallAccess<T> = crate::accounts::access::Access<T>;

#[cfg(feature = "ssr")]
pub use access::*;

#[cfg(feature = "ssr")]
mod access {
    use super::StallAccess;
    use crate::entities::users;
    use crate::forms::{acting_session, refuse, FormError};
    use crate::ssr::AppState;
    use leptos::prelude::ServerFnError;

    /// The signed-in member of the page being rendered and their producer:
    /// `Err(access)` says what the page shows instead. Stall pages are
    /// private and never cached.
    pub async fn page_member<T>(
    ) -> Result<Result<(AppState, users::Model, i64), StallAccess<T>>, ServerFnError> {
        let state = crate::ssr::state()?;
        crate::ssr::private_page();
        let user = crate::accounts::sessions::current_user(&state.db)
            .await
            .map_err(crate::ssr::server_error)?;
        Ok(match user {
            None => Err(StallAccess::SignedOut),
            Some(user) => match super::catalog::member_producer(&user) {
                Ok(producer) => Ok((state, user, producer)),
                Err(_) => Err(StallAccess::NotAllowed),
            },
        })
    }

    /// The member behind a stall form: the session must carry the form's
    /// CSRF token, be signed in, and belong to a producer member.
    pub async fn acting_member(
        csrf: Option<&str>,
    ) -> Result<(AppState, users::Model, i64), FormError> {
        let (state, session) = acting_session(csrf, false).await?;
        let user = match session.user_id {
            Some(id) => {
                use sea_orm::EntityTrait;
                users::Entity::find_by_id(id)
                    .one(&state.db)
                    .await
                    .map_err(|e| refuse(e.into()))?
            }
            None => None,
        }
        .filter(|u| u.disabled_at.is_none())
        .ok_or_else(|| refuse(crate::error::AppError::Unauthorized))?;
        let producer = super::catalog::member_producer(&user).map_err(refuse)?;
        Ok((state, user, producer))
    }
}
