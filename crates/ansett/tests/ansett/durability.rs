//! Nothing acknowledged is lost: an application the server answered with the receipt survives `kill -9` of the
//! server right after — the application, its file and its queued confirmation email are all there on restart.
//! Runs against SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`).

use crate::support::{browser, company_with_posting, csrf, serve};
use store::testing::TestDatabase;
use tokio::process::Command;

/// SMTP that never answers: the confirmation email must wait in the outbox.
const NO_SMTP: &[&str] = &["--smtp-url", "smtp://127.0.0.1:9"];

/// A PDF of about 200 KB, like a real CV.
fn cv() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    while pdf.len() < 200 * 1024 {
        pdf.extend_from_slice(b"% padding padding padding padding padding padding padding padding\n");
    }
    pdf.extend_from_slice(b"%%EOF\n");
    pdf
}

#[tokio::test]
async fn an_answered_application_survives_kill_9() {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;

    let (mut server, url) = serve(&db, NO_SMTP).await;
    let (client, jar) = browser();
    let path = format!("{url}/careers/varig-as/{posting}");
    assert_eq!(client.get(format!("{path}/apply")).send().await.expect("form").status(), 200);
    let csrf = csrf(&jar, &url);
    let pdf = cv();
    let form = reqwest::multipart::Form::new()
        .text("first_name", "Vera")
        .text("last_name", "Varig")
        .text("email", "vera@example.no")
        .text("consent", "yes")
        .part("cv", reqwest::multipart::Part::bytes(pdf.clone()).file_name("vera.pdf"));
    let r = client
        .post(format!("{path}/apply?_csrf={csrf}"))
        .header("Origin", &url)
        .multipart(form)
        .send()
        .await
        .expect("apply");
    assert_eq!(r.status(), 303, "answered");
    assert!(r.headers()["location"].to_str().unwrap().ends_with("/applied"));

    // Right after the answer: no shutdown, no flush, nothing.
    let pid = server.id().expect("pid").to_string();
    assert!(Command::new("kill").args(["-9", &pid]).status().await.expect("kill").success());
    server.wait().await.expect("dead");

    let (_server, url) = serve(&db, NO_SMTP).await;
    assert_eq!(reqwest::get(format!("{url}/healthz")).await.expect("healthz").status(), 200, "restarts cleanly");
    let store = store::Db::connect(&db.url).await.expect("db");
    let mut conn = store.conn().await.expect("conn");
    let (email, step): (String, String) = sqlx::query_as(
        "SELECT c.email, s.name FROM applications a JOIN candidates c ON c.id = a.candidate_id \
         JOIN pipeline_steps s ON s.id = a.step_id",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("the application is there");
    assert_eq!((email.as_str(), step.as_str()), ("vera@example.no", "Screening"));
    let key: String =
        sqlx::query_scalar("SELECT storage_key FROM files").fetch_one(&mut *conn).await.expect("file row");
    assert_eq!(std::fs::read(db.data_dir.join("files").join(key)).expect("file on disk"), pdf, "the whole file");
    let (to, status): (String, String) =
        sqlx::query_as("SELECT to_address, status FROM outbox").fetch_one(&mut *conn).await.expect("queued email");
    assert_eq!(to, "vera@example.no");
    assert_ne!(status, "failed", "still waiting for SMTP, not lost");
}
