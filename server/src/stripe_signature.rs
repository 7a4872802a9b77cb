//! Stripe webhook signatures, checked by hand (as Stripe documents them):
//! the `Stripe-Signature` header is `t=<unix time>,v1=<hex>[,v1=<hex>…]`,
//! each `v1` an HMAC-SHA256 of `"{t}.{payload}"` keyed with the whole
//! endpoint secret, `whsec_` prefix included. Several `v1` entries appear
//! while a secret is being rolled; any one may match. The comparison is
//! constant-time, and a signature older (or further ahead) than five
//! minutes is refused, so a captured request cannot be replayed later.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far the signature's time may be from ours, in seconds (Stripe's
/// libraries use the same default).
pub const TOLERANCE_SECS: i64 = 300;

/// Why a webhook's signature was refused; each is a 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// No `Stripe-Signature` header.
    #[error("missing Stripe-Signature header")]
    Missing,
    /// The header has no timestamp or no `v1` entry.
    #[error("malformed Stripe-Signature header")]
    Malformed,
    /// No `v1` entry matches the payload.
    #[error("no matching signature")]
    Mismatch,
    /// The signature is more than [`TOLERANCE_SECS`] away from now.
    #[error("signature timestamp outside the tolerance")]
    Stale,
}

/// The `v1` signature of `payload` sent at `timestamp`, in hex.
pub fn sign(payload: &[u8], secret: &str, timestamp: i64) -> String {
    hex::encode(mac(payload, secret, timestamp).finalize().into_bytes())
}

fn mac(payload: &[u8], secret: &str, timestamp: i64) -> Hmac<Sha256> {
    // HMAC takes a key of any length: this cannot fail.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

/// Checks `header` (the `Stripe-Signature` value, if any) against
/// `payload` with `secret`, at `now` (unix seconds).
pub fn verify(
    payload: &[u8],
    header: Option<&str>,
    secret: &str,
    now: i64,
) -> Result<(), SignatureError> {
    let header = header.ok_or(SignatureError::Missing)?;
    let mut timestamp = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) if timestamp.is_none() => {
                timestamp = Some(
                    value
                        .parse::<i64>()
                        .map_err(|_| SignatureError::Malformed)?,
                );
            }
            // An entry that is not hex cannot match; the others still may.
            Some(("v1", value)) => candidates.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let expected = mac(payload, secret, timestamp);
    // `verify_slice` compares in constant time.
    if !candidates
        .iter()
        .any(|c| expected.clone().verify_slice(c).is_ok())
    {
        return Err(SignatureError::Mismatch);
    }
    if (now - timestamp).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAYLOAD: &[u8] = br#"{"id":"evt_test_webhook","object":"event"}"#;
    const SECRET: &str = "whsec_test_secret";
    const T: i64 = 1_700_000_000;
    const V1: &str = "d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990";

    #[test]
    fn reproduces_the_reference_vector() {
        assert_eq!(sign(PAYLOAD, SECRET, T), V1);
        let header = format!("t={T},v1={V1}");
        assert_eq!(verify(PAYLOAD, Some(&header), SECRET, T), Ok(()));
    }

    #[test]
    fn any_of_several_signatures_may_match() {
        let wrong = "0".repeat(64);
        let header = format!("t={T},v1={wrong},v0=abc,v1=nothex,v1={V1}");
        assert_eq!(verify(PAYLOAD, Some(&header), SECRET, T + 10), Ok(()));
        let header = format!("t={T},v1={wrong}");
        assert_eq!(
            verify(PAYLOAD, Some(&header), SECRET, T),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn the_whole_secret_is_the_key() {
        let header = format!("t={T},v1={V1}");
        assert_eq!(
            verify(PAYLOAD, Some(&header), "test_secret", T),
            Err(SignatureError::Mismatch)
        );
        // One byte of payload changed.
        let tampered = br#"{"id":"evt_test_webhook","object":"evenT"}"#;
        assert_eq!(
            verify(tampered, Some(&header), SECRET, T),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn five_minutes_of_tolerance_each_way() {
        let header = format!("t={T},v1={V1}");
        assert_eq!(verify(PAYLOAD, Some(&header), SECRET, T + 300), Ok(()));
        assert_eq!(verify(PAYLOAD, Some(&header), SECRET, T - 300), Ok(()));
        assert_eq!(
            verify(PAYLOAD, Some(&header), SECRET, T + 301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(PAYLOAD, Some(&header), SECRET, T - 301),
            Err(SignatureError::Stale)
        );
    }

    #[test]
    fn missing_and_malformed_headers_are_named() {
        assert_eq!(
            verify(PAYLOAD, None, SECRET, T),
            Err(SignatureError::Missing)
        );
        for bad in ["", "v1=abcd", &format!("t={T}"), "t=soon,v1=ab", "garbage"] {
            assert_eq!(
                verify(PAYLOAD, Some(bad), SECRET, T),
                Err(SignatureError::Malformed),
                "{bad:?}"
            );
        }
    }
}
