//! iCalendar (RFC 5545) for events, written by hand: a calendar is a few
//! lines per event, and the rules that matter are few: CRLF line endings,
//! lines folded at 75 octets (never inside a UTF-8 character), TEXT values
//! escaped, times in UTC. Google Calendar and Apple Calendar read it as a
//! subscription or a one-off import.

use super::{is_physical, EventSummary};
use chrono::{DateTime, Utc};

/// Longest line, in octets, before folding (RFC 5545 §3.1).
const FOLD_AT: usize = 75;

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A content line, folded at 75 octets and ended with CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > FOLD_AT {
            out.push_str("\r\n ");
            // The leading space of a continuation counts towards its 75.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A UTC date-time, `20261215T163000Z`.
pub fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// What one VEVENT says.
#[derive(Debug, Clone)]
pub struct CalendarEvent {
    /// The event.
    pub summary: EventSummary,
    /// Its description.
    pub description: Option<String>,
    /// Its public page, absolute.
    pub page_url: String,
}

fn push_event(out: &mut String, e: &CalendarEvent, stamp: &str) {
    let s = &e.summary;
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}@chocop.vn", s.code));
    push_line(out, &format!("DTSTAMP:{stamp}"));
    push_line(out, &format!("DTSTART:{}", utc_stamp(s.starts_at)));
    push_line(out, &format!("DTEND:{}", utc_stamp(s.ends_at)));
    push_line(out, &format!("SUMMARY:{}", escape_text(&s.title)));
    let place = if is_physical(&s.kind) {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(v) = &s.venue {
            parts.push(v);
        }
        if let Some(c) = &s.commune {
            parts.push(c);
        }
        parts.push(&s.province);
        Some(parts.join(", "))
    } else {
        None
    };
    if let Some(place) = place {
        push_line(out, &format!("LOCATION:{}", escape_text(&place)));
    }
    let url = match (&s.stream_url, is_physical(&s.kind)) {
        (Some(stream), false) => stream.clone(),
        _ => e.page_url.clone(),
    };
    push_line(out, &format!("URL:{url}"));
    let mut about = String::new();
    if let Some(d) = &e.description {
        about.push_str(d);
        about.push_str("\n\n");
    }
    about.push_str(&format!(
        "Tổ chức / Organiser: {}\n{}",
        s.organizer, e.page_url
    ));
    push_line(out, &format!("DESCRIPTION:{}", escape_text(&about)));
    push_line(out, "STATUS:CONFIRMED");
    push_line(out, "END:VEVENT");
}

/// A whole calendar of `events`, stamped `now`.
pub fn calendar(name: &str, events: &[CalendarEvent], now: DateTime<Utc>) -> String {
    let stamp = utc_stamp(now);
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//Cho OCOP//Su kien OCOP//VI");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    push_line(&mut out, "X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    for e in events {
        push_event(&mut out, e, &stamp);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(escape_text("x\r\ny"), "x\\ny");
    }

    #[test]
    fn long_lines_fold_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "Hội chợ Đặc sản ".repeat(10));
        push_line(&mut out, &line);
        for part in out.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(part.len() <= FOLD_AT, "{} octets: {part}", part.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }
}
