//! `POST /api/v1/invitations`: an officer (or an administrator) invites a
//! producer member by e-mail `{"email", "display_name", "producer_code"}`;
//! 201 with the new account. Only producers of the officer's area.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::{Refusal, Sent, WordedBody};
use super::who::SignedIn;
use app::accounts::invite::{invite_member, Invitation};
use app::accounts::users::AccountSummary;
use app::ssr::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

/// Whom to invite, for which producer.
// Fields defaulted one by one: on the struct, `serde(default)` would have
// utoipa write each default into the schema.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct InvitationRequest {
    /// The invitee's address, where the link goes.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub email: Sent<String>,
    /// Their name as shown (the address when empty).
    #[serde(default)]
    #[schema(value_type = String)]
    pub display_name: Sent<String>,
    /// The register code of the producer they will run.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub producer_code: Sent<String>,
}

impl Refusal for InvitationRequest {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần JSON {\"email\", \"display_name\", \"producer_code\"}.",
        "Send JSON {\"email\", \"display_name\", \"producer_code\"}.",
    );
    const NOT_OBJECT: (&'static str, &'static str) = Self::NOT_JSON;
}

/// An officer (for producers of their area) or an administrator invites a producer member by e-mail; the invitee gets a one-time link, valid 7 days, to choose a password
///
/// Creates the member account and mails the invitation link; X-CSRF-Token
/// required with a session.
#[utoipa::path(post, path = "/invitations", operation_id = "invite_member", tag = "accounts",
    request_body = InvitationRequest,
    responses(
        (status = 201, description = "The new account", body = AccountSummary),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer or administrator, or no X-CSRF-Token", body = ErrorBody),
        (status = 422, description = "Invalid address, an address already taken, or a producer outside the officer's area", body = ErrorBody),
    ))]
pub async fn invite(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    SignedIn(user): SignedIn,
    WordedBody(body): WordedBody<InvitationRequest>,
) -> Result<(StatusCode, Json<AccountSummary>), ApiError> {
    let member = invite_member(
        &state.db,
        &user,
        // Text only, as sent: anything else is as good as nothing.
        &Invitation {
            email: body.email.if_text().unwrap_or_default(),
            display_name: body.display_name.if_text().unwrap_or_default(),
            producer_code: body.producer_code.if_text().unwrap_or_default(),
        },
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(localized(locale))?;
    Ok((StatusCode::CREATED, Json(AccountSummary::from(&member))))
}
