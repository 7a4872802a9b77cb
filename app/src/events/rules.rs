//! The rules an event's fields must hold, the same for the pages and the
//! API: every problem is named by its field, nothing is saved unless none.

use super::{is_physical, EventFields, KINDS};
use crate::domain::EventStatus;
use crate::entities::{communes, provinces, users};
use crate::error::{AppResult, FieldErrors};
use crate::text::{clean, match_key};
use chrono::{DateTime, NaiveDateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest description, in characters.
pub const MAX_DESCRIPTION: usize = 5000;
/// Longest short text (venue, organiser, host, platform).
pub const MAX_SHORT: usize = 300;
/// Longest stream link.
pub const MAX_URL: usize = 500;

/// An event's fields once they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidEvent {
    /// Title (NFC).
    pub title: String,
    /// Kind.
    pub kind: String,
    /// Description.
    pub description: Option<String>,
    /// Province.
    pub province_id: i64,
    /// The province's code, for event codes.
    pub province_code: String,
    /// Commune.
    pub commune_id: Option<i64>,
    /// Venue.
    pub venue: Option<String>,
    /// Stream link (http/https).
    pub stream_url: Option<String>,
    /// Platform.
    pub platform: Option<String>,
    /// Organiser.
    pub organizer: String,
    /// Host.
    pub host: Option<String>,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End, after the start.
    pub ends_at: DateTime<Utc>,
    /// Status.
    pub status: EventStatus,
}

/// A date-time as typed, read in Vietnam time: `YYYY-MM-DDTHH:MM[:SS]`
/// (a `datetime-local` input), `YYYY-MM-DD HH:MM`, `DD/MM/YYYY HH:MM`, or
/// RFC 3339 with its own offset (the API).
pub fn parse_vn_datetime(raw: &str) -> Option<DateTime<Utc>> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 40 {
        return None;
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.with_timezone(&Utc));
    }
    let local = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())?;
    local
        .and_local_timezone(crate::time::vn_offset())
        .single()
        .map(|at| at.with_timezone(&Utc))
}

/// Whether `raw` is an absolute http(s) link with a host.
pub fn is_web_link(raw: &str) -> bool {
    match url::Url::parse(raw) {
        Ok(u) => {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        }
        Err(_) => false,
    }
}

/// Text of several lines (a description, a note): each line cleaned (NFC,
/// spaces collapsed), line breaks kept, at most one empty line in a row.
pub fn clean_lines(raw: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in raw.replace("\r\n", "\n").replace('\r', "\n").split('\n') {
        let line = clean(line);
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// `raw` cleaned, `None` when empty; a problem when longer than `max`.
fn optional(raw: &str, field: &str, max: usize, problems: &mut FieldErrors) -> Option<String> {
    let text = clean(raw);
    if text.chars().count() > max {
        problems.add(
            field,
            format!("Tối đa {max} ký tự."),
            format!("At most {max} characters."),
        );
        return None;
    }
    (!text.is_empty()).then_some(text)
}

/// `raw` cleaned; a problem when empty or longer than `max`.
fn required(raw: &str, field: &str, max: usize, problems: &mut FieldErrors) -> String {
    let text = optional(raw, field, max, problems);
    if text.is_none() && clean(raw).is_empty() {
        problems.add(field, "Trường này là bắt buộc.", "This field is required.");
    }
    text.unwrap_or_default()
}

/// Reads a date-time field.
fn when(raw: &str, field: &str, problems: &mut FieldErrors) -> Option<DateTime<Utc>> {
    if raw.trim().is_empty() {
        problems.add(field, "Hãy nhập ngày giờ.", "Enter a date and time.");
        return None;
    }
    let at = parse_vn_datetime(raw);
    if at.is_none() {
        problems.add(
            field,
            "Ngày giờ không hợp lệ (ví dụ 2026-12-15T08:00, giờ Việt Nam).",
            "Not a valid date and time (e.g. 2026-12-15T08:00, Vietnam time).",
        );
    }
    at
}

/// The province a form names, by its code or its name.
async fn find_province(
    db: &impl ConnectionTrait,
    raw: &str,
) -> AppResult<Option<provinces::Model>> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 100 {
        return Ok(None);
    }
    if let Some(p) = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(raw))
        .one(db)
        .await?
    {
        return Ok(Some(p));
    }
    Ok(provinces::Entity::find()
        .filter(provinces::Column::NameKey.eq(match_key(raw)))
        .one(db)
        .await?)
}

/// Checks `fields` for an event `user` creates (`current_status` `None`) or
/// edits (its status now). The province and commune must be in the user's
/// area (administrators: any).
pub async fn validate(
    db: &impl ConnectionTrait,
    user: &users::Model,
    fields: &EventFields,
    current_status: Option<EventStatus>,
) -> AppResult<ValidEvent> {
    let mut problems = FieldErrors::default();
    let title = required(&fields.title, "title", MAX_TITLE, &mut problems);
    let kind = fields.kind.trim().to_owned();
    if !KINDS.contains(&kind.as_str()) {
        problems.add(
            "kind",
            "Hãy chọn loại sự kiện: hội chợ, triển lãm, hội nghị giao thương hoặc livestream.",
            "Choose a kind: fair, exhibition, trade conference or livestream.",
        );
    }
    let description = clean_lines(&fields.description);
    if description.chars().count() > MAX_DESCRIPTION {
        problems.add(
            "description",
            format!("Tối đa {MAX_DESCRIPTION} ký tự."),
            format!("At most {MAX_DESCRIPTION} characters."),
        );
    }
    let description = (!description.is_empty()).then_some(description);
    let organizer = required(&fields.organizer, "organizer", MAX_SHORT, &mut problems);
    let host = optional(&fields.host, "host", MAX_SHORT, &mut problems);
    let platform = optional(&fields.platform, "platform", MAX_SHORT, &mut problems);
    let venue = optional(&fields.venue, "venue", MAX_SHORT, &mut problems);
    let stream_url = optional(&fields.stream_url, "stream_url", MAX_URL, &mut problems);
    if let Some(link) = &stream_url {
        if !is_web_link(link) {
            problems.add(
                "stream_url",
                "Đường dẫn phát trực tiếp phải bắt đầu bằng http:// hoặc https://.",
                "The stream link must start with http:// or https://.",
            );
        }
    }
    if is_physical(&kind) && clean(&fields.venue).is_empty() {
        problems.add(
            "venue",
            "Hãy nhập địa điểm tổ chức.",
            "Enter where the event is held.",
        );
    }
    if kind == "livestream" && fields.stream_url.trim().is_empty() {
        problems.add(
            "stream_url",
            "Hãy nhập đường dẫn phát trực tiếp.",
            "Enter the stream link.",
        );
    }
    let starts_at = when(&fields.starts_at, "starts_at", &mut problems);
    let ends_at = when(&fields.ends_at, "ends_at", &mut problems);
    if let (Some(from), Some(to)) = (starts_at, ends_at) {
        if to <= from {
            problems.add(
                "ends_at",
                "Giờ kết thúc phải sau giờ bắt đầu.",
                "The end must be after the start.",
            );
        }
    }
    let status = match fields.status.trim() {
        "" => Some(current_status.unwrap_or(EventStatus::Draft)),
        s => EventStatus::from_name(s),
    };
    if let Some(status) = status {
        let allowed = match current_status {
            Some(from) => from.can_move_to(status),
            None => EventStatus::CREATED_AS.contains(&status),
        };
        if !allowed {
            problems.add(
                "status",
                "Không chuyển được sang trạng thái này (chỉ tiến tới: nháp → nhận đăng ký → đã lên lịch → đang diễn ra → đã kết thúc; hủy khi chưa kết thúc).",
                "The event cannot move to this status (forward only: draft → open → scheduled → live → finished; cancel before it is finished).",
            );
        }
    } else {
        problems.add("status", "Trạng thái không hợp lệ.", "Not a valid status.");
    }
    let province = find_province(db, &fields.province).await?;
    let mut commune_id = None;
    match &province {
        None => problems.add(
            "province",
            "Hãy chọn tỉnh, thành phố.",
            "Choose a province.",
        ),
        Some(p) => {
            let commune_name = clean(&fields.commune);
            let mut commune_bad = false;
            if !commune_name.is_empty() {
                let found = communes::Entity::find()
                    .filter(communes::Column::ProvinceId.eq(p.id))
                    .filter(communes::Column::NameKey.eq(match_key(&commune_name)))
                    .one(db)
                    .await?;
                match found {
                    Some(c) => commune_id = Some(c.id),
                    None => {
                        commune_bad = true;
                        problems.add(
                            "commune",
                            format!("{} không có xã, phường tên này.", p.name),
                            format!("{} has no commune of this name.", p.name),
                        );
                    }
                }
            }
            if !commune_bad && !super::access::runs_area(user, p.id, commune_id) {
                let commune_officer = user.area_commune_id.is_some();
                let field = if commune_officer && user.area_province_id == Some(p.id) {
                    "commune"
                } else {
                    "province"
                };
                problems.add(
                    field,
                    "Bạn chỉ tạo và sửa được sự kiện trên địa bàn mình phụ trách.",
                    "You can only create and edit events in your own area.",
                );
            }
        }
    }
    let place = province.map(|p| (p.id, p.code));
    let (Some(starts_at), Some(ends_at), Some((province_id, province_code)), Some(status)) =
        (starts_at, ends_at, place, status)
    else {
        return Err(problems.into_error());
    };
    problems.into_result(ValidEvent {
        title,
        kind,
        description,
        province_id,
        province_code,
        commune_id,
        venue,
        stream_url,
        platform,
        organizer,
        host,
        starts_at,
        ends_at,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_times_are_vietnam_time() {
        let at = parse_vn_datetime("2026-12-15T23:30").unwrap();
        assert_eq!(at.to_rfc3339(), "2026-12-15T16:30:00+00:00");
        assert_eq!(parse_vn_datetime("15/12/2026 23:30"), Some(at));
        assert_eq!(parse_vn_datetime("2026-12-15T23:30:00+07:00"), Some(at));
        assert_eq!(parse_vn_datetime("ngày mai"), None);
    }

    #[test]
    fn descriptions_keep_their_lines() {
        assert_eq!(
            clean_lines("  Một  dòng \r\n\n\n\nHai\n\n"),
            "Một dòng\n\nHai"
        );
    }

    #[test]
    fn only_web_links() {
        assert!(is_web_link("https://live.example.vn/ocop"));
        assert!(is_web_link("http://fb.com/x"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("ftp://x.vn/a"));
        assert!(!is_web_link("live.example.vn"));
    }
}
