//! The request id: taken from an incoming `X-Request-Id` when it is a
//! plausible id, made up otherwise. It names the request in every log line
//! (the request span), in the `X-Request-Id` response header, in every JSON
//! error (`error.request_id`) and on error pages, so that a reader can quote
//! it and the operator find the request's lines.

use http::HeaderValue;
use std::fmt;

/// The header that carries the id, both ways.
pub const HEADER: &str = "x-request-id";

/// Longest incoming id kept.
const MAX_LEN: usize = 64;

/// A request's id: 1 to 64 characters among letters, digits, `-`, `_`, `.`
/// and `:` (so it can be logged and shown as it is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

tokio::task_local! {
    static CURRENT: RequestId;
}

impl RequestId {
    /// The incoming id when it is well-formed.
    pub fn parse(text: &str) -> Option<RequestId> {
        let ok = !text.is_empty()
            && text.len() <= MAX_LEN
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
        ok.then(|| RequestId(text.to_owned()))
    }

    /// A new id: 64 random bits as 16 hex digits, short enough to read out.
    pub fn generate() -> RequestId {
        RequestId(format!("{:016x}", rand::random::<u64>()))
    }

    /// The incoming header's id, or a new one.
    pub fn from_header(value: Option<&HeaderValue>) -> RequestId {
        value
            .and_then(|v| v.to_str().ok())
            .and_then(|v| RequestId::parse(v.trim()))
            .unwrap_or_else(RequestId::generate)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id as a header value.
    pub fn header_value(&self) -> HeaderValue {
        // Only visible ASCII gets through `parse` and `generate`.
        HeaderValue::from_str(&self.0).unwrap_or_else(|_| HeaderValue::from_static("-"))
    }

    /// Runs `work` with this id as the current request's (see [`current`]).
    pub async fn scope<F: std::future::Future>(self, work: F) -> F::Output {
        CURRENT.scope(self, work).await
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The id of the request being served on this task, for answers built far
/// from the request (the API's error responses).
pub fn current() -> Option<RequestId> {
    CURRENT.try_with(Clone::clone).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_ids_are_kept_and_others_replaced() {
        assert_eq!(
            RequestId::parse("3f2a-b9.c:1_x").map(|r| r.0),
            Some("3f2a-b9.c:1_x".into())
        );
        for bad in ["", "a b", "<script>", "ü", &"x".repeat(65), "a\nb"] {
            assert!(RequestId::parse(bad).is_none(), "{bad:?}");
        }
        let made = RequestId::from_header(Some(&HeaderValue::from_static("bad id!")));
        assert_eq!(made.as_str().len(), 16);
        assert_ne!(made, RequestId::generate());
    }

    #[tokio::test]
    async fn the_current_id_is_the_scope_s() {
        assert!(current().is_none());
        let id = RequestId::parse("abc123").unwrap();
        let seen = id.clone().scope(async { current() }).await;
        assert_eq!(seen, Some(id));
    }
}
