//! Employees, invitations and email delivery (article step 1), over HTTP and through a real SMTP server on
//! loopback. Runs against SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::{add_employee, link_path, location, parse_mail, user_id, Browser, Server, ADMIN_EMAIL};
use mail::testing::SmtpSink;
use reqwest::StatusCode;

const AGENCY_EMAIL: &str = "post@byraa-rekruttering.test";

async fn invite(admin: &Browser, first: &str, last: &str, email: &str, role: &str) -> reqwest::Response {
    admin
        .post_form(
            "/settings/employees/new",
            &[("first_name", first), ("last_name", last), ("email", email), ("role", role)],
        )
        .await
}

/// Delivers what is due and returns every message the sink has, parsed.
async fn deliver(s: &Server, sink: &SmtpSink) -> Vec<crate::support::Mail> {
    s.app.mailer().deliver_due().await.expect("delivery pass");
    sink.received().iter().map(|r| parse_mail(r.data.as_bytes())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn article_step_1_invite_the_agency_as_user_and_it_accepts() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;

    let (status, html) = admin.page("/settings/employees").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Inviter ansatt") && html.contains("Kari Nordmann"));
    let (_, form) = admin.page("/settings/employees/new").await;
    let shown = Page::parse(&form);
    let labels = shown.texts("label");
    for label in ["Fornavn", "Etternavn", "E-post", "Rolle"] {
        assert!(labels.contains(&label.into()), "invite form lacks {label}: {labels:?}");
    }
    let roles: Vec<String> = shown.options("select#f-role").into_iter().map(|(_, role)| role).collect();
    assert_eq!(roles, ["Administrator", "Rekrutterer", "Bruker"], "the invite form's roles");
    shown.assert_control("Send invitasjon");

    let r = invite(&admin, "Byrå", "Rekruttering Ærlig Østre", AGENCY_EMAIL, "user").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = admin.page(&location(&r)).await;
    assert!(list.contains("Invitasjonen er sendt til post@byraa-rekruttering.test."));
    let row = Page::parse(&list);
    let row = row.find("tbody tr", "Byrå Rekruttering Ærlig Østre");
    assert!(row.select("td").iter().any(|td| td.text() == "Bruker"), "{}", row.html());
    assert_eq!(row.select_one(".badge--invited").text(), "Invitert");
    assert_eq!(s.count("outbox").await, 1, "the email was queued with the invitation");

    let mails = deliver(&s, &sink).await;
    assert_eq!(mails.len(), 1);
    let m = &mails[0];
    assert_eq!(m.to, AGENCY_EMAIL);
    assert_eq!(m.content_type, "multipart/alternative");
    assert_eq!(m.subject, "Invitasjon til Fjordkraft AS i ansett");
    assert!(m.text.contains("Hei Byrå,") && m.text.contains("Kari Nordmann har invitert deg"), "{}", m.text);
    assert!(m.html.contains("Hei Byrå,") && m.html.contains("lang=\"nb\""));
    assert!(m.message_id.ends_with("@127.0.0.1") && m.has_date);
    assert_eq!(m.reply_to, ADMIN_EMAIL, "replies go to the inviting administrator");
    let link = link_path(&m.text, &s.base);
    assert!(link.starts_with("/invitations/") && link.len() == "/invitations/".len() + 64, "{link}");

    let agency = s.browser();
    let (status, page) = agency.page(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("Invitasjon til Fjordkraft AS")
            && page.contains("Gjenta passord")
            && page.contains("Opprett konto")
    );
    let r = agency.post_form(&link, &[("password", "et godt passord"), ("repeat", "et annet passord")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Passordene er ikke like."));
    let r = agency.post_form(&link, &[("password", "kort"), ("repeat", "kort")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = agency.post_form(&link, &[("password", "et godt passord"), ("repeat", "et godt passord")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/jobs");
    let (status, jobs) = agency.page("/jobs").await;
    assert_eq!(status, StatusCode::OK);
    assert!(jobs.contains("Byrå Rekruttering Ærlig Østre") && !jobs.contains("Bedriftsinnstillinger"));
    assert_eq!(agency.get("/settings/employees").await.status(), StatusCode::NOT_FOUND);

    // Single use.
    let (status, again) = s.browser().page(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(again.contains("Invitasjonen kan ikke brukes"));
    let r = s.browser().post_form(&link, &[("password", "et tredje passord"), ("repeat", "et tredje passord")]).await;
    assert_eq!(r.status(), StatusCode::GONE);

    let (_, list) = admin.page("/settings/employees").await;
    assert!(list.contains("badge--active\">Aktiv<") && !list.contains("badge--invited"));
    // And the new login works on its own.
    let later = s.browser();
    assert_eq!(later.sign_in(AGENCY_EMAIL, "et godt passord").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread")]
async fn invitations_follow_the_company_language_and_existing_users_language() {
    let s = Server::start().await;
    let en = s.browser_with_language("en");
    let r = en
        .post_form(
            "/setup",
            &[
                ("company_name", "Fjell Ltd"),
                ("first_name", "Ann"),
                ("last_name", "Lee"),
                ("email", "ann@fjell.test"),
                ("password", "0123456789ab"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = invite(&en, "Bo", "Berg", "bo@agency.test", "user").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, list) = en.page(&location(&r)).await;
    assert!(list.contains("The invitation has been sent"));
    let shown = Page::parse(&list);
    assert!(shown.texts("tbody td").contains(&"User".into()), "{}", shown.trimmed());
    assert!(shown.texts(".badge--invited").contains(&"Invited".into()), "{}", shown.trimmed());
    s.app.mailer().deliver_due().await.unwrap();
    let eml = std::fs::read_dir(s.db.data_dir.join("outbox")).unwrap().next().expect("an .eml file").unwrap().path();
    let m = parse_mail(&std::fs::read(&eml).unwrap());
    assert_eq!(m.subject, "Invitation to Fjell Ltd on ansett");
    assert!(m.text.contains("Hi Bo,") && m.text.contains("/invitations/"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_invitations_are_refused_and_change_nothing() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    invite(&admin, "Ola", "Byrå", "ola@agency.test", "user").await;
    let employees = s.count("employees").await;
    let emails = s.count("outbox").await;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("first_name", "K"), ("last_name", "N"), ("email", ADMIN_EMAIL), ("role", "user")],
            "Personen er allerede ansatt i bedriften.",
        ),
        (
            &[("first_name", "O"), ("last_name", "B"), ("email", "OLA@agency.test"), ("role", "user")],
            "Personen er allerede invitert.",
        ),
        (
            &[("first_name", "O"), ("last_name", "B"), ("email", "ola@"), ("role", "user")],
            "Skriv en gyldig e-postadresse",
        ),
        (&[("first_name", "O"), ("last_name", "B"), ("email", "x@agency.test"), ("role", "owner")], "Ugyldig verdi."),
        (
            &[("first_name", ""), ("last_name", &"x".repeat(101)), ("email", "y@agency.test"), ("role", "user")],
            "Høyst 100 tegn.",
        ),
    ];
    for (fields, message) in cases {
        let r = admin.post_form("/settings/employees/new", fields).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "{fields:?}: expected {message}");
        assert_eq!(Page::parse(&html).field_value("input[name=email]"), fields[2].1, "typed email kept");
    }
    assert_eq!(s.count("employees").await, employees);
    assert_eq!(s.count("outbox").await, emails);
    assert_eq!(s.count("invitations").await, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_revoked_and_replaced_links_do_nothing() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;
    invite(&admin, "Ola", "Byrå", "ola@agency.test", "user").await;
    let first = link_path(&deliver(&s, &sink).await[0].text, &s.base);

    // Resend: a new link, the old one dies.
    let id = user_id(&s, "ola@agency.test").await;
    let r = admin.post_form(&format!("/settings/employees/{id}/resend"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mails = deliver(&s, &sink).await;
    assert_eq!(mails.len(), 2);
    let second = link_path(&mails[1].text, &s.base);
    assert_ne!(first, second);
    assert_eq!(s.browser().get(&first).await.status(), StatusCode::GONE);
    assert_eq!(s.browser().get(&second).await.status(), StatusCode::OK);

    // Expired.
    s.execute("UPDATE invitations SET expires_at = 0").await;
    let b = s.browser();
    assert_eq!(b.get(&second).await.status(), StatusCode::GONE);
    let r = b.post_form(&second, &[("password", "et godt passord"), ("repeat", "et godt passord")]).await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(b.sign_in("ola@agency.test", "et godt passord").await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Revoked: the person is listed as deactivated and the link is dead.
    admin.post_form(&format!("/settings/employees/{id}/resend"), &[]).await;
    let third = link_path(&deliver(&s, &sink).await[2].text, &s.base);
    let r = admin.post_form(&format!("/settings/employees/{id}/revoke"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.browser().get(&third).await.status(), StatusCode::GONE);
    let (_, page) = admin.page(&format!("/settings/employees/{id}")).await;
    Page::parse(&page).assert_text(".badge--deactivated", "Deaktivert");
    // Reactivating someone who never joined invites them again.
    admin.post_form(&format!("/settings/employees/{id}/reactivate"), &[]).await;
    let fourth = link_path(&deliver(&s, &sink).await[3].text, &s.base);
    let r = s.browser().post_form(&fourth, &[("password", "et godt passord"), ("repeat", "et godt passord")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    for junk in
        ["/invitations/nonsense", "/invitations/00000000000000000000000000000000000000000000000000000000000000zz"]
    {
        assert_eq!(s.browser().get(junk).await.status(), StatusCode::GONE, "{junk}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn role_change_and_deactivation_take_effect_at_once() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::User, "ola@agency.test", "et langt passord").await;
    let ola = s.browser();
    ola.sign_in("ola@agency.test", "et langt passord").await;
    let id = user_id(&s, "ola@agency.test").await;

    let r = admin.post_form(&format!("/settings/employees/{id}/role"), &[("role", "administrator")]).await;
    assert_eq!(location(&r), format!("/settings/employees/{id}?saved=1"));
    let (status, _) = ola.page("/settings/employees").await;
    assert_eq!(status, StatusCode::OK, "the new role applies to the open session at once");
    let r = admin.post_form(&format!("/settings/employees/{id}/role"), &[("role", "recruiter")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(ola.get("/settings/employees").await.status(), StatusCode::NOT_FOUND);
    let r = admin.post_form(&format!("/settings/employees/{id}/role"), &[("role", "owner")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let r = admin.post_form(&format!("/settings/employees/{id}/deactivate"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&ola.get("/jobs").await), "/login?next=%2Fjobs", "the session ended");
    assert_eq!(ola.sign_in("ola@agency.test", "et langt passord").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = admin.post_form(&format!("/settings/employees/{id}/reactivate"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(ola.sign_in("ola@agency.test", "et langt passord").await.status(), StatusCode::SEE_OTHER);

    // Nobody changes themselves, so a company always keeps an active administrator.
    let me = user_id(&s, ADMIN_EMAIL).await;
    let r = admin.post_form(&format!("/settings/employees/{me}/deactivate"), &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("Du kan ikke endre din egen rolle eller status."));
    assert_eq!(admin.get("/jobs").await.status(), StatusCode::OK);

    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    let company = store::employees::active_memberships(&mut conn, &domain::UserId::parse(&me).unwrap()).await.unwrap()
        [0]
    .company_id
    .clone();
    let actions: Vec<String> =
        store::audit::recent(&mut conn, &company, 20).await.unwrap().into_iter().map(|a| a.0).collect();
    for a in ["employee.role_changed", "employee.deactivated", "employee.reactivated"] {
        assert!(actions.contains(&a.to_string()), "{a} audited: {actions:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn only_administrators_reach_employees_and_the_email_log() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::Recruiter, "r@fjordkraft.test", "et langt passord").await;
    let id = user_id(&s, ADMIN_EMAIL).await;
    let r = s.browser();
    r.sign_in("r@fjordkraft.test", "et langt passord").await;
    for path in
        ["/settings/employees", "/settings/employees/new", &format!("/settings/employees/{id}"), "/settings/email-log"]
    {
        assert_eq!(r.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let before = s.count("employees").await;
    let post = invite(&r, "X", "Y", "x@y.test", "administrator").await;
    assert_eq!(post.status(), StatusCode::NOT_FOUND);
    for action in ["role", "deactivate", "resend", "revoke", "reactivate"] {
        let p = r.post_form(&format!("/settings/employees/{id}/{action}"), &[("role", "user")]).await;
        assert_eq!(p.status(), StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(s.count("employees").await, before);
    assert_eq!(admin.get("/jobs").await.status(), StatusCode::OK, "the administrator was not touched");
    assert_eq!(admin.get("/settings/email-log").await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_login_in_two_companies_confirms_and_switches() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;
    add_employee(&s, domain::Role::User, "ola@agency.test", "ola sitt passord").await;
    // A second company on the same installation (as `ansett admin create-company` makes), inviting Ola too.
    let other = app::SetupInput {
        company_name: "Havbruk AS".into(),
        first_name: "Per".into(),
        last_name: "Hav".into(),
        email: "per@havbruk.test".into(),
        password: "pers lange passord".into(),
        language: domain::Language::Nb,
    };
    s.app.set_up_company(other, app::SetupMode::Operator).await.unwrap();
    let per = s.browser();
    per.sign_in("per@havbruk.test", "pers lange passord").await;
    let r = invite(&per, "Ola", "Byrå", "ola@agency.test", "user").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Havbruk's administrator sees only Havbruk's people.
    let (_, list) = per.page("/settings/employees").await;
    assert!(list.contains("Ola Byrå") && !list.contains("Kari Nordmann"));
    let kari_id = user_id(&s, ADMIN_EMAIL).await;
    assert_eq!(per.get(&format!("/settings/employees/{kari_id}")).await.status(), StatusCode::NOT_FOUND);

    let link = link_path(&deliver(&s, &sink).await[0].text, &s.base);
    let ola = s.browser();
    let (_, page) = ola.page(&link).await;
    assert!(page.contains("Du har allerede en konto") && !page.contains("Gjenta passord"));
    let r = ola.post_form(&link, &[("password", "feil passord her")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = ola.post_form(&link, &[("password", "ola sitt passord")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let (_, jobs) = ola.page("/jobs").await;
    assert!(
        jobs.contains("Havbruk AS") && jobs.contains("Bytt bedrift"),
        "signed in to the inviting company, switcher shown"
    );
    let fjordkraft = {
        let db = s.db().await;
        let mut conn = db.conn().await.unwrap();
        let ola_id = domain::UserId::parse(&user_id(&s, "ola@agency.test").await).unwrap();
        store::companies::active_for_user(&mut conn, &ola_id)
            .await
            .unwrap()
            .into_iter()
            .find(|c| c.name == "Fjordkraft AS")
            .unwrap()
            .id
    };
    let r = ola.post_form("/switch-company", &[("company", fjordkraft.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, jobs) = ola.page("/jobs").await;
    assert!(Page::parse(&jobs).texts("span.muted").contains(&"Fjordkraft AS".into()), "the company switched to");
    // A company the login does not belong to is not offered, and a forged switch is refused.
    let bogus = domain::CompanyId::generate();
    assert_eq!(ola.post_form("/switch-company", &[("company", bogus.as_str())]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(admin.get("/jobs").await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invitation_survives_smtp_being_down_and_goes_out_once_it_is_back() {
    let mut sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;
    sink.stop();
    let r = invite(&admin, "Ola", "Byrå", "ola@agency.test", "user").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the invitation is created even with SMTP down");
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 0);
    let (_, log) = admin.page("/settings/email-log").await;
    assert!(log.contains("badge--pending\">Venter<") && log.contains("ola@agency.test"), "the failure is visible");
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    let (attempts, error, next): (i64, Option<String>, i64) =
        sqlx::query_as("SELECT attempts, last_error, next_attempt_at FROM outbox").fetch_one(&mut *conn).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(error.is_some_and(|e| !e.is_empty()));
    assert!(next > store::now_ms(), "a retry is scheduled with backoff");
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 0, "not retried before its time");

    // The server answers again but refuses for now (4xx): still kept.
    sink.resume().await;
    sink.refuse(true);
    s.execute("UPDATE outbox SET next_attempt_at = 0").await;
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 0);
    sink.refuse(false);
    s.execute("UPDATE outbox SET next_attempt_at = 0").await;
    assert_eq!(s.app.mailer().deliver_due().await.unwrap(), 1);
    let received = sink.received();
    assert_eq!(received.len(), 1, "delivered exactly once");
    assert!(parse_mail(received[0].data.as_bytes()).text.contains("/invitations/"));
    let (_, log) = admin.page("/settings/email-log").await;
    Page::parse(&log).assert_text(".badge--sent", "Sendt");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_servers_deliver_every_email_exactly_once() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;
    for i in 0..30 {
        let email = format!("person{i}@agency.test");
        assert_eq!(invite(&admin, "P", &i.to_string(), &email, "user").await.status(), StatusCode::SEE_OTHER);
    }
    let other = s.second_app().await;
    let (a, b) = tokio::join!(s.app.mailer().deliver_due(), other.mailer().deliver_due());
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a + b, 30, "{a} + {b}");
    let received = sink.received();
    assert_eq!(received.len(), 30);
    let mut ids: Vec<String> = received.iter().map(|r| parse_mail(r.data.as_bytes()).message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 30, "no email twice");
}
