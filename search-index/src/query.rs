//! What a shopper asks for, and the tantivy query built from it.
//!
//! We never hand user text to tantivy's query parser: its syntax (quotes,
//! brackets, `AND`, `field:`) is not what shoppers mean, and a parse error
//! must not become an error page. The text is analyzed like the documents
//! and each word becomes a per-field disjunction, so every input is valid.

use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery,
    FuzzyTermQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};
use unicode_normalization::char::is_combining_mark;

use crate::analyzer::{fold_key, terms_with_positions, vietnamese, vietnamese_folded};
use crate::schema::{truncate_at_char, Fields};
use crate::seek_union::SeekUnion;
use crate::synonyms::{filler_words, synonyms, Phrase};

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

/// Field weights: a word in the name matters most, then the producer and
/// the place, then the description and story.
const NAME_BOOST: f32 = 3.0;
const PRODUCER_BOOST: f32 = 1.5;
const PLACE_BOOST: f32 = 1.5;
const TEXT_BOOST: f32 = 0.5;
/// Extra weight when a word typed with diacritics matches them exactly, so
/// "mắm" ranks "mắm" above "mầm" while both still match. BM25's length
/// normalisation can favour a short name about 2x over a long one, and in a
/// large catalog the two words are about equally rare, so the weight must
/// exceed that (tests/vietnamese.rs fails at 1.0).
const EXACT_DIACRITICS_BOOST: f32 = 2.5;
/// Share of the other fields' scores added to the best one (DisMax), so a
/// word found in name and story beats one found in the name alone.
const TIE_BREAKER: f32 = 0.1;
/// Bonus for the words appearing together, in order, in the name.
const NAME_PHRASE_BOOST: f32 = 2.0;
/// A query equal to a product code puts that product first.
const CODE_BOOST: f32 = 20.0;
/// Score of a word found only through a typo correction or as a prefix, as a
/// share of its field's weight. Such matches score a constant (no BM25), set
/// well below what an exact word earns, so they fill in after exact matches
/// and never push them down.
const LOOSE_MATCH_WEIGHT: f32 = 0.3;
/// Score of a match through the synonym list, as a share of its field's
/// weight: a constant below what the words as typed earn.
const SYNONYM_WEIGHT: f32 = 0.8;
/// Typo tolerance starts at this many letters (edit distance 1)...
const FUZZY_ONE_FROM: usize = 4;
/// ...and allows two edits from this many.
const FUZZY_TWO_FROM: usize = 8;
/// The last word is completed as a prefix from this many letters.
const PREFIX_FROM: usize = 2;

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

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

/// Each searchable field: as typed, folded, its weight, and whether it is a
/// short field (name, producer, place) where folding, typo tolerance and
/// completion apply freely; in the long story text they would only add noise.
fn searchable(fields: &Fields) -> [(Field, Field, f32, bool); 4] {
    [
        (fields.name, fields.name_folded, NAME_BOOST, true),
        (
            fields.producer,
            fields.producer_folded,
            PRODUCER_BOOST,
            true,
        ),
        (fields.place, fields.place_folded, PLACE_BOOST, true),
        (fields.text, fields.text_folded, TEXT_BOOST, false),
    ]
}

/// Edits allowed for a word of this many letters.
fn typo_distance(letters: usize) -> u8 {
    match letters {
        n if n >= FUZZY_TWO_FROM => 2,
        n if n >= FUZZY_ONE_FROM => 1,
        _ => 0,
    }
}

/// One word over every searchable field, scored by its best field.
fn word_query(fields: &Fields, word: &Word) -> Box<dyn Query> {
    // A word typed without diacritics says nothing about which accented word
    // was meant, so it gets no exact-match bonus over the folded match.
    let typed_diacritics = word.unfolded != word.folded;
    let letters = word.folded.chars().count();
    let distance = if word.known {
        0
    } else {
        typo_distance(letters)
    };
    let complete = !word.known && word.last && letters >= PREFIX_FROM;
    let mut disjuncts = Vec::new();
    for (unfolded, folded, boost, loose) in searchable(fields) {
        if typed_diacritics && !loose {
            // In the long text, marks typed are taken as meant: "chè" must
            // not find every story that says "chế biến".
            disjuncts.push(boosted(term_query(unfolded, &word.unfolded), boost));
            continue;
        }
        disjuncts.push(boosted(term_query(folded, &word.folded), boost));
        if typed_diacritics {
            let exact = term_query(unfolded, &word.unfolded);
            disjuncts.push(boosted(exact, boost * EXACT_DIACRITICS_BOOST));
        }
        if !loose {
            continue;
        }
        let term = Term::from_field_text(folded, &word.folded);
        if distance > 0 {
            let fuzzy = Box::new(FuzzyTermQuery::new(term.clone(), distance, true));
            disjuncts.push(boosted(fuzzy, boost * LOOSE_MATCH_WEIGHT));
        }
        if complete {
            let prefix = Box::new(FuzzyTermQuery::new_prefix(term, 0, true));
            disjuncts.push(boosted(prefix, boost * LOOSE_MATCH_WEIGHT));
        }
    }
    Box::new(SeekUnion::dis_max(disjuncts, TIE_BREAKER))
}

/// A synonym phrase (folded words) over every searchable field.
fn phrase_query(fields: &Fields, phrase: &Phrase) -> Box<dyn Query> {
    // Short fields only: a synonym found somewhere in a story is weak
    // evidence, and folded story words ("che" in "chế") are noise.
    let disjuncts = searchable(fields)
        .into_iter()
        .filter(|(_, _, _, short)| *short)
        .map(|(_, folded, boost, _)| {
            let query: Box<dyn Query> = match phrase.as_slice() {
                [word] => term_query(folded, word),
                words => Box::new(PhraseQuery::new(
                    words
                        .iter()
                        .map(|word| Term::from_field_text(folded, word))
                        .collect(),
                )),
            };
            // A constant: a phrase's BM25 adds up its words and would outrank
            // the single word actually typed ("cà phê" over "cafe").
            Box::new(ConstScoreQuery::new(query, boost * SYNONYM_WEIGHT)) as Box<dyn Query>
        })
        .collect();
    Box::new(DisjunctionMaxQuery::new(disjuncts))
}

/// A part of the query and whether a match must have it.
struct Unit {
    query: Box<dyn Query>,
    /// Filler ("đặc sản", "mua") adds to the score but is never required.
    optional: bool,
}

/// The query's words grouped into units: a word alone, or the words a
/// synonym rule covers, matched as typed or as any of its alternatives.
fn unit_queries(fields: &Fields, words: &[Word]) -> Vec<Unit> {
    let folded: Vec<&str> = words.iter().map(|w| w.folded.as_str()).collect();
    let filler = filler_words(&folded);
    let mut expansions = synonyms().expand(&folded).into_iter().peekable();
    let mut units = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let Some(expansion) = expansions.next_if(|e| e.start == i) else {
            units.push(Unit {
                query: word_query(fields, &words[i]),
                optional: filler[i],
            });
            i += 1;
            continue;
        };
        let covered = &words[i..i + expansion.len];
        let as_typed: Box<dyn Query> = match covered {
            [word] => word_query(fields, word),
            _ => Box::new(BooleanQuery::new(
                covered
                    .iter()
                    .map(|word| (Occur::Must, word_query(fields, word)))
                    .collect(),
            )),
        };
        let mut alternatives = vec![as_typed];
        for phrase in &expansion.alternatives {
            alternatives.push(phrase_query(fields, phrase));
        }
        units.push(Unit {
            query: Box::new(SeekUnion::dis_max(alternatives, 0.0)),
            optional: filler[i..i + expansion.len].iter().all(|f| *f),
        });
        i += expansion.len;
    }
    units
}

/// The bonus for two neighbouring words found side by side in a name or a
/// place: "hà nội" as a place beats "hà" in one field and "nội" in another,
/// "hộp quà" in the name beats the two words apart. (Three words or more
/// also get the whole-name phrase; for two the pair is that phrase.) The
/// better of the two fields counts.
fn pair_phrases(fields: &Fields, first: &Word, second: &Word) -> Vec<Box<dyn Query>> {
    [
        (fields.name_folded, NAME_PHRASE_BOOST),
        (fields.place_folded, PLACE_BOOST),
    ]
    .into_iter()
    .map(|(field, boost)| {
        let pair = vec![
            (first.position, Term::from_field_text(field, &first.folded)),
            (
                second.position,
                Term::from_field_text(field, &second.folded),
            ),
        ];
        boosted(Box::new(PhraseQuery::new_with_offset(pair)), boost)
    })
    .collect()
}

/// The text part of a search, or `None` when `q` has no words (match all).
/// It decides what matches and scores each word; the bonus for words found
/// together is [`proximity_bonus`], added to the best candidates only.
pub(crate) fn text_query(
    fields: &Fields,
    analyzed: &Analyzed,
    mode: Match,
) -> Option<Box<dyn Query>> {
    if analyzed.words.is_empty() {
        return None;
    }
    let occur = match mode {
        Match::All => Occur::Must,
        Match::Any => Occur::Should,
    };
    let (optional, required): (Vec<Unit>, Vec<Unit>) = unit_queries(fields, &analyzed.words)
        .into_iter()
        .partition(|unit| unit.optional);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = required
        .into_iter()
        .map(|unit| (occur, unit.query))
        .collect();
    // The optional words as one clause that is cheap to ask about the
    // required words' matches (see `SeekUnion`).
    let optional: Vec<Box<dyn Query>> = optional.into_iter().map(|unit| unit.query).collect();
    if !optional.is_empty() {
        clauses.push((Occur::Should, Box::new(SeekUnion::sum(optional))));
    }
    let min_should = usize::from(mode == Match::Any);
    let words = Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses, min_should,
    ));
    Some(match &analyzed.code {
        Some(code) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, words as Box<dyn Query>),
            (
                Occur::Should,
                boosted(term_query(fields.code, code), CODE_BOOST),
            ),
        ])),
        None => words,
    })
}

/// The bonus for the query's words found together, as groups of phrase
/// queries: a group scores its best phrase, the bonus is the sum over the
/// groups. One group holds all the words in order in a name; one per
/// neighbouring pair holds the pair side by side in a name or a place. Empty
/// for a single word. It never changes what matches (a phrase's words each
/// match on their own), only the order, so the search scores it on the best
/// candidates of [`text_query`] rather than on every match: positions are
/// by far the dearest thing to read.
pub(crate) fn proximity_bonus(fields: &Fields, analyzed: &Analyzed) -> Vec<Vec<Box<dyn Query>>> {
    let words = &analyzed.words;
    let mut groups: Vec<Vec<Box<dyn Query>>> = Vec::new();
    if words.len() > 2 {
        let phrase: Vec<(usize, Term)> = words
            .iter()
            .map(|w| {
                (
                    w.position,
                    Term::from_field_text(fields.name_folded, &w.folded),
                )
            })
            .collect();
        // Slop 1 forgives one extra word in between ("nước mắm cá cơm" for "nước cá cơm").
        let phrase = Box::new(PhraseQuery::new_with_offset_and_slop(phrase, 1));
        groups.push(vec![boosted(phrase, NAME_PHRASE_BOOST)]);
    }
    for pair in words.windows(2) {
        groups.push(pair_phrases(fields, &pair[0], &pair[1]));
    }
    groups
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

#[cfg(test)]
mod tests {
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
}
