//! `POST /quan-tri/ke-hoach/tai-len`: the console's plan upload, a plain
//! multipart form (the CSRF token a field, the file `plan`). An
//! administrator's file is kept as sent and the browser goes on to its
//! preview, where it is checked; a refused post goes back to the plans page
//! with a reason code (`?loi=`), never with text from the request.

use super::uploads::{read, session_user};
use app::domain::Role;
use app::reports::plans::MAX_PLAN_BYTES;
use app::ssr::AppState;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;

/// The largest body: the file and the token, with room for the multipart
/// framing; a larger file is answered on the page, not with a bare 413.
const MAX_BODY: usize = MAX_PLAN_BYTES * 4;

/// The door.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(app::admin::plans_page::UPLOAD_PATH, post(upload))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

fn back(code: &str) -> Response {
    Redirect::to(&format!("/quan-tri/ke-hoach?loi={code}#tai-len")).into_response()
}

/// The form as sent.
#[derive(Default)]
struct Sent {
    csrf: String,
    file_name: String,
    file: Option<Vec<u8>>,
    too_large: bool,
}

async fn read_form(multipart: Result<Multipart, MultipartRejection>) -> Option<Sent> {
    let mut multipart = multipart.ok()?;
    let mut sent = Sent::default();
    while let Some(field) = multipart.next_field().await.ok()? {
        match field.name().unwrap_or_default() {
            "csrf" => {
                let bytes = read(field, 256).await.ok()??;
                sent.csrf = String::from_utf8_lossy(&bytes).into_owned();
            }
            "plan" => {
                sent.file_name = field.file_name().unwrap_or_default().to_owned();
                match read(field, MAX_PLAN_BYTES).await.ok()? {
                    Some(bytes) => sent.file = Some(bytes),
                    None => sent.too_large = true,
                }
            }
            _ => {}
        }
    }
    Some(sent)
}

async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let user = match session_user(&state, &headers).await {
        Ok(user) => user,
        Err(e) => {
            tracing::error!(error = %e, "plan upload: session not read");
            return http::StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let Some((admin, csrf)) = user else {
        return Redirect::to("/dang-nhap?next=/quan-tri/ke-hoach").into_response();
    };
    if admin.role != Role::Admin {
        return http::StatusCode::FORBIDDEN.into_response();
    }
    let Some(sent) = read_form(multipart).await else {
        return back("hong");
    };
    if !app::sessions::same_secret(sent.csrf.trim(), &csrf) {
        tracing::warn!(
            user = admin.id,
            "plan upload without its CSRF token refused"
        );
        return back("phien");
    }
    if sent.too_large {
        return back("qua-lon");
    }
    let bytes = sent.file.unwrap_or_default();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return back("trong");
    }
    let kept = app::admin::plans::keep_upload(
        &state.db,
        &admin,
        &sent.file_name,
        &bytes,
        chrono::Utc::now(),
    )
    .await;
    match kept {
        Ok(id) => Redirect::to(&format!("/quan-tri/ke-hoach/tai-len/{id}")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "plan upload not kept");
            back("hong")
        }
    }
}
