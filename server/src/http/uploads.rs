//! Photo uploads from the stall: product photos (several at once), the
//! stall's logo and cover. Two doors, one path: the editor's plain form
//! (`POST /quan-ly/tai-anh`, multipart with the CSRF token as a field; the
//! browser is sent back to the page, with a refusal code in the address when
//! a photo is refused) and the API (`POST /api/v1/stall/products/{code}/images`,
//! `X-CSRF-Token` checked by the API's middleware; JSON answers).
//!
//! Every file goes through the media pipeline: its type is read from its
//! bytes (never its name), its size and pixel count are checked from the
//! header before any decoding (bombs cost nothing), damaged files are
//! refused, and what is stored is re-encoded from pixels, so no metadata
//! survives. Files are processed one by one, off the async threads.

use super::api::auth::session_token;
use super::error::{localized, ApiError, ErrorBody};
use super::locale::RequestLocale;
use crate::media::{self, store, Limits, MediaError};
use app::accounts::access::member_producer;
use app::entities::users;
use app::error::{AppError, AppResult};
use app::sessions;
use app::ssr::AppState;
use app::stall::product_photos::add_photo;
use app::stall::profile::{set_picture, StallPicture};
use axum::extract::multipart::{Field, MultipartRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::ToSchema;

/// Files taken from one upload.
const MAX_FILES: usize = 8;

/// The largest request body an upload may have: a few phone photos. The
/// edge ([`crate::http::hardening::limits`]) refuses a larger one with 413,
/// from its declared length or, sent without one, where it passes the limit.
pub const MAX_UPLOAD_BODY: usize = 64 * 1024 * 1024;

/// The sentences of a refused upload body (Vietnamese, English), the limit
/// in whole MB.
pub fn too_large_sentences() -> [String; 2] {
    let mb = whole_megabytes(MAX_UPLOAD_BODY);
    [
        format!("Ảnh quá lớn: tối đa {mb} MB mỗi lần tải lên."),
        format!("The photo is too large: at most {mb} MB per upload."),
    ]
}

/// A limit as the whole number of MB people read: 64 MiB is "64", and
/// 20 000 000 bytes "20" (each limit is round in one of the two units).
fn whole_megabytes(bytes: usize) -> usize {
    const MIB: usize = 1024 * 1024;
    if bytes.is_multiple_of(MIB) {
        bytes / MIB
    } else {
        bytes / 1_000_000
    }
}

/// The longest text field read from an upload form.
const MAX_TEXT_FIELD: usize = 1_000;

/// The form door.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/quan-ly/tai-anh", post(upload_form))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY))
}

/// What an upload is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Photos of the member's product with this code.
    Product(String),
    /// The stall's logo or cover.
    Stall(StallPicture),
}

/// An upload form, read.
#[derive(Default)]
struct Upload {
    csrf: String,
    target: String,
    code: String,
    alt: String,
    files: Vec<Vec<u8>>,
    /// A file was over the size limit (not kept).
    too_large: bool,
}

/// Why an upload was refused.
pub(crate) enum Refusal {
    /// The person must sign in (or their session ended).
    SignIn,
    /// A refusal of the application (401, 403, 404, 422).
    App(AppError),
    /// A photo the pipeline refused.
    Media(MediaError),
    /// A file over the pipeline's byte limit (`max`), not read to its end.
    FileTooLarge {
        /// The limit, in bytes.
        max: usize,
    },
    /// No file chosen.
    NoFile,
}

impl Refusal {
    /// The code the editor page shows a message for.
    fn code(&self) -> &'static str {
        match self {
            Refusal::Media(MediaError::TooLarge { .. }) | Refusal::FileTooLarge { .. } => {
                "too_large"
            }
            Refusal::Media(MediaError::TooManyPixels { .. }) => "too_many_pixels",
            Refusal::Media(MediaError::UnsupportedFormat) => "unsupported_format",
            Refusal::Media(MediaError::Corrupt(_) | MediaError::Encode(_)) => "corrupt",
            Refusal::NoFile => "no_file",
            Refusal::App(AppError::CsrfRejected) | Refusal::SignIn => "expired",
            // The one refusal of the stall's own checks: the photo limit.
            Refusal::App(AppError::Validation { .. }) => "too_many_photos",
            Refusal::App(_) => "refused",
        }
    }

    fn into_app_error(self) -> AppError {
        match self {
            Refusal::Media(e) => {
                let vi = e.message_vi();
                let en = e.message_en();
                AppError::invalid("photo", vi, en)
            }
            // The limit alone, in whole MB: the file's size is not known,
            // since it was not read to its end.
            Refusal::FileTooLarge { max } => {
                let mb = whole_megabytes(max);
                AppError::invalid(
                    "photo",
                    format!("Ảnh quá lớn: tối đa {mb} MB mỗi ảnh."),
                    format!("The photo is too large: at most {mb} MB each."),
                )
            }
            Refusal::NoFile => AppError::invalid(
                "photo",
                "Hãy chọn ít nhất một ảnh.",
                "Choose at least one photo.",
            ),
            Refusal::SignIn => AppError::Unauthorized,
            Refusal::App(e) => e,
        }
    }
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::App(e)
    }
}

/// Reads one text field, bounded.
async fn text(field: Field<'_>) -> Result<String, Refusal> {
    let bytes = read(field, MAX_TEXT_FIELD).await?.ok_or_else(|| {
        Refusal::App(AppError::invalid(
            "form",
            "Biểu mẫu có trường quá dài.",
            "A form field is too long.",
        ))
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Reads a field up to `max` bytes; `None` when it is longer (the rest is
/// not read into memory).
pub(crate) async fn read(mut field: Field<'_>, max: usize) -> Result<Option<Vec<u8>>, Refusal> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(broken)? {
        if bytes.len() + chunk.len() > max {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// A body that could not be read. One cut off at [`MAX_UPLOAD_BODY`] is
/// answered 413 by the edge whatever is made of it here.
fn broken(e: axum::extract::multipart::MultipartError) -> Refusal {
    if e.status() == http::StatusCode::PAYLOAD_TOO_LARGE {
        return Refusal::App(AppError::TooLarge {
            limit_bytes: MAX_UPLOAD_BODY as u64,
        });
    }
    Refusal::App(AppError::invalid(
        "form",
        "Tải lên bị gián đoạn hoặc không đúng dạng; hãy thử lại.",
        "The upload was interrupted or malformed; please try again.",
    ))
}

/// Reads the whole form: text fields and up to [`MAX_FILES`] files of at
/// most the pipeline's byte limit each.
async fn read_upload(mut multipart: Multipart, limits: &Limits) -> Result<Upload, Refusal> {
    let mut upload = Upload::default();
    while let Some(field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "csrf" => upload.csrf = text(field).await?,
            "target" => upload.target = text(field).await?,
            "code" => upload.code = text(field).await?,
            "alt" => upload.alt = text(field).await?,
            "photo" | "image" | "file" => {
                // A file input left empty still sends an empty part.
                let chosen = field.file_name().is_some_and(|n| !n.is_empty());
                match read(field, limits.max_bytes).await? {
                    Some(bytes) if bytes.is_empty() && !chosen => {}
                    Some(bytes) => {
                        if upload.files.len() < MAX_FILES {
                            upload.files.push(bytes);
                        }
                    }
                    None => upload.too_large = true,
                }
            }
            _ => {}
        }
    }
    Ok(upload)
}

/// Processes and stores each file; the stored media ids in order.
async fn store_files(
    state: &AppState,
    user: &users::Model,
    files: Vec<Vec<u8>>,
    limits: Limits,
) -> Result<Vec<i64>, Refusal> {
    let mut ids = Vec::with_capacity(files.len());
    for bytes in files {
        let processed = tokio::task::spawn_blocking(move || media::process(&bytes, &limits))
            .await
            .map_err(|e| Refusal::App(AppError::internal(e)))?
            .map_err(|e| {
                tracing::info!(user = user.id, error = %e, "photo upload refused");
                Refusal::Media(e)
            })?;
        let row = store::save_processed(&state.db, &state.site.data_dir, processed, Some(user.id))
            .await
            .map_err(|e| Refusal::App(AppError::internal(e)))?;
        ids.push(row.id);
    }
    Ok(ids)
}

/// Stores the upload's files and attaches them to the target; how many.
async fn receive(
    state: &AppState,
    user: &users::Model,
    target: &Target,
    upload: Upload,
) -> Result<usize, Refusal> {
    let producer = member_producer(user)?;
    if upload.too_large {
        return Err(Refusal::FileTooLarge {
            max: Limits::default().max_bytes,
        });
    }
    if upload.files.is_empty() {
        return Err(Refusal::NoFile);
    }
    // Check the product is the member's before any work on the photos.
    if let Target::Product(code) = target {
        app::stall::products::own_product(&state.db, producer, code).await?;
    }
    let ids = store_files(state, user, upload.files, Limits::default()).await?;
    match target {
        Target::Product(code) => {
            for id in &ids {
                add_photo(&state.db, producer, code, *id, &upload.alt).await?;
            }
        }
        Target::Stall(which) => {
            set_picture(&state.db, producer, *which, ids.last().copied()).await?;
        }
    }
    tracing::info!(
        user = user.id,
        producer,
        count = ids.len(),
        ?target,
        "photos uploaded"
    );
    Ok(ids.len())
}

/// The signed-in user of the request, and their session's CSRF token.
pub(crate) async fn session_user(
    state: &AppState,
    headers: &HeaderMap,
) -> AppResult<Option<(users::Model, String)>> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let Some(session) = sessions::find(&state.db, &token).await? else {
        return Ok(None);
    };
    Ok(sessions::account_of(&state.db, &session)
        .await?
        .map(|user| (user, session.csrf_token)))
}

/// `POST /quan-ly/tai-anh`: the editor's upload form; back to the page.
async fn upload_form(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let limits = Limits::default();
    let upload = match multipart {
        Ok(multipart) => read_upload(multipart, &limits).await,
        Err(_) => Err(Refusal::App(AppError::invalid(
            "form",
            "Cần gửi ảnh bằng biểu mẫu tải ảnh.",
            "Send photos with the upload form.",
        ))),
    };
    let target = upload.as_ref().ok().map(|u| match u.target.as_str() {
        "logo" => Target::Stall(StallPicture::Logo),
        "cover" => Target::Stall(StallPicture::Cover),
        _ => Target::Product(u.code.trim().to_owned()),
    });
    let back = match &target {
        Some(Target::Product(code)) if is_code(code) => format!("/quan-ly/san-pham/{code}"),
        Some(Target::Product(_)) => "/quan-ly/san-pham".to_owned(),
        Some(Target::Stall(_)) => "/quan-ly/gian-hang".to_owned(),
        None => "/quan-ly".to_owned(),
    };
    let outcome = async {
        let upload = upload?;
        let target = target.ok_or(Refusal::NoFile)?;
        let (user, csrf) = session_user(&state, &headers)
            .await?
            .ok_or(Refusal::SignIn)?;
        if !sessions::same_secret(upload.csrf.trim(), &csrf) {
            return Err(Refusal::App(AppError::CsrfRejected));
        }
        receive(&state, &user, &target, upload).await
    }
    .await;
    match outcome {
        Ok(_) => Redirect::to(&back).into_response(),
        Err(Refusal::SignIn) => Redirect::to(&format!("/dang-nhap?next={back}")).into_response(),
        Err(refusal @ (Refusal::Media(_) | Refusal::FileTooLarge { .. } | Refusal::NoFile)) => {
            Redirect::to(&format!("{back}?loi-anh={}", refusal.code())).into_response()
        }
        Err(Refusal::App(e @ (AppError::CsrfRejected | AppError::Validation { .. }))) => {
            let code = Refusal::App(e).code();
            Redirect::to(&format!("{back}?loi-anh={code}")).into_response()
        }
        Err(refusal) => ApiError::new(refusal.into_app_error(), locale).into_response(),
    }
}

/// A product code as the stall makes them (letters, digits, dashes): only
/// such a code goes into the address the browser is sent back to.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The form of an API upload (`multipart/form-data`). Only its schema is
/// used: the form is read part by part, bounded.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PhotoUpload {
    /// The photos, one part each (JPEG, PNG or WebP; at most 8 are taken).
    #[schema(value_type = Vec<String>, format = Binary)]
    image: (),
    /// Also read as a photo, like `image`.
    #[schema(value_type = Vec<String>, format = Binary, required = false)]
    photo: (),
    /// The photos' alternative text.
    #[schema(value_type = String, max_length = 1000, required = false)]
    alt: (),
}

/// What an upload added, and the product's photos now.
#[derive(Debug, Serialize, ToSchema)]
pub struct UploadedPhotos {
    /// How many photos were added.
    pub added: usize,
    /// Every photo of the product, in order.
    pub photos: Vec<StoredPhoto>,
}

/// One photo of a product: its largest JPEG.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoredPhoto {
    /// Its alternative text.
    pub alt: String,
    /// Height of the JPEG, in pixels.
    pub height: u32,
    /// The photo's id (for reordering, alt text and removal).
    pub id: i64,
    /// The JPEG's address.
    pub url: String,
    /// Width of the JPEG, in pixels.
    pub width: u32,
}

/// Add photos (multipart fields image or photo, several; optional alt) to one's own product (X-CSRF-Token required). The type is read from the bytes; size, pixel count and damage are checked; metadata stripped
///
/// 201 with every photo of the product.
#[utoipa::path(post, path = "/stall/products/{code}/images", operation_id = "stall_upload_images", tag = "stall",
    params(("code" = String, Path, description = "The product's register code")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The photos added and every photo of the product", body = UploadedPhotos),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not a producer member, or no CSRF token", body = ErrorBody),
        (status = 404, description = "No such product of this producer", body = ErrorBody),
        (status = 413, description = "payload_too_large: the upload is over 64 MB", body = ErrorBody),
        (status = 422, description = "Not a JPEG/PNG/WebP, too large, too many pixels, damaged, or more than 8 photos", body = ErrorBody),
        (status = 429, description = "rate_limited: too many uploads; see Retry-After", body = ErrorBody),
    ))]
pub async fn upload_api(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(http::StatusCode, Json<UploadedPhotos>), ApiError> {
    let fail = |r: Refusal| ApiError::new(r.into_app_error(), locale);
    let Some((user, _)) = session_user(&state, &headers)
        .await
        .map_err(localized(locale))?
    else {
        return Err(ApiError::new(AppError::Unauthorized, locale));
    };
    let multipart = multipart.map_err(|_| {
        ApiError::new(
            AppError::invalid(
                "body",
                "Cần một thân multipart/form-data chứa ảnh.",
                "Send a multipart/form-data body with the images.",
            ),
            locale,
        )
    })?;
    let upload = read_upload(multipart, &Limits::default())
        .await
        .map_err(fail)?;
    let count = receive(&state, &user, &Target::Product(code.clone()), upload)
        .await
        .map_err(fail)?;
    let producer = member_producer(&user).map_err(localized(locale))?;
    let editor = app::stall::catalog::editor(&state.db, producer, &code, app::ssr::today_vn())
        .await
        .map_err(localized(locale))?;
    let photos = editor
        .photos
        .iter()
        .map(|p| {
            let (url, width, height) = p.picture.largest_jpeg();
            StoredPhoto {
                alt: p.picture.alt.clone(),
                height,
                id: p.id,
                url,
                width,
            }
        })
        .collect();
    Ok((
        http::StatusCode::CREATED,
        Json(UploadedPhotos {
            added: count,
            photos,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::{is_code, too_large_sentences, whole_megabytes, Refusal};

    #[test]
    fn only_plain_codes_go_back_into_addresses() {
        assert!(is_code("CT000001-03"));
        assert!(is_code("SP0000001"));
        assert!(!is_code(""));
        assert!(!is_code("//evil.example"));
        assert!(!is_code("SP1?x=<script>"));
    }

    #[test]
    fn limits_are_said_once_in_whole_megabytes() {
        assert_eq!(whole_megabytes(64 * 1024 * 1024), 64);
        assert_eq!(whole_megabytes(20_000_000), 20);
        let [vi, en] = too_large_sentences();
        assert_eq!(vi, "Ảnh quá lớn: tối đa 64 MB mỗi lần tải lên.");
        assert_eq!(en, "The photo is too large: at most 64 MB per upload.");
        let file = Refusal::FileTooLarge { max: 20_000_000 }.into_app_error();
        let fields = file.field_messages(app::i18n::Locale::Vi);
        assert_eq!(fields[0].1, ["Ảnh quá lớn: tối đa 20 MB mỗi ảnh."]);
        let fields = file.field_messages(app::i18n::Locale::En);
        assert_eq!(fields[0].1, ["The photo is too large: at most 20 MB each."]);
    }
}
