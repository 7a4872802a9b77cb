//! Maps: the Leaflet map shared by the sales-point pages and the digital
//! map (`/ban-do`, Đồng Tháp plan II.7), and the producer's own position.
//!
//! A page with a map renders an empty `<div id="ocop-map">` and its markers
//! as JSON in a `<script type="application/json">` block; Leaflet and our
//! `/map.js` (both from our own assets, loaded only on such pages, no inline
//! script) draw it in the browser. Everything the map shows is also in a
//! list on the page, so nothing depends on JavaScript or on the tiles.

use crate::i18n::use_locale;
use leptos::prelude::*;
use leptos_meta::{Script, Stylesheet};
use serde::{Deserialize, Serialize};

/// A place on the map (or, without a position, only in the list beside it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapItem {
    /// Name.
    pub name: String,
    /// Its page.
    pub url: String,
    /// One line under the name (kind, place, date).
    pub note: String,
    /// Latitude, when known.
    pub lat: Option<f64>,
    /// Longitude, when known.
    pub lon: Option<f64>,
}

impl MapItem {
    /// Whether the item can be drawn.
    pub fn placed(&self) -> bool {
        self.lat.is_some() && self.lon.is_some()
    }
}

/// A layer of markers that can be shown or hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapLayer {
    /// Stable id ("sales_points").
    pub id: String,
    /// Label in the reader's language.
    pub label: String,
    /// Marker colour (CSS).
    pub color: String,
    /// Its items.
    pub items: Vec<MapItem>,
}

/// The JSON the map script reads: only items with a position. Every "<"
/// is escaped so that no text can end the script element.
fn map_json(layers: &[MapLayer], pick: Option<(&str, &str)>) -> String {
    let layers: Vec<serde_json::Value> = layers
        .iter()
        .map(|layer| {
            let items: Vec<serde_json::Value> = layer
                .items
                .iter()
                .filter_map(|i| match (i.lat, i.lon) {
                    (Some(lat), Some(lon)) => Some(serde_json::json!({
                        "name": i.name, "url": i.url, "note": i.note, "lat": lat, "lon": lon,
                    })),
                    _ => None,
                })
                .collect();
            serde_json::json!({ "id": layer.id, "label": layer.label, "color": layer.color, "items": items })
        })
        .collect();
    let mut value = serde_json::json!({ "layers": layers });
    if let Some((lat, lon)) = pick {
        value["pick"] = serde_json::json!({ "lat": lat, "lon": lon });
    }
    value.to_string().replace('<', "\\u003c")
}

/// The map: Leaflet's stylesheet and scripts (this page only), the
/// container and its data. `pick` names the latitude and longitude inputs
/// a click on the map fills in.
#[component]
pub fn MapBox(
    /// The layers of markers.
    layers: Vec<MapLayer>,
    /// Ids of the latitude and longitude inputs to fill on a click.
    #[prop(optional)]
    pick: Option<(&'static str, &'static str)>,
) -> AnyView {
    let l = use_locale();
    let json = map_json(&layers, pick);
    let attribution = l.pick(
        "Bản đồ nền © những người đóng góp OpenStreetMap. Nếu bản đồ nền không tải được, các điểm vẫn hiện trên nền xám và có đủ trong danh sách.",
        "Base map © OpenStreetMap contributors. If the base map does not load, the markers still show on a grey background and all are in the list.",
    );
    view! {
        <Stylesheet id="leaflet-css" href="/vendor/leaflet/leaflet.css"/>
        <Script id="leaflet-js" src="/vendor/leaflet/leaflet.js" defer="defer"/>
        <Script id="ocop-map-js" src="/map.js" defer="defer"/>
        <div class="map-box">
            <div id="ocop-map" class="map" role="region"
                aria-label=l.pick("Bản đồ", "Map")
                data-attribution=l.pick("© những người đóng góp OpenStreetMap", "© OpenStreetMap contributors")></div>
            <p class="muted map-note">{attribution}</p>
            <script type="application/json" id="ocop-map-data" inner_html=json></script>
        </div>
    }
    .into_any()
}

/// Distance in kilometres between two positions (haversine).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Vietnam's bounding box (mainland and islands, Hoàng Sa and Trường Sa
/// included): latitudes 8.0–23.5, longitudes 102.0–117.5.
pub const VIETNAM_LAT: std::ops::RangeInclusive<f64> = 8.0..=23.5;
/// See [`VIETNAM_LAT`].
pub const VIETNAM_LON: std::ops::RangeInclusive<f64> = 102.0..=117.5;

/// Reads a coordinate as typed: a decimal number with a point or a comma.
pub fn parse_degrees(raw: &str) -> Option<f64> {
    let raw = raw.trim();
    let normal = if raw.contains('.') {
        raw.to_string()
    } else {
        raw.replacen(',', ".", 1)
    };
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_read_with_a_point_or_a_comma() {
        assert_eq!(parse_degrees(" 10.03 "), Some(10.03));
        assert_eq!(parse_degrees("10,03"), Some(10.03));
        assert_eq!(parse_degrees("mười"), None);
        assert_eq!(parse_degrees("NaN"), None);
        assert_eq!(parse_degrees("inf"), None);
    }

    #[test]
    fn distance_from_can_tho_to_ho_chi_minh_city_is_about_140_km() {
        let d = distance_km((10.0452, 105.7469), (10.7769, 106.7009));
        assert!((120.0..150.0).contains(&d), "{d}");
    }

    #[test]
    fn map_json_keeps_only_placed_items_and_escapes_tags() {
        let layers = vec![MapLayer {
            id: "x".into(),
            label: "X".into(),
            color: "red".into(),
            items: vec![
                MapItem {
                    name: "</script><b>".into(),
                    url: "/a".into(),
                    note: String::new(),
                    lat: Some(10.0),
                    lon: Some(106.0),
                },
                MapItem {
                    name: "nowhere".into(),
                    url: "/b".into(),
                    note: String::new(),
                    lat: None,
                    lon: None,
                },
            ],
        }];
        let json = map_json(&layers, None);
        assert!(!json.contains('<'));
        assert!(!json.contains("nowhere"));
    }
}
