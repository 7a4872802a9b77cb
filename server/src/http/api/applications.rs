//! `POST /api/v1/producer-applications`: a producer applies to open its
//! stall (multipart: the identity fields, the certificate named, and the
//! certificate scan) → 201. Anyone may apply; the route is rate-limited, as
//! each application mails the applicant and the area's officers.

use super::super::applications::read_application;
use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use app::domain::ApplicationStatus;
use app::onboarding::apply::submit;
use app::ssr::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The application form (`multipart/form-data`). Only its schema is used:
/// the form is read part by part, bounded.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct ApplicationUpload {
    /// The applicant's e-mail: the stall member account's address.
    #[schema(value_type = String, format = Email)]
    email: (),
    /// The applicant's name.
    #[schema(value_type = String, max_length = 100)]
    contact_name: (),
    /// The seller's registered name.
    #[schema(value_type = String, max_length = 300)]
    legal_name: (),
    /// The legal form: cooperative, sme, household, coop_group or other.
    #[schema(value_type = String)]
    kind: (),
    /// Business registration or tax code (10 digits, 10-3 for a branch; a
    /// household business's registration number).
    #[schema(value_type = String)]
    registration_no: (),
    /// The registered address.
    #[schema(value_type = String, max_length = 300)]
    address: (),
    /// A Vietnamese phone number.
    #[schema(value_type = String)]
    phone: (),
    /// The certified product's register code; or, without it,
    #[schema(value_type = String, required = false)]
    product_code: (),
    /// the recognition decision's number
    #[schema(value_type = String, required = false)]
    decision_no: (),
    /// and date (yyyy-mm-dd or dd/mm/yyyy).
    #[schema(value_type = String, required = false)]
    decided_on: (),
    /// `true`: the operating rules and the privacy notice in force are
    /// accepted (required).
    #[schema(value_type = bool)]
    accept_terms: (),
    /// The certificate: a PDF (no scripts, attachments or encryption) or a
    /// JPEG/PNG/WebP photo, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    certificate: (),
}

/// An application received.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationReceived {
    /// Its number, as the applicant's mail says it.
    pub id: i64,
    /// `pending`: waiting for the area's officer.
    pub status: ApplicationStatus,
    /// The register's producer it was matched with.
    pub producer_code: String,
}

/// Apply to open a stall: the seller identity, the certificate (product code, or decision number and date) and its scan. Matched with the OCOP register at once; the area's officer decides, and the applicant is mailed
///
/// 201 with the application's number; the applicant and the area's officers
/// are mailed.
#[utoipa::path(post, path = "/producer-applications", operation_id = "apply_for_stall", tag = "accounts",
    request_body(content = ApplicationUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Received, waiting for the area's officer", body = ApplicationReceived),
        (status = 409, description = "stall_exists: the producer has a stall already; application_pending: one waits already", body = ErrorBody),
        (status = 413, description = "payload_too_large: the body is over 11 MB", body = ErrorBody),
        (status = 422, description = "A field is missing or wrong (each named), a certificate the register does not know, or a scan refused (type, size, active content)", body = ErrorBody),
        (status = 429, description = "rate_limited: too many applications; see Retry-After", body = ErrorBody),
    ))]
pub async fn apply(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<ApplicationReceived>), ApiError> {
    let mut sent = read_application(multipart)
        .await
        .map_err(localized(locale))?;
    let scan = sent.scan().await.map_err(localized(locale))?;
    let received = submit(
        &state.db,
        &sent.fields,
        scan,
        &state.site.base_url,
        chrono::Utc::now(),
    )
    .await
    .map_err(localized(locale))?;
    Ok((
        StatusCode::CREATED,
        Json(ApplicationReceived {
            id: received.id,
            status: ApplicationStatus::Pending,
            producer_code: received.producer_code,
        }),
    ))
}
