//! `serve` on an S3-compatible bucket (`--files-url s3://…`, ADR 0009): it starts on a bucket that works, and
//! refuses to start — non-zero, one clear message naming the option — on a bad URL, a missing bucket, wrong
//! credentials or an endpoint that is down. The S3 cases need the test server (`ANSETT_TEST_S3_ENDPOINT`, and
//! `ANSETT_TEST_S3_AUTH_ENDPOINT` for one that checks credentials; `.ci/run` starts both).

use std::process::Stdio;

use crate::support::{ansett, create_bucket, on_s3, serve_command, within};
use store::testing::{s3_endpoint, TestDatabase};

/// `ansett serve` with `files_url`, which must fail: its standard error.
async fn refused(db: &TestDatabase, files_url: &str, endpoint: &str, key: &str) -> String {
    let mut c = ansett(db, &["--files-url", files_url]);
    on_s3(&mut c, endpoint, key, "wrong-or-right");
    let child = c.args(["serve", "--listen", "127.0.0.1:0"]).stdout(Stdio::null()).stderr(Stdio::piped()).spawn();
    let out = within("serve gives up", child.expect("spawn").wait_with_output()).await.expect("wait");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "serve must not start on {files_url}: {stderr}");
    stderr
}

#[tokio::test]
async fn a_bad_files_url_is_refused_naming_the_option() {
    let db = TestDatabase::create().await;
    for bad in ["ftp://files.example", "s3://No_Such_Name", "/srv/files"] {
        let stderr = refused(&db, bad, "http://127.0.0.1:9", "k").await;
        assert!(stderr.contains("--files-url") && stderr.contains(bad), "{bad}: {stderr}");
    }
}

#[tokio::test]
async fn serve_starts_on_a_working_bucket() {
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_ENDPOINT") else { return };
    let db = TestDatabase::create().await;
    let bucket = create_bucket(&endpoint, "ansett-start").await;
    let url = format!("s3://{bucket}/ansett");
    let mut c = ansett(&db, &["--files-url", &url]);
    on_s3(&mut c, &endpoint, "testing", "testing");
    let (child, base) = serve_command(c).await;
    assert_eq!(reqwest::get(format!("{base}/healthz")).await.expect("healthz").status(), 200);
    drop(child);
}

#[tokio::test]
async fn serve_refuses_to_start_on_a_missing_bucket_or_a_store_that_is_down() {
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_ENDPOINT") else { return };
    let db = TestDatabase::create().await;
    let missing = format!("ansett-missing-{}", uuid::Uuid::now_v7().simple());
    let stderr = refused(&db, &format!("s3://{missing}"), &endpoint, "testing").await;
    assert!(stderr.contains("--files-url") && stderr.contains(&missing), "{stderr}");

    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", l.local_addr().expect("addr"))
    };
    let stderr =
        refused(&db, &format!("s3://{}", create_bucket(&endpoint, "ansett-start").await), &down, "testing").await;
    assert!(stderr.contains("--files-url") && stderr.contains("ANSETT_S3_ENDPOINT"), "{stderr}");
}

#[tokio::test]
async fn serve_refuses_to_start_with_wrong_credentials() {
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_AUTH_ENDPOINT") else { return };
    let db = TestDatabase::create().await;
    let stderr = refused(&db, "s3://ansett-any-bucket", &endpoint, "AKIAWRONGWRONGWRONG1").await;
    assert!(stderr.contains("--files-url") && stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
    assert!(stderr.contains("403") || stderr.to_lowercase().contains("access"), "names the refusal: {stderr}");
}
