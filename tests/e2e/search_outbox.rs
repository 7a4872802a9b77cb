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

on_both_databases!(
    a_renamed_product_is_found_by_its_new_name_without_a_rebuild,
    |backend| async move {
        let app = spawn_app(backend).await;
        let code = oracle::certified_where(|p| p["name"].starts_with("Mật ong"))
            .into_iter()
            .next()
            .expect("a certified honey");
        let new_name = "Mật ong hoa cà phê Krông Năng";
        let find = || {
            let query = search_index::SearchQuery::text("krong nang");
            let results = app.search.search(&query).expect("search");
            results
                .hits
                .iter()
                .any(|h| h.code == code && h.name == new_name)
        };
        assert!(!find(), "not found before the edit");

        let edited = std::time::Instant::now();
        change_by_import(&app, &code, "name", new_name).await;
        // The outbox applier picks the change up on its own; the time it took
        // is printed (measured in BENCHMARKS.md, never asserted here).
        while !find() {
            assert!(
                edited.elapsed() < std::time::Duration::from_secs(10),
                "the new name never reached search"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        println!("renamed product found after {:?}", edited.elapsed());
        // The suggestions follow too.
        let suggested = app.search.suggest("mat ong hoa ca", 8).expect("suggest");
        assert!(
            suggested.iter().any(|s| s.name == new_name),
            "{suggested:?}"
        );
    }
);

/// Unpublishes the product `code` the way a department does: by importing a
/// products.csv in which it is no longer published.
pub(crate) async fn unpublish_by_import(app: &TestApp, code: &str) {
    change_by_import(app, code, "published", "0").await;
}

/// Imports the sample's products.csv with one column of product `code` set
/// to `value`, as a department's corrected spreadsheet would.
pub(crate) async fn change_by_import(app: &TestApp, code: &str, column: &str, value: &str) {
    let dir = app.database.dir.path().join("change");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let original = std::fs::read_to_string(tests::sample_dir().join("products.csv")).expect("read");
    let mut reader = csv::Reader::from_reader(original.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let changed = headers
        .iter()
        .position(|h| h == column)
        .expect("the column");
    let mut writer = csv::Writer::from_path(dir.join("products.csv")).expect("write");
    writer.write_record(&headers).expect("header");
    for record in reader.records() {
        let record = record.expect("record");
        let mut fields: Vec<String> = record.iter().map(str::to_string).collect();
        if fields[0] == code {
            fields[changed] = value.into();
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
