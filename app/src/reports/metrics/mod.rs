//! The metrics of REPORTING.md, computed from an area's facts as of a date.
//!
//! Everything here is a pure function of [`AreaFacts`]: the database is read
//! once (see `load`), then every figure of every target, every quarter of the
//! trend and every commune of the drill-down is computed from the same facts,
//! so two ways of asking for one figure can never disagree. Each rule below
//! quotes the sentence of REPORTING.md it implements.

use crate::time::certification_expiry;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod facts;
mod metric;
#[cfg(test)]
mod tests;

pub use facts::{
    AreaFacts, Channel, Decision, EventFacts, ProducerFacts, ProductFacts, SalesPointFacts, Span,
};
pub use metric::Metric;

/// One metric's figure: a count, or a share with its numerator and
/// denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// The count, or the share's numerator.
    pub numerator: i64,
    /// The share's denominator; `None` for a count.
    pub denominator: Option<i64>,
}

impl Figure {
    fn count(n: usize) -> Figure {
        Figure {
            numerator: n as i64,
            denominator: None,
        }
    }

    fn share(numerator: usize, denominator: usize) -> Figure {
        Figure {
            numerator: numerator as i64,
            denominator: Some(denominator as i64),
        }
    }

    /// The value in tenths: a count times ten, or `100 * n / d` rounded
    /// half-up to one decimal; `None` for a share over zero.
    pub fn tenths(&self) -> Option<i64> {
        match self.denominator {
            None => Some(self.numerator * 10),
            Some(0) => None,
            Some(d) => Some(share_tenths(self.numerator, d)),
        }
    }

    /// The value: the count, or the share in percent with one decimal;
    /// `None` ("n/a") for a share over zero.
    pub fn value(&self) -> Option<f64> {
        match self.denominator {
            None => Some(self.numerator as f64),
            _ => self.tenths().map(|t| t as f64 / 10.0),
        }
    }
}

/// `100 * n / d` in tenths of a percent, rounded half-up (`d > 0`, `n >= 0`).
pub fn share_tenths(n: i64, d: i64) -> i64 {
    // 1000n/d rounded half-up = floor((2000n + d) / 2d), exact in integers.
    (2000 * n + d) / (2 * d)
}

/// A product's certification state at one date.
fn latest_at(decisions: &[Decision], d: NaiveDate) -> Option<&Decision> {
    decisions.iter().rev().find(|x| x.decided_on <= d)
}

/// "A product whose latest certification decided on or before D is still
/// valid at D. Its stars at D are that certification's stars."
pub fn stars_at(decisions: &[Decision], d: NaiveDate) -> Option<i16> {
    latest_at(decisions, d)
        .filter(|x| d < certification_expiry(x.decided_on))
        .map(|x| x.stars)
}

/// Whether `day` lies in the plan period `[from, d]`.
fn in_period(day: NaiveDate, from: NaiveDate, d: NaiveDate) -> bool {
    from <= day && day <= d
}

/// How a product stands on lapses: `None` when no validity of it ended
/// within `[from, d]`; else whether the last one that ended was followed by
/// a newer decision on or before `d`.
///
/// "A validity ends at `decided_on + 36 months`, unless a newer decision for
/// the product was made before that day (then it was replaced, not ended)."
pub fn lapse(decisions: &[Decision], from: NaiveDate, d: NaiveDate) -> Option<bool> {
    let mut last_ended = None;
    for (i, x) in decisions.iter().enumerate() {
        let end = certification_expiry(x.decided_on);
        // Decisions are in order, so the next one is the earliest newer one.
        let replaced = decisions
            .get(i + 1)
            .is_some_and(|next| next.decided_on < end);
        if !replaced && in_period(end, from, d) {
            last_ended = Some(i);
        }
    }
    last_ended.map(|i| decisions[i + 1..].iter().any(|x| x.decided_on <= d))
}

/// What a producer's certified products say of it at D.
#[derive(Debug, Clone, Copy, Default)]
struct ProducerState {
    /// At least one certified product: an OCOP producer.
    ocop: bool,
    /// One of them in a modern channel.
    modern: bool,
    /// One of them in the `marketplace` channel.
    marketplace: bool,
}

/// Every metric of REPORTING.md for `facts` over the period `[from, d]`,
/// indexed like [`Metric::ALL`].
pub fn compute(facts: &AreaFacts, from: NaiveDate, d: NaiveDate) -> Figures {
    let mut certified = 0;
    let mut four = 0;
    let mut five = 0;
    let mut tourism = 0;
    let mut new = 0;
    let mut new_tourism = 0;
    let mut new_four = 0;
    let mut new_five = 0;
    let mut new_with_story = 0;
    let mut three_at_start = 0;
    let mut upgraded = 0;
    let mut lapsed = 0;
    let mut recertified = 0;
    let mut ecommerce = 0;
    let mut digital = 0;
    let mut modern_distribution = 0;
    let mut export = 0;
    let mut goods = 0;
    let mut goods_traceable = 0;
    let mut producer_state = vec![ProducerState::default(); facts.producers.len()];

    for p in &facts.products {
        let decisions = &p.decisions;
        let stars = stars_at(decisions, d);
        if let Some(first) = decisions.iter().find(|x| x.decided_on <= d) {
            if in_period(first.decided_on, from, d) {
                new += 1;
                if p.group == 6 {
                    new_tourism += 1;
                }
                if p.story_chars >= 100 {
                    new_with_story += 1;
                }
            }
        }
        let first_rated = |min: i16| {
            decisions
                .iter()
                .find(|x| x.stars >= min && x.decided_on <= d)
                .is_some_and(|x| in_period(x.decided_on, from, d))
        };
        if first_rated(4) {
            new_four += 1;
        }
        if first_rated(5) {
            new_five += 1;
        }
        if stars_at(decisions, from) == Some(3) {
            three_at_start += 1;
            if decisions
                .iter()
                .any(|x| x.stars == 4 && in_period(x.decided_on, from, d))
            {
                upgraded += 1;
            }
        }
        if let Some(again) = lapse(decisions, from, d) {
            lapsed += 1;
            if again {
                recertified += 1;
            }
        }
        let Some(stars) = stars else { continue };
        certified += 1;
        match stars {
            4 => four += 1,
            5 => five += 1,
            _ => {}
        }
        if p.group == 6 {
            tourism += 1;
        } else {
            goods += 1;
            if p.traceable {
                goods_traceable += 1;
            }
        }
        let channels: Vec<Channel> = p
            .on_marketplace
            .then_some(Channel::Marketplace)
            .into_iter()
            .chain(
                p.listings
                    .iter()
                    .filter(|(_, span)| span.active_at(d))
                    .map(|(channel, _)| *channel),
            )
            .collect();
        let any = |f: fn(Channel) -> bool| channels.iter().any(|c| f(*c));
        ecommerce += usize::from(any(Channel::ecommerce));
        digital += usize::from(any(Channel::digital));
        modern_distribution += usize::from(any(Channel::modern_distribution));
        export += usize::from(any(|c| c == Channel::Export));
        let state = &mut producer_state[p.producer];
        state.ocop = true;
        state.modern |= any(Channel::modern);
        state.marketplace |= p.on_marketplace;
    }

    let ocop: Vec<(&ProducerFacts, ProducerState)> = facts
        .producers
        .iter()
        .zip(producer_state.iter().copied())
        .filter(|(_, state)| state.ocop)
        .collect();
    let producers = ocop.len();
    let of_producers = |f: &dyn Fn(&ProducerFacts, ProducerState) -> bool| {
        Figure::share(ocop.iter().filter(|(p, s)| f(p, *s)).count(), producers)
    };

    let new_sales_points = facts
        .sales_points
        .iter()
        .filter(|s| in_period(s.open.since, from, d))
        .count();
    let communes = communes_with_sales_point(facts, d);
    let events = facts
        .events
        .iter()
        .filter(|e| !e.cancelled && in_period(e.starts_on, from, d))
        .count();

    Figures([
        Figure::count(certified),
        Figure::count(four),
        Figure::count(five),
        Figure::count(tourism),
        Figure::count(new),
        Figure::count(new_tourism),
        Figure::count(new_four),
        Figure::count(new_five),
        Figure::share(upgraded, three_at_start),
        Figure::count(recertified),
        Figure::share(recertified, lapsed),
        of_producers(&|p, _| p.kind == "cooperative"),
        of_producers(&|p, _| p.kind == "sme"),
        of_producers(&|p, _| p.women_led),
        of_producers(&|p, _| p.ethnic_minority_led),
        of_producers(&|p, _| p.website),
        of_producers(&|_, s| s.modern),
        of_producers(&|p, s| s.marketplace && p.epayment),
        Figure::share(ecommerce, certified),
        Figure::share(digital, certified),
        Figure::share(modern_distribution, certified),
        Figure::share(export, certified),
        Figure::share(new_with_story, new),
        Figure::share(goods_traceable, goods),
        Figure::count(new_sales_points),
        communes,
        Figure::count(events),
    ])
}

/// "communes of A with at least one active sales point at D" over "communes
/// of A with at least one producer or sales point" (a sales point counts
/// from its opening, closed or not: a commune that lost its only sales point
/// still needs one).
fn communes_with_sales_point(facts: &AreaFacts, d: NaiveDate) -> Figure {
    use std::collections::HashSet;
    let area: HashSet<i64> = facts.communes.iter().copied().collect();
    let covered: HashSet<i64> = facts
        .sales_points
        .iter()
        .filter(|s| s.open.active_at(d))
        .map(|s| s.commune_id)
        .filter(|c| area.contains(c))
        .collect();
    let wanted: HashSet<i64> = facts
        .producers
        .iter()
        .map(|p| p.commune_id)
        .chain(
            facts
                .sales_points
                .iter()
                .filter(|s| s.open.since <= d)
                .map(|s| s.commune_id),
        )
        .filter(|c| area.contains(c))
        .collect();
    Figure::share(covered.len(), wanted.len())
}

/// The figures of every metric, in [`Metric::ALL`]'s order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures([Figure; 27]);

impl Figures {
    /// The figure of `metric`.
    pub fn get(&self, metric: Metric) -> Figure {
        let i = Metric::ALL
            .iter()
            .position(|m| *m == metric)
            .expect("every metric is in ALL");
        self.0[i]
    }

    /// Every metric with its figure.
    pub fn iter(&self) -> impl Iterator<Item = (Metric, Figure)> + '_ {
        Metric::ALL.into_iter().zip(self.0.iter().copied())
    }
}
