//! The route inventory (issue 23, "Proof"): every route the page router serves, read from its source, must have
//! rows in the visibility table below, and every row is asserted for each viewer — nobody, the company's
//! administrator, its recruiter, an agency on the registration posting's team, an agency on no team, another
//! company's administrator, and the assignee (a Bruker on no team who was handed Bjørn's registration application
//! with «Tildel til ansatt», ADR 0011 and 0020) — on both backends. A refused request must change nothing (the
//! database's text, byte for byte). A route added without deciding who may reach it fails here.

use crate::support::scan::fingerprint;
use crate::support::world::{
    api_get, application_of, email_template, foreign_posting_and_candidate, signed_in, world, World, PASSWORD,
};
use crate::support::{add_employee, hidden_csrf, location, user_id, Browser, Server};
use reqwest::StatusCode;

/// Allowed and not asserted here: a state-changing request that succeeds changes things; each feature's own tests
/// assert what it changes. Only GET rows (which change nothing) assert the allowed cells too.
const OK: u16 = 0;
/// Sent to sign in: 303 to `/login`.
const SIGN_IN: u16 = 1;

/// Viewers, in the order of each row's statuses.
const VIEWERS: [&str; 7] =
    ["nobody", "administrator", "recruiter", "agency on the team", "agency on no team", "foreign admin", "assignee"];

/// The assignee's login: a Bruker of a third agency, on no hiring team.
const ASSIGNEE_EMAIL: &str = "tildelt@byraa3.test";

/// The routes of `src/lib.rs`: (method, path pattern) for every `.route(…)`, methods read from its handler chain.
fn served_routes() -> Vec<(String, String)> {
    let source = include_str!("../../src/lib.rs");
    let mut routes = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(".route(") {
        rest = &rest[at + ".route(".len()..];
        // The call's own parentheses: up to the one that closes `.route(`.
        let mut depth = 1;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                depth == 0
            })
            .map(|(i, _)| i)
            .expect("a closed .route(");
        let call = &rest[..end];
        let path = call.split('"').nth(1).expect("a path literal").to_string();
        for method in ["get", "post", "put", "patch", "delete"] {
            let chained = call
                .match_indices(&format!("{method}("))
                .any(|(i, _)| i == 0 || !call[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':'));
            if chained {
                routes.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

struct Row {
    method: &'static str,
    pattern: &'static str,
    path: String,
    expect: [u16; 7],
}

fn get(pattern: &'static str, path: String, expect: [u16; 7]) -> Row {
    Row { method: "GET", pattern, path, expect }
}

fn post(pattern: &'static str, path: String, expect: [u16; 7]) -> Row {
    Row { method: "POST", pattern, path, expect }
}

fn put(pattern: &'static str, path: String, expect: [u16; 7]) -> Row {
    Row { method: "PUT", pattern, path, expect }
}

fn delete(pattern: &'static str, path: String, expect: [u16; 7]) -> Row {
    Row { method: "DELETE", pattern, path, expect }
}

struct Ids {
    reg_app: String,
    other_app: String,
    reg_file: String,
    other_file: String,
    note: String,
    agency_user: String,
    template: String,
    form: String,
    admin_key: String,
    tag: String,
    interview: String,
    webhook: String,
    delivery: String,
    foreign_posting: String,
    foreign_candidate: String,
}

/// The table. Each resource appears once where the agency may see it and once where it may not; "foreign" rows
/// carry another company's ids to this company's viewers. The registration application (`reg_app`: Bjørn in the
/// registration posting) is the assignee's; Bjørn's other application (`other_app`, in Utvikler) and Dina
/// (`only`) are not: the assignee reaches Bjørn, his registration application's files, triage, evaluation and
/// interviews, and nothing of either posting itself.
fn table(w: &World, ids: &Ids) -> Vec<Row> {
    let (reg, other, both, only) = (&w.registration, &w.other, &w.both, &w.only_other);
    let Ids { reg_app, other_app, reg_file, other_file, note, agency_user, template, form, admin_key, .. } = ids;
    let Ids { tag, interview, webhook, delivery, .. } = ids;
    let (fp, fc) = (&ids.foreign_posting, &ids.foreign_candidate);
    let c = "fjordkraft-as";
    let token = "0".repeat(64);
    // Statuses: [nobody, administrator, recruiter, agency on the team, agency on no team, foreign admin, assignee].
    let public = [200, 200, 200, 200, 200, 200, 200];
    let staff_page = [SIGN_IN, 200, 200, 200, 200, 200, 200];
    let admin_page = [SIGN_IN, 200, 404, 404, 404, 200, 404];
    let admin_action = [SIGN_IN, OK, 404, 404, 404, 404, 404];
    // The registration posting itself (its page, board, Arbeidsplassen): its team's, never the assignee's.
    let posting_visible = [SIGN_IN, 200, 200, 200, 404, 404, 404];
    let posting_hidden = [SIGN_IN, 200, 200, 404, 404, 404, 404];
    // The registration application and its candidate: seen by its team and by its assignee (`Action::View`).
    let assigned_visible = [SIGN_IN, 200, 200, 200, 404, 404, 200];
    // Work on them (`Action::Work`: move, evaluate, triage, tags, notes, interviews): the team and the assignee.
    let on_team = [SIGN_IN, OK, OK, OK, 404, 404, OK];
    let off_team = [SIGN_IN, OK, OK, 404, 404, 404, 404];
    // Another company's things: the foreign administrator's own cells are skipped (the fixture is written straight
    // into the database, not a whole posting).
    let foreign = [SIGN_IN, 404, 404, 404, 404, OK, 404];
    vec![
        get("/", "/".into(), [SIGN_IN, 303, 303, 303, 303, 303, 303]),
        get("/healthz", "/healthz".into(), public),
        get("/readyz", "/readyz".into(), public),
        // Set up once: afterwards the setup page sends everyone on, and its form is gone.
        get("/setup", "/setup".into(), [303, 303, 303, 303, 303, 303, 303]),
        post("/setup", "/setup".into(), [404; 7]),
        get("/login", "/login".into(), [200, 303, 303, 303, 303, 303, 303]),
        post("/login", "/login".into(), [422, OK, OK, OK, OK, OK, OK]),
        post("/logout", "/logout".into(), [303, OK, OK, OK, OK, OK, OK]),
        post("/language", "/language".into(), [303, OK, OK, OK, OK, OK, OK]),
        get("/jobs", "/jobs".into(), staff_page),
        post("/getting-started/dismiss", "/getting-started/dismiss".into(), [SIGN_IN, OK, 404, 404, 404, OK, 404]),
        get("/jobs/new", "/jobs/new".into(), [SIGN_IN, 200, 200, 404, 404, 200, 404]),
        post("/jobs/new", "/jobs/new".into(), [SIGN_IN, OK, OK, 404, 404, OK, 404]),
        get("/jobs/{id}", format!("/jobs/{reg}"), posting_visible),
        get("/jobs/{id}", format!("/jobs/{other}"), posting_hidden),
        get("/jobs/{id}", format!("/jobs/{fp}"), foreign),
        get("/jobs/{id}/edit", format!("/jobs/{reg}/edit"), [SIGN_IN, 200, 200, 404, 404, 404, 404]),
        post("/jobs/{id}/edit", format!("/jobs/{reg}/edit"), [SIGN_IN, OK, OK, 404, 404, 404, 404]),
        post("/jobs/{id}/edit", format!("/jobs/{fp}/edit"), foreign),
        get("/jobs/{id}/arbeidsplassen", format!("/jobs/{reg}/arbeidsplassen"), posting_visible),
        get("/jobs/{id}/arbeidsplassen", format!("/jobs/{other}/arbeidsplassen"), posting_hidden),
        get("/jobs/{id}/arbeidsplassen", format!("/jobs/{fp}/arbeidsplassen"), foreign),
        post("/jobs/{id}/arbeidsplassen", format!("/jobs/{reg}/arbeidsplassen"), [SIGN_IN, OK, OK, 404, 404, 404, 404]),
        post("/jobs/{id}/arbeidsplassen", format!("/jobs/{fp}/arbeidsplassen"), foreign),
        post(
            "/jobs/{id}/arbeidsplassen/publish",
            format!("/jobs/{reg}/arbeidsplassen/publish"),
            [SIGN_IN, OK, OK, 404, 404, 404, 404],
        ),
        post("/jobs/{id}/arbeidsplassen/publish", format!("/jobs/{fp}/arbeidsplassen/publish"), foreign),
        post(
            "/jobs/{id}/arbeidsplassen/stop",
            format!("/jobs/{reg}/arbeidsplassen/stop"),
            [SIGN_IN, OK, OK, 404, 404, 404, 404],
        ),
        post("/jobs/{id}/arbeidsplassen/stop", format!("/jobs/{fp}/arbeidsplassen/stop"), foreign),
        get("/jobs/{id}/board", format!("/jobs/{reg}/board"), posting_visible),
        get("/jobs/{id}/board", format!("/jobs/{other}/board"), posting_hidden),
        get("/candidates/{id}", format!("/candidates/{both}"), assigned_visible),
        get("/candidates/{id}", format!("/candidates/{only}"), posting_hidden),
        get("/candidates/{id}", format!("/candidates/{fc}"), foreign),
        post("/candidates/{id}/notes", format!("/candidates/{both}/notes"), on_team),
        post("/candidates/{id}/notes", format!("/candidates/{only}/notes"), off_team),
        post("/candidates/{id}/notes", format!("/candidates/{fc}/notes"), foreign),
        post(
            "/candidates/{id}/details/{application}/accept",
            format!("/candidates/{both}/details/{reg_app}/accept"),
            [SIGN_IN, OK, OK, 404, 404, 404, 404],
        ),
        get("/candidates/{id}/export", format!("/candidates/{both}/export"), [SIGN_IN, 200, 404, 404, 404, 404, 404]),
        post(
            "/candidates/{id}/talent-pool/withdraw",
            format!("/candidates/{both}/talent-pool/withdraw"),
            [SIGN_IN, OK, OK, 404, 404, 404, 404],
        ),
        get("/candidates/{id}/delete", format!("/candidates/{both}/delete"), [SIGN_IN, 200, 404, 404, 404, 404, 404]),
        post("/candidates/{id}/delete", format!("/candidates/{only}/delete"), [SIGN_IN, OK, 404, 404, 404, 404, 404]),
        post("/applications/{id}/move", format!("/applications/{reg_app}/move"), on_team),
        post("/applications/{id}/move", format!("/applications/{other_app}/move"), off_team),
        post("/applications/{id}/evaluate", format!("/applications/{reg_app}/evaluate"), on_team),
        post("/applications/{id}/evaluate", format!("/applications/{other_app}/evaluate"), off_team),
        // Rejecting, archiving and restoring manage the application (`Action::Manage`): a Bruker who sees it, on
        // its team or as its assignee, is told no.
        post(
            "/applications/{id}/reject",
            format!("/applications/{reg_app}/reject"),
            [SIGN_IN, OK, OK, 403, 404, 404, 403],
        ),
        post("/applications/{id}/reject", format!("/applications/{other_app}/reject"), off_team),
        post(
            "/applications/{id}/archive",
            format!("/applications/{reg_app}/archive"),
            [SIGN_IN, OK, OK, 403, 404, 404, 403],
        ),
        post("/applications/{id}/archive", format!("/applications/{other_app}/archive"), off_team),
        post(
            "/applications/{id}/restore",
            format!("/applications/{reg_app}/restore"),
            [SIGN_IN, OK, OK, 403, 404, 404, 403],
        ),
        post("/applications/{id}/restore", format!("/applications/{other_app}/restore"), off_team),
        post("/notes/{id}/edit", format!("/notes/{note}/edit"), [SIGN_IN, 404, 404, OK, 404, 404, 404]),
        post("/notes/{id}/delete", format!("/notes/{note}/delete"), [SIGN_IN, 404, 404, OK, 404, 404, 404]),
        get("/files/{id}", format!("/files/{reg_file}"), assigned_visible),
        get("/files/{id}", format!("/files/{other_file}"), posting_hidden),
        get("/files/{id}/preview", format!("/files/{reg_file}/preview"), assigned_visible),
        get("/files/{id}/preview", format!("/files/{other_file}/preview"), posting_hidden),
        get("/candidates", "/candidates".into(), staff_page),
        get("/candidates/export.csv", "/candidates/export.csv".into(), [SIGN_IN, 200, 200, 404, 404, 200, 404]),
        get("/candidates/postings", "/candidates/postings".into(), staff_page),
        // The Stilling filter offers the posting of an assigned application, and so its steps (ADR 0020).
        get("/candidates/steps", format!("/candidates/steps?stilling={reg}"), assigned_visible),
        get("/candidates/steps", format!("/candidates/steps?stilling={other}"), posting_hidden),
        post("/candidates/source", "/candidates/source".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        post("/candidates/move", "/candidates/move".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        post("/candidates/archive", "/candidates/archive".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        post("/candidates/email", "/candidates/email".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        get("/profile", "/profile".into(), staff_page),
        post("/profile", "/profile".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        get("/profile/api-keys", "/profile/api-keys".into(), staff_page),
        post("/profile/api-keys", "/profile/api-keys".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        post(
            "/profile/api-keys/{id}/revoke",
            format!("/profile/api-keys/{admin_key}/revoke"),
            [SIGN_IN, OK, 404, 404, 404, 404, 404],
        ),
        get("/settings", "/settings".into(), admin_page),
        post("/settings", "/settings".into(), admin_action_own()),
        post("/switch-company", "/switch-company".into(), [SIGN_IN, OK, OK, OK, OK, OK, OK]),
        get("/settings/employees", "/settings/employees".into(), admin_page),
        get("/settings/employees/new", "/settings/employees/new".into(), admin_page),
        post("/settings/employees/new", "/settings/employees/new".into(), admin_action_own()),
        get("/settings/employees/{id}", format!("/settings/employees/{agency_user}"), admin_resource()),
        post("/settings/employees/{id}/role", format!("/settings/employees/{agency_user}/role"), admin_action),
        post(
            "/settings/employees/{id}/{action}",
            format!("/settings/employees/{agency_user}/deactivate"),
            admin_action,
        ),
        get("/settings/email-log", "/settings/email-log".into(), admin_page),
        get("/settings/audit-log", "/settings/audit-log".into(), admin_page),
        post("/settings/audit-log", "/settings/audit-log".into(), admin_action_own()),
        get("/settings/privacy", "/settings/privacy".into(), admin_page),
        post("/settings/privacy", "/settings/privacy".into(), admin_action_own()),
        post("/settings/privacy/postpone", "/settings/privacy/postpone".into(), admin_action_own()),
        get("/settings/evaluation-forms", "/settings/evaluation-forms".into(), admin_page),
        get("/settings/evaluation-forms/new", "/settings/evaluation-forms/new".into(), admin_page),
        post("/settings/evaluation-forms/new", "/settings/evaluation-forms/new".into(), admin_action_own()),
        get("/settings/evaluation-forms/{id}", format!("/settings/evaluation-forms/{form}"), admin_resource()),
        post("/settings/evaluation-forms/{id}", format!("/settings/evaluation-forms/{form}"), admin_action),
        post(
            "/settings/evaluation-forms/{id}/delete",
            format!("/settings/evaluation-forms/{form}/delete"),
            admin_action,
        ),
        get("/settings/email-templates", "/settings/email-templates".into(), admin_page),
        get("/settings/email-templates/new", "/settings/email-templates/new".into(), admin_page),
        post("/settings/email-templates/new", "/settings/email-templates/new".into(), admin_action_own()),
        get("/settings/email-templates/{id}", format!("/settings/email-templates/{template}"), admin_resource()),
        post("/settings/email-templates/{id}", format!("/settings/email-templates/{template}"), admin_action),
        post(
            "/settings/email-templates/{id}/delete",
            format!("/settings/email-templates/{template}/delete"),
            admin_action,
        ),
        get("/invitations/{token}", format!("/invitations/{token}"), gone()),
        post("/invitations/{token}", format!("/invitations/{token}"), gone()),
        get("/careers/{slug}", format!("/careers/{c}"), public),
        get("/careers/{slug}/feed.xml", format!("/careers/{c}/feed.xml"), public),
        get("/careers/{slug}/privacy", format!("/careers/{c}/privacy"), public),
        get("/careers/{slug}/my-data", format!("/careers/{c}/my-data"), public),
        post("/careers/{slug}/my-data", format!("/careers/{c}/my-data"), [OK, OK, OK, OK, OK, OK, OK]),
        get("/careers/{slug}/my-data/open/{token}", format!("/careers/{c}/my-data/open/{token}"), gone()),
        get("/careers/{slug}/my-data/view", format!("/careers/{c}/my-data/view"), my_data_expired()),
        get("/careers/{slug}/my-data/view/download", format!("/careers/{c}/my-data/view/download"), my_data_expired()),
        post("/careers/{slug}/my-data/view/withdraw", format!("/careers/{c}/my-data/view/withdraw"), my_data_expired()),
        post(
            "/careers/{slug}/my-data/view/withdraw-consent",
            format!("/careers/{c}/my-data/view/withdraw-consent"),
            my_data_expired(),
        ),
        get("/careers/{slug}/my-data/view/delete", format!("/careers/{c}/my-data/view/delete"), my_data_expired()),
        post("/careers/{slug}/my-data/view/delete", format!("/careers/{c}/my-data/view/delete"), my_data_expired()),
        get("/careers/{slug}/{id}", format!("/careers/{c}/{other}"), public),
        get("/careers/{slug}/{id}", format!("/careers/annen-as/{other}"), [404; 7]),
        get("/careers/{slug}/{id}/apply", format!("/careers/{c}/{other}/apply"), public),
        post("/careers/{slug}/{id}/apply", format!("/careers/{c}/{other}/apply"), [OK; 7]),
        get("/careers/{slug}/{id}/applied", format!("/careers/{c}/{other}/applied"), public),
        get("/careers/{slug}/talent-pool/{token}", format!("/careers/{c}/talent-pool/{token}"), gone()),
        post("/careers/{slug}/talent-pool/{token}", format!("/careers/{c}/talent-pool/{token}"), gone()),
        // Daily recruiting work (issue 22): triage and tags by whoever may work on the application; assigning by
        // Administrators and Rekrutterere (a Bruker who sees the application, on its team or as its assignee, is told
        // no, 403); «Mine oppgaver».
        post("/applications/{id}/triage", format!("/applications/{reg_app}/triage"), on_team),
        post("/applications/{id}/triage", format!("/applications/{other_app}/triage"), off_team),
        post(
            "/applications/{id}/assign",
            format!("/applications/{reg_app}/assign"),
            [SIGN_IN, OK, OK, 403, 404, 404, 403],
        ),
        post(
            "/applications/{id}/assign",
            format!("/applications/{other_app}/assign"),
            [SIGN_IN, OK, OK, 404, 404, 404, 404],
        ),
        post("/candidates/assign", "/candidates/assign".into(), [SIGN_IN, OK, OK, 404, 404, OK, 404]),
        get("/tasks", "/tasks".into(), staff_page),
        post("/candidates/{id}/tags", format!("/candidates/{both}/tags"), on_team),
        post("/candidates/{id}/tags", format!("/candidates/{only}/tags"), off_team),
        post("/candidates/{id}/tags/{tag}/remove", format!("/candidates/{both}/tags/{tag}/remove"), on_team),
        post("/candidates/{id}/tags/{tag}/remove", format!("/candidates/{only}/tags/{tag}/remove"), off_team),
        get("/settings/tags", "/settings/tags".into(), admin_page),
        post("/settings/tags/{id}/rename", format!("/settings/tags/{tag}/rename"), admin_action),
        post("/settings/tags/{id}/merge", format!("/settings/tags/{tag}/merge"), admin_action),
        get("/applications/{id}/interviews/new", format!("/applications/{reg_app}/interviews/new"), assigned_visible),
        get("/applications/{id}/interviews/new", format!("/applications/{other_app}/interviews/new"), posting_hidden),
        post("/applications/{id}/interviews", format!("/applications/{reg_app}/interviews"), on_team),
        post("/applications/{id}/interviews", format!("/applications/{other_app}/interviews"), off_team),
        get("/interviews/{id}/edit", format!("/interviews/{interview}/edit"), assigned_visible),
        post("/interviews/{id}/edit", format!("/interviews/{interview}/edit"), on_team),
        get("/interviews/{id}/cancel", format!("/interviews/{interview}/cancel"), assigned_visible),
        post("/interviews/{id}/cancel", format!("/interviews/{interview}/cancel"), on_team),
        // Webhooks (issue 21): Administrators only.
        get("/settings/job-boards", "/settings/job-boards".into(), admin_page),
        post("/settings/job-boards", "/settings/job-boards".into(), admin_action_own()),
        get("/settings/webhooks", "/settings/webhooks".into(), admin_page),
        post("/settings/webhooks", "/settings/webhooks".into(), admin_action_own()),
        get("/settings/webhooks/{id}", format!("/settings/webhooks/{webhook}"), admin_resource()),
        post("/settings/webhooks/{id}/test", format!("/settings/webhooks/{webhook}/test"), admin_action),
        post("/settings/webhooks/{id}/rotate", format!("/settings/webhooks/{webhook}/rotate"), admin_action),
        post("/settings/webhooks/{id}/delete", format!("/settings/webhooks/{webhook}/delete"), admin_action),
        post(
            "/settings/webhooks/{id}/deliveries/{delivery}/resend",
            format!("/settings/webhooks/{webhook}/deliveries/{delivery}/resend"),
            admin_action,
        ),
        // What the careers pages publish for crawlers and other sites (issue 21): public, like the careers page.
        get("/robots.txt", "/robots.txt".into(), public),
        get("/careers/{slug}/sitemap.xml", format!("/careers/{c}/sitemap.xml"), public),
        get("/careers/{slug}/embed", format!("/careers/{c}/embed"), public),
        get("/careers/{slug}/embed.css", format!("/careers/{c}/embed.css"), public),
        get("/careers/{slug}/embed.js", format!("/careers/{c}/embed.js"), public),
        get("/careers/{slug}/embed", "/careers/ingen-slik/embed".into(), [404; 7]),
        get("/static/{file}", "/static/app.css".into(), public),
        get("/favicon.ico", "/favicon.ico".into(), public),
    ]
}

/// A company-wide admin action on one's own company: the foreign administrator acts on their own.
fn admin_action_own() -> [u16; 7] {
    [SIGN_IN, OK, 404, 404, 404, OK, 404]
}

/// An administrator's page about one of this company's things.
fn admin_resource() -> [u16; 7] {
    [SIGN_IN, 200, 404, 404, 404, 404, 404]
}

/// A single-use link that is not (or no longer) valid.
fn gone() -> [u16; 7] {
    [410; 7]
}

/// The self-service pages without their link's cookie: the link has expired.
fn my_data_expired() -> [u16; 7] {
    [410; 7]
}

/// The foreign company's administrator, signed in (their login is written straight into the database).
async fn foreign_admin(s: &Server) -> Browser {
    let hash = app::hash_password(PASSWORD.to_string()).await.unwrap();
    s.execute(&format!("UPDATE users SET password_hash = '{hash}' WHERE email = 'eier@annen.test'")).await;
    let b = s.browser();
    assert_eq!(b.sign_in("eier@annen.test", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    b
}

async fn arrange(w: &World) -> Ids {
    let (reg_app, reg_file) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, other_file) = application_of(&w.s, &w.both, &w.other).await;
    let r = w.agency.post_form(&format!("/candidates/{}/notes", w.both), &[("note", "Sterk kandidat")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let note = crate::support::scalar(&w.s, "SELECT id FROM notes").await;
    let template = email_template(&w.s, &w.admin, "Invitasjon", "Hei", "Hei {{candidate.first_name}}").await;
    let r =
        w.admin.post_form("/settings/evaluation-forms/new", &[("name", "Intervju"), ("criterion_0", "Faglig")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "evaluation form saved");
    let form = crate::support::scalar(&w.s, "SELECT id FROM evaluation_forms").await;
    let r = w.admin.post_form("/profile/api-keys", &[("key_name", "Integrasjon")]).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let admin_key = crate::support::scalar(&w.s, "SELECT id FROM api_keys").await;
    let r = w.admin.post_form(&format!("/candidates/{}/tags", w.both), &[("tag", "Java")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "tagged");
    let tag = crate::support::scalar(&w.s, "SELECT id FROM tags").await;
    let me = user_id(&w.s, crate::support::ADMIN_EMAIL).await;
    let day = domain::civil_time::local_day(store::now_ms()) + 7;
    let (y, m, d) = domain::civil_time::civil_from_days(day);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let fields = [
        ("date", date.as_str()),
        ("time", "10:00"),
        ("minutes", "45"),
        ("place", "Kontoret"),
        ("interviewers", me.as_str()),
        ("template", template.as_str()),
    ];
    let r = w.admin.post_form(&format!("/applications/{reg_app}/interviews"), &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "interview scheduled");
    let interview = crate::support::scalar(&w.s, "SELECT id FROM interviews").await;
    let hook = [("url", "https://93.184.216.34/hook"), ("event", "posting.published")];
    let r = w.admin.post_form("/settings/webhooks", &hook).await;
    assert_eq!(r.status(), StatusCode::CREATED, "webhook added");
    let webhook = crate::support::scalar(&w.s, "SELECT id FROM webhook_endpoints").await;
    let r = w.admin.post_form(&format!("/settings/webhooks/{webhook}/test"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "test event queued");
    let delivery = crate::support::scalar(&w.s, "SELECT id FROM webhook_deliveries").await;
    let foreign = foreign_posting_and_candidate(&w.s).await;
    // The assignee: a Bruker on no hiring team, handed the registration application and nothing else.
    add_employee(&w.s, domain::Role::User, ASSIGNEE_EMAIL, PASSWORD).await;
    let assignee = user_id(&w.s, ASSIGNEE_EMAIL).await;
    let r = w.admin.post_form(&format!("/applications/{reg_app}/assign"), &[("employee", &assignee)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "assigned");
    let assigned =
        format!("SELECT CAST(COUNT(*) AS TEXT) || ' ' || MIN(id) FROM applications WHERE assigned_to = '{assignee}'");
    assert_eq!(crate::support::scalar(&w.s, assigned).await, format!("1 {reg_app}"), "the assignee's one application");
    Ids {
        tag,
        interview,
        webhook,
        delivery,
        reg_app,
        other_app,
        reg_file,
        other_file,
        note,
        agency_user: user_id(&w.s, "byraa@agency.test").await,
        template,
        form,
        admin_key,
        foreign_posting: foreign.posting,
        foreign_candidate: foreign.candidate,
    }
}

/// Sends one row's request as `b`, a state-changing one with a valid token and an empty form.
async fn send(b: &Browser, row: &Row) -> reqwest::Response {
    if row.method == "GET" {
        return b.get(&row.path).await;
    }
    let token = match b.cookie("ansett_session") {
        Some(_) => hidden_csrf(&b.page("/profile").await.1).expect("a signed-in page carries the token"),
        None => b.csrf().await,
    };
    b.client
        .post(b.url(&row.path))
        .header("Origin", &b.base)
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .expect("POST")
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_is_in_the_visibility_table_and_every_cell_holds() {
    let w = world().await;
    let ids = arrange(&w).await;
    let foreign = foreign_admin(&w.s).await;
    let nobody = w.s.browser();
    let assignee = signed_in(&w.s, ASSIGNEE_EMAIL).await;
    let viewers: [&Browser; 7] = [&nobody, &w.admin, &w.recruiter, &w.agency, &w.other_agency, &foreign, &assignee];
    let rows = table(&w, &ids);

    let served = served_routes();
    assert!(served.len() > 80, "the parser finds the router's routes: {served:?}");
    let missing: Vec<String> = served
        .iter()
        .filter(|(m, p)| !rows.iter().any(|r| r.method == m && r.pattern == p))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(missing.is_empty(), "routes nobody decided the visibility of: {missing:?}");
    let stale: Vec<String> = rows
        .iter()
        .filter(|r| !served.iter().any(|(m, p)| r.method == m && r.pattern == p))
        .map(|r| format!("{} {}", r.method, r.pattern))
        .collect();
    assert!(stale.is_empty(), "rows for routes the router no longer serves: {stale:?}");

    // Refused requests first, between two fingerprints of the database: they must change nothing. The outbox's
    // delivery state and sessions change by themselves (the mail worker, sign-ins), and rate limits count
    // requests. Then the allowed pages (whose views may be audited, such as a CV download).
    let volatile = ["sessions", "outbox", "sign_in_failures", "rate_limits"];
    let cells: Vec<(&Row, usize, u16)> = rows
        .iter()
        .flat_map(|row| row.expect.iter().enumerate().map(move |(i, &want)| (row, i, want)))
        .filter(|&(_, _, want)| want != OK)
        .collect();
    let refused = |&(row, _, want): &(&Row, usize, u16)| {
        matches!(want, 403 | 404 | 410) || (want == SIGN_IN && row.method == "POST")
    };
    let before = fingerprint(&w.s, &volatile).await;
    let mut deviations = Vec::new();
    for pass in [true, false] {
        for &(row, i, want) in cells.iter().filter(|c| refused(c) == pass) {
            let r = send(viewers[i], row).await;
            let got = r.status().as_u16();
            let matches = if want == SIGN_IN { got == 303 && location(&r).starts_with("/login") } else { got == want };
            if !matches {
                deviations.push(format!("{} {} as {}: {} (want {})", row.method, row.path, VIEWERS[i], got, want));
            }
        }
        if pass {
            let after = fingerprint(&w.s, &volatile).await;
            let changed: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
            assert!(changed.is_empty(), "refused requests changed stored text: {changed:?}");
        }
    }
    assert!(deviations.is_empty(), "{} cells deviate:\n{}", deviations.len(), deviations.join("\n"));

    // Bjørn's other application (in Utvikler, not assigned) stays invisible to the assignee inside what they do
    // see: the profile shows the assigned application only, «Mine oppgaver» lists it alone, Kandidater has Bjørn
    // but not Dina.
    let (reg_app, other_app, other_file) = (&ids.reg_app, &ids.other_app, &ids.other_file);
    let (status, profile) = assignee.page(&format!("/candidates/{}", w.both)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(profile.contains(&format!("id=\"app-{reg_app}\"")), "the assigned application is shown: {profile}");
    for unseen in [other_app.as_str(), other_file.as_str(), w.other.as_str(), "Utvikler"] {
        assert!(!profile.contains(unseen), "the profile names {unseen} of the unassigned application: {profile}");
    }
    let (_, tasks) = assignee.page("/tasks").await;
    assert!(tasks.contains(&format!("#app-{reg_app}")), "«Mine oppgaver» lists the assignment: {tasks}");
    assert!(!tasks.contains(other_app.as_str()), "and nothing else: {tasks}");
    let (_, list) = assignee.page("/candidates").await;
    assert!(list.contains(&format!("href=\"/candidates/{}\"", w.both)), "Kandidater has Bjørn: {list}");
    assert!(!list.contains(w.only_other.as_str()), "not Dina: {list}");
}

/// The routes of `src/api/mod.rs`, as the API serves them (under `/api/v1`).
fn served_api_routes() -> Vec<(String, String)> {
    let source = include_str!("../../src/api/mod.rs");
    source
        .split(".route(\"")
        .skip(1)
        .flat_map(|call| {
            let path = call.split('"').next().unwrap_or_default().to_string();
            let handler = &call[path.len()..];
            let handler = &handler[..handler.find(".route(").unwrap_or(handler.len())];
            ["get", "post", "put", "patch", "delete"]
                .into_iter()
                .filter(|m| handler.contains(&format!("{m}(")))
                .map(|m| (m.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_api_route_is_in_the_visibility_table_and_every_cell_holds() {
    let w = world().await;
    let ids = arrange(&w).await;
    let foreign = foreign_admin(&w.s).await;
    let assignee = signed_in(&w.s, ASSIGNEE_EMAIL).await;
    let mut keys = vec![None];
    for b in [&w.admin, &w.recruiter, &w.agency, &w.other_agency, &foreign, &assignee] {
        keys.push(Some(crate::support::world::api_key(b).await));
    }
    let (reg, other, both, only) = (&w.registration, &w.other, &w.both, &w.only_other);
    let (reg_app, other_app, reg_file, other_file) = (&ids.reg_app, &ids.other_app, &ids.reg_file, &ids.other_file);
    let (tag, interview, webhook) = (&ids.tag, &ids.interview, &ids.webhook);
    // Statuses: [no key, administrator, recruiter, agency on the team, agency on no team, foreign admin, assignee].
    // As in the page table: the registration posting is its team's; its application `reg_app` (and Bjørn, its
    // files, its interviews) is its team's and its assignee's, to see and to work on.
    let signed = [401, 200, 200, 200, 200, 200, 200];
    let visible = [401, 200, 200, 200, 404, 404, 404];
    let assigned = [401, 200, 200, 200, 404, 404, 200];
    let hidden = [401, 200, 200, 404, 404, 404, 404];
    let on_team = [401, OK, OK, OK, 404, 404, OK];
    let off_team = [401, OK, OK, 404, 404, 404, 404];
    let rows = vec![
        get("/openapi.json", "/openapi.json".into(), [200; 7]),
        get("/postings", "/postings".into(), signed),
        get("/postings/{id}/applications", format!("/postings/{reg}/applications"), visible),
        get("/postings/{id}/applications", format!("/postings/{other}/applications"), hidden),
        get("/postings/{id}/arbeidsplassen", format!("/postings/{reg}/arbeidsplassen"), visible),
        get("/postings/{id}/arbeidsplassen", format!("/postings/{other}/arbeidsplassen"), hidden),
        get(
            "/postings/{id}/arbeidsplassen",
            format!("/postings/{}/arbeidsplassen", ids.foreign_posting),
            [401, 404, 404, 404, 404, OK, 404],
        ),
        put("/postings/{id}/arbeidsplassen", format!("/postings/{reg}/arbeidsplassen"), off_team),
        put("/postings/{id}/arbeidsplassen", format!("/postings/{other}/arbeidsplassen"), off_team),
        post("/postings/{id}/arbeidsplassen/publish", format!("/postings/{reg}/arbeidsplassen/publish"), off_team),
        post("/postings/{id}/arbeidsplassen/publish", format!("/postings/{other}/arbeidsplassen/publish"), off_team),
        get("/candidates/{id}", format!("/candidates/{both}"), assigned),
        get("/candidates/{id}", format!("/candidates/{only}"), hidden),
        get("/candidates/{id}", format!("/candidates/{}", ids.foreign_candidate), [401, 404, 404, 404, 404, OK, 404]),
        post("/candidates/{id}/notes", format!("/candidates/{both}/notes"), on_team),
        post("/candidates/{id}/notes", format!("/candidates/{only}/notes"), off_team),
        post("/applications/{id}/move", format!("/applications/{reg_app}/move"), on_team),
        post("/applications/{id}/move", format!("/applications/{other_app}/move"), off_team),
        post("/applications/{id}/evaluations", format!("/applications/{reg_app}/evaluations"), on_team),
        post("/applications/{id}/evaluations", format!("/applications/{other_app}/evaluations"), off_team),
        get("/files/{id}", format!("/files/{reg_file}"), assigned),
        get("/files/{id}", format!("/files/{other_file}"), hidden),
        post("/applications/{id}/triage", format!("/applications/{reg_app}/triage"), on_team),
        post("/applications/{id}/triage", format!("/applications/{other_app}/triage"), off_team),
        post(
            "/applications/{id}/assignment",
            format!("/applications/{reg_app}/assignment"),
            [401, OK, OK, 403, 404, 404, 403],
        ),
        post("/applications/{id}/assignment", format!("/applications/{other_app}/assignment"), off_team),
        post("/candidates/{id}/tags", format!("/candidates/{both}/tags"), on_team),
        post("/candidates/{id}/tags", format!("/candidates/{only}/tags"), off_team),
        delete("/candidates/{id}/tags/{tag}", format!("/candidates/{both}/tags/{tag}"), on_team),
        delete("/candidates/{id}/tags/{tag}", format!("/candidates/{only}/tags/{tag}"), off_team),
        get("/tags", "/tags".into(), signed),
        get("/applications/{id}/interviews", format!("/applications/{reg_app}/interviews"), assigned),
        get("/applications/{id}/interviews", format!("/applications/{other_app}/interviews"), hidden),
        post("/applications/{id}/interviews", format!("/applications/{reg_app}/interviews"), on_team),
        post("/applications/{id}/interviews", format!("/applications/{other_app}/interviews"), off_team),
        post("/interviews/{id}/move", format!("/interviews/{interview}/move"), on_team),
        post("/interviews/{id}/cancel", format!("/interviews/{interview}/cancel"), on_team),
        get("/webhooks", "/webhooks".into(), [401, 200, 404, 404, 404, 200, 404]),
        post("/webhooks", "/webhooks".into(), [401, OK, 404, 404, 404, OK, 404]),
        delete("/webhooks/{id}", format!("/webhooks/{webhook}"), [401, OK, 404, 404, 404, 404, 404]),
    ];
    let served = served_api_routes();
    assert!(served.len() >= 8, "the parser finds the API's routes: {served:?}");
    let missing: Vec<String> = served
        .iter()
        .filter(|(m, p)| !rows.iter().any(|r| r.method == m && r.pattern == p))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(missing.is_empty(), "API routes nobody decided the visibility of: {missing:?}");

    // A well-formed body for each write, so that what is refused is the reach, not the shape.
    let step = crate::support::world::step_of(&w.s, reg, "Sourcet videre").await;
    let well_formed = |pattern: &str| match pattern {
        "/candidates/{id}/notes" => serde_json::json!({ "body": "snoking" }),
        "/applications/{id}/move" => serde_json::json!({ "step_id": step }),
        "/applications/{id}/evaluations" => serde_json::json!({ "recommendation": "yes" }),
        "/applications/{id}/triage" => serde_json::json!({ "triage": "starred" }),
        "/applications/{id}/assignment" => serde_json::json!({ "employee_id": null }),
        "/candidates/{id}/tags" => serde_json::json!({ "name": "snoking" }),
        "/applications/{id}/interviews" => serde_json::json!({
            "date": "2099-01-05", "time": "10:00", "minutes": 30, "place": "Kontoret",
            "interviewer_ids": [step.clone()], "template_id": step.clone(),
        }),
        "/interviews/{id}/move" => serde_json::json!({
            "date": "2099-01-05", "time": "10:00", "minutes": 30, "place": "Kontoret",
                "interviewer_ids": [step.clone()],
        }),
        "/webhooks" => serde_json::json!({ "url": "https://93.184.216.34/x", "events": ["posting.published"] }),
        "/interviews/{id}/cancel" => serde_json::json!({}),
        "/postings/{id}/arbeidsplassen" => serde_json::json!({ "orgnr": "974760673", "positions": 2 }),
        "/postings/{id}/arbeidsplassen/publish" => serde_json::json!({}),
        other => panic!("no body for {other}"),
    };
    let volatile = ["sessions", "outbox", "sign_in_failures", "rate_limits", "api_keys"];
    let before = fingerprint(&w.s, &volatile).await;
    let client = reqwest::Client::new();
    let mut deviations = Vec::new();
    // Refused writes first (then the fingerprint), then the reads.
    for writes in [true, false] {
        for row in rows.iter().filter(|r| (r.method != "GET") == writes) {
            for (i, key) in keys.iter().enumerate() {
                let want = row.expect[i];
                if want == OK {
                    continue;
                }
                let url = format!("{}/api/v1{}", w.s.base, row.path);
                let request = match row.method {
                    "GET" => client.get(url),
                    "DELETE" => client.delete(url),
                    "PUT" => client.put(url).json(&well_formed(row.pattern)),
                    _ => client.post(url).json(&well_formed(row.pattern)),
                };
                let request = match key {
                    Some(k) => request.bearer_auth(k),
                    None => request,
                };
                let got = request.send().await.expect("API request").status().as_u16();
                if got != want {
                    deviations.push(format!("{} {} as {}: {} (want {})", row.method, row.path, VIEWERS[i], got, want));
                }
            }
        }
        if writes {
            let after = fingerprint(&w.s, &volatile).await;
            let changed: Vec<&String> = after.iter().filter(|l| !before.contains(l)).collect();
            assert!(changed.is_empty(), "refused API writes changed stored text: {changed:?}");
        }
    }
    assert!(deviations.is_empty(), "{} cells deviate:\n{}", deviations.len(), deviations.join("\n"));

    // Bjørn as the assignee reads him: the assigned application only, not his other one; and no posting at all.
    let key = keys[6].as_deref().expect("the assignee's key");
    let candidate: serde_json::Value = api_get(&w, key, &format!("/candidates/{both}")).await.json().await.unwrap();
    let shown: Vec<&str> =
        candidate["applications"].as_array().expect("applications").iter().filter_map(|a| a["id"].as_str()).collect();
    assert_eq!(shown, [reg_app.as_str()], "the assigned application only: {candidate}");
    assert!(!candidate.to_string().contains(other_app.as_str()), "nothing of the other application: {candidate}");
    let postings: serde_json::Value = api_get(&w, key, "/postings").await.json().await.unwrap();
    assert_eq!(postings["postings"], serde_json::json!([]), "no posting is the assignee's to list: {postings}");
}
