//! Issue 21, parts 3 and 4: Arbeidssted and Lønn on a posting (the form's rules, the public page, the careers
//! page's place filter, the JSON-LD Google for Jobs reads, the API), the sitemap and robots.txt, and the
//! embeddable job list with its frame headers. Runs against SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{api_key, foreign_posting_and_candidate};
use crate::support::{location, post, registration, set, user_id, Browser, Server, ADMIN_EMAIL};
use reqwest::StatusCode;
use serde_json::Value;

/// The registration posting titled `title` with status `status` and the extra fields `extra` (location rows,
/// remote, salary), as the form submits it.
fn form(me: &str, title: &str, status: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = registration(me, &[], &[]);
    set(&mut f, "title", title);
    set(&mut f, "status", status);
    f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    f
}

async fn create(s: &Server, admin: &Browser, title: &str, status: &str, extra: &[(&str, &str)]) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let r = post(admin, "/jobs/new", &form(&me, title, status, extra)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{title}: {}", r.text().await.unwrap_or_default());
    location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string()
}

fn oslo() -> Vec<(&'static str, &'static str)> {
    vec![
        ("location_street_0", "Storgata 1"),
        ("location_postal_code_0", "0155"),
        ("location_city_0", "Oslo"),
        ("location_county_0", "03"),
        ("salary_from", "600 000"),
        ("salary_to", "750000"),
        ("salary_unit", "year"),
    ]
}

fn bergen_and_tromso() -> Vec<(&'static str, &'static str)> {
    vec![
        ("location_street_0", ""),
        ("location_postal_code_0", "5003"),
        ("location_city_0", "Bergen"),
        ("location_county_0", "46"),
        ("location_street_1", "Storgata 40"),
        ("location_postal_code_1", "9008"),
        ("location_city_1", "Tromsø"),
        ("location_county_1", "55"),
        ("salary_from", ""),
        ("salary_to", "320"),
        ("salary_unit", "hour"),
    ]
}

fn remote() -> Vec<(&'static str, &'static str)> {
    vec![
        ("location_postal_code_0", ""),
        ("remote", "on"),
        ("remote_country", "NO"),
        ("remote_country", "SE"),
        ("salary_unit", "year"),
    ]
}

/// The published postings of the tests below: on-site in Oslo with a salary, Bergen and Tromsø paid by the hour,
/// and remote from Norway and Sweden without a salary; plus an unlisted and a draft posting in Oslo and a closed
/// one in Trondheim, which no public list may show.
struct Postings {
    onsite: String,
    multi: String,
    remote: String,
    unlisted: String,
    draft: String,
    closed: String,
}

async fn postings(s: &Server, admin: &Browser) -> Postings {
    let trondheim = [("location_postal_code_0", "7010"), ("location_city_0", "Trondheim"), ("salary_unit", "year")];
    Postings {
        onsite: create(s, admin, "Elektriker", "published", &oslo()).await,
        multi: create(s, admin, "Montør", "published", &bergen_and_tromso()).await,
        remote: create(s, admin, "Utvikler", "published", &remote()).await,
        unlisted: create(s, admin, "Skjult", "unlisted", &oslo()).await,
        draft: create(s, admin, "Utkastet", "draft", &oslo()).await,
        closed: create(s, admin, "Stengt stilling", "closed", &trondheim).await,
    }
}

// --- The form ------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn the_form_refuses_bad_places_and_salaries_with_localized_errors_and_saves_nothing() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let (_, page) = admin.page("/jobs/new").await;
    let shown = Page::parse(&page);
    let (legends, labels) = (shown.texts("legend"), shown.texts("label"));
    for legend in ["Arbeidssted", "Arbeidssted 1"] {
        assert!(legends.contains(&legend.into()), "the form lacks {legend} in {legends:?}");
    }
    for label in ["Gateadresse", "Postnummer", "Sted", "Fylke", "Hjemmekontor", "Lønn fra", "Lønn til", "per"] {
        assert!(labels.contains(&label.into()), "the form lacks {label} in {labels:?}");
    }
    shown.assert_control("Legg til arbeidssted");

    // "Legg til arbeidssted" brings the form back with a second row and what was typed kept.
    let me = user_id(&s, ADMIN_EMAIL).await;
    let mut adding = form(&me, "Elektriker", "published", &oslo());
    set(&mut adding, "action", "add_location");
    let (status, again) = {
        let r = post(&admin, "/jobs/new", &adding).await;
        (r.status(), r.text().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK);
    let shown = Page::parse(&again);
    assert!(shown.texts("legend").contains(&"Arbeidssted 2".into()), "a second row");
    assert_eq!(shown.field_value("[name=location_street_0]"), "Storgata 1", "what was typed is kept");
    assert_eq!(s.count("postings").await, 0);

    let bad = [
        ("location_street_0", "Storgata 1"),
        ("location_postal_code_0", "155"),
        ("location_city_0", "Oslo"),
        ("location_county_0", "03"),
        ("location_postal_code_1", "5003"),
        ("location_city_1", ""),
        ("remote", "on"),
        ("salary_from", "700000"),
        ("salary_to", "600000"),
        ("salary_unit", "year"),
    ];
    let r = post(&admin, "/jobs/new", &form(&me, "Elektriker", "published", &bad)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for message in [
        "Postnummeret er fire sifre, for eksempel 0155.",
        "Lønn til kan ikke være lavere enn lønn fra.",
        "Feltet må fylles ut.",
    ] {
        assert!(html.contains(message), "no «{message}»");
    }
    let shown = Page::parse(&html);
    shown.assert_has("a[href='#f-location_postal_code_0']");
    shown.assert_has("input#f-location_postal_code_0");
    assert_eq!(shown.field_value("input#f-location_city_1[name=location_city_1][type=text]"), "");
    let negative = [("location_postal_code_0", ""), ("salary_from", "-100"), ("salary_unit", "year")];
    let r = post(&admin, "/jobs/new", &form(&me, "Elektriker", "published", &negative)).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Skriv et helt tall fra 0 til 100000000."));
    assert_eq!(s.count("postings").await, 0, "nothing saved");

    // The same in English.
    let r = admin.post_form("/language", &[("lang", "en"), ("next", "/jobs/new")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(&admin, "/jobs/new", &form(&me, "Electrician", "published", &bad)).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("A postal code is four digits, for example 0155."));
    assert!(html.contains("Salary to cannot be lower than salary from."));
    let shown = Page::parse(&html);
    assert!(
        shown.texts("legend").contains(&"Countries allowed".into()) && shown.texts("label").contains(&"Remote".into())
    );
    assert_eq!(s.count("postings").await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn places_and_salary_are_saved_edited_and_shown_to_staff_and_candidates() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let p = postings(&s, &admin).await;

    let (_, staff) = admin.page(&format!("/jobs/{}", p.multi)).await;
    let shown = Page::parse(&staff);
    let places: Vec<Vec<String>> =
        shown.select("dd").iter().map(|dd| dd.select(".line").iter().map(|l| l.text()).collect()).collect();
    assert!(
        places.contains(&vec!["5003 Bergen (Vestland)".into(), "Storgata 40, 9008 Tromsø (Troms)".into()]),
        "{places:?}"
    );
    assert!(shown.texts("dd").contains(&"Opptil 320 kr per time".into()), "{staff}");

    // The edit form gives back what was saved, and a changed salary is saved.
    let (_, edit) = admin.page(&format!("/jobs/{}/edit", p.onsite)).await;
    let shown = Page::parse(&edit);
    for (field, v) in [
        ("location_street_0", "Storgata 1"),
        ("location_postal_code_0", "0155"),
        ("salary_from", "600000"),
        ("salary_to", "750000"),
        ("location_county_0", "03"),
    ] {
        assert_eq!(shown.field_value(&format!("[name={field}]")), v, "the edit form gives back {field}");
    }
    let me = user_id(&s, ADMIN_EMAIL).await;
    let mut changed = form(&me, "Elektriker", "published", &oslo());
    set(&mut changed, "salary_to", "800000");
    let r = post(&admin, &format!("/jobs/{}/edit", p.onsite), &changed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let max =
        crate::support::scalar(&s, format!("SELECT CAST(salary_max AS TEXT) FROM postings WHERE id = '{}'", p.onsite));
    assert_eq!(max.await, "800000");

    let public = s.browser();
    let (_, page) = public.page(&format!("/careers/fjordkraft-as/{}", p.onsite)).await;
    let shown = Page::parse(&page);
    shown.assert_term("Arbeidssted", "Storgata 1, 0155 Oslo (Oslo)");
    shown.assert_term("Lønn", "600\u{a0}000–800\u{a0}000 kr per år");
    let (_, page) = public.page(&format!("/careers/fjordkraft-as/{}", p.remote)).await;
    let shown = Page::parse(&page);
    assert!(shown.texts("dd span").contains(&"Hjemmekontor (Norge, Sverige)".into()), "{}", shown.trimmed());
    assert!(!shown.texts("dt").contains(&"Lønn".into()), "no salary given, none shown");
    let english = s.browser();
    english.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let (_, page) = english.page(&format!("/careers/fjordkraft-as/{}", p.onsite)).await;
    Page::parse(&page).assert_term("Salary", "NOK 600,000–800,000 per year");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_careers_page_filters_by_the_places_of_its_listed_postings() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let p = postings(&s, &admin).await;
    let public = s.browser();
    let (_, page) = public.page("/careers/fjordkraft-as").await;
    let shown = Page::parse(&page);
    let options: Vec<String> = shown.options("select#f-place[name=place]").into_iter().map(|(_, text)| text).collect();
    // Trondheim is only the closed posting's place: not offered.
    assert_eq!(options, ["Alle steder", "Bergen", "Oslo", "Tromsø", "Hjemmekontor"]);
    shown.assert_text("label[for=f-place]", "Arbeidssted");
    shown.assert_control("Filtrer");
    assert!(page.contains("Montør") && page.contains("Bergen · Tromsø"));

    let titles = |html: &str| Page::parse(html).texts("h2 > a[href]");
    let (_, bergen) = public.page("/careers/fjordkraft-as?place=Bergen").await;
    assert_eq!(titles(&bergen), ["Montør"]);
    assert_eq!(Page::parse(&bergen).field_value("select[name=place]"), "Bergen", "the choice stays chosen");
    let (_, tromso) = public.page("/careers/fjordkraft-as?place=tromso").await;
    assert_eq!(titles(&tromso), ["Montør"], "places match as folded");
    let (_, oslo) = public.page("/careers/fjordkraft-as?place=Oslo").await;
    assert_eq!(titles(&oslo), ["Elektriker"], "the unlisted and the draft posting in Oslo are not listed");
    let (_, remote) = public.page("/careers/fjordkraft-as?place=%3Aremote").await;
    assert_eq!(titles(&remote), ["Utvikler"]);
    let (_, nowhere) = public.page("/careers/fjordkraft-as?place=Hamar").await;
    assert!(titles(&nowhere).is_empty() && nowhere.contains("Ingen ledige stillinger på dette stedet akkurat nå."));
    let (_, all) = public.page("/careers/fjordkraft-as?place=").await;
    assert_eq!(titles(&all).len(), 3);
    let _ = (p.unlisted, p.draft, p.closed);
}

// --- JSON-LD ------------------------------------------------------------------------------------------------

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start} in {text}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no {end} after {start}"));
    &text[from..from + len]
}

async fn json_ld(public: &Browser, posting: &str) -> Value {
    let (_, page) = public.page(&format!("/careers/fjordkraft-as/{posting}")).await;
    let text = between(&page, "<script type=\"application/ld+json\">", "</script>").replace("<\\/", "</");
    serde_json::from_str(&text).expect("JSON-LD is JSON")
}

/// One item or a list of them, as schema.org allows for repeated properties.
fn items(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(a) => a.iter().collect(),
        other => vec![other],
    }
}

fn typed<'a>(v: &'a Value, ty: &str) -> &'a Value {
    assert_eq!(v["@type"], ty, "{v}");
    v
}

fn is_iso_datetime(s: &str) -> bool {
    s.len() == 20 && s.ends_with('Z') && s.as_bytes()[10] == b'T'
}

/// The shape Google for Jobs requires of a JobPosting (developers.google.com/search/docs/appearance/
/// structured-data/job-posting): the required properties with their schema.org types, a place to work (a Place
/// with a PostalAddress naming its country, or TELECOMMUTE with the countries applicants may live in), and, when
/// given, a salary as a MonetaryAmount with a QuantitativeValue in a unit Google knows. No property outside the
/// schema.org JobPosting vocabulary we use.
fn assert_google_job_posting(v: &Value) {
    const KNOWN: [&str; 16] = [
        "@context",
        "@type",
        "title",
        "description",
        "datePosted",
        "validThrough",
        "employmentType",
        "hiringOrganization",
        "jobLocation",
        "jobLocationType",
        "applicantLocationRequirements",
        "baseSalary",
        "identifier",
        "directApply",
        "url",
        "educationRequirements",
    ];
    let object = v.as_object().expect("an object");
    for key in object.keys() {
        assert!(KNOWN.contains(&key.as_str()), "unknown property {key}");
    }
    assert_eq!(v["@context"], "https://schema.org/");
    typed(v, "JobPosting");
    for required in ["title", "description", "datePosted"] {
        assert!(v[required].as_str().is_some_and(|s| !s.is_empty()), "{required} missing");
    }
    assert!(is_iso_datetime(v["datePosted"].as_str().unwrap()));
    assert!(typed(&v["hiringOrganization"], "Organization")["name"].is_string());
    let remote = v["jobLocationType"] == "TELECOMMUTE";
    assert!(v.get("jobLocation").is_some() || remote, "jobLocation is required unless TELECOMMUTE");
    if let Some(places) = v.get("jobLocation") {
        for place in items(places) {
            let address = typed(&typed(place, "Place")["address"], "PostalAddress");
            assert_eq!(address["addressCountry"], "NO");
            for key in address.as_object().unwrap().keys() {
                assert!(
                    ["@type", "streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry"]
                        .contains(&key.as_str()),
                    "{key} is no PostalAddress property"
                );
            }
        }
    }
    if remote {
        let countries = items(&v["applicantLocationRequirements"]);
        assert!(!countries.is_empty(), "TELECOMMUTE needs applicantLocationRequirements");
        for c in countries {
            assert!(typed(c, "Country")["name"].as_str().is_some_and(|n| !n.is_empty()));
        }
    } else {
        assert!(v.get("jobLocationType").is_none() && v.get("applicantLocationRequirements").is_none());
    }
    if let Some(salary) = v.get("baseSalary") {
        let amount = typed(salary, "MonetaryAmount");
        assert_eq!(amount["currency"], "NOK");
        let value = typed(&amount["value"], "QuantitativeValue");
        assert!(["HOUR", "DAY", "WEEK", "MONTH", "YEAR"].contains(&value["unitText"].as_str().unwrap_or("")));
        let (min, max) = (value["minValue"].as_i64(), value["maxValue"].as_i64());
        assert!(min.is_some() || max.is_some() || value["value"].is_number(), "a salary needs an amount");
        if let (Some(a), Some(b)) = (min, max) {
            assert!(a <= b);
        }
    }
    if let Some(through) = v.get("validThrough") {
        assert!(is_iso_datetime(through.as_str().unwrap_or("")));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn json_ld_carries_the_place_and_salary_google_for_jobs_reads() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let p = postings(&s, &admin).await;
    let no_place = create(&s, &admin, "Uten sted", "published", &[]).await;
    let public = s.browser();

    let onsite = json_ld(&public, &p.onsite).await;
    assert_google_job_posting(&onsite);
    let address = &onsite["jobLocation"]["address"];
    assert_eq!(address["streetAddress"], "Storgata 1");
    assert_eq!(address["postalCode"], "0155");
    assert_eq!(address["addressLocality"], "Oslo");
    assert_eq!(address["addressRegion"], "Oslo");
    let value = &onsite["baseSalary"]["value"];
    assert_eq!((value["minValue"].as_i64(), value["maxValue"].as_i64()), (Some(600_000), Some(750_000)));
    assert_eq!(value["unitText"], "YEAR");

    let multi = json_ld(&public, &p.multi).await;
    assert_google_job_posting(&multi);
    let places = multi["jobLocation"].as_array().expect("one Place per location");
    let cities: Vec<&str> = places.iter().map(|p| p["address"]["addressLocality"].as_str().unwrap()).collect();
    assert_eq!(cities, ["Bergen", "Tromsø"]);
    assert!(places[0]["address"].get("streetAddress").is_none(), "no empty street");
    assert_eq!(places[1]["address"]["addressRegion"], "Troms");
    assert_eq!(multi["baseSalary"]["value"]["maxValue"], 320);
    assert!(multi["baseSalary"]["value"].get("minValue").is_none());
    assert_eq!(multi["baseSalary"]["value"]["unitText"], "HOUR");

    let remote = json_ld(&public, &p.remote).await;
    assert_google_job_posting(&remote);
    assert_eq!(remote["jobLocationType"], "TELECOMMUTE");
    let countries: Vec<&str> =
        items(&remote["applicantLocationRequirements"]).iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(countries, ["Norway", "Sweden"]);
    assert!(remote.get("jobLocation").is_none() && remote.get("baseSalary").is_none());

    // A posting that names no place keeps the country alone, as before.
    let bare = json_ld(&public, &no_place).await;
    assert_google_job_posting(&bare);
    assert_eq!(bare["jobLocation"]["address"]["addressCountry"], "NO");
    assert!(bare.get("baseSalary").is_none());
}

// --- The API ------------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn the_api_and_its_openapi_document_carry_place_and_salary() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let p = postings(&s, &admin).await;
    let key = api_key(&admin).await;
    let get = |path: &str| reqwest::Client::new().get(format!("{}/api/v1{path}", s.base)).bearer_auth(&key).send();
    let list: Value = get("/postings").await.unwrap().json().await.unwrap();
    let find = |id: &str| list["postings"].as_array().unwrap().iter().find(|x| x["id"] == id).cloned().unwrap();
    let onsite = find(&p.onsite);
    assert_eq!(onsite["workplace"]["locations"][0]["postal_code"], "0155");
    assert_eq!(onsite["workplace"]["locations"][0]["county_name"], "Oslo");
    assert_eq!(onsite["salary"], serde_json::json!({ "currency": "NOK", "min": 600000, "max": 750000, "per": "year" }));
    let remote = find(&p.remote);
    assert_eq!(remote["workplace"]["remote"], true);
    assert_eq!(remote["workplace"]["remote_countries"], serde_json::json!(["NO", "SE"]));
    assert!(remote["salary"].is_null());
    let board: Value = get(&format!("/postings/{}/applications", p.multi)).await.unwrap().json().await.unwrap();
    assert_eq!(board["posting"]["workplace"]["locations"][1]["city"], "Tromsø");

    let doc: Value = get("/openapi.json").await.unwrap().json().await.unwrap();
    let schemas = &doc["components"]["schemas"];
    for name in ["Workplace", "Location", "Salary", "PostingSummary"] {
        assert!(schemas[name].is_object(), "{name} not in the OpenAPI document");
    }
    assert_eq!(schemas["Location"]["properties"]["postal_code"]["pattern"], "^[0-9]{4}$");
    // Every field the API returns for a posting is described.
    let described = schemas["PostingSummary"]["properties"].as_object().unwrap();
    for field in onsite.as_object().unwrap().keys() {
        assert!(described.contains_key(field), "{field} is not in PostingSummary");
    }
}

// --- Sitemap and robots.txt ---------------------------------------------------------------------------------

/// The `<url>`s of a sitemap as (loc, lastmod), read with an XML parser, after checking what sitemaps.org's schema
/// requires: a `urlset` in its namespace, each `url` with one absolute `loc` of at most 2048 characters, `lastmod`
/// a W3C datetime, at most 50,000 URLs, nothing else.
fn read_sitemap(xml: &str) -> Vec<(String, Option<String>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let mut urls: Vec<(String, Option<String>)> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                match (path.len(), name.as_str()) {
                    (0, "urlset") => {
                        let ns = e.try_get_attribute("xmlns").unwrap().expect("a namespace");
                        assert_eq!(ns.value.as_ref(), b"http://www.sitemaps.org/schemas/sitemap/0.9");
                    }
                    (1, "url") => urls.push((String::new(), None)),
                    (2, "loc" | "lastmod" | "changefreq" | "priority") => {}
                    other => panic!("{other:?} is not in the sitemap schema"),
                }
                path.push(name);
            }
            Event::Text(t) => {
                let text = t.xml_content().unwrap().to_string();
                let url = urls.last_mut();
                match (path.last().map(String::as_str), url) {
                    (Some("loc"), Some(u)) => u.0 = text,
                    (Some("lastmod"), Some(u)) => u.1 = Some(text),
                    _ => assert!(text.trim().is_empty(), "stray text {text}"),
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Eof => break,
            Event::Decl(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(urls.len() <= 50_000);
    for (loc, lastmod) in &urls {
        assert!(loc.starts_with("http://") && loc.len() <= 2048, "{loc}");
        if let Some(at) = lastmod {
            assert!(is_iso_datetime(at), "{at}");
        }
    }
    urls
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sitemap_lists_only_published_listed_postings_of_its_own_company() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let p = postings(&s, &admin).await;
    let foreign = foreign_posting_and_candidate(&s).await;
    let public = s.browser();
    let r = public.get("/careers/fjordkraft-as/sitemap.xml").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
    let urls = read_sitemap(&r.text().await.unwrap());
    let base = format!("{}/careers/fjordkraft-as", s.base);
    let locs: Vec<&str> = urls.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(locs[0], base, "the careers page first");
    let mut postings: Vec<&str> = locs[1..].iter().map(|l| l.trim_start_matches(&format!("{base}/"))).collect();
    postings.sort();
    let mut expected = vec![p.onsite.as_str(), p.multi.as_str(), p.remote.as_str()];
    expected.sort();
    assert_eq!(postings, expected, "never unlisted, draft, closed or another company's");
    for hidden in [&p.unlisted, &p.draft, &p.closed, &foreign.posting] {
        assert!(!locs.iter().any(|l| l.contains(hidden.as_str())));
    }
    assert!(urls.iter().all(|(_, lastmod)| lastmod.is_some()), "every URL has lastmod");

    // The other company's sitemap holds its own posting only; an unknown company has none.
    let (_, other) = public.page("/careers/annen-as/sitemap.xml").await;
    let other = read_sitemap(&other);
    assert_eq!(other.len(), 2);
    assert!(other[1].0.ends_with(&foreign.posting));
    assert_eq!(public.get("/careers/finnes-ikke/sitemap.xml").await.status(), StatusCode::NOT_FOUND);

    // Closing a posting takes it out.
    let me = user_id(&s, ADMIN_EMAIL).await;
    let r = post(&admin, &format!("/jobs/{}/edit", p.remote), &form(&me, "Utvikler", "closed", &remote())).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, after) = public.page("/careers/fjordkraft-as/sitemap.xml").await;
    assert!(!read_sitemap(&after).iter().any(|(l, _)| l.contains(&p.remote)));
}

async fn robots(b: &Browser) -> String {
    let r = b.get("/robots.txt").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    r.text().await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn robots_txt_names_the_sitemap_of_every_company_with_something_to_list() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let public = s.browser();
    let empty = robots(&public).await;
    assert!(
        empty.starts_with("User-agent: *\n") && empty.contains("Allow: /careers/\n") && empty.contains("Disallow: /\n")
    );
    assert!(!empty.contains("Sitemap:"), "nothing published yet: {empty}");

    create(&s, &admin, "Skjult", "unlisted", &oslo()).await;
    assert!(!robots(&public).await.contains("Sitemap:"), "an unlisted posting is nothing to list");
    create(&s, &admin, "Elektriker", "published", &oslo()).await;
    foreign_posting_and_candidate(&s).await;
    let text = robots(&public).await;
    let sitemaps: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("Sitemap: ")).collect();
    assert_eq!(
        sitemaps,
        [format!("{}/careers/annen-as/sitemap.xml", s.base), format!("{}/careers/fjordkraft-as/sitemap.xml", s.base)]
    );
}

// --- The embeddable job list ----------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn only_the_embed_page_may_be_framed_and_its_theme_cannot_inject_css() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let p = postings(&s, &admin).await;
    let public = s.browser();

    let r = public.get("/careers/fjordkraft-as/embed?accent=%23aa0000&font=serif&lang=en&place=Bergen").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("x-frame-options").is_none(), "X-Frame-Options has no 'anyone' value");
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors *") && csp.contains("script-src 'self'") && !csp.contains("unsafe"));
    assert_eq!(r.headers()["x-robots-tag"], "noindex");
    let html = r.text().await.unwrap();
    let shown = Page::parse(&html);
    assert!(shown.lang() == "en" && html.contains("Open positions at Fjordkraft AS"));
    let link = format!("a[href='{}/careers/fjordkraft-as/{}'][target=_top]", s.base, p.multi);
    shown.assert_text(&link, "Montør");
    assert!(!html.contains("Elektriker"), "filtered to Bergen");
    assert_eq!(shown.field_value("select[name=place]"), "Bergen");
    assert_eq!(shown.field_value("input[type=hidden][name=accent]"), "#aa0000", "the filter keeps the theme");
    let sheet = between(&html, "<link rel=\"stylesheet\" href=\"", "\">\n<script").replace("&#38;", "&");
    let sheet = sheet.trim_start_matches("/static/app.css\">\n<link rel=\"stylesheet\" href=\"").to_string();
    assert!(sheet.starts_with("/careers/fjordkraft-as/embed.css?"), "{sheet}");
    let css = public.get(&sheet).await.text().await.unwrap();
    assert!(css.contains("--accent: #aa0000;") && css.contains("Georgia"), "{sheet} {css}");

    let evil = public.get("/careers/fjordkraft-as/embed.css?accent=red%3B%7Dbody%7Bdisplay%3Anone&radius=4").await;
    assert_eq!(evil.headers()["content-type"], "text/css; charset=utf-8");
    let evil = evil.text().await.unwrap();
    assert!(!evil.contains("display") && !evil.contains("red") && evil.contains("--radius: 4px;"), "{evil}");

    // Every other page keeps refusing to be framed.
    for path in ["/careers/fjordkraft-as", &format!("/careers/fjordkraft-as/{}", p.onsite), "/login"] {
        let r = public.get(path).await;
        assert_eq!(r.headers()["x-frame-options"], "DENY", "{path}");
        assert!(r.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    }

    let js = public.get("/careers/fjordkraft-as/embed.js").await;
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(js.headers()["content-type"], "text/javascript; charset=utf-8");
    let js = js.text().await.unwrap();
    assert!(js.contains("frame.title = \"Ledige stillinger hos Fjordkraft AS\";"), "{js}");
    assert!(js.contains("createElement('iframe')") && js.contains("ansettEmbedHeight"));
    for path in ["/careers/finnes-ikke/embed", "/careers/finnes-ikke/embed.js", "/careers/finnes-ikke/embed.css"] {
        assert_eq!(public.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let _ = (p.unlisted, p.draft, p.closed, p.remote, p.onsite);
}
