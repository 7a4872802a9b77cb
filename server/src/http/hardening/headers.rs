//! Security headers on every response, and the Content-Security-Policy's
//! per-request nonce.
//!
//! The policy allows scripts from our own origin and inline scripts that
//! carry this response's nonce, nothing else: no `'unsafe-inline'`, no
//! `eval` (only `'wasm-unsafe-eval'`, which compiling the app's WebAssembly
//! needs). Leptos writes inline scripts (the hydration bootstrap, resolved
//! resources); it stamps them with the `Nonce` in its context, and
//! [`provide_request_nonce`] puts ours there, so the header and the scripts
//! agree. Markup injected into a page has no way to know the nonce.
//!
//! Styles come from our origin; `style` attributes are allowed
//! (`style-src-attr 'unsafe-inline'`): the map's layer swatches and
//! Leaflet's markers set them, and a style attribute cannot run code. Images
//! may also come from OpenStreetMap's tile server (the maps) and `data:`
//! URLs (Leaflet's blank tile).
//!
//! Forms post only to our origin and to [`CARD_CHECKOUT`] (`form-action`),
//! so a form injected into a page cannot send what is typed into it
//! elsewhere. The payment provider's host is there because browsers apply
//! `form-action` to the redirects that follow a form's POST: a checkout
//! paid by card posts to us and is redirected to the Stripe Checkout
//! Session's `url`, a page on `checkout.stripe.com`. That host does not
//! follow the configured Stripe API base: the base is where the server
//! talks to Stripe (a local stand-in in tests), the session's `url` is where
//! the browser goes, and Stripe and the stand-ins (ours in `tests/e2e/
//! stripe/stand_in.rs`, stripe-mock) all give it on `checkout.stripe.com`.
//! Where the shopper is sent back from there is navigation, not a form.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use http::{HeaderMap, HeaderName, HeaderValue};
use leptos::nonce::Nonce;

/// What varies between deployments.
#[derive(Debug, Clone, Copy)]
pub struct SecurityHeaders {
    /// Send `Strict-Transport-Security`: only when the public address is
    /// https, or a plain-http deployment would lock its readers out.
    pub hsts: bool,
}

/// The tile server of the maps.
pub const MAP_TILES: &str = "https://tile.openstreetmap.org";

/// Where a card checkout's form is redirected: Stripe Checkout's pages.
pub const CARD_CHECKOUT: &str = "https://checkout.stripe.com";

/// The policy for a response whose inline scripts carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: {MAP_TILES}; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self' {CARD_CHECKOUT}; frame-ancestors 'none'"
    )
}

/// Adds the headers; a header a page set itself (a stricter
/// `Referrer-Policy` on a page whose address holds a secret) is kept.
pub async fn apply(
    axum::extract::State(settings): axum::extract::State<SecurityHeaders>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    // A page from the page cache carries the nonce it was rendered with.
    let nonce = response
        .extensions()
        .get::<Nonce>()
        .cloned()
        .unwrap_or(nonce);
    let headers = response.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&nonce)) {
        // A response with a policy of its own (a downloaded scan's
        // `sandbox`) keeps it: a browser enforces both.
        headers.append(CONTENT_SECURITY_POLICY, policy);
    }
    set_default(headers, X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_default(headers, REFERRER_POLICY, "strict-origin-when-cross-origin");
    set_default(headers, X_FRAME_OPTIONS, "DENY");
    set_default(
        headers,
        HeaderName::from_static("permissions-policy"),
        "geolocation=(self), camera=(), microphone=(), payment=(), usb=()",
    );
    if settings.hsts {
        set_default(headers, STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    response
}

fn set_default(headers: &mut HeaderMap, name: HeaderName, value: &'static str) {
    headers
        .entry(name)
        .or_insert(HeaderValue::from_static(value));
}

/// Puts this request's nonce in the Leptos context, in place of the one
/// leptos_axum makes up, so the inline scripts carry the header's nonce.
/// Given to `leptos_routes_with_context` and the fallback; the request's
/// parts are in the context by then.
pub fn provide_request_nonce() {
    let nonce = leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = nonce {
        leptos::prelude::provide_context(nonce);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_only_nonced_inline_scripts() {
        let policy = content_security_policy("abc123");
        let script = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .unwrap();
        assert_eq!(
            script,
            "script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"
        );
        assert!(!policy.contains(" 'unsafe-eval'"));
        assert!(!script.contains("unsafe-inline"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("img-src 'self' data: https://tile.openstreetmap.org"));
    }

    #[test]
    fn forms_post_only_here_and_to_the_card_checkout() {
        let policy = content_security_policy("abc123");
        let forms: Vec<_> = policy
            .split(';')
            .map(str::trim)
            .filter(|d| d.split_whitespace().next() == Some("form-action"))
            .collect();
        assert_eq!(forms, ["form-action 'self' https://checkout.stripe.com"]);
    }
}
