//! Tests of the metrics' rules against small hand-made areas.

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
