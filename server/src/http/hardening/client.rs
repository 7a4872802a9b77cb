//! Who the client is. The socket's peer, unless the peer is one of our own
//! proxies (`OCOP_TRUSTED_PROXIES`): then the right-most address of
//! `X-Forwarded-For` that is not one of our proxies. Everything left of that
//! entry was written by the client itself and proves nothing, so a client
//! cannot choose its own address; and a client talking to us directly cannot
//! either, since its `X-Forwarded-For` is not read at all.

use crate::config::{http::canonical, Cidr};
use http::HeaderMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's address, put in the request's extensions by the tracking
/// middleware for the rate limits, the logs and `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// The proxies in these blocks.
    pub fn new(blocks: Vec<Cidr>) -> Self {
        TrustedProxies(blocks)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|block| block.contains(ip))
    }

    /// The client of a request from `peer` with these headers. Without a
    /// peer (a request handed to the router in-process, as the page
    /// benchmark does) the client is this machine.
    pub fn client_address(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        if !self.trusts(peer) {
            return peer;
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for entry in forwarded.iter().rev() {
            // An entry that is not an address ends the walk: the nearest
            // address we could read is all we know.
            let Some(ip) = parse_entry(entry) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

/// An `X-Forwarded-For` entry: an address, maybe with a port, IPv6 maybe
/// in brackets.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Ok(addr) = entry.parse::<SocketAddr>() {
        return Some(canonical(addr.ip()));
    }
    entry
        .strip_prefix('[')
        .and_then(|e| e.strip_suffix(']'))
        .and_then(|e| e.parse().ok())
        .map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let proxies = TrustedProxies::new(vec!["10.0.0.0/8".parse().unwrap()]);
        let headers = forwarded(&["198.51.100.1"]);
        assert_eq!(
            proxies.client_address(Some(ip("203.0.113.5")), &headers),
            ip("203.0.113.5")
        );
        let none = TrustedProxies::default();
        assert_eq!(
            none.client_address(Some(ip("127.0.0.1")), &headers),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn behind_proxies_the_right_most_untrusted_entry_is_the_client() {
        let proxies = TrustedProxies::new(vec![
            "10.0.0.0/8".parse().unwrap(),
            "127.0.0.1".parse().unwrap(),
        ]);
        let peer = Some(ip("127.0.0.1"));
        // The client forged the first entry; the load balancer (10.0.0.2)
        // and the local proxy appended the real ones.
        let headers = forwarded(&["6.6.6.6, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(proxies.client_address(peer, &headers), ip("198.51.100.7"));
        assert_eq!(
            proxies.client_address(peer, &forwarded(&["[2001:db8::9]", "203.0.113.1:4711"])),
            ip("203.0.113.1")
        );
        assert_eq!(
            proxies.client_address(peer, &forwarded(&["[2001:db8::9]"])),
            ip("2001:db8::9")
        );
        // Only proxies in the header, or nothing readable: the nearest known.
        assert_eq!(
            proxies.client_address(peer, &forwarded(&["10.0.0.3"])),
            ip("10.0.0.3")
        );
        assert_eq!(
            proxies.client_address(peer, &forwarded(&["unknown"])),
            ip("127.0.0.1")
        );
        assert_eq!(
            proxies.client_address(peer, &HeaderMap::new()),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_blocks() {
        let proxies = TrustedProxies::new(vec!["127.0.0.1".parse().unwrap()]);
        let headers = forwarded(&["198.51.100.7"]);
        assert_eq!(
            proxies.client_address(Some(ip("::ffff:127.0.0.1")), &headers),
            ip("198.51.100.7")
        );
    }
}
