//! Answers that depend on who asks are kept by nobody: every `/api/v1`
//! answer to a request that carries a session cookie, an `Authorization`
//! header or a `token` in its query (an order's link), and every answer
//! that sets a cookie (signing in, a guest's first CSRF token), is sent
//! `Cache-Control: private, no-store`, in place of whatever the handler
//! said. Answers that depend on neither (the catalog to an anonymous
//! reader, the events feed) keep their own caching.
//!
//! One layer on the whole `/api/v1` router (`http::api::router`, outside
//! its CSRF check, so its refusals are covered too): a route added later is
//! covered without doing anything.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use http::header::{AUTHORIZATION, CACHE_CONTROL, SET_COOKIE};
use http::{HeaderMap, HeaderValue};

/// The value every personal answer carries.
pub const PRIVATE: &str = "private, no-store";

/// Whether a request says who it is: a session cookie, an `Authorization`
/// header, or a `token` query parameter (however it is encoded).
pub fn is_personal(headers: &HeaderMap, query: Option<&str>) -> bool {
    app::sessions::token_in(headers).is_some()
        || headers.contains_key(AUTHORIZATION)
        || query.is_some_and(|q| {
            form_urlencoded::parse(q.as_bytes()).any(|(name, _)| name.trim() == "token")
        })
}

/// The middleware.
pub async fn private_when_personal(request: Request, next: Next) -> Response {
    let personal = is_personal(request.headers(), request.uri().query());
    let mut response = next.run(request).await;
    if personal || response.headers().contains_key(SET_COOKIE) {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    fn app() -> Router {
        Router::new()
            .route(
                "/products",
                get(|| async { ([(CACHE_CONTROL, "public, max-age=60")], "[]") }),
            )
            .route(
                "/csrf",
                get(|| async { ([(SET_COOKIE, "ocop_session=abc; Path=/")], "{}") }),
            )
            .layer(axum::middleware::from_fn(private_when_personal))
    }

    async fn cache_control(uri: &str, header: Option<(&str, &str)>) -> String {
        let mut request = http::Request::get(uri);
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let response = app()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        response
            .headers()
            .get(CACHE_CONTROL)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn a_session_a_bearer_or_a_token_makes_the_answer_private() {
        assert_eq!(cache_control("/products", None).await, "public, max-age=60");
        assert_eq!(
            cache_control("/products", Some(("cookie", "lang=en"))).await,
            "public, max-age=60"
        );
        for (uri, header) in [
            ("/products", Some(("cookie", "lang=en; ocop_session=abc"))),
            ("/products", Some(("authorization", "Bearer x"))),
            ("/products?token=t", None),
            ("/products?a=1&%74oken=t", None),
            ("/csrf", None),
        ] {
            assert_eq!(
                cache_control(uri, header).await,
                PRIVATE,
                "{uri} {header:?}"
            );
        }
    }
}
