//! Files in an S3-compatible bucket (issue 20, ADR 0009), against a real S3 server (`ANSETT_TEST_S3_ENDPOINT`,
//! moto in `.ci/run`) on both database backends (`ANSETT_TEST_DATABASE`): a CV applied with lands in the bucket,
//! is downloaded through the UI, read by the text worker, removed by anonymisation; orphans are swept; a store
//! that is down, stalls or goes away mid-run gets the applicant a "try again" page and leaves nothing half-stored.

use std::time::Duration;

use crate::support::relay::{Relay, Relaying};
use crate::support::s3::{dead_endpoint, endpoint, Bucket};
use crate::support::{location, pdf_with_text, scalar, submit, Applicant, Server};
use reqwest::StatusCode;

const PREFIX: &str = "ansett/test";

async fn server_on_bucket() -> Option<(Server, Bucket)> {
    let bucket = Bucket::create(&endpoint()?).await;
    Some((Server::builder().files(bucket.location(PREFIX)).start().await, bucket))
}

fn applicant(cv: Vec<u8>) -> Applicant<'static> {
    Applicant { first: "Xenia", last: "Skymoen", email: "xenia@example.no", phone: "", cv }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cv_lives_in_the_bucket_from_apply_to_anonymisation() {
    let Some((s, bucket)) = server_on_bucket().await else { return };
    s.app.check_files().await.expect("the bucket passes the start check");
    let admin = s.set_up().await;
    let posting = crate::support::create_posting(&s, &admin, "Lagerarbeider", &[]).await;
    let cv = pdf_with_text("Xylofonsveiser fra Trondheim");
    submit(&s, &posting, applicant(cv.clone())).await;

    // In the bucket, under the prefix, and not on this server's disk.
    let (file, key) = (scalar(&s, "SELECT id FROM files").await, scalar(&s, "SELECT storage_key FROM files").await);
    assert_eq!(
        bucket.object(&format!("{PREFIX}/{key}")).await.as_deref(),
        Some(cv.as_slice()),
        "the CV is in the bucket"
    );
    assert!(!s.db.data_dir.join("files").join(&key).exists(), "nothing on the local disk");

    // Downloaded through the UI, byte for byte.
    let r = admin.get(&format!("/files/{file}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.bytes().await.expect("body").as_ref(), cv.as_slice());

    // The text worker reads it from the bucket.
    assert_eq!(s.read_queued_texts().await, 1);
    let text = scalar(&s, "SELECT COALESCE(text_content, '') FROM files").await;
    assert!(text.contains("Xylofonsveiser"), "the CV's text was read: {text:?}");

    // Anonymising the candidate deletes the object.
    let candidate = scalar(&s, "SELECT id FROM candidates").await;
    let r = admin.post_form(&format!("/candidates/{candidate}/delete"), &[]).await;
    assert_eq!(location(&r), "/candidates");
    assert_eq!(bucket.object(&format!("{PREFIX}/{key}")).await, None, "the CV is gone from the bucket");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sweep_deletes_orphans_in_the_bucket_and_keeps_what_rows_point_at() {
    let Some((s, bucket)) = server_on_bucket().await else { return };
    let admin = s.set_up().await;
    let posting = crate::support::create_posting(&s, &admin, "Lagerarbeider", &[]).await;
    submit(&s, &posting, applicant(pdf_with_text("Kept"))).await;
    let kept = scalar(&s, "SELECT storage_key FROM files").await;
    let company = scalar(&s, "SELECT id FROM companies").await;

    // A server killed between writing the object and committing its application: noted, then written.
    let noted = format!("{company}/0190aaaa-0000-7000-8000-000000000001");
    // Past every object's write time (S3 keeps it to the second): the grace counts from here.
    let now = store::now_ms() + 2_000;
    store::object_sweep::note_upload(&s.db().await, &noted, now + 3_600_000).await.expect("note");
    bucket.put_object(&format!("{PREFIX}/{noted}"), b"%PDF-1.4 half an application").await;
    // An object no row and no note knows: its delete failed while the store was down, or it was copied in.
    let unknown = format!("{company}/0190bbbb-0000-7000-8000-000000000002");
    bucket.put_object(&format!("{PREFIX}/{unknown}"), b"%PDF-1.4 nobody's").await;
    // Not ansett's: another tenant of the bucket, outside the prefix.
    bucket.put_object("elsewhere/0190cccc-0000-7000-8000-000000000003", b"not ours").await;

    assert_eq!(s.app.sweep_files(now).await.expect("sweep"), 0, "nothing before its grace");
    assert!(bucket.object(&format!("{PREFIX}/{noted}")).await.is_some());
    assert_eq!(s.app.sweep_files(now + 3_600_001).await.expect("sweep"), 2, "both orphans go after the grace");
    assert_eq!(bucket.object(&format!("{PREFIX}/{noted}")).await, None);
    assert_eq!(bucket.object(&format!("{PREFIX}/{unknown}")).await, None);
    assert!(bucket.object(&format!("{PREFIX}/{kept}")).await.is_some(), "a file of an application stays");
    assert!(bucket.object("elsewhere/0190cccc-0000-7000-8000-000000000003").await.is_some(), "outside the prefix");
    assert_eq!(s.count("object_sweep").await, 0);
    assert_eq!(s.app.sweep_files(now + 7_200_000).await.expect("sweep"), 0, "nothing twice");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_apply_while_the_store_is_down_gets_try_again_and_stores_nothing() {
    let Some(endpoint) = endpoint() else { return };
    let bucket = Bucket::create(&endpoint).await;
    let mut down = bucket.location(PREFIX);
    if let app::FilesLocation::S3(s3) = &mut down {
        s3.endpoint = Some(dead_endpoint().await);
    }
    let s = Server::builder().files(down).start().await;
    assert!(s.app.check_files().await.is_err(), "the start check sees the store is down");
    // Alive, but not ready: the load balancer sends applicants to a server whose store works.
    assert_eq!(s.browser().get("/healthz").await.status(), StatusCode::OK);
    let r = s.browser().get("/readyz").await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.text().await.expect("body"), "file store unavailable\n");
    let admin = s.set_up().await;
    let posting = crate::support::create_posting(&s, &admin, "Lagerarbeider", &[]).await;

    for (language, try_again) in [("nb", "Prøv igjen om litt"), ("en", "Try again in a little while")] {
        let form = reqwest::multipart::Form::new()
            .text("first_name", "Xenia")
            .text("last_name", "Skymoen")
            .text("email", "xenia@example.no")
            .text("consent", "yes")
            .part("cv", reqwest::multipart::Part::bytes(pdf_with_text("CV")).file_name("cv.pdf"));
        let r = crate::support::send_application_as(&s.browser_with_language(language), &posting, form).await;
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "{language}");
        let page = r.text().await.expect("page");
        assert!(page.contains(try_again), "{language}: {page}");
    }
    for table in ["candidates", "applications", "files"] {
        assert_eq!(s.count(table).await, 0, "no row in {table}");
    }
}

/// An application to `posting` in `language`, with a CV, as `email`.
async fn apply_as(s: &Server, posting: &str, language: &str, email: &str) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("first_name", "Xenia")
        .text("last_name", "Skymoen")
        .text("email", email.to_string())
        .text("consent", "yes")
        .part("cv", reqwest::multipart::Part::bytes(pdf_with_text("CV")).file_name("cv.pdf"));
    crate::support::send_application_as(&s.browser_with_language(language), posting, form).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_that_stalls_or_goes_away_mid_run_gets_try_again_and_is_used_again_when_back() {
    let Some(endpoint) = endpoint() else { return };
    let bucket = Bucket::create(&endpoint).await;
    let relay = Relay::start(&endpoint).await;
    let mut through = bucket.location(PREFIX);
    if let app::FilesLocation::S3(s3) = &mut through {
        s3.endpoint = Some(relay.endpoint.clone());
        // ANSETT_S3_TIMEOUT=2: a stalled request fails in seconds, not the default minute.
        s3.timeout = Duration::from_secs(2);
    }
    let s = Server::builder().files(through).start().await;
    let admin = s.set_up().await;
    let posting = crate::support::create_posting(&s, &admin, "Lagerarbeider", &[]).await;
    assert_eq!(apply_as(&s, &posting, "nb", "first@example.no").await.status(), StatusCode::SEE_OTHER);

    for (mode, language, try_again) in
        [(Relaying::Hang, "nb", "Prøv igjen om litt"), (Relaying::Refuse, "en", "Try again in a little while")]
    {
        relay.set(mode);
        // Far less than the default timeout's minute: the 2 s one is what bounds the wait.
        let r = tokio::time::timeout(Duration::from_secs(30), apply_as(&s, &posting, language, "second@example.no"))
            .await
            .unwrap_or_else(|_| panic!("{mode:?}: the applicant waited past the store's timeout"));
        assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE, "{mode:?}");
        let page = r.text().await.expect("page");
        assert!(page.contains(try_again), "{mode:?}: {page}");
        for table in ["candidates", "applications", "files"] {
            assert_eq!(s.count(table).await, 1, "{mode:?}: only the first applicant in {table}");
        }
        if mode == Relaying::Hang {
            // The readiness probe's answer is kept 10 s: within that and a probe's timeout it turns.
            let b = s.browser();
            crate::support::wait_until("/readyz reports the stalled store", || async {
                b.get("/readyz").await.status() == StatusCode::SERVICE_UNAVAILABLE
            })
            .await;
        }
    }

    // Back: the next applicant gets through, with their CV in the bucket.
    relay.set(Relaying::Forward);
    assert_eq!(apply_as(&s, &posting, "nb", "second@example.no").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.count("files").await, 2);
    let key = scalar(
        &s,
        "SELECT f.storage_key FROM files f JOIN applications a ON a.id = f.application_id \
         JOIN candidates c ON c.id = a.candidate_id WHERE c.email = 'second@example.no'",
    )
    .await;
    assert!(bucket.object(&format!("{PREFIX}/{key}")).await.is_some(), "the CV is in the bucket");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_start_check_names_a_missing_bucket() {
    let Some(endpoint) = endpoint() else { return };
    let missing = Bucket { endpoint, name: format!("ansett-missing-{}", uuid::Uuid::now_v7().simple()) };
    let s = Server::builder().files(missing.location("")).start().await;
    let e = s.app.check_files().await.expect_err("a missing bucket fails the check").to_string();
    assert!(e.contains(&format!("s3://{}", missing.name)), "{e}");
}
