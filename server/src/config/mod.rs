//! Typed configuration: defaults, then an optional TOML file (`OCOP_CONFIG`),
//! then `OCOP_*` environment variables, `DATABASE_URL` and the `STRIPE_*`
//! variables (Stripe's own names, so an operator's usual setup just works).
//!
//! Card payments are on exactly when `STRIPE_SECRET_KEY` is set; they also
//! need `STRIPE_WEBHOOK_SECRET` (the `whsec_…` signing secret of the webhook
//! endpoint `/api/v1/webhooks/stripe`), since only a signed webhook marks an
//! order paid. `STRIPE_API_BASE` points the client elsewhere (tests run a
//! local stand-in). In the file the same settings live under `[stripe]`
//! (`secret_key`, `webhook_secret`, `api_base`).

pub mod http;
mod status;

pub use http::{Cidr, HttpSettings, RateLimits};
use serde::Deserialize;
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A value that must never reach a log or a terminal (a database URL may hold a
/// password).
#[derive(Clone, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The value itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// sea-orm URL; `None` means the SQLite file `ocop.db` in the data directory.
    pub database_url: Option<Secret>,
    /// Where the SQLite file, the search index and media live.
    pub data_dir: PathBuf,
    /// Address to listen on; port 0 picks a free one (tests).
    pub addr: SocketAddr,
    /// Folder of plan files (`*.toml`).
    pub plans_dir: Option<PathBuf>,
    /// Where backups started from the console go (`OCOP_BACKUP_DIR`);
    /// `None` means `backups` in the data directory.
    pub backup_dir: Option<PathBuf>,
    /// Built site assets (`pkg/`), made by `cargo xtask build`.
    pub site_dir: PathBuf,
    /// Public base URL for absolute links.
    pub base_url: Option<String>,
    /// Load the sample catalog and demo accounts into an empty database.
    pub demo: bool,
    /// In demo mode, draw illustrations for products without photos.
    pub demo_illustrations: bool,
    /// Seconds a rendered page is served from memory (0 turns the page cache off).
    pub page_cache_seconds: u64,
    /// Log as JSON lines (`OCOP_LOG_FORMAT=json`, or `OCOP_JSON_LOGS=1`).
    pub json_logs: bool,
    /// SMTP server for outgoing mail; without it mail is written as .eml files.
    pub smtp_url: Option<Secret>,
    /// Shipping fees and stock holds (`[commerce]` in the configuration file).
    pub commerce: app::state::CommerceSettings,
    /// Card payments through Stripe (`[stripe]`); off without a secret key.
    pub stripe: StripeSettings,
    /// Proxies, request limits, rate limits, metrics (`[http]`).
    pub http: HttpSettings,
    /// Who operates the site (`[operator]`, or `OCOP_OPERATOR_*`): shown in
    /// every page's footer, on `/gioi-thieu` and in the policies.
    pub operator: app::domain::OperatorIdentity,
}

/// Where and how to reach Stripe. Both secrets are [`Secret`]s: they never
/// reach a log.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct StripeSettings {
    /// The secret API key (`sk_live_…`, `sk_test_…`); unset, the card option
    /// is not offered.
    pub secret_key: Option<Secret>,
    /// The webhook endpoint's signing secret (`whsec_…`).
    pub webhook_secret: Option<Secret>,
    /// The API's base URL; Stripe's own unless a test or a proxy says otherwise.
    pub api_base: String,
}

impl Default for StripeSettings {
    fn default() -> Self {
        StripeSettings {
            secret_key: None,
            webhook_secret: None,
            api_base: DEFAULT_STRIPE_API_BASE.to_owned(),
        }
    }
}

/// Stripe's API.
pub const DEFAULT_STRIPE_API_BASE: &str = "https://api.stripe.com";

impl Default for Settings {
    fn default() -> Self {
        Settings {
            database_url: None,
            data_dir: PathBuf::from("./data"),
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            plans_dir: None,
            backup_dir: None,
            site_dir: default_site_dir(),
            base_url: None,
            demo: true,
            demo_illustrations: true,
            page_cache_seconds: 2,
            json_logs: false,
            smtp_url: None,
            commerce: Default::default(),
            stripe: Default::default(),
            http: Default::default(),
            operator: Default::default(),
        }
    }
}

/// `target/site` of the workspace this binary was built in, or of the current
/// directory when that has one.
fn default_site_dir() -> PathBuf {
    let here = PathBuf::from("target/site");
    if here.join("pkg").exists() {
        return here;
    }
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"))
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file named by `OCOP_CONFIG` is unreadable or not valid TOML.
    #[error("Không đọc được tệp cấu hình {path}: {reason} / Cannot read the configuration file {path}: {reason}")]
    File {
        /// The file.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// An environment variable holds something of the wrong shape.
    #[error("Biến môi trường {name} không hợp lệ: {value:?} / The environment variable {name} is invalid: {value:?}")]
    Env {
        /// Variable name.
        name: &'static str,
        /// Its value.
        value: String,
    },
}

impl Settings {
    /// Defaults, then the `OCOP_CONFIG` file if set, then the environment.
    pub fn load() -> Result<Settings, ConfigError> {
        let mut settings = match std::env::var("OCOP_CONFIG") {
            Ok(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::File {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                toml::from_str(&text).map_err(|e| ConfigError::File {
                    path,
                    reason: e.to_string(),
                })?
            }
            Err(_) => Settings::default(),
        };
        settings.apply_env(|name| std::env::var(name).ok())?;
        Ok(settings)
    }

    /// Overrides from environment variables (read through `get`, so tests can
    /// pass their own).
    pub fn apply_env(&mut self, get: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(url) = get("DATABASE_URL").filter(|v| !v.is_empty()) {
            self.database_url = Some(Secret::new(url));
        }
        if let Some(dir) = get("OCOP_DATA_DIR").filter(|v| !v.is_empty()) {
            self.data_dir = PathBuf::from(dir);
        }
        if let Some(addr) = get("OCOP_ADDR").filter(|v| !v.is_empty()) {
            self.addr = addr.parse().map_err(|_| ConfigError::Env {
                name: "OCOP_ADDR",
                value: addr,
            })?;
        }
        if let Some(dir) = get("OCOP_PLANS_DIR").filter(|v| !v.is_empty()) {
            self.plans_dir = Some(PathBuf::from(dir));
        }
        if let Some(dir) = get("OCOP_BACKUP_DIR").filter(|v| !v.is_empty()) {
            self.backup_dir = Some(PathBuf::from(dir));
        }
        if let Some(dir) = get("OCOP_SITE_DIR").filter(|v| !v.is_empty()) {
            self.site_dir = PathBuf::from(dir);
        }
        if let Some(url) = get("OCOP_BASE_URL").filter(|v| !v.is_empty()) {
            self.base_url = Some(url);
        }
        if let Some(v) = get("OCOP_DEMO") {
            self.demo = parse_bool("OCOP_DEMO", v)?;
        }
        if let Some(v) = get("OCOP_DEMO_ILLUSTRATIONS") {
            self.demo_illustrations = parse_bool("OCOP_DEMO_ILLUSTRATIONS", v)?;
        }
        if let Some(v) = get("OCOP_PAGE_CACHE_SECONDS") {
            self.page_cache_seconds = v.trim().parse().map_err(|_| ConfigError::Env {
                name: "OCOP_PAGE_CACHE_SECONDS",
                value: v,
            })?;
        }
        if let Some(url) = get("OCOP_SMTP_URL").filter(|v| !v.is_empty()) {
            self.smtp_url = Some(Secret::new(url));
        }
        if let Some(v) = get("OCOP_JSON_LOGS") {
            self.json_logs = parse_bool("OCOP_JSON_LOGS", v)?;
        }
        if let Some(v) = get("OCOP_LOG_FORMAT").filter(|v| !v.is_empty()) {
            self.json_logs = parse_log_format(&v).ok_or(ConfigError::Env {
                name: "OCOP_LOG_FORMAT",
                value: v,
            })?;
        }
        self.http.apply_env(&get)?;
        let operator = &mut self.operator;
        for (name, field) in [
            ("OCOP_OPERATOR_NAME", &mut operator.name),
            ("OCOP_OPERATOR_ADDRESS", &mut operator.address),
            ("OCOP_OPERATOR_REGISTRATION", &mut operator.registration),
            ("OCOP_OPERATOR_PHONE", &mut operator.phone),
            ("OCOP_OPERATOR_EMAIL", &mut operator.email),
            ("OCOP_OPERATOR_REPRESENTATIVE", &mut operator.representative),
        ] {
            if let Some(value) = get(name).filter(|v| !v.trim().is_empty()) {
                *field = app::text::clean(&value);
            }
        }
        if let Some(url) = get("OCOP_OPERATOR_REGISTRATION_URL").filter(|v| !v.is_empty()) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(ConfigError::Env {
                    name: "OCOP_OPERATOR_REGISTRATION_URL",
                    value: url,
                });
            }
            operator.registration_url = Some(url);
        }
        if let Some(key) = get("STRIPE_SECRET_KEY").filter(|v| !v.is_empty()) {
            self.stripe.secret_key = Some(Secret::new(key));
        }
        if let Some(secret) = get("STRIPE_WEBHOOK_SECRET").filter(|v| !v.is_empty()) {
            self.stripe.webhook_secret = Some(Secret::new(secret));
        }
        if let Some(base) = get("STRIPE_API_BASE").filter(|v| !v.is_empty()) {
            if !(base.starts_with("https://") || base.starts_with("http://")) {
                return Err(ConfigError::Env {
                    name: "STRIPE_API_BASE",
                    value: base,
                });
            }
            self.stripe.api_base = base;
        }
        Ok(())
    }

    /// The database URL in force.
    pub fn database_url(&self) -> Secret {
        match &self.database_url {
            Some(url) => url.clone(),
            None => Secret::new(format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("ocop.db").display()
            )),
        }
    }

    /// The folder backups started from the console go into.
    pub fn backup_dir(&self) -> PathBuf {
        self.backup_dir
            .clone()
            .unwrap_or_else(|| self.data_dir.join("backups"))
    }

    /// The public base URL in force.
    pub fn base_url(&self) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

/// `json` or `text` (the default): whether logs are JSON lines.
pub fn parse_log_format(value: &str) -> Option<bool> {
    match value.trim() {
        "json" => Some(true),
        "text" | "compact" => Some(false),
        _ => None,
    }
}

fn parse_bool(name: &'static str, value: String) -> Result<bool, ConfigError> {
    match value.as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(ConfigError::Env { name, value }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: std::collections::HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_are_the_embedded_setup() {
        let s = Settings::default();
        assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(
            s.database_url().expose(),
            "sqlite://./data/ocop.db?mode=rwc"
        );
    }

    #[test]
    fn environment_overrides_and_bad_values_are_named() {
        let mut s = Settings::default();
        s.apply_env(env(&[
            ("OCOP_DATA_DIR", "/tmp/x"),
            ("OCOP_ADDR", "0.0.0.0:8080"),
        ]))
        .unwrap();
        assert_eq!(
            s.database_url().expose(),
            "sqlite:///tmp/x/ocop.db?mode=rwc"
        );
        let err = s.apply_env(env(&[("OCOP_ADDR", "nowhere")])).unwrap_err();
        assert!(err.to_string().contains("OCOP_ADDR"));
    }

    #[test]
    fn the_operator_comes_from_the_environment_in_nfc() {
        let mut s = Settings::default();
        // "Hợp" written with a combining horn and dot below: stored composed.
        s.apply_env(env(&[
            ("OCOP_OPERATOR_NAME", " Ho\u{031B}\u{0323}p tác xã Chợ Quê "),
            ("OCOP_OPERATOR_EMAIL", "lienhe@example.vn"),
            ("OCOP_OPERATOR_REGISTRATION_URL", "https://online.gov.vn/x"),
        ]))
        .unwrap();
        assert_eq!(s.operator.name, "Hợp tác xã Chợ Quê");
        assert_eq!(s.operator.email, "lienhe@example.vn");
        assert!(s.operator.registration_link().is_some());
        let err = s
            .apply_env(env(&[("OCOP_OPERATOR_REGISTRATION_URL", "online.gov.vn")]))
            .unwrap_err();
        assert!(err.to_string().contains("OCOP_OPERATOR_REGISTRATION_URL"));
    }

    #[test]
    fn the_log_format_is_text_or_json() {
        let mut s = Settings::default();
        assert!(!s.json_logs);
        s.apply_env(env(&[("OCOP_LOG_FORMAT", "json")])).unwrap();
        assert!(s.json_logs);
        s.apply_env(env(&[("OCOP_LOG_FORMAT", "text")])).unwrap();
        assert!(!s.json_logs);
        let err = s.apply_env(env(&[("OCOP_LOG_FORMAT", "xml")])).unwrap_err();
        assert!(err.to_string().contains("OCOP_LOG_FORMAT"));
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("postgres://u:pw@h/db");
        assert!(!format!("{s:?}").contains("pw"));
    }

    #[test]
    fn stripe_is_off_by_default_and_read_from_its_own_variables() {
        let mut s = Settings::default();
        assert!(s.stripe.secret_key.is_none());
        assert_eq!(s.stripe.api_base, "https://api.stripe.com");
        s.apply_env(env(&[
            ("STRIPE_SECRET_KEY", "sk_test_abc123"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_xyz789"),
            ("STRIPE_API_BASE", "http://127.0.0.1:12111"),
        ]))
        .unwrap();
        assert_eq!(
            s.stripe.secret_key.as_ref().map(Secret::expose),
            Some("sk_test_abc123")
        );
        assert_eq!(s.stripe.api_base, "http://127.0.0.1:12111");
        let printed = format!("{s:?}");
        assert!(!printed.contains("sk_test_abc123"), "{printed}");
        assert!(!printed.contains("whsec_xyz789"), "{printed}");
        let err = s
            .apply_env(env(&[("STRIPE_API_BASE", "api.stripe.com")]))
            .unwrap_err();
        assert!(err.to_string().contains("STRIPE_API_BASE"));
    }

    #[test]
    fn stripe_settings_come_from_the_file_too() {
        let s: Settings = toml::from_str(
            "[stripe]\nsecret_key = \"sk_test_file\"\nwebhook_secret = \"whsec_file\"\n",
        )
        .unwrap();
        assert_eq!(
            s.stripe.webhook_secret.as_ref().map(Secret::expose),
            Some("whsec_file")
        );
        assert_eq!(s.stripe.api_base, "https://api.stripe.com");
    }
}
