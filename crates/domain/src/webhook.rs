//! Webhooks: the events a company's endpoints can subscribe to, and which network addresses a delivery may reach
//! (ADR 0013). The signing and the sending live in `app::webhooks`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

/// The events, as named in the payload's `type` and in an endpoint's subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EventType {
    #[serde(rename = "application.created")]
    ApplicationCreated,
    #[serde(rename = "application.moved")]
    ApplicationMoved,
    #[serde(rename = "application.rejected")]
    ApplicationRejected,
    /// Moved into a step of type Ansettelse (`StepType::Hire`); sent besides `application.moved`.
    #[serde(rename = "application.hired")]
    ApplicationHired,
    #[serde(rename = "candidate.anonymised")]
    CandidateAnonymised,
    #[serde(rename = "posting.published")]
    PostingPublished,
    #[serde(rename = "posting.closed")]
    PostingClosed,
}

impl EventType {
    pub const ALL: [EventType; 7] = [
        EventType::ApplicationCreated,
        EventType::ApplicationMoved,
        EventType::ApplicationRejected,
        EventType::ApplicationHired,
        EventType::CandidateAnonymised,
        EventType::PostingPublished,
        EventType::PostingClosed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventType::ApplicationCreated => "application.created",
            EventType::ApplicationMoved => "application.moved",
            EventType::ApplicationRejected => "application.rejected",
            EventType::ApplicationHired => "application.hired",
            EventType::CandidateAnonymised => "candidate.anonymised",
            EventType::PostingPublished => "posting.published",
            EventType::PostingClosed => "posting.closed",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|e| e.code() == code)
    }
}

/// The test event ("Send testhendelse"): every endpoint gets it, whatever it subscribed to.
pub const TEST_EVENT: &str = "webhook.test";

/// Whether a delivery may connect to `ip`: only to public unicast addresses, so that a webhook cannot be aimed at
/// the server's own network (SSRF). Loopback only when the operator allowed it (`--webhooks-allow-loopback`,
/// for local receivers and tests); private, link-local, shared, documentation, multicast and unspecified ranges
/// never, also when wrapped in IPv6 (IPv4-mapped, NAT64 and 6to4 forms are judged by the IPv4 inside).
pub fn ip_allowed(ip: IpAddr, allow_loopback: bool) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_allowed(v4, allow_loopback),
        IpAddr::V6(v6) => {
            if let Some(v4) = embedded_v4(v6) {
                return v4_allowed(v4, allow_loopback);
            }
            if v6.is_loopback() {
                return allow_loopback;
            }
            let s = v6.segments();
            let unique_local = (s[0] & 0xfe00) == 0xfc00;
            let link_local = (s[0] & 0xffc0) == 0xfe80;
            let site_local = (s[0] & 0xffc0) == 0xfec0;
            let documentation = s[0] == 0x2001 && s[1] == 0x0db8;
            let multicast = (s[0] & 0xff00) == 0xff00;
            !(v6.is_unspecified() || unique_local || link_local || site_local || documentation || multicast)
        }
    }
}

fn v4_allowed(ip: Ipv4Addr, allow_loopback: bool) -> bool {
    if ip.is_loopback() {
        return allow_loopback;
    }
    let [a, b, c, _] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b); // 100.64.0.0/10, carrier-grade NAT
    let this_network = a == 0;
    let protocol = a == 192 && b == 0 && c == 0; // 192.0.0.0/24
    let benchmarking = a == 198 && (b == 18 || b == 19);
    let reserved = a >= 240;
    !(ip.is_private()
        || ip.is_link_local()
        || ip.is_documentation()
        || ip.is_multicast()
        || ip.is_broadcast()
        || ip.is_unspecified()
        || shared
        || this_network
        || protocol
        || benchmarking
        || reserved)
}

/// The IPv4 address an IPv6 address stands for: IPv4-mapped (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`),
/// NAT64 (`64:ff9b::a.b.c.d`) and 6to4 (`2002:ab:cd::`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..5] == [0; 5] && (s[5] == 0xffff || (s[5] == 0 && (s[6] != 0 || s[7] > 1))) {
        return Some(tail);
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4] {
        return Some(tail);
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(s: &str, loopback: bool) -> bool {
        ip_allowed(s.parse().unwrap(), loopback)
    }

    #[test]
    fn only_public_addresses_are_reached() {
        for public in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e"] {
            assert!(allowed(public, false), "{public}");
        }
        for private in [
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::",
            "fd00::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:0a00:0001::",
        ] {
            assert!(!allowed(private, true), "{private}");
        }
    }

    #[test]
    fn loopback_only_when_allowed() {
        for lo in ["127.0.0.1", "127.5.6.7", "::1", "::ffff:127.0.0.1"] {
            assert!(!allowed(lo, false), "{lo}");
            assert!(allowed(lo, true), "{lo}");
        }
    }

    #[test]
    fn event_codes_round_trip() {
        for e in EventType::ALL {
            assert_eq!(EventType::from_code(e.code()), Some(e));
            assert_eq!(serde_json::to_value(e).unwrap(), serde_json::json!(e.code()));
        }
    }
}
