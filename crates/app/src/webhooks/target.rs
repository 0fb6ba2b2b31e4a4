//! Where a webhook may be sent (ADR 0013): `https://` addresses whose host resolves only to public addresses, or
//! loopback `http://` when the operator allowed it. Checked when an endpoint is saved (the address as written)
//! and again for every delivery after DNS resolution, so a name pointed at a private address later is refused.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use domain::validate::ErrorCode;
use domain::webhook::ip_allowed;

pub const URL_MAX: usize = 2000;
/// A slow receiver holds a worker at most this long (connect: the first part of it).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(10);

/// The address as saved: a full URL with a host, `https`, or `http` to a loopback host where allowed; an IP
/// address as host must itself be allowed.
pub fn check_url(value: &str, allow_loopback: bool) -> Result<url::Url, ErrorCode> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ErrorCode::Required);
    }
    if value.len() > URL_MAX {
        return Err(ErrorCode::TooLong { max: URL_MAX });
    }
    let url = url::Url::parse(value).map_err(|_| ErrorCode::NotHttps)?;
    let literal = match url.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        Some(url::Host::Domain(_)) => None,
        None => return Err(ErrorCode::NotHttps),
    };
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ErrorCode::NotHttps);
    }
    let loopback_host = literal.is_some_and(|ip| ip.is_loopback()) || url.host_str() == Some("localhost");
    match url.scheme() {
        "https" => {}
        "http" if allow_loopback && loopback_host => {}
        _ => return Err(ErrorCode::NotHttps),
    }
    if let Some(ip) = literal {
        if !ip_allowed(ip, allow_loopback) {
            return Err(ErrorCode::PrivateAddress);
        }
    }
    Ok(url)
}

/// Resolves names for the delivery client and keeps only allowed addresses: a name with none left fails to
/// connect, so DNS cannot point a delivery at the server's own network.
struct Resolver {
    allow_loopback: bool,
}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_loopback = self.allow_loopback;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| ip_allowed(a.ip(), allow_loopback)).collect();
            if allowed.is_empty() {
                return Err(Box::new(Refused) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the address resolves only to private or loopback addresses; refused")]
pub struct Refused;

/// The delivery client: allowed addresses only, no redirects followed, no proxy (a proxy would resolve the name
/// itself), short timeouts.
pub fn client(allow_loopback: bool) -> reqwest::Client {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(Resolver { allow_loopback }))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(TOTAL_TIMEOUT)
        .user_agent("ansett-webhooks/1")
        .build()
        // Only fails when the TLS backend cannot start: then no request could be made at all.
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_allowed_loopback() {
        assert!(check_url("https://hr.example.com/hooks", false).is_ok());
        assert_eq!(check_url("", false), Err(ErrorCode::Required));
        assert_eq!(check_url("http://hr.example.com/hooks", true), Err(ErrorCode::NotHttps));
        assert_eq!(check_url("ftp://hr.example.com", true), Err(ErrorCode::NotHttps));
        assert_eq!(check_url("hr.example.com", true), Err(ErrorCode::NotHttps));
        assert_eq!(check_url("https://u:p@hr.example.com", true), Err(ErrorCode::NotHttps));
        assert_eq!(check_url("http://127.0.0.1:9/x", false), Err(ErrorCode::NotHttps));
        assert!(check_url("http://127.0.0.1:9/x", true).is_ok());
        assert!(check_url("http://[::1]:9/x", true).is_ok());
        assert_eq!(check_url("https://127.0.0.1/x", false), Err(ErrorCode::PrivateAddress));
        assert_eq!(check_url("https://10.1.2.3/x", true), Err(ErrorCode::PrivateAddress));
        assert_eq!(check_url("https://169.254.169.254/latest", true), Err(ErrorCode::PrivateAddress));
        assert_eq!(check_url("https://[fd00::1]/x", true), Err(ErrorCode::PrivateAddress));
    }
}
