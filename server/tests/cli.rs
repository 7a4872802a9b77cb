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

/// `GET path` on a local server with a bare HTTP/1.0 request; the body.
fn http_get(port: u16, path: &str) -> Option<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    (head.split(' ').nth(1) == Some("200")).then(|| body.to_string())
}

/// A free loopback port (there is a small race; the test retries nothing).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts `ocop serve` on `data`, waits until it answers, returns the total
/// the search API gives for "mat ong", and stops the server.
fn serve_and_search(data: &Path) -> u64 {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env("OCOP_DATA_DIR", data)
        .env("OCOP_ADDR", format!("127.0.0.1:{port}"))
        .env("OCOP_DEMO_ILLUSTRATIONS", "false")
        .env("RUST_LOG", "warn")
        .spawn()
        .expect("spawn ocop serve");
    let mut body = None;
    for _ in 0..300 {
        body = http_get(port, "/api/v1/products/search?q=mat+ong");
        if body.is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    child.kill().expect("stop the server");
    child.wait().expect("reap the server");
    let body = body.expect("the server answered within 30 s");
    let total = body
        .split("\"total\":")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok());
    total.expect("a total in the search answer")
}

#[test]
fn the_index_is_derived_data_rebuilt_when_missing_or_corrupt() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let index = data.join("search-index");

    // First start: demo catalog loaded, index built.
    let total = serve_and_search(&data);
    assert!(total > 0, "honey is found");

    // Deleted: rebuilt at start, nothing lost.
    std::fs::remove_dir_all(&index).expect("delete the index");
    assert_eq!(serve_and_search(&data), total);

    // Corrupt metadata: recreated and rebuilt at start.
    std::fs::write(index.join("meta.json"), "{ not json").expect("corrupt");
    assert_eq!(serve_and_search(&data), total);

    // `ocop reindex` rebuilds it on demand and says how many it indexed.
    let out = ocop(&data, &["reindex"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        said.contains("Đã lập chỉ mục") && said.contains("Indexed"),
        "{said}"
    );
    assert_eq!(serve_and_search(&data), total);
}

#[test]
fn user_add_creates_accounts_and_names_every_problem() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let sample = sample();
    let imported = ocop(&data, &["import", sample.to_str().expect("utf-8")], &[]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let secret = "mật-khẩu-rất-bí-mật-42";
    let debug = [("OCOP_PASSWORD", secret), ("RUST_LOG", "debug")];

    // An officer of a commune, the password from the environment.
    let out = ocop(
        &data,
        &[
            "user",
            "add",
            "CanBo@Example.vn",
            "--role",
            "officer",
            "--area",
            "Cần Thơ/Xã Thới Lai",
        ],
        &debug,
    );
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    assert!(out.status.success(), "{said}");
    assert!(said.contains("canbo@example.vn (officer)"), "{said}");
    assert!(!said.contains(secret), "the password never appears: {said}");

    // A producer member, the password on standard input.
    let mut child = Command::new(env!("CARGO_BIN_EXE_ocop"))
        .args([
            "user",
            "add",
            "htx@example.vn",
            "--role",
            "producer",
            "--producer",
            "CT000001",
        ])
        .env_remove("DATABASE_URL")
        .env_remove("OCOP_PASSWORD")
        .env("OCOP_DATA_DIR", &data)
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, "{secret}").expect("write the password");
    }
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));

    // Every problem is named, in both languages, and nothing is created.
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "user",
                "add",
                "canbo@example.vn",
                "--role",
                "officer",
                "--area",
                "Cần Thơ",
            ],
            "exists",
        ),
        (
            &["user", "add", "x@example.vn", "--role", "producer"],
            "needs a producer code",
        ),
        (
            &[
                "user",
                "add",
                "x@example.vn",
                "--role",
                "producer",
                "--producer",
                "NOPE",
            ],
            "No producer has this code",
        ),
        (
            &[
                "user",
                "add",
                "x@example.vn",
                "--role",
                "officer",
                "--area",
                "Atlantis",
            ],
            "No such province",
        ),
        (
            &["user", "add", "not-an-address", "--role", "shopper"],
            "not valid",
        ),
        (
            &["user", "add", "x@example.vn", "--role", "root"],
            "The role must be",
        ),
    ];
    for (args, expected) in cases {
        let out = ocop(&data, args, &debug);
        assert!(!out.status.success(), "{args:?}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains(secret));
    }
    let short = ocop(
        &data,
        &["user", "add", "y@example.vn", "--role", "shopper"],
        &[("OCOP_PASSWORD", "short")],
    );
    assert!(!short.status.success());
    assert!(
        stderr(&short).contains("at least 10 characters"),
        "{}",
        stderr(&short)
    );
}
