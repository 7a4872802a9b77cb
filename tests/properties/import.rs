//! The CSV importer fed damaged files: the sample's producers.csv, then a
//! products.csv made of real rows, damaged rows, random bytes, stray quotes,
//! byte-order marks, NUL bytes and wrong line ends. The import never fails
//! or panics on content: it answers with a report, and a file with any
//! rejected row writes none of its rows.

use app::department::import::{import_dir, FileOutcome, ImportOptions, NoProgress};
use app::entities::products;
use migrations::Migrator;
use proptest::prelude::*;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use sea_orm_migration::MigratorTrait;

const HEADER: &str =
    "code,name,producer_code,group,unit,price_vnd,stock,traceable,published,description,story";

fn row_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (1u32..400).prop_map(|n| format!(
            "SPX{n:06},Sản phẩm thử {n},CT{:06},1,hộp,{},{},1,1,Mô tả,Câu chuyện",
            n % 150 + 1, 10_000 + n, n % 50
        )),
        1 => Just("SPX000001,Trùng mã,CT000001,1,hộp,1000,1,1,1,,".to_owned()),
        1 => Just("SPX000002,\"Dấu ngoặc \"\" lạ\",CT000001,1,hộp,1000,1,1,1,,".to_owned()),
        1 => Just("SPX000003,\"không đóng ngoặc,CT000001,1".to_owned()),
        1 => Just("SPX000004,Giá âm,CT000001,1,hộp,-5,1,1,1,,".to_owned()),
        1 => Just("SPX000005,Nhóm lạ,CT000001,99,hộp,5,1,1,1,,".to_owned()),
        1 => Just("SPX000006,Chủ thể lạ,CT999999,1,hộp,5,1,1,1,,".to_owned()),
        1 => Just("\u{feff}\u{0}\r".to_owned()),
        1 => Just(",,,,,,,,,,,,,,,,,,".to_owned()),
        1 => "\\PC{0,80}",
        1 => any::<String>(),
    ]
}

fn products_csv() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::bool::ANY,
        prop::collection::vec(row_piece(), 0..12),
        prop::collection::vec(any::<u8>(), 0..40),
        prop::bool::ANY,
    )
        .prop_map(|(header, rows, bytes, crlf)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = String::new();
            if header {
                text.push_str(HEADER);
                text.push_str(end);
            }
            text.push_str(&rows.join(end));
            let mut out = text.into_bytes();
            if !bytes.is_empty() {
                out.extend_from_slice(end.as_bytes());
                out.extend(bytes);
            }
            out
        })
}

async fn register(db: &DatabaseConnection) -> u64 {
    products::Entity::find().count(db).await.expect("count")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]
    #[test]
    fn damaged_product_files_are_reported_not_fatal(csv in products_csv(), skip_invalid in prop::bool::ANY) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        runtime.block_on(async {
            let folder = tempfile::tempdir().expect("folder");
            let sample = tests::sample_dir();
            std::fs::copy(sample.join("producers.csv"), folder.path().join("producers.csv")).expect("producers");
            std::fs::write(folder.path().join("products.csv"), &csv).expect("products");
            let db = sea_orm::Database::connect("sqlite::memory:").await.expect("db");
            Migrator::up(&db, None).await.expect("migrate");
            app::admin_units::ensure_loaded(&db).await.expect("admin units");
            let report = import_dir(&db, folder.path(), &ImportOptions { skip_invalid }, &NoProgress).await;
            prop_assert!(report.is_ok(), "content made the import fail: {:?}", report.err());
            let report = report.expect("report");
            let file = report.files.iter().find(|f| f.file == "products.csv");
            prop_assert!(file.is_some(), "products.csv is reported");
            let file = file.expect("file");
            let written = register(&db).await;
            if file.outcome == FileOutcome::Rejected {
                prop_assert_eq!(written, 0, "a rejected file writes nothing");
                prop_assert!(!report.is_clean());
            }
            if !skip_invalid && file.rejected > 0 {
                prop_assert_eq!(written, 0, "without --skip-invalid one bad row stops the file");
            }
            Ok(())
        })?;
    }
}
