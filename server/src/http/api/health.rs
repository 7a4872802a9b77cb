//! Liveness, readiness, and the JSON answer for API paths that do not exist.

use super::super::error::ApiError;
use super::super::locale::RequestLocale;
use app::error::AppError;
use app::ssr::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use sea_orm::{ConnectionTrait, Statement};
use serde::Serialize;
use std::time::Duration;
use utoipa::ToSchema;

/// How long each readiness check may take: a database that does not answer
/// in this time is as good as down for the shoppers waiting on it.
const CHECK_TIME: Duration = Duration::from_secs(3);

/// The process is up.
#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(value_type = String, pattern = "^ok$")]
    status: &'static str,
    /// The server's version.
    version: &'static str,
}

/// Whether this replica can serve, and each check's finding.
#[derive(Serialize, ToSchema)]
pub struct Readiness {
    /// Every check, `ok` or what is wrong.
    checks: ReadinessChecks,
    /// `ready` or `not_ready`.
    #[schema(value_type = String, pattern = "^(ready|not_ready)$")]
    status: &'static str,
}

/// The readiness checks.
#[derive(Serialize, ToSchema)]
pub struct ReadinessChecks {
    /// `ok`, or what is wrong with the database.
    database: &'static str,
    /// `ok`, or what is wrong with the search index.
    search_index: &'static str,
}

/// Liveness
///
/// The process is up: restart it if not.
#[utoipa::path(get, path = "/health", operation_id = "get_health", tag = "meta",
    responses((status = 200, description = "Up", body = Health)))]
pub async fn get_health() -> Json<Health> {
    Json(Health {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Readiness: the database answers a query and the search index can be read
///
/// Whether this replica can serve (send it traffic or not). The causes of a
/// failure go to the log, not to the answer.
#[utoipa::path(get, path = "/ready", operation_id = "get_ready", tag = "meta",
    responses(
        (status = 200, description = "Ready", body = Readiness),
        (status = 503, description = "Not ready; each check says ok or what is wrong", body = Readiness),
    ))]
pub async fn get_ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = check_database(&state).await;
    let search_index = check_search_index(&state).await;
    let ready = database.is_ok() && search_index.is_ok();
    let show = |r: Result<(), &'static str>| r.err().unwrap_or("ok");
    let body = Readiness {
        checks: ReadinessChecks {
            database: show(database),
            search_index: show(search_index),
        },
        status: if ready { "ready" } else { "not_ready" },
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

async fn check_database(state: &AppState) -> Result<(), &'static str> {
    let db = &state.db;
    let query = db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT 1",
    ));
    match tokio::time::timeout(CHECK_TIME, query).await {
        Ok(Ok(Some(_))) => Ok(()),
        Ok(Ok(None)) => Err("the database answered nothing"),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database refused a query");
            Err("the database refused a query")
        }
        Err(_) => {
            tracing::warn!("readiness: the database did not answer in time");
            Err("the database did not answer in time")
        }
    }
}

/// The index's commit metadata is read from disk and a searcher opened: a
/// missing or damaged index directory fails here.
async fn check_search_index(state: &AppState) -> Result<(), &'static str> {
    let search = state.search.clone();
    let read = tokio::task::spawn_blocking(move || search.last_outbox_id().map(|_| search.len()));
    match tokio::time::timeout(CHECK_TIME, read).await {
        Ok(Ok(Ok(_))) => Ok(()),
        Ok(Ok(Err(e))) => {
            tracing::warn!(error = %e, "readiness: the search index cannot be read");
            Err("the search index cannot be read")
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the search index check failed");
            Err("the search index check failed")
        }
        Err(_) => Err("the search index did not answer in time"),
    }
}

/// Any other `/api/v1` path: a JSON 404 in the API's error shape
/// (`ErrorBody`).
pub async fn not_found(RequestLocale(locale): RequestLocale) -> ApiError {
    ApiError::new(
        AppError::not_found("Không có địa chỉ API này.", "No such API endpoint."),
        locale,
    )
}
