//! The schema.org JobPosting of a public posting page, for Google for Jobs: where the work is (`jobLocation`
//! as Place with a PostalAddress per location, or `jobLocationType: TELECOMMUTE` with
//! `applicantLocationRequirements`, or both for hybrid work) and what it pays (`baseSalary`).

use app::public::PublicPosting;
use domain::posting::PositionType;
use domain::workplace::{country_name, Location, Salary, Workplace};
use serde_json::{json, Value};

use crate::layout::rfc3339;

fn employment_type(p: PositionType) -> &'static str {
    match p {
        PositionType::Permanent => "FULL_TIME",
        PositionType::Temporary | PositionType::Seasonal => "TEMPORARY",
        PositionType::Engagement | PositionType::Project | PositionType::FixedTerm => "CONTRACTOR",
        PositionType::Apprentice | PositionType::Trainee => "INTERN",
        PositionType::Other => "OTHER",
    }
}

fn place(l: &Location) -> Value {
    let mut address = json!({
        "@type": "PostalAddress",
        "postalCode": l.postal_code,
        "addressLocality": l.city,
        "addressCountry": "NO",
    });
    if !l.street.is_empty() {
        address["streetAddress"] = json!(l.street);
    }
    if let Some(county) = l.county_name() {
        address["addressRegion"] = json!(county);
    }
    json!({ "@type": "Place", "address": address })
}

/// Adds where the work is to `v`. A posting that names no place keeps what it always said (Norway), which Google
/// treats as incomplete but valid.
fn add_workplace(v: &mut Value, w: &Workplace) {
    match w.locations.as_slice() {
        [] if !w.is_remote() => {
            v["jobLocation"] =
                json!({ "@type": "Place", "address": { "@type": "PostalAddress", "addressCountry": "NO" } });
        }
        [] => {}
        [one] => v["jobLocation"] = place(one),
        many => v["jobLocation"] = Value::Array(many.iter().map(place).collect()),
    }
    if w.is_remote() {
        v["jobLocationType"] = json!("TELECOMMUTE");
        let countries: Vec<Value> = w
            .remote_countries
            .iter()
            .map(|c| json!({ "@type": "Country", "name": country_name(c).unwrap_or(c.as_str()) }))
            .collect();
        v["applicantLocationRequirements"] =
            if countries.len() == 1 { countries[0].clone() } else { Value::Array(countries) };
    }
}

fn base_salary(s: &Salary) -> Value {
    let mut value = json!({ "@type": "QuantitativeValue", "unitText": s.unit.schema_unit() });
    if let Some(min) = s.min {
        value["minValue"] = json!(min);
    }
    if let Some(max) = s.max {
        value["maxValue"] = json!(max);
    }
    json!({ "@type": "MonetaryAmount", "currency": "NOK", "value": value })
}

/// schema.org JobPosting for Google for Jobs, safe to place inside `<script>`.
pub fn json_ld(public: &PublicPosting) -> String {
    let p = &public.posting;
    let mut v = json!({
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": p.title,
        "description": domain::markdown::to_safe_html(&p.body),
        "datePosted": rfc3339(p.published_at.unwrap_or(p.created_at)),
        "employmentType": employment_type(p.position_type),
        "hiringOrganization": { "@type": "Organization", "name": public.company.name },
        "identifier": { "@type": "PropertyValue", "name": public.company.name, "value": p.id.to_string() },
        "directApply": true,
        "url": public.url,
    });
    add_workplace(&mut v, &p.workplace);
    if let Some(s) = &p.salary {
        v["baseSalary"] = base_salary(s);
    }
    if let Some(through) = p.deadline.as_deref().and_then(domain::civil_time::end_of_day_rfc3339) {
        v["validThrough"] = json!(through);
    }
    // A script element's text, too, must not carry characters HTML forbids (text stored before input was cleaned).
    domain::validate::printable(&v.to_string()).replace("</", "<\\/")
}
