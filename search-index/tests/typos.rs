//! How search forgives: typos, unfinished words, synonyms, filler words, and
//! the nearest spelling when nothing matched; and the small quality nudge.

mod common;

use common::{ids, index_with, names, search, ProductBuilder};
use search_index::SearchQuery;

fn fish_sauce_and_friends() -> search_index::SearchIndex {
    index_with(vec![
        ProductBuilder::new(1, "Nước mắm Phú Quốc").build(),
        ProductBuilder::new(2, "Thanh long Bình Thuận").build(),
        ProductBuilder::new(3, "Mây tre Sông Cầu").build(),
        ProductBuilder::new(4, "Mật ong rừng").build(),
        ProductBuilder::new(5, "Nấm Đông trùng Hạ thảo Cordyceps").build(),
        ProductBuilder::new(6, "Cà phê Cầu Đất").build(),
    ])
}

#[test]
fn one_typo_from_four_letters_is_forgiven() {
    let index = fish_sauce_and_friends();
    assert_eq!(ids(&search(&index, &SearchQuery::text("nuoc mamm"))), [1]);
    // Two letters swapped count as one edit.
    assert_eq!(ids(&search(&index, &SearchQuery::text("thanh logn"))), [2]);
}

#[test]
fn two_typos_need_eight_letters() {
    let index = fish_sauce_and_friends();
    // "cordicep" (8 letters): y→i and a missing s.
    assert_eq!(ids(&search(&index, &SearchQuery::text("cordicep"))), [5]);
    // "cordcep" (7 letters) is two edits away: too far to match...
    let far = search(&index, &SearchQuery::text("cordcep"));
    assert_eq!(far.total, 0);
    // ...but close enough to be offered as a spelling.
    assert_eq!(far.did_you_mean.as_deref(), Some("cordyceps"));
}

#[test]
fn a_word_that_exists_is_taken_as_meant() {
    let index = fish_sauce_and_friends();
    // "long" is a word of the catalog: it does not also find "Sông" (one
    // letter away), which fuzzy matching of every word would.
    assert_eq!(ids(&search(&index, &SearchQuery::text("long"))), [2]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("song"))), [3]);
}

#[test]
fn typo_matches_never_outrank_exact_ones() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Nước mắm cá cơm").build(),
        ProductBuilder::new(2, "Nước chấm")
            .text("Vị mamm đặc trưng của vùng biển.")
            .build(),
    ]);
    // "mamm" is a word of one product: taken as meant, no correction.
    assert_eq!(ids(&search(&index, &SearchQuery::text("mamm"))), [2]);
    // Without that product, the same letters are a typo of "mắm".
    let index = index_with(vec![ProductBuilder::new(1, "Nước mắm cá cơm").build()]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("mamm"))), [1]);
}

#[test]
fn the_last_word_is_completed_while_typing() {
    let index = fish_sauce_and_friends();
    assert_eq!(ids(&search(&index, &SearchQuery::text("mat on"))), [4]);
    // A space after it says the word is finished: only "mat" matches now.
    assert!(search(&index, &SearchQuery::text("mat on ")).relaxed);
}

#[test]
fn synonyms_find_the_other_name_ranked_after_the_words_typed() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Cà phê Cầu Đất").build(),
        ProductBuilder::new(2, "Cafe muối Huế").build(),
        ProductBuilder::new(3, "Mật ong rừng").build(),
        ProductBuilder::new(4, "Chè Tân Cương").build(),
    ]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("cafe"))), [2, 1]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("ca phe"))), [1, 2]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("honey"))), [3]);
    assert_eq!(
        ids(&search(&index, &SearchQuery::text("tra tan cuong"))),
        [4]
    );
}

#[test]
fn filler_words_are_not_required() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Bưởi Năm Roi")
            .province("Cần Thơ")
            .build(),
        ProductBuilder::new(2, "Bánh pía")
            .province("Cần Thơ")
            .text("Đặc sản miền Tây.")
            .build(),
        ProductBuilder::new(3, "Chè Tân Cương")
            .province("Thái Nguyên")
            .build(),
    ]);
    let results = search(&index, &SearchQuery::text("dac san can tho"));
    // Both Cần Thơ products, the one that says "đặc sản" first.
    assert_eq!(ids(&results), [2, 1]);
    assert!(!results.relaxed);
}

#[test]
fn stars_and_stock_nudge_equal_matches() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Gạo ST25").stars(3).build(),
        ProductBuilder::new(2, "Gạo ST25").stars(5).build(),
        ProductBuilder::new(3, "Gạo ST25")
            .stars(5)
            .out_of_stock()
            .build(),
    ]);
    assert_eq!(
        ids(&search(&index, &SearchQuery::text("gao st25"))),
        [2, 1, 3]
    );
}

#[test]
fn a_better_match_beats_a_better_product() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Gạo ST25 hộp quà").stars(3).build(),
        ProductBuilder::new(2, "Gạo nếp").stars(5).build(),
    ]);
    assert_eq!(
        names(&search(&index, &SearchQuery::text("gao st25"))),
        ["Gạo ST25 hộp quà"]
    );
    let results = search(&index, &SearchQuery::text("gạo hộp quà"));
    assert_eq!(ids(&results), [1]);
}

#[test]
fn nothing_found_offers_the_nearest_spelling_with_diacritics() {
    let index = fish_sauce_and_friends();
    let results = search(&index, &SearchQuery::text("nươc mxm"));
    assert!(results.relaxed, "only nước matched");
    assert_eq!(results.did_you_mean.as_deref(), Some("nước mắm"));
    let nothing = search(&index, &SearchQuery::text("mxm"));
    assert_eq!(nothing.total, 0);
    assert_eq!(nothing.did_you_mean.as_deref(), Some("mắm"));
    // Found something: no spelling offered.
    let found = search(&index, &SearchQuery::text("nuoc mam"));
    assert_eq!(found.did_you_mean, None);
}
