//! Events (issue 7, item 4): officers run their area's fairs and
//! livestreams (`/can-bo/su-kien`, `/api/v1/events`), producers register
//! from their stall, the public reads `/su-kien`, the month calendar and the
//! iCalendar feed. The helpers every scenario uses.

mod area;
mod attribution;
mod feed;
mod input;
mod journey;

use crate::stall_extra::{browser, Browser};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use tests::{location, TestApp};

/// An officer of Cần Thơ.
pub const CANTHO: &str = "canbo.cantho@demo.chocop.vn";
/// An officer of Đồng Tháp.
pub const DONGTHAP: &str = "canbo.dongthap@demo.chocop.vn";

/// `days` from today (Vietnam), at `hh:mm` Vietnam time, as a form types it.
pub fn vn_at(days: i64, hh: u32, mm: u32) -> String {
    let date = (Utc::now() + Duration::hours(7) + Duration::days(days)).date_naive();
    format!("{}T{hh:02}:{mm:02}", date.format("%Y-%m-%d"))
}

/// The UTC instant of a form's Vietnam time.
pub fn utc_of(vn: &str) -> DateTime<Utc> {
    let local = chrono::NaiveDateTime::parse_from_str(vn, "%Y-%m-%dT%H:%M").expect("vn time");
    DateTime::from_naive_utc_and_offset(local - Duration::hours(7), Utc)
}

/// The date part of a form's Vietnam time.
pub fn date_of(vn: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&vn[..10], "%Y-%m-%d").expect("date")
}

/// A fair's fields as the officer's form sends them.
pub fn fair_form<'a>(
    title: &'a str,
    starts: &'a str,
    ends: &'a str,
    province: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        ("kind", "fair"),
        (
            "description",
            "Hội chợ thử, có dấu phẩy, chấm phẩy; và gạch chéo \\",
        ),
        ("starts_at", starts),
        ("ends_at", ends),
        ("province", province),
        ("commune", ""),
        ("venue", "Công viên Lưu Hữu Phước"),
        ("stream_url", ""),
        ("platform", ""),
        ("organizer", "Sở Công Thương"),
        ("host", ""),
        ("status", "open"),
    ]
}

/// An event body for the API.
pub fn event_json(
    title: &str,
    kind: &str,
    starts: &str,
    ends: &str,
    province: &str,
    status: &str,
) -> Value {
    let livestream = kind == "livestream";
    json!({
        "title": title,
        "kind": kind,
        "starts_at": starts,
        "ends_at": ends,
        "province": province,
        "venue": if livestream { Value::Null } else { json!("Nhà văn hóa") },
        "stream_url": if livestream { json!("https://live.example.vn/ocop") } else { Value::Null },
        "platform": if livestream { json!("Facebook Live") } else { Value::Null },
        "organizer": "Sở Công Thương",
        "host": if livestream { json!("MC Thu Hà") } else { Value::Null },
        "status": status,
    })
}

impl Browser {
    /// Sends a JSON request with the session's CSRF token; status and body.
    pub async fn api(
        &self,
        app: &TestApp,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1{path}", app.address))
            .header("X-CSRF-Token", &self.csrf);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Creates an event through the API; its code.
    pub async fn create_event(&self, app: &TestApp, body: &Value) -> String {
        let (status, created) = self
            .api(app, reqwest::Method::POST, "/events", Some(body))
            .await;
        assert_eq!(status, 201, "{created}");
        created["code"].as_str().expect("code").to_owned()
    }

    /// Posts an officer form with the session's token, JavaScript off; the
    /// redirect's target (with `__err=` when refused).
    pub async fn officer_form(
        &self,
        app: &TestApp,
        action: &str,
        page: &str,
        form: &[(&str, &str)],
    ) -> String {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(form);
        let response = self.post_form(app, action, page, &all).await;
        assert!(
            response.status().is_redirection(),
            "{action}: {}",
            response.status()
        );
        location(&response)
    }

    /// Posts the same form as a script does: status and JSON answer.
    pub async fn officer_script(
        &self,
        app: &TestApp,
        action: &str,
        form: &[(&str, &str)],
    ) -> (u16, Value) {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(form);
        let response = self
            .client
            .post(format!("{}/api/fn/{action}", app.address))
            .form(&all)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

/// A signed-in browser.
pub async fn signed_in(app: &TestApp, email: &str) -> Browser {
    browser(app, Some(email)).await
}

/// The HTML of the calendar cell of `day` in `html` ("" when absent).
pub fn calendar_cell(html: &str, day: NaiveDate) -> String {
    let marker = format!("data-date=\"{}\"", day.format("%Y-%m-%d"));
    let Some(at) = html.find(&marker) else {
        return String::new();
    };
    let rest = &html[at..];
    let end = rest.find("</td>").unwrap_or(rest.len());
    rest[..end].to_owned()
}
