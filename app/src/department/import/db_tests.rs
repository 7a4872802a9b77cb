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

/// The one row of the sample that breaks the rules: a listing that ends the day
/// it starts (the generator draws `until` from `since` onwards, inclusive).
const SAMPLE_BAD_LISTING: &str =
    "listings.csv:93: cột until: ngày kết thúc phải sau ngày bắt đầu (since 2026-06-25): 2026-06-25";

#[tokio::test]
async fn the_sample_catalog_imports_and_a_second_import_changes_nothing() {
    let db = fresh_db().await;

    let strict = import(&db, &sample(), false).await;
    let created: Vec<(&str, u64, FileOutcome)> = strict
        .files
        .iter()
        .map(|f| (f.file, f.created, f.outcome))
        .collect();
    assert_eq!(
        created,
        [
            ("producers.csv", 133, FileOutcome::Imported),
            ("products.csv", 400, FileOutcome::Imported),
            ("certifications.csv", 483, FileOutcome::Imported),
            ("listings.csv", 0, FileOutcome::Rejected),
            ("sales_points.csv", 71, FileOutcome::Imported),
            ("events.csv", 16, FileOutcome::Imported),
        ]
    );
    let problems: Vec<String> = strict.problems().map(ToString::to_string).collect();
    assert_eq!(problems, [SAMPLE_BAD_LISTING]);
    assert_eq!(
        count::<channel_listings::Entity>(&db).await,
        0,
        "a rejected file writes nothing"
    );

    let lenient = import(&db, &sample(), true).await;
    let listings = lenient.file("listings.csv").expect("listings report");
    assert_eq!(
        (listings.outcome, listings.created, listings.rejected),
        (FileOutcome::Imported, 839, 1)
    );
    let others_unchanged = lenient
        .files
        .iter()
        .filter(|f| f.file != "listings.csv")
        .all(|f| f.created + f.updated == 0);
    assert!(others_unchanged, "{lenient}");

    assert_eq!(count::<producers::Entity>(&db).await, 133);
    assert_eq!(count::<products::Entity>(&db).await, 400);
    assert_eq!(count::<product_stories::Entity>(&db).await, 373);
    assert_eq!(count::<certifications::Entity>(&db).await, 483);
    assert_eq!(count::<channel_listings::Entity>(&db).await, 839);
    assert_eq!(count::<sales_points::Entity>(&db).await, 71);
    assert_eq!(count::<sales_point_products::Entity>(&db).await, 968);
    assert_eq!(count::<events::Entity>(&db).await, 16);
    assert_eq!(count::<event_participants::Entity>(&db).await, 163);
    assert_eq!(count::<search_outbox::Entity>(&db).await, 400);

    let again = import(&db, &sample(), true).await;
    assert!(again.changed_nothing(), "{again}");
    let unchanged: Vec<u64> = again.files.iter().map(|f| f.unchanged).collect();
    assert_eq!(unchanged, [133, 400, 483, 839, 71, 16]);
    assert!(again.to_string().contains("Không có thay đổi nào"));
    let problems: Vec<String> = again.problems().map(ToString::to_string).collect();
    assert_eq!(problems, [SAMPLE_BAD_LISTING]);
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

#[tokio::test]
async fn an_empty_folder_is_an_error() {
    let db = fresh_db().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let err = import_dir(&db, dir.path(), &ImportOptions::default(), &NoProgress)
        .await
        .unwrap_err();
    assert!(matches!(err, super::ImportError::NothingToImport(_)));
}
