//! The relevance suite: every query of tests/relevance/judgments.toml run over
//! the sample catalog as it stood on the day the list was judged, scored by
//! R-precision and recall at 10 (the search issue's goals: 0.9 and 0.95).

use app::search::documents::load_documents;
use chrono::NaiveDate;
use search_index::relevance::{Judgments, RECALL_DEPTH};
use search_index::{SearchIndex, SearchQuery};
use tests::{on_both_databases, spawn_app};

/// The day the list was judged: the sample's certifications are dated, so
/// later days drop lapsed products and would change what is relevant.
fn judged_on() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
}

on_both_databases!(
    the_judgment_list_scores_above_the_goals,
    |backend| async move {
        let app = spawn_app(backend).await;
        let documents = load_documents(&app.db, judged_on(), 0, 10_000, None)
            .await
            .expect("documents");
        assert_eq!(documents.len(), 158, "the judged catalog");
        let index = SearchIndex::in_ram().expect("index");
        index.upsert(&documents).expect("index the sample");

        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("relevance/judgments.toml"),
        )
        .expect("judgments.toml");
        let judgments = Judgments::parse(&text).expect("judgments");
        assert!(judgments.judgment.len() >= 40);
        let rankings: Vec<Vec<String>> = judgments
            .judgment
            .iter()
            .map(|judgment| {
                let query = SearchQuery {
                    limit: RECALL_DEPTH.max(judgment.relevant.len()) as u32,
                    ..SearchQuery::text(judgment.q.clone())
                };
                let results = index.search(&query).expect("search");
                results.hits.into_iter().map(|hit| hit.code).collect()
            })
            .collect();
        let report = judgments.score(&rankings);
        println!("{report}");
        assert!(report.r_precision() >= 0.9, "{report}");
        assert!(report.recall_at_10() >= 0.95, "{report}");
    }
);
