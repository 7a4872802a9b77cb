//! A union of queries that jumps cheaply, scored either as the best match
//! plus a share of the others (exactly as tantivy's `DisjunctionMaxQuery`)
//! or as the sum of all (as a `BooleanQuery` of `Should` clauses).
//!
//! Tantivy's union buffers a window of 4,096 documents ahead: fast for
//! walking every match, dear inside an intersection. There the rarest word
//! leads and the others are asked to jump to its next match, and each jump
//! past the window clears it and refills it, reading and scoring every
//! posting of every member in the next 4,096 documents, most of them never
//! looked at. A multi-word query over a large catalog spent most of its time
//! there. This scorer keeps each member's postings where they stand: a jump
//! is one seek per member, and only the document landed on is scored. The
//! search uses it for a word's alternatives (its terms in each field, typo
//! and prefix expansions), for a synonym's alternatives and for the optional
//! words that only add to the score.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// Matches where any of its members matches.
#[derive(Debug)]
pub(crate) struct SeekUnion {
    alternatives: Vec<Box<dyn Query>>,
    /// Share of the other members' scores added to the best one: 0 scores
    /// the best alone, 1 the sum.
    tie_breaker: Score,
}

impl SeekUnion {
    /// Scored as its best member plus `tie_breaker` times the others.
    pub(crate) fn dis_max(alternatives: Vec<Box<dyn Query>>, tie_breaker: Score) -> Self {
        Self {
            alternatives,
            tie_breaker,
        }
    }

    /// Scored as the sum of its members.
    pub(crate) fn sum(members: Vec<Box<dyn Query>>) -> Self {
        Self::dis_max(members, 1.0)
    }
}

impl Clone for SeekUnion {
    fn clone(&self) -> Self {
        Self {
            alternatives: self.alternatives.iter().map(|q| q.box_clone()).collect(),
            tie_breaker: self.tie_breaker,
        }
    }
}

impl Query for SeekUnion {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .alternatives
            .iter()
            .map(|query| query.weight(scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(UnionWeight {
            weights,
            tie_breaker: self.tie_breaker,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.alternatives {
            query.query_terms(visitor);
        }
    }
}

struct UnionWeight {
    weights: Vec<Box<dyn Weight>>,
    tie_breaker: Score,
}

impl Weight for UnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers: Vec<Box<dyn Scorer>> = self
            .weights
            .iter()
            .map(|weight| weight.scorer(reader, boost))
            .filter(|scorer| !matches!(scorer, Ok(s) if s.doc() == TERMINATED))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(UnionScorer::new(scorers, self.tie_breaker)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        let mut explanation = Explanation::new("best field + tie breaker × the others", 0.0);
        for weight in &self.weights {
            if let Ok(detail) = weight.explain(reader, doc) {
                explanation.add_detail(detail);
            }
        }
        Ok(Explanation::new_with_string(
            explanation.to_pretty_json(),
            scorer.score(),
        ))
    }
}

/// The union of the alternatives' scorers, all standing on or after `doc`.
/// Where each stands is kept beside it, so that finding the next document
/// and the ones standing on it costs no call through the trait object.
struct UnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    /// `docs[i]` is `scorers[i].doc()`.
    docs: Vec<DocId>,
    doc: DocId,
    tie_breaker: Score,
}

impl UnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>, tie_breaker: Score) -> Self {
        let docs = scorers.iter().map(|s| s.doc()).collect();
        let mut scorer = Self {
            scorers,
            docs,
            doc: TERMINATED,
            tie_breaker,
        };
        scorer.doc = scorer.lowest();
        scorer
    }

    fn lowest(&self) -> DocId {
        self.docs.iter().copied().min().unwrap_or(TERMINATED)
    }
}

impl DocSet for UnionScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.doc;
        if doc == TERMINATED {
            return TERMINATED;
        }
        for (scorer, at) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *at == doc {
                *at = scorer.advance();
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for (scorer, at) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *at < target {
                *at = scorer.seek(target);
            }
        }
        self.doc = self.lowest();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .fold(0u32, u32::saturating_add)
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for UnionScorer {
    fn score(&mut self) -> Score {
        let (mut best, mut sum) = (0.0, 0.0);
        for (scorer, at) in self.scorers.iter_mut().zip(&self.docs) {
            if *at == self.doc {
                let score = scorer.score();
                best = Score::max(best, score);
                sum += score;
            }
        }
        best + (sum - best) * self.tie_breaker
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, DisjunctionMaxQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index};

    /// Scores and matches as tantivy's DisjunctionMaxQuery does, or as its
    /// union of Should clauses, whether walked alone or intersected with a
    /// rarer word.
    #[test]
    fn scores_like_tantivy_unions() -> tantivy::Result<()> {
        let mut schema = Schema::builder();
        let name = schema.add_text_field("name", TEXT);
        let text = schema.add_text_field("text", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000)?;
        for i in 0..10_000u32 {
            let words = |n: u32| if i % n == 0 { "tra sen" } else { "gao" };
            writer
                .add_document(doc!(name => words(3), text => format!("{} {}", words(7), i % 11)))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();
        let alternatives = || -> Vec<Box<dyn Query>> {
            [name, text]
                .into_iter()
                .map(|field| {
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, "tra"),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>
                })
                .collect()
        };
        let rare: Box<dyn Query> = Box::new(TermQuery::new(
            Term::from_field_text(text, "5"),
            IndexRecordOption::WithFreqs,
        ));
        let dis_max: Box<dyn Query> = Box::new(SeekUnion::dis_max(alternatives(), 0.1));
        let tantivy_dis_max: Box<dyn Query> =
            Box::new(DisjunctionMaxQuery::with_tie_breaker(alternatives(), 0.1));
        let sum: Box<dyn Query> = Box::new(SeekUnion::sum(alternatives()));
        let tantivy_sum: Box<dyn Query> = Box::new(BooleanQuery::union(alternatives()));
        let both = |word: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::intersection(vec![word, rare.box_clone()]))
        };
        let top = TopDocs::with_limit(10_000).order_by_score();
        for (a, b) in [
            (dis_max.box_clone(), tantivy_dis_max.box_clone()),
            (both(dis_max), both(tantivy_dis_max)),
            (sum.box_clone(), tantivy_sum.box_clone()),
            (both(sum), both(tantivy_sum)),
        ] {
            let mut a = searcher.search(&*a, &top)?;
            let mut b = searcher.search(&*b, &top)?;
            assert!(!a.is_empty());
            a.sort_by_key(|(_, address)| *address);
            b.sort_by_key(|(_, address)| *address);
            assert_eq!(a.len(), b.len());
            for ((sa, da), (sb, db)) in a.iter().zip(&b) {
                assert_eq!(da, db);
                assert!((sa - sb).abs() < 1e-5, "{sa} vs {sb}");
            }
        }
        Ok(())
    }
}
