//! A load generator for ansett, talking to a running server on loopback and stopping by itself. The binary
//! `ansett-bench` prints a table; the ordinary test suite runs every scenario briefly (crates/ansett/tests/demo.rs)
//! so none of them rots.
//!
//! Two ways to point it at data:
//! - `--setup`: a fresh installation — first-run setup and one published posting, made through the real forms;
//! - `--demo <slug> --email … --password …`: a company filled by `ansett demo-data` (e.g. a million candidates);
//!   the tool finds postings, candidates and the list's last page itself.
//!
//! Every scenario runs `--concurrency` clients for `--seconds` and reports requests/s and p50/p95/p99; each run also
//! measures `GET /healthz` the same way and reports every scenario's throughput as a ratio of it, so figures from
//! noisy machines stay comparable.

pub mod cv;
mod scrape;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::multipart::{Form, Part};
use reqwest::{redirect, Client, StatusCode};
use tokio::sync::Mutex;

#[derive(Parser, Debug, Clone)]
pub struct Args {
    /// Base URL of a running ansett.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// More servers of the same installation (one database, one file store), as behind a load balancer: the clients
    /// take turns, client k talking to server k mod n. Setup and discovery use `--url`.
    #[arg(long = "also-url")]
    pub also_urls: Vec<String>,
    /// Run first-run setup and create a published posting (a fresh installation).
    #[arg(long)]
    pub setup: bool,
    /// The slug of a company filled by `ansett demo-data`.
    #[arg(long)]
    pub demo: Option<String>,
    /// An administrator of that company (demo-data prints it).
    #[arg(long, default_value = "bench@bench.test")]
    pub email: String,
    #[arg(long, default_value = "bench bench bench")]
    pub password: String,
    /// Scenarios to run, comma-separated: healthz, signin, careers, posting, apply, board, profile, list_first,
    /// list_last, list_deep, kilde, search, source100. Scenarios joined by `+` (`apply+list_first`) run at the
    /// same time, each with `--concurrency` clients, and are reported each on its own line.
    #[arg(long, default_value = "healthz,careers,posting,apply")]
    pub scenarios: String,
    #[arg(long, default_value_t = 16)]
    pub concurrency: usize,
    #[arg(long, default_value_t = 15)]
    pub seconds: u64,
    /// Size of the PDF CV sent with each application, in KB (`--cv filler`).
    #[arg(long, default_value_t = 200)]
    pub pdf_kb: usize,
    /// The CV `apply` sends: `filler` (`--pdf-kb` with no text), `two-page` (~700 words), `long` (24 pages, ~1,600
    /// distinct words).
    #[arg(long, value_enum, default_value = "filler")]
    pub cv: cv::Kind,
    /// The word the search scenario looks for.
    #[arg(long, default_value = "hansen")]
    pub search: String,
    /// How many "Neste" pages into the list the list_deep scenario's page is.
    #[arg(long, default_value_t = 1_000)]
    pub deep_pages: usize,
}

impl Args {
    /// The servers the clients talk to: `--url` first, then every `--also-url`.
    pub fn servers(&self) -> Vec<String> {
        std::iter::once(self.url.clone()).chain(self.also_urls.iter().cloned()).collect()
    }

    /// How many "Neste" links `discover` follows to find list_deep's page (none unless it runs).
    pub fn deep_pages_wanted(&self) -> usize {
        if self.scenarios.split(',').any(|s| s.trim() == "list_deep") {
            self.deep_pages
        } else {
            0
        }
    }
}

/// What the scenarios need to know about the data, found once before they run.
pub struct Target {
    pub slug: String,
    /// A published posting: its public page, its board, the Kilde filter.
    pub posting: String,
    /// Another published posting: where source100 sources candidates to.
    pub source_to: String,
    /// Candidate ids to open and to source.
    pub candidates: Vec<String>,
    /// The list's "Siste" link.
    pub last_page: String,
    /// The list's page `Args::deep_pages` "Neste" links from the first (as far as the list goes).
    pub deep_page: String,
}

/// What one scenario measured.
pub struct Stats {
    pub latencies: Vec<Duration>,
    pub errors: usize,
}

/// One line of the report.
pub struct Row {
    pub scenario: String,
    pub requests: usize,
    pub rate: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub errors: usize,
    /// Throughput as a share of `healthz` measured in the same run (when it ran first).
    pub ratio: Option<f64>,
}

fn client(jar: Arc<Jar>) -> Result<Client> {
    Ok(Client::builder().cookie_provider(jar).redirect(redirect::Policy::none()).pool_max_idle_per_host(64).build()?)
}

fn csrf(jar: &Jar, base: &str) -> Result<String> {
    let cookies = jar.cookies(&base.parse()?).context("no cookies")?;
    cookies
        .to_str()?
        .split("; ")
        .find_map(|c| c.strip_prefix("ansett_csrf=").map(str::to_string))
        .context("no csrf cookie")
}

/// A client with a CSRF token, signed in when `credentials` are given (then the token is the session's own, read
/// off a page as a browser's form carries it).
async fn session(base: &str, credentials: Option<(&str, &str)>) -> Result<(Client, Arc<Jar>, String)> {
    let jar = Arc::new(Jar::default());
    let c = client(jar.clone())?;
    c.get(format!("{base}/login")).send().await?;
    let mut token = csrf(&jar, base)?;
    if let Some((email, password)) = credentials {
        let r = c
            .post(format!("{base}/login"))
            .header("Origin", base)
            .form(&[("email", email), ("password", password), ("_csrf", &token)])
            .send()
            .await?;
        if r.status() != StatusCode::SEE_OTHER {
            bail!("signing in as {email} failed ({})", r.status());
        }
        let page = c.get(format!("{base}/profile")).send().await?.text().await?;
        token = scrape::input_value(&page, "_csrf").context("no CSRF token on a signed-in page")?;
    }
    Ok((c, jar, token))
}

/// First-run setup and two published postings; returns the company's slug.
pub async fn setup(base: &str, email: &str, password: &str) -> Result<String> {
    let jar = Arc::new(Jar::default());
    let c = client(jar.clone())?;
    c.get(format!("{base}/setup")).send().await?;
    let token = csrf(&jar, base)?;
    let r = c
        .post(format!("{base}/setup"))
        .header("Origin", base)
        .form(&[
            ("company_name", "Bench AS"),
            ("first_name", "Benk"),
            ("last_name", "Merke"),
            ("email", email),
            ("password", password),
            ("_csrf", &token),
        ])
        .send()
        .await?;
    if r.status() != 303 {
        bail!("setup failed ({}): is this a fresh installation?", r.status());
    }
    let page = c.get(format!("{base}/jobs/new")).send().await?.text().await?;
    let contact = scrape::input_value(&page, "contact").context("no contact person on the form")?;
    // Signed in now: the form carries the session's own token.
    let token = scrape::input_value(&page, "_csrf").context("no CSRF token on the form")?;
    for title in ["Benchmark-stilling", "Benchmark-stilling 2"] {
        let form: Vec<(&str, &str)> = vec![
            ("title", title),
            ("position_type", "permanent"),
            ("contact", &contact),
            ("language", "nb"),
            ("step_name_0", "Screening"),
            ("step_type_0", "screening"),
            ("step_form_0", "standard"),
            ("step_name_1", "Intervju"),
            ("step_type_1", "interview"),
            ("step_form_1", "none"),
            ("team_0", &contact),
            ("body", "En stilling for måling."),
            ("field_phone", "optional"),
            ("field_cv", "required"),
            ("field_cover_letter", "hidden"),
            ("field_education", "hidden"),
            ("field_work_experience", "hidden"),
            ("field_linkedin", "hidden"),
            ("email_subject", "Takk, {{candidate.first_name}}"),
            ("email_body", "Hei {{candidate.full_name}}, takk for søknaden til {{job.title}}."),
            ("status", "published"),
            ("member", ""),
            ("action", "save"),
            ("_csrf", &token),
        ];
        let r = c.post(format!("{base}/jobs/new")).header("Origin", base).form(&form).send().await?;
        if r.status() != StatusCode::SEE_OTHER {
            bail!("creating a posting failed ({})", r.status());
        }
    }
    Ok("bench-as".into())
}

/// Finds two published postings on the careers page, candidates (the first pages of the list), the last page, and
/// the page `deep_pages` "Neste" links in.
pub async fn discover(base: &str, slug: &str, credentials: (&str, &str), deep_pages: usize) -> Result<Target> {
    let (c, _, _) = session(base, Some(credentials)).await?;
    let careers = c.get(format!("{base}/careers/{slug}")).send().await?.text().await?;
    let postings = scrape::ids_after(&careers, &format!("/careers/{slug}/"));
    let posting = postings.first().context("no published posting on the careers page")?.clone();
    let source_to = postings.get(1).unwrap_or(&posting).clone();
    let mut candidates = Vec::new();
    let mut page = c.get(format!("{base}/candidates")).send().await?.text().await?;
    let last_page = scrape::link_with_text(&page, "Siste").unwrap_or_else(|| "/candidates".into());
    let mut deep_page = "/candidates".to_string();
    for n in 0..deep_pages.max(4) {
        if n < 4 {
            candidates.extend(scrape::ids_after(&page, "/candidates/"));
        }
        let Some(next) = scrape::rel_link(&page, "next") else { break };
        page = c.get(format!("{base}{next}")).send().await?.text().await?;
        if n < deep_pages {
            deep_page = next;
        }
    }
    candidates.dedup();
    if candidates.is_empty() {
        // A fresh installation: apply once so there is someone to open.
        candidates.push(String::new());
    }
    Ok(Target { slug: slug.to_string(), posting, source_to, candidates, last_page, deep_page })
}

/// What one client works with.
struct Worker<'a> {
    /// The server this client talks to.
    base: &'a str,
    c: &'a Client,
    /// A client that keeps no cookies: each "signin" is a visitor's first, as a new browser's would be.
    bare: &'a Client,
    token: &'a str,
    args: &'a Args,
    target: &'a Target,
    /// The CVs `apply` sends, taken in turn (`cv::pdfs`).
    cvs: &'a [Vec<u8>],
}

/// The status of a response whose whole body arrived, as a browser would wait for it; the timing includes the
/// transfer, and the connection goes back to the pool for the next request (a body left unread closes it).
async fn answered(response: reqwest::Result<reqwest::Response>) -> Option<StatusCode> {
    let response = response.ok()?;
    let status = response.status();
    response.bytes().await.ok()?;
    Some(status)
}

/// One request of `scenario`; true when it got the answer a person would.
async fn once(w: &Worker<'_>, scenario: &str, n: u64) -> Result<bool> {
    let (c, base, token, args, t, cvs) = (w.c, w.base, w.token, w.args, w.target, w.cvs);
    let get = |path: String| async move { answered(c.get(format!("{base}{path}")).send().await).await };
    let ok = |s: Option<StatusCode>| s == Some(StatusCode::OK);
    let pick = |k: u64| &t.candidates[(k as usize) % t.candidates.len()];
    Ok(match scenario {
        "healthz" => ok(get("/healthz".into()).await),
        "careers" => ok(get(format!("/careers/{}", t.slug)).await),
        "posting" => ok(get(format!("/careers/{}/{}", t.slug, t.posting)).await),
        "board" => ok(get(format!("/jobs/{}/board", t.posting)).await),
        "profile" => ok(get(format!("/candidates/{}", pick(n))).await),
        "list_first" => ok(get("/candidates".into()).await),
        "list_last" => ok(get(t.last_page.clone()).await),
        "list_deep" => ok(get(t.deep_page.clone()).await),
        "kilde" => ok(get(format!("/candidates?kilde={}", t.posting)).await),
        "search" => ok(get(format!("/candidates?q={}", args.search)).await),
        "signin" => {
            let r = w
                .bare
                .post(format!("{base}/login"))
                .header("Origin", base)
                .header("Cookie", format!("ansett_csrf={token}"))
                .form(&[("email", args.email.as_str()), ("password", args.password.as_str()), ("_csrf", token)])
                .send()
                .await;
            answered(r).await == Some(StatusCode::SEE_OTHER)
        }
        "source100" => {
            let mut form: Vec<(&str, String)> =
                vec![("stage", "source".into()), ("posting", t.source_to.clone()), ("_csrf", token.to_string())];
            for k in 0..100 {
                form.push(("candidate", pick(n * 100 + k).clone()));
            }
            let r = c.post(format!("{base}/candidates/source")).header("Origin", base).form(&form).send().await;
            ok(answered(r).await)
        }
        "apply" => {
            let form = Form::new()
                .text("first_name", "Bench")
                .text("last_name", format!("Kandidat {n}"))
                .text("email", format!("kandidat{n}.{}@bench.test", std::process::id()))
                .text("consent", "yes")
                .part("cv", Part::bytes(cvs[(n as usize) % cvs.len()].clone()).file_name("cv.pdf"));
            let r = c
                .post(format!("{base}/careers/{}/{}/apply?_csrf={token}", t.slug, t.posting))
                .header("Origin", base)
                .multipart(form)
                .send()
                .await;
            answered(r).await == Some(StatusCode::SEE_OTHER)
        }
        other => bail!("unknown scenario {other}"),
    })
}

pub async fn run(args: &Args, target: &Arc<Target>, scenario: &str) -> Result<Stats> {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let stats = Arc::new(Mutex::new(Stats { latencies: Vec::new(), errors: 0 }));
    let counter = Arc::new(AtomicU64::new(0));
    let cvs = Arc::new(cv::pdfs(args.cv, args.pdf_kb));
    let staff = !matches!(scenario, "healthz" | "careers" | "posting" | "apply" | "signin");
    let servers = args.servers();
    let mut workers = Vec::new();
    for k in 0..args.concurrency {
        let (args, target, scenario, stats, counter, cvs) =
            (args.clone(), target.clone(), scenario.to_string(), stats.clone(), counter.clone(), cvs.clone());
        let base = servers[k % servers.len()].clone();
        workers.push(tokio::spawn(async move {
            let credentials = staff.then_some((args.email.as_str(), args.password.as_str()));
            let (c, _, token) = session(&base, credentials).await?;
            let bare = Client::builder().redirect(redirect::Policy::none()).build()?;
            let mut local = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let started = Instant::now();
                let worker =
                    Worker { base: &base, c: &c, bare: &bare, token: &token, args: &args, target: &target, cvs: &cvs };
                if once(&worker, &scenario, n).await? {
                    local.push(started.elapsed());
                } else {
                    errors += 1;
                }
            }
            let mut s = stats.lock().await;
            s.latencies.extend(local);
            s.errors += errors;
            anyhow::Ok(())
        }));
    }
    for w in workers {
        w.await??;
    }
    let stats = Arc::try_unwrap(stats).map_err(|_| anyhow::anyhow!("workers still running"))?.into_inner();
    Ok(stats)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Runs `args.scenarios` in order against `target` and measures each; the parts of an `a+b` entry together.
pub async fn run_all(args: &Args, target: &Arc<Target>) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    let mut healthz_rate = None;
    for entry in args.scenarios.split(',').map(str::trim) {
        let parts: Vec<&str> = entry.split('+').map(str::trim).collect();
        let running: Vec<_> = parts
            .iter()
            .map(|part| {
                let (args, target, part) = (args.clone(), target.clone(), part.to_string());
                tokio::spawn(async move { run(&args, &target, &part).await })
            })
            .collect();
        let mut measured = Vec::new();
        for r in running {
            measured.push(r.await??);
        }
        for (part, mut stats) in parts.iter().zip(measured) {
            stats.latencies.sort();
            let rate = stats.latencies.len() as f64 / args.seconds as f64;
            if entry == "healthz" {
                healthz_rate = Some(rate);
            }
            // A part measured beside others says so: `list_first (+apply)`.
            let others: Vec<&str> = parts.iter().filter(|p| *p != part).copied().collect();
            let scenario = if others.is_empty() { part.to_string() } else { format!("{part} (+{})", others.join("+")) };
            rows.push(Row {
                scenario,
                requests: stats.latencies.len(),
                rate,
                p50: percentile(&stats.latencies, 0.50),
                p95: percentile(&stats.latencies, 0.95),
                p99: percentile(&stats.latencies, 0.99),
                errors: stats.errors,
                ratio: healthz_rate.map(|h| rate / h),
            });
        }
    }
    Ok(rows)
}
