//! Issue 23, finding 8 (and finding 7's invisible characters): control characters typed into any text (U+0000–
//! U+001F but tab, line feed and carriage return; U+007F–U+009F) are stripped at input, the same way for every
//! field (`domain::validate::clean`), and no page or Atom feed ever writes a character HTML or XML forbids, even
//! from text stored before that. Bidirectional overrides and zero-width characters are stripped from names. Both
//! backends (`ANSETT_TEST_DATABASE`).

use crate::support::world::{api_key, candidate, PDF};
use crate::support::{location, scalar, send_application, user_id, Server, ADMIN_EMAIL};
use domain::validate::is_unprintable;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

/// Every control character input must not keep, with ordinary text around them.
const DIRTY: &str = "Før\u{0}\u{1}\u{8}\u{b}\u{c}\u{e}\u{1b}[31m\u{1f}\u{7f}\u{80}\u{85}\u{9f}etter";
const CLEAN: &str = "Før[31metter";

fn unprintable_in(text: &str) -> Vec<char> {
    text.chars().filter(|c| is_unprintable(*c)).collect()
}

async fn stored_texts(s: &Server, sql: &str) -> Vec<String> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar::<_, String>(sql).fetch_all(&mut *conn).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn control_characters_are_stripped_from_every_text_at_input() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let me = user_id(&s, ADMIN_EMAIL).await;

    // A posting's title and text through the staff form.
    let mut form = crate::support::registration(&me, &[&me], &[]);
    crate::support::set(&mut form, "title", &format!("Utvikler {DIRTY}"));
    crate::support::set(&mut form, "body", &format!("Linje {DIRTY}\n\nAvsnitt\tto\r\n"));
    crate::support::set(&mut form, "status", "published");
    crate::support::set(&mut form, "field_work_experience", "optional");
    let r = crate::support::post(&admin, "/jobs/new", &form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let posting = location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string();
    assert_eq!(scalar(&s, "SELECT title FROM postings").await, format!("Utvikler {CLEAN}"));
    assert_eq!(scalar(&s, "SELECT body FROM postings").await, format!("Linje {CLEAN}\n\nAvsnitt\tto"));

    // Names and answers through the public form; names also lose bidirectional overrides and zero-width marks.
    let form = Form::new()
        .text("first_name", format!("\u{202e}Ka\u{200b}ri\u{feff}{DIRTY}"))
        .text("last_name", "Nord\u{2066}mann\u{0}")
        .text("email", "kari@example.no")
        .text("work_experience", format!("Snekker {DIRTY}"))
        .text("consent", "yes")
        .part("cv", Part::bytes(PDF.to_vec()).file_name("cv.pdf"));
    let r = send_application(&s, &posting, form).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "applied");
    let id = candidate(&s, "kari@example.no").await;
    assert_eq!(
        scalar(&s, "SELECT first_name || '|' || last_name FROM candidates").await,
        format!("Kari{CLEAN}|Nordmann")
    );
    assert_eq!(scalar(&s, "SELECT work_experience FROM applications").await, format!("Snekker {CLEAN}"));

    // A note through the UI and one through the API.
    let r = admin.post_form(&format!("/candidates/{id}/notes"), &[("note", &format!("UI {DIRTY}"))]).await;
    assert!(r.status().is_redirection());
    let key = api_key(&admin).await;
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/candidates/{id}/notes", s.base))
        .bearer_auth(&key)
        .json(&serde_json::json!({ "body": format!("API {DIRTY}") }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let mut notes = stored_texts(&s, "SELECT body FROM notes").await;
    notes.sort();
    assert_eq!(notes, [format!("API {CLEAN}"), format!("UI {CLEAN}")]);
    // Nothing but control characters is nothing: required, and nothing is stored.
    let r = admin.post_form(&format!("/candidates/{id}/notes"), &[("note", "\u{0}\u{1b}\u{85}")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.count("notes").await, 2);

    // Every page and the feed are free of them.
    for path in [format!("/candidates/{id}"), format!("/jobs/{posting}"), "/candidates".to_string()] {
        let (status, html) = admin.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(unprintable_in(&html), Vec::<char>::new(), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn text_stored_before_the_fix_never_reaches_html_or_the_atom_feed() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let mut form = crate::support::registration(&me, &[&me], &[]);
    crate::support::set(&mut form, "status", "published");
    let r = crate::support::post(&admin, "/jobs/new", &form).await;
    let posting = location(&r).trim_start_matches("/jobs/").trim_end_matches("?created=1").to_string();
    // As an older version stored them (PostgreSQL's text cannot hold U+0000; every other one it can).
    let old = "Gammel\u{1}\u{1b}\u{7f}\u{85}\u{fffe} tekst";
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query("UPDATE postings SET title = $1, body = $2")
        .bind(old)
        .bind(format!("# {old}\n\n{old}"))
        .execute(&mut *conn)
        .await
        .unwrap();
    sqlx::query("UPDATE companies SET name = $1").bind(old).execute(&mut *conn).await.unwrap();
    drop(conn);
    let visitor = s.browser();
    let slug = scalar(&s, "SELECT slug FROM companies").await;
    for path in
        [format!("/careers/{slug}"), format!("/careers/{slug}/{posting}"), format!("/careers/{slug}/{posting}/apply")]
    {
        let (status, html) = visitor.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains("Gammel tekst"), "{path}: the text is shown, without what HTML forbids");
        assert_eq!(unprintable_in(&html), Vec::<char>::new(), "{path}");
    }
    for path in [format!("/jobs/{posting}"), "/jobs".to_string()] {
        let (status, html) = admin.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(unprintable_in(&html), Vec::<char>::new(), "{path}");
    }
    let r = visitor.get(&format!("/careers/{slug}/feed.xml")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let feed = r.text().await.unwrap();
    assert!(feed.contains("<title>Gammel tekst</title>"), "{feed}");
    assert_eq!(unprintable_in(&feed), Vec::<char>::new(), "the feed is well-formed XML: {feed}");
}
