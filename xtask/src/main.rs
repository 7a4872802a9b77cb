//! `cargo xtask build|serve|test`: the whole build pipeline without cargo-leptos.
//! Builds the wasm frontend, runs wasm-bindgen as a library, lays out
//! `target/site`, then builds (and runs) the server or the tests.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod bench;
mod bench_load;
mod bench_media;
mod bench_pages;
mod bench_reports;
mod bench_search;

const OUTPUT_NAME: &str = "chocop";

fn main() -> std::process::ExitCode {
    match run_command() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_command() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]).to_vec();
    match args.first().map(String::as_str) {
        Some("build") => build_site(),
        Some("serve") => {
            build_site()?;
            cargo(&["build", "-p", "server", "--bin", "ocop"])?;
            let bin = root().join("target/debug/ocop");
            let mut cmd = Command::new(bin);
            cmd.arg("serve")
                .arg("--migrate")
                .args(&rest)
                .current_dir(root());
            run(clean_env(&mut cmd))
        }
        Some("test") => {
            build_site()?;
            ensure_postgres();
            // The plan-report test opens the XLSX export in LibreOffice.
            ensure_apt_package("/usr/bin/libreoffice", "libreoffice-calc-nogui")?;
            // frontend is wasm-only; xtask has no tests, and building it inside the
            // workspace would unify features differently from `cargo xtask` and
            // rebuild its dependencies twice.
            let mut test_args = vec![
                "test",
                "--workspace",
                "--exclude",
                "frontend",
                "--exclude",
                "xtask",
            ];
            test_args.extend(rest.iter().map(String::as_str));
            cargo(&test_args)?;
            browser_tests()
        }
        Some("bench") => bench::run_import_bench(&root(), &rest),
        Some("bench-media") => bench_media::run(&root()),
        Some("bench-pages") => bench_pages::run(&root()),
        Some("bench-search") => bench_search::run(&root(), &rest),
        Some("bench-reports") => bench_reports::run(&root(), &rest),
        Some("bench-load") => bench_load::run(&root()),
        Some("lighthouse") => lighthouse(),
        Some("screenshots") => {
            build_site()?;
            cargo(&["build", "-p", "server", "--bin", "ocop"])?;
            let out = root().join("docs/screenshots");
            std::fs::create_dir_all(&out)?;
            in_browser("screenshots.mjs", &[out.display().to_string()])?;
            in_browser("sales_points_map.mjs", &[out.display().to_string()])?;
            in_browser("producer_journey.mjs", &[out.display().to_string()])
        }
        _ => {
            eprintln!("usage: cargo xtask build | serve | test [cargo test args] | bench [20000 200000 ...] | bench-media | bench-pages | bench-search [20000 200000 ...] | bench-reports [20000 200000 ...] | bench-load | lighthouse | screenshots");
            std::process::exit(2);
        }
    }
}

/// The workspace root (the xtask lives one folder below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Cargo sets these for the xtask itself; passing them on makes ring's build
/// script see a changed environment and rebuild the TLS and database stack on
/// every switch between `cargo test` and the xtask.
pub(crate) fn clean_env(cmd: &mut Command) -> &mut Command {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().to_string();
        if key == "CARGO_MANIFEST_DIR"
            || key == "CARGO_MANIFEST_PATH"
            || key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_BIN_")
            || key == "CARGO_CRATE_NAME"
            || key == "CARGO_PRIMARY_PACKAGE"
        {
            cmd.env_remove(key);
        }
    }
    cmd
}

pub(crate) fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Installs the Debian `package` when `binary` is missing.
pub(crate) fn ensure_installed(binary: &str, package: &str) -> Result<()> {
    if Path::new(binary).exists() {
        return Ok(());
    }
    run(Command::new("apt-get").args(["install", "-y", "-qq", package]))
}

/// [`ensure_installed`] for a package that may not be in the local package
/// lists yet (a fresh machine): updates them first, non-interactively.
pub(crate) fn ensure_apt_package(binary: &str, package: &str) -> Result<()> {
    if Path::new(binary).exists() {
        return Ok(());
    }
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-install-recommends", package])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

pub(crate) fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args(args).current_dir(root());
    run(clean_env(&mut cmd))
}

/// The wasm target is not installed automatically here (RUSTUP_AUTO_INSTALL=0).
fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    let installed = out
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"))
        .unwrap_or(false);
    if !installed {
        run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }
    Ok(())
}

/// Builds the hydration bundle and the stylesheet into `target/site/pkg`.
pub(crate) fn build_site() -> Result<()> {
    ensure_wasm_target()?;
    cargo(&[
        "build",
        "-p",
        "frontend",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
    ])?;
    let root = root();
    let wasm = root.join("target/wasm32-unknown-unknown/wasm-release/frontend.wasm");
    let pkg = root.join("target/site/pkg");
    std::fs::create_dir_all(&pkg)?;
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&wasm)
        .web(true)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .out_name(OUTPUT_NAME)
        .generate(&pkg)
        .map_err(|e| anyhow::anyhow!("wasm-bindgen: {e}"))?;
    // Leptos asks for `<name>.wasm` when LEPTOS_OUTPUT_NAME is set.
    std::fs::rename(
        pkg.join(format!("{OUTPUT_NAME}_bg.wasm")),
        pkg.join(format!("{OUTPUT_NAME}.wasm")),
    )?;
    // One stylesheet: `main.css` first, then the other files of `style/`
    // in name order (each a part of the site: `staff.css` for the desks).
    let mut parts: Vec<_> = std::fs::read_dir(root.join("style"))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "css"))
        .collect();
    parts.sort_by_key(|p| {
        (
            p.file_name() != Some(std::ffi::OsStr::new("main.css")),
            p.clone(),
        )
    });
    let mut css = String::new();
    for part in parts {
        css.push_str(&std::fs::read_to_string(part)?);
        css.push('\n');
    }
    std::fs::write(pkg.join(format!("{OUTPUT_NAME}.css")), css)?;
    let public = root.join("public");
    if public.is_dir() {
        copy_dir(&public, &root.join("target/site"))?;
    }
    eprintln!("site built in {}", root.join("target/site").display());
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Real-browser checks (tests/browser): Debian's Chromium driven by
/// playwright-core against the real server on a free port, with a fresh data
/// directory and the demo catalog.
fn browser_tests() -> Result<()> {
    let mut args = Vec::new();
    if let Ok(dir) = std::env::var("OCOP_SCREENSHOTS") {
        args.push(dir);
    }
    in_browser("hydration.mjs", &args)?;
    in_browser("sales_points_map.mjs", &args)?;
    in_browser("producer_journey.mjs", &args)?;
    // The shopper, producer and officer journeys at 375 and 1280 px with
    // JavaScript on and off; their screenshots are the run's artifacts.
    let artifacts = root().join("target/artifacts/journeys");
    in_browser("journeys.mjs", &[artifacts.display().to_string()])?;
    // Opening a stall: four applications, one approved, one refused.
    in_browser("seller_journeys.mjs", &[artifacts.display().to_string()])?;
    // The administrator's console: overview, accounts, a plan, the year.
    in_browser("admin_console.mjs", &[artifacts.display().to_string()])?;
    in_browser("accessibility.mjs", &[])
}

/// `cargo xtask lighthouse`: Lighthouse scores (BENCHMARKS.md) of the home,
/// list and product pages served by a release build on the demo catalog.
fn lighthouse() -> Result<()> {
    let root = root();
    build_site()?;
    bench::build_release(&[])?;
    let dir = root.join("tests/lighthouse");
    if !dir.join("node_modules/lighthouse").exists() {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir))?;
    }
    let data = std::env::temp_dir().join(format!("ocop-lighthouse-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let server = Server::start(
        &root.join("target/release/ocop"),
        &data,
        "warn",
        Stdio::null(),
    )?;
    let outcome = server.wait_until_healthy().and_then(|()| {
        run(Command::new("node")
            .arg("run.mjs")
            .arg(server.base_url())
            .arg("3")
            .current_dir(&dir))
    });
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    outcome
}

/// Runs the script `tests/browser/{script}` with the address of a fresh demo
/// server and `args`, installing Chromium and playwright-core when missing.
fn in_browser(script: &str, args: &[String]) -> Result<()> {
    let root = root();
    if !Path::new("/usr/bin/chromium").exists() && std::env::var_os("CHROMIUM").is_none() {
        run(Command::new("apt-get").args(["update", "-qq"]))?;
        run(Command::new("apt-get")
            .args(["install", "-y", "-qq", "chromium"])
            .env("DEBIAN_FRONTEND", "noninteractive"))?;
    }
    let browser_dir = root.join("tests/browser");
    let installed = ["playwright-core", "axe-core"]
        .iter()
        .all(|m| browser_dir.join("node_modules").join(m).exists());
    if !installed {
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&browser_dir))?;
    }
    // `cargo test` (or `screenshots`) built target/debug/ocop.
    let data = std::env::temp_dir().join(format!("ocop-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let server = Server::start(
        &root.join("target/debug/ocop"),
        &data,
        "warn",
        Stdio::null(),
    )?;
    let outcome = server.wait_until_healthy().and_then(|()| {
        run(Command::new("node")
            .arg(script)
            .arg(server.base_url())
            .args(args)
            // Scripts read what the server writes there (mail as .eml).
            .env("OCOP_DATA_DIR", &data)
            .current_dir(&browser_dir))
    });
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
    outcome
}

/// `ocop serve` on a free port of 127.0.0.1 with its own SQLite data
/// directory, stopped when dropped.
pub(crate) struct Server {
    child: std::process::Child,
    port: u16,
}

impl Server {
    /// Starts `ocop serve` from the workspace root; stdout goes to `log`.
    pub(crate) fn start(ocop: &Path, data: &Path, rust_log: &str, log: Stdio) -> Result<Server> {
        Server::start_with(ocop, data, rust_log, log, &[])
    }

    /// [`Server::start`] with extra environment (e.g. `DATABASE_URL`).
    pub(crate) fn start_with(
        ocop: &Path,
        data: &Path,
        rust_log: &str,
        log: Stdio,
        env: &[(&str, String)],
    ) -> Result<Server> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut cmd = Command::new(ocop);
        cmd.arg("serve")
            .env("OCOP_ADDR", format!("127.0.0.1:{port}"))
            .env("OCOP_DATA_DIR", data)
            .env_remove("DATABASE_URL")
            .env("RUST_LOG", rust_log)
            .stdout(log)
            .stderr(Stdio::null())
            .current_dir(root());
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = clean_env(&mut cmd).spawn().context("start ocop serve")?;
        Ok(Server { child, port })
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Blocks until `/api/v1/health` answers (see [`wait_for_health`]).
    pub(crate) fn wait_until_healthy(&self) -> Result<()> {
        wait_for_health(self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to ten minutes for the server to answer its health check (a first
/// start imports the demo catalog or builds the search index), polling every
/// 50 ms so start-up times can be read from it.
fn wait_for_health(port: u16) -> Result<()> {
    use std::io::{Read, Write};
    for _ in 0..12_000 {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.write_all(
                b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            );
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                return Ok(());
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    bail!("the server did not become healthy on port {port}")
}

/// Tests need the PostgreSQL server on 127.0.0.1:5432; start the local cluster
/// when it is installed but stopped. The tests themselves report clearly if it
/// is still unreachable.
/// Whether PostgreSQL answers on 127.0.0.1:5432.
pub(crate) fn postgres_answers() -> bool {
    matches!(
        Command::new("pg_isready")
            .args(["-h", "127.0.0.1", "-p", "5432"])
            .status(),
        Ok(s) if s.success()
    )
}

fn ensure_postgres() {
    if postgres_answers() {
        return;
    }
    if let Ok(versions) = std::fs::read_dir("/etc/postgresql") {
        for v in versions.flatten() {
            let version = v.file_name().to_string_lossy().to_string();
            let _ = Command::new("pg_ctlcluster")
                .args(["--skip-systemctl-redirect", &version, "main", "start"])
                .status();
        }
    }
}
