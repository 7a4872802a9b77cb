//! The end-to-end test harness: `spawn_app` boots the real server on
//! `127.0.0.1:0` against a fresh database (a temporary SQLite file, or a new
//! PostgreSQL database created for the test and dropped after it), with a
//! temporary data directory and the demo catalog loaded, and hands back a
//! client with a cookie store and redirects off.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use server::startup::StartOptions;
use server::{Application, Settings};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// The PostgreSQL server tests use (trust authentication).
pub fn postgres_admin_url() -> String {
    std::env::var("OCOP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A fresh database on the local PostgreSQL server.
    Postgres,
}

/// A database made for one test, removed when dropped.
pub struct TestDatabase {
    /// Its URL.
    pub url: String,
    pg_name: Option<String>,
    /// Holds the SQLite file (and the data directory) alive.
    pub dir: tempfile::TempDir,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestDatabase {
    /// Creates an empty database of the given kind.
    pub async fn create(backend: Backend) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary directory");
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
                TestDatabase {
                    url,
                    pg_name: None,
                    dir,
                }
            }
            Backend::Postgres => {
                let name = format!(
                    "ocop_test_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    chrono::Utc::now().timestamp_subsec_nanos()
                );
                let admin = Database::connect(postgres_admin_url())
                    .await
                    .unwrap_or_else(|e| {
                        panic!(
                            "PostgreSQL is needed at {} for these tests: {e}",
                            postgres_admin_url()
                        )
                    });
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                let _ = admin.close().await;
                let base = postgres_admin_url();
                let url = format!(
                    "{}/{name}",
                    base.rsplit_once('/').map(|(b, _)| b).unwrap_or(&base)
                );
                TestDatabase {
                    url,
                    pg_name: Some(name),
                    dir,
                }
            }
        }
    }

    /// A connection of the test's own.
    pub async fn connect(&self) -> DatabaseConnection {
        Database::connect(self.url.clone())
            .await
            .expect("connect to test database")
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = self.pg_name.take() {
            // Drop runs outside any runtime guarantee: use a private one.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    rt.block_on(async {
                        if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                            let _ = admin
                                .execute_raw(Statement::from_string(
                                    admin.get_database_backend(),
                                    sql,
                                ))
                                .await;
                            let _ = admin.close().await;
                        }
                    });
                }
            })
            .join();
        }
    }
}

/// A running server and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// Cookie store on, redirects off.
    pub client: reqwest::Client,
    /// The server's database.
    pub db: DatabaseConnection,
    /// The server's data directory.
    pub data_dir: PathBuf,
    /// The server's search index.
    pub search: std::sync::Arc<search_index::SearchIndex>,
    /// Keeps the database alive for the test.
    pub database: TestDatabase,
    /// The public address the server writes into links.
    pub public_url: String,
}

/// How long a test waits for one answer. Nothing the server does takes
/// near this; a request that runs past it fails naming its address, where a
/// scenario would otherwise wait without saying for what.
pub const REQUEST_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// A browser with JavaScript off: its own cookies, never following
/// redirects (so each answer can be read), giving up on an answer after
/// [`REQUEST_LIMIT`].
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(REQUEST_LIMIT)
        .build()
        .expect("http client")
}

/// Posts server function `action`'s form from page `from` with `client`, as
/// a browser without JavaScript does (the answer is a redirect to read).
pub async fn plain_form(
    app: &TestApp,
    client: &reqwest::Client,
    action: &str,
    from: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(format!("{}/api/fn/{action}", app.address))
        .header(reqwest::header::ACCEPT, "text/html")
        .header(reqwest::header::ORIGIN, &app.address)
        .header(reqwest::header::REFERER, format!("{}{from}", app.address))
        .form(fields)
        .send()
        .await
        .expect("request")
}

/// Rate limits no scenario reaches.
pub fn unlimited() -> server::config::RateLimits {
    server::config::RateLimits {
        login: 1_000_000,
        checkout: 1_000_000,
        search: 1_000_000,
        upload: 1_000_000,
        apply: 1_000_000,
        report: 1_000_000,
    }
}

/// Boots the real server with the demo catalog on a fresh database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

/// [`spawn_app`] with settings changed by `configure`.
pub async fn spawn_app_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let data_dir = database.dir.path().join("data");
    let mut settings = Settings {
        database_url: Some(server::config::Secret::new(database.url.clone())),
        data_dir: data_dir.clone(),
        addr: "127.0.0.1:0".parse().expect("address"),
        demo: true,
        // Drawing 400 illustrations per test would dominate the suite; the
        // media tests illustrate a few products themselves.
        demo_illustrations: false,
        // Scenarios send far more requests from 127.0.0.1 than a person
        // would; the rate limits have scenarios of their own. A first render
        // can take over the production 30 s while a full parallel run
        // saturates two cores, and a scenario checks what a page says, not
        // how fast it came (the time limits have tests of their own); the
        // test browsers give up at `REQUEST_LIMIT`, after this.
        http: server::config::HttpSettings {
            rate_limits: unlimited(),
            request_timeout_seconds: 90,
            ..Default::default()
        },
        ..Settings::default()
    };
    configure(&mut settings);
    let app = Application::build(settings, StartOptions::default())
        .await
        .expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.state().db.clone();
    let search = app.state().search.clone();
    let public_url = app.state().site.base_url.clone();
    tokio::spawn(app.run_until_stopped());
    let client = browser();
    TestApp {
        address,
        client,
        db,
        data_dir,
        search,
        database,
        public_url,
    }
}

impl TestApp {
    /// The public address the server writes into canonical links and QR codes.
    pub fn base_url(&self) -> &str {
        &self.public_url
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request")
    }

    /// GET a path with an Accept-Language header.
    pub async fn get_in(&self, path: &str, language: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("Accept-Language", language)
            .send()
            .await
            .expect("request")
    }

    /// POSTs a form to server function `action` as a browser with
    /// JavaScript off does from the page at `page`: it wants HTML back, so
    /// the answer is a redirect.
    pub async fn post_plain_form(
        &self,
        action: &str,
        page: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/fn/{action}", self.address))
            .header(reqwest::header::ACCEPT, "text/html,application/xhtml+xml")
            .header(reqwest::header::ORIGIN, &self.address)
            .header(reqwest::header::REFERER, format!("{}{page}", self.address))
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// The body of a page by its path or by an absolute address on this
    /// server (as a redirect gives it).
    pub async fn text(&self, path: &str) -> String {
        let path = path.strip_prefix(self.address.as_str()).unwrap_or(path);
        self.get(path).await.text().await.expect("body")
    }

    /// A fresh client (its own cookies) signed in as `email` through the
    /// API: the client and the session's CSRF token.
    pub async fn signed_in_client(&self, email: &str, password: &str) -> (reqwest::Client, String) {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let response = client
            .post(format!("{}/api/v1/auth/login", self.address))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 200, "{email} signs in");
        let body: serde_json::Value = response.json().await.expect("json");
        let csrf = body["csrf_token"].as_str().expect("csrf").to_owned();
        (client, csrf)
    }

    /// GET a path and read JSON.
    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }
}

/// Sends a request and reads its JSON body, failing the test with the URL
/// when either step fails.
pub async fn send_json(request: reqwest::RequestBuilder) -> serde_json::Value {
    let response = request.send().await.expect("request sent");
    let url = response.url().clone();
    response
        .json()
        .await
        .unwrap_or_else(|e| panic!("JSON from {url}: {e}"))
}

/// Sends a request: its status and JSON body (`Null` when the body is not
/// JSON).
pub async fn send_json_status(request: reqwest::RequestBuilder) -> (u16, serde_json::Value) {
    let response = request.send().await.expect("request sent");
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

/// The `Location` of a redirect ("" when there is none).
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Whether a page's `Referrer-Policy` lets its forms send the page's full
/// address as `Referer` to this same site (a refused form without
/// JavaScript is sent back there): no header, or a policy that only trims
/// or withholds it for other sites.
pub fn sends_referer_within_the_site(response: &reqwest::Response) -> bool {
    match response.headers().get(reqwest::header::REFERRER_POLICY) {
        None => true,
        Some(policy) => matches!(
            policy.to_str().unwrap_or_default(),
            "strict-origin-when-cross-origin"
                | "origin-when-cross-origin"
                | "same-origin"
                | "no-referrer-when-downgrade"
        ),
    }
}

/// The value of the `name` field of a form in `html` (a hidden or text
/// input, the selected option of a select).
pub fn form_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let at = html.find(&marker)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let value = tag.split("value=\"").nth(1)?;
    Some(value[..value.find('"')?].replace("&amp;", "&"))
}

/// The session's CSRF token in a page's forms.
pub fn csrf_in(html: &str) -> String {
    form_field(html, "csrf").unwrap_or_else(|| {
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or("no title");
        let main = html.find("<main").map_or("", |at| &html[at..]);
        let shown: String = main.chars().take(1500).collect();
        panic!(
            "no csrf field in the page “{title}” ({} bytes): {shown}",
            html.len()
        )
    })
}

/// The sample catalog the demo loads.
pub fn sample_dir() -> PathBuf {
    server::startup::sample_dir()
}

/// Defines a test twice: once on SQLite, once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[test]
            fn sqlite() {
                $crate::run_scenario(($body)($crate::Backend::Sqlite))
            }
            #[test]
            fn postgres() {
                $crate::run_scenario(($body)($crate::Backend::Postgres))
            }
        }
    };
}

/// How long one scenario may take. The slowest take about a minute on a
/// loaded machine; one that runs past this waits for something that will
/// not come, and fails naming itself instead of holding CI until its limit.
pub const SCENARIO_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Runs a scenario on its own two-thread runtime. When the scenario fails,
/// the runtime is shut down with a time limit before the failure is
/// reported: the server's background tasks would otherwise keep a dropped
/// runtime waiting, and a failing test would hang instead of failing.
///
/// A scenario that hangs fails after [`SCENARIO_LIMIT`]. If even that cannot
/// happen (a thread blocked outside the runtime), a watchdog stops the whole
/// test process a minute later, saying which scenario hung.
pub fn run_scenario<F: std::future::Future<Output = ()>>(scenario: F) {
    let name = std::thread::current()
        .name()
        .unwrap_or("a scenario")
        .to_string();
    let (finished, watched) = std::sync::mpsc::channel::<()>();
    let watchdog_name = name.clone();
    std::thread::spawn(move || {
        let grace = SCENARIO_LIMIT + std::time::Duration::from_secs(60);
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = watched.recv_timeout(grace) {
            eprintln!(
                "{watchdog_name} hung for {grace:?} and could not be stopped; ending the test run"
            );
            std::process::exit(101);
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("test runtime");
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(async {
            if tokio::time::timeout(SCENARIO_LIMIT, scenario).await.is_err() {
                panic!("{name} did not finish within {SCENARIO_LIMIT:?}: it waits for something that will not come");
            }
        })
    }));
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    drop(finished);
    if let Err(failure) = outcome {
        std::panic::resume_unwind(failure);
    }
}

/// The audit log's entries for `action` on the record `target`, oldest
/// first.
pub async fn audited(
    app: &TestApp,
    action: app::domain::AuditAction,
    target: &str,
) -> Vec<app::entities::audit_log::Model> {
    use app::entities::audit_log;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .filter(audit_log::Column::Target.eq(target))
        .order_by_asc(audit_log::Column::Id)
        .all(&app.db)
        .await
        .expect("read the audit log")
}

/// Asserts that the newest entry for `action` on `target` names `actor`,
/// the request it came with and the record after; that entry.
pub async fn assert_audited(
    app: &TestApp,
    action: app::domain::AuditAction,
    target: &str,
    actor: &str,
) -> app::entities::audit_log::Model {
    let entries = audited(app, action, target).await;
    let entry = entries
        .last()
        .unwrap_or_else(|| panic!("{action} on {target} is in the audit log"))
        .clone();
    assert_eq!(entry.actor, actor, "{action} on {target}: who");
    assert_eq!(entry.target_kind, action.target_kind());
    assert!(
        entry.request_id.as_deref().is_some_and(|id| !id.is_empty()),
        "{action} on {target}: the request's id is kept"
    );
    assert!(
        entry.after.is_some(),
        "{action} on {target}: the record after"
    );
    entry
}
