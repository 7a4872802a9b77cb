//! What a shopper asks for, and the tantivy query built from it.
//!
//! We never hand user text to tantivy's query parser: its syntax (quotes,
//! brackets, `AND`, `field:`) is not what shoppers mean, and a parse error
//! must not become an error page. The text is analyzed like the documents
//! and each word becomes a per-field disjunction, so every input is valid.

use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};
use unicode_normalization::char::is_combining_mark;

use crate::analyzer::{fold_key, terms_with_positions, vietnamese, vietnamese_folded};
use crate::schema::{truncate_at_char, Fields};

#[cfg(test)]
mod tests;
mod text;

pub(crate) use text::proximity_bonus;
use text::text_query;

/// Default page size, as in the JSON API.
pub const DEFAULT_LIMIT: u32 = 20;
/// Largest page size, as in the JSON API.
pub const MAX_LIMIT: u32 = 100;

/// Only this much of `q` is analyzed; the rest of a pasted essay is ignored.
const MAX_QUERY_BYTES: usize = 512;
/// At most this many distinct words take part in a query.
const MAX_TERMS: usize = 12;
/// Product codes are short; longer input is not tried as a code.
const MAX_CODE_BYTES: usize = 64;

/// How search results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Best match first; with no words, newest certification first.
    #[default]
    Relevance,
    /// Cheapest first.
    PriceAsc,
    /// Most expensive first.
    PriceDesc,
    /// Most stars first.
    Stars,
    /// Most recent certification decision first.
    Newest,
}

/// A product search, as the JSON API and the search page receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// Free text as typed; anything is accepted. Empty matches everything.
    pub q: String,
    /// Only this OCOP product group (1..=6).
    pub group: Option<u64>,
    /// Only this star rating (3..=5).
    pub stars: Option<u64>,
    /// Only this province, compared without case or diacritics.
    pub province: Option<String>,
    /// Lowest price in đồng, inclusive.
    pub min_price: Option<u64>,
    /// Highest price in đồng, inclusive.
    pub max_price: Option<u64>,
    /// Only products in stock (true) or out of stock (false).
    pub in_stock: Option<bool>,
    /// Only products whose certification is still valid on this day (days
    /// since 1970-01-01, today in Vietnam), so a certification that lapses
    /// leaves the results on its day without any edit. `None`: no date check.
    pub as_of_day: Option<i64>,
    /// Whether to count the matches per group, stars and province (the total
    /// is always counted).
    pub facets: bool,
    /// Result order.
    pub sort: Sort,
    /// Page number, from 1 (0 is read as 1).
    pub page: u32,
    /// Page size, clamped to 1..=100.
    pub limit: u32,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            group: None,
            stars: None,
            province: None,
            min_price: None,
            max_price: None,
            in_stock: None,
            as_of_day: None,
            facets: true,
            sort: Sort::default(),
            page: 1,
            limit: DEFAULT_LIMIT,
        }
    }
}

impl SearchQuery {
    /// A query for these words, with defaults for everything else.
    pub fn text(q: impl Into<String>) -> Self {
        Self {
            q: q.into(),
            ..Self::default()
        }
    }

    /// The page size actually used.
    pub fn effective_limit(&self) -> u32 {
        self.limit.clamp(1, MAX_LIMIT)
    }

    /// How many hits come before this page.
    pub fn offset(&self) -> usize {
        let pages_before = self.page.max(1) - 1;
        (pages_before as usize).saturating_mul(self.effective_limit() as usize)
    }
}

/// One analyzed word: as typed (diacritics kept, tones canonical) and folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    position: usize,
    unfolded: String,
    pub(crate) folded: String,
    /// Whether the folded word occurs in any product: a known word is taken
    /// as meant, an unknown one may be a typo or unfinished.
    known: bool,
    /// Whether this is the last word and the text did not end after it, so
    /// it may be a word still being typed.
    last: bool,
}

impl Word {
    /// Whether the word occurs in some product.
    pub(crate) fn is_known(&self) -> bool {
        self.known
    }

    /// The word as typed, lowercased, tones in canonical places.
    pub(crate) fn as_typed(&self) -> &str {
        &self.unfolded
    }
}

/// The words of a query, plus the raw text when it could be a product code.
#[derive(Debug, Clone, Default)]
pub(crate) struct Analyzed {
    pub words: Vec<Word>,
    code: Option<String>,
}

impl Analyzed {
    /// Analyzes `q` with the same chains as the documents.
    pub fn new(q: &str) -> Self {
        let q = truncate_at_char(q, MAX_QUERY_BYTES);
        let folded = terms_with_positions(&mut vietnamese_folded(), q);
        let mut words: Vec<Word> = Vec::new();
        // Both chains keep the same tokens at the same positions; pair them up.
        for (position, unfolded) in terms_with_positions(&mut vietnamese(), q) {
            let Some((_, folded)) = folded.iter().find(|(p, _)| *p == position) else {
                continue;
            };
            if words.len() == MAX_TERMS {
                break;
            }
            if !words.iter().any(|w| w.unfolded == unfolded) {
                words.push(Word {
                    position,
                    unfolded,
                    folded: folded.clone(),
                    known: true,
                    last: false,
                });
            }
        }
        let text_goes_on = q.ends_with(|c: char| c.is_alphanumeric() || is_combining_mark(c));
        if let Some(word) = words.last_mut().filter(|_| text_goes_on) {
            word.last = true;
        }
        let trimmed = q.trim();
        let code = (!trimmed.is_empty()
            && trimmed.len() <= MAX_CODE_BYTES
            && !trimmed.contains(char::is_whitespace))
        .then(|| trimmed.to_lowercase());
        Self { words, code }
    }

    /// Marks the words that no product contains, so only those get typo
    /// tolerance and prefix completion: a word that exists is matched as
    /// typed, which keeps "long" from also finding "song", and means a typo
    /// correction can never push down a product that has the word exactly.
    pub fn check_vocabulary(mut self, searcher: &Searcher, fields: &Fields) -> Self {
        for word in &mut self.words {
            word.known = [
                fields.name_folded,
                fields.producer_folded,
                fields.place_folded,
                fields.text_folded,
            ]
            .into_iter()
            .any(|field| {
                let term = Term::from_field_text(field, &word.folded);
                // An unreadable dictionary is no reason to fail a search.
                searcher.doc_freq(&term).map_or(true, |n| n > 0)
            });
        }
        self
    }
}

/// Whether every word must match, or any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    All,
    Any,
}
/// Filter clauses; they restrict the matches without touching the score.
fn filters(fields: &Fields, search: &SearchQuery) -> Vec<Box<dyn Query>> {
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    let exact =
        |term: Term| -> Box<dyn Query> { Box::new(TermQuery::new(term, IndexRecordOption::Basic)) };
    if let Some(group) = search.group {
        filters.push(exact(Term::from_field_u64(fields.group, group)));
    }
    if let Some(stars) = search.stars {
        filters.push(exact(Term::from_field_u64(fields.stars, stars)));
    }
    if let Some(province) = search.province.as_deref().filter(|p| !p.trim().is_empty()) {
        filters.push(exact(Term::from_field_text(
            fields.province_key,
            &fold_key(province),
        )));
    }
    if let Some(in_stock) = search.in_stock {
        filters.push(exact(Term::from_field_bool(fields.in_stock, in_stock)));
    }
    if let Some(day) = search.as_of_day {
        filters.push(valid_on(fields, day));
    }
    match (search.min_price, search.max_price) {
        (Some(min), Some(max)) if min > max => filters.push(Box::new(EmptyQuery)),
        (None, None) => {}
        (min, max) => {
            let bound = |value: Option<u64>| match value {
                Some(v) => Bound::Included(Term::from_field_u64(fields.price, v)),
                None => Bound::Unbounded,
            };
            filters.push(Box::new(RangeQuery::new(bound(min), bound(max))));
        }
    }
    filters
}

/// Products whose certification is still valid on `day` (days since 1970).
pub(crate) fn valid_on(fields: &Fields, day: i64) -> Box<dyn Query> {
    Box::new(RangeQuery::new(
        Bound::Excluded(Term::from_field_i64(fields.lapses_on, day)),
        Bound::Unbounded,
    ))
}

/// `query` restricted to products valid on `day`, without changing scores.
pub(crate) fn only_valid_on(
    fields: &Fields,
    query: Box<dyn Query>,
    day: Option<i64>,
) -> Box<dyn Query> {
    match day {
        None => query,
        Some(day) => Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(valid_on(fields, day), 0.0)) as Box<dyn Query>,
            ),
        ])),
    }
}

/// The whole query: text (or everything) restricted by the filters.
pub(crate) fn full_query(
    fields: &Fields,
    search: &SearchQuery,
    analyzed: &Analyzed,
    mode: Match,
) -> Box<dyn Query> {
    let text = text_query(fields, analyzed, mode).unwrap_or_else(|| Box::new(AllQuery));
    let filters = filters(fields, search);
    if filters.is_empty() {
        return text;
    }
    let mut clauses = vec![(Occur::Must, text)];
    for filter in filters {
        // Score 0: filters must not reorder relevance.
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(filter, 0.0)) as Box<dyn Query>,
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}
