//! `cargo xtask bench-reports [SIZES...]`: the plan-report benchmark of
//! BENCHMARKS.md. For each catalog size (default 20k and 200k, from
//! ../shared/tools/gen_catalog.py), imports the catalog with the release
//! `ocop` into a fresh SQLite file and a fresh PostgreSQL database, then runs
//! the `report_bench` example on each: every shipped plan's report (the
//! API's work: reads, targets, quarterly trend, communes) timed in process.

use anyhow::{bail, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Builds, imports and measures.
pub fn run(root: &Path, sizes: &[String]) -> Result<()> {
    let sizes = super::bench::catalog_sizes(sizes)?;
    super::bench::build_release(&["report_bench"])?;
    let ocop = root.join("target/release/ocop");
    let example = root.join("target/release/examples/report_bench");
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work)?;
    println!(
        "machine: {} cores; release build; as of 24/11/2026; median and slowest of 10 runs after one warm-up",
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    for n in sizes {
        let catalog = super::bench::generate(root, &work, n)?;
        let data = work.join(format!("reports-{n}"));
        let _ = std::fs::remove_dir_all(&data);
        let database = format!("ocop_bench_reports_{n}");
        psql(&format!("DROP DATABASE IF EXISTS {database}"))?;
        psql(&format!("CREATE DATABASE {database}"))?;
        let postgres = format!("postgres://postgres@127.0.0.1:5432/{database}");
        for (backend, url) in [("SQLite", None), ("PostgreSQL", Some(postgres.as_str()))] {
            let with_db = |cmd: &mut Command| {
                cmd.env("OCOP_DATA_DIR", &data).env("RUST_LOG", "warn");
                match url {
                    Some(url) => cmd.env("DATABASE_URL", url),
                    None => cmd.env_remove("DATABASE_URL"),
                };
            };
            let mut import = Command::new(&ocop);
            import.arg("import").arg(&catalog).stdout(Stdio::null());
            with_db(&mut import);
            super::run(super::clean_env(&mut import))?;
            let mut bench = Command::new(&example);
            with_db(&mut bench);
            let out = super::clean_env(&mut bench).output()?;
            if !out.status.success() {
                bail!(
                    "report_bench failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            }
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                if let Some(row) = line.strip_prefix("REPORT ") {
                    println!("{n:>7} products, {backend:<10} {row}");
                }
            }
        }
        psql(&format!("DROP DATABASE IF EXISTS {database}"))?;
    }
    Ok(())
}

fn psql(sql: &str) -> Result<()> {
    super::run(
        Command::new("psql")
            .args(["-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql])
            .stdout(Stdio::null()),
    )
}
