//! Where a posting's work happens and what it pays (issue 21, part 3): work locations in Norway, remote work with
//! the countries it may be done from, and a salary range in NOK. The shapes follow what the outside world takes:
//! a location is NAV's `locationList` entry (address, postalCode, city, county, country; NAV derives the
//! municipality from the postal code) and schema.org's PostalAddress; remote is schema.org's TELECOMMUTE with
//! `applicantLocationRequirements` (NAV: the `location` property "Hjemmekontor").

use serde::{Deserialize, Serialize};

use crate::posting::indexed;
use crate::validate::{clean_name, ErrorCode, FieldErrors, FieldName};

/// Norway's counties since 2024, by county number (fylkesnummer), with their official names.
pub const COUNTIES: &[(&str, &str)] = &[
    ("03", "Oslo"),
    ("11", "Rogaland"),
    ("15", "Møre og Romsdal"),
    ("18", "Nordland"),
    ("31", "Østfold"),
    ("32", "Akershus"),
    ("33", "Buskerud"),
    ("34", "Innlandet"),
    ("39", "Vestfold"),
    ("40", "Telemark"),
    ("42", "Agder"),
    ("46", "Vestland"),
    ("50", "Trøndelag"),
    ("55", "Troms"),
    ("56", "Finnmark"),
];

/// The countries remote work can be allowed from (ISO 3166-1 alpha-2), with their English names for schema.org.
pub const REMOTE_COUNTRIES: &[(&str, &str)] =
    &[("NO", "Norway"), ("SE", "Sweden"), ("DK", "Denmark"), ("FI", "Finland"), ("IS", "Iceland")];

pub const MAX_LOCATIONS: usize = 10;
pub const STREET_MAX: usize = 120;
pub const CITY_MAX: usize = 60;
/// A yearly salary above a hundred million kroner is a typo.
pub const SALARY_MAX: i64 = 100_000_000;

/// The official name of a county number.
pub fn county_name(code: &str) -> Option<&'static str> {
    COUNTIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The English name of a remote country code.
pub fn country_name(code: &str) -> Option<&'static str> {
    REMOTE_COUNTRIES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// One place of work in Norway.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Gateadresse; may be empty.
    pub street: String,
    /// Postnummer: four digits.
    pub postal_code: String,
    /// Sted (poststed or city).
    pub city: String,
    /// County number (`COUNTIES`); empty when not given.
    pub county: String,
}

impl Location {
    pub fn county_name(&self) -> Option<&'static str> {
        county_name(&self.county)
    }
}

/// Where the work is done: none, one or more locations, remote from some countries, or both (hybrid).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workplace {
    pub locations: Vec<Location>,
    /// Countries remote work is allowed from; empty: not remote.
    pub remote_countries: Vec<String>,
}

impl Workplace {
    pub fn is_remote(&self) -> bool {
        !self.remote_countries.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.locations.is_empty() && !self.is_remote()
    }

    /// Whether the careers page's place filter `place` (a city, or `REMOTE_PLACE`) shows this posting. Cities
    /// match folded ("tromso" is Tromsø).
    pub fn is_at(&self, place: &str) -> bool {
        if place == REMOTE_PLACE {
            return self.is_remote();
        }
        let key = crate::fold::fold(place.trim());
        self.locations.iter().any(|l| crate::fold::fold(&l.city) == key)
    }
}

/// The careers page's filter value for remote postings; no city is written with a leading colon.
pub const REMOTE_PLACE: &str = ":remote";

/// The cities of `workplaces` once each (folded alike; the first spelling kept), sorted, and whether any of them
/// is remote: the choices of the careers page's place filter.
pub fn places<'a>(workplaces: impl Iterator<Item = &'a Workplace>) -> (Vec<String>, bool) {
    let mut cities: Vec<(String, String)> = Vec::new();
    let mut remote = false;
    for w in workplaces {
        remote |= w.is_remote();
        for l in &w.locations {
            let key = crate::fold::fold(&l.city);
            if !cities.iter().any(|(k, _)| *k == key) {
                cities.push((key, l.city.clone()));
            }
        }
    }
    cities.sort();
    (cities.into_iter().map(|(_, city)| city).collect(), remote)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SalaryUnit {
    Year,
    Month,
    Hour,
}

impl SalaryUnit {
    pub const ALL: &'static [SalaryUnit] = &[SalaryUnit::Year, SalaryUnit::Month, SalaryUnit::Hour];

    pub fn code(self) -> &'static str {
        match self {
            SalaryUnit::Year => "year",
            SalaryUnit::Month => "month",
            SalaryUnit::Hour => "hour",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|u| u.code() == code)
    }

    /// schema.org's `unitText`.
    pub fn schema_unit(self) -> &'static str {
        match self {
            SalaryUnit::Year => "YEAR",
            SalaryUnit::Month => "MONTH",
            SalaryUnit::Hour => "HOUR",
        }
    }
}

/// A salary range in whole Norwegian kroner: at least one end given, `min ≤ max`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Salary {
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub unit: SalaryUnit,
}

/// One location row as the form submits it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocationInput {
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub county: String,
}

impl LocationInput {
    /// A row left empty is no location (the form always offers one).
    pub fn is_blank(&self) -> bool {
        [&self.street, &self.postal_code, &self.city, &self.county].iter().all(|v| v.trim().is_empty())
    }
}

/// Where and for how much, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkplaceInput {
    pub locations: Vec<LocationInput>,
    pub remote: bool,
    pub remote_countries: Vec<String>,
    pub salary_from: String,
    pub salary_to: String,
    pub salary_unit: String,
}

impl WorkplaceInput {
    /// The form's values for a saved posting.
    pub fn of(workplace: &Workplace, salary: Option<&Salary>) -> WorkplaceInput {
        let amount = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
        WorkplaceInput {
            locations: workplace
                .locations
                .iter()
                .map(|l| LocationInput {
                    street: l.street.clone(),
                    postal_code: l.postal_code.clone(),
                    city: l.city.clone(),
                    county: l.county.clone(),
                })
                .collect(),
            remote: workplace.is_remote(),
            remote_countries: workplace.remote_countries.clone(),
            salary_from: amount(salary.and_then(|s| s.min)),
            salary_to: amount(salary.and_then(|s| s.max)),
            salary_unit: salary.map_or(SalaryUnit::Year, |s| s.unit).code().to_string(),
        }
    }

    /// Checks every rule, recording problems in `e` under the form's field names (`location_postal_code_0`,
    /// `remote_countries`, `salary_to`, …).
    pub fn validate(&self, e: &mut FieldErrors) -> (Workplace, Option<Salary>) {
        let filled: Vec<(usize, &LocationInput)> =
            self.locations.iter().enumerate().filter(|(_, l)| !l.is_blank()).collect();
        if filled.len() > MAX_LOCATIONS {
            e.push("locations", ErrorCode::TooMany { max: MAX_LOCATIONS });
        }
        let mut locations = Vec::new();
        for (i, l) in filled.into_iter().take(MAX_LOCATIONS) {
            let line = |field: FieldName, value: &str, max: usize, required: bool| {
                let v: String = clean_name(value).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                e_text(field, v, max, required)
            };
            let street = line(indexed("location_street", i), &l.street, STREET_MAX, false);
            let city = line(indexed("location_city", i), &l.city, CITY_MAX, true);
            let postal_code: String = l.postal_code.chars().filter(|c| !c.is_whitespace()).collect();
            let mut problems = Vec::new();
            if postal_code.is_empty() {
                problems.push((indexed("location_postal_code", i), ErrorCode::Required));
            } else if postal_code.len() != 4 || !postal_code.chars().all(|c| c.is_ascii_digit()) {
                problems.push((indexed("location_postal_code", i), ErrorCode::InvalidPostalCode));
            }
            let county = l.county.trim().to_string();
            if !county.is_empty() && county_name(&county).is_none() {
                problems.push((indexed("location_county", i), ErrorCode::InvalidChoice));
            }
            for r in [&street, &city] {
                if let Err(p) = r {
                    problems.push(p.clone());
                }
            }
            if problems.is_empty() {
                if let (Ok(street), Ok(city)) = (street, city) {
                    locations.push(Location { street, postal_code, city, county });
                }
            }
            for (field, code) in problems {
                e.push(field, code);
            }
        }

        let mut remote_countries = Vec::new();
        if self.remote {
            for c in &self.remote_countries {
                if country_name(c).is_none() {
                    e.push("remote_countries", ErrorCode::InvalidChoice);
                } else if !remote_countries.contains(c) {
                    remote_countries.push(c.clone());
                }
            }
            if self.remote_countries.is_empty() {
                e.push("remote_countries", ErrorCode::Required);
            }
        }

        let salary = self.salary(e);
        (Workplace { locations, remote_countries }, salary)
    }

    fn salary(&self, e: &mut FieldErrors) -> Option<Salary> {
        let min = amount(e, "salary_from", &self.salary_from);
        let max = amount(e, "salary_to", &self.salary_to);
        let (Ok(min), Ok(max)) = (min, max) else { return None };
        if min.is_none() && max.is_none() {
            return None;
        }
        if let (Some(a), Some(b)) = (min, max) {
            if b < a {
                e.push("salary_to", ErrorCode::MaxBelowMin);
                return None;
            }
        }
        match SalaryUnit::from_code(&self.salary_unit) {
            Some(unit) => Some(Salary { min, max, unit }),
            None => {
                e.push("salary_unit", ErrorCode::InvalidChoice);
                None
            }
        }
    }
}

fn e_text(field: FieldName, v: String, max: usize, required: bool) -> Result<String, (FieldName, ErrorCode)> {
    crate::validate::text(field, &v, max, required).map_err(|e| (e.field, e.code))
}

/// An amount of kroner as people write it ("650 000", "650000"): empty is none; anything else must be a whole
/// number from 0 to `SALARY_MAX`.
fn amount(e: &mut FieldErrors, field: &'static str, value: &str) -> Result<Option<i64>, ()> {
    let digits: String = value.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}').collect();
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<i64>() {
        Ok(n) if (0..=SALARY_MAX).contains(&n) => Ok(Some(n)),
        _ => {
            e.push(field, ErrorCode::OutOfRange { min: 0, max: SALARY_MAX });
            Err(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oslo() -> LocationInput {
        LocationInput {
            street: "Storgata 1".into(),
            postal_code: "0155".into(),
            city: "Oslo".into(),
            county: "03".into(),
        }
    }

    fn check(input: &WorkplaceInput) -> (Workplace, Option<Salary>, Vec<(FieldName, ErrorCode)>) {
        let mut e = FieldErrors::new();
        let (w, s) = input.validate(&mut e);
        (w, s, e.0.into_iter().map(|e| (e.field, e.code)).collect())
    }

    #[test]
    fn locations_and_salary_are_kept_blank_rows_dropped() {
        let input = WorkplaceInput {
            locations: vec![LocationInput::default(), oslo()],
            salary_from: "600 000".into(),
            salary_to: "750000".into(),
            salary_unit: "year".into(),
            ..WorkplaceInput::default()
        };
        let (w, s, errors) = check(&input);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(w.locations.len(), 1);
        assert_eq!(w.locations[0].county_name(), Some("Oslo"));
        assert_eq!(s, Some(Salary { min: Some(600_000), max: Some(750_000), unit: SalaryUnit::Year }));
        assert_eq!(WorkplaceInput::of(&w, s.as_ref()).locations, vec![oslo()]);
    }

    #[test]
    fn bad_postal_codes_salaries_and_countries_name_their_fields() {
        let mut bad = oslo();
        bad.postal_code = "155".into();
        let mut no_city = oslo();
        no_city.city = " ".into();
        no_city.county = "99".into();
        let input = WorkplaceInput {
            locations: vec![bad, no_city],
            remote: true,
            remote_countries: vec![],
            salary_from: "700000".into(),
            salary_to: "600000".into(),
            salary_unit: "year".into(),
        };
        let (_, s, errors) = check(&input);
        assert!(s.is_none());
        assert!(errors.contains(&("location_postal_code_0".into(), ErrorCode::InvalidPostalCode)));
        assert!(errors.contains(&("location_city_1".into(), ErrorCode::Required)));
        assert!(errors.contains(&("location_county_1".into(), ErrorCode::InvalidChoice)));
        assert!(errors.contains(&("remote_countries".into(), ErrorCode::Required)));
        assert!(errors.contains(&("salary_to".into(), ErrorCode::MaxBelowMin)));

        let negative = WorkplaceInput { salary_from: "-5".into(), salary_unit: "year".into(), ..Default::default() };
        assert_eq!(check(&negative).2, vec![("salary_from".into(), ErrorCode::OutOfRange { min: 0, max: SALARY_MAX })]);
        let letters = WorkplaceInput { salary_to: "mye".into(), salary_unit: "hour".into(), ..Default::default() };
        assert_eq!(check(&letters).2, vec![("salary_to".into(), ErrorCode::OutOfRange { min: 0, max: SALARY_MAX })]);
        let unit = WorkplaceInput { salary_to: "300".into(), salary_unit: "week".into(), ..Default::default() };
        assert_eq!(check(&unit).2, vec![("salary_unit".into(), ErrorCode::InvalidChoice)]);
    }

    #[test]
    fn places_are_cities_once_each_and_match_folded() {
        let at = |city: &str| Workplace {
            locations: vec![Location { city: city.into(), postal_code: "9008".into(), ..oslo_location() }],
            remote_countries: vec![],
        };
        let remote = Workplace { locations: vec![], remote_countries: vec!["NO".into()] };
        let all = [at("Tromsø"), at("Bergen"), at("tromso"), remote.clone()];
        assert_eq!(places(all.iter()), (vec!["Bergen".to_string(), "Tromsø".to_string()], true));
        assert!(at("Tromsø").is_at("TROMSO") && !at("Tromsø").is_at("Bergen"));
        assert!(remote.is_at(REMOTE_PLACE) && !at("Bergen").is_at(REMOTE_PLACE));
    }

    fn oslo_location() -> Location {
        Location { street: String::new(), postal_code: "0155".into(), city: "Oslo".into(), county: "03".into() }
    }

    #[test]
    fn remote_keeps_known_countries_once() {
        let input = WorkplaceInput {
            remote: true,
            remote_countries: vec!["NO".into(), "SE".into(), "NO".into()],
            ..Default::default()
        };
        let (w, s, errors) = check(&input);
        assert!(errors.is_empty() && s.is_none());
        assert_eq!(w.remote_countries, ["NO", "SE"]);
        let mars = WorkplaceInput { remote: true, remote_countries: vec!["MARS".into()], ..Default::default() };
        assert!(check(&mars).2.contains(&("remote_countries".into(), ErrorCode::InvalidChoice)));
        let unticked = WorkplaceInput { remote: false, remote_countries: vec!["NO".into()], ..Default::default() };
        assert!(!check(&unticked).0.is_remote(), "countries without Hjemmekontor ticked mean nothing");
    }
}
