//! Who may do what, decided in one place: whether an account oversees a
//! producer's orders, and who acts behind a page or a form of the officer's
//! desk or of a producer's stall. Features call these instead of comparing
//! roles themselves.

use super::Access;
use crate::domain::Role;
use crate::entities::{producers, users};
use crate::error::{AppError, AppResult};
use crate::forms::{acting_session, refuse, FormError};
use crate::ssr::AppState;
use leptos::prelude::ServerFnError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Whether `user` may read orders of `producer` (members, area officers,
/// administrators).
pub fn oversees(user: &users::Model, producer: &producers::Model) -> bool {
    match user.role {
        Role::Admin => true,
        Role::Producer => user.producer_id == Some(producer.id),
        Role::Officer => match (user.area_province_id, user.area_commune_id) {
            (_, Some(commune)) => producer.commune_id == commune,
            (Some(province), None) => producer.province_id == province,
            (None, None) => false,
        },
        Role::Shopper => false,
    }
}

/// Whether `user` works at the department's desk: an officer or an
/// administrator.
pub fn is_officer(user: &users::Model) -> bool {
    user.role.is_staff()
}

/// `Forbidden` unless `user` works at the department's desk.
pub fn require_officer(user: &users::Model) -> AppResult<()> {
    if is_officer(user) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The officers (enabled) whose area holds `producer`: whom to tell of what
/// concerns it (an application, a report, an answer).
pub async fn officers_of(
    db: &impl ConnectionTrait,
    producer: &producers::Model,
) -> AppResult<Vec<users::Model>> {
    Ok(users::Entity::find()
        .filter(users::Column::Role.eq(Role::Officer))
        .filter(users::Column::DisabledAt.is_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|o| oversees(o, producer))
        .collect())
}

/// The producer a signed-in member runs, or `Forbidden` for anyone else.
pub fn member_producer(user: &users::Model) -> AppResult<i64> {
    match (user.role, user.producer_id) {
        (Role::Producer, Some(producer)) => Ok(producer),
        _ => Err(AppError::Forbidden),
    }
}

/// The signed-in officer (or administrator) of the page being rendered;
/// `Err(access)` says what the page shows instead. Private, never cached.
pub async fn page_officer<T>() -> Result<Result<(AppState, users::Model), Access<T>>, ServerFnError>
{
    page_for(is_officer).await
}

/// One record of the officer's area for a page, by the id in its address:
/// `Ready(None)` with a 404 when the id is not a number or `load` finds
/// nothing (another area's record is "not found" too).
pub async fn page_item<T, F, Fut>(id: &str, load: F) -> Result<Access<Option<T>>, ServerFnError>
where
    F: FnOnce(i64) -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    let found = match id.parse::<i64>() {
        Ok(id) => load(id).await,
        Err(_) => Err(AppError::not_found("Không có mục này", "No such record")),
    };
    match found {
        Ok(item) => Ok(Access::Ready(Some(item))),
        Err(AppError::NotFound { .. }) => {
            crate::ssr::set_status(http::StatusCode::NOT_FOUND);
            Ok(Access::Ready(None))
        }
        Err(e) => Err(crate::ssr::server_error(e)),
    }
}

/// The signed-in account of the page being rendered when `allowed` takes
/// it; `Err(access)` says what the page shows instead.
async fn page_for<T>(
    allowed: impl Fn(&users::Model) -> bool,
) -> Result<Result<(AppState, users::Model), Access<T>>, ServerFnError> {
    let (state, user) = page_user().await?;
    Ok(match user {
        None => Err(Access::SignedOut),
        Some(user) if allowed(&user) => Ok((state, user)),
        Some(_) => Err(Access::NotAllowed),
    })
}

/// The signed-in account (of any role) of the page being rendered;
/// `Err(access)` asks a visitor to sign in. Private, never cached.
pub async fn page_account<T>() -> Result<Result<(AppState, users::Model), Access<T>>, ServerFnError>
{
    page_for(|_| true).await
}

/// The signed-in account (of any role) a form acts for, checked against
/// its CSRF token.
pub async fn acting_account(csrf: Option<&str>) -> Result<(AppState, users::Model), FormError> {
    acting_user(csrf).await
}

/// The signed-in administrator of the page being rendered; `Err(access)`
/// says what the page shows instead. Private, never cached.
pub async fn page_admin<T>() -> Result<Result<(AppState, users::Model), Access<T>>, ServerFnError> {
    page_for(|user| user.role == Role::Admin).await
}

/// The administrator a form acts for, checked against its CSRF token.
pub async fn acting_admin(csrf: Option<&str>) -> Result<(AppState, users::Model), FormError> {
    let (state, user) = acting_user(csrf).await?;
    if user.role != Role::Admin {
        return Err(refuse(AppError::Forbidden));
    }
    Ok((state, user))
}

/// The officer (or administrator) a form acts for, checked against its
/// CSRF token; refusals ready to show.
pub async fn acting_officer(csrf: Option<&str>) -> Result<(AppState, users::Model), FormError> {
    let (state, user) = acting_user(csrf).await?;
    if !is_officer(&user) {
        return Err(refuse(AppError::Forbidden));
    }
    Ok((state, user))
}

/// The signed-in member of the page being rendered and their producer:
/// `Err(access)` says what the page shows instead. Stall pages are
/// private and never cached.
pub async fn page_member<T>(
) -> Result<Result<(AppState, users::Model, i64), Access<T>>, ServerFnError> {
    let (state, user) = page_user().await?;
    Ok(match user {
        None => Err(Access::SignedOut),
        Some(user) => match member_producer(&user) {
            Ok(producer) => Ok((state, user, producer)),
            Err(_) => Err(Access::NotAllowed),
        },
    })
}

/// The member behind a stall form: the session must carry the form's
/// CSRF token, be signed in, and belong to a producer member.
pub async fn acting_member(csrf: Option<&str>) -> Result<(AppState, users::Model, i64), FormError> {
    let (state, user) = acting_user(csrf).await?;
    let producer = member_producer(&user).map_err(refuse)?;
    Ok((state, user, producer))
}

/// The signed-in account of the page being rendered, which is therefore
/// private and never cached.
async fn page_user() -> Result<(AppState, Option<users::Model>), ServerFnError> {
    let state = crate::ssr::state()?;
    crate::ssr::private_page();
    let user = crate::sessions::current_user(&state.db)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok((state, user))
}

/// The enabled account behind a form whose CSRF token its session carries.
async fn acting_user(csrf: Option<&str>) -> Result<(AppState, users::Model), FormError> {
    let (state, session) = acting_session(csrf, false).await?;
    let user = match session.user_id {
        Some(id) => users::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .map_err(|e| refuse(e.into()))?,
        None => None,
    }
    .filter(|u| u.disabled_at.is_none())
    .ok_or_else(|| refuse(AppError::Unauthorized))?;
    Ok((state, user))
}
