//! A load generator for ansett, talking to a running server on loopback and stopping by itself.
//!
//! `ansett-bench --url http://127.0.0.1:8080 --setup` signs up a fresh installation (first-run setup) and
//! creates a published posting; the scenarios then measure requests per second and latency percentiles with
//! `--concurrency` clients for `--seconds`. Each run also measures `GET /healthz` the same way, and reports
//! every scenario's throughput as a ratio of it, so figures from noisy machines stay comparable.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Parser;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::multipart::{Form, Part};
use reqwest::{redirect, Client};
use tokio::sync::Mutex;

#[derive(Parser, Debug, Clone)]
struct Args {
    /// Base URL of a running ansett.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Run first-run setup and create a published posting (a fresh installation).
    #[arg(long)]
    setup: bool,
    /// Scenarios to run, comma-separated: healthz, posting, apply.
    #[arg(long, default_value = "healthz,posting,apply")]
    scenarios: String,
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    #[arg(long, default_value_t = 15)]
    seconds: u64,
    /// Size of the PDF CV sent with each application, in KB.
    #[arg(long, default_value_t = 200)]
    pdf_kb: usize,
}

struct Stats {
    latencies: Vec<Duration>,
    errors: usize,
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

/// First-run setup and one published posting; returns the posting's public path.
async fn setup(base: &str) -> Result<String> {
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
            ("email", "bench@bench.test"),
            ("password", "bench bench bench"),
            ("_csrf", &token),
        ])
        .send()
        .await?;
    if r.status() != 303 {
        bail!("setup failed ({}): is this a fresh installation?", r.status());
    }
    let page = c.get(format!("{base}/jobs/new")).send().await?.text().await?;
    let contact = page
        .split("name=\"contact\"")
        .nth(1)
        .and_then(|s| s.split("value=\"").nth(1))
        .and_then(|s| s.split('"').next())
        .context("no contact person on the form")?
        .to_string();
    let mut form: Vec<(&str, &str)> = vec![
        ("title", "Benchmark-stilling"),
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
        ("action", "save"),
        ("_csrf", &token),
    ];
    form.push(("member", ""));
    let r = c.post(format!("{base}/jobs/new")).header("Origin", base).form(&form).send().await?;
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let id = location.trim_start_matches("/jobs/").trim_end_matches("?created=1");
    if id.is_empty() {
        bail!("creating the posting failed ({})", r.status());
    }
    Ok(format!("/careers/bench-as/{id}"))
}

fn pdf(kb: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    while pdf.len() < kb * 1024 {
        pdf.extend_from_slice(b"% filler to make a CV-sized document ........................................\n");
    }
    pdf
}

async fn run(args: &Args, scenario: &str, posting: &str) -> Result<Stats> {
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let stats = Arc::new(Mutex::new(Stats { latencies: Vec::new(), errors: 0 }));
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let cv = Arc::new(pdf(args.pdf_kb));
    let mut workers = Vec::new();
    for w in 0..args.concurrency {
        let (base, scenario, posting, stats, counter, cv) =
            (args.url.clone(), scenario.to_string(), posting.to_string(), stats.clone(), counter.clone(), cv.clone());
        workers.push(tokio::spawn(async move {
            let jar = Arc::new(Jar::default());
            let c = client(jar.clone())?;
            c.get(format!("{base}{posting}/apply")).send().await?;
            let token = csrf(&jar, &base)?;
            let mut local = Vec::new();
            let mut errors = 0;
            while Instant::now() < deadline {
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let started = Instant::now();
                let ok = match scenario.as_str() {
                    "healthz" => c.get(format!("{base}/healthz")).send().await.is_ok_and(|r| r.status() == 200),
                    "posting" => c.get(format!("{base}{posting}")).send().await.is_ok_and(|r| r.status() == 200),
                    _ => {
                        let form = Form::new()
                            .text("first_name", "Bench")
                            .text("last_name", format!("Kandidat {w}"))
                            .text("email", format!("kandidat{n}@bench.test"))
                            .text("consent", "yes")
                            .part("cv", Part::bytes(cv.to_vec()).file_name("cv.pdf"));
                        c.post(format!("{base}{posting}/apply?_csrf={token}"))
                            .header("Origin", &base)
                            .multipart(form)
                            .send()
                            .await
                            .is_ok_and(|r| r.status() == 303)
                    }
                };
                if ok {
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

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let posting = if args.setup { setup(&args.url).await? } else { bail!("run with --setup on a fresh installation") };
    println!("posting: {}{posting}", args.url);
    println!(
        "{:<10} {:>9} {:>10} {:>8} {:>8} {:>8} {:>7} {:>9}",
        "scenario", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "÷healthz"
    );
    let mut healthz_rate = None;
    for scenario in args.scenarios.split(',').map(str::trim) {
        let mut stats = run(&args, scenario, &posting).await?;
        stats.latencies.sort();
        let rate = stats.latencies.len() as f64 / args.seconds as f64;
        if scenario == "healthz" {
            healthz_rate = Some(rate);
        }
        let ratio = healthz_rate.map(|h| format!("{:.2}", rate / h)).unwrap_or_else(|| "-".into());
        println!(
            "{:<10} {:>9} {:>10.1} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>9}",
            scenario,
            stats.latencies.len(),
            rate,
            percentile(&stats.latencies, 0.50),
            percentile(&stats.latencies, 0.95),
            percentile(&stats.latencies, 0.99),
            stats.errors,
            ratio
        );
    }
    Ok(())
}
