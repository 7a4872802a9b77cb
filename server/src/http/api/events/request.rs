//! What `POST /api/v1/events` and `PATCH /api/v1/events/{code}` read: an
//! event's fields as sent, read as the pages read a form. Every field is
//! taken as text whatever its JSON type (a number as its digits), so that
//! the event's checks name what does not hold, all problems at once; in a
//! change, a field left out keeps the event's own and `null` empties it.

use super::super::body::{present, Refusal, Sent};
use app::domain::EventStatus;
use app::events::api::EventChanges;
use serde::Deserialize;
use utoipa::ToSchema;

/// An event's fields. Date-times RFC 3339, or YYYY-MM-DDTHH:MM read as
/// Vietnam time. A create needs the title, kind, start, end, province and
/// organiser (and a venue, or a stream link for a livestream); a change
/// sends only what changes.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct EventRequest {
    /// Title.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 200)]
    pub title: Option<Sent<String>>,
    /// What kind of event.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = EventKind)]
    pub kind: Option<Sent<String>>,
    /// Description (line breaks kept).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 5000)]
    pub description: Option<Sent<String>>,
    /// Start.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub starts_at: Option<Sent<String>>,
    /// End, after the start.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub ends_at: Option<Sent<String>>,
    /// Province code or name.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub province: Option<Sent<String>>,
    /// Commune name, within the province (optional).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    pub commune: Option<Sent<String>>,
    /// Venue (fairs, exhibitions, trade conferences).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 300)]
    pub venue: Option<Sent<String>>,
    /// Stream link, http or https (livestreams).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, format = "uri", max_length = 500)]
    pub stream_url: Option<Sent<String>>,
    /// Streaming platform.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 300)]
    pub platform: Option<Sent<String>>,
    /// Who organises it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 300)]
    pub organizer: Option<Sent<String>>,
    /// Host (livestreams).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 300)]
    pub host: Option<Sent<String>>,
    /// Status: a new event is draft (by default), open or scheduled; a
    /// change moves it forward (draft → open → scheduled → live →
    /// finished) or to cancelled before it is finished.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = EventStatus)]
    pub status: Option<Sent<String>>,
    /// A finished event's contracts signed (a change only).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i64, minimum = 0)]
    pub contracts_signed: Option<Sent<String>>,
    /// A finished event's contracts' value, đồng (a change only).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = i64, minimum = 0)]
    pub contracts_value_vnd: Option<Sent<String>>,
    /// Notes on a finished event's results (a change only).
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, max_length = 5000)]
    pub results_note: Option<Sent<String>>,
}

impl Refusal for EventRequest {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần một đối tượng JSON mô tả sự kiện.",
        "Send a JSON object describing the event.",
    );
    const NOT_OBJECT: (&'static str, &'static str) = Self::NOT_JSON;
}

impl EventRequest {
    /// The fields sent, as text.
    pub fn changes(&self) -> EventChanges {
        let text = |field: &Option<Sent<String>>| field.as_ref().map(Sent::any_text);
        EventChanges {
            title: text(&self.title),
            kind: text(&self.kind),
            description: text(&self.description),
            starts_at: text(&self.starts_at),
            ends_at: text(&self.ends_at),
            province: text(&self.province),
            commune: text(&self.commune),
            venue: text(&self.venue),
            stream_url: text(&self.stream_url),
            platform: text(&self.platform),
            organizer: text(&self.organizer),
            host: text(&self.host),
            status: text(&self.status),
            contracts_signed: text(&self.contracts_signed),
            contracts_value_vnd: text(&self.contracts_value_vnd),
            results_note: text(&self.results_note),
        }
    }
}

/// The kinds of event. Only its schema is used: the kind is read as text,
/// so that an unknown one is a field error.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum EventKind {
    /// A fair.
    Fair,
    /// An exhibition.
    Exhibition,
    /// A trade conference.
    TradeConference,
    /// A livestream sale.
    Livestream,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str) -> EventChanges {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        serde_json::from_value::<EventRequest>(value)
            .unwrap()
            .changes()
    }

    #[test]
    fn every_field_is_read_as_text() {
        let changes = read(
            r#"{"title": 12, "venue": null, "status": "open", "contracts_signed": 3,
                "platform": true, "host": ["a"], "unknown": 1}"#,
        );
        assert_eq!(changes.title.as_deref(), Some("12"));
        assert_eq!(changes.venue.as_deref(), Some(""), "null empties");
        assert_eq!(changes.status.as_deref(), Some("open"));
        assert_eq!(changes.contracts_signed.as_deref(), Some("3"));
        assert_eq!(changes.platform.as_deref(), Some("true"));
        assert_eq!(changes.host.as_deref(), Some(r#"["a"]"#));
        assert_eq!(changes.kind, None, "not sent: kept");
        assert!(changes.touches_results());
        assert!(!read(r#"{"title": " Hội chợ "}"#).touches_results());
        assert_eq!(
            read(r#"{"title": " Hội chợ "}"#).title.as_deref(),
            Some(" Hội chợ "),
            "as sent: the checks clean it"
        );
    }
}
