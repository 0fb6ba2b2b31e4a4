//! The text of an uploaded CV is read after the application is answered, by the text worker, within bounds: a
//! Flate bomb (the security review's HIGH finding) is stored as a file without text and takes nothing down.
//! Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{application_of, candidate, source, world};
use crate::support::{pdf_with_text, submit, Applicant, Browser, Server};
use reqwest::StatusCode;

async fn finds(b: &Browser, word: &str, candidate: &str) -> bool {
    let (status, html) = b.page(&format!("/candidates?q={word}")).await;
    assert_eq!(status, StatusCode::OK);
    Page::parse(&html).has(&format!("a[href='/candidates/{candidate}']"))
}

async fn queued(s: &Server) -> i64 {
    s.count("file_text_queue").await
}

async fn texts_of(s: &Server, candidate: &str) -> Vec<Option<String>> {
    let db = s.db().await;
    let mut conn = db.conn().await.expect("conn");
    sqlx::query_scalar(
        "SELECT f.text_content FROM files f JOIN applications a ON a.company_id = f.company_id \
         AND a.id = f.application_id WHERE a.candidate_id = $1 ORDER BY f.created_at, f.id",
    )
    .bind(candidate)
    .fetch_all(&mut *conn)
    .await
    .expect("texts")
}

fn eva(cv: Vec<u8>) -> Applicant<'static> {
    Applicant { first: "Eva", last: "Kandidat", email: "eva@example.no", phone: "", cv }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cv_is_read_after_the_answer_and_then_found() {
    let w = world().await;
    submit(&w.s, &w.other, eva(pdf_with_text("Sveisesertifikat offshore"))).await;
    let eva = candidate(&w.s, "eva@example.no").await;
    assert_eq!(texts_of(&w.s, &eva).await, [None], "the answer did not wait for the text");
    assert_eq!(queued(&w.s).await, 1);
    assert!(!finds(&w.admin, "offshore", &eva).await);

    assert_eq!(w.s.read_queued_texts().await, 1);
    assert_eq!(texts_of(&w.s, &eva).await, [Some("Sveisesertifikat offshore".to_string())]);
    assert_eq!(queued(&w.s).await, 0);
    assert!(finds(&w.admin, "offshore", &eva).await, "found by a word of the CV once read");
    assert_eq!(w.s.read_queued_texts().await, 0, "nothing is read twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flate_bomb_is_stored_without_text_and_the_next_cv_is_read() {
    let w = world().await;
    // 192 MB of content in a file of a few hundred kilobytes, with a word that a parser would find.
    let bomb = app::demo::pdf::deflated("Kubernetes", 3 * app::cv_text::limits::MAX_INFLATED_BYTES as usize);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    submit(&w.s, &w.other, eva(bomb)).await;
    let ola = Applicant { first: "Ola", last: "Nord", email: "ola@example.no", phone: "", cv: pdf_with_text("Lager") };
    submit(&w.s, &w.other, ola).await;

    assert_eq!(w.s.read_queued_texts().await, 2);
    let eva = candidate(&w.s, "eva@example.no").await;
    let (_, file) = application_of(&w.s, &eva, &w.other).await;
    assert_eq!(texts_of(&w.s, &eva).await, [None], "the bomb has no text");
    assert!(!finds(&w.admin, "kubernetes", &eva).await);
    let r = w.admin.get(&format!("/files/{file}")).await;
    assert_eq!(r.status(), StatusCode::OK, "the application and its file are kept");
    let ola = candidate(&w.s, "ola@example.no").await;
    assert!(finds(&w.admin, "lager", &ola).await, "the file after the bomb was read");
    assert_eq!(queued(&w.s).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_candidate_sourced_before_their_cv_was_read_gets_its_text_too() {
    let w = world().await;
    submit(&w.s, &w.other, eva(pdf_with_text("Sveisesertifikat offshore"))).await;
    let eva = candidate(&w.s, "eva@example.no").await;
    let (status, _) = source(&w.admin, &w.other, &w.registration, &[&eva]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(texts_of(&w.s, &eva).await, [None, None], "both rows wait for the one object's text");

    w.s.read_queued_texts().await;
    let text = Some("Sveisesertifikat offshore".to_string());
    assert_eq!(texts_of(&w.s, &eva).await, [text.clone(), text]);
    assert!(finds(&w.agency, "offshore", &eva).await, "the agency on the sourced posting's team finds it");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_claim_is_leased_retried_after_its_worker_died_and_dropped_after_three_tries() {
    let w = world().await;
    submit(&w.s, &w.other, eva(pdf_with_text("Lager"))).await;
    let db = w.s.db().await;
    let (lease, now) = (60_000, store::now_ms());
    let claim = |at: i64| store::file_texts::claim(&db, at, lease, 10, 3);
    assert_eq!(claim(now).await.expect("claim").len(), 1, "claimed");
    assert!(claim(now + 1).await.expect("claim").is_empty(), "held by its lease");
    assert_eq!(claim(now + lease).await.expect("claim").len(), 1, "the worker died: tried again");
    assert_eq!(claim(now + 2 * lease).await.expect("claim").len(), 1, "a third time");
    assert!(claim(now + 3 * lease).await.expect("claim").is_empty(), "given up");
    assert_eq!(queued(&w.s).await, 0);
    let eva = candidate(&w.s, "eva@example.no").await;
    assert_eq!(texts_of(&w.s, &eva).await, [None], "the file is kept, without text");
}
