//! Password hashing with argon2id; the hash is the only thing ever stored.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;

/// Hashes a password with argon2id and a random salt (PHC string format).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// [`hash_password`] on a blocking thread (argon2 takes tens of
/// milliseconds of CPU), as the service errors say it.
pub async fn hash_off_thread(password: String) -> crate::error::AppResult<String> {
    use crate::error::AppError;
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(AppError::internal)?
        .map_err(|e| AppError::internal(std::io::Error::other(e.to_string())))
}

/// Whether `password` matches the stored PHC hash; a malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let hash = hash_password("mật khẩu đủ dài").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("mật khẩu đủ dài", &hash));
        assert!(!verify_password("mat khau du dai", &hash));
        assert!(!verify_password("x", "not a hash"));
    }
}
