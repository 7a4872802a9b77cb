//! `cargo xtask bench-load`: the load figures of BENCHMARKS.md. A release
//! `ocop serve` on the demo catalog (SQLite, and PostgreSQL when it answers on
//! 127.0.0.1:5432) is loaded by wrk on the same machine, at 64 and then 256
//! connections, on four routes: the home page, a product page, the search
//! page and a cash-on-delivery checkout (POST /api/v1/checkout, one unit of
//! one product whose stock is raised first so it never sells out). Every
//! answer's status is counted by a wrk script, so 4xx and 5xx are told
//! apart; any 5xx fails the run.

use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

const SECONDS: u32 = 15;
const WARM_UP: u32 = 3;
const CONNECTIONS: [u32; 2] = [64, 256];
/// The product the checkout buys and the product page shows.
const PRODUCT: &str = "SP0000044";

/// Counts statuses per wrk thread and prints them at the end ("status N
/// COUNT"); with a body file, sends POST requests with it.
const SCRIPT: &str = r#"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  statuses = {}
  local path = os.getenv("WRK_BODY")
  if path then
    local f = io.open(path, "rb")
    wrk.method = "POST"
    wrk.body = f:read("*a")
    f:close()
    wrk.headers["Content-Type"] = "application/json"
  end
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %d %d\n", k, v)) end
end
"#;

struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    statuses: BTreeMap<u16, u64>,
    socket_errors: String,
}

impl Load {
    fn count(&self, range: std::ops::RangeInclusive<u16>) -> u64 {
        self.statuses
            .iter()
            .filter(|(s, _)| range.contains(s))
            .map(|(_, n)| n)
            .sum()
    }
}

pub fn run(root: &Path) -> Result<()> {
    super::ensure_installed("/usr/bin/wrk", "wrk")?;
    super::build_site()?;
    super::bench::build_release(&[])?;
    let work = root.join("target/bench/load");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work)?;
    let script = work.join("count.lua");
    std::fs::write(&script, SCRIPT)?;
    let body = work.join("checkout.json");
    std::fs::write(
        &body,
        format!(
            r#"{{"items":[{{"code":"{PRODUCT}","quantity":1}}],"contact":{{"name":"Nguyễn Văn Tải","phone":"0912 345 678"}},"delivery":{{"method":"ship","province":"Cần Thơ","commune":"Xã Thới Lai","street":"Ấp 1"}},"payment":"cod"}}"#
        ),
    )?;

    let mut databases = vec![("SQLite", None)];
    if super::postgres_answers() {
        databases.push(("PostgreSQL", Some(fresh_postgres()?)));
    }
    println!(
        "machine: {} cores; wrk -t2 -d{SECONDS}s (after {WARM_UP} s of warm-up) on the same machine; demo catalog",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    println!("| database | route | connections | requests/s | p50 | p99 | 2xx | 4xx | 5xx | socket errors |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut failures = Vec::new();
    for (name, pg) in databases {
        let data = work.join(format!("data-{name}"));
        let db_url = pg.clone();
        // First start: migrate and load the demo, then raise the stock.
        let server = start(root, &data, db_url.as_deref())?;
        drop(server);
        raise_stock(&data, db_url.as_deref())?;
        let server = start(root, &data, db_url.as_deref())?;
        let base = server.base_url();
        let slug = product_slug(&base)?;
        let routes = [
            ("home `/`", format!("{base}/"), false),
            (
                "product `/san-pham/…`",
                format!("{base}/san-pham/{slug}"),
                false,
            ),
            (
                "search `/tim-kiem?q=nuoc mam`",
                format!("{base}/tim-kiem?q=nuoc%20mam"),
                false,
            ),
            (
                "checkout `POST /api/v1/checkout`",
                format!("{base}/api/v1/checkout"),
                true,
            ),
        ];
        for (route, url, post) in &routes {
            for c in CONNECTIONS {
                let post_body = post.then_some(body.as_path());
                wrk(&script, url, c, WARM_UP, post_body)?;
                let load = wrk(&script, url, c, SECONDS, post_body)?;
                let server_errors = load.count(500..=599);
                println!(
                    "| {name} | {route} | {c} | {:.0} | {:.1} ms | {:.1} ms | {} | {} | {} | {} |",
                    load.rps,
                    load.p50_ms,
                    load.p99_ms,
                    load.count(200..=299),
                    load.count(400..=499),
                    server_errors,
                    load.socket_errors
                );
                if server_errors > 0 {
                    failures.push(format!("{name} {route} c={c}: {server_errors} 5xx"));
                }
            }
        }
        drop(server);
        if let Some(url) = pg {
            drop_postgres(&url);
        }
    }
    if !failures.is_empty() {
        bail!("server errors under load: {}", failures.join("; "));
    }
    Ok(())
}

fn start(root: &Path, data: &Path, database_url: Option<&str>) -> Result<super::Server> {
    // One wrk client is one address: the per-client rate limits (which would
    // answer 429 within the first second) are turned off to measure the work.
    let mut env = vec![
        ("OCOP_DEMO_ILLUSTRATIONS", "0".to_owned()),
        ("OCOP_RATE_LIMIT_CHECKOUT", "0".to_owned()),
        ("OCOP_RATE_LIMIT_SEARCH", "0".to_owned()),
    ];
    if let Some(url) = database_url {
        env.push(("DATABASE_URL", url.to_owned()));
    }
    let server = super::Server::start_with(
        &root.join("target/release/ocop"),
        data,
        "warn",
        Stdio::null(),
        &env,
    )?;
    server.wait_until_healthy()?;
    Ok(server)
}

/// The stock of the product bought is raised so that the checkout load
/// measures placing orders, not refusing them.
fn raise_stock(data: &Path, database_url: Option<&str>) -> Result<()> {
    let sql = format!("UPDATE products SET stock = 100000000 WHERE code = '{PRODUCT}'");
    let status = match database_url {
        Some(url) => Command::new("psql")
            .args([url, "-q", "-c", &sql])
            .status()
            .context("psql")?,
        None => Command::new("python3")
            .args([
                "-c",
                "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
            ])
            .arg(data.join("ocop.db"))
            .arg(&sql)
            .status()
            .context("python3 sqlite3")?,
    };
    if !status.success() {
        bail!("could not raise the stock of {PRODUCT}");
    }
    Ok(())
}

fn product_slug(base: &str) -> Result<String> {
    let out = Command::new("curl")
        .args(["-sf", &format!("{base}/api/v1/products/{PRODUCT}")])
        .output()
        .context("curl")?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_once("\"slug\":\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map(|(slug, _)| slug.to_owned())
        .with_context(|| format!("{PRODUCT} is not served with a slug"))
}

fn fresh_postgres() -> Result<String> {
    let name = format!("ocop_load_{}", std::process::id());
    let status = Command::new("psql")
        .args([
            "postgres://postgres@127.0.0.1:5432/postgres",
            "-q",
            "-c",
            &format!("CREATE DATABASE {name}"),
        ])
        .status()
        .context("psql")?;
    if !status.success() {
        bail!("could not create {name}");
    }
    Ok(format!("postgres://postgres@127.0.0.1:5432/{name}"))
}

fn drop_postgres(url: &str) {
    if let Some((_, name)) = url.rsplit_once('/') {
        let _ = Command::new("psql")
            .args([
                "postgres://postgres@127.0.0.1:5432/postgres",
                "-q",
                "-c",
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            ])
            .status();
    }
}

fn wrk(
    script: &Path,
    url: &str,
    connections: u32,
    seconds: u32,
    body: Option<&Path>,
) -> Result<Load> {
    let mut cmd = Command::new("wrk");
    cmd.args([
        "-t2",
        &format!("-c{connections}"),
        &format!("-d{seconds}s"),
        "--timeout",
        "10s",
        "--latency",
        "-s",
    ])
    .arg(script)
    .arg(url);
    match body {
        Some(path) => cmd.env("WRK_BODY", path),
        None => cmd.env_remove("WRK_BODY"),
    };
    let out = cmd.output().context("run wrk")?;
    if !out.status.success() {
        bail!("wrk failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (rps, p50_ms, p99_ms) = super::bench_pages::rate_and_latency(&text)?;
    let mut statuses = BTreeMap::new();
    for line in text.lines() {
        let mut parts = line.split_whitespace();
        if parts.next() == Some("status") {
            if let (Some(s), Some(n)) = (parts.next(), parts.next()) {
                statuses.insert(s.parse()?, n.parse()?);
            }
        }
    }
    let socket_errors = text
        .lines()
        .find(|l| l.contains("Socket errors"))
        .map(|l| l.trim().trim_start_matches("Socket errors: ").to_owned())
        .unwrap_or_else(|| "none".into());
    Ok(Load {
        rps,
        p50_ms,
        p99_ms,
        statuses,
        socket_errors,
    })
}
