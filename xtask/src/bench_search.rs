//! `cargo xtask bench-search [SIZES...]`: the search benchmark of BENCHMARKS.md.
//! For each catalog size (default 20k and 200k, from gen_catalog.py): import
//! into a fresh SQLite database, export the products certified today as JSONL,
//! then let our index (server/examples/search_bench.rs) and the peers
//! (tests/bench/search_peers.py: Lucene, PostgreSQL FTS, SQLite FTS5) index
//! the same file and answer the same queries, one after the other, in one run.
//! Relevance is scored on the judgment list over the sample as of the day it
//! was judged. Prints the Markdown tables.

use anyhow::Result;
use std::path::Path;
use std::process::Command;

/// The day tests/relevance/judgments.toml was judged on.
const JUDGED_ON: &str = "2026-11-23";
/// Warm-up passes of the mix before timing: enough for the JVM's JIT.
const WARMUP: &str = "50";
/// Timed passes of the mix.
const ITERATIONS: &str = "200";
/// Seconds of each queries-per-second run.
const SECONDS: &str = "10";

pub fn run(root: &Path, sizes: &[String]) -> Result<()> {
    let sizes = super::bench::catalog_sizes(sizes)?;
    super::bench::build_release(&["search_bench"])?;
    let ocop = root.join("target/release/ocop");
    let bench = root.join("target/release/examples/search_bench");
    let work = root.join("target/bench/search");
    std::fs::create_dir_all(&work)?;
    let queries = root.join("tests/bench/search-queries.toml");
    let judgments = root.join("tests/relevance/judgments.toml");

    let sample = export(
        &ocop,
        &bench,
        &work,
        "sample",
        &root.join("app/data/sample"),
        JUDGED_ON,
    )?;
    let mut results = Vec::new();
    for n in sizes {
        let catalog = super::bench::generate(root, &root.join("target/bench"), n)?;
        let label = format!("{}k", n / 1000);
        let docs = export(&ocop, &bench, &work, &label, &catalog, "today")?;
        let run_dir = work.join(format!("run-{label}"));
        let ours = work.join(format!("ours-{label}.json"));
        super::run(
            Command::new(&bench)
                .arg("run")
                .args([&docs, &queries, &sample, &judgments, &run_dir, &ours])
                .args([WARMUP, ITERATIONS, SECONDS]),
        )?;
        let peers = work.join(format!("peers-{label}.json"));
        super::run(
            Command::new("python3")
                .arg(root.join("tests/bench/search_peers.py"))
                .arg("--docs")
                .arg(&docs)
                .arg("--queries")
                .arg(&queries)
                .arg("--judged-docs")
                .arg(&sample)
                .arg("--judgments")
                .arg(&judgments)
                .arg("--work-dir")
                .arg(&run_dir)
                .arg("--out")
                .arg(&peers)
                .args([
                    "--warmup",
                    WARMUP,
                    "--iterations",
                    ITERATIONS,
                    "--seconds",
                    SECONDS,
                ]),
        )?;
        results.push(format!("{label}={}", ours.display()));
        results.push(format!("{label}={}", peers.display()));
    }
    super::run(
        Command::new(&bench)
            .arg("report")
            .arg(&judgments)
            .args(&results),
    )
}

/// Imports `catalog` into a fresh database under `work` and exports the
/// products certified on `day` as `work/docs-LABEL.jsonl`.
fn export(
    ocop: &Path,
    bench: &Path,
    work: &Path,
    label: &str,
    catalog: &Path,
    day: &str,
) -> Result<std::path::PathBuf> {
    let data = work.join(format!("data-{label}"));
    let _ = std::fs::remove_dir_all(&data);
    let mut import = Command::new(ocop);
    import
        .arg("import")
        .arg(catalog)
        .env("OCOP_DATA_DIR", &data)
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn");
    super::run(super::clean_env(&mut import))?;
    let docs = work.join(format!("docs-{label}.jsonl"));
    let url = format!("sqlite://{}?mode=ro", data.join("ocop.db").display());
    super::run(
        Command::new(bench)
            .arg("export")
            .arg(url)
            .arg(day)
            .arg(&docs),
    )?;
    Ok(docs)
}
