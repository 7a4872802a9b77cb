//! `/su-kien/lich?thang=YYYY-MM`: a month of public events, Monday first,
//! each event on the days it covers in Vietnam time (an event at 23:30 on
//! the 15th is on the 15th, although that is the 14th in UTC). A table on
//! wide screens; on a phone only the days with events, as a list. Plain
//! links, no JavaScript needed.

use super::EventSummary;
use crate::catalog::event_kind;
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::i18n::{use_locale, Locale};
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// A month, `2026-12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month, 1-12.
    pub month: u32,
}

impl Month {
    /// Reads `YYYY-MM`.
    pub fn parse(raw: &str) -> Option<Month> {
        let (y, m) = raw.trim().split_once('-')?;
        let (year, month) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        ((1900..=2999).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }

    /// Its first day.
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// The month after.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The month before.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `2026-12`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// "Tháng 12/2026" / "December 2026".
    pub fn title(self, l: Locale) -> String {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match l {
            Locale::Vi => format!("Tháng {}/{}", self.month, self.year),
            Locale::En => format!("{} {}", EN[(self.month as usize - 1) % 12], self.year),
        }
    }

    /// The weeks of the grid, Monday first; days outside the month are `None`.
    pub fn weeks(self) -> Vec<[Option<NaiveDate>; 7]> {
        let first = self.first();
        let last = self.next().first() - Duration::days(1);
        let mut weeks = Vec::new();
        let mut day = first - Duration::days(first.weekday().num_days_from_monday() as i64);
        while day <= last {
            let mut week = [None; 7];
            for slot in week.iter_mut() {
                if day.month() == self.month && day.year() == self.year {
                    *slot = Some(day);
                }
                day += Duration::days(1);
            }
            weeks.push(week);
        }
        weeks
    }
}

/// The Vietnam dates `e` covers (its last minute counts, an end at midnight
/// does not start a day).
pub fn days_of(e: &EventSummary) -> (NaiveDate, NaiveDate) {
    let vn = crate::time::vn_offset();
    let start = e.starts_at.with_timezone(&vn).date_naive();
    let end = (e.ends_at - Duration::seconds(1))
        .with_timezone(&vn)
        .date_naive();
    (start, end.max(start))
}

/// A month of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEvents {
    /// The month shown.
    pub month: Month,
    /// Public events on some day of it.
    pub events: Vec<EventSummary>,
}

/// The public events of month `thang` (`YYYY-MM`; this month when empty or
/// not a month).
#[server(prefix = "/api/fn", endpoint = "events_month")]
pub async fn get_month(thang: String) -> Result<MonthEvents, ServerFnError> {
    let state = crate::ssr::state()?;
    let today = crate::ssr::today_vn();
    let month = Month::parse(&thang).unwrap_or(Month {
        year: today.year(),
        month: today.month(),
    });
    let vn = crate::time::vn_offset();
    let at = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(vn).single())
            .map(|t| t.with_timezone(&chrono::Utc))
            .unwrap_or_default()
    };
    let events =
        super::queries::events_between(&state.db, at(month.first()), at(month.next().first()))
            .await
            .map_err(crate::ssr::server_error)?;
    Ok(MonthEvents { month, events })
}

const WEEKDAYS_VI: [&str; 7] = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// The calendar page.
#[component]
pub fn EventCalendarPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let thang = move || query.read().get("thang").unwrap_or_default();
    let data = Resource::new(thang, get_month);
    view! {
        <PageTitle text=l.pick("Lịch sự kiện OCOP — Chợ OCOP", "OCOP event calendar — Chợ OCOP")/>
        <Link rel="alternate" type_="text/calendar" href="/api/v1/events.ics"/>
        <section class="event-calendar" aria-labelledby="lich-su-kien">
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(m) => view! { <MonthView m/> }.into_any(),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn MonthView(m: MonthEvents) -> AnyView {
    let l = use_locale();
    let month = m.month;
    let on_day = |day: NaiveDate| -> Vec<EventSummary> {
        m.events
            .iter()
            .filter(|e| {
                let (from, to) = days_of(e);
                from <= day && day <= to
            })
            .cloned()
            .collect()
    };
    let weekdays = match l {
        Locale::Vi => WEEKDAYS_VI,
        Locale::En => WEEKDAYS_EN,
    };
    let rows = month
        .weeks()
        .into_iter()
        .map(|week| {
            let cells = week
                .into_iter()
                .map(|day| match day {
                    None => view! { <td class="outside"></td> }.into_any(),
                    Some(day) => {
                        let events = on_day(day);
                        let busy = !events.is_empty();
                        view! {
                            <td data-date=day.format("%Y-%m-%d").to_string() class:busy=busy>
                                <span class="day-no">{day.day()}</span>
                                <ul>{events.into_iter().map(|e| view! { <EventLink e day/> }).collect_view()}</ul>
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let days: Vec<(NaiveDate, Vec<EventSummary>)> = month
        .weeks()
        .into_iter()
        .flatten()
        .flatten()
        .map(|d| (d, on_day(d)))
        .filter(|(_, es)| !es.is_empty())
        .collect();
    let none = days.is_empty();
    let list = days
        .into_iter()
        .map(|(day, es)| {
            let weekday = weekdays[day.weekday().num_days_from_monday() as usize];
            view! {
                <li data-day=day.format("%Y-%m-%d").to_string()>
                    <h3>{format!("{weekday} {}", crate::time::format_date(day))}</h3>
                    <ul>{es.into_iter().map(|e| view! { <EventLink e day/> }).collect_view()}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <h1 id="lich-su-kien">{l.pick("Lịch sự kiện", "Event calendar")}" — "{month.title(l)}</h1>
        <nav class="month-nav" aria-label=l.pick("Chuyển tháng", "Change month")>
            <a rel="prev" href=format!("/su-kien/lich?thang={}", month.previous().key())>{"← "}{month.previous().title(l)}</a>
            <a rel="next" href=format!("/su-kien/lich?thang={}", month.next().key())>{month.next().title(l)}{" →"}</a>
        </nav>
        <p class="muted">
            {l.pick("Giờ Việt Nam (UTC+7). ", "Vietnam time (UTC+7). ")}
            <a href="/api/v1/events.ics">{l.pick("Thêm tất cả vào lịch của bạn (iCalendar)", "Add all to your calendar (iCalendar)")}</a>
            " · "<a href="/su-kien">{l.pick("Danh sách sự kiện", "Event list")}</a>
        </p>
        <table class="month-grid">
            <caption class="visually-hidden">{month.title(l)}</caption>
            <thead><tr>{weekdays.into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <ol class="month-list">{list}</ol>
        {none.then(|| view! { <p class="muted">{l.pick("Tháng này chưa có sự kiện nào.", "No event this month.")}</p> })}
    }
    .into_any()
}

/// An event in a calendar day: its time (on its first day; "cont." on
/// the next ones), kind and title, linked.
#[component]
fn EventLink(e: EventSummary, day: NaiveDate) -> AnyView {
    let l = use_locale();
    let time = if days_of(&e).0 == day {
        e.starts_at
            .with_timezone(&crate::time::vn_offset())
            .format("%H:%M")
            .to_string()
    } else {
        l.pick("(tiếp)", "(cont.)").to_owned()
    };
    view! {
        <li class=format!("cal-event event-{}", e.kind)>
            <a href=format!("/su-kien/{}", e.code)>
                <time datetime=e.starts_at.to_rfc3339()>{time}</time>" "
                <span class="muted">{event_kind(&e.kind, l)}</span>" "
                {e.title}
            </a>
        </li>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_starts_on_monday() {
        let m = Month::parse("2026-12").unwrap();
        let weeks = m.weeks();
        // 1 December 2026 is a Tuesday.
        assert_eq!(weeks[0][0], None);
        assert_eq!(weeks[0][1], NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(
            weeks.last().unwrap()[3],
            NaiveDate::from_ymd_opt(2026, 12, 31)
        );
        assert_eq!(m.previous().key(), "2026-11");
        assert_eq!(m.next().key(), "2027-01");
        assert_eq!(Month::parse("2026-13"), None);
    }
}
