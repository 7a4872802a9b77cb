//! Search-as-you-type suggestions.

mod common;

use common::{index_with, ProductBuilder};
use search_index::{SearchIndex, MAX_SUGGESTIONS};

fn catalog() -> SearchIndex {
    index_with(vec![
        ProductBuilder::new(1, "Nước mắm Phú Quốc").build(),
        ProductBuilder::new(2, "Nước cốt dừa").build(),
        ProductBuilder::new(3, "Mắm tôm Thanh Hoá").build(),
        ProductBuilder::new(4, "Nước mắm").build(),
        ProductBuilder::new(5, "Trà xanh").build(),
    ])
}

fn suggested(index: &SearchIndex, prefix: &str) -> Vec<String> {
    let suggestions = index.suggest(prefix, MAX_SUGGESTIONS).unwrap();
    suggestions.into_iter().map(|s| s.name).collect()
}

#[test]
fn names_starting_with_the_prefix_come_first_alphabetically() {
    let index = catalog();

    assert_eq!(
        suggested(&index, "nuoc m"),
        ["Nước mắm", "Nước mắm Phú Quốc"]
    );
    assert_eq!(
        suggested(&index, "Nước"),
        ["Nước cốt dừa", "Nước mắm", "Nước mắm Phú Quốc"]
    );
}

#[test]
fn then_names_containing_the_words() {
    let index = catalog();

    assert_eq!(
        suggested(&index, "mam"),
        // "Mắm tôm" starts with it; the others contain the word.
        ["Mắm tôm Thanh Hoá", "Nước mắm", "Nước mắm Phú Quốc"]
    );
}

#[test]
fn a_finished_word_is_not_completed() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Trà").build(),
        ProductBuilder::new(2, "Trà xanh").build(),
        ProductBuilder::new(3, "Tràng an").build(),
    ]);

    // "Trà" has the finished word too, but does not start with "tra ".
    assert_eq!(suggested(&index, "tra "), ["Trà xanh", "Trà"]);
    assert_eq!(suggested(&index, "tra").len(), 3);
}

#[test]
fn suggestions_carry_code_and_slug_and_respect_the_limit() {
    let index = catalog();

    let suggestions = index.suggest("nuoc", 1).unwrap();
    let too_many = index.suggest("n", 100).unwrap();

    assert_eq!(suggestions.len(), 1);
    assert_eq!(suggestions[0].code, "CT-2024-0002");
    assert_eq!(suggestions[0].slug, "san-pham-2");
    assert!(too_many.len() <= MAX_SUGGESTIONS);
    assert!(index.suggest("", 8).unwrap().is_empty());
    assert!(index.suggest("nuoc", 0).unwrap().is_empty());
}

#[test]
fn a_lapsed_certification_is_not_suggested_from_its_day() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Mật ong hoa cà phê").build(),
        ProductBuilder::new(2, "Mật ong rừng U Minh")
            .lapses_on_day(20_802)
            .build(),
    ]);
    let names = |day| -> Vec<String> {
        index
            .suggest_on("mat ong", 8, day)
            .expect("suggest")
            .into_iter()
            .map(|s| s.name)
            .collect()
    };
    assert_eq!(names(Some(20_801)).len(), 2, "the day before: both");
    assert_eq!(
        names(Some(20_802)),
        ["Mật ong hoa cà phê"],
        "gone on its day"
    );
    assert_eq!(names(None).len(), 2, "no date: no check");
}
