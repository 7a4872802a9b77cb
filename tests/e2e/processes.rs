//! Real `ocop serve` processes for the scale-out and crash tests: the binary
//! `cargo test --workspace` builds (target/debug/ocop), each with its own data
//! directory and port, against a database prepared in-process. Killed with
//! SIGKILL when dropped, as a crash would.

use server::startup::{prepare_database, StartOptions};
use server::Settings;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

/// target/debug/ocop, next to this test binary's folder.
pub fn ocop_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let debug = exe.parent().and_then(Path::parent).expect("target/debug");
    let binary = debug.join("ocop");
    assert!(
        binary.exists(),
        "{} is missing: `cargo xtask test` (or `cargo build -p server --bin ocop`) builds it",
        binary.display()
    );
    binary
}

/// A copy of ../shared/tools/gen_catalog.py (same arguments, same bytes out),
/// kept in the repository so the crash tests run on a clean clone.
pub fn gen_catalog_script() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gen_catalog.py"))
}

/// Migrates `url` and loads the demo catalog and accounts into it, without
/// starting anything that runs in the background.
pub async fn seed(url: &str, data_dir: &Path) {
    let settings = Settings {
        database_url: Some(server::config::Secret::new(url.to_owned())),
        data_dir: data_dir.to_path_buf(),
        demo: true,
        demo_illustrations: false,
        ..Settings::default()
    };
    let db = prepare_database(&settings, StartOptions { migrate: true })
        .await
        .expect("the database is prepared");
    let _ = db.close().await;
}

/// One running `ocop serve`.
pub struct OcopProcess {
    child: Option<Child>,
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// Its data directory (mail is written under `mail/`).
    pub data_dir: PathBuf,
    url: String,
    env: Vec<(String, String)>,
    port: u16,
}

impl OcopProcess {
    /// Starts `ocop serve` on `url` with `data_dir` and extra environment,
    /// and waits until it answers `/api/v1/health`.
    pub async fn start(url: &str, data_dir: &Path, env: &[(&str, &str)]) -> OcopProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .expect("free port")
            .local_addr()
            .expect("address")
            .port();
        let mut process = OcopProcess {
            child: None,
            address: format!("http://127.0.0.1:{port}"),
            data_dir: data_dir.to_path_buf(),
            url: url.to_owned(),
            env: env
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            port,
        };
        process.spawn().await;
        process
    }

    async fn spawn(&mut self) {
        let log = std::fs::File::create(self.log_path()).expect("log file");
        let log_too = log.try_clone().expect("log file");
        let mut cmd = Command::new(ocop_binary());
        cmd.arg("serve")
            .env("DATABASE_URL", &self.url)
            .env("OCOP_DATA_DIR", &self.data_dir)
            .env("OCOP_ADDR", format!("127.0.0.1:{}", self.port))
            .env("OCOP_DEMO", "0")
            .env("OCOP_DEMO_ILLUSTRATIONS", "0")
            .env("RUST_LOG", "warn")
            // These tests load one server from one address far beyond what a
            // person does; the limits have tests of their own (hardening.rs).
            .env("OCOP_RATE_LIMIT_LOGIN", "0")
            .env("OCOP_RATE_LIMIT_CHECKOUT", "0")
            .env("OCOP_RATE_LIMIT_SEARCH", "0")
            .env("OCOP_RATE_LIMIT_UPLOAD", "0")
            .stdout(log)
            .stderr(log_too);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        self.child = Some(cmd.spawn().expect("ocop serve starts"));
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let health = client
                .get(format!("{}/api/v1/health", self.address))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if matches!(health, Ok(ref r) if r.status() == 200) {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(Child::try_wait) {
                panic!(
                    "ocop serve exited with {status}: see {}",
                    self.log_path().display()
                );
            }
            assert!(
                Instant::now() < deadline,
                "ocop serve did not become healthy: see {}",
                self.log_path().display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    fn log_path(&self) -> PathBuf {
        self.data_dir.with_extension(format!("{}.log", self.port))
    }

    /// What the process has logged so far (standard output and error).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// SIGKILL: no shutdown code runs, as in a crash or an OOM kill.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM, as a service manager stops it; then waits up to `limit` for
    /// the process to exit and returns its status (none if it did not).
    pub async fn terminate(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let child = self.child.as_mut()?;
        let sent = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(sent.success(), "SIGTERM sent");
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                self.child = None;
                return Some(status);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        None
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Starts the same server again (same port, data and database).
    pub async fn restart(&mut self) {
        self.kill9();
        self.spawn().await;
    }
}

impl Drop for OcopProcess {
    fn drop(&mut self) {
        self.kill9();
    }
}
