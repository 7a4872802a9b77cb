//! Running a product search: one pass collects the page, the total and the
//! facet counts.

use serde::{Deserialize, Serialize};
use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Collector, TopDocs};
use tantivy::columnar::ColumnValues;
use tantivy::query::{EnableScoring, Query, Scorer, Weight};
use tantivy::schema::Value;
use tantivy::SeekDangerResult;
use tantivy::{DocAddress, DocId, Order, Score, Searcher, SegmentReader, TantivyDocument};

use crate::error::Result;
use crate::facets::{FacetCollector, Facets};
use crate::index::SearchIndex;
use crate::query::{full_query, proximity_bonus, Analyzed, Match, SearchQuery, Sort};
use crate::schema::{names, Fields};
use crate::spelling;

/// Deeper pages are not served: the collector would have to keep every
/// earlier hit in memory, and nobody reads page 500 of a catalog.
const MAX_OFFSET: usize = 10_000;
/// The best this many candidates, ranked by their words, get the bonus for
/// words found together before the page is cut; below them the order is by
/// the words alone. Deep enough that a phrase match ranked lower by its words
/// still reaches the first pages.
const RESCORE_WINDOW: usize = 200;
/// Relevance bonus per star above three.
const STAR_BOOST: Score = 0.03;
/// Relevance factor of a product out of stock.
const OUT_OF_STOCK: Score = 0.9;

/// One product in the results, with what a result card shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Database id.
    pub id: i64,
    /// Register code.
    pub code: String,
    /// URL slug.
    pub slug: String,
    /// Product name.
    pub name: String,
    /// Producer name.
    pub producer: String,
    /// Province name.
    pub province: String,
    /// OCOP stars.
    pub stars: u64,
    /// Price in đồng.
    pub price_vnd: u64,
    /// Whether it can be ordered now.
    pub in_stock: bool,
    /// Thumbnail URL, if any.
    pub thumbnail: Option<String>,
    /// Relevance score (0 for a search without words); only comparable
    /// within one result set.
    pub score: f32,
}

/// A page of results with the total and facet counts of the whole set.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of products matching the words and filters.
    pub total: u64,
    /// The requested page, in the requested order.
    pub hits: Vec<Hit>,
    /// Counts per group, stars and province over all matches.
    pub facets: Facets,
    /// True when no product had every word, so products with any of them
    /// are shown instead (the page can say "showing partial matches").
    pub relaxed: bool,
    /// When nothing (or only part of the query) matched: the query with
    /// unknown words replaced by the nearest known ones ("nuoc mxm" → "nước
    /// mắm"), if any is close.
    pub did_you_mean: Option<String>,
}

impl SearchIndex {
    /// Searches the products. Never fails because of what was typed.
    pub fn search(&self, search: &SearchQuery) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let analyzed = Analyzed::new(&search.q).check_vocabulary(&searcher, &self.fields);
        let mut results = self.run(&searcher, search, &analyzed, Match::All)?;
        if results.total == 0 && analyzed.words.len() > 1 {
            results = self.run(&searcher, search, &analyzed, Match::Any)?;
            results.relaxed = true;
        }
        if results.total == 0 || results.relaxed {
            results.did_you_mean =
                spelling::correct(&searcher, &self.fields, &self.vocabulary, &analyzed);
        }
        Ok(results)
    }

    fn run(
        &self,
        searcher: &Searcher,
        search: &SearchQuery,
        analyzed: &Analyzed,
        mode: Match,
    ) -> Result<SearchResults> {
        let query = full_query(&self.fields, search, analyzed, mode);
        let offset = search.offset();
        let page = (offset < MAX_OFFSET)
            .then(|| TopDocs::with_limit(search.effective_limit() as usize).and_offset(offset));
        // Ties (equal prices, stars, dates) fall back to relevance.
        let by =
            |field: &str, order: Order| (SortByStaticFastValue::<u64>::for_field(field), order);
        let has_words = !analyzed.words.is_empty();
        let facets = FacetCollector {
            values: search.facets,
        };
        let Collected { top, total, facets } = match search.sort {
            Sort::Relevance if has_words => {
                let proximity = proximity_bonus(&self.fields, analyzed);
                let limit = search.effective_limit() as usize;
                let window = match proximity.is_empty() {
                    true => offset + limit,
                    false => (offset + limit).max(RESCORE_WINDOW),
                };
                let candidates = (offset < MAX_OFFSET).then(|| TopDocs::with_limit(window));
                let mut collected = collect(
                    searcher,
                    &*query,
                    facets,
                    candidates.map(with_quality_boost),
                    |s| s,
                )?;
                if !proximity.is_empty() {
                    collected.top = rescore(searcher, &proximity, collected.top)?;
                }
                collected.top = collected.top.into_iter().skip(offset).take(limit).collect();
                collected
            }
            Sort::Relevance | Sort::Newest => {
                let newest = (
                    SortByStaticFastValue::<i64>::for_field(names::NEWEST),
                    Order::Desc,
                );
                let page = page.map(|p| p.order_by((newest, SortBySimilarityScore)));
                collect(searcher, &*query, facets, page, |(_, s)| s)?
            }
            Sort::PriceAsc => {
                let page =
                    page.map(|p| p.order_by((by(names::PRICE, Order::Asc), SortBySimilarityScore)));
                collect(searcher, &*query, facets, page, |(_, s)| s)?
            }
            Sort::PriceDesc => {
                let page = page
                    .map(|p| p.order_by((by(names::PRICE, Order::Desc), SortBySimilarityScore)));
                collect(searcher, &*query, facets, page, |(_, s)| s)?
            }
            Sort::Stars => {
                let page = page
                    .map(|p| p.order_by((by(names::STARS, Order::Desc), SortBySimilarityScore)));
                collect(searcher, &*query, facets, page, |(_, s)| s)?
            }
        };
        let hits = top
            .into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address)?;
                // A search without words scores every product alike.
                let score = if has_words { score } else { 0.0 };
                Ok(hit(&self.fields, &doc, score))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(SearchResults {
            total,
            hits,
            facets,
            relaxed: false,
            did_you_mean: None,
        })
    }
}

/// The quality nudge of one segment's products: each star above three adds
/// [`STAR_BOOST`] to the score and an empty shelf costs [`OUT_OF_STOCK`].
/// Small on purpose: a better match still wins over a better product.
struct Quality {
    stars: Option<std::sync::Arc<dyn ColumnValues<u64>>>,
    in_stock: Option<std::sync::Arc<dyn ColumnValues<bool>>>,
}

impl Quality {
    fn of(segment: &SegmentReader) -> Self {
        let fast = segment.fast_fields();
        Self {
            stars: fast
                .u64(names::STARS)
                .ok()
                .map(|column| column.first_or_default_col(3)),
            in_stock: fast
                .bool(names::IN_STOCK)
                .ok()
                .map(|column| column.first_or_default_col(true)),
        }
    }

    /// The factor a match score of `doc` is multiplied by.
    fn factor(&self, doc: DocId) -> Score {
        let stars = self.stars.as_ref().map_or(3, |column| column.get_val(doc));
        let in_stock = self
            .in_stock
            .as_ref()
            .is_none_or(|column| column.get_val(doc));
        let quality = 1.0 + STAR_BOOST * stars.saturating_sub(3) as Score;
        let shelf = if in_stock { 1.0 } else { OUT_OF_STOCK };
        quality * shelf
    }
}

/// Orders by relevance, nudged by [`Quality`].
fn with_quality_boost(top: TopDocs) -> impl Collector<Fruit = Vec<(Score, DocAddress)>> {
    top.tweak_score(|segment: &SegmentReader| {
        let quality = Quality::of(segment);
        move |doc: DocId, score: Score| score * quality.factor(doc)
    })
}

/// Adds the `proximity` bonus (groups of phrases, see
/// [`proximity_bonus`]; nudged by quality like the rest of the score) to
/// the first [`RESCORE_WINDOW`] candidates and reorders them; the
/// candidates below keep their order. Each segment's candidates are visited
/// in document order, and each phrase only checks the candidates themselves
/// (`seek_danger`), never the documents in between.
fn rescore(
    searcher: &Searcher,
    proximity: &[Vec<Box<dyn Query>>],
    mut top: Vec<(Score, DocAddress)>,
) -> Result<Vec<(Score, DocAddress)>> {
    let rest = top.split_off(top.len().min(RESCORE_WINDOW));
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let weights = proximity
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|phrase| phrase.weight(scoring))
                .collect::<tantivy::Result<Vec<_>>>()
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut in_doc_order: Vec<(DocAddress, usize)> = top
        .iter()
        .enumerate()
        .map(|(i, (_, address))| (*address, i))
        .collect();
    in_doc_order.sort_unstable();
    for segment in in_doc_order.chunk_by(|(a, _), (b, _)| a.segment_ord == b.segment_ord) {
        let reader = searcher.segment_reader(segment[0].0.segment_ord);
        let quality = Quality::of(reader);
        for group in &weights {
            let mut best: Vec<Score> = vec![0.0; segment.len()];
            for weight in group {
                let mut phrase = PhraseCheck::new(&**weight, reader, segment[0].0.doc_id)?;
                for (slot, (address, _)) in segment.iter().enumerate() {
                    if let Some(score) = phrase.score_of(address.doc_id) {
                        best[slot] = best[slot].max(score);
                    }
                }
            }
            for ((address, i), bonus) in segment.iter().zip(best) {
                top[*i].0 += bonus * quality.factor(address.doc_id);
            }
        }
    }
    top.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    top.extend(rest);
    Ok(top)
}

/// One phrase's scorer in one segment, asked about ascending documents.
struct PhraseCheck {
    scorer: Box<dyn Scorer>,
    /// No document before this one can match (where the scorer stands).
    lower_bound: DocId,
    /// The result for the document the scorer was opened at.
    first: Option<DocId>,
}

impl PhraseCheck {
    fn new(weight: &dyn Weight, reader: &SegmentReader, first_doc: DocId) -> Result<Self> {
        let (found, scorer) = weight.scorer_danger(reader, first_doc, 1.0)?;
        let (first, lower_bound) = match found {
            SeekDangerResult::Found => (Some(first_doc), first_doc + 1),
            SeekDangerResult::SeekLowerBound(bound) => (None, bound),
        };
        Ok(Self {
            scorer,
            lower_bound,
            first,
        })
    }

    /// The phrase's score in `doc`, if it occurs there. Documents must come
    /// in strictly ascending order, starting with the one it was opened at.
    fn score_of(&mut self, doc: DocId) -> Option<Score> {
        if self.first.take() == Some(doc) {
            return Some(self.scorer.score());
        }
        if doc < self.lower_bound {
            return None;
        }
        match self.scorer.seek_danger(doc) {
            SeekDangerResult::Found => {
                self.lower_bound = doc + 1;
                Some(self.scorer.score())
            }
            SeekDangerResult::SeekLowerBound(bound) => {
                self.lower_bound = bound;
                None
            }
        }
    }
}

/// What one pass over the matches yields.
struct Collected {
    /// The page, as (score, address) in display order.
    top: Vec<(Score, DocAddress)>,
    total: u64,
    facets: Facets,
}

/// Runs the page collector (if any) and the facet collector in one pass.
fn collect<K, C>(
    searcher: &Searcher,
    query: &dyn Query,
    facets: FacetCollector,
    page: Option<C>,
    score_of: impl Fn(K) -> Score,
) -> Result<Collected>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (top, (total, facets)) = searcher.search(query, &(page, facets))?;
    let top = top
        .unwrap_or_default()
        .into_iter()
        .map(|(key, address)| (score_of(key), address))
        .collect();
    Ok(Collected { top, total, facets })
}

fn stored_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|value| value.as_str())
        .map(str::to_owned)
}

/// Builds a hit from the stored fields; every product stores them all, so
/// defaults only cover documents from a future schema.
fn hit(fields: &Fields, doc: &TantivyDocument, score: Score) -> Hit {
    let text = |field| stored_text(doc, field).unwrap_or_default();
    let number = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .unwrap_or_default()
    };
    Hit {
        id: doc
            .get_first(fields.id)
            .and_then(|v| v.as_i64())
            .unwrap_or_default(),
        code: text(fields.code),
        slug: text(fields.slug),
        name: text(fields.name),
        producer: text(fields.producer),
        province: text(fields.province),
        stars: number(fields.stars),
        price_vnd: number(fields.price),
        in_stock: doc
            .get_first(fields.in_stock)
            .and_then(|v| v.as_bool())
            .unwrap_or_default(),
        thumbnail: stored_text(doc, fields.thumbnail),
        score,
    }
}
