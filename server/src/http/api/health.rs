//! Liveness, readiness, and the JSON answer for API paths that do not exist.

use super::super::error::ApiError;
use super::super::locale::RequestLocale;
use app::error::AppError;
use app::ssr::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::time::Duration;

/// How long each readiness check may take: a database that does not answer
/// in this time is as good as down for the shoppers waiting on it.
const CHECK_TIME: Duration = Duration::from_secs(3);

/// `GET /api/v1/health`: the process is up (liveness: restart it if not).
pub async fn get_health() -> Json<Value> {
    Json(json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// `GET /api/v1/ready`: whether this replica can serve (readiness: send it
/// traffic or not). 200 when the database answers a query and the search
/// index can be read; 503 naming what is wrong otherwise. The causes go to
/// the log, not to the answer.
pub async fn get_ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = check_database(&state).await;
    let search_index = check_search_index(&state).await;
    let ready = database.is_ok() && search_index.is_ok();
    let show = |r: Result<(), &'static str>| r.err().unwrap_or("ok");
    let body = json!({
        "status": if ready { "ready" } else { "not_ready" },
        "checks": { "database": show(database), "search_index": show(search_index) },
    });
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

/// Any other `/api/v1` path: a JSON 404 in the API's error shape.
pub async fn not_found(RequestLocale(locale): RequestLocale) -> ApiError {
    ApiError::new(
        AppError::not_found("Không có địa chỉ API này.", "No such API endpoint."),
        locale,
    )
}
