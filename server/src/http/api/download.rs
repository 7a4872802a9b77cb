//! Files the API hands over as downloads.

use axum::response::{IntoResponse, Response};
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::HeaderValue;

/// A CSV file named `file_name` (ASCII, e.g. `nhat-ky-20261206.csv`) made
/// for the one account that asked: saved, never kept by a cache.
pub fn private_csv(file_name: &str, body: Vec<u8>) -> Response {
    private_file(file_name, "text/csv; charset=utf-8", body)
}

/// The XLSX content type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file named `file_name` (ASCII) of `content_type`, made for the one
/// account that asked: saved, never kept by a cache.
pub fn private_file(file_name: &str, content_type: &'static str, body: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, HeaderValue::from_static("private, no-store")),
        ],
        body,
    )
        .into_response()
}
