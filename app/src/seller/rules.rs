//! A seller's identity read from its producer, checked as typed, and the
//! rule that only a verified stall sells.

use super::{IdentityFields, SellerIdentity, Verification};
use crate::domain::{PhoneVn, ProducerKind};
use crate::entities::producers;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::text::clean;
use serde::Serialize;

/// The longest name or address kept.
const MAX_LINE: usize = 300;

/// The identity of `producer` as shoppers read it.
pub fn identity_of(producer: &producers::Model) -> SellerIdentity {
    SellerIdentity {
        legal_name: producer.name.clone(),
        kind: ProducerKind::from_name(&producer.kind).unwrap_or(ProducerKind::Other),
        registration_no: producer.registration_no.clone(),
        address: producer.address.clone(),
        phone: producer.phone.clone(),
        verified: producer
            .identity_verified_at
            .zip(producer.identity_verifier.clone())
            .map(|(at, by)| Verification {
                on: at.with_timezone(&crate::time::vn_offset()).date_naive(),
                by,
            }),
    }
}

/// Refuses to put a product on sale for a stall whose identity is not
/// verified: the one rule every way of publishing goes through.
pub fn require_verified(producer: &producers::Model) -> AppResult<()> {
    if producer.identity_verified_at.is_some() {
        return Ok(());
    }
    Err(AppError::invalid(
        "published",
        "Chưa bán được: thông tin người bán của gian hàng chưa được cán bộ Sở Công Thương xác minh. Hãy bổ sung mã số doanh nghiệp/thuế ở trang Gian hàng và liên hệ Sở.",
        "Not on sale yet: the stall's seller information has not been verified by the Department of Industry and Trade. Add the business registration or tax code on the Stall page and contact the department.",
    ))
}

/// A business registration or tax code as people write it: 10 digits, 13
/// with a branch (`0123456789-001`), or a household business registration
/// (letters, digits, dots, slashes and dashes, 6 to 20 characters, with at
/// least 6 digits). Spaces are dropped and letters upper-cased.
pub fn registration_no(raw: &str) -> Option<String> {
    let code: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let allowed = code
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-'));
    let digits = code.chars().filter(char::is_ascii_digit).count();
    (allowed && (6..=20).contains(&code.chars().count()) && digits >= 6).then_some(code)
}

/// The identity in `fields`, checked (every problem named at once).
pub fn check_identity(fields: &IdentityFields) -> AppResult<CheckedIdentity> {
    let mut problems = FieldErrors::default();
    let legal_name = clean(&fields.legal_name);
    if legal_name.is_empty() || legal_name.chars().count() > MAX_LINE {
        problems.add(
            "legal_name",
            "Hãy nhập tên đăng ký (tối đa 300 ký tự).",
            "Enter the registered name (at most 300 characters).",
        );
    }
    let kind = ProducerKind::from_name(fields.kind.trim());
    if kind.is_none() {
        problems.add("kind", "Hãy chọn loại hình.", "Choose the legal form.");
    }
    let registration = registration_no(&fields.registration_no);
    if registration.is_none() {
        problems.add(
            "registration_no",
            "Mã số doanh nghiệp/thuế không đúng dạng (10 chữ số, hoặc 10 chữ số-3 chữ số; hộ kinh doanh: số đăng ký).",
            "The business registration or tax code is not valid (10 digits, or 10 digits-3 digits; a household business: its registration number).",
        );
    }
    let address = clean(&fields.address);
    if address.is_empty() || address.chars().count() > MAX_LINE {
        problems.add(
            "address",
            "Hãy nhập địa chỉ đăng ký (tối đa 300 ký tự).",
            "Enter the registered address (at most 300 characters).",
        );
    }
    let phone = PhoneVn::parse(&fields.phone);
    if phone.is_none() {
        problems.add(
            "phone",
            "Số điện thoại không đúng (ví dụ 0912 345 678).",
            "The phone number is not valid (e.g. 0912 345 678).",
        );
    }
    match (kind, registration, phone) {
        (Some(kind), Some(registration_no), Some(phone)) if problems.is_empty() => {
            Ok(CheckedIdentity {
                legal_name,
                kind,
                registration_no,
                address,
                phone: phone.as_str().to_owned(),
            })
        }
        _ => Err(problems.into_error()),
    }
}

/// An identity that holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedIdentity {
    /// Registered name.
    pub legal_name: String,
    /// Legal form.
    pub kind: ProducerKind,
    /// Business registration or tax code, normalised.
    pub registration_no: String,
    /// Registered address.
    pub address: String,
    /// Phone, normalised.
    pub phone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_numbers_as_people_write_them() {
        assert_eq!(
            registration_no("0312 345 678").as_deref(),
            Some("0312345678")
        );
        assert_eq!(
            registration_no("0312345678-001").as_deref(),
            Some("0312345678-001")
        );
        assert_eq!(registration_no("57a8012345").as_deref(), Some("57A8012345"));
        assert_eq!(registration_no("12345"), None);
        assert_eq!(registration_no("ABCDEFG12"), None);
        assert_eq!(registration_no("0312<script>"), None);
        assert_eq!(registration_no(&"1".repeat(21)), None);
    }

    #[test]
    fn an_identity_names_every_problem_at_once() {
        let Err(AppError::Validation { fields }) = check_identity(&IdentityFields::default())
        else {
            panic!("an empty identity holds");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(
            named,
            ["address", "kind", "legal_name", "phone", "registration_no"]
        );
    }
}
