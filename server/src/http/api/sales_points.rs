//! `/api/v1/sales-points`: OCOP sales points. Reading is public (programme
//! data); creating and changing need an officer's (or administrator's)
//! session with its `X-CSRF-Token`, within the officer's area: another
//! area's sales point is a 404, the same answer as one that does not exist.
//! The checks are those of the officer's pages.

use super::super::error::{localized, ApiError, ErrorBody};
use super::super::locale::RequestLocale;
use super::body::{json_text, present, Refusal, Sent, WordedBody};
use super::query::{Paging, QueryParams};
use super::who::Officer;
use app::sales_points::api::{api_get, api_list, commune_by_code, ApiFilter, SalesPoint};
use app::sales_points::store::{create, find_overseen, form_of, update};
use app::sales_points::types::SalesPointForm;
use app::ssr::{today_vn, AppState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
use utoipa::ToSchema;

/// A page of sales points.
#[derive(Debug, Serialize, ToSchema)]
pub struct SalesPointList {
    /// Matching sales points in all pages.
    pub total: u64,
    /// This page, from 1.
    pub page: u64,
    /// Items per page.
    pub limit: u64,
    /// This page's sales points, by code.
    pub items: Vec<SalesPoint>,
}

/// A sales point's fields as sent, read as the officer's form is read:
/// every field is taken as text whatever its JSON type, so that the checks
/// name what does not hold, all problems at once. A change sends only what
/// changes (`null` empties a field).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct SalesPointRequest {
    /// Name.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub name: Option<Sent<String>>,
    /// What kind of place it is.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = SalesPointKind)]
    pub kind: Option<Sent<String>>,
    /// Slug, code or name; an officer's own province by default.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub province: Option<Sent<String>>,
    /// Commune code or name within the province and the officer's area.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub commune: Option<Sent<String>>,
    /// Street address.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub address: Option<Sent<String>>,
    /// Latitude (its schema says so: `latitude`).
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = latitude)]
    pub lat: Option<Sent<String>>,
    /// Longitude (its schema says so: `longitude`).
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = longitude)]
    pub lon: Option<Sent<String>>,
    /// Opening hours as written ("7:00–21:00 hằng ngày").
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub opening_hours: Option<Sent<String>>,
    /// Telephone.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub phone: Option<Sent<String>>,
    /// Opening date (`yyyy-mm-dd`; `dd/mm/yyyy` is read too).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, format = Date)]
    pub opened_on: Option<Sent<String>>,
    /// Closing date, exclusive; after opened_on. Empty or `null` while
    /// open.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<Sent<String>>,
    /// Codes of products certified today; they replace the products
    /// carried (a text of codes separated by commas, semicolons or spaces
    /// is read too). Left out of a change, the products stay.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<String>)]
    pub product_codes: Option<Sent<Vec<String>>>,
}

impl Refusal for SalesPointRequest {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần một đối tượng JSON mô tả điểm bán.",
        "Send a JSON object describing the sales point.",
    );
    const NOT_OBJECT: (&'static str, &'static str) = Self::NOT_JSON;
}

impl SalesPointRequest {
    /// Lays the fields sent over `form`, each as text.
    fn overlay(&self, form: &mut SalesPointForm) {
        for (sent, slot) in [
            (&self.name, &mut form.name),
            (&self.kind, &mut form.kind),
            (&self.province, &mut form.province),
            (&self.commune, &mut form.commune),
            (&self.address, &mut form.address),
            (&self.lat, &mut form.lat),
            (&self.lon, &mut form.lon),
            (&self.opening_hours, &mut form.opening_hours),
            (&self.phone, &mut form.phone),
            (&self.opened_on, &mut form.opened_on),
            (&self.closed_on, &mut form.closed_on),
        ] {
            if let Some(sent) = sent {
                *slot = sent.any_text();
            }
        }
        if let Some(codes) = &self.product_codes {
            form.product_codes = Some(match codes {
                Sent::Absent => String::new(),
                Sent::Fits(codes) => codes.join(","),
                Sent::Misfit(Value::Array(items)) => {
                    items.iter().map(json_text).collect::<Vec<_>>().join(",")
                }
                Sent::Misfit(other) => json_text(other),
            });
        }
    }
}

/// The kinds of sales point. Only its schema is used: the kind is read as
/// text, so that an unknown one is a field error.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SalesPointKind {
    /// An OCOP store.
    Store,
    /// A tourist site.
    TouristSite,
    /// A temple or pagoda.
    Pagoda,
    /// An OCOP corner in a supermarket.
    SupermarketCorner,
    /// A rest stop.
    RestStop,
    /// A craft village.
    CraftVillage,
}

/// A coordinate sent as a number or as text, within `min..=max`.
fn coordinate(min: f64, max: f64, description: &str) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Number, Type::String]))
        .minimum(Some(min))
        .maximum(Some(max))
        .description(Some(description))
}

/// A latitude within Vietnam.
fn latitude() -> ObjectBuilder {
    coordinate(
        8.0,
        23.5,
        "Latitude, decimal degrees (a number, or the same as text).",
    )
}

/// A longitude within Vietnam.
fn longitude() -> ObjectBuilder {
    coordinate(
        102.0,
        117.5,
        "Longitude, decimal degrees (a number, or the same as text).",
    )
}

/// OCOP sales points (public)
#[utoipa::path(get, path = "/sales-points", operation_id = "list_sales_points", tag = "sales-points",
    params(
        ("province" = Option<String>, Query, description = "Province name, code or slug"),
        ("commune" = Option<String>, Query, description = "Commune code"),
        ("active" = Option<String>, Query, description = "Active today (true), not (false), or all (default); 1 and 0 are read as true and false", pattern = "^(true|false|all|1|0)$"),
        Paging,
    ),
    responses(
        (status = 200, description = "A page of sales points", body = SalesPointList),
        (status = 422, description = "Invalid filter value", body = ErrorBody),
    ))]
pub async fn list_sales_points(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    RawQuery(raw): RawQuery,
) -> Result<Json<SalesPointList>, ApiError> {
    let mut params = QueryParams::from_raw(raw);
    let (page, limit) = params.paging();
    let mut filter = ApiFilter {
        province_id: params
            .province(&state.db)
            .await
            .map_err(localized(locale))?,
        ..ApiFilter::default()
    };
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
    Ok(Json(SalesPointList {
        total,
        page,
        limit,
        items,
    }))
}

/// One sales point (public)
///
/// Active or not.
#[utoipa::path(get, path = "/sales-points/{code}", operation_id = "get_sales_point", tag = "sales-points",
    params(("code" = String, Path, description = "Sales point code")),
    responses(
        (status = 200, description = "The sales point", body = SalesPoint),
        (status = 404, description = "No such sales point", body = ErrorBody),
    ))]
pub async fn get_sales_point(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
) -> Result<Json<SalesPoint>, ApiError> {
    let item = api_get(&state.db, &code, today_vn(), &state.site.base_url)
        .await
        .map_err(localized(locale))?;
    Ok(Json(item))
}

/// Create a sales point in the officer's area (officer session and X-CSRF-Token); the code is the server's
#[utoipa::path(post, path = "/sales-points", operation_id = "create_sales_point", tag = "sales-points",
    request_body = SalesPointRequest,
    responses(
        (status = 201, description = "The sales point", body = SalesPoint),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer, or no CSRF token", body = ErrorBody),
        (status = 409, description = "No code could be given at this moment: try again", body = ErrorBody),
        (status = 422, description = "Fields that do not hold, each named (a commune outside the area among them)", body = ErrorBody),
    ))]
pub async fn create_sales_point(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Officer(user): Officer,
    WordedBody(body): WordedBody<SalesPointRequest>,
) -> Result<(StatusCode, Json<SalesPoint>), ApiError> {
    let mut form = SalesPointForm {
        product_codes: Some(String::new()),
        ..Default::default()
    };
    body.overlay(&mut form);
    let today = today_vn();
    let code = create(&state.db, &user, &form, today)
        .await
        .map_err(localized(locale))?;
    let item = api_get(&state.db, &code, today, &state.site.base_url)
        .await
        .map_err(localized(locale))?;
    Ok((StatusCode::CREATED, Json(item)))
}

/// Change the fields sent; product_codes replaces the products carried (officer session and X-CSRF-Token)
#[utoipa::path(patch, path = "/sales-points/{code}", operation_id = "edit_sales_point", tag = "sales-points",
    params(("code" = String, Path, description = "Sales point code")),
    request_body = SalesPointRequest,
    responses(
        (status = 200, description = "The sales point", body = SalesPoint),
        (status = 401, description = "Not signed in", body = ErrorBody),
        (status = 403, description = "Not an officer, or no CSRF token", body = ErrorBody),
        (status = 404, description = "No such sales point in the officer's area", body = ErrorBody),
        (status = 422, description = "Fields that do not hold, each named", body = ErrorBody),
    ))]
pub async fn edit_sales_point(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    Path(code): Path<String>,
    Officer(user): Officer,
    body: Result<WordedBody<SalesPointRequest>, ApiError>,
) -> Result<Json<SalesPoint>, ApiError> {
    let point = find_overseen(&state.db, &user, &code)
        .await
        .map_err(localized(locale))?;
    let WordedBody(body) = body?;
    let mut form = form_of(&state.db, &point)
        .await
        .map_err(localized(locale))?;
    body.overlay(&mut form);
    let today = today_vn();
    update(&state.db, &user, &point.code, &form, today)
        .await
        .map_err(localized(locale))?;
    let item = api_get(&state.db, &point.code, today, &state.site.base_url)
        .await
        .map_err(localized(locale))?;
    Ok(Json(item))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaid(body: &str, mut form: SalesPointForm) -> SalesPointForm {
        let value: Value = serde_json::from_str(body).unwrap();
        serde_json::from_value::<SalesPointRequest>(value)
            .unwrap()
            .overlay(&mut form);
        form
    }

    #[test]
    fn fields_are_laid_over_as_text() {
        let before = SalesPointForm {
            name: "Cửa hàng".into(),
            closed_on: "2026-01-01".into(),
            phone: "0292 3812 345".into(),
            ..Default::default()
        };
        let form = overlaid(
            r#"{"lat": 10.03, "lon": "105.78", "closed_on": null, "kind": 5,
                "product_codes": ["SP0000001", 2]}"#,
            before.clone(),
        );
        assert_eq!(form.lat, "10.03");
        assert_eq!(form.lon, "105.78");
        assert_eq!(form.closed_on, "", "null empties");
        assert_eq!(form.kind, "5", "read as text: the checks name it");
        assert_eq!(form.name, "Cửa hàng", "not sent: kept");
        assert_eq!(form.product_codes.as_deref(), Some("SP0000001,2"));
        let form = overlaid(
            r#"{"product_codes": "SP0000001; SP0000002"}"#,
            before.clone(),
        );
        assert_eq!(form.product_codes.as_deref(), Some("SP0000001; SP0000002"));
        assert_eq!(overlaid("{}", before.clone()), before);
        let form = overlaid(r#"{"product_codes": null}"#, before);
        assert_eq!(form.product_codes.as_deref(), Some(""));
    }
}
