//! arbeidsplassen (NAV's job import API, navikt/pam-import-api; ADR 0021): the facts NAV needs that a posting
//! does not have (organisation number, sector, extent, positions, STYRK08 code), which of them a posting still
//! lacks, and the ad NAV receives. NAV's field names and values are kept as their documentation writes them.

use serde_json::{json, Value};

use crate::posting::PositionType;
use crate::validate::{ErrorCode, FieldErrors};
use crate::workplace::{Salary, SalaryUnit, Workplace};

pub const PROVIDER_ID_MAX: usize = 40;
pub const SECRET_MAX: usize = 4000;
pub const POSITIONS_MAX: i64 = 999;
/// How long an ad without an application deadline stays on arbeidsplassen (an update renews it).
pub const EXPIRES_WITHOUT_DEADLINE_DAYS: i64 = 30;

/// Sektor: NAV's `sector` property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sector {
    Public,
    Private,
}

/// Omfang: NAV's `extent` property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    FullTime,
    PartTime,
}

impl Sector {
    pub const ALL: [Sector; 2] = [Sector::Public, Sector::Private];
    pub fn code(self) -> &'static str {
        match self {
            Sector::Public => "public",
            Sector::Private => "private",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
    /// The value NAV accepts.
    pub fn nav(self) -> &'static str {
        match self {
            Sector::Public => "Offentlig",
            Sector::Private => "Privat",
        }
    }
}

impl Extent {
    pub const ALL: [Extent; 2] = [Extent::FullTime, Extent::PartTime];
    pub fn code(self) -> &'static str {
        match self {
            Extent::FullTime => "full_time",
            Extent::PartTime => "part_time",
        }
    }
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
    pub fn nav(self) -> &'static str {
        match self {
            Extent::FullTime => "Heltid",
            Extent::PartTime => "Deltid",
        }
    }
}

/// NAV's `engagementtype` for ansett's position type (which already follows NAV's list of ansettelsesformer).
pub fn engagement_type(p: PositionType) -> &'static str {
    match p {
        PositionType::Permanent => "Fast",
        PositionType::Temporary => "Vikariat",
        PositionType::Engagement => "Engasjement",
        PositionType::Project => "Prosjekt",
        PositionType::FixedTerm => "Åremål",
        PositionType::Seasonal => "Sesong",
        PositionType::Apprentice => "Lærling",
        PositionType::Trainee => "Trainee",
        PositionType::Other => "Annet",
    }
}

/// A Norwegian organisation number: nine digits whose last is the modulus-11 check digit of the first eight
/// (weights 3 2 7 6 5 4 3 2; a remainder giving 10 makes the number invalid).
pub fn valid_orgnr(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if s.len() != 9 || digits.len() != 9 {
        return false;
    }
    let sum: u32 = digits.iter().zip([3, 2, 7, 6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    let check = match 11 - sum % 11 {
        11 => 0,
        10 => return false,
        c => c,
    };
    check == digits[8]
}

/// A STYRK08 occupation code as NAV takes it: four digits (its six-digit refinements are NAV's own).
pub fn valid_styrk(s: &str) -> bool {
    s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())
}

/// The NAV fields as the form submits them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NavInput {
    pub orgnr: String,
    pub sector: String,
    pub extent: String,
    pub positions: String,
    pub styrk: String,
}

/// The NAV fields of a posting; each may still be missing (they are needed only to publish to NAV).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NavFields {
    pub orgnr: Option<String>,
    pub sector: Option<Sector>,
    pub extent: Option<Extent>,
    pub positions: Option<i64>,
    pub styrk: Option<String>,
}

impl NavInput {
    pub fn of(f: &NavFields) -> NavInput {
        NavInput {
            orgnr: f.orgnr.clone().unwrap_or_default(),
            sector: f.sector.map(|s| s.code().to_string()).unwrap_or_default(),
            extent: f.extent.map(|s| s.code().to_string()).unwrap_or_default(),
            positions: f.positions.map(|n| n.to_string()).unwrap_or_default(),
            styrk: f.styrk.clone().unwrap_or_default(),
        }
    }

    /// Empty is allowed everywhere; what is given must be right.
    pub fn validate(&self) -> Result<NavFields, FieldErrors> {
        let mut e = FieldErrors::new();
        let given = |s: &str| Some(s.trim().replace(' ', "")).filter(|s| !s.is_empty());
        let orgnr = given(&self.orgnr);
        if orgnr.as_deref().is_some_and(|o| !valid_orgnr(o)) {
            e.push("nav_orgnr", ErrorCode::InvalidOrgnr);
        }
        let sector = given(&self.sector).map(|c| Sector::from_code(&c));
        if sector == Some(None) {
            e.push("nav_sector", ErrorCode::InvalidChoice);
        }
        let extent = given(&self.extent).map(|c| Extent::from_code(&c));
        if extent == Some(None) {
            e.push("nav_extent", ErrorCode::InvalidChoice);
        }
        let positions =
            given(&self.positions).map(|p| p.parse::<i64>().ok().filter(|n| (1..=POSITIONS_MAX).contains(n)));
        if positions == Some(None) {
            e.push("nav_positions", ErrorCode::OutOfRange { min: 1, max: POSITIONS_MAX });
        }
        let styrk = given(&self.styrk);
        if styrk.as_deref().is_some_and(|s| !valid_styrk(s)) {
            e.push("nav_styrk", ErrorCode::InvalidStyrk);
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NavFields {
            orgnr,
            sector: sector.flatten(),
            extent: extent.flatten(),
            positions: positions.flatten(),
            styrk,
        })
    }
}

/// What a posting lacks before NAV will take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Orgnr,
    Sector,
    Extent,
    Positions,
    Styrk,
    /// NAV needs a work location with a postal code (also the employer's location).
    Location,
    /// `adText` is required.
    Text,
    /// The company's provider id and secret key (Bedriftsinnstillinger → Jobbportaler).
    Credentials,
}

impl Missing {
    pub const ALL: [Missing; 8] = [
        Missing::Orgnr,
        Missing::Sector,
        Missing::Extent,
        Missing::Positions,
        Missing::Styrk,
        Missing::Location,
        Missing::Text,
        Missing::Credentials,
    ];

    /// The API's word for it.
    pub fn code(self) -> &'static str {
        match self {
            Missing::Orgnr => "orgnr",
            Missing::Sector => "sector",
            Missing::Extent => "extent",
            Missing::Positions => "positions",
            Missing::Styrk => "styrk",
            Missing::Location => "location",
            Missing::Text => "text",
            Missing::Credentials => "credentials",
        }
    }

    /// The translation key naming what is missing.
    pub fn key(self) -> &'static str {
        match self {
            Missing::Orgnr => "nav.field.orgnr",
            Missing::Sector => "nav.field.sector",
            Missing::Extent => "nav.field.extent",
            Missing::Positions => "nav.field.positions",
            Missing::Styrk => "nav.field.styrk",
            Missing::Location => "nav.missing.location",
            Missing::Text => "nav.missing.text",
            Missing::Credentials => "nav.missing.credentials",
        }
    }
}

/// What the ad is made of, read when it is sent.
pub struct AdSource<'a> {
    /// The posting id: NAV's `reference`, the same on every update and on the stop.
    pub reference: &'a str,
    pub title: &'a str,
    /// Markdown; sent as (sanitized) HTML.
    pub body: &'a str,
    pub position_type: PositionType,
    /// `YYYY-MM-DD`.
    pub deadline: Option<&'a str>,
    pub workplace: &'a Workplace,
    pub salary: Option<&'a Salary>,
    pub company_name: &'a str,
    /// The contact person: name and email.
    pub contact: Option<(&'a str, &'a str)>,
    pub application_url: &'a str,
    pub nav: &'a NavFields,
    /// When the ad was first published to NAV, and now (UTC milliseconds).
    pub published_ms: i64,
    pub now_ms: i64,
}

/// What `source` lacks for NAV (none: it can be sent).
pub fn missing(nav: &NavFields, workplace: &Workplace, body: &str) -> Vec<Missing> {
    let mut m = Vec::new();
    let checks = [
        (nav.orgnr.is_none(), Missing::Orgnr),
        (nav.sector.is_none(), Missing::Sector),
        (nav.extent.is_none(), Missing::Extent),
        (nav.positions.is_none(), Missing::Positions),
        (nav.styrk.is_none(), Missing::Styrk),
        (workplace.locations.is_empty(), Missing::Location),
        (crate::markdown::to_plain_text(body).trim().is_empty(), Missing::Text),
    ];
    m.extend(checks.into_iter().filter(|(lacks, _)| *lacks).map(|(_, what)| what));
    m
}

/// NAV's local date-time (`2019-02-13T12:59:26`): Norwegian wall-clock time, as their examples write it.
fn nav_time(utc_ms: i64) -> String {
    let local = crate::civil_time::local_ms(utc_ms);
    let (y, mo, d) = crate::civil_time::civil_from_days(local.div_euclid(86_400_000));
    let s = local.rem_euclid(86_400_000) / 1000;
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// `YYYY-MM-DD` → NAV's `applicationdue` `DD.MM.YYYY`.
fn nav_date(date: &str) -> String {
    let mut p = date.split('-');
    let (y, m, d) = (p.next().unwrap_or(""), p.next().unwrap_or(""), p.next().unwrap_or(""));
    format!("{d}.{m}.{y}")
}

/// The ad as NAV's import API takes it (one object of `POST /transfers/{providerId}`). Call only when
/// `missing` found nothing; fields still absent are left out rather than invented.
pub fn ad(s: &AdSource) -> Value {
    let locations: Vec<Value> = s
        .workplace
        .locations
        .iter()
        .map(|l| {
            let mut v = json!({ "postalCode": l.postal_code, "city": l.city, "country": "NORGE" });
            if !l.street.is_empty() {
                v["address"] = json!(l.street);
            }
            if let Some(county) = l.county_name() {
                v["county"] = json!(county);
            }
            v
        })
        .collect();
    let expires = match s.deadline.and_then(crate::civil_time::parse_date) {
        Some(day) => {
            let (y, m, d) = crate::civil_time::civil_from_days(day);
            format!("{y:04}-{m:02}-{d:02}T23:59:59")
        }
        None => nav_time(s.now_ms + EXPIRES_WITHOUT_DEADLINE_DAYS * 86_400_000),
    };
    let mut properties = json!({
        "engagementtype": engagement_type(s.position_type),
        "applicationurl": s.application_url,
        "jobtitle": s.title,
        // NAV's own word for "as soon as possible" when there is no deadline.
        "applicationdue": s.deadline.map(nav_date).unwrap_or_else(|| "Snarest".to_string()),
    });
    if let Some(e) = s.nav.extent {
        properties["extent"] = json!(e.nav());
    }
    if let Some(sec) = s.nav.sector {
        properties["sector"] = json!(sec.nav());
    }
    if s.workplace.is_remote() {
        let remote = if s.workplace.locations.is_empty() { "Hjemmekontor" } else { "Hybridkontor" };
        properties["remote"] = json!(remote);
    }
    // NAV's `salary` is one whole number; only a yearly figure means the same thing on their page.
    if let Some(sal) = s.salary.filter(|sal| sal.unit == SalaryUnit::Year) {
        if let Some(amount) = sal.min.or(sal.max) {
            properties["salary"] = json!(amount);
        }
    }
    let orgnr = s.nav.orgnr.clone().unwrap_or_default();
    let mut employer = json!({ "reference": orgnr, "businessName": s.company_name, "orgnr": orgnr });
    if let Some(first) = locations.first() {
        employer["location"] = first.clone();
    }
    let contacts: Vec<Value> = s.contact.iter().map(|(name, email)| json!({ "name": name, "email": email })).collect();
    json!({
        "reference": s.reference,
        "positions": s.nav.positions.unwrap_or(1),
        "title": s.title,
        "adText": crate::markdown::to_safe_html(s.body),
        "privacy": "SHOW_ALL",
        "published": nav_time(s.published_ms),
        "expires": expires,
        "contactList": contacts,
        "employer": employer,
        "locationList": locations,
        "categoryList": s.nav.styrk.iter().map(|c| json!({ "code": c, "categoryType": "STYRK08" })).collect::<Vec<_>>(),
        "properties": properties,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workplace::Location;

    #[test]
    fn orgnr_mod11() {
        // Brønnøysundregistrene's own number and NAV's example employers.
        for good in ["974760673", "989012088", "974220954"] {
            assert!(valid_orgnr(good), "{good}");
        }
        for bad in ["974760672", "97476067", "9747606733", "97476067a", "", "123456789"] {
            assert!(!valid_orgnr(bad), "{bad}");
        }
    }

    #[test]
    fn empty_is_allowed_wrong_is_not() {
        assert_eq!(NavInput::default().validate(), Ok(NavFields::default()));
        let bad = NavInput {
            orgnr: "123".into(),
            sector: "x".into(),
            extent: "y".into(),
            positions: "0".into(),
            styrk: "12a4".into(),
        };
        let fields: Vec<_> = bad.validate().unwrap_err().0.into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["nav_orgnr", "nav_sector", "nav_extent", "nav_positions", "nav_styrk"]);
        let good = NavInput {
            orgnr: "974 760 673".into(),
            sector: "public".into(),
            extent: "part_time".into(),
            positions: "2".into(),
            styrk: "2512".into(),
        };
        let f = good.validate().unwrap();
        assert_eq!(f.orgnr.as_deref(), Some("974760673"));
        assert_eq!(NavInput::of(&f).validate(), Ok(f));
    }

    #[test]
    fn missing_and_ad() {
        let wp = Workplace {
            locations: vec![Location {
                street: "Storgata 1".into(),
                postal_code: "0155".into(),
                city: "Oslo".into(),
                county: "03".into(),
            }],
            remote_countries: vec!["NO".into()],
        };
        let none = NavFields::default();
        assert_eq!(missing(&none, &Workplace::default(), "").len(), 7);
        let nav = NavInput {
            orgnr: "974760673".into(),
            sector: "private".into(),
            extent: "full_time".into(),
            positions: "3".into(),
            styrk: "2512".into(),
        }
        .validate()
        .unwrap();
        assert!(missing(&nav, &wp, "Hei **du**").is_empty());
        let salary = Salary { min: Some(600_000), max: Some(700_000), unit: SalaryUnit::Year };
        let src = AdSource {
            reference: "p1",
            title: "Utvikler",
            body: "Hei **du**",
            position_type: PositionType::Permanent,
            deadline: Some("2027-01-31"),
            workplace: &wp,
            salary: Some(&salary),
            company_name: "Acme AS",
            contact: Some(("Kari Nordmann", "kari@acme.no")),
            application_url: "https://ansett.example/careers/acme/p1",
            nav: &nav,
            published_ms: 0,
            now_ms: 0,
        };
        let ad = ad(&src);
        assert_eq!(ad["adText"], "<p>Hei <strong>du</strong></p>\n");
        assert_eq!(ad["expires"], "2027-01-31T23:59:59");
        assert_eq!(ad["published"], "1970-01-01T01:00:00");
        assert_eq!(ad["properties"]["applicationdue"], "31.01.2027");
        assert_eq!(ad["properties"]["remote"], "Hybridkontor");
        assert_eq!(ad["properties"]["salary"], 600_000);
        assert_eq!(ad["employer"]["location"]["county"], "Oslo");
        assert_eq!(ad["categoryList"][0]["code"], "2512");
    }
}
