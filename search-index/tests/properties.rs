//! Property test of the search query path: whatever a user sends — any
//! Unicode, query syntax, control characters, very long text, any filter
//! values and page numbers — the search and the suggestions answer without
//! an error or a panic, and never more hits than the page allows.
//! `PROPTEST_CASES=100000 cargo test -p search-index --test properties` runs
//! it longer by hand; CI runs the default (256 cases).

mod common;

use common::{index_with, ProductBuilder};
use proptest::prelude::*;
use search_index::{SearchIndex, SearchQuery, Sort};
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        index_with(vec![
            ProductBuilder::new(1, "Nước mắm Phú Quốc")
                .text("cá cơm ủ chượp 12 tháng")
                .build(),
            ProductBuilder::new(2, "Mầm đậu nành")
                .group(2)
                .stars(4)
                .build(),
            ProductBuilder::new(3, "Cà phê Buôn Ma Thuột")
                .province("Đắk Lắk")
                .price(250_000)
                .build(),
            ProductBuilder::new(4, "Rượu nếp Phong Điền")
                .out_of_stock()
                .stars(5)
                .build(),
            ProductBuilder::new(5, "Trà Shan tuyết Hoà Bình")
                .province("Phú Thọ")
                .build(),
        ])
    })
}

/// Text as hostile users type it: query syntax, Vietnamese in both Unicode
/// forms, emoji, controls, and anything else.
fn hostile_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("AND".to_owned()),
        Just("OR NOT".to_owned()),
        Just("name:".to_owned()),
        Just("\"".to_owned()),
        Just("(".to_owned()),
        Just(")]}{[".to_owned()),
        Just("*?~^2".to_owned()),
        Just("nuoc mam".to_owned()),
        Just("Hoà".to_owned()),
        Just("Ho\u{0300}a".to_owned()),
        Just("mắm".to_owned()),
        Just("\u{0}\u{7}\u{1b}".to_owned()),
        Just("🐟🍵".to_owned()),
        Just("\u{202e}".to_owned()),
        "\\PC{0,20}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..12).prop_map(|p| p.join(" "))
}

proptest! {
    #[test]
    fn any_query_answers(
        q in hostile_text(),
        long in prop::option::of(Just("đặc sản ".repeat(1300))),
        group in prop::option::of(any::<u64>()),
        stars in prop::option::of(any::<u64>()),
        province in prop::option::of(hostile_text()),
        min_price in prop::option::of(any::<u64>()),
        max_price in prop::option::of(any::<u64>()),
        in_stock in prop::option::of(any::<bool>()),
        page in any::<u32>(),
        limit in any::<u32>(),
        sort in prop_oneof![Just(Sort::Relevance), Just(Sort::PriceAsc), Just(Sort::PriceDesc), Just(Sort::Stars), Just(Sort::Newest)],
    ) {
        let q = match long { Some(l) => format!("{q}{l}"), None => q };
        let query = SearchQuery {
            q: q.clone(),
            group,
            stars,
            province,
            min_price,
            max_price,
            in_stock,
            as_of_day: Some(20_500),
            facets: true,
            sort,
            page,
            limit,
        };
        let results = index().search(&query);
        prop_assert!(results.is_ok(), "{q:?}: {:?}", results.err());
        let results = results.unwrap_or_default();
        prop_assert!(results.hits.len() <= 100);
        prop_assert!(results.hits.len() as u64 <= results.total);
        let suggestions = index().suggest(&q, 8);
        prop_assert!(suggestions.is_ok(), "suggest {q:?}: {:?}", suggestions.err());
    }
}
