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

/// A metric of REPORTING.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Certified products at D.
    CertifiedProducts,
    /// Certified products with 4 stars at D.
    FourStarProducts,
    /// Certified products with 5 stars at D.
    FiveStarProducts,
    /// Certified products of group 6.
    TourismServiceProducts,
    /// Products first certified within the plan period.
    NewCertifiedProducts,
    /// The same, group 6 only.
    NewTourismServiceProducts,
    /// Products first rated at least 4 stars within the period.
    NewFourStarProducts,
    /// Products first rated 5 stars within the period.
    NewFiveStarProducts,
    /// Share of 3-star products at the period's start upgraded to 4 stars.
    UpgradedThreeToFourPct,
    /// Lapsed products certified again.
    ExpiredRecertified,
    /// Share of lapsed products certified again.
    ExpiredRecertifiedPct,
    /// Share of OCOP producers that are cooperatives.
    ProducersCooperativePct,
    /// Share of OCOP producers that are small and medium enterprises.
    ProducersSmePct,
    /// Share of OCOP producers led by women.
    ProducersWomenLedPct,
    /// Share of OCOP producers led by an ethnic-minority person.
    ProducersEthnicMinorityPct,
    /// Share of OCOP producers with their own website.
    ProducersWithWebsitePct,
    /// Share of OCOP producers with a certified product in a modern channel.
    ProducersInModernChannelsPct,
    /// Share of OCOP producers on this marketplace with an e-payment account.
    ProducersWithStallAndEpaymentPct,
    /// Share of certified products on e-commerce.
    ProductsOnEcommercePct,
    /// Share of certified products on digital platforms.
    ProductsOnDigitalPlatformsPct,
    /// Share of certified products in modern distribution.
    ProductsInModernDistributionPct,
    /// Share of certified products exported.
    ProductsExportPct,
    /// Share of new certified products with a story of 100 characters.
    NewProductsWithStoryPct,
    /// Share of certified goods (groups 1-5) with traceability published.
    AgriProductsTraceablePct,
    /// Sales points opened within the period.
    NewSalesPoints,
    /// Share of communes (with a producer or a sales point) that have an
    /// active sales point.
    CommunesWithSalesPointPct,
    /// Trade-promotion events starting within the period, not cancelled.
    TradePromotionEvents,
}

impl Metric {
    /// Every metric, in REPORTING.md's order.
    pub const ALL: [Metric; 27] = [
        Metric::CertifiedProducts,
        Metric::FourStarProducts,
        Metric::FiveStarProducts,
        Metric::TourismServiceProducts,
        Metric::NewCertifiedProducts,
        Metric::NewTourismServiceProducts,
        Metric::NewFourStarProducts,
        Metric::NewFiveStarProducts,
        Metric::UpgradedThreeToFourPct,
        Metric::ExpiredRecertified,
        Metric::ExpiredRecertifiedPct,
        Metric::ProducersCooperativePct,
        Metric::ProducersSmePct,
        Metric::ProducersWomenLedPct,
        Metric::ProducersEthnicMinorityPct,
        Metric::ProducersWithWebsitePct,
        Metric::ProducersInModernChannelsPct,
        Metric::ProducersWithStallAndEpaymentPct,
        Metric::ProductsOnEcommercePct,
        Metric::ProductsOnDigitalPlatformsPct,
        Metric::ProductsInModernDistributionPct,
        Metric::ProductsExportPct,
        Metric::NewProductsWithStoryPct,
        Metric::AgriProductsTraceablePct,
        Metric::NewSalesPoints,
        Metric::CommunesWithSalesPointPct,
        Metric::TradePromotionEvents,
    ];

    /// The id used in plan files and the API.
    pub fn id(self) -> &'static str {
        match self {
            Metric::CertifiedProducts => "certified_products",
            Metric::FourStarProducts => "four_star_products",
            Metric::FiveStarProducts => "five_star_products",
            Metric::TourismServiceProducts => "tourism_service_products",
            Metric::NewCertifiedProducts => "new_certified_products",
            Metric::NewTourismServiceProducts => "new_tourism_service_products",
            Metric::NewFourStarProducts => "new_four_star_products",
            Metric::NewFiveStarProducts => "new_five_star_products",
            Metric::UpgradedThreeToFourPct => "upgraded_three_to_four_pct",
            Metric::ExpiredRecertified => "expired_recertified",
            Metric::ExpiredRecertifiedPct => "expired_recertified_pct",
            Metric::ProducersCooperativePct => "producers_cooperative_pct",
            Metric::ProducersSmePct => "producers_sme_pct",
            Metric::ProducersWomenLedPct => "producers_women_led_pct",
            Metric::ProducersEthnicMinorityPct => "producers_ethnic_minority_pct",
            Metric::ProducersWithWebsitePct => "producers_with_website_pct",
            Metric::ProducersInModernChannelsPct => "producers_in_modern_channels_pct",
            Metric::ProducersWithStallAndEpaymentPct => "producers_with_stall_and_epayment_pct",
            Metric::ProductsOnEcommercePct => "products_on_ecommerce_pct",
            Metric::ProductsOnDigitalPlatformsPct => "products_on_digital_platforms_pct",
            Metric::ProductsInModernDistributionPct => "products_in_modern_distribution_pct",
            Metric::ProductsExportPct => "products_export_pct",
            Metric::NewProductsWithStoryPct => "new_products_with_story_pct",
            Metric::AgriProductsTraceablePct => "agri_products_traceable_pct",
            Metric::NewSalesPoints => "new_sales_points",
            Metric::CommunesWithSalesPointPct => "communes_with_sales_point_pct",
            Metric::TradePromotionEvents => "trade_promotion_events",
        }
    }

    /// The metric named `id`, if REPORTING.md defines it.
    pub fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id() == id)
    }

    /// Whether the metric is a share (percentage) rather than a count.
    pub fn is_share(self) -> bool {
        self.id().ends_with("_pct")
    }

    /// What the metric counts, in Vietnamese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Metric::CertifiedProducts => ("Sản phẩm OCOP còn hiệu lực", "Certified products"),
            Metric::FourStarProducts => ("Sản phẩm 4 sao", "4-star products"),
            Metric::FiveStarProducts => ("Sản phẩm 5 sao", "5-star products"),
            Metric::TourismServiceProducts => {
                ("Sản phẩm dịch vụ du lịch", "Tourism-service products")
            }
            Metric::NewCertifiedProducts => ("Sản phẩm công nhận mới", "Newly certified products"),
            Metric::NewTourismServiceProducts => (
                "Sản phẩm du lịch công nhận mới",
                "Newly certified tourism services",
            ),
            Metric::NewFourStarProducts => ("Sản phẩm mới đạt 4 sao", "New 4-star products"),
            Metric::NewFiveStarProducts => ("Sản phẩm mới đạt 5 sao", "New 5-star products"),
            Metric::UpgradedThreeToFourPct => (
                "Tỷ lệ sản phẩm thăng hạng 3 lên 4 sao",
                "Share upgraded from 3 to 4 stars",
            ),
            Metric::ExpiredRecertified => (
                "Sản phẩm hết hạn được tái công nhận",
                "Lapsed products recertified",
            ),
            Metric::ExpiredRecertifiedPct => (
                "Tỷ lệ sản phẩm hết hạn được tái công nhận",
                "Share of lapsed products recertified",
            ),
            Metric::ProducersCooperativePct => {
                ("Tỷ lệ chủ thể là hợp tác xã", "Share of cooperatives")
            }
            Metric::ProducersSmePct => {
                ("Tỷ lệ chủ thể là doanh nghiệp nhỏ và vừa", "Share of SMEs")
            }
            Metric::ProducersWomenLedPct => {
                ("Tỷ lệ chủ thể do phụ nữ làm chủ", "Share led by women")
            }
            Metric::ProducersEthnicMinorityPct => (
                "Tỷ lệ chủ thể do người dân tộc thiểu số làm chủ",
                "Share led by ethnic minorities",
            ),
            Metric::ProducersWithWebsitePct => ("Tỷ lệ chủ thể có website", "Share with a website"),
            Metric::ProducersInModernChannelsPct => (
                "Tỷ lệ chủ thể có sản phẩm ở kênh hiện đại",
                "Share of producers in modern channels",
            ),
            Metric::ProducersWithStallAndEpaymentPct => (
                "Tỷ lệ chủ thể có gian hàng và thanh toán điện tử",
                "Share with a stall and e-payment",
            ),
            Metric::ProductsOnEcommercePct => (
                "Tỷ lệ sản phẩm trên sàn thương mại điện tử",
                "Share of products on e-commerce",
            ),
            Metric::ProductsOnDigitalPlatformsPct => (
                "Tỷ lệ sản phẩm trên nền tảng số",
                "Share of products on digital platforms",
            ),
            Metric::ProductsInModernDistributionPct => (
                "Tỷ lệ sản phẩm ở kênh phân phối hiện đại",
                "Share of products in modern distribution",
            ),
            Metric::ProductsExportPct => ("Tỷ lệ sản phẩm xuất khẩu", "Share of products exported"),
            Metric::NewProductsWithStoryPct => (
                "Tỷ lệ sản phẩm mới có câu chuyện",
                "Share of new products with a story",
            ),
            Metric::AgriProductsTraceablePct => (
                "Tỷ lệ sản phẩm nông sản có truy xuất nguồn gốc",
                "Share of goods with traceability",
            ),
            Metric::NewSalesPoints => ("Điểm bán OCOP mở mới", "New OCOP sales points"),
            Metric::CommunesWithSalesPointPct => (
                "Tỷ lệ xã, phường có điểm bán OCOP",
                "Share of communes with a sales point",
            ),
            Metric::TradePromotionEvents => {
                ("Hoạt động xúc tiến thương mại", "Trade-promotion events")
            }
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn decision(on: &str, stars: i16) -> Decision {
        Decision {
            decided_on: day(on),
            stars,
            seq: 0,
        }
    }

    fn producer(kind: &str) -> ProducerFacts {
        ProducerFacts {
            commune_id: 1,
            kind: kind.into(),
            women_led: false,
            ethnic_minority_led: false,
            website: false,
            epayment: false,
        }
    }

    fn product(decisions: Vec<Decision>) -> ProductFacts {
        ProductFacts {
            producer: 0,
            commune_id: 1,
            group: 1,
            decisions,
            listings: vec![],
            on_marketplace: false,
            traceable: false,
            story_chars: 0,
        }
    }

    fn facts(products: Vec<ProductFacts>) -> AreaFacts {
        AreaFacts {
            communes: vec![1, 2, 3],
            producers: vec![producer("cooperative")],
            products,
            ..AreaFacts::default()
        }
    }

    const FROM: &str = "2026-01-01";

    #[test]
    fn shares_round_half_up_to_one_decimal() {
        assert_eq!(share_tenths(1, 3), 333); // 33.33 → 33.3
        assert_eq!(share_tenths(2, 3), 667); // 66.67 → 66.7
        assert_eq!(share_tenths(1, 8), 125); // 12.5 exactly
        assert_eq!(share_tenths(1, 16), 63); // 6.25 → 6.3 (half up)
        assert_eq!(share_tenths(1, 2000), 1); // 0.05 → 0.1
        assert_eq!(share_tenths(1, 2001), 0); // 0.0499… → 0.0
        assert_eq!(Figure::share(0, 0).value(), None);
        assert_eq!(Figure::share(3, 3).value(), Some(100.0));
    }

    #[test]
    fn a_certification_lapses_on_its_expiry_day() {
        let decisions = [decision("2023-11-24", 4)];
        assert_eq!(stars_at(&decisions, day("2026-11-23")), Some(4));
        assert_eq!(stars_at(&decisions, day("2026-11-24")), None);
        // Not yet decided.
        assert_eq!(stars_at(&decisions, day("2023-11-23")), None);
    }

    #[test]
    fn lapse_today_counts_and_renewal_before_expiry_replaces() {
        let d = day("2026-11-24");
        let from = day(FROM);
        // Ended today: lapsed, not recertified.
        assert_eq!(lapse(&[decision("2023-11-24", 3)], from, d), Some(false));
        // Ends tomorrow: not lapsed yet.
        assert_eq!(lapse(&[decision("2023-11-25", 3)], from, d), None);
        // Renewed before expiry: replaced, never lapsed.
        assert_eq!(
            lapse(
                &[decision("2023-03-01", 3), decision("2026-02-01", 3)],
                from,
                d
            ),
            None
        );
        // Renewed on the expiry day: lapsed, then recertified.
        assert_eq!(
            lapse(
                &[decision("2023-03-01", 3), decision("2026-03-01", 4)],
                from,
                d
            ),
            Some(true)
        );
        // Renewed after D: lapsed, not (yet) recertified.
        assert_eq!(
            lapse(
                &[decision("2023-03-01", 3), decision("2026-12-01", 4)],
                from,
                d
            ),
            Some(false)
        );
        // Ended before the period: not a lapse of this period.
        assert_eq!(lapse(&[decision("2022-06-01", 3)], from, d), None);
    }

    #[test]
    fn new_and_upgraded_products_follow_their_first_decisions() {
        let d = day("2026-11-24");
        let f = facts(vec![
            // New this period, 3 stars.
            product(vec![decision("2026-02-01", 3)]),
            // Old 3-star upgraded to 4 in the period.
            product(vec![decision("2024-05-01", 3), decision("2026-05-01", 4)]),
            // Old 3-star upgraded straight to 5: not "3 to 4", but a new 4+ and 5.
            product(vec![decision("2024-05-01", 3), decision("2026-06-01", 5)]),
            // Old 4-star renewed as 4: not new at 4 stars.
            product(vec![decision("2023-05-01", 4), decision("2026-04-01", 4)]),
            // Decided after D: nothing yet.
            product(vec![decision("2026-12-01", 5)]),
        ]);
        let figures = compute(&f, day(FROM), d);
        assert_eq!(figures.get(Metric::NewCertifiedProducts).numerator, 1);
        assert_eq!(figures.get(Metric::NewFourStarProducts).numerator, 2);
        assert_eq!(figures.get(Metric::NewFiveStarProducts).numerator, 1);
        assert_eq!(
            figures.get(Metric::UpgradedThreeToFourPct),
            Figure::share(1, 2)
        );
        assert_eq!(figures.get(Metric::CertifiedProducts).numerator, 4);
        assert_eq!(figures.get(Metric::FourStarProducts).numerator, 2);
        assert_eq!(figures.get(Metric::FiveStarProducts).numerator, 1);
    }

    #[test]
    fn channels_count_only_active_listings_of_certified_products() {
        let d = day("2026-11-24");
        let span = |since: &str, until: Option<&str>| Span {
            since: day(since),
            until: until.map(day),
        };
        let mut social = product(vec![decision("2025-01-01", 3)]);
        social.listings = vec![(Channel::Social, span("2025-01-01", None))];
        let mut ended = product(vec![decision("2025-01-01", 3)]);
        ended.listings = vec![(Channel::Ecommerce, span("2025-01-01", Some("2026-11-24")))];
        let mut stall = product(vec![decision("2025-01-01", 3)]);
        stall.on_marketplace = true;
        let mut lapsed = product(vec![decision("2022-01-01", 3)]);
        lapsed.listings = vec![(Channel::Export, span("2022-01-01", None))];
        let figures = compute(&facts(vec![social, ended, stall, lapsed]), day(FROM), d);
        assert_eq!(figures.get(Metric::CertifiedProducts).numerator, 3);
        assert_eq!(
            figures.get(Metric::ProductsOnEcommercePct),
            Figure::share(1, 3)
        );
        assert_eq!(
            figures.get(Metric::ProductsOnDigitalPlatformsPct),
            Figure::share(2, 3)
        );
        assert_eq!(figures.get(Metric::ProductsExportPct), Figure::share(0, 3));
        assert_eq!(
            figures.get(Metric::ProducersInModernChannelsPct),
            Figure::share(1, 1)
        );
        // The only producer has no e-payment account.
        assert_eq!(
            figures.get(Metric::ProducersWithStallAndEpaymentPct),
            Figure::share(0, 1)
        );
    }

    #[test]
    fn zero_denominators_are_null_not_zero() {
        let empty = AreaFacts {
            communes: vec![1, 2, 3],
            ..AreaFacts::default()
        };
        let figures = compute(&empty, day(FROM), day("2026-11-24"));
        for metric in Metric::ALL {
            let figure = figures.get(metric);
            if metric.is_share() {
                assert_eq!(figure.value(), None, "{}", metric.id());
            } else {
                assert_eq!(figure.value(), Some(0.0), "{}", metric.id());
            }
        }
    }

    #[test]
    fn communes_count_active_sales_points_over_communes_with_anything() {
        let d = day("2026-11-24");
        let mut f = facts(vec![]);
        f.sales_points = vec![
            SalesPointFacts {
                commune_id: 1,
                open: Span {
                    since: day("2025-01-01"),
                    until: None,
                },
            },
            // Closed today: no longer active, but its commune still counts.
            SalesPointFacts {
                commune_id: 2,
                open: Span {
                    since: day("2026-02-01"),
                    until: Some(d),
                },
            },
        ];
        let figures = compute(&f, day(FROM), d);
        assert_eq!(
            figures.get(Metric::CommunesWithSalesPointPct),
            Figure::share(1, 2)
        );
        assert_eq!(figures.get(Metric::NewSalesPoints).numerator, 1);
    }

    #[test]
    fn every_metric_id_round_trips() {
        for metric in Metric::ALL {
            assert_eq!(Metric::from_id(metric.id()), Some(metric));
        }
    }
}
