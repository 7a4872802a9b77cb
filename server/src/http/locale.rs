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
        let header = parts
            .headers
            .get(http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        Ok(RequestLocale(Locale::from_accept_language(header)))
    }
}
