//! Answers for requests the edge refuses before any handler sees them (413
//! too large, 429 too many, 503 too slow), in the form the asker reads:
//!
//! - the JSON API (`/api/v1/…`): the API's error shape, through
//!   [`ApiError`](crate::http::error::ApiError) like every other API error;
//! - a server function called by the page's script (`/api/fn/…`, not asking
//!   for HTML): the same JSON plus the `message`/`fields` a form's error is
//!   read from, so the form shows the sentence;
//! - anything else, a browser: a small page, Vietnamese first, then English,
//!   with the request id to quote.

use crate::http::error::ApiError;
use crate::http::observe::request_id::{self, RequestId};
use app::error::AppError;
use app::i18n::Locale;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, RETRY_AFTER};
use http::HeaderValue;
use serde_json::json;

/// Who asked, as far as the answer's form goes.
#[derive(Debug, Clone)]
pub struct Asker {
    kind: AskerKind,
    locale: Locale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AskerKind {
    Api,
    ScriptedForm,
    Browser,
}

impl Asker {
    /// Reads the request's address and headers.
    pub fn of(request: &Request) -> Asker {
        let path = request.uri().path();
        let headers = request.headers();
        let wants_html = headers
            .get(ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        let kind = if path.starts_with("/api/v1/") {
            AskerKind::Api
        } else if path.starts_with("/api/") && !wants_html {
            AskerKind::ScriptedForm
        } else {
            AskerKind::Browser
        };
        Asker {
            kind,
            locale: crate::http::locale::locale_of(headers),
        }
    }

    /// The answer to `error` (one of the edge's: too large, rate limited,
    /// timed out).
    pub fn refuse(&self, error: AppError) -> Response {
        self.answer(error, None)
    }

    /// [`Asker::refuse`], saying `vi` / `en` in place of the error's own
    /// sentence (a route that knows better: "the photo is too large").
    pub fn refuse_saying(&self, error: AppError, vi: &str, en: &str) -> Response {
        self.answer(error, Some([vi, en]))
    }

    fn answer(&self, error: AppError, said: Option<[&str; 2]>) -> Response {
        let retry_after = match &error {
            AppError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        };
        let [vi, en] = match said {
            Some([vi, en]) => [vi.to_owned(), en.to_owned()],
            None => [error.message(Locale::Vi), error.message(Locale::En)],
        };
        let mut response = match (self.kind, said) {
            (AskerKind::Api, None) => ApiError::new(error, self.locale).into_response(),
            (AskerKind::Api, Some(_)) => api_saying(&error, self.locale.pick(&vi, &en)),
            (AskerKind::ScriptedForm, _) => scripted_form(&error, self.locale, &vi, &en),
            (AskerKind::Browser, _) => page(&error, &vi, &en),
        };
        let headers = response.headers_mut();
        // Nobody's to keep, and the request may have carried a session.
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        if let Some(secs) = retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

fn request_id_text() -> String {
    request_id::current().map_or_else(|| "-".to_owned(), |id: RequestId| id.to_string())
}

/// The API's error shape (as [`ApiError`] writes it) with `message`.
fn api_saying(error: &AppError, message: &str) -> Response {
    let mut body = json!({ "code": error.code(), "message": message });
    if let Some(id) = request_id::current() {
        body["request_id"] = json!(id.as_str());
    }
    (error.status(), Json(json!({ "error": body }))).into_response()
}

/// For a page's script: `message` holds both sentences (the form shows it
/// whatever its reader's language), `error` the API's shape.
fn scripted_form(error: &AppError, locale: Locale, vi: &str, en: &str) -> Response {
    let body = json!({
        "message": format!("{vi} / {en}"),
        "fields": [],
        "error": {
            "code": error.code(),
            "message": locale.pick(vi, en),
            "request_id": request_id_text(),
        },
    });
    (error.status(), Json(body)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn titles(error: &AppError) -> (&'static str, &'static str) {
    match error {
        AppError::TooLarge { .. } => ("Dữ liệu gửi lên quá lớn", "Request too large"),
        AppError::RateLimited { .. } => ("Quá nhiều yêu cầu", "Too many requests"),
        AppError::TimedOut => ("Máy chủ trả lời quá lâu", "The server took too long"),
        _ => (
            "Không thực hiện được yêu cầu",
            "The request could not be served",
        ),
    }
}

/// A page of its own (no script, the site's stylesheet), since the app
/// is not asked to render anything for a refused request.
fn page(error: &AppError, vi: &str, en: &str) -> Response {
    let (title_vi, title_en) = titles(error);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"/>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\
         <title>{title_vi} — Chợ OCOP</title>\
         <link rel=\"stylesheet\" href=\"/pkg/chocop.css\"/></head>\
         <body><main id=\"main\"><section class=\"notice error\" role=\"alert\">\
         <h1>{title_vi}</h1><p>{vi}</p>\
         <h2 lang=\"en\">{title_en}</h2><p lang=\"en\">{en}</p>\
         <p class=\"request-id\">Mã yêu cầu / Request id: <code>{id}</code></p>\
         <p><a href=\"/\">Về trang chủ</a> · <a href=\"/\" lang=\"en\">Home page</a></p>\
         </section></main></body></html>\n",
        vi = escape(vi),
        en = escape(en),
        id = escape(&request_id_text()),
    );
    let mut response = (error.status(), html).into_response();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;

    fn request(path: &str, accept: &str) -> Request {
        http::Request::builder()
            .uri(path)
            .header(ACCEPT, accept)
            .body(Body::empty())
            .unwrap()
    }

    #[test]
    fn each_asker_gets_its_form() {
        let limited = || AppError::RateLimited {
            retry_after_secs: 7,
        };
        let api = Asker::of(&request("/api/v1/auth/login", "*/*")).refuse(limited());
        assert_eq!(api.status(), 429);
        assert_eq!(api.headers()[RETRY_AFTER], "7");
        assert!(api.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let form = Asker::of(&request("/api/fn/sign_in", "text/html,*/*")).refuse(limited());
        assert!(form.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let script = Asker::of(&request("/api/fn/sign_in", "application/json")).refuse(limited());
        assert!(script.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"));
        let page = Asker::of(&request("/tim-kiem", "*/*")).refuse(AppError::TooLarge {
            limit_bytes: 1 << 20,
        });
        assert_eq!(page.status(), 413);
    }
}
