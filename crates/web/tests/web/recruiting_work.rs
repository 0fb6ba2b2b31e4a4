//! The daily work of recruiting (issue 22, part 2): triage («Ikke vurdert», «Stjernemarkert», «Følg opp») on the
//! board card and the profile, tags on candidates («Tagger», «Legg til tagg») with Bedriftsinnstillinger →
//! «Tagger» (rename, merge), the Kandidater and board filters, who may do each, the audit log, and that tags are
//! personal data (export, anonymisation). Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::{board_columns, Page};
use crate::support::world::{application_in, world, World, FOREIGN_COMPANY};
use crate::support::{location, scalar, Browser, Export, Server};
use reqwest::StatusCode;

async fn triage_of(s: &Server, application: &str) -> String {
    scalar(s, format!("SELECT triage FROM applications WHERE id = '{application}'")).await
}

async fn audited(s: &Server, action: &str) -> i64 {
    scalar(s, format!("SELECT CAST(COUNT(*) AS TEXT) FROM audit_events WHERE action = '{action}'"))
        .await
        .parse()
        .unwrap()
}

async fn tags_of(s: &Server, candidate: &str) -> Vec<String> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar(
        "SELECT t.name FROM candidate_tags ct JOIN tags t ON t.company_id = ct.company_id AND t.id = ct.tag_id \
         WHERE ct.candidate_id = $1 ORDER BY t.name",
    )
    .bind(candidate)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn tag_id(s: &Server, name: &str) -> String {
    scalar(s, format!("SELECT id FROM tags WHERE name = '{name}'")).await
}

async fn page(b: &Browser, path: &str) -> String {
    let (status, html) = b.page(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

/// The toggle button of `label` in the group of application `app` on a page: its `aria-pressed` value.
fn pressed(html: &str, app: &str, label: &str) -> String {
    let page = Page::parse(html);
    let group = page.select_one(&format!("form[action='/applications/{app}/triage'] [role=group]"));
    let buttons = group.select("button.triage__button");
    let button = buttons.iter().find(|b| b.select_one(".visually-hidden").text() == label);
    let button = button.unwrap_or_else(|| panic!("no button «{label}» in the group:\n{}", group.html()));
    button.attr("aria-pressed").unwrap_or_else(|| panic!("«{label}» has no aria-pressed")).to_string()
}

/// Whether a Kandidater page lists the candidate.
fn lists(html: &str, candidate: &str) -> bool {
    Page::parse(html).has(&format!("a[href='/candidates/{candidate}']"))
}

async fn registration_app(w: &World) -> String {
    application_in(&w.s, &w.both, &w.registration).await.0
}

#[tokio::test(flavor = "multi_thread")]
async fn triage_is_one_press_on_the_profile_and_the_board_and_pressing_it_again_clears_it() {
    let w = world().await;
    let app = registration_app(&w).await;
    assert_eq!(triage_of(&w.s, &app).await, "none", "every application starts «Ikke vurdert»");
    let profile = page(&w.admin, &format!("/candidates/{}", w.both)).await;
    assert_eq!(pressed(&profile, &app, "Ikke vurdert"), "true");
    assert_eq!(pressed(&profile, &app, "Stjernemarkert"), "false");
    let group = format!("form[action='/applications/{app}/triage'] [role=group]");
    assert_eq!(
        Page::parse(&profile).attr(&group, "aria-label"),
        "Vurdering av Bjørn Kandidat",
        "named by the candidate"
    );

    // From the profile: back to the application.
    let r =
        w.admin.post_form(&format!("/applications/{app}/triage"), &[("triage", "starred"), ("back", "profile")]).await;
    assert_eq!(location(&r), format!("/candidates/{}#app-{app}", w.both));
    assert_eq!(triage_of(&w.s, &app).await, "starred");
    let profile = page(&w.admin, &format!("/candidates/{}", w.both)).await;
    assert_eq!(pressed(&profile, &app, "Stjernemarkert"), "true");
    assert_eq!(pressed(&profile, &app, "Ikke vurdert"), "false");
    assert_eq!(audited(&w.s, "application.triaged").await, 1);

    // From the board: back to the card, and the board shows it pressed; the pressed button clears it.
    let board = page(&w.admin, &format!("/jobs/{}/board", w.registration)).await;
    assert_eq!(pressed(&board, &app, "Stjernemarkert"), "true");
    let pressed_button = format!("form[action='/applications/{app}/triage'] button[aria-pressed=true]");
    assert_eq!(Page::parse(&board).attr(&pressed_button, "value"), "none", "pressing it again clears it");
    let form = [("triage", "follow_up"), ("back", "board"), ("board_query", "triage=starred")];
    let r = w.admin.post_form(&format!("/applications/{app}/triage"), &form).await;
    assert_eq!(location(&r), format!("/jobs/{}/board?triage=starred#card-{app}", w.registration));
    assert_eq!(triage_of(&w.s, &app).await, "follow_up");
    let r = w.admin.post_form(&format!("/applications/{app}/triage"), &[("triage", "none"), ("back", "board")]).await;
    assert_eq!(location(&r), format!("/jobs/{}/board#card-{app}", w.registration));
    assert_eq!(triage_of(&w.s, &app).await, "none");
    assert_eq!(audited(&w.s, "application.triaged").await, 3);

    // The same state again changes nothing and logs nothing; a made-up state is not one.
    w.admin.post_form(&format!("/applications/{app}/triage"), &[("triage", "none")]).await;
    assert_eq!(audited(&w.s, "application.triaged").await, 3);
    let r = w.admin.post_form(&format!("/applications/{app}/triage"), &[("triage", "hot")]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(triage_of(&w.s, &app).await, "none");

    // English.
    w.admin.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let profile = page(&w.admin, &format!("/candidates/{}", w.both)).await;
    assert_eq!(pressed(&profile, &app, "Not evaluated"), "true");
    assert_eq!(pressed(&profile, &app, "Follow up"), "false");
    let group = format!("form[action='/applications/{app}/triage'] [role=group]");
    assert_eq!(Page::parse(&profile).attr(&group, "aria-label"), "Triage of Bjørn Kandidat");
}

#[tokio::test(flavor = "multi_thread")]
async fn who_may_triage_each_application() {
    let w = world().await;
    let (registration, other) = (registration_app(&w).await, application_in(&w.s, &w.both, &w.other).await.0);
    let dina = application_in(&w.s, &w.only_other, &w.other).await.0;
    // Recruiter: every application.
    for a in [&registration, &other, &dina] {
        let r = w.recruiter.post_form(&format!("/applications/{a}/triage"), &[("triage", "starred")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "recruiter {a}");
        assert_eq!(triage_of(&w.s, a).await, "starred");
    }
    // The agency on the registration posting's team: that application, not the others (not found, unchanged).
    let r = w.agency.post_form(&format!("/applications/{registration}/triage"), &[("triage", "follow_up")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(triage_of(&w.s, &registration).await, "follow_up");
    for a in [&other, &dina] {
        let r = w.agency.post_form(&format!("/applications/{a}/triage"), &[("triage", "follow_up")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "agency {a}");
        assert_eq!(triage_of(&w.s, a).await, "starred");
    }
    // The other agency, on no team: nothing.
    for a in [&registration, &other, &dina] {
        let r = w.other_agency.post_form(&format!("/applications/{a}/triage"), &[("triage", "none")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "other agency {a}");
    }
    assert_eq!(triage_of(&w.s, &registration).await, "follow_up");
    // The agency's profile of Bjørn has the toggle on the one application it sees, and no other.
    let profile = page(&w.agency, &format!("/candidates/{}", w.both)).await;
    assert_eq!(pressed(&profile, &registration, "Følg opp"), "true");
    Page::parse(&profile).assert_none(&format!("form[action='/applications/{other}/triage']"));
}

#[tokio::test(flavor = "multi_thread")]
async fn kandidater_and_the_board_filter_by_triage_state() {
    let w = world().await;
    let bjorn_other = application_in(&w.s, &w.both, &w.other).await.0;
    w.admin.post_form(&format!("/applications/{bjorn_other}/triage"), &[("triage", "follow_up")]).await;

    let list = page(&w.admin, "/candidates?triage=follow_up").await;
    assert!(lists(&list, &w.both) && !lists(&list, &w.only_other), "only Bjørn is to follow up");
    let shown = Page::parse(&list);
    assert_eq!(shown.field_value("select[name=triage]"), "follow_up", "the filter shows its choice");
    assert_eq!(shown.selected_text("select[name=triage]"), "Følg opp");
    let list = page(&w.admin, "/candidates?triage=none").await;
    assert!(lists(&list, &w.both) && lists(&list, &w.only_other), "Dina, and Bjørn's registration application");
    let list = page(&w.admin, "/candidates?triage=starred").await;
    assert!(!lists(&list, &w.both) && !lists(&list, &w.only_other));
    // The agency's list: Bjørn's application it sees is not evaluated; the one to follow up is not its to see.
    let list = page(&w.agency, "/candidates?triage=follow_up").await;
    assert!(!lists(&list, &w.both), "a Bruker's filter counts only applications they see");
    let list = page(&w.admin, "/candidates?triage=hot").await;
    assert!(list.contains("«Vurdering» har en ukjent verdi") && lists(&list, &w.only_other), "an unknown value");

    // The board: the column counts what the filter keeps.
    let board = page(&w.admin, &format!("/jobs/{}/board?triage=follow_up", w.other)).await;
    let shown = Page::parse(&board);
    shown.assert_has(&format!("[data-application='{bjorn_other}']"));
    assert!(board_columns(&board).iter().any(|c| c.ends_with("(1)")), "a column counts the one card");
    let dina = application_in(&w.s, &w.only_other, &w.other).await.0;
    shown.assert_none(&format!("[data-application='{dina}']"));
    let board = page(&w.admin, &format!("/jobs/{}/board?triage=starred", w.other)).await;
    Page::parse(&board).assert_none("[data-application]");
}

async fn add_tag(b: &Browser, candidate: &str, tag: &str) -> reqwest::Response {
    b.post_form(&format!("/candidates/{candidate}/tags"), &[("tag", tag)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_are_added_with_autocomplete_checked_and_removed() {
    let w = world().await;
    let r = add_tag(&w.admin, &w.both, "  Java ").await;
    assert_eq!(location(&r), format!("/candidates/{}#tags", w.both));
    assert_eq!(tags_of(&w.s, &w.both).await, ["Java"]);
    // The same tag in other case is the same tag of the company; Dina carries it too.
    assert_eq!(location(&add_tag(&w.admin, &w.only_other, "JAVA").await), format!("/candidates/{}#tags", w.only_other));
    assert_eq!(tags_of(&w.s, &w.only_other).await, ["Java"]);
    assert_eq!(w.s.count("tags").await, 1);
    assert_eq!(audited(&w.s, "candidate.tagged").await, 2);

    // The profile lists it, offers the company's tags to the field, and has a remove button named by the tag.
    let profile = page(&w.admin, &format!("/candidates/{}", w.only_other)).await;
    let shown = Page::parse(&profile);
    assert_eq!(shown.options("datalist#tag-names"), [("Java".to_string(), String::new())]);
    shown.assert_has("input#f-tag[list=tag-names]");
    shown.assert_has("button[aria-label='Fjern taggen Java']");
    shown.assert_text("label[for=f-tag]", "Tagger");
    assert_eq!(shown.text("form[action$='/tags'] button[type=submit]"), "Legg til tagg");

    // Too long, markup, empty: a clear error on the profile, nothing stored.
    for (bad, message) in [
        ("x".repeat(200), "Tagger: Høyst 40 tegn."),
        ("<b>fet</b>".to_string(), "Tagger: Bruk bare vanlig tekst, uten &#60; og &#62;."),
        ("   ".to_string(), "Tagger: Feltet må fylles ut."),
    ] {
        let r = add_tag(&w.admin, &w.both, &bad).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{message}: {html}");
        Page::parse(&html).assert_has("input#f-tag[aria-invalid=true][aria-describedby=f-tag-error]");
    }
    assert_eq!(w.s.count("tags").await, 1);
    assert_eq!(tags_of(&w.s, &w.both).await, ["Java"]);

    // Removing.
    let java = tag_id(&w.s, "Java").await;
    let r = w.admin.post_form(&format!("/candidates/{}/tags/{java}/remove", w.both), &[]).await;
    assert_eq!(location(&r), format!("/candidates/{}#tags", w.both));
    assert!(tags_of(&w.s, &w.both).await.is_empty());
    assert_eq!(tags_of(&w.s, &w.only_other).await, ["Java"], "only from that candidate");
    assert_eq!(audited(&w.s, "candidate.untagged").await, 1);
    let r = w.admin.post_form(&format!("/candidates/{}/tags/{java}/remove", w.both), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "a tag they no longer carry");

    // English.
    w.admin.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let r = add_tag(&w.admin, &w.both, &"x".repeat(200)).await;
    assert!(r.text().await.unwrap().contains("Tags: At most 40 characters."));
}

#[tokio::test(flavor = "multi_thread")]
async fn who_may_tag_whom() {
    let w = world().await;
    // The agency sees Bjørn (through the registration posting), not Dina.
    assert_eq!(add_tag(&w.agency, &w.both, "Byrå").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(tags_of(&w.s, &w.both).await, ["Byrå"]);
    assert_eq!(add_tag(&w.agency, &w.only_other, "Byrå").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(add_tag(&w.other_agency, &w.both, "Annet").await.status(), StatusCode::NOT_FOUND);
    assert!(tags_of(&w.s, &w.only_other).await.is_empty());
    assert_eq!(w.s.count("tags").await, 1, "a refused tag is not even added to the vocabulary");
    let byraa = tag_id(&w.s, "Byrå").await;
    let r = w.other_agency.post_form(&format!("/candidates/{}/tags/{byraa}/remove", w.both), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(tags_of(&w.s, &w.both).await, ["Byrå"]);
    // A candidate of another company is not found.
    let foreign = crate::support::world::foreign_posting_and_candidate(&w.s).await;
    assert_eq!(add_tag(&w.admin, &foreign.candidate, "Fremmed").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.s.count("candidate_tags").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn kandidater_and_the_board_filter_by_tag() {
    let w = world().await;
    add_tag(&w.admin, &w.both, "Java").await;
    add_tag(&w.admin, &w.only_other, "Rust").await;
    let (java, rust) = (tag_id(&w.s, "Java").await, tag_id(&w.s, "Rust").await);
    let list = page(&w.admin, &format!("/candidates?tagg={java}")).await;
    assert!(lists(&list, &w.both) && !lists(&list, &w.only_other));
    let shown = Page::parse(&list);
    assert_eq!(shown.field_value("select[name=tagg]"), java);
    assert_eq!(shown.selected_text("select[name=tagg]"), "Java");
    let list = page(&w.admin, &format!("/candidates?tagg={rust}&triage=none")).await;
    assert!(!lists(&list, &w.both) && lists(&list, &w.only_other));
    // Another company's tag, or none at all, is an unknown value.
    w.s.execute(&format!(
        "INSERT INTO companies (id, name, slug, default_language, created_at) VALUES ('{FOREIGN_COMPANY}', 'Annen AS', \
         'annen', 'nb', 0)"
    ))
    .await;
    let foreign = "01900000-0000-7000-8000-0000000000f1";
    w.s.execute(&format!(
        "INSERT INTO tags (company_id, id, name, name_key, created_at) VALUES ('{FOREIGN_COMPANY}', '{foreign}', \
         'Fremmed', 'fremmed', 0)"
    ))
    .await;
    let list = page(&w.admin, &format!("/candidates?tagg={foreign}")).await;
    assert!(list.contains("«Tagger» har en ukjent verdi") && lists(&list, &w.both) && !list.contains("Fremmed"));

    let board = page(&w.admin, &format!("/jobs/{}/board?tagg={rust}", w.other)).await;
    let dina = application_in(&w.s, &w.only_other, &w.other).await.0;
    let bjorn = application_in(&w.s, &w.both, &w.other).await.0;
    let shown = Page::parse(&board);
    shown.assert_has(&format!("[data-application='{dina}']"));
    shown.assert_none(&format!("[data-application='{bjorn}']"));
    assert!(board_columns(&board).iter().any(|c| c.ends_with("(1)")), "a column counts the one card");
}

#[tokio::test(flavor = "multi_thread")]
async fn tagger_settings_rename_and_merge_for_administrators_only() {
    let w = world().await;
    add_tag(&w.admin, &w.both, "Java").await;
    add_tag(&w.admin, &w.both, "Kotlin").await;
    add_tag(&w.admin, &w.only_other, "JVM").await;
    let (java, kotlin, jvm) = (tag_id(&w.s, "Java").await, tag_id(&w.s, "Kotlin").await, tag_id(&w.s, "JVM").await);

    let html = page(&w.admin, "/settings/tags").await;
    let shown = Page::parse(&html);
    shown.assert_text("a[href='/settings/tags'][aria-current=page]", "Tagger");
    let rename = shown.find("label[for^=rename-]", "Nytt navn på Java").attr("for").unwrap_or_default();
    shown.assert_has(&format!("input[id='{rename}'][name=name][value=Java]"));
    shown.find("label[for^=merge-]", "Slå Java sammen med");
    assert!(html.contains("1 kandidat(er)"));
    for b in [&w.recruiter, &w.agency] {
        assert_eq!(b.get("/settings/tags").await.status(), StatusCode::NOT_FOUND);
        let r = b.post_form(&format!("/settings/tags/{java}/rename"), &[("name", "Javva")]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let r = b.post_form(&format!("/settings/tags/{java}/merge"), &[("into", &jvm)]).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
    }
    assert_eq!(w.s.count("tags").await, 3);

    // Rename; a name another tag has (in any case) and markup are refused.
    let r = w.admin.post_form(&format!("/settings/tags/{java}/rename"), &[("name", "Java SE")]).await;
    assert_eq!(location(&r), "/settings/tags?renamed=1");
    assert_eq!(tags_of(&w.s, &w.both).await, ["Java SE", "Kotlin"]);
    for (name, message) in [("jvm", "Navnet er allerede brukt."), ("<i>x</i>", "Bruk bare vanlig tekst")] {
        let r = w.admin.post_form(&format!("/settings/tags/{java}/rename"), &[("name", name)]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.text().await.unwrap().contains(message), "{name}");
    }
    assert_eq!(tags_of(&w.s, &w.both).await, ["Java SE", "Kotlin"]);
    assert_eq!(audited(&w.s, "tag.renamed").await, 1);

    // Merge Kotlin and Java SE into JVM: every candidate moves to the kept one, once.
    let r = w.admin.post_form(&format!("/settings/tags/{kotlin}/merge"), &[("into", &jvm)]).await;
    assert_eq!(location(&r), "/settings/tags?merged=1");
    let r = w.admin.post_form(&format!("/settings/tags/{java}/merge"), &[("into", &jvm)]).await;
    assert_eq!(location(&r), "/settings/tags?merged=1");
    assert_eq!(tags_of(&w.s, &w.both).await, ["JVM"]);
    assert_eq!(tags_of(&w.s, &w.only_other).await, ["JVM"]);
    assert_eq!(w.s.count("tags").await, 1);
    assert_eq!(audited(&w.s, "tag.merged").await, 2);
    // Into itself, or into a tag that is gone: refused, nothing changes.
    let r = w.admin.post_form(&format!("/settings/tags/{jvm}/merge"), &[("into", &jvm)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Velg en annen tagg å slå sammen med."));
    let r = w.admin.post_form(&format!("/settings/tags/{jvm}/merge"), &[("into", &java)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(w.s.count("tags").await, 1);
    assert_eq!(w.s.count("candidate_tags").await, 2);
    let html = page(&w.admin, "/settings/tags?merged=1").await;
    assert!(html.contains("Taggene er slått sammen.") && html.contains("2 kandidat(er)"));
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_and_triage_are_in_the_export_and_tags_go_with_anonymisation() {
    let w = world().await;
    add_tag(&w.admin, &w.both, "Java").await;
    add_tag(&w.admin, &w.only_other, "Java").await;
    let app = registration_app(&w).await;
    w.admin.post_form(&format!("/applications/{app}/triage"), &[("triage", "starred")]).await;
    let export = Export::read(w.admin.get(&format!("/candidates/{}/export", w.both)).await).await;
    assert_eq!(export.json["tags"], serde_json::json!(["Java"]));
    let triage: Vec<&str> =
        export.json["applications"].as_array().unwrap().iter().filter_map(|a| a["triage"].as_str()).collect();
    assert!(triage.contains(&"starred") && triage.contains(&"none"), "{triage:?}");

    let r = w.admin.post_form(&format!("/candidates/{}/delete", w.both), &[]).await;
    assert_eq!(location(&r), "/candidates");
    assert!(tags_of(&w.s, &w.both).await.is_empty(), "the anonymised candidate carries no tag");
    assert_eq!(tags_of(&w.s, &w.only_other).await, ["Java"], "the vocabulary and others' tags stay");
    assert_eq!(triage_of(&w.s, &app).await, "starred", "triage stays with the application, as statistics");
    // Nothing can be tagged on an anonymised candidate.
    assert_eq!(add_tag(&w.admin, &w.both, "Ny").await.status(), StatusCode::FORBIDDEN);
    let profile = page(&w.admin, &format!("/candidates/{}", w.both)).await;
    Page::parse(&profile).assert_none(&format!("form[action='/candidates/{}/tags']", w.both));
}

/// A JSON API call with `key`, in English: (status, body).
async fn api(
    w: &World,
    key: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut req = reqwest::Client::new()
        .request(method, format!("{}/api/v1{path}", w.s.base))
        .header("Accept-Language", "en")
        .bearer_auth(key);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_sets_triage_and_tags_with_the_uis_rules() {
    use reqwest::Method;
    let w = world().await;
    let (admin, agency) =
        (crate::support::world::api_key(&w.admin).await, crate::support::world::api_key(&w.agency).await);
    let (registration, other) = (registration_app(&w).await, application_in(&w.s, &w.both, &w.other).await.0);

    let path = format!("/applications/{registration}/triage");
    let (status, candidate) =
        api(&w, &agency, Method::POST, &path, Some(serde_json::json!({ "triage": "starred" }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(candidate["applications"][0]["triage"], "starred");
    assert_eq!(triage_of(&w.s, &registration).await, "starred");
    let path = format!("/applications/{other}/triage");
    let (status, _) = api(&w, &agency, Method::POST, &path, Some(serde_json::json!({ "triage": "starred" }))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "an application the agency may not see");
    let (status, problem) = api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "triage": "hot" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(triage_of(&w.s, &other).await, "none");

    let path = format!("/candidates/{}/tags", w.both);
    let (status, candidate) = api(&w, &agency, Method::POST, &path, Some(serde_json::json!({ "name": "Java" }))).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(candidate["tags"][0]["name"], "Java");
    let (status, problem) =
        api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "name": "x".repeat(200) }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(problem.to_string().contains("At most 40 characters."), "{problem}");
    let (status, _) = api(
        &w,
        &agency,
        Method::POST,
        &format!("/candidates/{}/tags", w.only_other),
        Some(serde_json::json!({ "name": "Java" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Dina (only in the other posting) gets the tag too: the agency's count does not learn of her.
    let path = format!("/candidates/{}/tags", w.only_other);
    let (status, _) = api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "name": "java" }))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, list) = api(&w, &agency, Method::GET, "/tags", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        list["tags"],
        serde_json::json!([{ "id": tag_id(&w.s, "Java").await, "name": "Java", "candidates": 1 }]),
        "counted among the candidates the agency may see"
    );
    let (_, list) = api(&w, &admin, Method::GET, "/tags", None).await;
    assert_eq!(list["tags"][0]["candidates"], 2, "the whole company");
    let java = tag_id(&w.s, "Java").await;
    let (status, candidate) =
        api(&w, &admin, Method::DELETE, &format!("/candidates/{}/tags/{java}", w.both), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(candidate["tags"], serde_json::json!([]));
    assert!(tags_of(&w.s, &w.both).await.is_empty());
    assert_eq!(audited(&w.s, "candidate.untagged").await, 1);
}

// --- «Tildel til ansatt» (part 1) --------------------------------------------------------------------------------

async fn assignee_of(s: &Server, application: &str) -> String {
    scalar(s, format!("SELECT COALESCE(assigned_to, '') FROM applications WHERE id = '{application}'")).await
}

async fn assign(b: &Browser, application: &str, employee: &str) -> reqwest::Response {
    b.post_form(&format!("/applications/{application}/assign"), &[("employee", employee)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn assigning_emails_the_assignee_who_finds_it_on_mine_oppgaver_with_a_tick_once_evaluated() {
    let w = world().await;
    let assignee = crate::support::user_id(&w.s, "annet@byraa2.test").await;
    let (bjorn, dina) = (registration_app(&w).await, application_in(&w.s, &w.only_other, &w.other).await.0);
    let (status, tasks) = w.other_agency.page("/tasks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(tasks.contains("Du har ingen tildelte søknader."));

    let profile = page(&w.admin, &format!("/candidates/{}", w.both)).await;
    let shown = Page::parse(&profile);
    shown.assert_text(&format!("label[for='assign-{bjorn}']"), "Ansatt");
    assert_eq!(shown.text(&format!("form[action='/applications/{bjorn}/assign'] button")), "Tildel");
    let outbox = w.s.count("outbox").await;
    let r = assign(&w.admin, &bjorn, &assignee).await;
    assert_eq!(location(&r), format!("/candidates/{}?assigned=1#app-{bjorn}", w.both));
    assert_eq!(assignee_of(&w.s, &bjorn).await, assignee);
    assert_eq!(audited(&w.s, "application.assigned").await, 1);
    assert_eq!(w.s.count("outbox").await, outbox + 1, "one email to the assignee");
    let subject = scalar(&w.s, "SELECT subject FROM outbox WHERE to_address = 'annet@byraa2.test'").await;
    assert!(subject.contains("har tildelt deg Bjørn Kandidat (Registration)"), "{subject}");
    let profile = page(&w.admin, &format!("/candidates/{}?assigned=1", w.both)).await;
    assert!(profile.contains("Søknaden er tildelt."));
    assert_eq!(Page::parse(&profile).field_value(&format!("select#assign-{bjorn}")), assignee);
    // The same again changes nothing and sends nothing.
    assign(&w.admin, &bjorn, &assignee).await;
    assert_eq!(w.s.count("outbox").await, outbox + 1);

    // From the board card too (back to the card); newest first on Mine oppgaver.
    let board = page(&w.admin, &format!("/jobs/{}/board", w.other)).await;
    Page::parse(&board)
        .assert_has(&format!("form[action='/applications/{dina}/assign'] select#assign-{dina}[name=employee]"));
    let r =
        w.admin.post_form(&format!("/applications/{dina}/assign"), &[("employee", &assignee), ("back", "board")]).await;
    assert_eq!(location(&r), format!("/jobs/{}/board#card-{dina}", w.other));
    let name = scalar(&w.s, format!("SELECT first_name || ' ' || last_name FROM users WHERE id = '{assignee}'")).await;
    assert!(page(&w.admin, &format!("/jobs/{}/board", w.other)).await.contains(&format!("Tildelt {name}")));
    let tasks = page(&w.other_agency, "/tasks").await;
    let (first, second) = (tasks.find("Dina Kandidat").unwrap(), tasks.find("Bjørn Kandidat").unwrap());
    assert!(first < second, "newest assignment first");
    let shown = Page::parse(&tasks);
    shown.assert_text("nav a[aria-current=page]", "Mine oppgaver");
    assert!(!shown.texts("table.tasks [aria-hidden=true]").contains(&"✓".into()), "nothing evaluated yet");

    // The assignee evaluates Bjørn's application: ✓ on that row.
    let r = w.other_agency.post_form(&format!("/applications/{bjorn}/evaluate"), &[("recommendation", "yes")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let tasks = page(&w.other_agency, "/tasks").await;
    let shown = Page::parse(&tasks);
    let row = shown.find("table.tasks tbody tr", "Bjørn Kandidat");
    assert_eq!(row.select_one("[aria-hidden=true]").text(), "✓");
    assert_eq!(row.select_one(".visually-hidden").text(), "Vurdert");
    let row = shown.find("table.tasks tbody tr", "Dina Kandidat");
    assert!(!row.has("[aria-hidden=true]") && row.select_one(".visually-hidden").text() == "Ikke vurdert ennå");

    // Someone else's tasks are their own: the administrator has none.
    assert!(page(&w.admin, "/tasks").await.contains("Du har ingen tildelte søknader."));
    // English.
    w.other_agency.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let tasks = page(&w.other_agency, "/tasks").await;
    let shown = Page::parse(&tasks);
    shown.assert_text("h1", "My tasks");
    assert_eq!(shown.find("table.tasks tbody tr", "Bjørn Kandidat").select_one(".visually-hidden").text(), "Evaluated");
}

#[tokio::test(flavor = "multi_thread")]
async fn assigning_is_refused_for_deactivated_foreign_or_unknown_employees_and_unseen_applications() {
    let w = world().await;
    let bjorn = registration_app(&w).await;
    crate::support::add_employee(
        &w.s,
        domain::Role::Recruiter,
        "borte@fjordkraft.test",
        crate::support::world::PASSWORD,
    )
    .await;
    let gone = crate::support::user_id(&w.s, "borte@fjordkraft.test").await;
    w.s.execute(&format!("UPDATE employees SET status = 'deactivated' WHERE user_id = '{gone}'")).await;
    crate::support::world::foreign_posting_and_candidate(&w.s).await;
    let foreign_admin = "01900000-0000-7000-8000-0000000000a1";
    let outbox = w.s.count("outbox").await;
    let deactivated = "Personen er deaktivert og kan ikke få tildelt søknader. Ingenting er endret.";
    let other = "Søknaden kan bare tildeles en aktiv ansatt i bedriften. Ingenting er endret.";
    for (employee, message) in [(gone.as_str(), deactivated), (foreign_admin, other), ("x", other)] {
        let r = assign(&w.admin, &bjorn, employee).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{employee}");
        let page = r.text().await.unwrap();
        assert!(page.contains(message) && !page.contains("invitert"), "{employee}: {page}");
    }
    // The same on the bulk action (English: the API's test).
    let form = [("candidate", w.both.as_str()), ("stage", "assign"), ("employee", gone.as_str())];
    let r = w.admin.post_form("/candidates/assign", &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains(deactivated));
    assert_eq!(assignee_of(&w.s, &bjorn).await, "");
    assert_eq!(w.s.count("outbox").await, outbox);
    assert_eq!(audited(&w.s, "application.assigned").await, 0);
    // The deactivated employee is not offered.
    assert!(!page(&w.admin, &format!("/candidates/{}", w.both)).await.contains(&gone));

    let agency = crate::support::user_id(&w.s, "byraa@agency.test").await;
    // A Bruker on the team sees it but may not assign it; another firm's may not even see it.
    let r = assign(&w.agency, &bjorn, &agency).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let profile = page(&w.agency, &format!("/candidates/{}", w.both)).await;
    Page::parse(&profile).assert_none("form[action$='/assign']");
    assert_eq!(assign(&w.other_agency, &bjorn, &agency).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(assignee_of(&w.s, &bjorn).await, "");

    // A Rekrutterer assigns to a Bruker; unassigning («Ingen») is recorded too.
    assert_eq!(assign(&w.recruiter, &bjorn, &agency).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(assignee_of(&w.s, &bjorn).await, agency);
    assert_eq!(assign(&w.recruiter, &bjorn, "").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(assignee_of(&w.s, &bjorn).await, "");
    assert_eq!(audited(&w.s, "application.unassigned").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn kandidater_filters_by_assignee_and_shows_initials() {
    let w = world().await;
    let rek = crate::support::user_id(&w.s, "rek@fjordkraft.test").await;
    let dina = application_in(&w.s, &w.only_other, &w.other).await.0;
    assign(&w.admin, &dina, &rek).await;
    let list = page(&w.admin, &format!("/candidates?tildelt={rek}")).await;
    assert!(lists(&list, &w.only_other) && !lists(&list, &w.both));
    let shown = Page::parse(&list);
    let rows = shown.select("tbody tr");
    let link = format!("a[href='/candidates/{}']", w.only_other);
    let row = rows.iter().find(|r| r.has(&link)).unwrap_or_else(|| panic!("a row for Dina: {}", shown.trimmed()));
    let name = scalar(&w.s, format!("SELECT first_name || ' ' || last_name FROM users WHERE id = '{rek}'")).await;
    let initials: String = name.split_whitespace().filter_map(|p| p.chars().next()).collect();
    assert_eq!(row.select_one(".assignee [aria-hidden=true]").text(), initials, "{}", row.html());
    assert_eq!(row.select_one(".assignee .visually-hidden").text(), format!("Tildelt {name}"));
    let list = page(&w.admin, "/candidates?tildelt=01900000-0000-7000-8000-0000000000a1").await;
    assert!(list.contains("«Tildelt» har en ukjent verdi"));
}

/// Tagg and Tildelt offer the company's tags and employees from a cache between requests (app::company_names);
/// each write of a tag, an employee or a login's name is seen at the next request, and so is an assignee's new
/// name on the rows.
#[tokio::test(flavor = "multi_thread")]
async fn kandidater_offers_tags_and_employees_as_they_change() {
    let w = world().await;
    let offered = |html: &str, select: &str| Page::parse(html).texts(&format!("select[name={select}] option"));
    let first = page(&w.admin, "/candidates").await;
    assert!(!offered(&first, "tagg").contains(&"Java".to_string()));

    add_tag(&w.admin, &w.both, "Java").await;
    assert!(offered(&page(&w.admin, "/candidates").await, "tagg").contains(&"Java".to_string()), "a new tag");
    let java = tag_id(&w.s, "Java").await;
    w.admin.post_form(&format!("/settings/tags/{java}/rename"), &[("name", "Java SE")]).await;
    let tags = offered(&page(&w.admin, "/candidates").await, "tagg");
    assert!(tags.contains(&"Java SE".to_string()) && !tags.contains(&"Java".to_string()), "renamed: {tags:?}");
    add_tag(&w.admin, &w.both, "Kotlin").await;
    assert!(offered(&page(&w.admin, "/candidates").await, "tagg").contains(&"Kotlin".to_string()));
    let kotlin = tag_id(&w.s, "Kotlin").await;
    w.admin.post_form(&format!("/settings/tags/{kotlin}/merge"), &[("into", &java)]).await;
    assert!(!offered(&page(&w.admin, "/candidates").await, "tagg").contains(&"Kotlin".to_string()), "merged");

    let r = w
        .admin
        .post_form(
            "/settings/employees/new",
            &[("first_name", "Nora"), ("last_name", "Ny"), ("email", "nora@fjordkraft.test"), ("role", "user")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(offered(&page(&w.admin, "/candidates").await, "tildelt").contains(&"Nora Ny".to_string()), "invited");

    let rek = crate::support::user_id(&w.s, "rek@fjordkraft.test").await;
    let dina = application_in(&w.s, &w.only_other, &w.other).await.0;
    assign(&w.admin, &dina, &rek).await;
    page(&w.admin, "/candidates").await;
    let r =
        w.recruiter.post_form("/profile", &[("first_name", "Rita"), ("last_name", "Omdøpt"), ("language", "nb")]).await;
    assert_eq!(location(&r), "/profile?saved=1");
    let list = page(&w.admin, "/candidates").await;
    assert!(offered(&list, "tildelt").contains(&"Rita Omdøpt".to_string()), "renamed: {:?}", offered(&list, "tildelt"));
    let shown = Page::parse(&list);
    let link = format!("a[href='/candidates/{}']", w.only_other);
    let rows = shown.select("tbody tr");
    let row = rows.iter().find(|r| r.has(&link)).unwrap_or_else(|| panic!("a row for Dina: {}", shown.trimmed()));
    assert_eq!(row.select_one(".assignee .visually-hidden").text(), "Tildelt Rita Omdøpt");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_api_assigns_and_unassigns_with_the_uis_rules() {
    use reqwest::Method;
    let w = world().await;
    let (admin, agency) =
        (crate::support::world::api_key(&w.admin).await, crate::support::world::api_key(&w.agency).await);
    let bjorn = registration_app(&w).await;
    let assignee = crate::support::user_id(&w.s, "annet@byraa2.test").await;
    let path = format!("/applications/{bjorn}/assignment");
    let (status, candidate) =
        api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "employee_id": assignee }))).await;
    assert_eq!(status, StatusCode::OK);
    let assigned: Vec<&str> =
        candidate["applications"].as_array().unwrap().iter().filter_map(|a| a["assigned_to"].as_str()).collect();
    assert_eq!(assigned, [assignee.as_str()]);
    let (status, _) = api(&w, &agency, Method::POST, &path, Some(serde_json::json!({ "employee_id": null }))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a Bruker may not assign");
    let (status, problem) =
        api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "employee_id": "nobody" }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["field"], "employee", "{problem}");
    assert!(problem.to_string().contains("Choose an active employee of the company."), "{problem}");
    // A deactivated employee: said so, not "active or invited".
    crate::support::add_employee(
        &w.s,
        domain::Role::Recruiter,
        "borte@fjordkraft.test",
        crate::support::world::PASSWORD,
    )
    .await;
    let gone = crate::support::user_id(&w.s, "borte@fjordkraft.test").await;
    w.s.execute(&format!("UPDATE employees SET status = 'deactivated' WHERE user_id = '{gone}'")).await;
    let (status, problem) =
        api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "employee_id": gone }))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        problem
            .to_string()
            .contains("This person is deactivated and cannot be assigned applications. Choose an active employee."),
        "{problem}"
    );
    assert_eq!(assignee_of(&w.s, &bjorn).await, assignee);
    let (status, _) = api(&w, &admin, Method::POST, &path, Some(serde_json::json!({ "employee_id": null }))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(assignee_of(&w.s, &bjorn).await, "");
}

#[tokio::test(flavor = "multi_thread")]
async fn kandidater_assigns_the_chosen_candidates_open_applications_in_bulk() {
    let w = world().await;
    let rek = crate::support::user_id(&w.s, "rek@fjordkraft.test").await;
    // The confirmation page names the chosen candidates and offers «Ansatt».
    let form = [("candidate", w.both.as_str()), ("candidate", w.only_other.as_str())];
    let r = w.admin.post_form("/candidates/assign", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let shown = Page::parse(&html);
    shown.assert_text("h1", "Tildel til ansatt");
    shown.assert_text("label[for=f-employee]", "Ansatt");
    shown.assert_has("select#f-employee[name=employee]");
    // In the Utvikler posting only: Bjørn's and Dina's applications there, not Bjørn's registration.
    let outbox = w.s.count("outbox").await;
    let mut form = vec![("candidate", w.both.as_str()), ("candidate", w.only_other.as_str())];
    form.extend([("stage", "assign"), ("employee", rek.as_str()), ("posting", w.other.as_str())]);
    let r = w.admin.post_form("/candidates/assign", &form).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("2 søknad(er) tildelt"));
    let (bjorn_other, dina) =
        (application_in(&w.s, &w.both, &w.other).await.0, application_in(&w.s, &w.only_other, &w.other).await.0);
    assert_eq!(assignee_of(&w.s, &bjorn_other).await, rek);
    assert_eq!(assignee_of(&w.s, &dina).await, rek);
    assert_eq!(assignee_of(&w.s, &registration_app(&w).await).await, "");
    assert_eq!(w.s.count("outbox").await, outbox + 2, "an email per application");
    assert_eq!(audited(&w.s, "application.assigned").await, 2);
    // A deactivated or unknown employee: refused as a whole, nothing changes.
    let mut form = vec![("candidate", w.both.as_str())];
    form.extend([("stage", "assign"), ("employee", "01900000-0000-7000-8000-0000000000a1")]);
    let r = w.admin.post_form("/candidates/assign", &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("kan bare tildeles en aktiv ansatt"));
    assert_eq!(assignee_of(&w.s, &registration_app(&w).await).await, "");
    // Not for a Bruker.
    assert_eq!(
        w.agency.post_form("/candidates/assign", &[("candidate", w.both.as_str())]).await.status(),
        StatusCode::NOT_FOUND
    );
}

/// One door (issue 23): what a Bruker reaches is one value, and the assignment that widens it widens every list and
/// lookup alike — Kandidater, its search and its posting choices, the profile — but not the posting itself.
#[tokio::test(flavor = "multi_thread")]
async fn an_assignee_reaches_the_assigned_application_everywhere_and_nothing_more() {
    let w = world().await;
    let assignee = crate::support::user_id(&w.s, "annet@byraa2.test").await;
    let dina = application_in(&w.s, &w.only_other, &w.other).await.0;
    // «Utvikler» is the other posting's title: a choice of Kilde and Stilling once it is reached.
    let offers_other =
        || async { crate::support::posting_choices(&w.other_agency).await.iter().any(|l| l == "Utvikler") };
    // On no hiring team: nothing.
    let list = page(&w.other_agency, "/candidates").await;
    assert!(!lists(&list, &w.only_other) && !lists(&list, &w.both) && !offers_other().await);
    assert!(!lists(&page(&w.other_agency, "/candidates?q=dina").await, &w.only_other));
    assert_eq!(w.other_agency.page(&format!("/candidates/{}", w.only_other)).await.0, StatusCode::NOT_FOUND);
    // A tag on Dina is the company's word, but not counted for them until she is theirs to see.
    add_tag(&w.admin, &w.only_other, "Java").await;
    let key = crate::support::world::api_key(&w.other_agency).await;
    let java_count = || async {
        let (status, list) = api(&w, &key, reqwest::Method::GET, "/tags", None).await;
        assert_eq!(status, StatusCode::OK);
        list["tags"][0]["candidates"].as_i64()
    };
    assert_eq!(java_count().await, Some(0));

    assert_eq!(assign(&w.admin, &dina, &assignee).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(java_count().await, Some(1), "counted once she is assigned to them");
    let list = page(&w.other_agency, "/candidates").await;
    assert!(lists(&list, &w.only_other), "the assigned candidate is listed");
    assert!(!lists(&list, &w.both), "Bjørn's application in the same posting is not assigned: not listed");
    assert!(list.contains("Utvikler") && offers_other().await, "the row names its posting, which is a choice");
    assert!(lists(&page(&w.other_agency, "/candidates?q=dina").await, &w.only_other), "search finds her");
    assert!(!lists(&page(&w.other_agency, "/candidates?q=bjorn").await, &w.both));
    let filtered = page(&w.other_agency, &format!("/candidates?stilling={}", w.other)).await;
    assert!(lists(&filtered, &w.only_other) && !lists(&filtered, &w.both));
    assert_eq!(w.other_agency.page(&format!("/candidates/{}", w.only_other)).await.0, StatusCode::OK);
    // The application's interview is theirs to see and change, as for its team.
    let start = store::now_ms() + 86_400_000;
    w.s.execute(&format!(
        "INSERT INTO interviews (company_id, id, application_id, candidate_id, starts_at, ends_at, place, \
         template_id, sequence, created_by, created_at, updated_at) SELECT company_id, \
         '0190dddd-0000-7000-8000-000000000001', id, candidate_id, {start}, {end}, 'Xylofonrommet', NULL, 0, \
         '{assignee}', 0, 0 FROM applications WHERE id = '{dina}'",
        end = start + 3_600_000
    ))
    .await;
    let profile = page(&w.other_agency, &format!("/candidates/{}", w.only_other)).await;
    assert!(profile.contains("Xylofonrommet"), "the assignee sees the interview");
    assert!(profile.contains("/interviews/0190dddd-0000-7000-8000-000000000001/edit"), "and may change it");
    // Made an interviewer (say, while on the team they have left since): «Mine oppgaver» lists it too.
    w.s.execute(&format!(
        "INSERT INTO interview_interviewers (company_id, interview_id, user_id) SELECT company_id, id, \
         '{assignee}' FROM interviews WHERE id = '0190dddd-0000-7000-8000-000000000001'"
    ))
    .await;
    assert!(page(&w.other_agency, "/tasks").await.contains("Xylofonrommet"), "among their upcoming interviews");
    // The posting stays closed to them: no posting page, no board.
    for path in [format!("/jobs/{}", w.other), format!("/jobs/{}/board", w.other)] {
        assert_eq!(w.other_agency.page(&path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    assert!(!page(&w.other_agency, "/jobs").await.contains("Utvikler"));
    // The agency on the registration posting's team is not widened by someone else's assignment.
    assert!(!lists(&page(&w.agency, "/candidates").await, &w.only_other));

    // Unassigned: gone again, from the choices too.
    let unassigned = location(&assign(&w.admin, &dina, "").await);
    assert_eq!(unassigned, format!("/candidates/{}?unassigned=1#app-{dina}", w.only_other));
    let notice = page(&w.admin, unassigned.split('#').next().unwrap_or_default()).await;
    assert!(
        notice.contains("Tildelingen er fjernet.") && !notice.contains("Søknaden er tildelt."),
        "says what happened"
    );
    let list = page(&w.other_agency, "/candidates").await;
    assert!(!lists(&list, &w.only_other) && !offers_other().await);
    assert_eq!(w.other_agency.page(&format!("/candidates/{}", w.only_other)).await.0, StatusCode::NOT_FOUND);
}
