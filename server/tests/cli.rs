//! The `ocop` binary as an operator meets it: clear one-sentence failures and
//! the importer's exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn ocop(data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ocop"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env("OCOP_DATA_DIR", data_dir)
        .env("OCOP_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run ocop")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/data/sample")
}

#[test]
fn a_bad_database_url_is_one_clear_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = ocop(
        dir.path(),
        &["migrate", "status"],
        &[("DATABASE_URL", "mysql://nobody@localhost/x")],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("DATABASE_URL"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(!err.contains("panicked"));

    let out = ocop(
        dir.path(),
        &["migrate", "status"],
        &[("DATABASE_URL", "postgres://postgres@127.0.0.1:1/none")],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("Không kết nối được cơ sở dữ liệu") && err.contains("Cannot connect"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn an_unwritable_data_directory_is_one_clear_sentence() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, b"x").expect("write");
    let out = ocop(&file.join("data"), &["serve"], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("Không ghi được vào thư mục dữ liệu") && err.contains("not writable"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn import_succeeds_then_reports_no_changes_and_a_bad_row_fails() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let sample = sample();
    let sample = sample.to_str().expect("utf-8 path");

    let first = ocop(&data, &["import", sample], &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    let out = String::from_utf8_lossy(&first.stdout);
    assert!(out.contains("products.csv: 400 mới"), "{out}");

    let second = ocop(&data, &["import", sample], &[]);
    assert!(second.status.success());
    assert!(String::from_utf8_lossy(&second.stdout).contains("Không có thay đổi nào"));

    let bad = dir.path().join("bad");
    std::fs::create_dir_all(&bad).expect("mkdir");
    std::fs::write(
        bad.join("products.csv"),
        "code,name,producer_code,group,unit,price_vnd,stock,traceable,published,description,story\n\
         SP9000001,Mắm thử,CT000001,1,hũ,50000,3,1,1,Mô tả,\n\
         SP9000002,Mắm thử hai,CT000001,9,hũ,50000,3,1,1,Mô tả,\n",
    )
    .expect("write");
    let out = ocop(&data, &["import", bad.to_str().expect("utf-8")], &[]);
    assert!(!out.status.success(), "a bad row fails the import");
    let err = stderr(&out);
    assert!(
        err.contains("products.csv:3:") && err.contains("group"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("TỆP BỊ TỪ CHỐI"));
}
