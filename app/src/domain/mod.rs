//! Domain types, validated once when built: money in đồng, certification stars,
//! register codes. Shared by the server and the browser.

// `stored_words!` is declared in `status` and used by `event_status` too.
#[macro_use]
mod status;
mod audit_action;
mod event_status;
mod moderation;
mod operations;
mod operator;
mod seller;

pub use audit_action::AuditAction;
pub use event_status::{EventStatus, ParticipantStatus};
pub use moderation::{ReportReason, ReportStatus, ReportTarget};
pub use operations::{
    BackupInfo, JobKind, JobOutcome, JobState, SettingGroup, SettingLine, SettingValue,
};
pub use operator::OperatorIdentity;
pub use seller::{ApplicationStatus, CertificateType, ProducerKind};
pub use status::{OrderStatus, PaymentMethod, PaymentStatus, ReservationStatus, Role};

/// Most units of one product in one cart line or one checkout.
pub const MAX_QUANTITY: i64 = 999;

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a domain value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// The amount is negative or does not fit.
    #[error("số tiền không hợp lệ: {0}")]
    Money(String),
    /// Stars outside 3..=5.
    #[error("số sao phải từ 3 đến 5: {0}")]
    Stars(i64),
    /// A code that is empty, too long or has characters a register code never has.
    #[error("mã không hợp lệ: {0}")]
    Code(String),
}

/// An amount of Vietnamese đồng. VND has no minor unit, so this is a whole
/// number of đồng; arithmetic is checked and never silently wraps.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

impl Money {
    /// Zero đồng.
    pub const ZERO: Money = Money(0);

    /// The amount in đồng, refusing negative amounts.
    pub fn from_dong(dong: i64) -> Result<Self, DomainError> {
        if dong < 0 {
            return Err(DomainError::Money(dong.to_string()));
        }
        Ok(Money(dong))
    }

    /// The amount as whole đồng.
    pub fn dong(self) -> i64 {
        self.0
    }

    /// Sum of two amounts, `None` on overflow.
    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The amount times a quantity, `None` on overflow.
    pub fn checked_mul(self, quantity: u32) -> Option<Money> {
        self.0.checked_mul(i64::from(quantity)).map(Money)
    }
}

impl TryFrom<i64> for Money {
    type Error = DomainError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Money::from_dong(value)
    }
}

impl From<Money> for i64 {
    fn from(m: Money) -> i64 {
        m.0
    }
}

/// Vietnamese format: dots between thousands, then the đồng sign: "85.000 ₫".
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        write!(f, "{out} ₫")
    }
}

/// An OCOP rating: 3, 4 or 5 stars (1-2 star results are not certifications).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Stars(u8);

impl Stars {
    /// The number of stars.
    pub fn get(self) -> u8 {
        self.0
    }

    /// "★★★★☆"-style rendering out of five.
    pub fn glyphs(self) -> String {
        let filled = usize::from(self.0);
        "★".repeat(filled) + &"☆".repeat(5 - filled)
    }
}

impl TryFrom<i64> for Stars {
    type Error = DomainError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match value {
            3..=5 => Ok(Stars(value as u8)),
            _ => Err(DomainError::Stars(value)),
        }
    }
}

impl From<Stars> for i64 {
    fn from(s: Stars) -> i64 {
        i64::from(s.0)
    }
}

/// A code from a department register (product, producer, sales point, event):
/// 1-40 characters of letters, digits, `-`, `_`, `.` and `/`, stored upper-case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegisterCode(String);

impl RegisterCode {
    /// Validates and normalises a code as typed.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let code = raw.trim().to_uppercase();
        let ok = !code.is_empty()
            && code.len() <= 40
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
        if ok {
            Ok(RegisterCode(code))
        } else {
            Err(DomainError::Code(raw.chars().take(60).collect()))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for RegisterCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        RegisterCode::parse(&value)
    }
}

impl From<RegisterCode> for String {
    fn from(c: RegisterCode) -> String {
        c.0
    }
}

impl fmt::Display for RegisterCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A Vietnamese telephone number as delivery needs it: a mobile number
/// (10 digits, `03`, `05`, `07`, `08`, `09`) or a landline (11 digits, `02`),
/// typed with spaces, dots or dashes and with `+84` or `84` for the `0`;
/// stored as the 10 or 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneVn(String);

impl PhoneVn {
    /// Reads a number as people write it; `None` when it is not one.
    pub fn parse(raw: &str) -> Option<PhoneVn> {
        let trimmed = raw.trim();
        let (international, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let mut digits = String::with_capacity(12);
        for c in rest.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '.' | '-' | '(' | ')' => {}
                _ => return None,
            }
        }
        let national = match digits.strip_prefix("84") {
            Some(rest) if international || digits.len() >= 11 => format!("0{rest}"),
            _ if international => return None,
            _ => digits,
        };
        let bytes = national.as_bytes();
        let ok = matches!(
            (bytes.len(), bytes.get(1)),
            (10, Some(b'3' | b'5' | b'7' | b'8' | b'9')) | (11, Some(b'2'))
        );
        (ok && bytes[0] == b'0').then_some(PhoneVn(national))
    }

    /// The national digits, e.g. "0912345678".
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneVn {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        PhoneVn::parse(&value).ok_or(value)
    }
}

impl From<PhoneVn> for String {
    fn from(p: PhoneVn) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats_the_vietnamese_way() {
        assert_eq!(Money::from_dong(85_000).unwrap().to_string(), "85.000 ₫");
        assert_eq!(
            Money::from_dong(1_250_000).unwrap().to_string(),
            "1.250.000 ₫"
        );
        assert_eq!(Money::from_dong(0).unwrap().to_string(), "0 ₫");
        assert_eq!(Money::from_dong(999).unwrap().to_string(), "999 ₫");
    }

    #[test]
    fn money_refuses_negative_and_overflow() {
        assert!(Money::from_dong(-1).is_err());
        let big = Money::from_dong(i64::MAX).unwrap();
        assert_eq!(big.checked_add(Money::from_dong(1).unwrap()), None);
        assert_eq!(big.checked_mul(2), None);
        assert_eq!(
            Money::from_dong(70_000)
                .unwrap()
                .checked_mul(3)
                .map(Money::dong),
            Some(210_000)
        );
    }

    #[test]
    fn money_format_matches_digit_grouping_for_many_values() {
        for n in [1i64, 12, 123, 1234, 12345, 123456, 1234567, 98765432109] {
            let shown = Money::from_dong(n).unwrap().to_string();
            let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
            assert_eq!(digits, n.to_string());
            for group in shown.trim_end_matches(" ₫").split('.').skip(1) {
                assert_eq!(group.len(), 3, "{shown}");
            }
        }
    }

    #[test]
    fn stars_are_three_to_five() {
        assert!(Stars::try_from(2).is_err());
        assert!(Stars::try_from(6).is_err());
        assert_eq!(Stars::try_from(4).unwrap().glyphs(), "★★★★☆");
    }

    #[test]
    fn codes_are_normalised_and_checked() {
        assert_eq!(
            RegisterCode::parse(" sp0000001 ").unwrap().as_str(),
            "SP0000001"
        );
        assert!(RegisterCode::parse("").is_err());
        assert!(RegisterCode::parse("SP 1").is_err());
        assert!(RegisterCode::parse("<script>").is_err());
    }

    #[test]
    fn phone_numbers_as_people_type_them() {
        for (raw, national) in [
            ("0912345678", "0912345678"),
            ("0912 345 678", "0912345678"),
            ("091.234.5678", "0912345678"),
            ("+84 912 345 678", "0912345678"),
            ("84912345678", "0912345678"),
            ("0292 3822 000", "02923822000"),
            ("+84-292-382-2000", "02923822000"),
        ] {
            assert_eq!(
                PhoneVn::parse(raw).map(|p| p.0),
                Some(national.into()),
                "{raw}"
            );
        }
        for raw in [
            "",
            "091234567",
            "09123456789",
            "0112345678",
            "1912345678",
            "0912a45678",
            "+1 912 345 678",
            "+84",
            "0212345678",
            "091234567８",
        ] {
            assert_eq!(PhoneVn::parse(raw), None, "{raw}");
        }
    }
}
