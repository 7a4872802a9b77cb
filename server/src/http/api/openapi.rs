//! `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of the API,
//! generated from the handlers' `#[utoipa::path]` attributes and the typed
//! request and response structs they name. The router and this document are
//! built by the same `routes!` calls (`api::routes`), so a route cannot be
//! served without being described.

use super::super::error::ErrorBody;
use axum::Json;
use std::sync::LazyLock;
use utoipa::openapi::OpenApi as Document;
use utoipa::{OpenApi, ToSchema};

/// What the document says before the routes add their paths.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chợ OCOP API",
        description = "Certified OCOP products, producers and programme data. Money is integer đồng (`_vnd`); dates YYYY-MM-DD; times RFC 3339; messages follow Accept-Language (vi default, en).\n\nAny route may also answer 413 (`payload_too_large`: a body over the limit), 503 (`timeout`: the answer took too long) and, for sign-in, checkout, search, suggestions and uploads, 429 (`rate_limited`, with Retry-After). Writes with a session need the `X-CSRF-Token` header (403 without it)."
    ),
    servers((url = "/api/v1")),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// The generated document, built once.
pub fn document() -> &'static Document {
    static DOCUMENT: LazyLock<Document> = LazyLock::new(|| super::routes().into_openapi());
    &DOCUMENT
}

/// An OpenAPI 3.1 document (its full schema is the OpenAPI specification's).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct OpenApiDocument {
    /// `3.1.0`.
    openapi: String,
    /// Title, version and description.
    #[schema(value_type = Object)]
    info: (),
    /// Where the API is served.
    #[schema(value_type = Vec<Object>)]
    servers: (),
    /// Every route.
    #[schema(value_type = Object)]
    paths: (),
    /// The schemas the routes name.
    #[schema(value_type = Object)]
    components: (),
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", operation_id = "get_openapi", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = OpenApiDocument)))]
pub async fn get_openapi() -> Json<&'static Document> {
    Json(document())
}
