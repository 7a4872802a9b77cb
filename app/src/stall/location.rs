//! The producer's own position on the digital map, set from the stall's
//! profile page (typed, or picked by clicking the map). Until it is set the
//! producer is listed beside the map, never placed at a guessed spot.

use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::use_locale;
use crate::stall::StallAccess;
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The stall's position: (lat, lon) as text, empty when unknown.
#[server(prefix = "/api/fn", endpoint = "stall_location")]
pub async fn get_stall_location() -> Result<StallAccess<(String, String)>, ServerFnError> {
    use crate::entities::producers;
    use sea_orm::EntityTrait;
    let (state, _, producer) = match crate::stall::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let p = producers::Entity::find_by_id(producer)
        .one(&state.db)
        .await
        .map_err(|e| crate::ssr::server_error(e.into()))?;
    let text = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    Ok(StallAccess::Ready(match p {
        Some(p) => (text(p.lat), text(p.lon)),
        None => Default::default(),
    }))
}

/// Saves the stall's position (both empty: unknown).
#[server(prefix = "/api/fn", endpoint = "stall_save_location")]
pub async fn save_stall_location(
    csrf: Option<String>,
    lat: Option<String>,
    lon: Option<String>,
) -> Result<(), FormError> {
    let (state, _, producer) = crate::stall::acting_member(csrf.as_deref()).await?;
    server::save(
        &state.db,
        producer,
        lat.as_deref().unwrap_or_default(),
        lon.as_deref().unwrap_or_default(),
    )
    .await
    .map_err(crate::forms::refuse)
}

/// The position form of the stall's profile page.
#[component]
pub fn StallLocationForm() -> AnyView {
    let l = use_locale();
    let save = ServerAction::<SaveStallLocation>::new();
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            saved.update(|n| *n += 1);
        }
    });
    let data = Resource::new(move || saved.get(), |_| get_stall_location());
    let error = crate::forms::failure(save.value());
    view! {
        <section class="stall-location" aria-labelledby="vi-tri">
            <h2 id="vi-tri">{l.pick("Vị trí trên bản đồ số", "Position on the digital map")}</h2>
            <p class="hint">{l.pick(
                "Nhập vĩ độ, kinh độ (độ thập phân) hoặc bấm vào bản đồ. Để trống cả hai nếu chưa muốn hiện trên bản đồ.",
                "Type the latitude and longitude (decimal degrees) or click the map. Leave both empty to stay off the map.",
            )}</p>
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{l.pick("Đã lưu vị trí.", "Position saved.")}</p> })}
            <FormProblem error with_fields=false/>
            <Suspense fallback=crate::components::Loading>
                {move || data.get().map(|r| match r {
                    Ok(crate::accounts::access::Access::Ready((lat, lon))) => {
                        let marker = match (crate::map::parse_degrees(&lat), crate::map::parse_degrees(&lon)) {
                            (Some(a), Some(b)) => vec![crate::map::MapItem {
                                name: l.pick("Vị trí gian hàng", "Stall position").into(),
                                url: "/quan-ly/gian-hang".into(),
                                note: String::new(),
                                lat: Some(a),
                                lon: Some(b),
                            }],
                            _ => Vec::new(),
                        };
                        let layers = vec![crate::map::MapLayer {
                            id: "producers".into(),
                            label: l.pick("Gian hàng", "Stall").into(),
                            color: "#2e6b30".into(),
                            items: marker,
                        }];
                        view! {
                            <ActionForm action=save>
                                <CsrfField/>
                                <div class="field-row">
                                    <div class="field">
                                        <label for="lat">{l.pick("Vĩ độ", "Latitude")}</label>
                                        <input id="lat" name="lat" inputmode="decimal" value=lat/>
                                        {field_problem(error, "lat")}
                                    </div>
                                    <div class="field">
                                        <label for="lon">{l.pick("Kinh độ", "Longitude")}</label>
                                        <input id="lon" name="lon" inputmode="decimal" value=lon/>
                                        {field_problem(error, "lon")}
                                    </div>
                                </div>
                                <crate::map::MapBox layers pick=("lat", "lon")/>
                                <button type="submit" class="button secondary">{l.pick("Lưu vị trí", "Save the position")}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Ok(_) => ().into_any(),
                    Err(_) => view! { <crate::components::ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[cfg(feature = "ssr")]
mod server {
    use crate::entities::producers;
    use crate::error::{AppError, AppResult, FieldErrors};
    use crate::map::{parse_degrees, VIETNAM_LAT, VIETNAM_LON};
    use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

    pub async fn save(
        db: &DatabaseConnection,
        producer_id: i64,
        lat: &str,
        lon: &str,
    ) -> AppResult<()> {
        let position =
            if lat.trim().is_empty() && lon.trim().is_empty() {
                None
            } else {
                let mut errors = FieldErrors::default();
                let mut read = |field: &str, raw: &str, range: std::ops::RangeInclusive<f64>| {
                    match parse_degrees(raw).filter(|v| range.contains(v)) {
                        Some(v) => Some(v),
                        None => {
                            errors.add(
                                field,
                                format!(
                                    "Cần một số thập phân từ {} đến {} (trong lãnh thổ Việt Nam).",
                                    range.start().to_string().replace('.', ","),
                                    range.end().to_string().replace('.', ",")
                                ),
                                format!(
                                    "Enter a decimal number from {} to {} (inside Vietnam).",
                                    range.start(),
                                    range.end()
                                ),
                            );
                            None
                        }
                    }
                };
                let (a, b) = (read("lat", lat, VIETNAM_LAT), read("lon", lon, VIETNAM_LON));
                errors.into_result(())?;
                a.zip(b)
            };
        let producer = producers::Entity::find_by_id(producer_id)
            .one(db)
            .await?
            .ok_or_else(|| AppError::not_found("Không tìm thấy chủ thể.", "No such producer."))?;
        let mut row: producers::ActiveModel = producer.into();
        row.lat = Set(position.map(|p| p.0));
        row.lon = Set(position.map(|p| p.1));
        row.updated_at = Set(chrono::Utc::now());
        row.update(db).await?;
        Ok(())
    }
}
