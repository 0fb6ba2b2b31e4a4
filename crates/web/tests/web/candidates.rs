//! Kandidater (issue #7): the list's columns, filters (Kilde, Stilling, Steg, Søkt fra/til, Arkiverte), search
//! (Søk) with folding and visibility, sorting, keyset paging, and the CSV export — as each role sees it.
//! Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::{
    add_employee, apply_to, create_posting, location, pdf_with_text, post, registration, scalar, set, signed_in,
    user_id, Applicant, Browser, Server, ADMIN_EMAIL,
};
use reqwest::StatusCode;

const PASSWORD: &str = "et langt passord";
const AGENCY: &str = "byraa@agency.test";

/// Milliseconds of a date and time on Norwegian clocks in winter (UTC+1): as people read and type them.
fn ms(at: time::PrimitiveDateTime) -> i64 {
    (at.assume_offset(time::macros::offset!(+1)).unix_timestamp_nanos() / 1_000_000) as i64
}

struct World {
    s: Server,
    admin: Browser,
    agency: Browser,
    recruiter: Browser,
    /// The agency is on the hiring team of "Registration", not of "Utvikler".
    registration: String,
    utvikler: String,
    bjorn: String,
    dina: String,
    ase: String,
}

/// Bjørn Ærlig applied to Registration (CV about welding) and to Utvikler (CV about Kubernetes); Dina Hansen to
/// Utvikler (Python); Åse Berg to Registration. Dates are set so that the date filters meet their day boundaries.
async fn world() -> World {
    let s = Server::start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::User, AGENCY, PASSWORD).await;
    add_employee(&s, domain::Role::Recruiter, "rek@fjordkraft.test", PASSWORD).await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let agency_id = user_id(&s, AGENCY).await;
    let registration = create_posting(&s, &admin, "Registration", &[&me, &agency_id]).await;
    let utvikler = create_posting(&s, &admin, "Utvikler", &[&me]).await;
    apply_to(
        &s,
        &registration,
        applicant("Bjørn", "Ærlig", "bjorn@example.no", "+47 912 34 567", "Erfaring med sveising"),
    )
    .await;
    apply_to(&s, &utvikler, applicant("Bjørn", "Ærlig", "bjorn@example.no", "", "Kubernetes ekspert")).await;
    apply_to(&s, &utvikler, applicant("Dina", "Hansen", "dina@example.no", "", "Python og SQL")).await;
    apply_to(&s, &registration, applicant("Åse", "Berg", "ase@example.no", "", "Lagerarbeid")).await;
    let id = |email: &str| scalar(&s, format!("SELECT id FROM candidates WHERE email = '{email}'"));
    let (bjorn, dina, ase) = (id("bjorn@example.no").await, id("dina@example.no").await, id("ase@example.no").await);
    use time::macros::datetime;
    for (candidate, posting, at) in [
        (&bjorn, &registration, datetime!(2024-03-01 10:00)),
        (&bjorn, &utvikler, datetime!(2024-03-12 09:00)),
        (&dina, &utvikler, datetime!(2024-03-10 23:59:59.999)),
        (&ase, &registration, datetime!(2024-03-11 00:00)),
    ] {
        s.execute(&format!(
            "UPDATE applications SET created_at = {} WHERE candidate_id = '{candidate}' AND posting_id = '{posting}'",
            ms(at)
        ))
        .await;
    }
    let agency = signed_in(&s, AGENCY, PASSWORD).await;
    let recruiter = signed_in(&s, "rek@fjordkraft.test", PASSWORD).await;
    World { s, admin, agency, recruiter, registration, utvikler, bjorn, dina, ase }
}

fn applicant<'a>(first: &'a str, last: &'a str, email: &'a str, phone: &'a str, cv: &str) -> Applicant<'a> {
    Applicant { first, last, email, phone, cv: pdf_with_text(cv) }
}

/// The names in the list, in order.
fn names(html: &str) -> Vec<String> {
    Page::parse(html).texts(NAME_LINKS)
}

/// The link of each row to its candidate.
const NAME_LINKS: &str = "table.candidate-list tbody td > a[href^='/candidates/']";

/// The candidate ids in the list, in order.
fn ids(html: &str) -> Vec<String> {
    let page = Page::parse(html);
    let hrefs = page.select(NAME_LINKS).into_iter().filter_map(|a| a.attr("href"));
    hrefs.map(|h| h.trim_start_matches("/candidates/").to_string()).collect()
}

/// One candidate's row as a reader sees it: every cell's text, and its application cell as (posting, step).
struct Row {
    cells: Vec<String>,
    posting: String,
    step: String,
}

fn row(html: &str, candidate: &str) -> Row {
    let page = Page::parse(html);
    let link = format!("td > a[href='/candidates/{candidate}']");
    let rows = page.select("table.candidate-list tbody tr");
    let tr = rows.iter().find(|r| r.has(&link)).unwrap_or_else(|| panic!("no row for {candidate}: {}", page.trimmed()));
    let cells = tr.select("td");
    let application = cells.iter().find(|td| td.has("span.muted")).expect("an application cell");
    Row {
        cells: cells.iter().map(|td| td.text()).collect(),
        posting: application.own_text(),
        step: application.select_one("span.muted").text(),
    }
}

/// The target of the link whose text is exactly `text`.
fn link(html: &str, text: &str) -> Option<String> {
    Page::parse(html).hrefs(text).into_iter().next()
}

/// What the text field `id` (Kilde: `f-kilde`, Stilling: `f-stilling`) shows, as served.
fn field(html: &str, id: &str) -> String {
    Page::parse(html).field_value(&format!("input#{id}"))
}

/// The labels Kilde and Stilling suggest to `b` (what the page's script fetches).
async fn list(b: &Browser, query: &str) -> String {
    let (status, html) = b.page(&format!("/candidates{query}")).await;
    assert_eq!(status, StatusCode::OK, "/candidates{query}");
    html
}

async fn found(b: &Browser, search: &str) -> Vec<String> {
    let q: String = url::form_urlencoded::byte_serialize(search.as_bytes()).collect();
    names(&list(b, &format!("?q={q}")).await)
}

#[tokio::test(flavor = "multi_thread")]
async fn columns_show_the_newest_visible_application_and_its_source() {
    let w = world().await;
    let html = list(&w.admin, "").await;
    assert_eq!(names(&html), ["Bjørn Ærlig", "Åse Berg", "Dina Hansen"], "newest application first");
    let bjorn_row = row(&html, &w.bjorn);
    assert_eq!((bjorn_row.posting.as_str(), bjorn_row.step.as_str()), ("Utvikler", "Screening"));
    for cell in ["bjorn@example.no", "Søkte via Utvikler", "2", "12.03.2024"] {
        assert!(bjorn_row.cells.contains(&cell.into()), "{cell} in {:?}", bjorn_row.cells);
    }
    // The agency sees Bjørn through Registration only: that application, counted alone, and nothing of Utvikler.
    let html = list(&w.agency, "").await;
    assert_eq!(names(&html), ["Åse Berg", "Bjørn Ærlig"]);
    let bjorn_row = row(&html, &w.bjorn);
    assert_eq!(bjorn_row.posting, "Registration");
    for cell in ["Søkte via Registration", "1", "01.03.2024"] {
        assert!(bjorn_row.cells.contains(&cell.into()), "{cell} in {:?}", bjorn_row.cells);
    }
    assert!(!html.contains("Utvikler") && !html.contains(&w.utvikler), "no trace of a posting the agency is not on");
    // In English (the recruiter switches language).
    w.recruiter.post_form("/language", &[("lang", "en"), ("next", "/candidates")]).await;
    let html = list(&w.recruiter, "").await;
    let page = Page::parse(&html);
    let shown: Vec<String> = ["label", "option", "a"].iter().flat_map(|css| page.texts(css)).collect();
    for label in ["Search", "Job", "Step", "Applied from", "Applied to", "Archived", "Hide archived", "Export CSV"] {
        assert!(shown.contains(&label.into()), "{label} in {shown:?}");
    }
    assert!(html.contains("Applied through Utvikler") && html.contains("12 Mar 2024"));
}

#[tokio::test(flavor = "multi_thread")]
async fn search_folds_norwegian_letters_and_needs_every_word() {
    let w = world().await;
    for (query, expected) in [
        ("bjorn", &["Bjørn Ærlig"][..]),
        ("BJØRN", &["Bjørn Ærlig"]),
        ("aerlig", &["Bjørn Ærlig"]),
        ("Ærlig bjo", &["Bjørn Ærlig"]),
        ("ase", &["Åse Berg"]),
        ("bjorn hansen", &[]),
        ("dina@example.no", &["Dina Hansen"]),
        ("example", &["Bjørn Ærlig", "Åse Berg", "Dina Hansen"]),
        // The phone as typed, with or without the country code; the second application left it empty.
        ("912 34 567", &["Bjørn Ærlig"]),
        ("+4791234567", &["Bjørn Ærlig"]),
        ("ingenting", &[]),
    ] {
        assert_eq!(found(&w.admin, query).await, expected, "search {query:?}");
    }
    let html = list(&w.admin, "?q=ingenting").await;
    assert!(html.contains("Ingen kandidater passer til filtrene eller søket."));
    assert_eq!(Page::parse(&html).field_value("input[name=q]"), "ingenting", "the search is kept in the form");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_finds_cv_text_and_notes_within_what_the_viewer_may_see() {
    let w = world().await;
    let text = scalar(
        &w.s,
        &format!(
            "SELECT f.text_content FROM files f JOIN applications a ON a.id = f.application_id \
         WHERE a.candidate_id = '{}' AND a.posting_id = '{}'",
            w.bjorn, w.utvikler
        ),
    )
    .await;
    assert_eq!(text, "Kubernetes ekspert", "the PDF's text is read by the text worker");

    assert_eq!(found(&w.admin, "kubernetes").await, ["Bjørn Ærlig"]);
    assert_eq!(found(&w.recruiter, "kubern").await, ["Bjørn Ærlig"]);
    assert_eq!(found(&w.agency, "sveising").await, ["Bjørn Ærlig"], "a CV of a team posting");
    assert!(
        found(&w.agency, "kubernetes").await.is_empty(),
        "the agency sees Bjørn, but not his application (nor CV) in Utvikler"
    );
    assert!(found(&w.agency, "python").await.is_empty(), "nor Dina at all");
    assert_eq!(found(&w.admin, "python sql").await, ["Dina Hansen"]);

    // Notes are visible to everyone who may see the candidate, so they are found by everyone who may.
    let profile = format!("/candidates/{}", w.bjorn);
    let r = w.agency.post_form(&format!("{profile}/notes"), &[("note", "Snakker flytende tysk")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(found(&w.admin, "tysk").await, ["Bjørn Ærlig"]);
    assert_eq!(found(&w.agency, "flytende tysk").await, ["Bjørn Ærlig"]);
    let note = scalar(&w.s, "SELECT id FROM notes").await;
    let r = w.agency.post_form(&format!("/notes/{note}/edit"), &[("note", "Snakker fransk")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(found(&w.admin, "tysk").await.is_empty(), "an edited note is found by what it says now");
    assert_eq!(found(&w.admin, "fransk").await, ["Bjørn Ærlig"]);
    assert_eq!(w.agency.post_form(&format!("/notes/{note}/delete"), &[]).await.status(), StatusCode::SEE_OTHER);
    assert!(found(&w.admin, "fransk").await.is_empty(), "a deleted note is not found");

    // A note on a candidate the agency may not see (Dina, only in Utvikler) is found by the administrator alone.
    let r = w.admin.post_form(&format!("/candidates/{}/notes", w.dina), &[("note", "Kjenner Rustlang godt")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(found(&w.admin, "rustlang").await, ["Dina Hansen"]);
    assert!(found(&w.agency, "rustlang").await.is_empty(), "nothing of Dina reaches the agency");
    let (_, list) = w.agency.page("/candidates?q=rustlang").await;
    assert!(!list.contains("Dina") && !list.contains("Rustlang"), "not even a count or the word echoed with her");
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_narrow_one_by_one_and_together() {
    let w = world().await;
    let step = |posting: &str, name: &str| {
        scalar(&w.s, format!("SELECT id FROM pipeline_steps WHERE posting_id = '{posting}' AND name = '{name}'"))
    };
    let onward = step(&w.registration, "Sourcet videre").await;
    let utvikler_screening = step(&w.utvikler, "Screening").await;
    w.s.execute(&format!("UPDATE applications SET step_id = '{onward}' WHERE candidate_id = '{}'", w.ase)).await;
    let (reg, utv) = (&w.registration, &w.utvikler);
    let cases: Vec<(String, Vec<&str>)> = vec![
        (format!("?stilling={utv}"), vec!["Bjørn Ærlig", "Dina Hansen"]),
        (format!("?stilling={reg}"), vec!["Åse Berg", "Bjørn Ærlig"]),
        (format!("?kilde={utv}"), vec!["Bjørn Ærlig", "Dina Hansen"]),
        (format!("?steg={onward}"), vec!["Åse Berg"]),
        (format!("?stilling={reg}&steg={onward}"), vec!["Åse Berg"]),
        // Inclusive days, Norwegian ones (as the list shows dates): Dina applied 23:59:59.999 on the 10th, Åse at
        // midnight (in UTC both on the 10th).
        ("?fra=2024-03-10&til=2024-03-10".into(), vec!["Dina Hansen"]),
        ("?fra=2024-03-11".into(), vec!["Bjørn Ærlig", "Åse Berg"]),
        ("?til=2024-03-11".into(), vec!["Åse Berg", "Dina Hansen", "Bjørn Ærlig"]),
        (format!("?stilling={utv}&q=kubernetes"), vec!["Bjørn Ærlig"]),
        (format!("?stilling={reg}&fra=2024-03-02"), vec!["Åse Berg"]),
    ];
    for (query, expected) in &cases {
        assert_eq!(names(&list(&w.admin, query).await), *expected, "{query}");
    }
    // Within the Registration filter, Bjørn's row is his Registration application.
    let html = list(&w.admin, &format!("?stilling={reg}")).await;
    let bjorn_row = row(&html, &w.bjorn);
    assert!(bjorn_row.posting == "Registration" && bjorn_row.cells.contains(&"01.03.2024".into()));
    assert!(!html.contains("12.03.2024"));
    assert_eq!(field(&html, "f-stilling"), "Registration", "choice kept");

    // Arkiverte: hidden by default, or only them, or all.
    w.s.execute(&format!("UPDATE applications SET archived_at = 1 WHERE candidate_id = '{}'", w.dina)).await;
    assert_eq!(names(&list(&w.admin, "").await), ["Bjørn Ærlig", "Åse Berg"]);
    assert_eq!(names(&list(&w.admin, "?arkiverte=skjul").await), ["Bjørn Ærlig", "Åse Berg"]);
    assert_eq!(names(&list(&w.admin, "?arkiverte=bare").await), ["Dina Hansen"]);
    assert_eq!(names(&list(&w.admin, "?arkiverte=alle").await), ["Bjørn Ærlig", "Åse Berg", "Dina Hansen"]);
    assert_eq!(
        names(&list(&w.admin, &format!("?arkiverte=alle&stilling={utv}&til=2024-03-10")).await),
        ["Dina Hansen"]
    );

    // Steg offers the chosen Stilling's steps; without one, none (thousands in a large company) but a hint, and a
    // step chosen through the address named with its posting. Script fetches a Stilling's steps when it changes.
    let html = list(&w.admin, "").await;
    let steps = |html: &str| Page::parse(html).options("select[name=steg]");
    let offered = steps(&html);
    assert!(!offered.iter().any(|(v, _)| *v == onward || *v == utvikler_screening), "{offered:?}");
    assert!(html.contains("Velg en stilling for å velge blant stegene."));
    let html = list(&w.admin, &format!("?stilling={reg}")).await;
    let offered = steps(&html);
    assert!(offered.contains(&(onward.clone(), "Sourcet videre".into())), "{offered:?}");
    assert!(!offered.iter().any(|(v, _)| *v == utvikler_screening) && !html.contains("Velg en stilling for å"));
    let html = list(&w.admin, &format!("?steg={onward}")).await;
    assert_eq!(Page::parse(&html).field_value("select[name=steg]"), onward);
    assert_eq!(Page::parse(&html).selected_text("select[name=steg]"), "Sourcet videre – Registration");
    let r = w.admin.get(&format!("/candidates/steps?stilling={utv}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let steps: serde_json::Value = r.json().await.unwrap();
    assert_eq!(steps[0], serde_json::json!({ "id": utvikler_screening, "name": "Screening" }));
    let count =
        scalar(&w.s, format!("SELECT CAST(COUNT(*) AS TEXT) FROM pipeline_steps WHERE posting_id = '{utv}'")).await;
    assert_eq!(steps.as_array().map(Vec::len).map(|n| n.to_string()), Some(count), "{steps}");
    for query in ["", "?stilling=ikke-en-id", "?stilling=01900000-0000-7000-8000-000000000000"] {
        let r = w.admin.get(&format!("/candidates/steps{query}")).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{query}");
    }

    // Bad values: a clear message, that filter left out, never an error.
    let bad: [(String, &str); 8] = [
        ("?stilling=ikke-en-id".into(), "«Stilling» er ikke en stilling du har tilgang til"),
        ("?kilde=01900000-0000-7000-8000-000000000000".into(), "«Kilde» er ikke en stilling du har tilgang til"),
        ("?steg=%3Cscript%3E".into(), "«Steg» er ikke et steg i den valgte stillingen"),
        (format!("?stilling={reg}&steg={utvikler_screening}"), "«Steg» er ikke et steg i den valgte stillingen"),
        ("?fra=2024-02-30".into(), "«Søkt fra» er ikke en gyldig dato"),
        ("?til=i%20morgen".into(), "«Søkt til» er ikke en gyldig dato"),
        ("?fra=2024-03-12&til=2024-03-01".into(), "«Søkt fra» er etter «Søkt til»"),
        ("?arkiverte=kanskje".into(), "Ukjent valg for «Arkiverte»"),
    ];
    for (query, message) in &bad {
        let html = list(&w.admin, query).await;
        let alerts = Page::parse(&html).texts("[role=alert]");
        assert!(alerts.iter().any(|a| a.contains(message)), "{query}: {message} in {alerts:?}");
    }
    let html = list(&w.admin, &format!("?stilling={reg}&steg={utvikler_screening}")).await;
    assert_eq!(names(&html), ["Åse Berg", "Bjørn Ærlig"], "the posting filter still applies, the step does not");
    assert_eq!(names(&list(&w.admin, "?fra=2024-03-12&til=2024-03-01").await).len(), 2, "no date filter");
    // Repeated parameters and unknown ones do not fail the page.
    assert_eq!(names(&list(&w.admin, "?q=bjorn&q=dina&x=1").await), ["Bjørn Ærlig"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bruker_is_offered_and_filtered_by_its_own_postings_only() {
    let w = world().await;
    let html = list(&w.agency, "").await;
    assert_eq!(crate::support::posting_choices(&w.agency).await, ["Registration"]);
    assert!(!html.contains(&w.utvikler) && !html.contains("Utvikler"), "neither posting nor steps of Utvikler");
    // Nor by typing its title.
    let html = list(&w.agency, "?stilling=utvikler").await;
    assert!(html.contains("er ikke en stilling du har tilgang til"));
    assert_eq!(names(&html), ["Åse Berg", "Bjørn Ærlig"]);
    let page = Page::parse(&html);
    assert!(page.hrefs("Eksporter CSV").is_empty() && !page.has("#select-all"), "no export, no bulk choice");
    // A foreign posting typed into the URL is not a filter (and not confirmed to exist).
    for query in [format!("?stilling={}", w.utvikler), format!("?kilde={}", w.utvikler)] {
        let html = list(&w.agency, &query).await;
        assert!(html.contains("er ikke en stilling du har tilgang til"), "{query}");
        assert_eq!(names(&html), ["Åse Berg", "Bjørn Ærlig"], "{query}");
        assert!(!html.contains("Utvikler"));
    }
    let step =
        scalar(&w.s, &format!("SELECT id FROM pipeline_steps WHERE posting_id = '{}' LIMIT 1", w.utvikler)).await;
    assert!(list(&w.agency, &format!("?steg={step}")).await.contains("«Steg» er ikke et steg"));
    let r = w.agency.get(&format!("/candidates/steps?stilling={}", w.utvikler)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "nor its steps");
    let r = w.agency.get(&format!("/candidates/steps?stilling={}", w.registration)).await;
    assert_eq!(r.status(), StatusCode::OK);
}

/// Saves `posting` through its edit form, keeping its steps (the first named `first_step`), as titled `title`
/// with `team`.
async fn save_posting(w: &World, posting: &str, title: &str, first_step: &str, team: &[&str]) {
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let (_, edit) = w.admin.page(&format!("/jobs/{posting}/edit")).await;
    let mut form = registration(&me, team, &[]);
    for i in 0..2 {
        let key = format!("step_id_{i}");
        let id = edit.split(&format!("name=\"{key}\" value=\"")).nth(1).unwrap().split('"').next().unwrap();
        set(&mut form, &key, id);
    }
    set(&mut form, "title", title);
    set(&mut form, "step_name_0", first_step);
    let r = post(&w.admin, &format!("/jobs/{posting}/edit"), &form).await;
    assert_eq!(location(&r), format!("/jobs/{posting}?saved=1"), "{title} saved");
}

/// Kilde and Stilling offer postings from a cache between requests (app::posting_choices); each write of a
/// posting or a hiring team is seen at the next request: a new title (escaped), a new posting, a Bruker taken off
/// a team (who may then neither see nor filter by it).
#[tokio::test(flavor = "multi_thread")]
async fn filter_choices_follow_every_change_of_postings_and_teams() {
    let w = world().await;
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let agency_id = user_id(&w.s, AGENCY).await;
    let offers = |labels: Vec<String>, title: &str| labels.iter().any(|l| l == title);
    assert!(offers(crate::support::posting_choices(&w.admin).await, "Utvikler"));
    assert!(offers(crate::support::posting_choices(&w.agency).await, "Registration"));

    save_posting(&w, &w.utvikler, "Utvikler <Rust> & \"Go\"", "Screening", &[&me]).await;
    assert!(offers(crate::support::posting_choices(&w.admin).await, "Utvikler <Rust> & \"Go\""), "renamed");
    assert!(!offers(crate::support::posting_choices(&w.admin).await, "Utvikler"));
    let html = list(&w.admin, &format!("?stilling={}", w.utvikler)).await;
    assert_eq!(field(&html, "f-stilling"), "Utvikler <Rust> & \"Go\"", "the field shows the title as it is");
    assert!(!html.contains("<Rust>"), "escaped in the markup");

    let lager = create_posting(&w.s, &w.admin, "Lager", &[&me]).await;
    assert!(offers(crate::support::posting_choices(&w.recruiter).await, "Lager"));
    assert!(offers(crate::support::posting_choices(&w.admin).await, "Lager"));
    assert!(!offers(crate::support::posting_choices(&w.agency).await, "Lager"));
    assert!(field(&list(&w.admin, &format!("?kilde={lager}")).await, "f-kilde") == "Lager");

    save_posting(&w, &w.registration, "Registration", "Screening", &[&me]).await;
    assert!(crate::support::posting_choices(&w.agency).await.is_empty(), "off the team, no longer offered");
    let html = list(&w.agency, &format!("?kilde={}", w.registration)).await;
    assert!(html.contains("er ikke en stilling du har tilgang til"), "nor a filter");
    assert!(names(&html).is_empty(), "and no candidates: {:?}", names(&html));

    save_posting(&w, &w.registration, "Registration", "Screening", &[&me, &agency_id]).await;
    assert!(offers(crate::support::posting_choices(&w.agency).await, "Registration"), "back on the team");
}

/// The address the page's script fetches the choices from: the same while the postings are, another when they
/// change or for another viewer, so a browser's kept answer is never another's or out of date.
fn choices_src(html: &str) -> String {
    Page::parse(html).attr("[data-choices]", "data-choices")
}

/// Issue 24: Kilde and Stilling are text fields that suggest the postings (fetched once, kept by the browser);
/// without script, typed text is matched by the server — an id, a label, a title or part of one, in any case —
/// and text that fits several postings is named as a problem with a link to the list for each.
#[tokio::test(flavor = "multi_thread")]
async fn a_posting_is_chosen_by_typing_part_of_its_title() {
    let w = world().await;
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let html = list(&w.admin, "?stilling=UTVIK").await;
    assert_eq!(names(&html), ["Bjørn Ærlig", "Dina Hansen"]);
    assert_eq!(field(&html, "f-stilling"), "Utvikler", "the field shows the posting chosen");
    Page::parse(&html).assert_none("[role=alert]");
    assert_eq!(names(&list(&w.admin, "?kilde=%20registration%20").await), ["Åse Berg", "Bjørn Ærlig"]);
    let r = w.admin.get("/candidates/steps?stilling=utvikler").await;
    assert_eq!(r.status(), StatusCode::OK, "the script asks for Steg with the text as typed");

    let r = w.admin.get("/candidates/postings").await;
    assert_eq!(r.headers()["cache-control"], "private, max-age=86400");
    let page = list(&w.admin, "").await;
    let src = choices_src(&page);
    assert_eq!(src, choices_src(&list(&w.admin, "?q=x").await), "one address while nothing changes");
    assert_ne!(src, choices_src(&list(&w.recruiter, "").await), "another viewer's");
    assert!(!page.contains(&w.utvikler), "the page no longer lists the postings");

    let second = create_posting(&w.s, &w.admin, "Utvikler", &[&me]).await;
    assert_ne!(src, choices_src(&list(&w.admin, "").await), "another address once the postings changed");
    let html = list(&w.admin, "?stilling=utvikler").await;
    let alerts = Page::parse(&html).texts("[role=alert]");
    assert!(alerts.iter().any(|a| a.contains("«Stilling» passer med flere stillinger")), "{alerts:?}");
    assert_eq!(names(&html).len(), 3, "the filter is not used");
    let labels = crate::support::posting_choices(&w.admin).await;
    for id in [&w.utvikler, &second] {
        let label = format!("Utvikler ({})", &id[id.len() - 8..]);
        assert!(labels.contains(&label), "{label} in {labels:?}");
        assert_eq!(link(&html, &label), Some(format!("/candidates?stilling={id}")), "{label}");
    }
    let typed: String =
        url::form_urlencoded::byte_serialize(format!("Utvikler ({})", &w.utvikler[w.utvikler.len() - 8..]).as_bytes())
            .collect();
    let html = list(&w.admin, &format!("?stilling={typed}")).await;
    assert_eq!(names(&html), ["Bjørn Ærlig", "Dina Hansen"], "a label chooses its posting");
    let html = list(&w.admin, "?kilde=utvikler").await;
    assert!(html.contains("«Kilde» passer med flere stillinger"));
}

/// Issue 24: the Kandidater page with 400 postings and a full page of rows is at most 40 KB of HTML.
#[tokio::test(flavor = "multi_thread")]
async fn the_page_with_400_postings_is_at_most_40_kb() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let (jobs, places) =
        (["Lagermedarbeider", "Sykepleier", "Utvikler", "Regnskapsfører", "Selger"], ["Oslo", "Bergen"]);
    let mut first = String::new();
    for i in 0..400 {
        let title = format!("{} {i}, {}", jobs[i % jobs.len()], places[i % places.len()]);
        let id = create_posting(&s, &admin, &title, &[&me]).await;
        if i == 0 {
            first = id;
        }
    }
    crowd(&s, &first).await;
    for query in [String::new(), format!("?stilling={first}"), "?sort=name".into()] {
        let html = list(&admin, &query).await;
        assert_eq!(names(&html).len(), 50, "a full page");
        eprintln!("Kandidater{query}: {} bytes", html.len());
        assert!(html.len() <= 40 * 1024, "{query}: {} bytes", html.len());
    }
    assert_eq!(crate::support::posting_choices(&admin).await.len(), 400);
}

/// The rows' posting titles and step names come from the same cache (app::posting_choices): a renamed posting
/// and step are shown at the next request, in the list and in its CSV export.
#[tokio::test(flavor = "multi_thread")]
async fn rows_show_a_renamed_posting_and_step_at_the_next_request() {
    let w = world().await;
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let bjorn = |html: String| row(&html, &w.bjorn);
    let shown = bjorn(list(&w.admin, "").await);
    assert_eq!((shown.posting.as_str(), shown.step.as_str()), ("Utvikler", "Screening"));

    save_posting(&w, &w.utvikler, "Backend & drift", "Første intervju", &[&me]).await;
    let shown = bjorn(list(&w.admin, "").await);
    assert_eq!((shown.posting.as_str(), shown.step.as_str()), ("Backend & drift", "Første intervju"));
    assert!(shown.cells.contains(&"Søkte via Backend & drift".into()), "{:?}", shown.cells);
    let csv = w.admin.get("/candidates/export.csv").await.text().await.unwrap();
    assert!(csv.contains(
        "bjorn@example.no;'+47 912 34 567;Backend & drift;Første intervju;Søkte via Backend & \
        drift;"
    ));
}

/// A row in a step the cached choices do not hold (written after they were read, here in SQL, which raises no
/// version) is still named: the request reads the choices again.
#[tokio::test(flavor = "multi_thread")]
async fn a_row_in_a_step_the_cache_does_not_hold_is_still_named() {
    let w = world().await;
    let shown = row(&list(&w.admin, "").await, &w.bjorn);
    assert_eq!((shown.posting.as_str(), shown.step.as_str()), ("Utvikler", "Screening"));
    let company = scalar(&w.s, "SELECT id FROM companies").await;
    w.s.execute(&format!(
        "INSERT INTO pipeline_steps (company_id, posting_id, id, position, name, step_type, evaluation_form) \
         VALUES ('{company}', '{}', '01900000-0000-7000-8000-000000000001', 9, 'Ettersyn', 'other', 'none')",
        w.utvikler
    ))
    .await;
    w.s.execute(&format!(
        "UPDATE applications SET step_id = '01900000-0000-7000-8000-000000000001' \
         WHERE candidate_id = '{}' AND posting_id = '{}'",
        w.bjorn, w.utvikler
    ))
    .await;
    let html = list(&w.admin, "").await;
    let shown = row(&html, &w.bjorn);
    assert_eq!((shown.posting.as_str(), shown.step.as_str()), ("Utvikler", "Ettersyn"));
}

#[tokio::test(flavor = "multi_thread")]
async fn sorting_by_name_and_date_both_ways() {
    let w = world().await;
    for (sort, expected) in [
        ("", ["Bjørn Ærlig", "Åse Berg", "Dina Hansen"]),
        ("-date", ["Bjørn Ærlig", "Åse Berg", "Dina Hansen"]),
        ("date", ["Dina Hansen", "Åse Berg", "Bjørn Ærlig"]),
        // Folded: "ase berg" < "bjorn aerlig" < "dina hansen".
        ("name", ["Åse Berg", "Bjørn Ærlig", "Dina Hansen"]),
        ("-name", ["Dina Hansen", "Bjørn Ærlig", "Åse Berg"]),
        ("tull", ["Bjørn Ærlig", "Åse Berg", "Dina Hansen"]),
    ] {
        assert_eq!(names(&list(&w.admin, &format!("?sort={sort}")).await), expected, "sort {sort}");
    }
    let html = list(&w.admin, "").await;
    let page = Page::parse(&html);
    page.assert_text("th[aria-sort=descending] > a[href='/candidates?sort=date']", "Søkt");
    page.assert_text("th[scope=col]:not([aria-sort]) > a[href='/candidates?sort=name']", "Navn");
    let html = list(&w.admin, "?sort=name&q=example").await;
    let page = Page::parse(&html);
    page.assert_text("th[aria-sort=ascending] > a[href='/candidates?q=example&sort=-name']", "Navn");
    let kept = page.field_value("form input[type=hidden][name=sort]");
    assert_eq!(kept, "name", "filtering keeps the order");
}

/// 120 candidates in one posting, straight in the store: 60 of them named alike, and every ten applied in the same
/// millisecond, so both orders have many ties.
async fn crowd(s: &Server, posting: &str) -> Vec<(String, Vec<u8>, i64)> {
    let db = s.db().await;
    let mut conn = db.conn().await.expect("conn");
    let company = domain::CompanyId::from_db(scalar(s, "SELECT id FROM companies").await);
    let step = domain::StepId::from_db(
        scalar(s, &format!("SELECT id FROM pipeline_steps WHERE posting_id = '{posting}' ORDER BY position LIMIT 1"))
            .await,
    );
    let posting_id = domain::PostingId::from_db(posting.to_string());
    let base = ms(time::macros::datetime!(2025-01-01 12:00));
    let mut out = Vec::new();
    for i in 0..120 {
        let (first, last) =
            if i % 2 == 0 { ("Ola".to_string(), "Nordmann") } else { (format!("Kari{i:03}"), "Hansen") };
        let email = format!("p{i}@example.no");
        let details = store::candidates::Details {
            email: &email,
            first_name: &first,
            last_name: last,
            phone: None,
            linkedin: None,
        };
        let id = store::candidates::insert(&mut conn, &company, &details, base).await.expect("candidate");
        let at = base + (i / 10) as i64 * 60_000;
        let application = store::applications::NewApplication {
            company_id: &company,
            candidate_id: &id,
            posting_id: &posting_id,
            step_id: &step,
            source_kind: "applied",
            source_posting_id: Some(&posting_id),
            sourced_by: None,
            source_detail: "{}".into(),
            answers: "[]".into(),
            education: "[]".into(),
            work_experience: None,
            consent_at: Some(at),
        };
        store::applications::insert(&mut conn, &application, at).await.expect("application");
        out.push((id.to_string(), domain::search::sort_name(&first, last).into_bytes(), at));
    }
    // "felles" in nine texts of everyone: over a thousand terms, a common word.
    for (i, (id, _, _)) in out.iter().enumerate() {
        for origin in 0..9 {
            // As the indexer writes them: stamped with the candidate's list date (migration 0012).
            // Origins no note or file has: each a note's code (`store::search::Origin`) of a seq of its own.
            sqlx::query(
                "INSERT INTO search_terms (company_seq, candidate_seq, origin, application_seq, latest_applied_at, \
                 term) SELECT co.seq, c.seq, $3, 0, c.latest_applied_at, $4 FROM candidates c \
                 JOIN companies co ON co.id = c.company_id WHERE c.company_id = $1 AND c.id = $2",
            )
            .bind(company.as_str())
            .bind(id)
            .bind(store::search::Origin::Note(1_000_000 + (i * 9 + origin) as i64).code())
            .bind(b"felles".to_vec())
            .execute(&mut *conn)
            .await
            .expect("term");
        }
    }
    out
}

/// The candidate ids of every page, following "Neste" from the first.
async fn walk(b: &Browser, query: &str) -> Vec<Vec<String>> {
    let mut html = list(b, query).await;
    let mut pages = vec![ids(&html)];
    while let Some(next) = link(&html, "Neste") {
        html = b.page(&next).await.1;
        pages.push(ids(&html));
    }
    assert!(link(&html, "Siste").is_none(), "{query}: at the end");
    pages
}

#[tokio::test(flavor = "multi_thread")]
async fn keyset_paging_walks_every_order_with_ties_to_the_last_page_and_back() {
    keyset_paging(Server::start().await).await
}

/// The same pages when no word is read term by term and merged: each word's matches are read from its whole
/// range and sorted.
#[tokio::test(flavor = "multi_thread")]
async fn keyset_paging_gives_the_same_pages_when_words_are_read_whole_and_sorted() {
    let tuning = app::SearchTuning { merge_terms: 0, ..app::SearchTuning::default() };
    keyset_paging(Server::builder().search(tuning).start().await).await
}

/// The same pages when every word of a thousand terms or more is checked candidate by candidate as the list is
/// walked, instead of being read in list order from the terms.
#[tokio::test(flavor = "multi_thread")]
async fn keyset_paging_gives_the_same_pages_when_common_words_are_walked() {
    let tuning = app::SearchTuning { merge_terms: 0, dense_terms: 1_000 };
    keyset_paging(Server::builder().search(tuning).start().await).await
}

/// The same pages when a prefix of sixty terms ("kari": kari001, kari003, …) is read term by term and merged.
#[tokio::test(flavor = "multi_thread")]
async fn keyset_paging_gives_the_same_pages_when_prefixes_of_many_terms_are_merged() {
    let tuning = app::SearchTuning { merge_terms: 1_000, ..app::SearchTuning::default() };
    keyset_paging(Server::builder().search(tuning).start().await).await
}

async fn keyset_paging(s: Server) {
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Sommerjobb", &[]).await;
    let crowd = crowd(&s, &posting).await;
    for sort in ["-date", "date", "name", "-name"] {
        let mut expected = crowd.clone();
        expected.sort_by(|a, b| match sort.trim_start_matches('-') {
            "date" => (a.2, &a.0).cmp(&(b.2, &b.0)),
            _ => (&a.1, &a.0).cmp(&(&b.1, &b.0)),
        });
        if sort.starts_with('-') {
            expected.reverse();
        }
        let expected: Vec<String> = expected.into_iter().map(|(id, _, _)| id).collect();
        // Forward with "Neste" from the first page.
        let first = list(&admin, &format!("?sort={sort}")).await;
        assert!(link(&first, "Første").is_none() && link(&first, "Forrige").is_none(), "{sort}: at the start");
        let pages = walk(&admin, &format!("?sort={sort}")).await;
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 50, 20], "{sort}");
        assert_eq!(pages.concat(), expected, "{sort}: every candidate once, in order");
        // A word in every candidate (so common that it is checked row by row) gives the same pages.
        assert_eq!(walk(&admin, &format!("?sort={sort}&q=felles")).await, pages, "{sort}: common word");
        // "Siste": the last 50, then back with "Forrige" to where the first page starts.
        let last = admin.page(&link(&first, "Siste").expect("Siste")).await.1;
        assert_eq!(ids(&last), expected[70..], "{sort}: last page");
        assert!(link(&last, "Neste").is_none() && link(&last, "Siste").is_none());
        let before = admin.page(&link(&last, "Forrige").expect("Forrige")).await.1;
        assert_eq!(ids(&before), expected[20..70], "{sort}: before the last page");
        let start = admin.page(&link(&before, "Forrige").expect("Forrige")).await.1;
        assert_eq!(ids(&start), expected[..50], "{sort}: back at the first page");
        assert!(link(&start, "Forrige").is_none() && link(&start, "Første").is_none());
    }
    // Common and rare words together: every word must still match.
    let olas: Vec<String> = crowd.iter().step_by(2).map(|(id, _, _)| id.clone()).collect();
    let mut found = walk(&admin, "?q=felles+ola&sort=name").await.concat();
    found.sort();
    let mut expected = olas.clone();
    expected.sort();
    assert_eq!(found, expected);
    assert!(walk(&admin, "?q=felles+zzz").await.concat().is_empty());
    // …and by date, newest first, in the list's own order.
    let newest_first: Vec<String> =
        walk(&admin, "").await.concat().into_iter().filter(|id| olas.contains(id)).collect();
    assert_eq!(walk(&admin, "?q=felles+ola").await.concat(), newest_first, "by date");
    assert_eq!(walk(&admin, "?q=ola").await.concat(), newest_first, "one word by date");
    // A prefix of many terms, one per candidate, and a word of one term: both over two pages, and "Siste".
    let karis: Vec<String> = walk(&admin, "").await.concat().into_iter().filter(|id| !olas.contains(id)).collect();
    for q in ["kari", "hansen"] {
        let pages = walk(&admin, &format!("?q={q}")).await;
        assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [50, 10], "{q}");
        assert_eq!(pages.concat(), karis, "{q}: newest first");
        let first = list(&admin, &format!("?q={q}")).await;
        let last = admin.page(&link(&first, "Siste").expect("Siste")).await.1;
        assert_eq!(ids(&last), karis[10..], "{q}: last page");
    }
    assert!(walk(&admin, "?q=kari2").await.concat().is_empty(), "a prefix of no term");
    // The export holds every page.
    let r = admin.get(&format!("/candidates/export.csv?stilling={posting}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap().lines().count(), 121, "header and 120 rows");
}

#[tokio::test(flavor = "multi_thread")]
async fn tampered_cursors_give_the_first_page() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let posting = create_posting(&s, &admin, "Sommerjobb", &[]).await;
    crowd(&s, &posting).await;
    let first = ids(&list(&admin, "").await);
    let next = link(&list(&admin, "").await, "Neste").expect("Neste");
    let cursor = next.split("cursor=").nth(1).unwrap().to_string();
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    for query in [
        "?cursor=zz".to_string(),
        "?cursor=%00%FF".into(),
        format!("?cursor={}", hex("v1|-date|a|12x|01900000-0000-7000-8000-000000000000")),
        format!("?cursor={}", hex("v1|-date|a|1|' OR 1=1 --")),
        format!("?cursor={cursor}00"),
        format!("?cursor={}", &cursor[..cursor.len() - 2]),
    ] {
        assert_eq!(ids(&list(&admin, &query).await), first, "{query}");
    }
    // Another order's cursor starts that order from its beginning.
    let by_name = ids(&list(&admin, "?sort=name").await);
    assert_eq!(ids(&list(&admin, &format!("?sort=name&cursor={cursor}")).await), by_name);
    // A well-formed cursor past the end is the first page too.
    let far = hex("v1|-date|a|0|00000000-0000-7000-8000-000000000000");
    assert_eq!(ids(&list(&admin, &format!("?cursor={far}")).await), first);
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_export_of_the_filtered_list_defused_and_audited() {
    let w = world().await;
    apply_to(
        &w.s,
        &w.utvikler,
        Applicant {
            first: "=HYPERLINK(\"http://x\")",
            last: "Hansen; Jr",
            email: "formel@example.no",
            phone: "+47 400 00 000",
            cv: pdf_with_text("CV"),
        },
    )
    .await;
    let html = list(&w.admin, &format!("?stilling={}", w.utvikler)).await;
    let href = link(&html, "Eksporter CSV").expect("export link for an administrator");
    assert_eq!(href, format!("/candidates/export.csv?stilling={}", w.utvikler));
    let r = w.admin.get(&href).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    let body = r.text().await.unwrap();
    assert!(body.starts_with('\u{feff}'), "UTF-8 with BOM");
    let lines: Vec<&str> = body.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "Navn;E-post;Telefon;Stilling;Steg;Kilde;Søkt");
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert!(lines
        .contains(&"Bjørn Ærlig;bjorn@example.no;'+47 912 34 567;Utvikler;Screening;Søkte via Utvikler;2024-03-12"));
    assert!(lines.contains(&"Dina Hansen;dina@example.no;;Utvikler;Screening;Søkte via Utvikler;2024-03-10"));
    let formula = lines.iter().find(|l| l.contains("formel@example.no")).expect("formula row");
    assert!(
        formula.starts_with("\"'=HYPERLINK(\"\"http://x\"\") Hansen; Jr\";formel@example.no;'+47 400 00 000;"),
        "{formula}"
    );
    let detail = scalar(&w.s, "SELECT detail FROM audit_events WHERE action = 'candidates.exported'").await;
    let detail: serde_json::Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(detail["rows"], 3);
    assert_eq!(detail["filters"]["stilling"], w.utvikler.as_str());

    // A Rekrutterer may too; a Bruker neither sees the link nor reaches the address.
    assert_eq!(w.recruiter.get("/candidates/export.csv").await.status(), StatusCode::OK);
    assert_eq!(w.agency.get("/candidates/export.csv").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.agency.get(&href).await.status(), StatusCode::NOT_FOUND);
    assert!(link(&list(&w.agency, "").await, "Eksporter CSV").is_none());
    assert_eq!(w.s.count("audit_events WHERE action = 'candidates.exported'").await, 2, "refused ones not recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn candidates_from_before_the_index_are_indexed_when_the_database_is_migrated() {
    let w = world().await;
    // As a database from before migration 0007 looks: no terms, no sort names.
    w.s.execute("DELETE FROM search_terms").await;
    w.s.execute("UPDATE candidates SET sort_name = NULL").await;
    assert!(found(&w.admin, "bjorn").await.is_empty());
    w.s.second_app().await; // opening migrates, and migrating fills the index
    assert_eq!(found(&w.admin, "bjorn").await, ["Bjørn Ærlig"]);
    assert_eq!(found(&w.admin, "kubernetes").await, ["Bjørn Ærlig"], "stored CV text too");
    assert_eq!(names(&list(&w.admin, "?sort=name").await), ["Åse Berg", "Bjørn Ærlig", "Dina Hansen"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bruker_is_not_told_the_name_of_a_posting_they_may_not_see() {
    let w = world().await;
    // Dina came in through Utvikler (not the agency's) and is sourced into Registration (the agency's).
    let r = w
        .admin
        .post_form("/candidates/source", &[("stage", "source"), ("posting", &w.registration), ("candidate", &w.dina)])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = list(&w.agency, "").await;
    let dina_row = row(&html, &w.dina).cells;
    assert!(dina_row.contains(&"Sourcet fra en annen stilling av Kari Nordmann".into()), "{dina_row:?}");
    assert!(!html.contains("Utvikler"), "no trace of a posting the agency is not on");
    // Nor on the board or her profile.
    for page in [format!("/jobs/{}/board", w.registration), format!("/candidates/{}", w.dina)] {
        let (status, html) = w.agency.page(&page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            html.contains("Sourcet fra en annen stilling av Kari Nordmann") && !html.contains("Utvikler"),
            "{page}: {html}"
        );
    }
    // The administrator sees where she came from, everywhere.
    let html = list(&w.admin, "").await;
    assert!(html.contains("Sourcet fra Utvikler av Kari Nordmann"));
    for page in [format!("/jobs/{}/board", w.registration), format!("/candidates/{}", w.dina)] {
        let (_, html) = w.admin.page(&page).await;
        assert!(html.contains("Sourcet fra Utvikler av Kari Nordmann"), "{page}");
    }
    let csv = w.admin.page("/candidates/export.csv").await.1;
    assert!(csv.contains("Sourcet fra Utvikler av Kari Nordmann"), "{csv}");
}
