//! Running the real binary in tests: on the test database, printing its URL, cookies as a browser keeps them.

#![allow(dead_code)]

use std::process::Stdio;

use store::testing::TestDatabase;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, Command};

#[path = "../../../../web/tests/web/support/wait.rs"]
mod wait;
pub use wait::{wait_until, within};
#[path = "../../../../web/tests/web/support/posting_form.rs"]
mod posting_form;
#[path = "../../../../web/tests/web/support/relay.rs"]
pub mod relay;
pub use posting_form::posting_form;

pub const BIN: &str = env!("CARGO_BIN_EXE_ansett");

/// `ansett` on the test database, with `extra` global flags, killed when dropped.
pub fn ansett(db: &TestDatabase, extra: &[&str]) -> Command {
    ansett_in(db, &db.data_dir, extra)
}

/// `ansett` on the test database with its own data directory (another server of the same installation).
pub fn ansett_in(db: &TestDatabase, data_dir: &std::path::Path, extra: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--data-dir").arg(data_dir).arg("--database-url").arg(&db.url).args(extra);
    c.env_remove("ANSETT_DATABASE_URL").env_remove("ANSETT_LISTEN").env("ANSETT_LOG", "warn");
    c.kill_on_drop(true);
    c
}

/// The environment of `ansett` on the S3-compatible `endpoint`, with these credentials (and no others from the
/// caller's).
pub fn on_s3(c: &mut Command, endpoint: &str, key: &str, secret: &str) {
    c.env("ANSETT_S3_ENDPOINT", endpoint)
        .env("AWS_ACCESS_KEY_ID", key)
        .env("AWS_SECRET_ACCESS_KEY", secret)
        .env_remove("AWS_REGION")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("ANSETT_FILES_URL");
}

/// A new bucket on the S3 test server (which takes any credentials); its name.
pub async fn create_bucket(endpoint: &str, prefix: &str) -> String {
    let name = format!("{prefix}-{}", uuid::Uuid::now_v7().simple());
    let r = reqwest::Client::new().put(format!("{endpoint}/{name}")).send().await.expect("create bucket");
    assert!(r.status().is_success(), "creating {name}: {}", r.status());
    name
}

/// Starts `serve` on a free port and returns the child with the URL it printed.
pub async fn serve(db: &TestDatabase, extra: &[&str]) -> (Child, String) {
    serve_command(ansett(db, extra)).await
}

/// `serve` from `command` (made by `ansett`, perhaps with more environment) on a free port.
pub async fn serve_command(command: Command) -> (Child, String) {
    let (child, url, _) = serve_command_line(command).await;
    (child, url)
}

/// `serve_command`, and the whole line it printed (which names the metrics listener too, when there is one).
pub async fn serve_command_line(mut command: Command) -> (Child, String, String) {
    let mut child = command.args(["serve", "--listen", "127.0.0.1:0"]).stdout(Stdio::piped()).spawn().expect("spawn");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let line = within("serve prints its URL", lines.next_line()).await.expect("read").expect("a line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .trim_end_matches('/')
        .to_string();
    (child, url, line)
}

/// A client that keeps cookies and does not follow redirects, and the jar it keeps them in.
pub fn browser() -> (reqwest::Client, std::sync::Arc<reqwest::cookie::Jar>) {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    (client, jar)
}

/// A new browser signed in at `url` as `email`; panics unless the sign-in is accepted.
pub async fn signed_in(url: &str, email: &str, password: &str) -> reqwest::Client {
    let (client, jar) = browser();
    client.get(format!("{url}/login")).send().await.expect("login page");
    let token = csrf(&jar, url);
    let r = client
        .post(format!("{url}/login"))
        .header("Origin", url)
        .form(&[("email", email), ("password", password), ("_csrf", &token)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(r.status(), 303, "{email} signs in");
    client
}

/// The CSRF token the server gave this browser.
pub fn csrf(jar: &reqwest::cookie::Jar, url: &str) -> String {
    let cookies = reqwest::cookie::CookieStore::cookies(jar, &url.parse().expect("url")).expect("cookies");
    cookies.to_str().expect("ascii").split("; ").find_map(|c| c.strip_prefix("ansett_csrf=")).expect("csrf").to_string()
}

/// A company "Varig AS" (slug `varig-as`) made with `ansett admin create-company`, with one published posting
/// made through the use cases directly; returns the posting's id.
pub async fn company_with_posting(db: &TestDatabase) -> String {
    let mut admin = ansett(db, &[])
        .args(["admin", "create-company", "--name", "Varig AS", "--admin-email", "drift@varig.test"])
        .args(["--admin-first-name", "Dag", "--admin-last-name", "Drift"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("spawn");
    admin.stdin.take().expect("stdin").write_all(b"et godt passord\n").await.expect("password");
    assert!(admin.wait().await.expect("wait").success());
    let public_url = url::Url::parse("http://127.0.0.1/").expect("url");
    let config = app::Config { migrate_on_start: false, ..app::Config::local(&db.url, &db.data_dir, public_url) };
    let app = app::App::open(config).await.expect("app");
    let actor = app.sign_in("drift@varig.test", "et godt passord", "test", None).await.expect("sign in").actor;
    let mut input = app.posting_defaults(&actor);
    input.title = "Varig stilling".into();
    input.status = "published".into();
    let posting = app.create_posting(&actor, &input, &[]).await.expect("posting");
    app.close().await;
    posting.to_string()
}
