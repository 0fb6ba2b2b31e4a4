//! Public careers pages and applications (article step 3), over HTTP: the link, `/apply`, CV upload checked by
//! content, consent, the confirmation email through a real SMTP server, and every refusal leaving nothing stored.
//! Runs against SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`).

use crate::support::html::{board_columns, Page};
use crate::support::{location, parse_mail, post, registration, set, user_id, Browser, Server, ADMIN_EMAIL};
use mail::testing::SmtpSink;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// Creates a posting from the article's registration form with `changes`; returns its public path.
async fn posting(s: &Server, admin: &Browser, changes: &[(&str, &str)]) -> String {
    let me = user_id(s, ADMIN_EMAIL).await;
    let mut form = registration(&me, &[&me], &[]);
    form.push(("question_text_0".into(), "Har du førerkort?".into()));
    form.push(("question_kind_0".into(), "yes_no".into()));
    form.push(("question_options_0".into(), String::new()));
    form.push(("question_required_0".into(), "on".into()));
    for (k, v) in changes {
        set(&mut form, k, v);
    }
    let r = post(admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let id = location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string();
    format!("/careers/fjordkraft-as/{id}")
}

fn application(email: &str) -> Form {
    Form::new()
        .text("first_name", "Bjørn")
        .text("last_name", "Ås")
        .text("email", email.to_string())
        .text("phone", "+47 912 34 567")
        .text("edu_school_0", "NTNU")
        .text("edu_degree_0", "Master")
        .text("edu_from_0", "2015")
        .text("edu_to_0", "2020")
        .text("question_0", "yes")
        .text("consent", "yes")
        .text("website", "")
        .text("utm_source", "byraa")
        .text("action", "submit")
        .part("cv", Part::bytes(PDF.to_vec()).file_name("Bjørn Ås CV.pdf").mime_str("application/pdf").unwrap())
}

async fn submit(b: &Browser, path: &str, form: Form) -> reqwest::Response {
    submit_forwarded(b, path, form, None).await
}

/// `submit` through a proxy that says the request came from `forwarded_for` (`X-Forwarded-For`).
async fn submit_forwarded(b: &Browser, path: &str, form: Form, forwarded_for: Option<&str>) -> reqwest::Response {
    let token = b.csrf().await;
    let mut request = b.client.post(b.url(&format!("{path}/apply?_csrf={token}"))).header("Origin", &b.base);
    if let Some(client) = forwarded_for {
        request = request.header("X-Forwarded-For", client);
    }
    request.multipart(form).send().await.expect("submit")
}

#[tokio::test(flavor = "multi_thread")]
async fn article_step_3_a_candidate_applies_through_the_link_and_lands_in_screening() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;

    let candidate = s.browser_with_language("en");
    let r = candidate.get(&format!("{path}?utm_source=byraa")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers().get("x-robots-tag").unwrap(), "noindex", "unlisted postings are not indexed");
    let page = r.text().await.unwrap();
    let shown = Page::parse(&page);
    assert_eq!(shown.lang(), "nb", "the posting's language, not the browser's");
    shown.assert_text("h1", "Registration");
    assert!(shown.texts("strong").contains(&"Fjordkraft".into()), "the body as HTML");
    shown.assert_link("Søk på stillingen", &format!("{path}/apply?utm_source=byraa"));
    assert_eq!(shown.attr("meta[name=robots]", "content"), "noindex");
    shown.assert_none("script[type='application/ld+json']");

    let (status, form) = candidate.page(&format!("{path}/apply")).await;
    assert_eq!(status, StatusCode::OK);
    for label in [
        "Fornavn",
        "Etternavn",
        "E-post",
        "Telefon",
        "CV",
        "Utdanning 1",
        "Skole/lærested",
        "Grad",
        "Fagfelt",
        "Karaktersnitt",
        "Fra år",
        "Til år",
        "Legg til utdanning",
        "Har du førerkort?",
        "Jeg samtykker",
        "Send søknad",
    ] {
        assert!(form.contains(label), "form lacks {label}");
    }
    assert!(!form.contains("Søknadsbrev") && !form.contains("Arbeidserfaring"), "hidden fields are absent");

    let r = submit(&candidate, &path, application("bjorn@example.no")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let receipt = location(&r);
    assert_eq!(receipt, format!("{path}/applied"));
    let (_, page) = candidate.page(&receipt).await;
    assert!(page.contains("Takk for søknaden"));

    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    let (step, source, education, answers): (String, String, String, String) = sqlx::query_as(
        "SELECT s.name, a.source_detail, a.education, a.answers FROM applications a JOIN pipeline_steps s ON s.id \
            = a.step_id",
    )
    .fetch_one(&mut *conn)
    .await
    .unwrap();
    assert_eq!(step, "Screening", "in the posting's first step");
    assert_eq!(source, r#"{"utm_source":"byraa"}"#);
    assert!(education.contains("NTNU") && education.contains("Master") && answers.contains("\"yes\""));
    let (filename, content_type, size, key): (String, String, i64, String) =
        sqlx::query_as("SELECT filename, content_type, size, storage_key FROM files")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
    assert_eq!(
        (filename.as_str(), content_type.as_str(), size),
        ("Bjørn Ås CV.pdf", "application/pdf", PDF.len() as i64)
    );
    assert_eq!(std::fs::read(s.db.data_dir.join("files").join(&key)).unwrap(), PDF, "stored outside the web root");

    s.app.mailer().deliver_due().await.unwrap();
    let mails: Vec<_> = sink.received().iter().map(|m| parse_mail(m.data.as_bytes())).collect();
    let confirmation = mails.iter().find(|m| m.to == "bjorn@example.no").expect("confirmation email");
    assert_eq!(confirmation.subject, "Takk for registreringen, Bjørn");
    assert!(
        confirmation.text.contains("Hei Bjørn Ås,")
            && confirmation.text.contains("vi har registrert deg hos Fjordkraft AS.")
            && confirmation.text.contains("Kari Nordmann")
    );
    assert_eq!(confirmation.reply_to, ADMIN_EMAIL, "replies reach the contact person");

    // The staff side sees the candidate counted in Screening.
    let id = path.rsplit('/').next().unwrap();
    let (_, board) = admin.page(&format!("/jobs/{id}/board")).await;
    let columns = board_columns(&board);
    assert!(columns.contains(&"Screening (1)".into()), "{columns:?}");
    let (_, list) = admin.page("/jobs").await;
    assert!(list.contains("Screening: 1 · Sourcet videre: 0"));
}

#[tokio::test(flavor = "multi_thread")]
async fn one_candidate_per_email_and_one_application_per_posting() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let first = posting(&s, &admin, &[]).await;
    let second = posting(&s, &admin, &[("title", "Utvikler"), ("status", "published")]).await;
    let b = s.browser();
    assert_eq!(location(&submit(&b, &first, application("bjorn@example.no")).await), format!("{first}/applied"));
    assert_eq!(location(&submit(&b, &second, application("Bjorn@Example.NO")).await), format!("{second}/applied"));
    assert_eq!(s.count("candidates").await, 1, "the same person, case-insensitively");
    assert_eq!(s.count("applications").await, 2);
    // The same answer as a first application (identity.rs: whether an address applied is not told to whoever
    // types it in); the first application stays, and the owner is emailed instead.
    let again = submit(&b, &first, application("BJORN@example.no")).await;
    assert_eq!(location(&again), format!("{first}/applied"));
    assert_eq!(
        (s.count("applications").await, s.count("files").await, s.count("outbox").await),
        (2, 2, 3),
        "nothing changed; one email to the owner"
    );
    let stored = std::fs::read_dir(s.db.data_dir.join("files"))
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .count();
    assert_eq!(stored, 2, "the refused duplicate's file was not kept");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_applications_are_refused_field_by_field_and_nothing_is_stored() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;
    let b = s.browser();
    let text = |f: Form, k: &str, v: &str| f.text(k.to_string(), v.to_string());
    let docx_bomb = {
        // A DOCX whose central directory declares a 4 GB entry: refused without unpacking.
        let mut out = Vec::new();
        {
            use std::io::Write;
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
            let o = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            w.start_file("[Content_Types].xml", o).unwrap();
            w.write_all(b"<Types/>").unwrap();
            w.start_file("word/document.xml", o).unwrap();
            w.write_all(b"<w/>").unwrap();
            w.finish().unwrap();
        }
        let cd = out.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        out[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        out
    };
    let cases: Vec<(Form, &str)> = vec![
        (Form::new().text("consent", "yes"), "Feltet må fylles ut."),
        (text(application("x@example.no"), "email", "bjorn@"), "Skriv en gyldig e-postadresse"),
        (text(application("x@example.no"), "phone", "ring meg"), "Skriv et gyldig telefonnummer"),
        (text(application("x@example.no"), "first_name", &"a".repeat(101)), "Høyst 100 tegn."),
        (application("x@example.no").text("website", "http://spam.example"), "Ugyldig verdi."),
        (
            application("x@example.no").part("cv", Part::bytes(b"<html>not a pdf</html>".to_vec()).file_name("cv.pdf")),
            "Filen er ikke det filnavnet sier.",
        ),
        (
            application("x@example.no").part("cv", Part::bytes(b"MZ".to_vec()).file_name("cv.exe")),
            "Last opp en PDF-, DOC-, DOCX- eller ODT-fil.",
        ),
        (
            application("x@example.no").part("cv", Part::bytes(docx_bomb).file_name("cv.docx")),
            "Filen ser ikke ut som et vanlig dokument",
        ),
        (
            application("x@example.no").part("cv", Part::bytes(vec![b'%'; 10 * 1024 * 1024 + 1]).file_name("cv.pdf")),
            "Filen er større enn 10 MB.",
        ),
    ];
    for (i, (form, message)) in cases.into_iter().enumerate() {
        let r = submit(&b, &path, form).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "case {i}");
        let html = r.text().await.unwrap();
        assert!(html.contains(message), "case {i}: expected «{message}»");
        assert!(html.contains("Skjemaet inneholder feil:"), "case {i}");
    }
    // Missing consent and required answers: every problem at once, and what was typed comes back.
    let form = Form::new().text("first_name", "Bjørn").text("email", "bjorn@example.no").text("edu_school_0", "NTNU");
    let r = submit(&b, &path, form).await;
    let html = r.text().await.unwrap();
    for message in [
        "Du må samtykke for å sende søknaden.",
        "Samtykke: ",
        "Etternavn: Feltet må fylles ut.",
        "CV: Feltet må fylles ut.",
        "Har du førerkort?: Feltet må fylles ut.",
    ] {
        assert!(html.contains(message), "expected «{message}»");
    }
    let shown = Page::parse(&html);
    assert_eq!(shown.field_value("input[name=first_name]"), "Bjørn", "typed values kept");
    assert_eq!(shown.field_value("input[name=edu_school_0]"), "NTNU", "typed values kept");
    let many = (0..11).fold(application("y@example.no"), |f, i| f.text(format!("edu_school_{i}"), "Skole"));
    assert_eq!(submit(&b, &path, many).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "too many education entries");
    assert_eq!(
        (s.count("candidates").await, s.count("applications").await, s.count("files").await, s.count("outbox").await),
        (0, 0, 0, 0)
    );
    assert!(
        !s.db.data_dir.join("files").exists()
            || std::fs::read_dir(s.db.data_dir.join("files"))
                .unwrap()
                .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
                .count()
                == 0
    );
    // Without our Origin and token, nothing happens either.
    let forged =
        b.client.post(b.url(&format!("{path}/apply"))).multipart(application("z@example.no")).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread")]
async fn careers_page_feed_and_status_rules() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let unlisted = posting(&s, &admin, &[("title", "Registrering")]).await;
    let published =
        posting(&s, &admin, &[("title", "Utvikler"), ("status", "published"), ("deadline", "2099-12-31")]).await;
    let draft = posting(&s, &admin, &[("title", "Hemmelig utkast"), ("status", "draft")]).await;
    let closed = posting(&s, &admin, &[("title", "Stengt stilling"), ("status", "closed")]).await;
    let expired = posting(&s, &admin, &[("title", "Utløpt"), ("status", "draft"), ("deadline", "2020-01-01")]).await;
    // A deadline that passed after publishing: set directly, as time would.
    s.execute("UPDATE postings SET status = 'published' WHERE title = 'Utløpt'").await;
    let b = s.browser();

    let (status, careers) = b.page("/careers/fjordkraft-as").await;
    assert_eq!(status, StatusCode::OK);
    assert!(careers.contains("Ledige stillinger hos Fjordkraft AS") && careers.contains("Utvikler"));
    assert!(careers.contains(&published), "linked: {careers}");
    assert!(careers.contains("2099"), "the deadline is shown: {careers}");
    for hidden in ["Registrering", "Hemmelig utkast", "Stengt stilling", "Utløpt"] {
        assert!(!careers.contains(hidden), "{hidden} is not on the careers page");
    }
    let feed = b.get("/careers/fjordkraft-as/feed.xml").await;
    assert!(feed.headers().get("content-type").unwrap().to_str().unwrap().starts_with("application/atom+xml"));
    let feed = feed.text().await.unwrap();
    assert!(feed.contains("<title>Utvikler</title>"));
    for hidden in ["Registrering", "Hemmelig utkast", "Stengt stilling", "Utløpt"] {
        assert!(!feed.contains(hidden), "{hidden} is not in the feed");
    }

    let page = b.get(&published).await.text().await.unwrap();
    let json = page.split("<script type=\"application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(ld["@type"], "JobPosting");
    assert_eq!(ld["title"], "Utvikler");
    assert_eq!(ld["hiringOrganization"]["name"], "Fjordkraft AS");
    assert_eq!(ld["employmentType"], "OTHER");
    assert_eq!(ld["validThrough"], "2099-12-31T23:59:59+01:00");
    assert_eq!(ld["directApply"], true);
    for key in ["description", "datePosted", "jobLocation", "identifier"] {
        assert!(!ld[key].is_null(), "{key}");
    }

    assert_eq!(b.get(&draft).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(b.get(&format!("{draft}/apply")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(submit(&b, &draft, application("a@example.no")).await.status(), StatusCode::NOT_FOUND);
    for gone in [&closed, &expired] {
        let page = b.get(gone).await.text().await.unwrap();
        assert!(page.contains("Stillingen er stengt for søknader") && !page.contains("Søk på stillingen"), "{gone}");
        let r = submit(&b, gone, application("a@example.no")).await;
        assert_eq!(r.status(), StatusCode::GONE);
        assert!(r.text().await.unwrap().contains("Stillingen er stengt for søknader"));
    }
    assert_eq!(s.count("applications").await, 0);
    // Another company's slug with this company's posting: not found.
    s.app
        .set_up_company(
            app::SetupInput {
                company_name: "Annen AS".into(),
                first_name: "A".into(),
                last_name: "B".into(),
                email: "a@annen.test".into(),
                password: "et langt passord".into(),
                language: domain::Language::Nb,
            },
            app::SetupMode::Operator,
        )
        .await
        .unwrap();
    let foreign = unlisted.replace("fjordkraft-as", "annen-as");
    assert_eq!(b.get(&foreign).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(submit(&b, &foreign, application("a@example.no")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(b.get("/careers/finnes-ikke").await.status(), StatusCode::NOT_FOUND);
    let (_, privacy) = b.page("/careers/fjordkraft-as/privacy").await;
    assert!(privacy.contains("Personvernerklæring") && privacy.contains("Fjordkraft AS er behandlingsansvarlig"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_burst_from_one_address_is_rate_limited() {
    let s = Server::builder().apply_limit(3).start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;
    let b = s.browser();
    for i in 0..3 {
        let r = submit(&b, &path, application(&format!("p{i}@example.no"))).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let r = submit(&b, &path, application("p9@example.no")).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap().contains("For mange forespørsler"));
    assert_eq!(s.count("applications").await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_trusted_proxy_the_limit_counts_each_forwarded_client() {
    let s = Server::builder().behind_proxy().apply_limit(2).start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;
    let b = s.browser();
    for i in 0..2 {
        let r = submit_forwarded(&b, &path, application(&format!("a{i}@example.no")), Some("203.0.113.1")).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let r = submit_forwarded(&b, &path, application("a9@example.no"), Some("203.0.113.1")).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "the first client has used its limit");
    // A second person behind the same load balancer is not held back by the first.
    let r = submit_forwarded(&b, &path, application("b0@example.no"), Some("203.0.113.2")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // What a client writes itself before the proxy's entry is not believed: the proxy's entry counts.
    let spoofed = "198.51.100.7, 203.0.113.1";
    let r = submit_forwarded(&b, &path, application("a10@example.no"), Some(spoofed)).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(s.count("applications").await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_trusted_proxies_x_forwarded_for_is_ignored() {
    let s = Server::builder().apply_limit(2).start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;
    let b = s.browser();
    for i in 0..3 {
        let forwarded = format!("203.0.113.{i}");
        let r = submit_forwarded(&b, &path, application(&format!("c{i}@example.no")), Some(&forwarded)).await;
        let expected = if i < 2 { StatusCode::SEE_OTHER } else { StatusCode::TOO_MANY_REQUESTS };
        assert_eq!(r.status(), expected, "application {i}: every one comes from the connection's own address");
    }
    assert_eq!(s.count("applications").await, 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_step_that_holds_candidates_cannot_be_removed() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;
    submit(&s.browser(), &path, application("bjorn@example.no")).await;
    let id = path.rsplit('/').next().unwrap();
    let me = user_id(&s, ADMIN_EMAIL).await;
    let (_, edit) = admin.page(&format!("/jobs/{id}/edit")).await;
    let step1 = edit.split("name=\"step_id_1\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    // Keep only step 2 ("Sourcet videre"): step 1 still holds Bjørn.
    let mut form: Vec<(String, String)> = registration(&me, &[&me], &[])
        .into_iter()
        .filter(|(k, _)| !k.ends_with("_0") || !k.starts_with("step_"))
        .collect();
    set(&mut form, "step_id_1", &step1);
    let r = post(&admin, &format!("/jobs/{id}/edit"), &form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("Et steg du fjernet har fortsatt kandidater."));
    assert_eq!(s.count("pipeline_steps").await, 2, "nothing removed");

    // Once Bjørn has moved on to the kept step, the step he left is empty (its kept count is 0) and can go,
    // count and all.
    let application = crate::support::scalar(&s, "SELECT id FROM applications").await;
    let r = admin.post_form(&format!("/applications/{application}/move"), &[("step", &step1)]).await;
    assert!(r.status().is_redirection(), "moved: {}", r.status());
    let r = post(&admin, &format!("/jobs/{id}/edit"), &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    assert_eq!(s.count("pipeline_steps").await, 1);
    let counted = crate::support::scalar(&s, "SELECT CAST(COUNT(DISTINCT step_id) AS TEXT) FROM step_counts").await;
    assert_eq!(counted, "1", "only the kept step's count is left");
}

#[tokio::test(flavor = "multi_thread")]
async fn administrators_write_the_privacy_notice_candidates_consent_to() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let (_, settings) = admin.page("/settings").await;
    assert!(settings.contains("Personvernerklæring (norsk)") && settings.contains("Personvernerklæring (engelsk)"));
    let too_long = "x".repeat(20_001);
    let r = admin
        .post_form("/settings", &[("company_name", "Nytt Navn AS"), ("privacy_nb", &too_long), ("privacy_en", "")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, settings) = admin.page("/settings").await;
    let name = Page::parse(&settings).field_value("input[name=company_name]");
    assert_eq!(name, "Fjordkraft AS", "a refused save changes nothing, not even the name");
    let r = admin
        .post_form(
            "/settings",
            &[
                ("company_name", "Fjordkraft AS"),
                ("privacy_nb", "Vår egen tekst.\n\nAndre avsnitt."),
                ("privacy_en", "Our own text."),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let b = s.browser();
    let (_, nb) = b.page("/careers/fjordkraft-as/privacy").await;
    let paragraphs = Page::parse(&nb).texts("p");
    assert!(paragraphs.contains(&"Vår egen tekst.".into()) && paragraphs.contains(&"Andre avsnitt.".into()));
    assert!(!nb.contains("behandlingsansvarlig"));
    b.post_form("/language", &[("lang", "en"), ("next", "/")]).await;
    let (_, en) = b.page("/careers/fjordkraft-as/privacy").await;
    assert!(Page::parse(&en).lang() == "en" && en.contains("Our own text."));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_form_keeps_what_was_typed_in_valid_html_and_its_summary_reaches_every_field() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let path = posting(&s, &admin, &[]).await;
    let visitor = s.browser();
    visitor.get(&path).await;
    let form = Form::new()
        .text("first_name", "Kari")
        .text("last_name", "Nordmann")
        .text("email", "kari@example.no")
        .text("linkedin", "ikke en adresse")
        .text("consent", "yes")
        .part("cv", Part::bytes(PDF.to_vec()).file_name("cv.pdf"));
    let r = submit(&visitor, &path, form).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    // What was typed comes back, but not into `type=url`, whose value must be a URL (the HTML validator's error).
    let shown = Page::parse(&html);
    let linkedin = "input[name=linkedin][type=text][inputmode=url]";
    assert_eq!(shown.field_value(linkedin), "ikke en adresse", "the LinkedIn field as typed");
    // The summary links to each field it names; the yes/no question's link lands on its group, which can take focus.
    shown.assert_has("a[href='#f-question_0']");
    shown.assert_has("#f-question_0[tabindex='-1']");
    assert_eq!(s.count("applications").await, 0);
}
