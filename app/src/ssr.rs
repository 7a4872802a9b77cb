//! Server-side plumbing shared by every feature: the application state and the
//! small helpers server functions use to reach it.

pub use crate::state::AppState;

/// The application state inside a server function or an SSR component.
pub fn state() -> Result<AppState, leptos::prelude::ServerFnError> {
    leptos::prelude::use_context::<AppState>()
        .ok_or_else(|| leptos::prelude::ServerFnError::new("application state missing"))
}

/// Today's date in Asia/Ho_Chi_Minh, the date every "as of today" question uses.
pub fn today_vn() -> chrono::NaiveDate {
    crate::time::now_vn().date_naive()
}

/// Turns a service error into a server-function error: the cause is logged
/// once here and the browser gets a generic sentence, never internals.
pub fn server_error(e: crate::error::AppError) -> leptos::prelude::ServerFnError {
    tracing::error!(error = ?e, "server function failed");
    leptos::prelude::ServerFnError::new(
        "Đã có lỗi xảy ra, vui lòng thử lại. / Something went wrong, please try again.",
    )
}

/// Marks the page or answer being rendered as one reader's: never cached,
/// here or by a proxy.
pub fn private_page() {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::CACHE_CONTROL,
            http::HeaderValue::from_static("private, no-store"),
        );
    }
}

/// Marks a page whose address holds a secret (an order's token): besides
/// being private, it is never sent on as a referrer. Only such pages: the
/// forms of other pages come back to them by their `Referer`.
pub fn secret_address_page() {
    private_page();
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            http::header::REFERRER_POLICY,
            http::HeaderValue::from_static("no-referrer"),
        );
    }
}

/// The id of the request being served (the `X-Request-Id` the server's
/// edge put on it), for error pages to show.
pub fn request_id() -> Option<String> {
    leptos::prelude::use_context::<http::request::Parts>()?
        .headers
        .get("x-request-id")?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// Sets the HTTP status of the page being rendered (404 for a missing product).
pub fn set_status(status: http::StatusCode) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Sets the status of an error page, unless the page already chose one (a
/// redirect to the sign-in page stays a redirect).
pub fn set_error_status(status: http::StatusCode) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        let unset = response
            .0
            .read()
            .map(|p| p.status.is_none())
            .unwrap_or(false);
        if unset {
            response.set_status(status);
        }
    }
}

/// Loads the page of `slug` with a service that takes the database, the slug,
/// today's date and the time in Vietnam, and the site's address; see [`found`].
pub async fn load_by_slug<T>(
    slug: &str,
    load: impl for<'a> AsyncFnOnce(
        &'a sea_orm::DatabaseConnection,
        &'a str,
        chrono::NaiveDate,
        chrono::DateTime<chrono::Utc>,
        &'a str,
    ) -> crate::error::AppResult<T>,
) -> Result<Option<T>, leptos::prelude::ServerFnError> {
    let state = state()?;
    found(
        load(
            &state.db,
            slug,
            today_vn(),
            chrono::Utc::now(),
            &state.site.base_url,
        )
        .await,
    )
}

/// A service result as a page's server function returns it: `NotFound` becomes
/// `None` with a 404 status, other failures a generic error.
pub fn found<T>(
    result: crate::error::AppResult<T>,
) -> Result<Option<T>, leptos::prelude::ServerFnError> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(crate::error::AppError::NotFound { .. }) => {
            set_status(http::StatusCode::NOT_FOUND);
            Ok(None)
        }
        Err(e) => Err(server_error(e)),
    }
}
