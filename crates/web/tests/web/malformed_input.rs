//! Issue 23, finding 7: a body that is not the form it claims to be — broken multipart, or a NUL in a file name —
//! is answered 400 with a clear localized page (not 413 "too large"), and nothing is stored. Both backends
//! (`ANSETT_TEST_DATABASE`).

use crate::support::{create_posting, user_id, Browser, Server, ADMIN_EMAIL};
use reqwest::StatusCode;

/// Posts `body` as `multipart/form-data; boundary=XyZ` to the apply form from `b`, with its CSRF token and Origin.
async fn send_raw(b: &Browser, posting: &str, body: Vec<u8>) -> (StatusCode, String) {
    let token = b.csrf().await;
    let r = b
        .client
        .post(b.url(&format!("/careers/fjordkraft-as/{posting}/apply?_csrf={token}")))
        .header("Origin", &b.base)
        .header("Content-Type", "multipart/form-data; boundary=XyZ")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

fn part(name: &str, filename: Option<&str>, value: &[u8]) -> Vec<u8> {
    let mut out = format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"").into_bytes();
    if let Some(f) = filename {
        out.extend_from_slice(format!("; filename=\"{f}\"\r\nContent-Type: application/pdf").as_bytes());
    }
    out.extend_from_slice(b"\r\n\r\n");
    out.extend_from_slice(value);
    out.extend_from_slice(b"\r\n");
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_multipart_and_a_nul_in_a_file_name_are_bad_requests_with_a_localized_page() {
    let s = Server::start().await;
    let admin = s.set_up().await;
    let me = user_id(&s, ADMIN_EMAIL).await;
    let posting = create_posting(&s, &admin, "Montør", &[&me]).await;

    let mut nul_name = Vec::new();
    for (name, value) in
        [("first_name", "Kari"), ("last_name", "Bakken"), ("email", "kari@example.no"), ("consent", "yes")]
    {
        nul_name.extend(part(name, None, value.as_bytes()));
    }
    nul_name.extend(part("cv", Some("cv\0.pdf"), b"%PDF-1.4\n%%EOF\n"));
    nul_name.extend_from_slice(b"--XyZ--\r\n");
    let truncated = part("first_name", None, b"Kari")[..20].to_vec();
    let no_boundary = b"this is not multipart at all".to_vec();

    for (lang, title) in [("nb", "Skjemaet kunne ikke leses"), ("en", "The form could not be read")] {
        let b = s.browser_with_language(lang);
        for (what, body) in [("NUL in a file name", &nul_name), ("truncated", &truncated), ("no parts", &no_boundary)] {
            let (status, page) = send_raw(&b, &posting, body.clone()).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{what}");
            assert!(page.contains(title), "{what} ({lang}): {page}");
        }
    }
    assert_eq!((s.count("candidates").await, s.count("applications").await, s.count("files").await), (0, 0, 0));
}
