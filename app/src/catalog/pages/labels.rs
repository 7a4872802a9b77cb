//! Names of register values (producer types, event and sales-point kinds,
//! certification levels) in the reader's language.

use crate::i18n::Locale;

/// A producer type (an unknown word reads as "other").
pub fn producer_kind(kind: &str, l: Locale) -> &'static str {
    crate::domain::ProducerKind::from_name(kind)
        .unwrap_or(crate::domain::ProducerKind::Other)
        .label(l)
}

/// An event kind.
pub fn event_kind(kind: &str, l: Locale) -> &'static str {
    match kind {
        "fair" => l.pick("Hội chợ", "Fair"),
        "exhibition" => l.pick("Triển lãm", "Exhibition"),
        "trade_conference" => l.pick("Hội nghị giao thương", "Trade conference"),
        "livestream" => l.pick("Livestream bán hàng", "Livestream sale"),
        _ => l.pick("Sự kiện", "Event"),
    }
}

/// A sales-point kind.
pub fn sales_point_kind(kind: &str, l: Locale) -> &'static str {
    match kind {
        "store" => l.pick("Cửa hàng OCOP", "OCOP store"),
        "tourist_site" => l.pick("Điểm du lịch", "Tourist site"),
        "pagoda" => l.pick("Đình, chùa", "Temple or pagoda"),
        "supermarket_corner" => l.pick("Góc OCOP trong siêu thị", "OCOP corner in a supermarket"),
        "rest_stop" => l.pick("Trạm dừng nghỉ", "Rest stop"),
        "craft_village" => l.pick("Làng nghề", "Craft village"),
        _ => l.pick("Điểm bán", "Sales point"),
    }
}

/// A certification level.
pub fn certification_level(level: &str, l: Locale) -> &'static str {
    match level {
        "national" => l.pick("Trung ương", "National"),
        _ => l.pick("Cấp tỉnh", "Provincial"),
    }
}

/// A group's name in the reader's language.
pub fn group_name<'a>(vi: &'a str, en: &'a str, l: Locale) -> &'a str {
    l.pick(vi, en)
}
