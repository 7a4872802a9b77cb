//! The register importer on both databases: the sample imports whole, a second
//! run changes nothing, a bad row rejects its file and names the line.

use crate::oracle;
use app::department::import::{import_dir, FileOutcome, ImportOptions, NoProgress};
use migrations::Migrator;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use sea_orm_migration::MigratorTrait;
use tests::{on_both_databases, sample_dir, Backend, TestDatabase};

async fn empty_register(backend: Backend) -> (TestDatabase, DatabaseConnection) {
    let database = TestDatabase::create(backend).await;
    let db = server::database::connect(&server::config::Secret::new(database.url.clone()))
        .await
        .expect("connect");
    Migrator::up(&db, None).await.expect("migrate");
    app::admin_units::ensure_loaded(&db)
        .await
        .expect("admin units");
    (database, db)
}

fn copy_sample_to(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for entry in std::fs::read_dir(sample_dir()).expect("sample dir") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy");
    }
}

on_both_databases!(
    sample_imports_then_reimports_unchanged,
    |backend| async move {
        let (_database, db) = empty_register(backend).await;
        let first = import_dir(&db, &sample_dir(), &ImportOptions::default(), &NoProgress)
            .await
            .expect("import");
        assert!(first.is_clean(), "{first}");
        let products = first.file("products.csv").expect("products report");
        assert_eq!(products.created as usize, oracle::count("products.csv"));
        assert_eq!(
            first.file("producers.csv").map(|f| f.created as usize),
            Some(oracle::count("producers.csv"))
        );
        assert_eq!(
            first.file("certifications.csv").map(|f| f.created as usize),
            Some(oracle::count("certifications.csv"))
        );
        assert_eq!(
            app::entities::products::Entity::find()
                .count(&db)
                .await
                .expect("count") as usize,
            oracle::count("products.csv")
        );

        let second = import_dir(&db, &sample_dir(), &ImportOptions::default(), &NoProgress)
            .await
            .expect("reimport");
        assert!(second.changed_nothing(), "{second}");
        assert!(second.to_string().contains("Không có thay đổi nào"));
        assert_eq!(
            second.file("products.csv").map(|f| f.unchanged as usize),
            Some(oracle::count("products.csv"))
        );
    }
);

on_both_databases!(
    a_bad_row_rejects_its_file_and_names_the_line,
    |backend| async move {
        let (database, db) = empty_register(backend).await;
        let dir = database.dir.path().join("bad");
        copy_sample_to(&dir);
        let products = std::fs::read_to_string(dir.join("products.csv")).expect("read");
        let mut lines: Vec<String> = products.lines().map(str::to_string).collect();
        // Line 6 of the file (the header is line 1): a negative price.
        let fields: Vec<&str> = lines[5].splitn(7, ',').collect();
        lines[5] = format!(
            "{},{},{},{},{},-5,{}",
            fields[0], fields[1], fields[2], fields[3], fields[4], fields[6]
        );
        std::fs::write(dir.join("products.csv"), lines.join("\n") + "\n").expect("write");

        let report = import_dir(&db, &dir, &ImportOptions::default(), &NoProgress)
            .await
            .expect("import runs");
        assert!(!report.is_clean());
        let file = report.file("products.csv").expect("products report");
        assert_eq!(file.outcome, FileOutcome::Rejected);
        assert_eq!(file.created, 0);
        let problems: Vec<String> = report.problems().map(ToString::to_string).collect();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("products.csv:6:") && p.contains("price_vnd")),
            "{problems:?}"
        );
        assert_eq!(
            app::entities::products::Entity::find()
                .count(&db)
                .await
                .expect("count"),
            0,
            "nothing of the file"
        );
        // Producers, in their own file, imported.
        assert_eq!(
            report.file("producers.csv").map(|f| f.outcome),
            Some(FileOutcome::Imported)
        );

        // With --skip-invalid the other rows go in and the bad one is counted.
        let report = import_dir(
            &db,
            &dir,
            &ImportOptions { skip_invalid: true },
            &NoProgress,
        )
        .await
        .expect("import");
        let file = report.file("products.csv").expect("products report");
        assert_eq!(
            (file.rejected, file.created as usize),
            (1, oracle::count("products.csv") - 1)
        );
    }
);
