//! The reader's language for API messages, from `Accept-Language`.

use app::i18n::Locale;
use axum::extract::FromRequestParts;
use http::request::Parts;

/// The language of the request (Vietnamese unless English is preferred).
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for RequestLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestLocale(locale_of(&parts.headers)))
    }
}

/// The language `headers` ask for: Vietnamese unless `Accept-Language`
/// prefers English.
pub fn locale_of(headers: &http::HeaderMap) -> Locale {
    let header = headers
        .get(http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Locale::from_accept_language(header)
}
