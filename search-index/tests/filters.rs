//! Filters, facets, sorting, paging and hostile input.

mod common;

use common::{ids, index_with, search, ProductBuilder};
use search_index::{SearchIndex, SearchQuery, Sort};

fn catalog() -> SearchIndex {
    index_with(vec![
        ProductBuilder::new(1, "Nước mắm Phú Quốc")
            .province("An Giang")
            .group(1)
            .stars(5)
            .price(150_000)
            .newest(300)
            .build(),
        ProductBuilder::new(2, "Mắm cá linh")
            .province("An Giang")
            .group(1)
            .stars(3)
            .price(80_000)
            .newest(100)
            .out_of_stock()
            .build(),
        ProductBuilder::new(3, "Trà mãng cầu")
            .province("Cần Thơ")
            .group(2)
            .stars(4)
            .price(60_000)
            .newest(200)
            .build(),
        ProductBuilder::new(4, "Bánh pía sầu riêng")
            .province("Sóc Trăng")
            .group(1)
            .stars(4)
            .price(95_000)
            .newest(400)
            .build(),
    ])
}

fn query() -> SearchQuery {
    SearchQuery::default()
}

#[test]
fn an_empty_query_matches_everything_newest_first() {
    let results = search(&catalog(), &query());

    assert_eq!(results.total, 4);
    assert_eq!(ids(&results), [4, 1, 3, 2]);
    assert!(results.hits.iter().all(|hit| hit.score == 0.0));
}

#[test]
fn facets_count_the_whole_matching_set() {
    let results = search(
        &catalog(),
        &SearchQuery {
            limit: 1,
            ..query()
        },
    );

    let facets = &results.facets;
    assert_eq!(results.hits.len(), 1);
    assert_eq!(
        facets
            .group
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect::<Vec<_>>(),
        [(1, 3), (2, 1)]
    );
    assert_eq!(
        facets
            .stars
            .iter()
            .map(|(k, v)| (*k, *v))
            .collect::<Vec<_>>(),
        [(3, 1), (4, 2), (5, 1)]
    );
    assert_eq!(facets.province["An Giang"], 2);
    assert_eq!(facets.province["Cần Thơ"], 1);
    assert_eq!(facets.province["Sóc Trăng"], 1);
}

#[test]
fn facets_follow_the_words_and_filters() {
    let results = search(
        &catalog(),
        &SearchQuery {
            q: "mắm".into(),
            in_stock: Some(true),
            ..query()
        },
    );

    assert_eq!(ids(&results), [1]);
    assert_eq!(results.total, 1);
    assert_eq!(results.facets.stars.get(&5), Some(&1));
    assert_eq!(results.facets.stars.get(&3), None);
    assert_eq!(results.facets.province.len(), 1);
}

#[test]
fn each_filter_restricts_the_results() {
    let index = catalog();
    let total = |q: SearchQuery| search(&index, &q).total;

    assert_eq!(
        total(SearchQuery {
            group: Some(1),
            ..query()
        }),
        3
    );
    assert_eq!(
        total(SearchQuery {
            stars: Some(4),
            ..query()
        }),
        2
    );
    assert_eq!(
        total(SearchQuery {
            in_stock: Some(false),
            ..query()
        }),
        1
    );
    assert_eq!(
        total(SearchQuery {
            min_price: Some(90_000),
            ..query()
        }),
        2
    );
    assert_eq!(
        total(SearchQuery {
            max_price: Some(80_000),
            ..query()
        }),
        2
    );
    let band = SearchQuery {
        min_price: Some(80_000),
        max_price: Some(95_000),
        ..query()
    };
    assert_eq!(total(band), 2);
    let inverted = SearchQuery {
        min_price: Some(95_000),
        max_price: Some(80_000),
        ..query()
    };
    assert_eq!(total(inverted), 0);
    assert_eq!(
        total(SearchQuery {
            group: Some(1),
            stars: Some(4),
            ..query()
        }),
        1
    );
}

#[test]
fn the_province_filter_ignores_case_and_diacritics() {
    let index = catalog();
    for province in ["Cần Thơ", "can tho", "CẦN THƠ", " Cần  Thơ "] {
        let results = search(
            &index,
            &SearchQuery {
                province: Some(province.into()),
                ..query()
            },
        );
        assert_eq!(ids(&results), [3], "{province:?}");
    }
    let blank = SearchQuery {
        province: Some(" ".into()),
        ..query()
    };
    assert_eq!(search(&index, &blank).total, 4);
    let unknown = SearchQuery {
        province: Some("Hà Nội".into()),
        ..query()
    };
    assert_eq!(search(&index, &unknown).total, 0);
}

#[test]
fn sorts_order_the_hits() {
    let index = catalog();
    let sorted = |sort| ids(&search(&index, &SearchQuery { sort, ..query() }));

    assert_eq!(sorted(Sort::PriceAsc), [3, 2, 4, 1]);
    assert_eq!(sorted(Sort::PriceDesc), [1, 4, 2, 3]);
    assert_eq!(sorted(Sort::Stars)[0], 1);
    assert_eq!(sorted(Sort::Stars)[3], 2);
    assert_eq!(sorted(Sort::Newest), [4, 1, 3, 2]);
}

#[test]
fn a_sort_keeps_relevance_scores_and_the_word_filter() {
    let results = search(
        &catalog(),
        &SearchQuery {
            q: "mam".into(),
            sort: Sort::PriceAsc,
            ..query()
        },
    );

    assert_eq!(ids(&results), [2, 1]);
    assert!(results.hits.iter().all(|hit| hit.score > 0.0));
}

#[test]
fn pages_split_the_results() {
    let index = catalog();
    let page = |page| {
        ids(&search(
            &index,
            &SearchQuery {
                page,
                limit: 3,
                ..query()
            },
        ))
    };

    assert_eq!(page(1), [4, 1, 3]);
    assert_eq!(page(2), [2]);
    assert!(page(3).is_empty());
    assert_eq!(page(0), page(1));
    let far = search(
        &index,
        &SearchQuery {
            page: u32::MAX,
            limit: 100,
            ..query()
        },
    );
    assert!(far.hits.is_empty());
    assert_eq!(far.total, 4);
}

#[test]
fn missing_words_relax_to_any_word() {
    let results = search(&catalog(), &SearchQuery::text("mắm xyzzy"));

    assert!(results.relaxed);
    assert_eq!(results.total, 2);
}

#[test]
fn hits_carry_the_stored_fields() {
    let results = search(&catalog(), &SearchQuery::text("trà"));

    let hit = &results.hits[0];
    assert_eq!(hit.id, 3);
    assert_eq!(hit.code, "CT-2024-0003");
    assert_eq!(hit.slug, "san-pham-3");
    assert_eq!(hit.name, "Trà mãng cầu");
    assert_eq!(hit.producer, "HTX Nông nghiệp Phong Điền");
    assert_eq!(hit.province, "Cần Thơ");
    assert_eq!((hit.stars, hit.price_vnd, hit.in_stock), (4, 60_000, true));
    assert_eq!(hit.thumbnail, None);
}

#[test]
fn hostile_input_never_fails() {
    let index = catalog();
    let long = "nước mắm (\"".repeat(1_000);
    assert!(long.len() > 10_000);
    let inputs = [
        "\"((",
        "name:x AND",
        "AND OR NOT",
        "a:b:c [1 TO 2] {x} ~2 ^3 *",
        "\u{0}\u{7}\u{1b}[31m",
        "🍯🌶️👨‍👩‍👧",
        "\u{301}\u{301}\u{323}",
        "-",
        "'; DROP TABLE products; --",
        &long,
    ];
    for input in inputs {
        let results = index.search(&SearchQuery::text(input));
        assert!(results.is_ok(), "{input:?}: {results:?}");
        assert!(index.suggest(input, 8).is_ok(), "suggest {input:?}");
    }
}

#[test]
fn a_certification_leaves_the_results_on_the_day_it_lapses() {
    // 2026-12-15 is day 20,802; product 2 lapses that day.
    let index = index_with(vec![
        ProductBuilder::new(1, "Mật ong hoa cà phê").build(),
        ProductBuilder::new(2, "Mật ong rừng U Minh")
            .lapses_on_day(20_802)
            .build(),
    ]);
    let on = |day: Option<i64>| SearchQuery {
        as_of_day: day,
        ..SearchQuery::text("mat ong")
    };
    let sorted = |day| {
        let mut found = ids(&index.search(&on(day)).expect("search"));
        found.sort();
        found
    };
    assert_eq!(sorted(Some(20_801)), [1, 2], "the day before: both");
    let today = index.search(&on(Some(20_802))).expect("search");
    assert_eq!(ids(&today), [1], "gone on its day, with no edit");
    assert_eq!(today.total, 1, "and from the count");
    assert_eq!(sorted(None), [1, 2], "no date given: no date check");
}

#[test]
fn facet_values_are_counted_only_when_asked_and_the_total_always() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Trà xanh").group(2).stars(4).build(),
        ProductBuilder::new(2, "Trà sen").group(2).stars(5).build(),
    ]);
    let with = search(&index, &SearchQuery::text("tra"));
    assert_eq!(with.total, 2);
    assert_eq!(with.facets.group.get(&2), Some(&2));
    assert_eq!(with.facets.stars.len(), 2);
    let without = search(
        &index,
        &SearchQuery {
            facets: false,
            ..SearchQuery::text("tra")
        },
    );
    assert_eq!(without.total, 2);
    assert!(without.facets.group.is_empty() && without.facets.province.is_empty());
    assert_eq!(ids(&without), ids(&with));
}
