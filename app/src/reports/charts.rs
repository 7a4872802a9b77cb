//! Charts of a plan report, drawn on the server as SVG (nothing to load, no
//! JavaScript): progress of every target, and each target's trend by
//! quarter. Each picture has a title and a description; the tables beside
//! them hold the same figures.

use super::plan::{metric_label, TargetRow, TargetStatus};
use crate::i18n::{use_locale, Locale};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

const W: f64 = 360.0;
const ROW_H: f64 = 34.0;

/// How far a target is reached, 0 to 1 (for `<=` targets: 1 when met).
fn reached(row: &TargetRow) -> f64 {
    let Some(actual) = row.actual else { return 0.0 };
    if row.status == TargetStatus::Met {
        return 1.0;
    }
    match row.op.as_str() {
        ">=" | ">" | "=" if row.target > 0.0 => (actual / row.target).clamp(0.0, 1.0),
        // An upper bound not met: over the limit.
        _ => 0.0,
    }
}

/// A number as the page shows it: one decimal and "%" for shares.
pub fn show(value: Option<f64>, share: bool, l: Locale) -> String {
    match value {
        None => l.pick("không áp dụng (n/a)", "n/a").to_owned(),
        Some(v) if share => format!("{v:.1}%"),
        Some(v) => format!("{v:.0}"),
    }
}

/// One bar per target: how much of it is reached.
#[component]
pub fn ProgressChart(targets: Vec<TargetRow>) -> AnyView {
    let l = use_locale();
    let h = ROW_H * targets.len().max(1) as f64 + 4.0;
    let met = targets
        .iter()
        .filter(|t| t.status == TargetStatus::Met)
        .count();
    let desc = match l {
        Locale::Vi => format!(
            "{met} trên {} chỉ tiêu đã đạt. Mỗi thanh là phần chỉ tiêu đã thực hiện; số liệu ở bảng bên dưới.",
            targets.len()
        ),
        Locale::En => format!(
            "{met} of {} targets met. Each bar is the part of the target reached; the figures are in the table below.",
            targets.len()
        ),
    };
    let bars = targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let y = i as f64 * ROW_H;
            let (vi, en) = metric_label(&t.metric);
            let label = l.pick(vi, en).to_owned();
            let share = t.denominator.is_some();
            let figure = format!(
                "{} / {}{}",
                show(t.actual, share, l),
                t.op.replace(">=", "≥").replace("<=", "≤"),
                if share { format!("{}%", t.target) } else { t.target.to_string() }
            );
            let class = if t.status == TargetStatus::Met { "bar met" } else { "bar behind" };
            view! {
                <g>
                    <title>{format!("{label}: {figure}")}</title>
                    <text class="label" x="0" y=format!("{:.1}", y + 11.0)>{label}</text>
                    <rect class="track" x="0" y=format!("{:.1}", y + 15.0) width=W.to_string() height="10" rx="3"/>
                    <rect class=class x="0" y=format!("{:.1}", y + 15.0) width=format!("{:.1}", W * reached(t)) height="10" rx="3"/>
                    <text class="value" x=W.to_string() y=format!("{:.1}", y + 11.0) text-anchor="end">{figure}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="report-chart progress">
            <svg viewBox=format!("0 0 {W} {h}") role="img" aria-labelledby="tien-do-tieu-de tien-do-mo-ta">
                <title id="tien-do-tieu-de">{l.pick("Tiến độ thực hiện các chỉ tiêu", "Progress against each target")}</title>
                <desc id="tien-do-mo-ta">{desc}</desc>
                {bars}
            </svg>
        </figure>
    }
    .into_any()
}

/// The quarter a quarter-end date closes ("Q1/2026"), or the day itself when
/// it is the counted-to date inside a quarter.
pub fn quarter_label(day: NaiveDate) -> String {
    let end_of_quarter = matches!(
        (day.month(), day.day()),
        (3, 31) | (6, 30) | (9, 30) | (12, 31)
    );
    if end_of_quarter {
        format!("Q{}/{}", day.month().div_ceil(3), day.year())
    } else {
        format!("{:02}/{:02}", day.day(), day.month())
    }
}

/// A target's actual value at the end of each quarter, with the target as a
/// line.
#[component]
pub fn TrendChart(row: TargetRow, quarters: Vec<NaiveDate>, id: String) -> AnyView {
    let l = use_locale();
    const H: f64 = 120.0;
    const AXIS: f64 = 18.0;
    const TOP: f64 = 14.0;
    let share = row.denominator.is_some();
    let max = row
        .trend
        .iter()
        .flatten()
        .copied()
        .fold(row.target, f64::max)
        .max(1.0);
    let plot = H - AXIS - TOP;
    let base = H - AXIS;
    let slot = W / quarters.len().max(1) as f64;
    let y_of = |v: f64| base - v / max * plot;
    let (vi, en) = metric_label(&row.metric);
    let title = l.pick(vi, en).to_owned();
    let bars = quarters
        .iter()
        .zip(row.trend.iter())
        .enumerate()
        .map(|(i, (q, v))| {
            let x = i as f64 * slot;
            let value = v.unwrap_or(0.0);
            // The picture has little room: "n/a" in both languages.
            let shown = v.map_or_else(|| "n/a".to_owned(), |_| show(*v, share, l));
            view! {
                <g>
                    <title>{format!("{}: {shown}", quarter_label(*q))}</title>
                    <rect class="bar" x=format!("{:.1}", x + slot * 0.2) y=format!("{:.1}", y_of(value))
                        width=format!("{:.1}", slot * 0.6) height=format!("{:.1}", base - y_of(value))/>
                    <text class="axis" x=format!("{:.1}", x + slot / 2.0) y=format!("{:.1}", H - 4.0) text-anchor="middle">{quarter_label(*q)}</text>
                    <text class="value" x=format!("{:.1}", x + slot / 2.0) y=format!("{:.1}", y_of(value) - 3.0) text-anchor="middle">{shown}</text>
                </g>
            }
        })
        .collect_view();
    let target_y = y_of(row.target);
    let title_id = format!("{id}-tieu-de");
    let desc_id = format!("{id}-mo-ta");
    let labelled_by = format!("{title_id} {desc_id}");
    let desc = match l {
        Locale::Vi => format!(
            "Giá trị cuối mỗi quý; đường ngang là mục tiêu {} {}.",
            row.op, row.target
        ),
        Locale::En => format!(
            "The value at the end of each quarter; the line is the target {} {}.",
            row.op, row.target
        ),
    };
    view! {
        <figure class="report-chart trend">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby=labelled_by>
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                <line class="baseline" x1="0" x2=W.to_string() y1=base.to_string() y2=base.to_string()/>
                {bars}
                <line class="target" x1="0" x2=W.to_string() y1=format!("{target_y:.1}") y2=format!("{target_y:.1}")/>
            </svg>
        </figure>
    }
    .into_any()
}
