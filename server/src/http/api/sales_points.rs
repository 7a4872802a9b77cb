//! `/api/v1/sales-points`: OCOP sales points. Reading is public (programme
//! data); creating and changing need an officer's (or administrator's)
//! session with its `X-CSRF-Token`, within the officer's area: another
//! area's sales point is a 404, the same answer as one that does not exist.
//! The checks are those of the officer's pages.

use super::super::error::{localized, ApiError};
use super::super::locale::RequestLocale;
use super::query::QueryParams;
use super::who::Officer;
use app::error::{AppError, AppResult};
use app::sales_points::api::{api_get, api_list, commune_by_code, ApiFilter};
use app::sales_points::store::{create, find_overseen, form_of, update};
use app::sales_points::types::SalesPointForm;
use app::ssr::{today_vn, AppState};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

/// `GET /api/v1/sales-points?province=&commune=&active=&page=&limit=`.
pub async fn list_sales_points(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let mut filter = ApiFilter::default();
    if let Some(province) = params.text("province") {
        filter.province_id = app::catalog::service::resolve_province(&state.db, &province)
            .await
            .map_err(localized(locale))?;
        if filter.province_id.is_none() {
            params.problem(
                "province",
                format!("không có tỉnh/thành phố nào tên {province}"),
                format!("no province is called {province}"),
            );
        }
    }
    if let Some(commune) = params.text("commune") {
        filter.commune_id = commune_by_code(&state.db, &commune)
            .await
            .map_err(localized(locale))?;
        if filter.commune_id.is_none() {
            params.problem(
                "commune",
                "không có xã/phường nào có mã này",
                "no commune has this code",
            );
        }
    }
    match params.text("active").as_deref() {
        None | Some("all") => {}
        Some("true" | "1") => filter.active = Some(true),
        Some("false" | "0") => filter.active = Some(false),
        Some(_) => params.problem(
            "active",
            "phải là true, false hoặc all",
            "must be true, false or all",
        ),
    }
    params.finish().map_err(localized(locale))?;
    let (total, items) = api_list(
        &state.db,
        &filter,
        page,
        limit,
        today_vn(),
        &state.site.base_url,
    )
    .await
    .map_err(localized(locale))?;
    Ok(Json(
        json!({ "total": total, "page": page, "limit": limit, "items": items }),
    ))
}

/// `GET /api/v1/sales-points/{code}`.
pub async fn get_sales_point(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let item = api_get(&state.db, &code, today_vn(), &state.site.base_url)
        .await
        .map_err(localized(locale))?;
    Ok(Json(item))
}

/// The JSON object of a request, or a 422 naming what to send.
fn object(body: Result<Json<Value>, JsonRejection>) -> AppResult<serde_json::Map<String, Value>> {
    match body {
        Ok(Json(Value::Object(map))) => Ok(map),
        _ => Err(AppError::invalid(
            "body",
            "Cần một đối tượng JSON mô tả điểm bán.",
            "Send a JSON object describing the sales point.",
        )),
    }
}

/// Lays the fields present in `body` over `form`; a field of the wrong
/// type is read as text so that validation names it.
fn overlay(form: &mut SalesPointForm, body: &serde_json::Map<String, Value>) {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    for (name, slot) in [
        ("name", &mut form.name),
        ("kind", &mut form.kind),
        ("province", &mut form.province),
        ("commune", &mut form.commune),
        ("address", &mut form.address),
        ("lat", &mut form.lat),
        ("lon", &mut form.lon),
        ("opening_hours", &mut form.opening_hours),
        ("phone", &mut form.phone),
        ("opened_on", &mut form.opened_on),
        ("closed_on", &mut form.closed_on),
    ] {
        if let Some(v) = body.get(name) {
            *slot = text(v);
        }
    }
    if let Some(v) = body.get("product_codes") {
        form.product_codes = Some(match v {
            Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
            other => text(other),
        });
    }
}

/// `POST /api/v1/sales-points`: 201 with the new sales point; its code is
/// the server's.
pub async fn create_sales_point(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Officer(user): Officer,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let body = object(body).map_err(localized(locale))?;
    let mut form = SalesPointForm {
        product_codes: Some(String::new()),
        ..Default::default()
    };
    overlay(&mut form, &body);
    let today = today_vn();
    let code = create(&state.db, &user, &form, today)
        .await
        .map_err(localized(locale))?;
    let item = api_get(&state.db, &code, today, &state.site.base_url)
        .await
        .map_err(localized(locale))?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// `PATCH /api/v1/sales-points/{code}`: changes the fields sent (with
/// `product_codes`, the products carried become exactly those).
pub async fn edit_sales_point(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    Officer(user): Officer,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let point = find_overseen(&state.db, &user, &code)
        .await
        .map_err(localized(locale))?;
    let body = object(body).map_err(localized(locale))?;
    let mut form = form_of(&state.db, &point)
        .await
        .map_err(localized(locale))?;
    overlay(&mut form, &body);
    let today = today_vn();
    update(&state.db, &user, &point.code, &form, today)
        .await
        .map_err(localized(locale))?;
    let item = api_get(&state.db, &point.code, today, &state.site.base_url)
        .await
        .map_err(localized(locale))?;
    Ok(Json(item))
}

/// Adds the sales-point paths and schema to the OpenAPI document.
pub fn describe(doc: &mut Value) {
    use super::openapi::error_response;
    let code =
        json!({ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } });
    let body = json!({ "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SalesPointInput" } } } });
    let one = json!({ "description": "The sales point", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/SalesPoint" } } } });
    doc["paths"]["/sales-points"] = json!({
        "get": { "operationId": "list_sales_points", "summary": "OCOP sales points (public)",
            "parameters": [
                { "name": "province", "in": "query", "required": false, "description": "Province name, code or slug", "schema": { "type": "string" } },
                { "name": "commune", "in": "query", "required": false, "description": "Commune code", "schema": { "type": "string" } },
                { "name": "active", "in": "query", "required": false, "description": "Active today (true), not (false), or all (default)", "schema": { "enum": ["true", "false", "all"] } },
                { "name": "page", "in": "query", "required": false, "schema": { "type": "integer", "minimum": 1 } },
                { "name": "limit", "in": "query", "required": false, "description": "Default 20; above 100 clamped", "schema": { "type": "integer", "minimum": 1 } }
            ],
            "responses": {
                "200": { "description": "A page of sales points", "content": { "application/json": { "schema": {
                    "type": "object", "required": ["total", "page", "limit", "items"],
                    "properties": { "total": { "type": "integer" }, "page": { "type": "integer" }, "limit": { "type": "integer" },
                        "items": { "type": "array", "items": { "$ref": "#/components/schemas/SalesPoint" } } } } } } },
                "422": error_response("Invalid filter value")
            } },
        "post": { "operationId": "create_sales_point",
            "summary": "Create a sales point in the officer's area (officer session and X-CSRF-Token); the code is the server's",
            "requestBody": body.clone(),
            "responses": {
                "201": one.clone(),
                "401": error_response("Not signed in"),
                "403": error_response("Not an officer, or no CSRF token"),
                "422": error_response("Fields that do not hold, each named (a commune outside the area among them)")
            } }
    });
    doc["paths"]["/sales-points/{code}"] = json!({
        "get": { "operationId": "get_sales_point", "summary": "One sales point (public)",
            "parameters": [code.clone()],
            "responses": { "200": one.clone(), "404": error_response("No such sales point") } },
        "patch": { "operationId": "edit_sales_point",
            "summary": "Change the fields sent; product_codes replaces the products carried (officer session and X-CSRF-Token)",
            "parameters": [code],
            "requestBody": body,
            "responses": {
                "200": one,
                "401": error_response("Not signed in"),
                "403": error_response("Not an officer, or no CSRF token"),
                "404": error_response("No such sales point in the officer's area"),
                "422": error_response("Fields that do not hold, each named")
            } }
    });
    doc["components"]["schemas"]["SalesPointInput"] = json!({ "type": "object",
        "properties": {
            "name": { "type": "string", "maxLength": 200 },
            "kind": { "enum": ["store", "tourist_site", "pagoda", "supermarket_corner", "rest_stop", "craft_village"] },
            "province": { "type": "string", "description": "Slug, code or name; an officer's own province by default" },
            "commune": { "type": "string", "description": "Commune code or name within the province and the officer's area" },
            "address": { "type": "string", "maxLength": 200 },
            "lat": { "type": ["number", "string"], "minimum": 8.0, "maximum": 23.5 },
            "lon": { "type": ["number", "string"], "minimum": 102.0, "maximum": 117.5 },
            "opening_hours": { "type": "string" }, "phone": { "type": "string" },
            "opened_on": { "type": "string", "format": "date" },
            "closed_on": { "type": ["string", "null"], "format": "date", "description": "Exclusive; after opened_on" },
            "product_codes": { "type": "array", "items": { "type": "string" }, "description": "Codes of products certified today" }
        } });
    doc["components"]["schemas"]["SalesPoint"] = json!({ "type": "object",
        "required": ["code", "name", "kind", "province", "commune", "commune_code", "address", "lat", "lon", "opened_on", "active", "product_codes"],
        "properties": {
            "code": { "type": "string" }, "name": { "type": "string" }, "kind": { "type": "string" },
            "province": { "type": "string" }, "commune": { "type": "string" }, "commune_code": { "type": "string" },
            "address": { "type": "string" }, "lat": { "type": "number" }, "lon": { "type": "number" },
            "opening_hours": { "type": ["string", "null"] }, "phone": { "type": ["string", "null"] },
            "opened_on": { "type": "string", "format": "date" }, "closed_on": { "type": ["string", "null"], "format": "date" },
            "active": { "type": "boolean" }, "product_codes": { "type": "array", "items": { "type": "string" } },
            "url": { "type": ["string", "null"], "description": "The public page, while active" }
        } });
}
