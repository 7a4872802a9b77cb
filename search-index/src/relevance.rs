//! Relevance judgments and their scores: R-precision and recall at 10.
//!
//! The judgment list (`tests/relevance/judgments.toml`) names, for each query,
//! the products a shopper typing it wants. Any engine's ranking can be scored
//! against it, so ours and the benchmark's peers are judged the same way.

use std::fmt;

use serde::Deserialize;

/// Rankings are cut here for recall: what a phone shows without scrolling far.
pub const RECALL_DEPTH: usize = 10;

/// One query and the products it should find.
#[derive(Debug, Clone, Deserialize)]
pub struct Judgment {
    /// What the query tests: no-diacritics, typo, synonym, province, ...
    pub kind: String,
    /// The query as a shopper types it.
    pub q: String,
    /// Why these products, when not obvious.
    #[serde(default)]
    pub note: String,
    /// Register codes of the relevant products.
    pub relevant: Vec<String>,
}

/// The whole list.
#[derive(Debug, Clone, Deserialize)]
pub struct Judgments {
    /// Every judged query.
    pub judgment: Vec<Judgment>,
}

impl Judgments {
    /// Reads the TOML list.
    pub fn parse(text: &str) -> Result<Self, String> {
        let judgments: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        match judgments.judgment.iter().find(|j| j.relevant.is_empty()) {
            Some(empty) => Err(format!("no relevant product for {:?}", empty.q)),
            None => Ok(judgments),
        }
    }

    /// Scores one ranking (register codes, best first) per judgment, in order.
    pub fn score(&self, rankings: &[Vec<String>]) -> Report {
        let queries = self
            .judgment
            .iter()
            .zip(rankings)
            .map(|(judgment, ranking)| QueryScore::new(judgment, ranking))
            .collect();
        Report { queries }
    }
}

/// How one ranking did.
#[derive(Debug, Clone)]
pub struct QueryScore {
    /// The query.
    pub q: String,
    /// Its kind.
    pub kind: String,
    /// Share of relevant products among the first R results.
    pub r_precision: f64,
    /// Share of relevant products (at most 10) found in the first 10.
    pub recall_at_10: f64,
    /// Relevant products missing from the first 10.
    pub missed: Vec<String>,
    /// Irrelevant products within the first R.
    pub intruders: Vec<String>,
}

impl QueryScore {
    fn new(judgment: &Judgment, ranking: &[String]) -> Self {
        let relevant = |code: &String| judgment.relevant.contains(code);
        let r = judgment.relevant.len();
        let first_r = &ranking[..r.min(ranking.len())];
        let first_ten = &ranking[..RECALL_DEPTH.min(ranking.len())];
        let found = first_ten.iter().filter(|c| relevant(c)).count();
        Self {
            q: judgment.q.clone(),
            kind: judgment.kind.clone(),
            r_precision: first_r.iter().filter(|c| relevant(c)).count() as f64 / r as f64,
            recall_at_10: found as f64 / r.min(RECALL_DEPTH) as f64,
            missed: judgment
                .relevant
                .iter()
                .filter(|code| !first_ten.contains(code))
                .cloned()
                .collect(),
            intruders: first_r.iter().filter(|c| !relevant(c)).cloned().collect(),
        }
    }
}

/// Scores of a whole judgment list.
#[derive(Debug, Clone)]
pub struct Report {
    /// One per judged query, in the list's order.
    pub queries: Vec<QueryScore>,
}

impl Report {
    fn mean(&self, value: impl Fn(&QueryScore) -> f64) -> f64 {
        if self.queries.is_empty() {
            return 0.0;
        }
        self.queries.iter().map(value).sum::<f64>() / self.queries.len() as f64
    }

    /// Mean R-precision.
    pub fn r_precision(&self) -> f64 {
        self.mean(|q| q.r_precision)
    }

    /// Mean recall at 10.
    pub fn recall_at_10(&self) -> f64 {
        self.mean(|q| q.recall_at_10)
    }
}

impl fmt::Display for Report {
    /// One line per query that lost points, then the means.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for q in &self.queries {
            if q.r_precision < 1.0 || q.recall_at_10 < 1.0 {
                writeln!(
                    f,
                    "{:<15} {:<40} R-prec {:.2} recall@10 {:.2} missed {:?} intruders {:?}",
                    q.kind,
                    format!("{:?}", q.q),
                    q.r_precision,
                    q.recall_at_10,
                    q.missed,
                    q.intruders
                )?;
            }
        }
        write!(
            f,
            "{} queries: R-precision {:.3}, recall@10 {:.3}",
            self.queries.len(),
            self.r_precision(),
            self.recall_at_10()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(relevant: &[&str]) -> Judgments {
        Judgments {
            judgment: vec![Judgment {
                kind: "test".into(),
                q: "q".into(),
                note: String::new(),
                relevant: relevant.iter().map(|c| (*c).to_owned()).collect(),
            }],
        }
    }

    fn ranking(codes: &[&str]) -> Vec<Vec<String>> {
        vec![codes.iter().map(|c| (*c).to_owned()).collect()]
    }

    #[test]
    fn a_perfect_ranking_scores_one() {
        let report = judged(&["a", "b"]).score(&ranking(&["b", "a", "x"]));
        assert_eq!((report.r_precision(), report.recall_at_10()), (1.0, 1.0));
    }

    #[test]
    fn intruders_in_the_first_r_and_misses_in_the_first_ten_cost() {
        let report = judged(&["a", "b"]).score(&ranking(&["a", "x", "y"]));
        assert_eq!(report.r_precision(), 0.5);
        assert_eq!(report.recall_at_10(), 0.5);
        assert_eq!(report.queries[0].missed, ["b"]);
        assert_eq!(report.queries[0].intruders, ["x"]);
    }

    #[test]
    fn recall_counts_at_most_ten_relevant() {
        let relevant: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
        let refs: Vec<&str> = relevant.iter().map(String::as_str).collect();
        let report = judged(&refs).score(&ranking(&refs[..10]));
        assert_eq!(report.recall_at_10(), 1.0);
        assert!((report.r_precision() - 10.0 / 12.0).abs() < 1e-9);
    }

    #[test]
    fn nothing_found_scores_zero_and_empty_lists_are_refused() {
        let report = judged(&["a"]).score(&ranking(&[]));
        assert_eq!((report.r_precision(), report.recall_at_10()), (0.0, 0.0));
        let text = "[[judgment]]\nkind = \"k\"\nq = \"x\"\nrelevant = []\n";
        assert!(Judgments::parse(text).is_err());
    }

    #[test]
    fn the_repository_list_parses() {
        let text = include_str!("../../tests/relevance/judgments.toml");
        let judgments = Judgments::parse(text).expect("judgments.toml");
        assert!(judgments.judgment.len() >= 40);
    }
}
