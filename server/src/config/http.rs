//! The HTTP edge's settings (`[http]` in the configuration file): which
//! proxies may name the client, how large and how long a request may be,
//! the rate limits, and who may read `/metrics`.

use super::{ConfigError, Secret};
use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// Everything the HTTP edge can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct HttpSettings {
    /// Proxies (load balancers) whose `X-Forwarded-For` is believed
    /// (`OCOP_TRUSTED_PROXIES`, comma-separated CIDRs). Empty: the client is
    /// always the socket's peer.
    pub trusted_proxies: Vec<Cidr>,
    /// Largest request body outside the photo uploads, in bytes
    /// (`OCOP_BODY_LIMIT_BYTES`).
    pub body_limit_bytes: usize,
    /// Seconds a request may take (`OCOP_REQUEST_TIMEOUT_SECONDS`).
    pub request_timeout_seconds: u64,
    /// Seconds an upload, an export or a report may take
    /// (`OCOP_LONG_REQUEST_TIMEOUT_SECONDS`).
    pub long_request_timeout_seconds: u64,
    /// Requests per minute per client address (`[http.rate_limits]`).
    pub rate_limits: RateLimits,
    /// Bearer token that opens `/metrics` to any address
    /// (`OCOP_METRICS_TOKEN`); unset, only loopback clients may read it.
    pub metrics_token: Option<Secret>,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            trusted_proxies: Vec::new(),
            body_limit_bytes: 1024 * 1024,
            request_timeout_seconds: 30,
            long_request_timeout_seconds: 600,
            rate_limits: RateLimits::default(),
            metrics_token: None,
        }
    }
}

/// Requests allowed per minute from one client address, per kind of
/// request; as many may come at once (a token bucket of that size, refilled
/// evenly over the minute). 0 turns a limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RateLimits {
    /// Password checks: signing in and password resets
    /// (`OCOP_RATE_LIMIT_LOGIN`).
    pub login: u32,
    /// Placing orders (`OCOP_RATE_LIMIT_CHECKOUT`).
    pub checkout: u32,
    /// Searches and suggestions (`OCOP_RATE_LIMIT_SEARCH`).
    pub search: u32,
    /// Photo uploads (`OCOP_RATE_LIMIT_UPLOAD`).
    pub upload: u32,
    /// Stall applications, which mail the applicant and the area's
    /// officers (`OCOP_RATE_LIMIT_APPLY`).
    pub apply: u32,
    /// Abuse reports, which mail the area's officers
    /// (`OCOP_RATE_LIMIT_REPORT`).
    pub report: u32,
}

impl Default for RateLimits {
    /// A person signs in a few times a day, orders a few times an hour and
    /// types a search every few seconds; a script does all of it many times a
    /// second. A whole office or a fair's Wi-Fi behind one address still fits
    /// in these, with the burst.
    fn default() -> Self {
        RateLimits {
            login: 20,
            checkout: 30,
            search: 240,
            upload: 60,
            apply: 10,
            report: 10,
        }
    }
}

impl HttpSettings {
    /// Overrides from `OCOP_*` environment variables.
    pub(super) fn apply_env(
        &mut self,
        get: &impl Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(list) = get("OCOP_TRUSTED_PROXIES") {
            self.trusted_proxies = Cidr::parse_list(&list).map_err(|_| ConfigError::Env {
                name: "OCOP_TRUSTED_PROXIES",
                value: list,
            })?;
        }
        number(get, "OCOP_BODY_LIMIT_BYTES", &mut self.body_limit_bytes)?;
        number(
            get,
            "OCOP_REQUEST_TIMEOUT_SECONDS",
            &mut self.request_timeout_seconds,
        )?;
        number(
            get,
            "OCOP_LONG_REQUEST_TIMEOUT_SECONDS",
            &mut self.long_request_timeout_seconds,
        )?;
        let limits = &mut self.rate_limits;
        number(get, "OCOP_RATE_LIMIT_LOGIN", &mut limits.login)?;
        number(get, "OCOP_RATE_LIMIT_CHECKOUT", &mut limits.checkout)?;
        number(get, "OCOP_RATE_LIMIT_SEARCH", &mut limits.search)?;
        number(get, "OCOP_RATE_LIMIT_UPLOAD", &mut limits.upload)?;
        number(get, "OCOP_RATE_LIMIT_APPLY", &mut limits.apply)?;
        number(get, "OCOP_RATE_LIMIT_REPORT", &mut limits.report)?;
        if let Some(token) = get("OCOP_METRICS_TOKEN").filter(|v| !v.is_empty()) {
            self.metrics_token = Some(Secret::new(token));
        }
        Ok(())
    }
}

/// Reads `name` into `value` when it is set.
fn number<T: FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    value: &mut T,
) -> Result<(), ConfigError> {
    if let Some(text) = get(name).filter(|v| !v.trim().is_empty()) {
        *value = text
            .trim()
            .parse()
            .map_err(|_| ConfigError::Env { name, value: text })?;
    }
    Ok(())
}

/// A block of addresses in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a
/// bare address is a block of one.
#[derive(Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

/// Why a CIDR block could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not an address block in CIDR notation: {0:?}")]
pub struct CidrError(String);

impl Cidr {
    /// Reads a comma- or space-separated list.
    pub fn parse_list(list: &str) -> Result<Vec<Cidr>, CidrError> {
        list.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().parse())
            .collect()
    }

    /// Whether `ip` is in the block. An IPv4 address written as IPv6
    /// (`::ffff:10.0.0.1`, as a dual-stack socket reports it) counts as IPv4.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// `ip` with an IPv4-mapped IPv6 address turned back into IPv4.
pub fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
    }
}

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let fail = || CidrError(s.to_owned());
        let (address, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let network = canonical(address.trim().parse::<IpAddr>().map_err(|_| fail())?);
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p.trim().parse::<u8>().map_err(|_| fail())?,
            None => max,
        };
        if prefix > max {
            return Err(fail());
        }
        Ok(Cidr { network, prefix })
    }
}

impl TryFrom<String> for Cidr {
    type Error = CidrError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl fmt::Debug for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn blocks_hold_their_addresses_only() {
        let net: Cidr = "10.1.0.0/16".parse().unwrap();
        assert!(net.contains(ip("10.1.255.7")));
        assert!(!net.contains(ip("10.2.0.1")));
        assert!(net.contains(ip("::ffff:10.1.0.9")), "IPv4-mapped IPv6");
        let one: Cidr = "127.0.0.1".parse().unwrap();
        assert!(one.contains(ip("127.0.0.1")) && !one.contains(ip("127.0.0.2")));
        let all: Cidr = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("::1")));
        let v6: Cidr = "2001:db8::/32".parse().unwrap();
        assert!(v6.contains(ip("2001:db8:1::5")) && !v6.contains(ip("2001:db9::1")));
    }

    #[test]
    fn bad_blocks_are_refused() {
        for bad in ["10.0.0.0/33", "::/129", "nowhere", "10.0.0.0/x", ""] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad}");
        }
        let list = Cidr::parse_list("10.0.0.0/8, 192.168.1.1 ::1").unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[1].to_string(), "192.168.1.1/32");
    }

    #[test]
    fn the_file_takes_the_same_settings() {
        let s: super::super::Settings = toml::from_str(
            "[http]\ntrusted_proxies = [\"10.0.0.0/8\"]\n[http.rate_limits]\nsearch = 5\n",
        )
        .unwrap();
        assert!(s.http.trusted_proxies[0].contains(ip("10.1.2.3")));
        assert_eq!(s.http.rate_limits.search, 5);
        assert_eq!(s.http.rate_limits.login, RateLimits::default().login);
        let bad = toml::from_str::<super::super::Settings>("[http]\ntrusted_proxies = [\"x\"]\n");
        assert!(bad.is_err());
    }

    #[test]
    fn environment_sets_limits_and_proxies() {
        let mut http = HttpSettings::default();
        let env = |name: &str| match name {
            "OCOP_TRUSTED_PROXIES" => Some("10.0.0.0/8".to_owned()),
            "OCOP_RATE_LIMIT_LOGIN" => Some("5".to_owned()),
            "OCOP_METRICS_TOKEN" => Some("s3cret".to_owned()),
            _ => None,
        };
        http.apply_env(&env).unwrap();
        assert_eq!(http.rate_limits.login, 5);
        assert_eq!(http.rate_limits.search, RateLimits::default().search);
        assert!(http.trusted_proxies[0].contains(ip("10.9.9.9")));
        assert!(!format!("{http:?}").contains("s3cret"));
        let bad = |name: &str| (name == "OCOP_TRUSTED_PROXIES").then(|| "10.0.0.0/99".to_owned());
        let err = HttpSettings::default().apply_env(&bad).unwrap_err();
        assert!(err.to_string().contains("OCOP_TRUSTED_PROXIES"));
    }
}
