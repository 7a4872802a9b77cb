//! Our half of the search benchmark (`cargo xtask bench-search`).
//!
//! `export`: writes the products the server would index (certified and
//! published on a day) as JSONL, the common input of every engine.
//!
//! `run`: indexes that JSONL with our search index on disk, then measures it
//! exactly as tests/bench/search_peers.py measures the peers: build time and
//! size, the query mix of tests/bench/search-queries.toml (latency per query
//! and per kind, queries per second with 1 and 8 clients) and the top results
//! of each judged query on the judged documents. Writes one engine entry of
//! the peers' RESULT.json format.
//!
//! ```sh
//! cargo run --release -p server --example search_bench -- export DATABASE_URL YYYY-MM-DD OUT.jsonl
//! cargo run --release -p server --example search_bench -- run DOCS.jsonl QUERIES.toml \
//!     JUDGED.jsonl JUDGMENTS.toml WORK_DIR OUT.json [WARMUP ITERATIONS SECONDS]
//! ```
//!
//! `probe`: for work on the query path, the mean time and the match count of
//! each query of the mix, on the index `run` left in `WORK_DIR/ours` (built
//! there first if missing); run it under `perf record` to see where the time
//! goes.

use search_index::relevance::Judgments;
use search_index::{ProductDoc, SearchIndex, SearchQuery};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Results per page, as in the peers.
const PAGE: u32 = 20;
/// Depth of the judged rankings, as in the peers.
const JUDGED_TOP: u32 = 50;

/// One `[[query]]` of the mix.
#[derive(Debug, Clone, Deserialize)]
struct MixQuery {
    kind: String,
    q: String,
    group: Option<u64>,
    stars: Option<u64>,
    province: Option<String>,
    in_stock: Option<bool>,
    min_price: Option<u64>,
    max_price: Option<u64>,
    #[serde(default)]
    facets: bool,
}

#[derive(Deserialize)]
struct Mix {
    query: Vec<MixQuery>,
}

impl MixQuery {
    /// Our search for it, as the server runs it (with the certification
    /// date filter), facet values counted when the query asks, as the peers do.
    fn search(&self, as_of_day: i64) -> SearchQuery {
        SearchQuery {
            group: self.group,
            stars: self.stars,
            province: self.province.clone(),
            in_stock: self.in_stock,
            min_price: self.min_price,
            max_price: self.max_price,
            as_of_day: Some(as_of_day),
            facets: self.facets,
            limit: PAGE,
            ..SearchQuery::text(self.q.clone())
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("export") if args.len() == 4 => export(&args[1], &args[2], Path::new(&args[3])).await,
        Some("run") if args.len() >= 7 => {
            let number = |i: usize, default: f64| -> f64 {
                args.get(i).and_then(|v| v.parse().ok()).unwrap_or(default)
            };
            run(&RunArgs {
                docs: args[1].clone().into(),
                queries: args[2].clone().into(),
                judged_docs: args[3].clone().into(),
                judgments: args[4].clone().into(),
                work_dir: args[5].clone().into(),
                out: args[6].clone().into(),
                warmup: number(7, 50.0) as usize,
                iterations: number(8, 200.0) as usize,
                seconds: number(9, 10.0),
            })
        }
        Some("report") if args.len() >= 3 => report(Path::new(&args[1]), &args[2..]),
        Some("probe") if args.len() >= 4 => probe(
            Path::new(&args[1]),
            Path::new(&args[2]),
            Path::new(&args[3]),
            args.get(4).and_then(|v| v.parse().ok()).unwrap_or(200),
        ),
        _ => Err("usage: search_bench export DATABASE_URL YYYY-MM-DD|today OUT.jsonl | \
                  run DOCS QUERIES JUDGED_DOCS JUDGMENTS WORK_DIR OUT [WARMUP ITERATIONS SECONDS] | \
                  report JUDGMENTS LABEL=RESULT.json... | \
                  probe DOCS QUERIES WORK_DIR [PASSES]"
            .into()),
    }
}

/// Writes the documents the index gets on `day` as JSONL.
async fn export(database_url: &str, day: &str, out: &Path) -> Result<(), Error> {
    let db = sea_orm::Database::connect(database_url).await?;
    let as_of = match day {
        "today" => app::ssr::today_vn(),
        day => chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")?,
    };
    let mut file = std::io::BufWriter::new(std::fs::File::create(out)?);
    let (mut after, mut count) = (0, 0);
    loop {
        let docs = app::search::documents::load_documents(&db, as_of, after, 2_000, None).await?;
        let Some(last) = docs.last() else { break };
        after = last.id;
        for d in docs {
            let line = json!({
                "id": d.id, "code": d.code, "slug": d.slug, "name": d.name,
                "producer": d.producer_name, "province": d.province, "commune": d.commune,
                "text": d.text, "group": d.group, "stars": d.stars, "price_vnd": d.price_vnd,
                "in_stock": d.in_stock, "newest": d.newest, "lapses_on_day": d.lapses_on_day,
            });
            writeln!(file, "{line}")?;
            count += 1;
        }
    }
    file.flush()?;
    eprintln!(
        "exported {count} products certified on {as_of} to {}",
        out.display()
    );
    Ok(())
}

/// Reads the JSONL back into index documents.
fn read_docs(path: &Path) -> Result<Vec<ProductDoc>, Error> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut docs = Vec::new();
    for line in file.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)?;
        let text = |k: &str| v[k].as_str().unwrap_or_default().to_owned();
        let number = |k: &str| v[k].as_u64().unwrap_or_default();
        docs.push(ProductDoc {
            id: v["id"].as_i64().unwrap_or_default(),
            code: text("code"),
            slug: text("slug"),
            name: text("name"),
            producer_name: text("producer"),
            province: text("province"),
            commune: text("commune"),
            group: number("group"),
            stars: number("stars"),
            price_vnd: number("price_vnd"),
            in_stock: v["in_stock"].as_bool().unwrap_or_default(),
            text: text("text"),
            newest: v["newest"].as_i64().unwrap_or_default(),
            lapses_on_day: v["lapses_on_day"].as_i64().unwrap_or(i64::MAX),
            thumbnail: None,
        });
    }
    Ok(docs)
}

struct RunArgs {
    docs: PathBuf,
    queries: PathBuf,
    judged_docs: PathBuf,
    judgments: PathBuf,
    work_dir: PathBuf,
    out: PathBuf,
    warmup: usize,
    iterations: usize,
    seconds: f64,
}

/// A fresh on-disk index of `docs` in `dir`, and the seconds it took.
fn build(dir: &Path, docs: Vec<ProductDoc>) -> Result<(SearchIndex, f64), Error> {
    let _ = std::fs::remove_dir_all(dir);
    let started = Instant::now();
    let (index, _) = SearchIndex::open_or_create(dir)?;
    index.rebuild(docs)?;
    Ok((index, started.elapsed().as_secs_f64()))
}

fn dir_bytes(dir: &Path) -> Result<u64, Error> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        let meta = entry?.metadata()?;
        if meta.is_file() {
            total += meta.len();
        }
    }
    Ok(total)
}

/// Nearest-rank percentile of ascending seconds, in milliseconds.
fn percentile_ms(ordered: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * ordered.len() as f64).ceil() as usize;
    ordered[rank.saturating_sub(1).min(ordered.len() - 1)] * 1e3
}

fn summary(mut seconds: Vec<f64>, with_mean: bool) -> Value {
    seconds.sort_by(f64::total_cmp);
    let mut out = json!({
        "p50": percentile_ms(&seconds, 50.0),
        "p99": percentile_ms(&seconds, 99.0),
    });
    if with_mean {
        out["mean"] = json!(seconds.iter().sum::<f64>() / seconds.len() as f64 * 1e3);
    }
    out
}

/// Queries per second of `clients` threads running the mix round-robin for
/// `seconds`, each from its own starting point.
fn qps(index: &SearchIndex, mix: &[SearchQuery], clients: usize, seconds: f64) -> f64 {
    let done = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|scope| {
        for client in 0..clients {
            let (done, stop) = (&done, &stop);
            scope.spawn(move || {
                let mut i = client * mix.len() / clients.max(1);
                while !stop.load(Ordering::Relaxed) {
                    // A failed search would be a bug; it is not counted.
                    if index.search(&mix[i % mix.len()]).is_ok() {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    i += 1;
                }
            });
        }
        std::thread::sleep(Duration::from_secs_f64(seconds));
        stop.store(true, Ordering::Relaxed);
    });
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

fn run(args: &RunArgs) -> Result<(), Error> {
    std::fs::create_dir_all(&args.work_dir)?;
    let mix: Mix = toml::from_str(&std::fs::read_to_string(&args.queries)?)?;
    let docs = read_docs(&args.docs)?;
    let count = docs.len();
    let as_of_day = as_of_day(&docs);
    let dir = args.work_dir.join("ours");
    let (index, build_seconds) = build(&dir, docs)?;
    let index_bytes = dir_bytes(&dir)?;
    eprintln!("ours: {count} products indexed in {build_seconds:.2} s, {index_bytes} bytes");

    let searches: Vec<SearchQuery> = mix.query.iter().map(|q| q.search(as_of_day)).collect();
    for _ in 0..args.warmup {
        for search in &searches {
            index.search(search)?;
        }
    }
    let mut all = Vec::new();
    let mut per_kind: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for _ in 0..args.iterations {
        for (query, search) in mix.query.iter().zip(&searches) {
            let started = Instant::now();
            let results = index.search(search)?;
            let took = started.elapsed().as_secs_f64();
            std::hint::black_box(results);
            all.push(took);
            per_kind.entry(query.kind.clone()).or_default().push(took);
        }
    }
    let per_kind: BTreeMap<String, Value> = per_kind
        .into_iter()
        .map(|(kind, seconds)| (kind, summary(seconds, false)))
        .collect();
    let qps_1 = qps(&index, &searches, 1, args.seconds);
    let qps_8 = qps(&index, &searches, 8, args.seconds);
    eprintln!("ours: {qps_1:.0} q/s with 1 client, {qps_8:.0} with 8");

    let judgments = Judgments::parse(&std::fs::read_to_string(&args.judgments)?)?;
    let (judged_index, _) = build(
        &args.work_dir.join("ours-judged"),
        read_docs(&args.judged_docs)?,
    )?;
    let mut judged = serde_json::Map::new();
    for judgment in &judgments.judgment {
        let search = SearchQuery {
            limit: JUDGED_TOP,
            ..SearchQuery::text(judgment.q.clone())
        };
        let codes: Vec<String> = judged_index
            .search(&search)?
            .hits
            .into_iter()
            .map(|h| h.code)
            .collect();
        judged.insert(judgment.q.clone(), json!(codes));
    }

    let result = json!({
        "engine": "ours",
        "version": "Chợ OCOP search-index on tantivy 0.27",
        "config": "search-index as the server runs it: Vietnamese analyzers (NFC, tone placement, \
                   folded and unfolded fields), typo tolerance for unknown words, synonyms, \
                   spelling help, certification date filter, stored fields of every hit read; \
                   one on-disk index (mmap), one commit",
        "docs": count,
        "build_seconds": build_seconds,
        "index_bytes": index_bytes,
        "latency_ms": summary(all, true),
        "per_kind_ms": per_kind,
        "qps": { "1": qps_1, "8": qps_8 },
        "concurrency_note": "Rust threads sharing one SearchIndex (each search takes a searcher)",
        "judged": judged,
    });
    std::fs::write(&args.out, serde_json::to_string_pretty(&result)?)?;
    Ok(())
}

/// The as-of day of `docs`: the day they were exported for, on which all of
/// them are valid.
fn as_of_day(docs: &[ProductDoc]) -> i64 {
    docs.iter()
        .map(|d| d.lapses_on_day)
        .min()
        .unwrap_or(i64::MAX)
        - 1
}

/// Prints each query's mean time over `passes` passes of the mix and its
/// total, then the mean over the mix.
fn probe(docs: &Path, queries: &Path, work_dir: &Path, passes: usize) -> Result<(), Error> {
    let mix: Mix = toml::from_str(&std::fs::read_to_string(queries)?)?;
    let docs = read_docs(docs)?;
    let as_of_day = as_of_day(&docs);
    let dir = work_dir.join("ours");
    let (index, outcome) = SearchIndex::open_or_create(&dir)?;
    let index = if index.len() as usize == docs.len() {
        eprintln!(
            "probe: reusing the index in {} ({outcome:?})",
            dir.display()
        );
        index
    } else {
        drop(index);
        build(&dir, docs)?.0
    };
    let searches: Vec<SearchQuery> = mix.query.iter().map(|q| q.search(as_of_day)).collect();
    let mut totals = Vec::new();
    for search in &searches {
        totals.push(index.search(search)?.total);
    }
    // Round-robin through the mix, as the timed passes of `run` do: the same
    // query back to back would find everything it needs still in the caches.
    let mut seconds = vec![0.0; searches.len()];
    for _ in 0..passes {
        for (search, spent) in searches.iter().zip(&mut seconds) {
            let started = Instant::now();
            std::hint::black_box(index.search(search)?);
            *spent += started.elapsed().as_secs_f64();
        }
    }
    let mut sum = 0.0;
    for ((query, total), spent) in mix.query.iter().zip(totals).zip(seconds) {
        let mean = spent * 1e3 / passes as f64;
        sum += mean;
        println!("{:>8.3} ms {total:>7} {:<14} {}", mean, query.kind, query.q);
    }
    println!("{:>8.3} ms mean over the mix", sum / mix.query.len() as f64);
    Ok(())
}

/// Prints the Markdown tables of BENCHMARKS.md from result files, each given
/// as `LABEL=PATH` (the label names the catalog, e.g. `20k`): speed per
/// catalog and engine, then relevance on the judgment list per engine.
fn report(judgments: &Path, results: &[String]) -> Result<(), Error> {
    let judgments = Judgments::parse(&std::fs::read_to_string(judgments)?)?;
    let mut relevance: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    println!("| catalog | engine | indexed | build | index size | p50 | p99 | mean | QPS, 1 client | QPS, 8 clients |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for arg in results {
        let (label, path) = arg.split_once('=').ok_or("LABEL=RESULT.json")?;
        let file: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
        let engines = match file.get("engines") {
            Some(list) => list.as_array().cloned().unwrap_or_default(),
            None => vec![file.clone()],
        };
        for e in engines {
            let name = e["engine"].as_str().unwrap_or("?").to_owned();
            let ms = |k: &str| e["latency_ms"][k].as_f64().unwrap_or(f64::NAN);
            println!(
                "| {label} | {name} | {} | {:.2} s | {:.1} MB | {:.2} ms | {:.2} ms | {:.2} ms | {:.0} | {:.0} |",
                e["docs"],
                e["build_seconds"].as_f64().unwrap_or(f64::NAN),
                e["index_bytes"].as_f64().unwrap_or(f64::NAN) / 1e6,
                ms("p50"),
                ms("p99"),
                ms("mean"),
                e["qps"]["1"].as_f64().unwrap_or(f64::NAN),
                e["qps"]["8"].as_f64().unwrap_or(f64::NAN),
            );
            let rankings: Vec<Vec<String>> = judgments
                .judgment
                .iter()
                .map(|j| {
                    e["judged"][&j.q]
                        .as_array()
                        .map(|codes| {
                            codes
                                .iter()
                                .filter_map(|c| c.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect();
            let scored = judgments.score(&rankings);
            relevance
                .entry(name)
                .or_insert((scored.r_precision(), scored.recall_at_10()));
        }
    }
    println!();
    println!("| engine | R-precision | recall@10 |");
    println!("|---|---|---|");
    for (engine, (r_precision, recall)) in relevance {
        println!("| {engine} | {r_precision:.3} | {recall:.3} |");
    }
    Ok(())
}
