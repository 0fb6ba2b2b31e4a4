//! Fresh databases for tests, on the backend chosen by `ANSETT_TEST_DATABASE`:
//! unset or `sqlite` → a new SQLite file in a temporary directory; `postgres://…` → a new database on that
//! server, dropped again when the guard drops. A PostgreSQL that cannot be reached fails the test: never a skip.

use std::path::PathBuf;

use sqlx::Connection;

pub const ENV: &str = "ANSETT_TEST_DATABASE";

pub struct TestDatabase {
    pub url: String,
    pub data_dir: PathBuf,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        let tag = uuid::Uuid::now_v7().simple().to_string();
        let data_dir = data_dir(&tag);
        let choice = std::env::var(ENV).unwrap_or_default();
        if choice.starts_with("postgres") {
            sqlx::any::install_default_drivers();
            let name = format!("ansett_test_{tag}");
            let mut admin = sqlx::AnyConnection::connect(&choice)
                .await
                .unwrap_or_else(|e| panic!("{ENV}={choice} but PostgreSQL cannot be reached: {e}"));
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
            admin.close().await.ok();
            let url = with_database(&choice, &name);
            TestDatabase { url, data_dir, postgres: Some((choice, name)) }
        } else {
            TestDatabase::sqlite_in(data_dir)
        }
    }

    /// A new SQLite file in a temporary directory, whatever `ANSETT_TEST_DATABASE` chooses: for what only SQLite
    /// does, tested on every run.
    pub fn sqlite() -> TestDatabase {
        TestDatabase::sqlite_in(data_dir(&uuid::Uuid::now_v7().simple().to_string()))
    }

    fn sqlite_in(data_dir: PathBuf) -> TestDatabase {
        let url = crate::Db::sqlite_url_in(&data_dir).expect("sqlite url");
        TestDatabase { url, data_dir, postgres: None }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

/// A new directory for a test's data (and SQLite file), removed with its `TestDatabase`.
fn data_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ansett-test-{tag}"));
    std::fs::create_dir_all(&dir).expect("create test data dir");
    dir
}

/// `postgres://host/whatever?x` → `postgres://host/<name>?x`.
fn with_database(server_url: &str, name: &str) -> String {
    match url::Url::parse(server_url) {
        Ok(mut u) => {
            u.set_path(&format!("/{name}"));
            u.to_string()
        }
        Err(_) => format!("{}/{name}", server_url.trim_end_matches('/')),
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let Some((server, name)) = self.postgres.take() {
            // Drop runs outside any runtime guarantee, so the cleanup gets its own thread and runtime.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                    return;
                };
                rt.block_on(async move {
                    if let Ok(mut c) = sqlx::AnyConnection::connect(&server).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut c).await;
                    }
                });
            })
            .join();
        }
    }
}

/// The S3-compatible server of the tests (`.ci/run` starts moto on loopback): `ANSETT_TEST_S3_ENDPOINT`, or for
/// a server that checks credentials `ANSETT_TEST_S3_AUTH_ENDPOINT`. Unset, the S3 tests are skipped loudly; with
/// `CI=true` (or `1`) an unset endpoint fails the test instead, as an unreachable PostgreSQL does.
pub fn s3_endpoint(var: &str) -> Option<String> {
    match std::env::var(var).ok().filter(|v| !v.is_empty()) {
        Some(e) => Some(e.trim_end_matches('/').to_string()),
        None if matches!(std::env::var("CI").as_deref(), Ok("true" | "1")) => {
            panic!("{var} is not set, but CI is: the S3 tests must run (start an S3-compatible server, see .ci/run)")
        }
        None => {
            eprintln!("SKIPPED: {var} is not set (this would fail in CI)");
            None
        }
    }
}

/// The ids of a company with one employee and one published posting with one step (`seed_posting`).
pub struct Seeded<'a> {
    pub company: &'a str,
    pub user: &'a str,
    pub posting: &'a str,
    pub step: &'a str,
}

/// Writes the rows a store test needs before it can write applications: the company, its administrator, a
/// published posting and its one step. Only what every migration since 0011 has, so an upgrade test can seed a
/// database migrated part of the way.
pub async fn seed_posting(conn: &mut crate::Conn, ids: &Seeded<'_>) {
    let Seeded { company, user, posting, step } = ids;
    for statement in [
        format!(
            "INSERT INTO companies (id, name, slug, default_language, created_at) \
             VALUES ('{company}', 'Test AS', 'test-as', 'nb', 0)"
        ),
        format!(
            "INSERT INTO users (id, email, email_key, first_name, last_name, language, created_at) \
             VALUES ('{user}', 'eier@test.test', 'eier@test.test', 'Eier', 'Test', 'nb', 0)"
        ),
        format!(
            "INSERT INTO employees (company_id, user_id, role, status, created_at) \
             VALUES ('{company}', '{user}', 'administrator', 'active', 0)"
        ),
        format!(
            "INSERT INTO postings (company_id, id, title, position_type, contact_user_id, language, body, \
             form_config, email_subject, email_body, status, created_by, created_at, updated_at) \
             VALUES ('{company}', '{posting}', 'Sveiser', 'other', '{user}', 'nb', '', '{{}}', 'Hei', 'Hei', \
             'published', '{user}', 0, 0)"
        ),
        format!(
            "INSERT INTO pipeline_steps (company_id, posting_id, id, position, name, step_type, evaluation_form) \
             VALUES ('{company}', '{posting}', '{step}', 0, 'Screening', 'screening', 'none')"
        ),
    ] {
        sqlx::query(&statement).execute(&mut *conn).await.unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
}
