//! Stall applications ("Đăng ký mở gian hàng"), the doors the page form and
//! the officer use: the form's multipart post (`/dang-ky-gian-hang/gui`,
//! CSRF-checked; a visitor without a session gets one, provided the post
//! comes from this site), answered with the "sent" page or, refused, the
//! form again with everything typed (kept with the session, see
//! `app::onboarding::apply::keep_draft`); and the certificate scan, which
//! the area's officer downloads: always as an attachment, sandboxed, never
//! shown in a page. The API's door (`POST /api/v1/producer-applications`)
//! reads the same form with [`read_application`].

use super::error::ApiError;
use super::locale::RequestLocale;
use super::uploads::{read, session_user};
use crate::media::document::{check_scan, too_large};
use app::error::{AppError, AppResult};
use app::i18n::Locale;
use app::onboarding::apply::{keep_draft, submit, Scan};
use app::onboarding::{ApplicationDraft, ApplicationFields, MAX_CERTIFICATE_BYTES};
use app::sessions;
use app::ssr::AppState;
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use http::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS,
};
use http::HeaderValue;

/// Where the page's form posts.
pub const APPLY_FORM_PATH: &str = "/dang-ky-gian-hang/gui";

/// The largest application body: the scan and the typed fields.
pub const MAX_APPLICATION_BODY: usize = MAX_CERTIFICATE_BYTES + 1024 * 1024;

/// The longest text field read.
const MAX_TEXT: usize = 2_000;

/// The doors.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(APPLY_FORM_PATH, post(apply_form))
        .route(
            "/can-bo/dang-ky-gian-hang/{id}/giay-chung-nhan",
            get(certificate),
        )
        .layer(DefaultBodyLimit::max(MAX_APPLICATION_BODY))
}

/// An application form as sent.
#[derive(Default)]
pub struct SentApplication {
    /// The CSRF field (the page's form).
    pub csrf: String,
    /// What was typed.
    pub fields: ApplicationFields,
    /// The scan, when one was chosen.
    pub file: Option<Vec<u8>>,
    /// The scan was over the limit (not read to its end).
    pub too_large: bool,
}

impl SentApplication {
    /// The scan, checked off the async threads.
    pub async fn scan(&mut self) -> AppResult<Scan> {
        if self.too_large {
            return Ok(Scan::Refused(too_large()));
        }
        let Some(bytes) = self.file.take() else {
            return Ok(Scan::Missing);
        };
        let checked = tokio::task::spawn_blocking(move || check_scan(&bytes))
            .await
            .map_err(AppError::internal)?;
        Ok(match checked {
            Ok(scan) => Scan::Ready {
                kind: scan.kind,
                bytes: scan.bytes,
                sha256: scan.sha256,
            },
            Err(why) => {
                tracing::info!(reason = %why, "certificate scan refused");
                Scan::Refused(why)
            }
        })
    }
}

async fn text(field: Field<'_>) -> AppResult<String> {
    read(field, MAX_TEXT)
        .await
        .map_err(|_| broken())?
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .ok_or_else(|| {
            AppError::invalid(
                "form",
                "Biểu mẫu có trường quá dài.",
                "A form field is too long.",
            )
        })
}

fn broken() -> AppError {
    AppError::invalid(
        "form",
        "Tải lên bị gián đoạn hoặc không đúng dạng; hãy thử lại.",
        "The upload was interrupted or malformed; please try again.",
    )
}

/// Reads an application form, each text field bounded and the scan read up
/// to its limit.
pub async fn read_application(
    multipart: Result<Multipart, MultipartRejection>,
) -> AppResult<SentApplication> {
    let mut multipart = multipart.map_err(|_| {
        AppError::invalid(
            "form",
            "Cần gửi hồ sơ bằng biểu mẫu multipart/form-data kèm tệp giấy chứng nhận.",
            "Send the application as a multipart/form-data form with the certificate file.",
        )
    })?;
    let mut sent = SentApplication::default();
    while let Some(field) = multipart.next_field().await.map_err(|_| broken())? {
        let name = field.name().unwrap_or_default().to_owned();
        let f = &mut sent.fields;
        match name.as_str() {
            "csrf" => sent.csrf = text(field).await?,
            "email" => f.email = text(field).await?,
            "contact_name" => f.contact_name = text(field).await?,
            "legal_name" => f.identity.legal_name = text(field).await?,
            "kind" => f.identity.kind = text(field).await?,
            "registration_no" => f.identity.registration_no = text(field).await?,
            "address" => f.identity.address = text(field).await?,
            "phone" => f.identity.phone = text(field).await?,
            "product_code" => f.product_code = text(field).await?,
            "decision_no" => f.decision_no = text(field).await?,
            "decided_on" => f.decided_on = text(field).await?,
            "agree" | "accept_terms" => {
                let value = text(field).await?;
                f.agree = matches!(value.trim(), "1" | "true" | "on" | "yes");
            }
            "certificate" => {
                // A file input left empty still sends an empty part.
                match read(field, MAX_CERTIFICATE_BYTES)
                    .await
                    .map_err(|_| broken())?
                {
                    Some(bytes) if bytes.is_empty() => {}
                    Some(bytes) => sent.file = Some(bytes),
                    None => sent.too_large = true,
                }
            }
            _ => {}
        }
    }
    Ok(sent)
}

/// The session a form post comes with.
enum FormSession {
    /// Its CSRF token matches (and the cookie to set, when the session was
    /// started for this post).
    Checked(app::entities::sessions::Model, Option<HeaderValue>),
    /// A live session, but the form carries another token: a stale page
    /// (or another tab), shown again without acting on it.
    Stale(app::entities::sessions::Model),
}

/// The session a form post acts for, checked against its CSRF token; a
/// visitor without one gets a new one, provided the post comes from this
/// site (`CsrfRejected` otherwise).
async fn form_session(state: &AppState, headers: &HeaderMap, csrf: &str) -> AppResult<FormSession> {
    if let Some(token) = sessions::token_in(headers) {
        if let Some(session) = sessions::find(&state.db, &token).await? {
            if sessions::same_secret(csrf.trim(), &session.csrf_token) {
                return Ok(FormSession::Checked(session, None));
            }
            tracing::warn!(
                session = session.id,
                "application without its CSRF token refused"
            );
            return Ok(FormSession::Stale(session));
        }
    }
    if !app::forms::same_origin(headers) {
        return Err(AppError::CsrfRejected);
    }
    let (token, session) = sessions::start(&state.db, None).await?;
    let cookie = sessions::cookie_header(&state.site.base_url, Some(&token));
    Ok(FormSession::Checked(session, Some(cookie)))
}

/// `POST /dang-ky-gian-hang/gui`: the page's form.
async fn apply_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    // The page's language (its cookie), not the browser's: the messages
    // are shown in the page the form came from.
    let locale = Locale::from_headers(None, &headers);
    let mut sent = match read_application(multipart).await {
        Ok(sent) => sent,
        Err(e) => return ApiError::new(e, locale).into_response(),
    };
    let (session, cookie) = match form_session(&state, &headers, &sent.csrf).await {
        Ok(FormSession::Checked(session, cookie)) => (session, cookie),
        // A stale form in a live session: shown again, nothing lost.
        Ok(FormSession::Stale(session)) => {
            let stale = AppError::invalid(
                "form",
                "Biểu mẫu đã cũ (trang mở đã lâu hoặc từ một thẻ khác); hãy kiểm tra lại rồi gửi.",
                "The form was stale (the page was open a long time, or in another tab); check it and send it again.",
            );
            return back_to_form(&state, session.id, sent.fields, &stale, locale, None).await;
        }
        Err(e) => return ApiError::new(e, locale).into_response(),
    };
    let outcome = async {
        let scan = sent.scan().await?;
        submit(
            &state.db,
            &sent.fields,
            scan,
            &state.site.base_url,
            chrono::Utc::now(),
        )
        .await
    }
    .await;
    match outcome {
        Ok(received) => with_cookie(
            Redirect::to(&format!("/dang-ky-gian-hang/da-gui?so={}", received.id)).into_response(),
            cookie,
        ),
        Err(e @ (AppError::Validation { .. } | AppError::Conflict { .. })) => {
            back_to_form(&state, session.id, sent.fields, &e, locale, cookie).await
        }
        Err(e) => ApiError::new(e, locale).into_response(),
    }
}

/// Keeps the refused form with the session and sends the browser back to it.
async fn back_to_form(
    state: &AppState,
    session_id: i64,
    fields: ApplicationFields,
    error: &AppError,
    locale: Locale,
    cookie: Option<HeaderValue>,
) -> Response {
    let draft = ApplicationDraft {
        fields,
        message: error.message(locale),
        problems: error
            .field_messages(locale)
            .into_iter()
            .map(|(field, messages)| (field, messages.join(" ")))
            .collect(),
    };
    if let Err(e) = keep_draft(&state.db, session_id, &draft).await {
        return ApiError::new(e, locale).into_response();
    }
    with_cookie(
        Redirect::to("/dang-ky-gian-hang#loi").into_response(),
        cookie,
    )
}

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

/// `GET /can-bo/dang-ky-gian-hang/{id}/giay-chung-nhan`: the scan, for the
/// area's officer, as a download that no browser renders in the site's
/// origin.
async fn certificate(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let page = format!("/can-bo/dang-ky-gian-hang/{id}");
    let user = match session_user(&state, &headers).await {
        Ok(Some((user, _))) => user,
        Ok(None) => {
            let next = app::text::encode_component(&page);
            return Redirect::to(&format!("/dang-nhap?next={next}")).into_response();
        }
        Err(e) => return ApiError::new(e, locale).into_response(),
    };
    let not_found = || AppError::not_found("Không có hồ sơ này", "No such application");
    let Ok(number) = id.parse::<i64>() else {
        return ApiError::new(not_found(), locale).into_response();
    };
    match app::onboarding::review::certificate(&state.db, &user, number).await {
        Ok((kind, bytes)) => {
            let disposition = format!(
                "attachment; filename=\"giay-chung-nhan-{number}.{}\"",
                kind.extension()
            );
            (
                [
                    (CONTENT_TYPE, kind.content_type().to_owned()),
                    (CONTENT_DISPOSITION, disposition),
                    (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
                    (
                        CONTENT_SECURITY_POLICY,
                        "sandbox; default-src 'none'".to_owned(),
                    ),
                    (CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(e) => ApiError::new(e, locale).into_response(),
    }
}
