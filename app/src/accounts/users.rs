//! Creating accounts: the checks every new user passes, whoever creates it
//! (`ocop user add`, the demo, later the invitation form).

use crate::admin_units::AdminUnits;
use crate::entities::{producers, users};
use crate::error::{AppResult, FieldErrors};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted: hashing a megabyte would be a cheap attack.
const MAX_PASSWORD_BYTES: usize = 1024;
/// Longest e-mail address (RFC 5321 path limit).
const MAX_EMAIL_BYTES: usize = 254;

/// Records a problem with `password` when it is too short or too long.
pub fn check_password(password: &str, problems: &mut FieldErrors) {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS || password.len() > MAX_PASSWORD_BYTES {
        problems.add(
            "password",
            "Mật khẩu phải có từ 10 ký tự (và không quá 1024 byte).",
            "The password needs at least 10 characters (and at most 1024 bytes).",
        );
    }
}

pub use crate::domain::Role;

/// An account to create. The password is only ever hashed.
pub struct NewUser<'a> {
    /// Sign-in address.
    pub email: &'a str,
    /// Shown in the interface; the address when empty.
    pub display_name: &'a str,
    /// What the account may do.
    pub role: Role,
    /// A producer member's producer (register code).
    pub producer_code: Option<&'a str>,
    /// An officer's area: "Province" or "Province/Commune", names as people
    /// write them.
    pub area: Option<&'a str>,
    /// The password in clear, hashed with argon2id here.
    pub password: &'a str,
    /// Whether this is a demo account (listed in the README).
    pub is_demo: bool,
}

impl std::fmt::Debug for NewUser<'_> {
    /// Never prints the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("email", &self.email)
            .field("role", &self.role)
            .field("producer_code", &self.producer_code)
            .field("area", &self.area)
            .finish_non_exhaustive()
    }
}

/// An account as the API shows it (signing in, an invitation): its address,
/// name and role, never its hash, ids or area.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct AccountSummary {
    /// Name shown in the interface.
    pub display_name: String,
    /// Sign-in address.
    pub email: String,
    /// What the account may do.
    pub role: Role,
}

impl From<&users::Model> for AccountSummary {
    fn from(user: &users::Model) -> Self {
        AccountSummary {
            display_name: user.display_name.clone(),
            email: user.email.clone(),
            role: user.role,
        }
    }
}

/// The address as stored: trimmed, NFC, lowercase; `None` when it cannot be one.
pub fn normalize_email(email: &str) -> Option<String> {
    let email = crate::text::clean(email).to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let valid = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= MAX_EMAIL_BYTES
        && !email.chars().any(|c| c.is_whitespace() || c.is_control());
    valid.then_some(email)
}

/// What an account of `role` is attached to: a producer member's producer,
/// an officer's area.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assigned {
    /// A member's producer.
    pub producer_id: Option<i64>,
    /// An officer's province.
    pub province_id: Option<i64>,
    /// An officer's commune, for a commune officer.
    pub commune_id: Option<i64>,
}

/// Resolves what an account of `role` is attached to: a producer code for
/// a member, an area ("Province" or "Province/Commune") for an officer,
/// nothing for the others; each problem is added to `problems`.
pub async fn assignment(
    db: &impl ConnectionTrait,
    role: Role,
    producer_code: Option<&str>,
    area: Option<&str>,
    problems: &mut FieldErrors,
) -> AppResult<Assigned> {
    let producer_id = match (role, producer_code) {
        (Role::Producer, Some(code)) => {
            let found = producers::Entity::find()
                .filter(producers::Column::Code.eq(code.trim()))
                .one(db)
                .await?;
            if found.is_none() {
                problems.add(
                    "producer",
                    "Không có chủ thể với mã này.",
                    "No producer has this code.",
                );
            }
            found.map(|p| p.id)
        }
        (Role::Producer, None) => {
            problems.add(
                "producer",
                "Tài khoản chủ thể cần mã chủ thể.",
                "A producer account needs a producer code.",
            );
            None
        }
        (_, Some(_)) => {
            problems.add(
                "producer",
                "Chỉ tài khoản chủ thể mới gắn với một chủ thể.",
                "Only a producer account belongs to a producer.",
            );
            None
        }
        (_, None) => None,
    };
    let (area_province_id, area_commune_id) = match (role, area) {
        (Role::Officer, Some(area)) => {
            let units = AdminUnits::load(db).await?;
            let (province, commune) = match area.split_once('/') {
                Some((p, c)) => (p, Some(c)),
                None => (area, None),
            };
            match units.province(province.trim()) {
                None => {
                    problems.add("area", "Không có tỉnh, thành phố này.", "No such province.");
                    (None, None)
                }
                Some(p) => match commune.map(|c| units.commune(p.id, c.trim())) {
                    None => (Some(p.id), None),
                    Some(Some(c)) => (Some(p.id), Some(c.id)),
                    Some(None) => {
                        problems.add(
                            "area",
                            "Tỉnh, thành phố này không có xã, phường đó.",
                            "That commune is not in this province.",
                        );
                        (None, None)
                    }
                },
            }
        }
        (Role::Officer, None) => {
            problems.add(
                "area",
                "Tài khoản cán bộ cần địa bàn (TỈNH hoặc TỈNH/XÃ).",
                "An officer account needs an area (PROVINCE or PROVINCE/COMMUNE).",
            );
            (None, None)
        }
        (_, Some(_)) => {
            problems.add(
                "area",
                "Chỉ tài khoản cán bộ mới có địa bàn.",
                "Only an officer account has an area.",
            );
            (None, None)
        }
        (_, None) => (None, None),
    };
    Ok(Assigned {
        producer_id,
        province_id: area_province_id,
        commune_id: area_commune_id,
    })
}

/// Creates an account after checking everything about it; nothing is
/// written when anything is wrong, and every problem is named.
pub async fn add_user(db: &impl ConnectionTrait, new: &NewUser<'_>) -> AppResult<users::Model> {
    let mut problems = FieldErrors::default();
    let email = normalize_email(new.email);
    if email.is_none() {
        problems.add(
            "email",
            "Địa chỉ e-mail không hợp lệ.",
            "The e-mail address is not valid.",
        );
    }
    check_password(new.password, &mut problems);
    let assigned = assignment(db, new.role, new.producer_code, new.area, &mut problems).await?;
    if let Some(email) = &email {
        let taken = users::Entity::find()
            .filter(users::Column::Email.eq(email.as_str()))
            .one(db)
            .await?
            .is_some();
        if taken {
            problems.add(
                "email",
                "Đã có tài khoản với địa chỉ này.",
                "An account with this address exists.",
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems.into_error());
    }
    let email = email.unwrap_or_default();
    let hash = super::password::hash_off_thread(new.password.to_owned()).await?;
    let display_name = match new.display_name.trim() {
        "" => email.clone(),
        name => crate::text::clean(name),
    };
    let now = chrono::Utc::now();
    Ok(users::ActiveModel {
        email: Set(email),
        password_hash: Set(hash),
        display_name: Set(display_name),
        role: Set(new.role),
        producer_id: Set(assigned.producer_id),
        area_province_id: Set(assigned.province_id),
        area_commune_id: Set(assigned.commune_id),
        locale: Set("vi".to_string()),
        is_demo: Set(new.is_demo),
        disabled_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalized_or_refused() {
        assert_eq!(
            normalize_email("  Canbo.CanTho@Demo.ChoOCOP.vn "),
            Some("canbo.cantho@demo.choocop.vn".into())
        );
        for bad in [
            "", "no-at", "@x.vn", "a@b", "a@.vn", "a b@x.vn", "a@x.vn.", "a@b@c.vn",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn passwords_too_short_or_too_long_are_refused() {
        let refused = |p: &str| {
            let mut problems = FieldErrors::default();
            check_password(p, &mut problems);
            !problems.is_empty()
        };
        assert!(refused("ngắn-quá"), "8 characters");
        assert!(refused("123456789"), "9 characters");
        assert!(
            !refused("mật-khẩu-đủ"),
            "11 characters, some of them multi-byte"
        );
        assert!(!refused(&"a".repeat(1024)));
        assert!(refused(&"a".repeat(1025)), "over 1024 bytes");
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(*role));
        }
    }
}
