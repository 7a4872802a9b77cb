//! The importer against a real (in-memory SQLite) database: the shipped sample
//! catalog, a second import that changes nothing, and files with bad rows.

use std::path::{Path, PathBuf};

use sea_orm::{Database, DatabaseConnection, EntityTrait, PaginatorTrait};
use sea_orm_migration::MigratorTrait;

use super::{import_dir, FileOutcome, ImportOptions, ImportReport, NoProgress};
use crate::entities::{
    certifications, channel_listings, event_participants, events, producers, product_stories,
    products, sales_point_products, sales_points, search_outbox,
};

async fn fresh_db() -> DatabaseConnection {
    let db = Database::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    migrations::Migrator::up(&db, None)
        .await
        .expect("migrations run");
    let loaded = crate::admin_units::ensure_loaded(&db)
        .await
        .expect("admin units load");
    assert_eq!((loaded.provinces, loaded.communes), (34, 3321));
    assert_eq!(
        crate::admin_units::ensure_loaded(&db)
            .await
            .expect("second load")
            .provinces,
        0
    );
    db
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample")
}

async fn import(db: &DatabaseConnection, dir: &Path, skip_invalid: bool) -> ImportReport {
    import_dir(db, dir, &ImportOptions { skip_invalid }, &NoProgress)
        .await
        .expect("import runs")
}

async fn count<E: EntityTrait>(db: &DatabaseConnection) -> u64
where
    E::Model: Sync,
{
    E::find().count(db).await.expect("count")
}

#[tokio::test]
async fn the_sample_catalog_imports_and_a_second_import_changes_nothing() {
    let db = fresh_db().await;

    let first = import(&db, &sample(), false).await;
    let problems: Vec<String> = first.problems().map(ToString::to_string).collect();
    assert!(first.is_clean(), "{first}\n{problems:?}");
    let created: Vec<(&str, u64)> = first.files.iter().map(|f| (f.file, f.created)).collect();
    assert_eq!(
        created,
        [
            ("producers.csv", 133),
            ("products.csv", 400),
            ("certifications.csv", 483),
            ("listings.csv", 840),
            ("sales_points.csv", 71),
            ("events.csv", 16),
        ]
    );
    assert_eq!(count::<producers::Entity>(&db).await, 133);
    assert_eq!(count::<products::Entity>(&db).await, 400);
    assert_eq!(count::<product_stories::Entity>(&db).await, 373);
    assert_eq!(count::<certifications::Entity>(&db).await, 483);
    assert_eq!(count::<channel_listings::Entity>(&db).await, 840);
    assert_eq!(count::<sales_points::Entity>(&db).await, 71);
    assert_eq!(count::<sales_point_products::Entity>(&db).await, 968);
    assert_eq!(count::<events::Entity>(&db).await, 16);
    assert_eq!(count::<event_participants::Entity>(&db).await, 163);
    assert_eq!(count::<search_outbox::Entity>(&db).await, 400);

    let second = import(&db, &sample(), false).await;
    assert!(second.is_clean() && second.changed_nothing(), "{second}");
    let unchanged: Vec<u64> = second.files.iter().map(|f| f.unchanged).collect();
    assert_eq!(unchanged, [133, 400, 483, 840, 71, 16]);
    assert!(second.to_string().contains("Không có thay đổi nào"));
    assert_eq!(
        count::<search_outbox::Entity>(&db).await,
        400,
        "unchanged products are not re-indexed"
    );
}

const PRODUCTS_HEADER: &str =
    "code,name,producer_code,group,unit,price_vnd,stock,traceable,published,description,story\n";

/// A folder with the sample's producers and a products.csv of `rows`.
fn folder_with_products(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        sample().join("producers.csv"),
        dir.path().join("producers.csv"),
    )
    .expect("copy producers");
    std::fs::write(
        dir.path().join("products.csv"),
        format!("{PRODUCTS_HEADER}{rows}"),
    )
    .expect("write products");
    dir
}

// The first row's story spans three physical lines, so the bad row starts on line 5.
const GOOD_AND_BAD: &str =
    "SP1,Bánh pía,CT000001,1,hộp,70000,3,1,1,Bánh,\"Dòng một\n\nDòng <hai>\"\n\
                            SP2,Gạo,CT000001,1,kg,20000,-1,0,1,Gạo,\n";

#[tokio::test]
async fn a_file_with_a_bad_row_imports_nothing_and_names_the_line() {
    let db = fresh_db().await;
    let dir = folder_with_products(GOOD_AND_BAD);

    let report = import(&db, dir.path(), false).await;

    let producers = report.file("producers.csv").expect("producers report");
    assert_eq!(
        (producers.outcome, producers.created),
        (FileOutcome::Imported, 133)
    );
    let products = report.file("products.csv").expect("products report");
    assert_eq!(
        (products.outcome, products.created, products.rejected),
        (FileOutcome::Rejected, 0, 1)
    );
    let problems: Vec<String> = products.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        ["products.csv:5: cột stock: tồn kho phải là số nguyên không âm: -1"]
    );
    assert!(!report.is_clean());
    assert_eq!(count::<products::Entity>(&db).await, 0);
    assert_eq!(count::<search_outbox::Entity>(&db).await, 0);
}

#[tokio::test]
async fn skipping_invalid_rows_imports_the_good_ones_and_updates_what_changed() {
    let db = fresh_db().await;
    let dir = folder_with_products(GOOD_AND_BAD);

    let report = import(&db, dir.path(), true).await;
    let products = report.file("products.csv").expect("products report");
    assert_eq!(
        (products.outcome, products.created, products.rejected),
        (FileOutcome::Imported, 1, 1)
    );
    let story = product_stories::Entity::find()
        .one(&db)
        .await
        .expect("query")
        .expect("a story");
    assert_eq!(story.html, "<p>Dòng một</p>\n<p>Dòng &lt;hai&gt;</p>");

    let changed = folder_with_products(
        "SP1,Bánh pía,CT000001,1,hộp,75000,3,1,1,Bánh,\"Dòng một\n\nDòng <hai>\"\n",
    );
    let report = import(&db, changed.path(), false).await;
    let products = report.file("products.csv").expect("products report");
    assert_eq!(
        (products.created, products.updated, products.unchanged),
        (0, 1, 0)
    );
    let product = products::Entity::find()
        .one(&db)
        .await
        .expect("query")
        .expect("SP1");
    assert_eq!((product.price_vnd, product.version), (75_000, 2));
    assert_eq!(
        count::<search_outbox::Entity>(&db).await,
        2,
        "created, then updated"
    );
}

#[tokio::test]
async fn a_missing_column_rejects_the_file_at_line_one() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("producers.csv"), "code,name\nCT1,A\n").expect("write");

    let report = import(&db, dir.path(), true).await;
    let producers = report.file("producers.csv").expect("producers report");
    assert_eq!(producers.outcome, FileOutcome::Rejected);
    assert_eq!(
        producers.problems[0].to_string(),
        "producers.csv:1: cột type: thiếu cột bắt buộc"
    );
}

/// Copies the sample into a temporary folder, replacing `from` by `to` in `file`.
fn sample_with(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in super::FILES {
        let text = std::fs::read_to_string(sample().join(name)).expect("read sample");
        let text = if name == file {
            text.replacen(from, to, 1)
        } else {
            text
        };
        std::fs::write(dir.path().join(name), text).expect("write copy");
    }
    dir
}

#[tokio::test]
async fn changed_product_and_participant_lists_are_replaced() {
    let db = fresh_db().await;
    import(&db, &sample(), false).await;
    let sp00001 = "SP0000220;SP0000095;SP0000273;SP0000223;SP0000149;SP0000010;SP0000341;\
                   SP0000003;SP0000004;SP0000386;SP0000368;SP0000365;SP0000142;SP0000181;SP0000164";
    let points = sample_with("sales_points.csv", sp00001, "SP0000001;SP0000220");
    let report = import(&db, points.path(), false).await;
    let file = report
        .file("sales_points.csv")
        .expect("sales points report");
    assert_eq!((file.updated, file.unchanged), (1, 70));
    assert_eq!(
        count::<sales_point_products::Entity>(&db).await,
        968 - 15 + 2
    );

    let sk00001 = "CT000129;CT000046;CT000051;CT000120;CT000050;CT000109;CT000049;CT000100;\
                   CT000045;CT000048;CT000047;CT000044";
    let events = sample_with("events.csv", sk00001, "CT000001");
    let report = import(&db, events.path(), false).await;
    let file = report.file("events.csv").expect("events report");
    assert_eq!((file.updated, file.unchanged), (1, 15));
    assert_eq!(count::<event_participants::Entity>(&db).await, 163 - 12 + 1);
}

/// The server runs imports from request handlers and spawned tasks.
#[allow(dead_code)]
fn import_can_run_on_any_worker_thread(db: &DatabaseConnection, dir: &Path) {
    fn assert_send<T: Send>(_: T) {}
    assert_send(import_dir(db, dir, &ImportOptions::default(), &NoProgress));
}

#[tokio::test]
async fn an_empty_folder_is_an_error() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let err = import_dir(&db, dir.path(), &ImportOptions::default(), &NoProgress)
        .await
        .unwrap_err();
    assert!(matches!(err, super::ImportError::NothingToImport(_)));
}

/// Import timing on a generated catalog, into a SQLite file:
/// `python3 gen_catalog.py --out /tmp/cat20k --products 20000`, then
/// `OCOP_IMPORT_BENCH=/tmp/cat20k cargo test -p app --features ssr -- --ignored import_benchmark --nocapture`.
#[tokio::test]
#[ignore = "benchmark: needs OCOP_IMPORT_BENCH pointing at a generated catalog"]
async fn import_benchmark() {
    let Some(dir) = std::env::var_os("OCOP_IMPORT_BENCH").map(PathBuf::from) else {
        return;
    };
    let file = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        file.path().join("bench.db").display()
    );
    let db = Database::connect(&url).await.expect("SQLite file");
    migrations::Migrator::up(&db, None)
        .await
        .expect("migrations run");
    crate::admin_units::ensure_loaded(&db)
        .await
        .expect("admin units load");
    for round in ["first", "second"] {
        let started = std::time::Instant::now();
        let report = import(&db, &dir, false).await;
        println!("{round} import: {:.1?}\n{report}", started.elapsed());
        for problem in report.problems().take(5) {
            println!("  {problem}");
        }
    }
}
