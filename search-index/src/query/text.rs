//! How a query's words become tantivy queries: each word over every
//! searchable field (folded, exact, with typo tolerance and completion), the
//! synonym list's phrases, and the bonus for words found together.

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::{Analyzed, Match, Word};
use crate::schema::Fields;
use crate::seek_union::SeekUnion;
use crate::synonyms::{filler_words, synonyms, Phrase};

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
