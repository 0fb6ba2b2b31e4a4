//! The first five minutes: the setup page's language choice, «Kom i gang» after setup (each step ticked off by the
//! company's state, dismissed for good per person and company), Bedriftsinnstillinger in the main menu, /setup
//! after setup, the icon. Runs against SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`).

use crate::support::html::{Element, Page};
use crate::support::{
    add_employee, apply_to, create_posting, location, pdf_with_text, post, registration, set, user_id, Applicant,
    Browser, Server, ADMIN_EMAIL, ADMIN_PASSWORD,
};
use reqwest::StatusCode;

const STEPS: [&str; 5] = [
    "Inviter kolleger",
    "Opprett den første stillingsannonsen",
    "Karrieresiden",
    "Bedriftsinnstillinger og personvernerklæring",
    "Prøv med demodata",
];

/// The «Kom i gang» step titled `title`: its list item.
fn step<'a>(page: &'a Page, title: &str) -> Element<'a> {
    page.select("li.start__step")
        .into_iter()
        .find(|li| li.text().contains(title))
        .unwrap_or_else(|| panic!("no step {title} in the panel:\n{}", page.trimmed()))
}

fn done(page: &Page, title: &str) -> bool {
    let li = step(page, title);
    let ticked = li.has_class("start__step--done");
    assert_eq!(ticked, li.text().contains("✓ Gjort"), "{title}: the tick and its words agree");
    ticked
}

fn has_panel(html: &str) -> bool {
    Page::parse(html).texts("h2#start-heading") == ["Kom i gang"]
}

/// Which of the five steps are ticked off, in order.
async fn ticks(admin: &Browser) -> Vec<bool> {
    let (status, html) = admin.page("/jobs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(has_panel(&html), "the panel is shown:\n{html}");
    let page = Page::parse(&html);
    let ticks: Vec<bool> = STEPS.iter().map(|t| done(&page, t)).collect();
    let n = ticks.iter().filter(|t| **t).count();
    assert!(html.contains(&format!("{n} av 5 gjort")), "the count says {n}");
    ticks
}

#[tokio::test(flavor = "multi_thread")]
async fn setup_lands_on_the_getting_started_panel_instead_of_an_empty_list() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let r = admin.get("/").await;
    assert_eq!(location(&r), "/jobs");
    let (_, html) = admin.page("/jobs").await;
    assert!(has_panel(&html));
    assert!(!html.contains("Ingen stillingsannonser ennå."), "the panel says what to do instead");
    assert_eq!(ticks(&admin).await, [false; 5]);
    // Each step says where it lives, with real links.
    let page = Page::parse(&html);
    let invite = step(&page, "Inviter kolleger");
    assert_eq!(invite.select_one("a[href='/settings/employees/new']").text(), "Inviter kolleger");
    assert!(invite.text().contains("Bedriftsinnstillinger → Ansatte"));
    let first = step(&page, "Opprett den første").select_one("a[href='/jobs/new']");
    assert_eq!(first.text(), "Opprett den første stillingsannonsen");
    let careers = format!("{}/careers/fjordkraft-as", s.base);
    let link = step(&page, "Karrieresiden").select_one(&format!("a.start__url[href='{careers}']"));
    assert_eq!(link.text(), careers, "the careers page as candidates reach it");
    assert_eq!(admin.get("/careers/fjordkraft-as").await.status(), StatusCode::OK, "the link leads somewhere");
    step(&page, "personvernerklæring").select_one("a[href='/settings']");
    let codes: Vec<String> = step(&page, "demodata").select("code").iter().map(|c| c.text()).collect();
    assert!(codes.contains(&"ansett demo-data --company fjordkraft-as --candidates 200".into()), "{codes:?}");
    let dismiss = page.select_one("form[method=post][action='/getting-started/dismiss']");
    assert_eq!(dismiss.select_one("button").text(), "Skjul veiledningen");

    // In English for an English administrator.
    admin.post_form("/language", &[("lang", "en"), ("next", "/jobs")]).await;
    let (_, html) = admin.page("/jobs").await;
    let page = Page::parse(&html);
    page.assert_text("h2#start-heading", "Get started");
    assert!(html.contains("0 of 5 done"));
    for title in ["Invite colleagues", "Create the first job posting", "The careers page", "Try it with demo data"] {
        assert!(step(&page, title).text().contains("Not done yet"), "{title}");
    }
    page.assert_text("form[action='/getting-started/dismiss'] button", "Hide this guide");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_step_ticks_itself_off_from_the_company_state() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    assert_eq!(ticks(&admin).await, [false; 5]);

    // 1. A colleague invited (not yet accepted) is the step done.
    let r = admin
        .post_form(
            "/settings/employees/new",
            &[("first_name", "Ola"), ("last_name", "Hansen"), ("email", "ola@fjordkraft.test"), ("role", "recruiter")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(ticks(&admin).await, [true, false, false, false, false]);

    // 2. A posting that is not published yet: the posting, not the careers page.
    let posting = create_posting(&s, &admin, "Registrering", &[]).await;
    assert_eq!(ticks(&admin).await, [true, true, false, false, false]);

    // 3. Published: the careers page shows something now.
    let me = user_id(&s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[], &[]);
    set(&mut form, "title", "Lagermedarbeider");
    set(&mut form, "status", "published");
    assert_eq!(post(&admin, "/jobs/new", &form).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(ticks(&admin).await, [true, true, true, false, false]);

    // 4. Saving settings without a privacy notice of their own is not the step; writing one is.
    let r = admin
        .post_form("/settings", &[("company_name", "Fjordkraft AS"), ("privacy_nb", " "), ("privacy_en", "")])
        .await;
    assert_eq!(location(&r), "/settings?saved=1");
    assert_eq!(ticks(&admin).await, [true, true, true, false, false]);
    let r = admin
        .post_form("/settings", &[("company_name", "Fjordkraft AS"), ("privacy_nb", ""), ("privacy_en", "We keep it.")])
        .await;
    assert_eq!(location(&r), "/settings?saved=1");
    assert_eq!(ticks(&admin).await, [true, true, true, true, false]);

    // 5. Candidates (demo data, or the first application).
    let cv = pdf_with_text("Erfaren lagermedarbeider");
    apply_to(&s, &posting, Applicant { first: "Åse", last: "Berg", email: "ase@example.no", phone: "", cv }).await;
    assert_eq!(ticks(&admin).await, [true; 5]);
    let (_, html) = admin.page("/jobs").await;
    assert!(html.contains("Alt er gjort. Du kan skjule veiledningen."));
    Page::parse(&html).assert_has("a[href^='/jobs/']"); // the postings are listed under the panel
}

#[tokio::test(flavor = "multi_thread")]
async fn dismissing_hides_the_panel_for_good_for_that_administrator_only() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::Recruiter, "rekrutterer@fjordkraft.test", "et langt passord").await;

    // Other roles never see it, and cannot dismiss it for anyone.
    let recruiter = s.browser();
    recruiter.sign_in("rekrutterer@fjordkraft.test", "et langt passord").await;
    let (_, html) = recruiter.page("/jobs").await;
    assert!(!has_panel(&html) && !html.contains("/getting-started/dismiss"));
    assert!(html.contains("Ingen stillingsannonser ennå."), "the empty list as before");
    assert_eq!(recruiter.post_form("/getting-started/dismiss", &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(s.count("getting_started_dismissed").await, 0);

    // Not without our token.
    let forged =
        admin.client.post(admin.url("/getting-started/dismiss")).header("Origin", &admin.base).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(has_panel(&admin.page("/jobs").await.1));

    // A second administrator keeps theirs when the first dismisses.
    add_employee(&s, domain::Role::Administrator, "per@fjordkraft.test", "et langt passord").await;
    let second = s.browser();
    second.sign_in("per@fjordkraft.test", "et langt passord").await;

    let r = admin.post_form("/getting-started/dismiss", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/jobs");
    let (_, html) = admin.page("/jobs").await;
    assert!(!has_panel(&html));
    assert!(html.contains("Ingen stillingsannonser ennå."), "without the panel, the empty list says so");
    // Twice is once.
    assert_eq!(admin.post_form("/getting-started/dismiss", &[]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.count("getting_started_dismissed").await, 1);

    // Kept in the database, not the session: signing in anew, it stays hidden.
    let again = s.browser();
    assert_eq!(again.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await.status(), StatusCode::SEE_OTHER);
    assert!(!has_panel(&again.page("/jobs").await.1));
    assert!(has_panel(&second.page("/jobs").await.1), "the other administrator still has theirs");
}

#[tokio::test(flavor = "multi_thread")]
async fn company_settings_is_in_the_main_menu_for_administrators() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let (_, html) = admin.page("/jobs").await;
    let page = Page::parse(&html);
    let nav = page.select_one("nav.mainnav a[href='/settings']");
    assert_eq!((nav.text(), nav.attr("aria-current")), ("Bedriftsinnstillinger".into(), None));
    // Still behind the picture too, where the help article says to find it.
    let menu = page.select_one("#user-menu a[href='/settings']");
    assert_eq!((menu.text(), menu.attr("aria-current")), ("Bedriftsinnstillinger".into(), None));
    for path in ["/settings", "/settings/employees", "/settings/email-log", "/settings/email-templates"] {
        let (_, html) = admin.page(path).await;
        let texts = Page::parse(&html).texts("a[href='/settings'][aria-current=page]");
        assert!(
            texts.contains(&"Bedriftsinnstillinger".to_string()),
            "{path} marks Bedriftsinnstillinger as where we are"
        );
    }
    add_employee(&s, domain::Role::Recruiter, "rekrutterer@fjordkraft.test", "et langt passord").await;
    let recruiter = s.browser();
    recruiter.sign_in("rekrutterer@fjordkraft.test", "et langt passord").await;
    let (_, html) = recruiter.page("/jobs").await;
    assert!(!html.contains("Bedriftsinnstillinger"));
}

#[tokio::test(flavor = "multi_thread")]
async fn setup_asks_for_the_language_preselected_from_the_browser() {
    let s = Server::start().await;
    let english = s.browser_with_language("en-GB,en;q=0.9");
    let (_, html) = english.page("/setup").await;
    let page = Page::parse(&html);
    assert!(page.texts("legend").contains(&"Language".to_string()), "a group named Language");
    let checked = |page: &Page, language: &str| {
        page.select_one(&format!("input#f-language-{language}[name=language][value={language}]"))
            .attr("checked")
            .is_some()
    };
    assert!(checked(&page, "en") && !checked(&page, "nb"), "English preselected");
    assert!(html.contains("Chosen from your browser"), "the page says where the choice came from");
    let (_, html) = s.browser().page("/setup").await;
    let page = Page::parse(&html);
    assert!(page.texts("legend").contains(&"Språk".to_string()));
    assert!(checked(&page, "nb"));

    // An unknown language is refused, naming the field, and creates nothing.
    let fields = |language: &'static str| {
        vec![
            ("company_name", "Fjordkraft AS"),
            ("first_name", "Kari"),
            ("last_name", "Nordmann"),
            ("email", ADMIN_EMAIL),
            ("password", ADMIN_PASSWORD),
            ("language", language),
        ]
    };
    let r = english.post_form("/setup", &fields("sv")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    let page = Page::parse(&html);
    page.select_one("#f-language-error");
    page.assert_has("a[href='#f-language-nb']"); // the error summary leads to the choice
    assert_eq!(page.field_value("input[name=company_name]"), "Fjordkraft AS", "what was typed is kept");
    assert_eq!(s.count("companies").await, 0);

    // An English browser choosing Norsk makes a Norwegian administrator and company.
    let r = english.post_form("/setup", &fields("nb")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let (_, html) = english.page("/jobs").await;
    let page = Page::parse(&html);
    assert_eq!(page.lang(), "nb");
    page.assert_text("h1", "Stillinger");
    let elsewhere = s.browser_with_language("en");
    elsewhere.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let lang = Page::parse(&elsewhere.page("/jobs").await.1).lang();
    assert_eq!(lang, "nb", "saved as the administrator's language");
    let (_, careers) = s.browser_with_language("en").page("/careers/fjordkraft-as").await;
    assert_eq!(Page::parse(&careers).lang(), "nb", "and the company's");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_english_choice_makes_an_english_administrator() {
    let s = Server::start().await;
    let norwegian = s.browser();
    let r = norwegian
        .post_form(
            "/setup",
            &[
                ("company_name", "Harbour Ltd"),
                ("first_name", "Emma"),
                ("last_name", "Smith"),
                ("email", "emma@harbour.test"),
                ("password", "correct horse battery"),
                ("language", "en"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = norwegian.page("/jobs").await;
    let page = Page::parse(&html);
    assert_eq!(page.lang(), "en");
    page.assert_text("h2#start-heading", "Get started");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_has_an_icon() {
    let s = Server::start().await;
    let b = s.browser();
    for path in ["/favicon.ico", "/static/favicon.svg"] {
        let r = b.get(path).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()["content-type"], "image/svg+xml", "{path}");
        assert!(r.text().await.unwrap().starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{path}");
    }
    let (_, html) = b.page("/setup").await;
    Page::parse(&html).assert_has("head link[rel=icon][href='/static/favicon.svg'][type='image/svg+xml']");
}
