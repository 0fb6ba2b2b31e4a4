//! The binary as operators use it: `serve` prints its URL and stops cleanly on SIGTERM, `admin create-company`
//! makes a company one can sign in to, `admin set-password` replaces a password and signs the login out,
//! `migrate` is repeatable, and an unreachable database is one clear line.

use std::process::Stdio;
use std::time::Duration;

use crate::support::{ansett, browser, csrf, serve, BIN};
use store::testing::TestDatabase;
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

#[tokio::test]
async fn serve_prints_its_url_answers_and_stops_cleanly_on_sigterm() {
    let db = TestDatabase::create().await;
    let (mut child, url) = serve(&db, &[]).await;
    let r = reqwest::get(format!("{url}/healthz")).await.expect("healthz");
    assert_eq!(r.status(), 200);
    let setup = reqwest::get(format!("{url}/setup")).await.expect("setup");
    assert_eq!(setup.status(), 200, "a fresh database offers the setup page");
    let pid = child.id().expect("pid").to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().await.expect("kill");
    assert!(killed.success());
    let status =
        tokio::time::timeout(Duration::from_secs(10), child.wait()).await.expect("stops within 10 s").expect("wait");
    assert!(status.success(), "graceful shutdown exits 0, got {status:?}");
}

#[tokio::test]
async fn json_logs_are_one_object_a_line() {
    let db = TestDatabase::create().await;
    let mut command = ansett(&db, &["--log-format", "json"]);
    command.env("ANSETT_LOG", "info").stderr(Stdio::piped());
    let (child, url) = crate::support::serve_command(command).await;
    assert_eq!(reqwest::get(format!("{url}/healthz")).await.expect("healthz").status(), 200);
    let pid = child.id().expect("pid").to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().await.expect("kill").success());
    let out =
        tokio::time::timeout(Duration::from_secs(10), child.wait_with_output()).await.expect("stops").expect("out");
    let logs = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = logs.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty(), "serve logs at info");
    for line in lines {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(entry["timestamp"].is_string() && entry["level"].is_string() && entry["fields"].is_object(), "{line}");
    }
}

/// Runs `ansett <args>` with `stdin` as its standard input: (succeeded, stdout, stderr).
async fn run_with_input(db: &TestDatabase, args: &[&str], stdin: &[u8]) -> (bool, String, String) {
    let mut child = ansett(db, &[])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(stdin).await.expect("write stdin");
    let out = child.wait_with_output().await.expect("wait");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

async fn create_company(db: &TestDatabase) {
    let args = ["admin", "create-company", "--name", "Skript AS", "--admin-email", "drift@skript.test"];
    let args = [&args[..], &["--admin-first-name", "Dag", "--admin-last-name", "Drift"]].concat();
    let (ok, stdout, stderr) = run_with_input(db, &args, b"et godt passord\n").await;
    assert!(ok, "stderr: {stderr}");
    assert!(stdout.contains("created company"));
}

/// A new client signed in (or not) as the CLI's administrator: the sign-in's status and the client.
async fn sign_in(url: &str, password: &str) -> (u16, reqwest::Client) {
    let (client, jar) = browser();
    client.get(format!("{url}/login")).send().await.expect("login page");
    let csrf = csrf(&jar, url);
    let r = client
        .post(format!("{url}/login"))
        .header("Origin", url)
        .form(&[("email", "drift@skript.test"), ("password", password), ("_csrf", &csrf)])
        .send()
        .await
        .expect("sign in");
    (r.status().as_u16(), client)
}

async fn settings_status(client: &reqwest::Client, url: &str) -> u16 {
    client.get(format!("{url}/settings")).send().await.expect("settings").status().as_u16()
}

#[tokio::test]
async fn admin_create_company_then_sign_in_and_setup_is_gone() {
    let db = TestDatabase::create().await;
    create_company(&db).await;
    let (_child, url) = serve(&db, &[]).await;
    let (client, _) = browser();
    let setup = client.get(format!("{url}/setup")).send().await.expect("setup");
    assert_eq!(setup.status(), 303, "the setup page is gone: it leads to sign-in");
    assert_eq!(setup.headers()["location"], "/login");
    let (status, client) = sign_in(&url, "et godt passord").await;
    assert_eq!(status, 303);
    let html = client.get(format!("{url}/settings")).send().await.expect("settings").text().await.expect("body");
    assert!(html.contains("value=\"Skript AS\""), "the CLI's administrator runs the CLI's company");
}

#[tokio::test]
async fn admin_set_password_replaces_it_and_ends_every_session() {
    let db = TestDatabase::create().await;
    create_company(&db).await;
    let (_child, url) = serve(&db, &[]).await;
    let (status, old_session) = sign_in(&url, "et godt passord").await;
    assert_eq!(status, 303);
    assert_eq!(settings_status(&old_session, &url).await, 200);

    let set = |email: &'static str, password: &'static [u8]| {
        let db = &db;
        async move { run_with_input(db, &["admin", "set-password", "--email", email], password).await }
    };
    let (ok, _, stderr) = set("drift@skript.test", b"kort\n").await;
    assert!(!ok && stderr.contains("password"), "a too short password is refused: {stderr}");
    assert_eq!(settings_status(&old_session, &url).await, 200, "a refused reset changes nothing");
    let (ok, _, stderr) = set("ingen@skript.test", b"et helt nytt passord\n").await;
    assert!(!ok && stderr.contains("no login has the email address ingen@skript.test"), "{stderr}");

    let (ok, stdout, stderr) = set("Drift@Skript.test", b"et helt nytt passord\n").await;
    assert!(ok, "stderr: {stderr}");
    assert!(stdout.contains("1 session(s) ended"), "{stdout}");
    assert_eq!(settings_status(&old_session, &url).await, 303, "the old session is signed out");
    assert_eq!(sign_in(&url, "et godt passord").await.0, 422, "the old password no longer signs in");
    let (status, new_session) = sign_in(&url, "et helt nytt passord").await;
    assert_eq!(status, 303, "the new one does");
    assert_eq!(settings_status(&new_session, &url).await, 200);
}

#[tokio::test]
async fn admin_create_company_refuses_bad_input() {
    let db = TestDatabase::create().await;
    let pw = db.data_dir.join("pw");
    std::fs::write(&pw, "kort").expect("write");
    let out = ansett(&db, &[])
        .args(["admin", "create-company", "--name", "X", "--admin-email", "not-an-email"])
        .args(["--admin-first-name", "A", "--admin-last-name", "B", "--password-file"])
        .arg(&pw)
        .output()
        .await
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("email") && err.contains("password"), "{err}");
}

#[tokio::test]
async fn migrate_is_repeatable() {
    let db = TestDatabase::create().await;
    for _ in 0..2 {
        let out = ansett(&db, &[]).arg("migrate").output().await.expect("run");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[tokio::test]
async fn an_unreachable_database_is_one_clear_line_and_a_failure() {
    for command in ["serve", "migrate"] {
        let out = Command::new(BIN)
            .args(["--database-url", "postgres://postgres@127.0.0.1:1/nothing", command, "--listen", "127.0.0.1:0"])
            .env("ANSETT_LOG", "warn")
            .output()
            .await
            .expect("run");
        assert!(!out.status.success(), "{command} must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{command}: one line, got {err:?}");
        assert!(lines[0].starts_with("ansett: ") && lines[0].contains("cannot reach the database"), "{err}");
        assert!(!err.contains("panicked"));
    }
    let out = Command::new(BIN).args(["--database-url", "mysql://x", "migrate"]).output().await.expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not supported"));
}
