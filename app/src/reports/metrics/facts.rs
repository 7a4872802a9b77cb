//! The facts of an area that every metric is computed from: its products
//! (with their decisions and channel listings), producers, sales points and
//! events.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A channel kind of REPORTING.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// This marketplace (derived).
    Marketplace,
    /// Another e-commerce platform.
    Ecommerce,
    /// Social-network selling.
    Social,
    /// A supermarket chain.
    Supermarket,
    /// A convenience-store chain.
    ConvenienceStore,
    /// An OCOP sales point (derived).
    SalesPoint,
    /// Export.
    Export,
    /// Traditional market, agent, wholesaler.
    Traditional,
}

impl Channel {
    /// The channel of a stored listing's `channel` column.
    pub fn from_id(id: &str) -> Option<Channel> {
        Some(match id {
            "marketplace" => Channel::Marketplace,
            "ecommerce" => Channel::Ecommerce,
            "social" => Channel::Social,
            "supermarket" => Channel::Supermarket,
            "convenience_store" => Channel::ConvenienceStore,
            "sales_point" => Channel::SalesPoint,
            "export" => Channel::Export,
            "traditional" => Channel::Traditional,
            _ => return None,
        })
    }

    /// The "modern channel" column of REPORTING.md's table.
    pub fn modern(self) -> bool {
        matches!(
            self,
            Channel::Marketplace
                | Channel::Ecommerce
                | Channel::Supermarket
                | Channel::ConvenienceStore
        )
    }

    /// The "e-commerce" column.
    pub fn ecommerce(self) -> bool {
        matches!(self, Channel::Marketplace | Channel::Ecommerce)
    }

    /// The "digital platform" column.
    pub fn digital(self) -> bool {
        matches!(
            self,
            Channel::Marketplace | Channel::Ecommerce | Channel::Social
        )
    }

    /// The "modern distribution" column.
    pub fn modern_distribution(self) -> bool {
        matches!(
            self,
            Channel::Marketplace
                | Channel::Ecommerce
                | Channel::Supermarket
                | Channel::ConvenienceStore
                | Channel::SalesPoint
        )
    }
}

/// A time span `[since, until)`; no `until` means still going.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first day.
    pub since: NaiveDate,
    /// The first day it no longer holds.
    pub until: Option<NaiveDate>,
}

impl Span {
    /// "active at D (`since <= D` and no `until`, or `until > D`)".
    pub fn active_at(&self, d: NaiveDate) -> bool {
        self.since <= d && self.until.is_none_or(|until| until > d)
    }
}

/// A certification decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// The decision date.
    pub decided_on: NaiveDate,
    /// 3, 4 or 5.
    pub stars: i16,
    /// The order decisions of one day were recorded in (the row id).
    pub seq: i64,
}

/// A product of the area, with everything a metric asks of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductFacts {
    /// Its producer (an index into [`AreaFacts::producers`]).
    pub producer: usize,
    /// Its producer's commune.
    pub commune_id: i64,
    /// Product group 1-6.
    pub group: i16,
    /// Its decisions, oldest first (by date, then by `seq`).
    pub decisions: Vec<Decision>,
    /// Declared listings and derived sales-point spans.
    pub listings: Vec<(Channel, Span)>,
    /// Published in the stall with a price (the `marketplace` channel while
    /// certified; the marketplace keeps the current state, not its history).
    pub on_marketplace: bool,
    /// Traceability information published.
    pub traceable: bool,
    /// Characters in its story.
    pub story_chars: usize,
}

/// A producer of the area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerFacts {
    /// Its commune.
    pub commune_id: i64,
    /// `cooperative`, `sme`, `household`, `coop_group` or `other`.
    pub kind: String,
    /// Led by a woman.
    pub women_led: bool,
    /// Led by an ethnic-minority person.
    pub ethnic_minority_led: bool,
    /// Has its own website.
    pub website: bool,
    /// Has an electronic payment account.
    pub epayment: bool,
}

/// A sales point of the area (by its own address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SalesPointFacts {
    /// Its commune.
    pub commune_id: i64,
    /// Opened on `since`, closed on `until`.
    pub open: Span,
}

/// An event of the area (by its own address).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventFacts {
    /// Its commune, when it has one.
    pub commune_id: Option<i64>,
    /// The day it starts in Asia/Ho_Chi_Minh.
    pub starts_on: NaiveDate,
    /// Cancelled events never count.
    pub cancelled: bool,
}

/// Everything the metrics of one area need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaFacts {
    /// The area's communes (every commune of a province, or the one commune).
    pub communes: Vec<i64>,
    /// Producers of the area.
    pub producers: Vec<ProducerFacts>,
    /// Their products.
    pub products: Vec<ProductFacts>,
    /// Sales points of the area.
    pub sales_points: Vec<SalesPointFacts>,
    /// Events of the area.
    pub events: Vec<EventFacts>,
}

impl AreaFacts {
    /// The facts of one commune of this area (for the drill-down).
    pub fn commune(&self, commune_id: i64) -> AreaFacts {
        let mut index = vec![usize::MAX; self.producers.len()];
        let mut producers = Vec::new();
        for (i, p) in self.producers.iter().enumerate() {
            if p.commune_id == commune_id {
                index[i] = producers.len();
                producers.push(p.clone());
            }
        }
        let products = self
            .products
            .iter()
            .filter(|p| p.commune_id == commune_id)
            .map(|p| ProductFacts {
                producer: index[p.producer],
                ..p.clone()
            })
            .collect();
        AreaFacts {
            communes: vec![commune_id],
            producers,
            products,
            sales_points: self
                .sales_points
                .iter()
                .filter(|s| s.commune_id == commune_id)
                .copied()
                .collect(),
            events: self
                .events
                .iter()
                .filter(|e| e.commune_id == Some(commune_id))
                .copied()
                .collect(),
        }
    }
}
