//! Search-as-you-type: product names for what has been typed so far.

use std::collections::HashSet;
use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByString};
use tantivy::collector::TopDocs;
use tantivy::query::{EmptyQuery, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Order, TantivyDocument, Term};

use unicode_normalization::char::is_combining_mark;

use crate::analyzer::{fold_key, terms_with_positions, vietnamese_folded};
use crate::error::Result;
use crate::index::SearchIndex;
use crate::query::only_valid_on;
use crate::schema::{names, truncate_at_char};

/// Most suggestions returned, as in the JSON API.
pub const MAX_SUGGESTIONS: usize = 8;

/// Typed text beyond this is not a prefix anyone wants completed.
const MAX_PREFIX_BYTES: usize = 200;
/// How many indexed words the last, unfinished word may expand to.
const MAX_EXPANSIONS: u32 = 50;
/// Sorts after every character that can follow a prefix in a key (it is a
/// noncharacter, so no name contains it).
const KEY_END: char = '\u{10FFFF}';

/// A product name offered while typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Database id.
    pub id: i64,
    /// Register code.
    pub code: String,
    /// Product name as shown.
    pub name: String,
    /// URL slug, to link straight to the product.
    pub slug: String,
}

impl SearchIndex {
    /// Up to `limit` (at most [`MAX_SUGGESTIONS`]) names for a prefix,
    /// ignoring case and diacritics.
    ///
    /// Names that start with the prefix come first, alphabetically (so a
    /// name that is a prefix of another leads); then names with the typed
    /// words anywhere, the last word completed as a prefix ("mam" → "Nước
    /// mắm ..."), best match first.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<Suggestion>> {
        self.suggest_on(prefix, limit, None)
    }

    /// [`SearchIndex::suggest`] among products whose certification is still
    /// valid on `as_of_day` (see [`crate::SearchQuery::as_of_day`]).
    pub fn suggest_on(
        &self,
        prefix: &str,
        limit: usize,
        as_of_day: Option<i64>,
    ) -> Result<Vec<Suggestion>> {
        let limit = limit.min(MAX_SUGGESTIONS);
        let prefix = truncate_at_char(prefix, MAX_PREFIX_BYTES);
        let mut key = fold_key(prefix);
        if limit == 0 || key.is_empty() {
            return Ok(Vec::new());
        }
        // "nuoc " or "nuoc," means the word is finished: do not complete it
        // into "nuocmam".
        let last_word_done =
            prefix.ends_with(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)));
        if last_word_done {
            key.push(' ');
        }

        let searcher = self.reader.searcher();
        let starts_with = only_valid_on(
            &self.fields,
            Box::new(RangeQuery::new(
                Bound::Included(Term::from_field_text(self.fields.name_key, &key)),
                Bound::Excluded(Term::from_field_text(
                    self.fields.name_key,
                    &format!("{key}{KEY_END}"),
                )),
            )),
            as_of_day,
        );
        let alphabetical =
            TopDocs::with_limit(limit).order_by_string_fast_field(names::NAME_KEY, Order::Asc);
        let mut addresses: Vec<DocAddress> = searcher
            .search(&*starts_with, &alphabetical)?
            .into_iter()
            .map(|(_, address)| address)
            .collect();

        if addresses.len() < limit {
            let words = only_valid_on(
                &self.fields,
                self.words_query(prefix, last_word_done),
                as_of_day,
            );
            // Ask for enough to fill up after dropping what we already have.
            // Prefix expansions score alike; alphabetical order breaks ties.
            let alphabetical = (SortByString::for_field(names::NAME_KEY), Order::Asc);
            let best = TopDocs::with_limit(limit + addresses.len())
                .order_by((SortBySimilarityScore, alphabetical));
            let seen: HashSet<DocAddress> = addresses.iter().copied().collect();
            let more = searcher
                .search(&*words, &best)?
                .into_iter()
                .map(|(_, address)| address)
                .filter(|address| !seen.contains(address));
            let room = limit - addresses.len();
            addresses.extend(more.take(room));
        }

        addresses
            .into_iter()
            .map(|address| {
                let doc: TantivyDocument = searcher.doc(address)?;
                let text = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                Ok(Suggestion {
                    id: doc
                        .get_first(self.fields.id)
                        .and_then(|v| v.as_i64())
                        .unwrap_or_default(),
                    code: text(self.fields.code),
                    name: text(self.fields.name),
                    slug: text(self.fields.slug),
                })
            })
            .collect()
    }

    /// The typed words as a phrase in the folded name, the last one as a
    /// prefix unless it is finished.
    fn words_query(&self, prefix: &str, last_word_done: bool) -> Box<dyn Query> {
        let field = self.fields.name_folded;
        let mut words: Vec<(usize, Term)> = terms_with_positions(&mut vietnamese_folded(), prefix)
            .into_iter()
            .map(|(position, word)| (position, Term::from_field_text(field, &word)))
            .collect();
        match (words.len(), last_word_done) {
            (0, _) => Box::new(EmptyQuery),
            (1, true) => {
                let (_, term) = words.remove(0);
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
            }
            (_, true) => Box::new(PhraseQuery::new_with_offset(words)),
            (_, false) => {
                let mut query = PhrasePrefixQuery::new_with_offset(words);
                query.set_max_expansions(MAX_EXPANSIONS);
                Box::new(query)
            }
        }
    }
}
