//! The address a request came from: the connection's peer, or — when that peer is a proxy the operator named with
//! `--trusted-proxy` (a load balancer in front of several servers) — the nearest address in `X-Forwarded-For` that
//! is not one of those proxies. Without trusted proxies the header is ignored: anyone can write it, and the apply
//! limit and the sign-in throttle count by this address.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use app::App;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use ipnet::IpNet;

/// The client's address as text ("" when the connection's peer is unknown, as in tests without a socket).
pub(crate) struct ClientAddress(pub String);

impl FromRequestParts<App> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Infallible> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(a)| a.ip());
        let forwarded = parts.headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
        let address = client_ip(peer, forwarded, &app.config().trusted_proxies);
        Ok(ClientAddress(address.map(|a| a.to_string()).unwrap_or_default()))
    }
}

/// Walks from the peer back through `X-Forwarded-For` (each proxy appends the address it was reached from, so the
/// rightmost entries are the nearest) while the address at hand is a trusted proxy. An entry that is not an address
/// ends the walk at the last trusted hop's word: what a client wrote before it cannot be believed either.
fn client_ip<'a>(peer: Option<IpAddr>, forwarded: impl Iterator<Item = &'a str>, trusted: &[IpNet]) -> Option<IpAddr> {
    let mut address = peer?;
    if trusted.is_empty() {
        return Some(address);
    }
    let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).filter(|h| !h.is_empty()).collect();
    for hop in hops.iter().rev() {
        if !trusted.iter().any(|net| net.contains(&address)) {
            break;
        }
        match hop.parse::<IpAddr>() {
            Ok(ip) => address = ip,
            Err(_) => break,
        }
    }
    Some(address)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|n| n.parse().expect("a network")).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let got = client_ip(Some(ip("10.0.0.5")), ["203.0.113.7"].into_iter(), &[]);
        assert_eq!(got, Some(ip("10.0.0.5")));
    }

    #[test]
    fn a_trusted_load_balancer_passes_on_the_client() {
        let got = client_ip(Some(ip("10.0.0.5")), ["203.0.113.7"].into_iter(), &nets(&["10.0.0.0/8"]));
        assert_eq!(got, Some(ip("203.0.113.7")));
    }

    #[test]
    fn what_the_client_wrote_before_the_proxy_is_not_believed() {
        // The client sent "X-Forwarded-For: 198.51.100.1" itself; the proxy appended the address it saw.
        let got = client_ip(Some(ip("10.0.0.5")), ["198.51.100.1, 203.0.113.7"].into_iter(), &nets(&["10.0.0.0/8"]));
        assert_eq!(got, Some(ip("203.0.113.7")));
    }

    #[test]
    fn a_chain_of_trusted_proxies_is_walked_through() {
        let headers = ["203.0.113.7, 10.1.2.3", "10.9.9.9"];
        let got = client_ip(Some(ip("10.0.0.5")), headers.into_iter(), &nets(&["10.0.0.0/8"]));
        assert_eq!(got, Some(ip("203.0.113.7")));
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let got = client_ip(Some(ip("203.0.113.9")), ["10.0.0.1"].into_iter(), &nets(&["10.0.0.0/8"]));
        assert_eq!(got, Some(ip("203.0.113.9")));
    }

    #[test]
    fn garbage_in_the_header_stops_at_the_last_trusted_hop() {
        let got = client_ip(Some(ip("10.0.0.5")), ["203.0.113.7, nonsense"].into_iter(), &nets(&["10.0.0.0/8"]));
        assert_eq!(got, Some(ip("10.0.0.5")));
    }

    #[test]
    fn ipv6_clients_behind_an_ipv4_proxy() {
        let got = client_ip(Some(ip("127.0.0.1")), ["2001:db8::1"].into_iter(), &nets(&["127.0.0.1/32"]));
        assert_eq!(got, Some(ip("2001:db8::1")));
    }
}
