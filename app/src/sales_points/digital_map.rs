//! `/ban-do`: the digital map of an area (Đồng Tháp plan II.7): OCOP
//! producers, tourism-service products (group 6), active sales points and
//! upcoming public events, each linking to its page. Below the map the same
//! items are listed by kind (the list works without JavaScript); an item
//! with no known position says so instead of being placed anywhere.

use crate::components::PageMeta;
use crate::i18n::{use_locale, Locale};
use crate::map::{MapBox, MapItem, MapLayer};
use crate::not_found::loaded;
use crate::sales_points::officer_pages::options;
use crate::sales_points::types::Choice;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Items listed per kind at most (the map shows all of them).
pub const LIST_LIMIT: usize = 300;

/// The digital map's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigitalMap {
    /// Provinces to choose from.
    pub provinces: Vec<Choice>,
    /// The chosen province's slug (empty: all).
    pub province: String,
    /// The chosen province's name.
    pub province_name: Option<String>,
    /// Producers, tourism products, sales points, events.
    pub layers: Vec<MapLayer>,
    /// The site's public address.
    pub base_url: String,
}

/// The map of `province` (a slug; all provinces when empty or unknown).
#[server(prefix = "/api/fn", endpoint = "digital_map")]
pub async fn get_digital_map(
    province: Option<String>,
) -> Result<Option<DigitalMap>, ServerFnError> {
    let state = crate::ssr::state()?;
    let l = crate::i18n::detect_locale();
    crate::ssr::found(
        server::digital_map(
            &state.db,
            province.as_deref().unwrap_or_default(),
            chrono::Utc::now(),
            l,
            &state.site.base_url,
        )
        .await,
    )
}

/// The page.
#[component]
pub fn DigitalMapPage() -> AnyView {
    let query = use_query_map();
    let data = Resource::new(move || query.read().get("province"), get_digital_map);
    loaded(data, |d| view! { <MapView d/> })
}

#[component]
fn MapView(d: DigitalMap) -> AnyView {
    let l = use_locale();
    let title = match &d.province_name {
        Some(name) => match l {
            Locale::Vi => format!("Bản đồ số OCOP {name}"),
            Locale::En => format!("OCOP digital map of {name}"),
        },
        None => l.pick("Bản đồ số OCOP", "OCOP digital map").to_string(),
    };
    let canonical = if d.province.is_empty() {
        format!("{}/ban-do", d.base_url)
    } else {
        format!("{}/ban-do?province={}", d.base_url, d.province)
    };
    let description = l
        .pick(
            "Chủ thể OCOP, sản phẩm du lịch, điểm bán và sự kiện sắp diễn ra trên một bản đồ.",
            "OCOP producers, tourism products, sales points and coming events on one map.",
        )
        .to_string();
    let groups = d.layers.clone().into_iter().map(|layer| {
        let total = layer.items.len();
        let unplaced = layer.items.iter().filter(|i| !i.placed()).count();
        let shown: Vec<MapItem> = layer.items.into_iter().take(LIST_LIMIT).collect();
        let heading = format!("{} ({total})", layer.label);
        view! {
            <section class="map-group" aria-label=layer.label.clone()>
                <h2><span class=format!("swatch layer-{}", layer.id)></span>{heading}</h2>
                {(unplaced > 0).then(|| view! { <p class="muted">{match l {
                    Locale::Vi => format!("{unplaced} mục chưa có vị trí trên bản đồ."),
                    Locale::En => format!("{unplaced} items have no map position yet."),
                }}</p> })}
                {if total == 0 {
                    view! { <p class="muted">{l.pick("Không có.", "None.")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="map-list">
                            {shown.into_iter().map(|i| view! {
                                <li>
                                    <a href=i.url.clone()>{i.name.clone()}</a>
                                    <span class="muted">" · "{i.note.clone()}</span>
                                    {(!i.placed()).then(|| view! { " "<span class="no-position">{l.pick("chưa có vị trí trên bản đồ", "no map position yet")}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                {(total > LIST_LIMIT).then(|| view! { <p class="muted">{match l {
                    Locale::Vi => format!("Đang liệt kê {LIST_LIMIT} / {total}; chọn một tỉnh để xem đủ."),
                    Locale::En => format!("Listing {LIST_LIMIT} of {total}; choose a province to see all."),
                }}</p> })}
            </section>
        }
    }).collect_view();
    view! {
        <PageMeta title=title.clone() description canonical/>
        <nav class="breadcrumb" aria-label=l.pick("Vị trí", "Breadcrumb")>
            <a href="/">{l.pick("Trang chủ", "Home")}</a> " › " <span aria-current="page">{title.clone()}</span>
        </nav>
        <h1>{title}</h1>
        <Form method="GET" action="/ban-do" attr:class="filters inline-filters" attr:aria-label=l.pick("Bộ lọc", "Filters")>
            <label>{l.pick("Tỉnh, thành phố", "Province")}
                <select name="province">
                    <option value="">{l.pick("Cả nước", "All of Vietnam")}</option>
                    {options(&d.provinces, &d.province)}
                </select>
            </label>
            <button type="submit">{l.pick("Xem", "Show")}</button>
        </Form>
        <p class="muted">{l.pick(
            "Bật, tắt từng lớp bằng nút lớp ở góc bản đồ. Mọi mục đều có trong danh sách bên dưới.",
            "Turn each layer on or off with the layers button on the map. Every item is also listed below.",
        )}</p>
        <MapBox layers=d.layers/>
        <div class="map-groups">{groups}</div>
    }
    .into_any()
}

#[cfg(feature = "ssr")]
mod server {
    use super::{Choice, DigitalMap, MapItem, MapLayer};
    use crate::domain::EventStatus;
    use crate::entities::{
        certifications, communes, events, producers, products, provinces, sales_points,
    };
    use crate::error::AppResult;
    use crate::i18n::Locale;
    use crate::sales_points::public::{active_at, marker, PlaceNames};
    use chrono::{DateTime, Utc};
    use sea_orm::sea_query::Query;
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
    use std::collections::HashMap;

    pub async fn digital_map(
        db: &DatabaseConnection,
        province: &str,
        now: DateTime<Utc>,
        l: Locale,
        base_url: &str,
    ) -> AppResult<DigitalMap> {
        let today = crate::time::now_vn().date_naive();
        let all = provinces::Entity::find()
            .order_by_asc(provinces::Column::NameKey)
            .all(db)
            .await?;
        let chosen = all.iter().find(|p| p.slug == province.trim());
        let province_id = chosen.map(|p| p.id);
        let province_names: HashMap<i64, String> =
            all.iter().map(|p| (p.id, p.name.clone())).collect();
        // Certified at D: some decision decided on or before D is still
        // valid (a later decision always runs later, so the latest one is).
        let certified = Query::select()
            .column(certifications::Column::ProductId)
            .from(certifications::Entity)
            .and_where(certifications::Column::DecidedOn.lte(today))
            .and_where(certifications::Column::ValidUntil.gt(today))
            .to_owned();
        let mut producer_query = producers::Entity::find().order_by_asc(producers::Column::Name);
        if let Some(id) = province_id {
            producer_query = producer_query.filter(producers::Column::ProvinceId.eq(id));
        }
        let area_producers = producer_query.all(db).await?;
        let producer_ids: Vec<i64> = area_producers.iter().map(|p| p.id).collect();
        let mut certified_products = Vec::new();
        for chunk in producer_ids.chunks(500) {
            certified_products.extend(
                products::Entity::find()
                    .filter(products::Column::ProducerId.is_in(chunk.iter().copied()))
                    .filter(products::Column::Id.in_subquery(certified.clone()))
                    .order_by_asc(products::Column::Name)
                    .all(db)
                    .await?,
            );
        }
        let ocop: std::collections::HashSet<i64> =
            certified_products.iter().map(|p| p.producer_id).collect();
        let ocop_producers: Vec<&producers::Model> = area_producers
            .iter()
            .filter(|p| ocop.contains(&p.id))
            .collect();
        let commune_ids: Vec<i64> = ocop_producers.iter().map(|p| p.commune_id).collect();
        let mut commune_names = HashMap::new();
        for chunk in commune_ids.chunks(500) {
            for c in communes::Entity::find()
                .filter(communes::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?
            {
                commune_names.insert(c.id, c.full_name);
            }
        }
        let by_id: HashMap<i64, &producers::Model> =
            ocop_producers.iter().map(|p| (p.id, *p)).collect();
        let producer_items = ocop_producers
            .iter()
            .map(|p| MapItem {
                name: p.name.clone(),
                url: format!("/gian-hang/{}", p.slug),
                note: format!(
                    "{}, {}",
                    commune_names
                        .get(&p.commune_id)
                        .cloned()
                        .unwrap_or_default(),
                    province_names
                        .get(&p.province_id)
                        .cloned()
                        .unwrap_or_default()
                ),
                lat: p.lat,
                lon: p.lon,
            })
            .collect();
        let tourism_items = certified_products
            .iter()
            .filter(|p| p.group_id == 6 && p.published)
            .filter_map(|p| {
                let producer = by_id.get(&p.producer_id)?;
                Some(MapItem {
                    name: p.name.clone(),
                    url: format!("/san-pham/{}", p.slug),
                    // A tourism product has no position of its own: it is
                    // drawn at its producer's, and says so.
                    note: if producer.lat.is_some() {
                        format!(
                            "{} · {}",
                            producer.name,
                            l.pick(
                                "đặt tại vị trí của chủ thể",
                                "shown at the producer's position"
                            )
                        )
                    } else {
                        producer.name.clone()
                    },
                    lat: producer.lat,
                    lon: producer.lon,
                })
            })
            .collect();
        let mut points_query = sales_points::Entity::find()
            .filter(active_at(today))
            .order_by_asc(sales_points::Column::Name);
        if let Some(id) = province_id {
            points_query = points_query.filter(sales_points::Column::ProvinceId.eq(id));
        }
        let points = points_query.all(db).await?;
        let names = PlaceNames::of(db, &points).await?;
        let point_items = points.iter().map(|p| marker(p, &names, l)).collect();
        let mut events_query = events::Entity::find()
            .filter(events::Column::Status.is_in([
                EventStatus::Open,
                EventStatus::Scheduled,
                EventStatus::Live,
            ]))
            .filter(events::Column::EndsAt.gte(now))
            .order_by_asc(events::Column::StartsAt);
        if let Some(id) = province_id {
            events_query = events_query.filter(events::Column::ProvinceId.eq(id));
        }
        let event_items = events_query
            .all(db)
            .await?
            .into_iter()
            .map(|e| MapItem {
                note: format!(
                    "{} · {} · {}",
                    crate::catalog::event_kind(&e.kind, l),
                    crate::time::format_vn(e.starts_at),
                    province_names
                        .get(&e.province_id)
                        .cloned()
                        .unwrap_or_default()
                ),
                name: e.title,
                url: format!("/su-kien/{}", e.code),
                lat: e.lat,
                lon: e.lon,
            })
            .collect();
        let layer = |id: &str, vi: &str, en: &str, color: &str, items: Vec<MapItem>| MapLayer {
            id: id.into(),
            label: l.pick(vi, en).into(),
            color: color.into(),
            items,
        };
        Ok(DigitalMap {
            provinces: all
                .iter()
                .map(|p| Choice {
                    value: p.slug.clone(),
                    label: l.pick(&p.name, &p.name_en).to_string(),
                })
                .collect(),
            province: chosen.map(|p| p.slug.clone()).unwrap_or_default(),
            province_name: chosen.map(|p| l.pick(&p.name, &p.name_en).to_string()),
            layers: vec![
                layer(
                    "producers",
                    "Chủ thể OCOP",
                    "OCOP producers",
                    "#2e6b30",
                    producer_items,
                ),
                layer(
                    "tourism",
                    "Sản phẩm du lịch OCOP",
                    "OCOP tourism products",
                    "#1f5f99",
                    tourism_items,
                ),
                layer(
                    "sales_points",
                    "Điểm bán OCOP",
                    "OCOP sales points",
                    crate::sales_points::public_pages::SALES_POINT_COLOR,
                    point_items,
                ),
                layer(
                    "events",
                    "Sự kiện sắp diễn ra",
                    "Coming events",
                    "#9c2a6b",
                    event_items,
                ),
            ],
            base_url: base_url.to_string(),
        })
    }
}
