//! The HTTP edge's defences. The client address comes from the socket's
//! peer or, behind trusted proxies, from `X-Forwarded-For` ([`client`]).

pub mod client;
