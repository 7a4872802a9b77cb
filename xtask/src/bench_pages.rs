//! `cargo xtask bench-pages`: the product-page benchmark of BENCHMARKS.md.
//! A release build of the `page_ceiling` example serves the 20k-product
//! catalog from SQLite; wrk (64 connections, 2 threads, on the same machine)
//! loads one product page, then the same page's HTML held as a static string
//! by the same server (`/ceiling`), the most this machine can serve. Each is
//! warmed for 5 s and measured for 30 s; the whole is run with the page cache
//! on (as deployed) and off (every request rendered), so both are known.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

/// Connections kept open by wrk.
const CONNECTIONS: u32 = 64;
/// Seconds measured per URL.
const SECONDS: u32 = 30;
/// Products in the catalog.
const PRODUCTS: u32 = 20_000;

/// What wrk saw on one URL.
struct Load {
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: String,
}

/// Builds, imports the catalog, runs both loads and prints the table.
pub fn run(root: &Path) -> Result<()> {
    super::ensure_installed("/usr/bin/wrk", "wrk")?;
    super::bench::build_release(&["page_ceiling"])?;
    let work = root.join("target/bench");
    let catalog = super::bench::generate(root, &work, PRODUCTS)?;
    let data = work.join(format!("pages-{PRODUCTS}"));
    let _ = std::fs::remove_dir_all(&data);
    let mut import = Command::new(root.join("target/release/ocop"));
    import
        .arg("import")
        .arg(&catalog)
        .env("OCOP_DATA_DIR", &data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null());
    super::run(super::clean_env(&mut import))?;

    let mut rows = Vec::new();
    for (cache_seconds, label) in [
        ("2", "page cache on (the default, 2 s)"),
        ("0", "page cache off (every request rendered)"),
    ] {
        let (page, size, ceiling, product) = serve_and_load(root, &data, cache_seconds)?;
        if rows.is_empty() {
            println!(
                "machine: {} cores; wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on the same machine; \
                 {PRODUCTS}-product catalog on SQLite; page {page} ({size})",
                std::thread::available_parallelism().map_or(1, usize::from)
            );
        }
        rows.push((
            format!("the page's HTML as a static string (`/ceiling`), {label}"),
            ceiling,
            None,
        ));
        let ratio =
            100.0 * product.requests_per_second / rows[rows.len() - 1].1.requests_per_second;
        rows.push((format!("the product page, {label}"), product, Some(ratio)));
    }
    println!("| what | requests/s | share of the ceiling | p50 | p99 | errors |");
    println!("|---|---|---|---|---|---|");
    for (name, l, ratio) in &rows {
        println!(
            "| {name} | {:.0} | {} | {:.1} ms | {:.1} ms | {} |",
            l.requests_per_second,
            ratio.map_or(String::new(), |r| format!("{r:.0}%")),
            l.p50_ms,
            l.p99_ms,
            l.errors
        );
    }
    Ok(())
}

/// Starts `page_ceiling` on `data` with the page cache set to
/// `cache_seconds`, then loads the ceiling and the product page; returns the
/// page's path, its size, and both loads.
fn serve_and_load(
    root: &Path,
    data: &Path,
    cache_seconds: &str,
) -> Result<(String, String, Load, Load)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut cmd = Command::new(root.join("target/release/examples/page_ceiling"));
    cmd.env("OCOP_ADDR", format!("127.0.0.1:{port}"))
        .env("OCOP_DATA_DIR", data)
        .env("OCOP_PAGE_CACHE_SECONDS", cache_seconds)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .current_dir(root);
    let mut child = super::clean_env(&mut cmd)
        .spawn()
        .context("start page_ceiling")?;
    let result = (|| {
        let stdout = child.stdout.take().context("stdout")?;
        let mut page = None;
        let mut size = String::new();
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            if let Some(path) = line.strip_prefix("PAGE ") {
                page = Some(path.to_string());
            } else if let Some(bytes) = line.strip_prefix("READY ") {
                size = bytes.to_string();
                break;
            }
        }
        let page = page.context("page_ceiling stopped before naming its page")?;
        let base = format!("http://127.0.0.1:{port}");
        let ceiling = load(&format!("{base}/ceiling"))?;
        let product = load(&format!("{base}{page}"))?;
        Ok((page, size, ceiling, product))
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// Warms `url` for 5 s, then measures it.
fn load(url: &str) -> Result<Load> {
    wrk(url, 5)?;
    let out = wrk(url, SECONDS)?;
    let (requests_per_second, p50_ms, p99_ms) = rate_and_latency(&out)?;
    let errors = out
        .lines()
        .filter(|l| l.contains("Non-2xx") || l.contains("Socket errors"))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("; ");
    Ok(Load {
        requests_per_second,
        p50_ms,
        p99_ms,
        errors: if errors.is_empty() {
            "none".into()
        } else {
            errors
        },
    })
}

/// Requests per second and the p50 and p99 latencies (ms) of a
/// `wrk --latency` report.
pub(crate) fn rate_and_latency(out: &str) -> Result<(f64, f64, f64)> {
    let requests_per_second = out
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .context("wrk printed no rate")?
        .trim()
        .parse()?;
    let percentile = |p: &str| -> Result<f64> {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(p))
            .with_context(|| format!("wrk printed no {p} latency"))?;
        milliseconds(line.split_whitespace().nth(1).unwrap_or_default())
    };
    Ok((requests_per_second, percentile("50%")?, percentile("99%")?))
}

fn wrk(url: &str, seconds: u32) -> Result<String> {
    let out = Command::new("wrk")
        .args(["-t2", &format!("-c{CONNECTIONS}"), &format!("-d{seconds}s")])
        .arg("--latency")
        .arg(url)
        .output()
        .context("run wrk")?;
    if !out.status.success() {
        bail!("wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// "812.00us", "12.34ms" or "1.02s" in milliseconds.
fn milliseconds(text: &str) -> Result<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        bail!("unexpected wrk latency {text:?}")
    };
    Ok(number.parse::<f64>()? * factor)
}
