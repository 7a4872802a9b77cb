//! `POST /api/v1/invitations`: an officer (or an administrator) invites a
//! producer member by e-mail `{"email", "display_name", "producer_code"}`;
//! 201 with the new account. Only producers of the officer's area.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::who::SignedIn;
use app::accounts::invite::{invite_member, Invitation};
use app::error::AppError;
use app::ssr::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// Creates the member account and mails the invitation link.
pub async fn invite(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    SignedIn(user): SignedIn,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = match body {
        Ok(Json(value)) if value.is_object() => value,
        _ => {
            return Err(ApiError::new(
                AppError::invalid(
                    "body",
                    "Cần JSON {\"email\", \"display_name\", \"producer_code\"}.",
                    "Send JSON {\"email\", \"display_name\", \"producer_code\"}.",
                ),
                locale,
            ))
        }
    };
    let text = |name: &str| body.get(name).and_then(Value::as_str).unwrap_or_default();
    let member = invite_member(
        &state.db,
        &user,
        &Invitation {
            email: text("email"),
            display_name: text("display_name"),
            producer_code: text("producer_code"),
        },
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(localized(locale))?;
    Ok((
        StatusCode::CREATED,
        Json(json!({
            "email": member.email,
            "display_name": member.display_name,
            "role": member.role,
        })),
    ))
}
