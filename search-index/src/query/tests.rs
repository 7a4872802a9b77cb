//! Tests of how a query is read: its words, their cap, and paging.

use super::*;

#[test]
fn words_pair_unfolded_and_folded_and_drop_duplicates() {
    let analyzed = Analyzed::new("Nước mắm NƯỚC (mắm)");
    let pairs: Vec<_> = analyzed
        .words
        .iter()
        .map(|w| (w.unfolded.as_str(), w.folded.as_str()))
        .collect();
    assert_eq!(pairs, [("nước", "nuoc"), ("mắm", "mam")]);
}

#[test]
fn long_queries_are_capped() {
    let q = "trà ".repeat(3000) + &(0..100).map(|i| format!("w{i} ")).collect::<String>();
    let analyzed = Analyzed::new(&q);
    assert!(analyzed.words.len() <= MAX_TERMS);
    assert!(analyzed.code.is_none());
}

#[test]
fn paging_is_clamped() {
    let mut query = SearchQuery {
        page: 0,
        limit: 0,
        ..SearchQuery::default()
    };
    assert_eq!((query.offset(), query.effective_limit()), (0, 1));
    query.page = 3;
    query.limit = 1000;
    assert_eq!((query.offset(), query.effective_limit()), (200, 100));
}
