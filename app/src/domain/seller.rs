//! Who sells: the kinds of producer the register knows, and where a
//! producer's application to open its stall stands.

use crate::i18n::Locale;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

stored_words! {
    /// The legal form of a producer, as the register records it.
    pub enum ProducerKind {
        /// Hợp tác xã.
        Cooperative = "cooperative",
        /// Doanh nghiệp nhỏ và vừa.
        Sme = "sme",
        /// Hộ kinh doanh.
        Household = "household",
        /// Tổ hợp tác.
        CoopGroup = "coop_group",
        /// Any other.
        Other = "other",
    }
}

impl ProducerKind {
    /// Its name in the reader's language.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            ProducerKind::Cooperative => l.pick("Hợp tác xã", "Cooperative"),
            ProducerKind::Sme => l.pick("Doanh nghiệp nhỏ và vừa", "Small or medium enterprise"),
            ProducerKind::Household => l.pick("Hộ kinh doanh", "Household business"),
            ProducerKind::CoopGroup => l.pick("Tổ hợp tác", "Cooperative group"),
            ProducerKind::Other => l.pick("Chủ thể khác", "Other producer"),
        }
    }
}

stored_words! {
    /// Where an application to open a stall stands.
    pub enum ApplicationStatus {
        /// Waiting for the area's officer.
        Pending = "pending",
        /// Approved: the account and stall exist.
        Approved = "approved",
        /// Refused, with a reason told to the applicant.
        Refused = "refused",
    }
}

stored_words! {
    /// What a kept certificate scan is.
    pub enum CertificateType {
        /// A PDF, checked and kept as sent.
        Pdf = "pdf",
        /// A photo, re-encoded as JPEG.
        Jpeg = "jpeg",
    }
}

impl CertificateType {
    /// The media type it is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            CertificateType::Pdf => "application/pdf",
            CertificateType::Jpeg => "image/jpeg",
        }
    }

    /// The file name's ending.
    pub fn extension(self) -> &'static str {
        match self {
            CertificateType::Pdf => "pdf",
            CertificateType::Jpeg => "jpg",
        }
    }
}
