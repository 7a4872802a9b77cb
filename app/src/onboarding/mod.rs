//! "Đăng ký mở gian hàng": a producer with a certified OCOP product opens
//! its stall itself. It applies with its seller identity, the certificate
//! it holds (the product's register code, or the decision's number and
//! date) and a scan of the certificate; the application is matched against
//! the register at once (a code the register does not know is refused
//! there), and waits for the area's officer, who checks it and approves (the
//! member account is made, the identity verified, the member mailed a link
//! to choose a password) or refuses with a reason the applicant is mailed.
//! The officer's invitation stays the other way in.
//!
//! The form is a plain multipart form (a file travels with it) read by the
//! server's `/dang-ky-gian-hang` door; the API's
//! `POST /api/v1/producer-applications` takes the same fields.

use crate::domain::ApplicationStatus;
use crate::seller::IdentityFields;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod apply;
pub mod apply_page;
pub mod queue_page;
#[cfg(feature = "ssr")]
pub mod review;

/// The largest certificate scan taken, in bytes.
pub const MAX_CERTIFICATE_BYTES: usize = 10 * 1024 * 1024;

/// What an applicant types (the scan travels beside it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationFields {
    /// The applicant's e-mail: the member account's address.
    pub email: String,
    /// The applicant's name.
    pub contact_name: String,
    /// The seller identity.
    pub identity: IdentityFields,
    /// The certified product's register code, or
    pub product_code: String,
    /// the certification decision's number
    pub decision_no: String,
    /// and date, as typed.
    pub decided_on: String,
    /// The operating rules and the privacy notice accepted.
    pub agree: bool,
}

/// A refused form, kept with the session while the page shows it again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDraft {
    /// What was typed.
    pub fields: ApplicationFields,
    /// The sentence for the whole form.
    pub message: String,
    /// Field → what is wrong with it.
    pub problems: Vec<(String, String)>,
}

/// An application in the officer's queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    /// Its number.
    pub id: i64,
    /// Where it stands.
    pub status: ApplicationStatus,
    /// The seller's registered name, as given.
    pub legal_name: String,
    /// The register's producer it matched: code and name.
    pub producer: (String, String),
    /// When it came.
    pub received_at: DateTime<Utc>,
    /// Hours since it came (for the 24-hour target), or until it was
    /// decided.
    pub age_hours: i64,
}

/// An application as the officer checks it, beside what the register holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationDetail {
    /// The queue line.
    pub summary: ApplicationSummary,
    /// The applicant's e-mail.
    pub email: String,
    /// The applicant's name.
    pub contact_name: String,
    /// The identity given.
    pub identity: IdentityFields,
    /// What the register holds for the producer.
    pub register: IdentityFields,
    /// The certificate named: the product code, or the decision.
    pub certificate_named: String,
    /// The register's certified products of the producer, with their
    /// decision: (code, name, "decision of date, valid until").
    pub certified: Vec<(String, String, String)>,
    /// The scan's kind ("PDF", "JPEG") and size in KB.
    pub scan: (String, usize),
    /// Why it was refused, when it was.
    pub refusal_reason: Option<String>,
    /// Who decided and when, once decided.
    pub decided: Option<(String, DateTime<Utc>)>,
}

/// A date the applicant typed, read the Vietnamese way or as a date input
/// sends it.
pub fn typed_date(raw: &str) -> Option<NaiveDate> {
    crate::time::parse_form_date(raw.trim())
}
