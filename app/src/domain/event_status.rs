//! Where an event stands and where a producer's registration for it
//! stands, each stored as the same word it always was (the migrations'
//! `CHECK` constraints `ck_events_status` and `ck_event_participants_status`
//! list them), so typing them changed no data. Declared with the same
//! `stored_words!` as the commerce core's statuses: on the server each is a
//! sea-orm `ActiveEnum`, and on the wire the same lowercase word.

use serde::{Deserialize, Serialize};
// The sea-orm derive names the column's string type as `StringLen`.
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;

stored_words! {
    /// Where an event stands, in the order an event goes through them
    /// (`cancelled` last): forward along draft → open → scheduled → live →
    /// finished, or cancelled before it is finished.
    pub enum EventStatus {
        /// Being prepared; only the officers of its area see it.
        Draft = "draft",
        /// Announced and taking producers' registrations.
        Open = "open",
        /// Announced, its line-up fixed.
        Scheduled = "scheduled",
        /// Happening now.
        Live = "live",
        /// Over; its results may be recorded.
        Finished = "finished",
        /// Called off.
        Cancelled = "cancelled",
    }
}

impl EventStatus {
    /// Statuses of the events on the calendar feed: announced and not
    /// cancelled.
    pub const LISTED: [EventStatus; 4] = [
        EventStatus::Open,
        EventStatus::Scheduled,
        EventStatus::Live,
        EventStatus::Finished,
    ];

    /// The statuses an event may be created in (the create form offers
    /// them): it has not begun.
    pub const CREATED_AS: [EventStatus; 3] = [
        EventStatus::Draft,
        EventStatus::Open,
        EventStatus::Scheduled,
    ];

    /// The statuses an event moves forward through, in order.
    const CHAIN: [EventStatus; 5] = [
        EventStatus::Draft,
        EventStatus::Open,
        EventStatus::Scheduled,
        EventStatus::Live,
        EventStatus::Finished,
    ];

    /// Whether an event may go from this status to `to`: forward along
    /// draft → open → scheduled → live → finished (a step may be skipped,
    /// e.g. an event without registration goes from draft to scheduled), or
    /// to cancelled from anything but finished. Staying is always allowed.
    pub fn can_move_to(self, to: EventStatus) -> bool {
        if self == to {
            return true;
        }
        let place = |s: EventStatus| Self::CHAIN.iter().position(|c| *c == s);
        match (place(self), to) {
            (Some(_), EventStatus::Cancelled) => self != EventStatus::Finished,
            (Some(a), to) => place(to).is_some_and(|b| b > a),
            (None, _) => false,
        }
    }
}

stored_words! {
    /// Where a producer's registration for an event stands.
    pub enum ParticipantStatus {
        /// Waiting for the organisers; the producer may still change or
        /// withdraw it.
        Pending = "pending",
        /// Accepted: the producer takes part (a booth, a line-up slot).
        Approved = "approved",
        /// Not accepted.
        Rejected = "rejected",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_keeps_its_stored_word() {
        for status in EventStatus::ALL {
            assert_eq!(EventStatus::from_name(status.name()), Some(*status));
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.name()));
        }
        assert_eq!(
            EventStatus::ALL
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>(),
            [
                "draft",
                "open",
                "scheduled",
                "live",
                "finished",
                "cancelled"
            ]
        );
        assert_eq!(
            ParticipantStatus::ALL
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>(),
            ["pending", "approved", "rejected"]
        );
        assert_eq!(EventStatus::from_name("bogus"), None);
    }

    #[test]
    fn statuses_move_forward_or_to_cancelled() {
        use EventStatus::*;
        assert!(Draft.can_move_to(Open));
        assert!(Open.can_move_to(Scheduled));
        assert!(Draft.can_move_to(Scheduled));
        assert!(Live.can_move_to(Finished));
        assert!(Live.can_move_to(Cancelled));
        assert!(Open.can_move_to(Open));
        assert!(Cancelled.can_move_to(Cancelled));
        assert!(!Finished.can_move_to(Cancelled));
        assert!(!Scheduled.can_move_to(Open));
        assert!(!Cancelled.can_move_to(Open));
        assert!(!Open.can_move_to(Draft));
    }
}
