//! "Did you mean": the nearest spelling of a query that found nothing.
//!
//! Only asked when a search has no results at all, so it may afford to walk
//! the term dictionaries of names, producers and places (a few thousand words
//! even for 200k products) and compare each with the unknown words.

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::Searcher;

use crate::analyzer::fold_key;
use crate::query::Analyzed;
use crate::schema::Fields;

/// Words shorter than this are not corrected: too many words are one edit
/// away from a two-letter word.
const CORRECT_FROM: usize = 3;
/// Two edits are allowed from this many letters; one below.
const TWO_EDITS_FROM: usize = 6;

/// Every term of `field` with its document frequency, over all segments.
fn vocabulary(searcher: &Searcher, field: Field) -> HashMap<String, u64> {
    let mut terms: HashMap<String, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(index) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = index.terms().stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *terms.entry(term.to_owned()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    terms
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps), or
/// `None` when it exceeds `max`.
fn distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; a.len() + 1];
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i][0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
        if rows[i].iter().min().is_some_and(|&m| m > max) {
            return None;
        }
    }
    Some(rows[a.len()][b.len()]).filter(|&d| d <= max)
}

/// The closest known word to `word` (folded): fewest edits, then most used.
fn nearest<'a>(word: &str, known: &'a HashMap<String, u64>) -> Option<&'a str> {
    let letters: Vec<char> = word.chars().collect();
    let max = if letters.len() >= TWO_EDITS_FROM {
        2
    } else {
        1
    };
    known
        .iter()
        .filter_map(|(term, freq)| {
            let chars: Vec<char> = term.chars().collect();
            distance(&letters, &chars, max).map(|d| (d, std::cmp::Reverse(*freq), term))
        })
        .min()
        .map(|(_, _, term)| term.as_str())
}

/// How `folded` is most often written with its diacritics in the unfolded
/// fields, e.g. "mam" → "mắm".
fn with_diacritics(folded: &str, written: &HashMap<String, u64>) -> Option<String> {
    written
        .iter()
        .filter(|(term, _)| fold_key(term) == folded)
        .max_by_key(|(term, freq)| (**freq, std::cmp::Reverse(term.as_str())))
        .map(|(term, _)| term.clone())
}

/// The query with each unknown word replaced by its nearest known word and
/// every word written as the catalog writes it, or `None` when no unknown
/// word could be corrected.
pub(crate) fn correct(searcher: &Searcher, fields: &Fields, analyzed: &Analyzed) -> Option<String> {
    let unknown =
        |w: &&crate::query::Word| !w.is_known() && w.folded.chars().count() >= CORRECT_FROM;
    if !analyzed.words.iter().any(|w| unknown(&w)) {
        return None;
    }
    let mut folded: HashMap<String, u64> = HashMap::new();
    let mut written: HashMap<String, u64> = HashMap::new();
    for (unfolded_field, folded_field) in [
        (fields.name, fields.name_folded),
        (fields.producer, fields.producer_folded),
        (fields.place, fields.place_folded),
    ] {
        for (term, freq) in vocabulary(searcher, folded_field) {
            *folded.entry(term).or_default() += freq;
        }
        for (term, freq) in vocabulary(searcher, unfolded_field) {
            *written.entry(term).or_default() += freq;
        }
    }
    let mut changed = false;
    let words: Vec<String> = analyzed
        .words
        .iter()
        .map(|word| {
            if !unknown(&word) {
                // Known, but perhaps typed with stray or missing marks.
                return with_diacritics(&word.folded, &written)
                    .unwrap_or_else(|| word.as_typed().to_owned());
            }
            match nearest(&word.folded, &folded) {
                Some(better) => {
                    changed = true;
                    with_diacritics(better, &written).unwrap_or_else(|| better.to_owned())
                }
                None => word.as_typed().to_owned(),
            }
        })
        .collect();
    changed.then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        distance(&a, &b, max)
    }

    #[test]
    fn distance_counts_edits_and_swaps() {
        assert_eq!(d("mam", "mam", 1), Some(0));
        assert_eq!(d("mamm", "mam", 1), Some(1));
        assert_eq!(d("logn", "long", 1), Some(1));
        assert_eq!(d("khanh", "thanh", 1), Some(1));
        assert_eq!(d("nuoc", "mam", 2), None);
        assert_eq!(d("sauriengg", "saurieng", 2), Some(1));
    }

    #[test]
    fn nearest_prefers_fewer_edits_then_more_use() {
        let known: HashMap<String, u64> = [("mam", 50), ("man", 70), ("nuoc", 10)]
            .into_iter()
            .map(|(t, f)| (t.to_owned(), f))
            .collect();
        assert_eq!(nearest("mamm", &known), Some("mam"));
        assert_eq!(nearest("mab", &known), Some("man"));
        assert_eq!(nearest("xyz", &known), None);
    }
}
