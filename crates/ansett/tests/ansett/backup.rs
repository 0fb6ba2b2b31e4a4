//! `ansett backup` / `ansett restore` (ADR 0016) and `ansett files copy`, run as the real binary.
//!
//! The backup is taken while `serve` takes a steady stream of applications; restored into a fresh place, every
//! application the server acknowledged before the backup began is there with its CV's bytes, with files in the data
//! directory and in a bucket. Runs on SQLite or PostgreSQL (`ANSETT_TEST_DATABASE`); the S3 cases need the test
//! server (`ANSETT_TEST_S3_ENDPOINT`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use crate::support::{ansett, browser, company_with_posting, create_bucket, csrf, on_s3, serve_command, wait_until};
use store::files::{Files, LocalFiles, Location, S3Settings};
use store::testing::{s3_endpoint, TestDatabase};

/// A small PDF whose bytes are this applicant's own.
fn cv(n: usize) -> Vec<u8> {
    let mut pdf = format!("%PDF-1.4\n% applicant {n}\n").into_bytes();
    while pdf.len() < 40 * 1024 + n {
        pdf.extend_from_slice(format!("% padding for applicant {n} padding padding padding\n").as_bytes());
    }
    pdf.extend_from_slice(b"%%EOF\n");
    pdf
}

fn temp_dir(what: &str) -> PathBuf {
    std::env::temp_dir().join(format!("ansett-{what}-{}", uuid::Uuid::now_v7().simple()))
}

/// The S3 test server's settings (it takes any credentials).
fn test_s3(endpoint: &str) -> S3Settings {
    S3Settings {
        endpoint: Some(endpoint.to_string()),
        access_key_id: Some("testing".into()),
        secret_access_key: Some("testing".into()),
        ..Default::default()
    }
}

/// Where an installation of a test keeps its files: its data directory, or a bucket on the S3 test server.
#[derive(Clone)]
enum FilesAt {
    DataDir,
    Bucket { endpoint: String, url: String },
}

impl FilesAt {
    /// A fresh bucket of its own on the S3 test server, as `s3://bucket/prefix`.
    async fn new_bucket(endpoint: &str) -> FilesAt {
        let bucket = create_bucket(endpoint, "ansett-backup").await;
        FilesAt::Bucket { endpoint: endpoint.to_string(), url: format!("s3://{bucket}/installation") }
    }

    /// `ansett` on `db` with its files here.
    fn ansett(&self, db: &TestDatabase) -> tokio::process::Command {
        match self {
            FilesAt::DataDir => ansett(db, &[]),
            FilesAt::Bucket { endpoint, url } => {
                let mut c = ansett(db, &["--files-url", url]);
                on_s3(&mut c, endpoint, "testing", "testing");
                c
            }
        }
    }

    /// The object at `key`, read straight from the store.
    async fn object(&self, db: &TestDatabase, key: &str) -> Result<Vec<u8>, String> {
        match self {
            FilesAt::DataDir => std::fs::read(db.data_dir.join("files").join(key)).map_err(|e| e.to_string()),
            FilesAt::Bucket { endpoint, url } => {
                let settings = test_s3(endpoint);
                let files = Files::open(&Location::parse(url, settings).expect("url")).expect("open");
                files.get(key).await.map_err(|e| e.to_string())
            }
        }
    }
}

/// Runs `ansett` with `args` on `db`: success, standard output and standard error.
async fn run(db: &TestDatabase, args: &[&str]) -> (bool, String, String) {
    run_at(db, &FilesAt::DataDir, args).await
}

/// `run`, with the installation's files at `files`.
async fn run_at(db: &TestDatabase, files: &FilesAt, args: &[&str]) -> (bool, String, String) {
    let out = files.ansett(db).args(args).output().await.expect("run ansett");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Applications acknowledged by the server (answered with the receipt), in order: email and CV.
type Acknowledged = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// Applies to `posting` one after another until `stop`, recording each acknowledged application.
fn steady_applications(
    url: String,
    posting: String,
    stop: Arc<AtomicBool>,
) -> (Acknowledged, tokio::task::JoinHandle<()>) {
    let acknowledged: Acknowledged = Arc::default();
    let acked = acknowledged.clone();
    let load = tokio::spawn(async move {
        let (client, jar) = browser();
        let apply = format!("{url}/careers/varig-as/{posting}/apply");
        assert_eq!(client.get(&apply).send().await.expect("form").status(), 200);
        let csrf = csrf(&jar, &url);
        let mut n = 0;
        while !stop.load(Ordering::SeqCst) {
            n += 1;
            let email = format!("soker{n}@example.no");
            let pdf = cv(n);
            let form = reqwest::multipart::Form::new()
                .text("first_name", "Søker")
                .text("last_name", format!("Nummer{n}"))
                .text("email", email.clone())
                .text("consent", "yes")
                .part("cv", reqwest::multipart::Part::bytes(pdf.clone()).file_name("cv.pdf"));
            let r = client
                .post(format!("{apply}?_csrf={csrf}"))
                .header("Origin", &url)
                .multipart(form)
                .send()
                .await
                .expect("apply");
            assert_eq!(r.status(), 303, "application {n} answered");
            acked.lock().expect("lock").push((email, pdf));
        }
    });
    (acknowledged, load)
}

/// The CV stored for the application of `email` in the restored installation `db`, with its files at `files`.
async fn restored_cv(db: &TestDatabase, files: &FilesAt, email: &str) -> Vec<u8> {
    let store = store::Db::connect(&db.url).await.expect("restored database");
    let mut conn = store.conn().await.expect("conn");
    let key: String = sqlx::query_scalar(
        "SELECT f.storage_key FROM files f JOIN applications a ON a.id = f.application_id \
         JOIN candidates c ON c.id = a.candidate_id WHERE c.email = $1 AND f.kind = 'cv'",
    )
    .bind(email)
    .fetch_one(&mut *conn)
    .await
    .unwrap_or_else(|e| panic!("the application of {email} is restored: {e}"));
    drop(conn);
    store.close().await;
    files.object(db, &key).await.unwrap_or_else(|e| panic!("the CV of {email}: {e}"))
}

#[tokio::test]
async fn a_backup_under_load_restores_every_application_acknowledged_before_it() {
    backup_under_load(FilesAt::DataDir, FilesAt::DataDir).await;
}

/// The same with the files in a bucket, restored into another bucket.
#[tokio::test]
async fn a_backup_under_load_with_files_on_s3_restores_into_another_bucket() {
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_ENDPOINT") else { return };
    backup_under_load(FilesAt::new_bucket(&endpoint).await, FilesAt::new_bucket(&endpoint).await).await;
}

/// Backs up an installation with its files at `files` while it takes applications, and restores it into a fresh
/// database with its files at `restored`.
async fn backup_under_load(files: FilesAt, restored: FilesAt) {
    let db = TestDatabase::create().await;
    let posting = company_with_posting(&db).await;
    let mut command = files.ansett(&db);
    command.args(["--apply-limit", "0"]);
    let (_server, url) = serve_command(command).await;
    let stop = Arc::new(AtomicBool::new(false));
    let (acknowledged, load) = steady_applications(url, posting, stop.clone());
    let five = || std::future::ready(acknowledged.lock().expect("lock").len() >= 5);
    wait_until("five applications acknowledged", five).await;

    let before: Vec<(String, Vec<u8>)> = acknowledged.lock().expect("lock").clone();
    let backup = temp_dir("backup");
    let (ok, stdout, stderr) = run_at(&db, &files, &["backup", "--to", path(&backup)]).await;
    let during = acknowledged.lock().expect("lock").len() - before.len();
    stop.store(true, Ordering::SeqCst);
    load.await.expect("the applications went on");
    assert!(ok, "backup: {stdout} {stderr}");
    assert!(stdout.contains("backup complete"), "{stdout}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(backup.join("manifest.json")).expect("manifest")).expect("json");
    let backend = if db.is_postgres() { "postgresql" } else { "sqlite" };
    assert_eq!(manifest["backend"], backend);
    assert!(manifest["migration"].as_i64().expect("migration") >= 31);
    assert!(manifest["files"]["objects"].as_u64().expect("objects") >= before.len() as u64);

    let fresh = TestDatabase::create().await;
    let (ok, stdout, stderr) = run_at(&fresh, &restored, &["restore", "--from", path(&backup)]).await;
    assert!(ok, "restore: {stdout} {stderr}");
    for (email, pdf) in &before {
        assert!(restored_cv(&fresh, &restored, email).await == *pdf, "the CV of {email} is intact");
    }
    let (_restored, url) = serve_command(restored.ansett(&fresh)).await;
    assert_eq!(reqwest::get(format!("{url}/healthz")).await.expect("healthz").status(), 200);
    eprintln!("{} applications acknowledged before the backup, {during} while it ran", before.len());
    let _ = std::fs::remove_dir_all(backup);
}

#[tokio::test]
async fn restore_refuses_a_target_that_is_not_empty_unless_forced() {
    let db = TestDatabase::create().await;
    company_with_posting(&db).await;
    let backup = temp_dir("backup");
    let (ok, _, stderr) = run(&db, &["backup", "--to", path(&backup)]).await;
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = run(&db, &["restore", "--from", path(&backup)]).await;
    assert!(!ok, "restored over a database in use: {stdout}");
    assert!(stderr.contains("not empty") && stderr.contains("--force"), "{stderr}");
    let (ok, _, stderr) = run(&db, &["restore", "--from", path(&backup), "--force"]).await;
    assert!(ok, "--force: {stderr}");

    // A backup without its manifest (one that failed) is no backup.
    std::fs::remove_file(backup.join("manifest.json")).expect("remove");
    let fresh = TestDatabase::create().await;
    let (ok, _, stderr) = run(&fresh, &["restore", "--from", path(&backup)]).await;
    assert!(!ok && stderr.contains("manifest.json"), "{stderr}");
    let _ = std::fs::remove_dir_all(backup);
}

#[tokio::test]
async fn a_backup_into_an_unwritable_or_used_directory_is_refused() {
    let db = TestDatabase::create().await;
    company_with_posting(&db).await;
    // A directory under a file cannot be made (root may write anywhere, so no permission bits here).
    let file = temp_dir("file");
    std::fs::write(&file, b"a file").expect("file");
    let (ok, stdout, stderr) = run(&db, &["backup", "--to", path(&file.join("backup"))]).await;
    assert!(!ok, "{stdout}");
    assert!(stderr.contains("backup directory"), "{stderr}");

    let used = temp_dir("used");
    std::fs::create_dir_all(&used).expect("dir");
    std::fs::write(used.join("other"), b"x").expect("file");
    let (ok, _, stderr) = run(&db, &["backup", "--to", path(&used)]).await;
    assert!(!ok && stderr.contains("not empty"), "{stderr}");
    assert!(!used.join("manifest.json").exists());

    if db.is_postgres() {
        // PostgreSQL's backup is pg_dump's: without it, say so.
        let out = ansett(&db, &[]).env("PATH", "").args(["backup", "--to", path(&temp_dir("nodump"))]).output();
        let out = out.await.expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains("pg_dump was not found on PATH"), "{stderr}");
    }
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_dir_all(used);
}

/// A small file system of this test's own (tmpfs): a backup target that fills up. Mounting needs root, which CI
/// runs as; elsewhere the test says it was skipped, and under CI that is a failure.
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(bytes: usize) -> Option<SmallDisk> {
        let dir = temp_dir("small-disk");
        std::fs::create_dir_all(&dir).expect("dir");
        let size = format!("size={bytes}");
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &size, "tmpfs", path(&dir)])
            .status()
            .is_ok_and(|s| s.success());
        if mounted {
            return Some(SmallDisk(dir));
        }
        let _ = std::fs::remove_dir(&dir);
        assert!(!matches!(std::env::var("CI").as_deref(), Ok("true" | "1")), "CI runs as root: a tmpfs must mount");
        eprintln!("skipped: mounting a small tmpfs needs root");
        None
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// A backup that ran out of room failed loudly, left no manifest, and is refused by restore.
async fn assert_no_backup(db: &TestDatabase, backup: &Path, ok: bool, stderr: &str) {
    assert!(!ok, "a backup onto a full disk succeeded");
    assert!(stderr.contains("No space left on device") || stderr.contains("disk is full"), "{stderr}");
    assert!(!backup.join("manifest.json").exists(), "a failed backup has no manifest");
    let fresh = TestDatabase::create().await;
    let (restored, _, stderr) = run(&fresh, &["restore", "--from", path(backup)]).await;
    assert!(!restored && stderr.contains("manifest.json"), "{stderr}");
    assert!(db.is_postgres() || !fresh.data_dir.join("ansett.db").exists(), "restore made nothing");
}

#[tokio::test]
async fn a_backup_onto_a_full_disk_fails_and_is_never_taken_for_a_backup() {
    let db = TestDatabase::create().await;
    company_with_posting(&db).await;
    // The database does not fit.
    let Some(tiny) = SmallDisk::mount(16 * 1024) else { return };
    let backup = tiny.0.join("backup");
    let (ok, _, stderr) = run(&db, &["backup", "--to", path(&backup)]).await;
    assert_no_backup(&db, &backup, ok, &stderr).await;

    // The database fits, the files do not: four objects of 3 MiB on an 8 MiB disk.
    let files = LocalFiles::new(db.data_dir.join("files"));
    for i in 0..4u8 {
        let key = format!("company0/{}", uuid::Uuid::now_v7().simple());
        files.put(&key, &vec![i; 3 * 1024 * 1024]).await.expect("put");
    }
    let Some(small) = SmallDisk::mount(8 * 1024 * 1024) else { return };
    let backup = small.0.join("backup");
    let (ok, _, stderr) = run(&db, &["backup", "--to", path(&backup)]).await;
    assert_no_backup(&db, &backup, ok, &stderr).await;
    assert!(backup.join(if db.is_postgres() { "database.pgdump" } else { "database.sqlite" }).exists(), "{stderr}");
}

/// A local store with objects of two companies, one larger than a chunk; its keys and bytes.
async fn local_objects(root: &Path) -> Vec<(String, Vec<u8>)> {
    let files = LocalFiles::new(root.to_path_buf());
    let mut objects = Vec::new();
    for (i, size) in [300_000usize, 10, 70_000, 1, 5_000].into_iter().enumerate() {
        let key = format!("company{}/{}", i % 2, uuid::Uuid::now_v7().simple());
        let bytes: Vec<u8> = (0..size).map(|b| ((b * 7 + i) % 256) as u8).collect();
        files.put(&key, &bytes).await.expect("put");
        objects.push((key, bytes));
    }
    objects
}

fn assert_holds(root: &Path, objects: &[(String, Vec<u8>)]) {
    for (key, bytes) in objects {
        assert!(std::fs::read(root.join(key)).expect("copied") == *bytes, "{key} is the same");
    }
}

/// `ansett files copy` with the S3 test server's settings.
async fn files_copy(db: &TestDatabase, endpoint: &str, from: &str, to: &str) -> (bool, String, String) {
    let mut c = ansett(db, &[]);
    on_s3(&mut c, endpoint, "testing", "testing");
    let out = c.args(["files", "copy", "--from", from, "--to", to]).output().await.expect("run");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.success(), text(&out.stdout), text(&out.stderr))
}

#[tokio::test]
async fn files_copy_local_to_s3_and_back_replacing_a_corrupted_object() {
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_ENDPOINT") else { return };
    let db = TestDatabase::create().await;
    let source = temp_dir("files");
    let mut objects = local_objects(&source).await;
    // Larger than one PUT (8 MiB): sent to S3 as a multipart upload.
    let large: Vec<u8> = (0..9 * 1024 * 1024 + 17).map(|b: usize| (b % 253) as u8).collect();
    let key = format!("company0/{}", uuid::Uuid::now_v7().simple());
    LocalFiles::new(source.clone()).put(&key, &large).await.expect("put");
    objects.push((key, large));
    let bucket = format!("ansett-copy-{}", uuid::Uuid::now_v7().simple());
    let http = reqwest::Client::new();
    assert!(http.put(format!("{endpoint}/{bucket}")).send().await.expect("bucket").status().is_success());
    let s3 = format!("s3://{bucket}/moved");
    let from = format!("file:{}", source.display());

    let (ok, stdout, stderr) = files_copy(&db, &endpoint, &from, &s3).await;
    assert!(ok, "{stderr}");
    assert!(stdout.contains("6 copied") && stdout.contains("0 failed"), "{stdout}");

    // Damaged at the target: same size, other bytes. The next copy replaces it and skips the rest.
    let (key, bytes) = &objects[2];
    let damaged: Vec<u8> = bytes.iter().map(|b| b ^ 0xff).collect();
    let settings = test_s3(&endpoint);
    let bucket_store = Files::open(&Location::parse(&s3, settings).expect("url")).expect("open");
    bucket_store.put(key, &damaged).await.expect("damage");
    let (ok, stdout, stderr) = files_copy(&db, &endpoint, &from, &s3).await;
    assert!(ok, "{stderr}");
    assert!(stdout.contains("1 copied") && stdout.contains("5 skipped"), "{stdout}");

    let back = temp_dir("back");
    let (ok, stdout, stderr) = files_copy(&db, &endpoint, &s3, &format!("file:{}", back.display())).await;
    assert!(ok, "{stderr}");
    assert!(stdout.contains("6 copied"), "{stdout}");
    assert_holds(&back, &objects);

    let missing = format!("s3://ansett-missing-{}", uuid::Uuid::now_v7().simple());
    let (ok, _, stderr) = files_copy(&db, &endpoint, &from, &missing).await;
    assert!(!ok && stderr.contains("NoSuchBucket"), "{stderr}");
    for dir in [source, back] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[tokio::test]
async fn files_copy_resumes_an_interrupted_copy() {
    let db = TestDatabase::create().await;
    let source = temp_dir("files");
    let objects = local_objects(&source).await;
    // What an interrupted copy leaves: two objects done, one cut short (a shorter object; and a temporary file).
    let target = temp_dir("target");
    let done = LocalFiles::new(target.clone());
    for (key, bytes) in &objects[..2] {
        done.put(key, bytes).await.expect("put");
    }
    let (key, bytes) = &objects[2];
    done.put(key, &bytes[..bytes.len() / 2]).await.expect("put");
    std::fs::write(target.join(format!("{key}.part")), &bytes[..100]).expect("part");

    let (ok, stdout, stderr) = run(
        &db,
        &[
            "files",
            "copy",
            "--from",
            &format!("file:{}", source.display()),
            "--to",
            &format!("file:{}", target.display()),
        ],
    )
    .await;
    assert!(ok, "{stderr}");
    assert!(stdout.contains("3 copied") && stdout.contains("2 skipped") && stdout.contains("0 failed"), "{stdout}");
    assert_holds(&target, &objects);
    assert!(stderr.contains("5/5 objects"), "progress lines on a non-terminal: {stderr}");
    let listed = Files::Local(done).list_older_than(i64::MAX).await.expect("list");
    assert_eq!(listed.len(), objects.len(), "nothing but the objects: {listed:?}");
    for dir in [source, target] {
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[tokio::test]
async fn files_copy_with_wrong_credentials_fails_saying_so() {
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_AUTH_ENDPOINT") else { return };
    let db = TestDatabase::create().await;
    let source = temp_dir("files");
    local_objects(&source).await;
    let mut c = ansett(&db, &[]);
    c.env("ANSETT_S3_ENDPOINT", &endpoint)
        .env("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1")
        .env("AWS_SECRET_ACCESS_KEY", "wrong");
    let out = c.args(["files", "copy", "--from", &format!("file:{}", source.display()), "--to", "s3://ansett-any"]);
    let out = out.output().await.expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("AWS_ACCESS_KEY_ID") && stderr.contains("InvalidAccessKeyId"), "{stderr}");
    let _ = std::fs::remove_dir_all(source);
}

/// How many objects the bucket holds under `prefix/`, asked of the S3 test server directly.
async fn objects_in(endpoint: &str, bucket: &str, prefix: &str) -> usize {
    let url = format!("{endpoint}/{bucket}?list-type=2&prefix={prefix}/&max-keys=1000");
    let listing = reqwest::get(url).await.expect("list").text().await.expect("listing");
    listing.matches("<Key>").count()
}

#[tokio::test]
async fn a_copy_cut_off_by_the_store_going_away_stops_loudly_and_resumes() {
    use crate::support::relay::{Relay, Relaying};
    let Some(endpoint) = s3_endpoint("ANSETT_TEST_S3_ENDPOINT") else { return };
    let db = TestDatabase::create().await;
    let source = temp_dir("files");
    let files = LocalFiles::new(source.clone());
    let mut objects = Vec::new();
    for i in 0..300usize {
        let key = format!("company{}/{}", i % 3, uuid::Uuid::now_v7().simple());
        let bytes: Vec<u8> = (0..16_384 + i).map(|b| ((b * 11 + i) % 256) as u8).collect();
        files.put(&key, &bytes).await.expect("put");
        objects.push((key, bytes));
    }
    let bucket = create_bucket(&endpoint, "ansett-cut").await;
    let relay = Relay::start(&endpoint).await;
    let (from, to) = (format!("file:{}", source.display()), format!("s3://{bucket}/moved"));

    // The store goes away a megabyte into the copy (of about five).
    relay.cut_after(1024 * 1024);
    let (ok, stdout, stderr) = files_copy(&db, &relay.endpoint, &from, &to).await;
    assert!(!ok, "a cut-off copy does not succeed: {stdout}");
    assert!(stderr.contains("the copy stopped after"), "it says where it stopped: {stderr}");
    let there = objects_in(&endpoint, &bucket, "moved").await;
    assert!((1..objects.len()).contains(&there), "cut off after some objects and before the end: {there}");

    // Back again: the next run copies the rest, skipping what is there whole, and the bucket holds every object.
    relay.set(Relaying::Forward);
    let (ok, stdout, stderr) = files_copy(&db, &relay.endpoint, &from, &to).await;
    assert!(ok, "{stderr}");
    let expected = format!("{} copied (", objects.len() - there);
    let skipped = format!(", {there} skipped (already there), 0 failed");
    assert!(stdout.contains(&expected) && stdout.contains(&skipped), "{stdout}");
    let settings = test_s3(&endpoint);
    let copied = Files::open(&Location::parse(&to, settings).expect("url")).expect("open");
    for (key, bytes) in &objects {
        assert!(copied.get(key).await.expect("copied") == *bytes, "{key} is whole");
    }
    let _ = std::fs::remove_dir_all(source);
}
