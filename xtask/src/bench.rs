//! `cargo xtask bench [SIZES...]`: the import and start-up benchmarks of
//! BENCHMARKS.md, on a release build and fresh SQLite databases. Catalogs come
//! from ../shared/tools/gen_catalog.py (byte-identical on every machine); wall
//! time and peak RSS from GNU time.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One measured command.
struct Measure {
    wall: f64,
    max_rss_mb: f64,
    stdout: String,
}

/// Builds the release `ocop` and the server's benchmark `examples`.
pub fn build_release(examples: &[&str]) -> Result<()> {
    let mut args = vec!["build", "--release", "-p", "server", "--bin", "ocop"];
    for example in examples {
        args.extend(["--example", example]);
    }
    super::cargo(&args)
}

/// Runs the benchmarks for each catalog size (default 20k and 200k).
pub fn run_import_bench(root: &Path, sizes: &[String]) -> Result<()> {
    let sizes = catalog_sizes(sizes)?;
    super::ensure_installed("/usr/bin/time", "time")?;
    build_release(&[])?;
    let ocop = root.join("target/release/ocop");
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    println!(
        "machine: {} cores; ocop release build; SQLite in a fresh data directory",
        cores()
    );
    for n in sizes {
        let catalog = generate(root, &work, n)?;
        let data = work.join(format!("data-{n}"));
        let _ = std::fs::remove_dir_all(&data);
        let first = measure(&ocop, &data, &["import".as_ref(), catalog.as_os_str()])?;
        println!(
            "import {n:>7} products, empty database : {:>7.1} s, peak RSS {:>6.0} MB",
            first.wall, first.max_rss_mb
        );
        print_summary(&first.stdout);
        let again = measure(&ocop, &data, &["import".as_ref(), catalog.as_os_str()])?;
        println!(
            "re-import {n:>7} products, unchanged  : {:>7.1} s, peak RSS {:>6.0} MB",
            again.wall, again.max_rss_mb
        );
        print_summary(&again.stdout);
        let (cold, index_build) = start_until_healthy(&ocop, &data)?;
        println!("serve on the {n}-product database, first start (builds the search index): {cold:.2} s to healthy");
        let (warm, _) = start_until_healthy(&ocop, &data)?;
        println!("serve on the {n}-product database, next start (index on disk)             : {warm:.2} s to healthy");
        if let Some(line) = index_build {
            println!("    {line}");
        }
    }
    Ok(())
}

/// Catalog sizes from the command line, 20k and 200k by default.
pub(crate) fn catalog_sizes(sizes: &[String]) -> Result<Vec<u32>> {
    if sizes.is_empty() {
        return Ok(vec![20_000, 200_000]);
    }
    sizes
        .iter()
        .map(|s| s.parse())
        .collect::<Result<_, _>>()
        .context("sizes are product counts")
}

fn cores() -> usize {
    std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
}

/// The generated catalog of `n` products under `work`, made once.
pub(crate) fn generate(root: &Path, work: &Path, n: u32) -> Result<PathBuf> {
    let dir = work.join(format!("catalog-{n}"));
    if !dir.join("products.csv").exists() {
        let script = root.join("../shared/tools/gen_catalog.py");
        super::run(
            Command::new("python3")
                .arg(script)
                .arg("--out")
                .arg(&dir)
                .arg("--products")
                .arg(n.to_string()),
        )?;
    }
    Ok(dir)
}

fn measure(ocop: &Path, data: &Path, args: &[&std::ffi::OsStr]) -> Result<Measure> {
    let mut cmd = Command::new("/usr/bin/time");
    cmd.arg("-f")
        .arg("BENCH %e %M")
        .arg(ocop)
        .args(args)
        .env("OCOP_DATA_DIR", data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    let out = super::clean_env(&mut cmd).output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .find(|l| l.starts_with("BENCH "))
        .context("GNU time output")?;
    let mut parts = line.split_whitespace().skip(1);
    let wall: f64 = parts.next().unwrap_or("0").parse()?;
    let kb: f64 = parts.next().unwrap_or("0").parse()?;
    if !out.status.success() {
        bail!("ocop {args:?} failed: {stderr}");
    }
    Ok(Measure {
        wall,
        max_rss_mb: kb / 1024.0,
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
    })
}

fn print_summary(stdout: &str) {
    for line in stdout.lines() {
        println!("    {line}");
    }
}

/// Starts `ocop serve` and times it until `/api/v1/health` answers; returns
/// the seconds and the index-build log line, if any.
fn start_until_healthy(ocop: &Path, data: &Path) -> Result<(f64, Option<String>)> {
    let log = data.join("serve.log");
    let started = Instant::now();
    let server = super::Server::start(ocop, data, "info", std::fs::File::create(&log)?.into())?;
    let healthy = server.wait_until_healthy();
    let elapsed = started.elapsed();
    drop(server);
    healthy?;
    std::thread::sleep(Duration::from_millis(100));
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let line = text
        .lines()
        .find(|l| l.contains("search index built"))
        .map(|l| {
            let plain: String = strip_ansi(l);
            plain
                .split_once("INFO")
                .map(|(_, rest)| rest.trim().to_string())
                .unwrap_or(plain)
        });
    Ok((elapsed.as_secs_f64(), line))
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_escape = false;
    for c in s.chars() {
        match (in_escape, c) {
            (false, '\u{1b}') => in_escape = true,
            (true, 'm') => in_escape = false,
            (true, _) => {}
            (false, c) => out.push(c),
        }
    }
    out
}
