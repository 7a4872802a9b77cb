//! "Did you mean": the nearest spelling of a query that found nothing.
//!
//! Only asked when a search has no results at all, so it may afford to walk
//! the term dictionaries of names, producers and places (a few thousand words
//! even for 200k products) and compare each with the unknown words.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::schema::Field;
use tantivy::Searcher;

use crate::analyzer::{terms_with_positions, vietnamese_folded};
use crate::query::{Analyzed, Word};
use crate::schema::Fields;

/// Words shorter than this are not corrected: too many words are one edit
/// away from a two-letter word.
const CORRECT_FROM: usize = 3;
/// Two edits are allowed from this many letters; one below.
const TWO_EDITS_FROM: usize = 6;

/// Every term of `field` with its document frequency, over all segments.
fn terms(searcher: &Searcher, field: Field) -> HashMap<String, u64> {
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

/// What corrections are chosen from: the folded words of names, producers
/// and places with their document counts, and for each folded word its most
/// common written form. Built once per index generation and shared.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    folded: Vec<(Vec<char>, String, u64)>,
    written: HashMap<String, (String, u64)>,
}

impl Vocabulary {
    fn build(searcher: &Searcher, fields: &Fields) -> Self {
        let mut folded: HashMap<String, u64> = HashMap::new();
        let mut written: HashMap<String, (String, u64)> = HashMap::new();
        let mut fold = vietnamese_folded();
        for (unfolded_field, folded_field) in [
            (fields.name, fields.name_folded),
            (fields.producer, fields.producer_folded),
            (fields.place, fields.place_folded),
        ] {
            for (term, freq) in terms(searcher, folded_field) {
                *folded.entry(term).or_default() += freq;
            }
            for (term, freq) in terms(searcher, unfolded_field) {
                let key = terms_with_positions(&mut fold, &term)
                    .into_iter()
                    .map(|(_, word)| word)
                    .collect::<Vec<_>>()
                    .join(" ");
                let best = written.entry(key).or_insert_with(|| (term.clone(), 0));
                if freq > best.1 || (freq == best.1 && term < best.0) {
                    *best = (term, freq);
                }
            }
        }
        Self {
            folded: folded
                .into_iter()
                .map(|(term, freq)| (term.chars().collect(), term, freq))
                .collect(),
            written,
        }
    }

    /// The closest known word to `word` (folded): fewest edits, then most used.
    fn nearest(&self, word: &str) -> Option<&str> {
        let letters: Vec<char> = word.chars().collect();
        let max = if letters.len() >= TWO_EDITS_FROM {
            2
        } else {
            1
        };
        self.folded
            .iter()
            .filter_map(|(chars, term, freq)| {
                distance(&letters, chars, max).map(|d| (d, std::cmp::Reverse(*freq), term))
            })
            .min()
            .map(|(_, _, term)| term.as_str())
    }

    /// How `folded` is most often written, e.g. "mam" → "mắm".
    fn written(&self, folded: &str) -> Option<&str> {
        self.written.get(folded).map(|(term, _)| term.as_str())
    }
}

/// The vocabulary of the searcher's index generation, built on first use.
#[derive(Debug, Default)]
pub(crate) struct VocabularyCache(Mutex<Option<(u64, Arc<Vocabulary>)>>);

impl VocabularyCache {
    fn get(&self, searcher: &Searcher, fields: &Fields) -> Arc<Vocabulary> {
        let generation = searcher.generation().generation_id();
        if let Ok(slot) = self.0.lock() {
            if let Some((built_for, vocabulary)) = slot.as_ref() {
                if *built_for == generation {
                    return vocabulary.clone();
                }
            }
        }
        let vocabulary = Arc::new(Vocabulary::build(searcher, fields));
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some((generation, vocabulary.clone()));
        }
        vocabulary
    }
}

/// The query with each unknown word replaced by its nearest known word and
/// every word written as the catalog writes it, or `None` when no unknown
/// word could be corrected.
pub(crate) fn correct(
    searcher: &Searcher,
    fields: &Fields,
    cache: &VocabularyCache,
    analyzed: &Analyzed,
) -> Option<String> {
    let unknown = |w: &Word| !w.is_known() && w.folded.chars().count() >= CORRECT_FROM;
    if !analyzed.words.iter().any(unknown) {
        return None;
    }
    let vocabulary = cache.get(searcher, fields);
    let mut changed = false;
    let words: Vec<String> = analyzed
        .words
        .iter()
        .map(|word| {
            let folded = if unknown(word) {
                match vocabulary.nearest(&word.folded) {
                    Some(better) => {
                        changed = true;
                        better
                    }
                    None => return word.as_typed().to_owned(),
                }
            } else {
                // Known, but perhaps typed with stray or missing marks.
                word.folded.as_str()
            };
            vocabulary
                .written(folded)
                .map_or_else(|| folded.to_owned(), str::to_owned)
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
        let known = Vocabulary {
            folded: [("mam", 50), ("man", 70), ("nuoc", 10)]
                .into_iter()
                .map(|(t, f)| (t.chars().collect(), t.to_owned(), f))
                .collect(),
            written: HashMap::new(),
        };
        assert_eq!(known.nearest("mamm"), Some("mam"));
        assert_eq!(known.nearest("mab"), Some("man"));
        assert_eq!(known.nearest("xyz"), None);
    }
}
