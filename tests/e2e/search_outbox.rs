//! The search index follows the database through the outbox: built at start
//! with today's certified, published products, then updated by imports.

use crate::oracle;
use app::department::import::{import_dir, ImportOptions, NoProgress};
use tests::{on_both_databases, spawn_app, TestApp};

on_both_databases!(
    index_follows_an_import_through_the_outbox,
    |backend| async move {
        let app = spawn_app(backend).await;
        let certified = oracle::certified_published(oracle::today());
        assert_eq!(app.search.len() as usize, certified.len(), "built at start");

        let mut codes: Vec<_> = certified.keys().cloned().collect();
        codes.sort();
        let target = codes[0].clone();
        unpublish_by_import(&app, &target).await;

        let mut waited = 0;
        while app.search.len() as usize != certified.len() - 1 {
            assert!(
                waited < 100,
                "the index did not follow the outbox within 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            waited += 1;
        }
        let hits = app
            .search
            .search(&search_index::SearchQuery::text(target.clone()))
            .expect("search");
        assert!(
            hits.hits.iter().all(|h| h.code != target),
            "the unpublished product is gone"
        );
    }
);

/// Unpublishes the product `code` the way a department does: by importing a
/// products.csv in which it is no longer published.
pub(crate) async fn unpublish_by_import(app: &TestApp, code: &str) {
    let dir = app.database.dir.path().join("change");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let original = std::fs::read_to_string(tests::sample_dir().join("products.csv")).expect("read");
    let mut reader = csv::Reader::from_reader(original.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let published = headers
        .iter()
        .position(|h| h == "published")
        .expect("published column");
    let mut writer = csv::Writer::from_path(dir.join("products.csv")).expect("write");
    writer.write_record(&headers).expect("header");
    for record in reader.records() {
        let record = record.expect("record");
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        if fields[0] == code {
            fields[published] = "0".into();
        }
        writer.write_record(&fields).expect("row");
    }
    writer.flush().expect("flush");
    let report = import_dir(&app.db, &dir, &ImportOptions::default(), &NoProgress)
        .await
        .expect("import");
    assert_eq!(
        report.file("products.csv").map(|f| f.updated),
        Some(1),
        "{report}"
    );
}
