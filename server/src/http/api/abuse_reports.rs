//! `POST /api/v1/abuse-reports`: anyone reports a listing or a stall
//! `{"target": {"product": CODE} | {"stall": CODE} | {"review": ID},
//! "reason", "details"}` (optional `evidence_url`, `email`) → 201. Rate
//! limited: each report mails the area's officers.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::{Refusal, Sent, WordedBody};
use super::who::MaybeSignedIn;
use app::domain::{ReportReason, ReportStatus};
use app::moderation::report::{submit, ReportInput, Reported};
use app::ssr::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What is reported: one key.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportedThing {
    /// A product, by register code.
    Product(String),
    /// A stall, by its producer's register code.
    Stall(String),
    /// A review, by id.
    Review(i64),
}

/// A report.
// Fields defaulted one by one: on the struct, `serde(default)` would have
// utoipa write each default into the schema.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct AbuseReportRequest {
    /// What is reported.
    #[serde(default)]
    #[schema(value_type = ReportedThing, required = true)]
    pub target: Sent<ReportedThing>,
    /// Why.
    #[serde(default)]
    #[schema(value_type = ReportReason, required = true)]
    pub reason: Sent<String>,
    /// What the reporter saw (10 to 2000 characters).
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub details: Sent<String>,
    /// A link to evidence (http or https).
    #[serde(default)]
    #[schema(value_type = String)]
    pub evidence_url: Sent<String>,
    /// Where to tell the reporter the outcome.
    #[serde(default)]
    #[schema(value_type = String)]
    pub email: Sent<String>,
}

impl Refusal for AbuseReportRequest {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần JSON {\"target\": {\"product\": MÃ}, \"reason\", \"details\"}.",
        "Send JSON {\"target\": {\"product\": CODE}, \"reason\", \"details\"}.",
    );
    const NOT_OBJECT: (&'static str, &'static str) = Self::NOT_JSON;
}

/// A report received.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportReceived {
    /// Its number.
    pub id: i64,
    /// `open`: waiting for the area's officers.
    pub status: ReportStatus,
}

/// Report a listing, a stall or a review (counterfeit OCOP logo, lapsed certification, wrong information, prohibited goods, intellectual property); the area's officers handle it within 24 hours
///
/// Anyone may report; limited per address.
#[utoipa::path(post, path = "/abuse-reports", operation_id = "report_abuse", tag = "catalog",
    request_body = AbuseReportRequest,
    responses(
        (status = 201, description = "Received", body = ReportReceived),
        (status = 422, description = "No such product, stall or review, an unknown reason, details too short or too long, or a bad link or address (each named)", body = ErrorBody),
        (status = 429, description = "rate_limited: too many reports; see Retry-After", body = ErrorBody),
    ))]
pub async fn report(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    MaybeSignedIn(user): MaybeSignedIn,
    WordedBody(body): WordedBody<AbuseReportRequest>,
) -> Result<(StatusCode, Json<ReportReceived>), ApiError> {
    let target = match body.target {
        Sent::Fits(ReportedThing::Product(code)) => Some(Reported::Product(code)),
        Sent::Fits(ReportedThing::Stall(code)) => Some(Reported::Stall(code)),
        Sent::Fits(ReportedThing::Review(id)) => Some(Reported::Review(id)),
        Sent::Absent | Sent::Misfit(_) => None,
    };
    let input = ReportInput {
        target,
        reason: body.reason.any_text(),
        details: body.details.any_text(),
        evidence_url: body.evidence_url.any_text(),
        email: body.email.any_text(),
    };
    let id = submit(
        &state.db,
        &input,
        user.as_ref(),
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(localized(locale))?;
    Ok((
        StatusCode::CREATED,
        Json(ReportReceived {
            id,
            status: ReportStatus::Open,
        }),
    ))
}
