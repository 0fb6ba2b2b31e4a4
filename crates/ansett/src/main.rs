//! `ansett`: the one binary. `serve` (the default) runs the web server; `migrate`, `admin …` are for operators.

mod backup;
mod cli;
mod durable;
mod files_copy;
mod manifest;
mod pg_tools;
mod progress;
mod restore;
mod shutdown;

use std::io::Read;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use app::{App, SetupInput, SetupMode};
use clap::Parser;
use domain::Language;

use cli::{AdminCommand, Cli, Command, FilesCommand, LogFormat, RetentionCommand};
use shutdown::Shutdown;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::CvText { many }) = cli.command {
        // A child of `serve`: no runtime, no logging, nothing but the bounded read.
        return ExitCode::from(app::cv_text::run_child(many).clamp(0, 255) as u8);
    }
    // Bulk loads run statements that are slow by design; serving keeps sqlx's slow-statement warnings.
    let default_filter = match cli.command {
        Some(Command::DemoData(_)) => "info,sqlx=error,tower_http=warn",
        Some(Command::Files { .. } | Command::Backup(_) | Command::Restore(_)) => "info,sqlx=warn,object_store=warn",
        _ => "info,sqlx=warn,tower_http=warn",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("ANSETT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).init(),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("ansett: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(cli));
    // Work cut off at the shutdown timeout (a request still reading its body, a file write on a blocking thread)
    // must not hold the process: its tasks are dropped, and blocking threads get a moment before the exit.
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line, the whole cause chain, no backtrace.
            eprintln!("ansett: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    let command = cli.command.clone().unwrap_or(Command::Serve);
    match command {
        Command::Serve => serve(cli).await,
        Command::Migrate => {
            let app = App::open(cli.app_config(false)?).await.context("opening the database")?;
            let progress = progress::CountProgress::new("indexing candidates for search", "candidates");
            app.migrate(&|p| progress.update(p.done, p.waiting)).await.context("migrating")?;
            progress.finish();
            println!("ansett: database is up to date");
            Ok(())
        }
        Command::DemoData(args) => demo_data(cli, args).await,
        Command::Files { command: FilesCommand::Copy(args) } => files_copy::run(&args.from, &args.to).await,
        Command::Backup(args) => backup::run(&cli, &args.to).await,
        Command::Restore(args) => restore::run(&cli, &args.from, args.force).await,
        Command::CvText { .. } => bail!("`ansett cv-text` is started by `serve` itself"),
        Command::Retention { command: RetentionCommand::Run { dry_run } } => retention(cli, dry_run).await,
        Command::Admin { command: AdminCommand::CreateCompany(args) } => {
            let password = match (&args.password_file, args.existing_user) {
                (None, true) => String::new(),
                (path, _) => read_password(path.as_deref())?,
            };
            let language = Language::from_code(&args.language).context("--language must be nb or en")?;
            let app = App::open(cli.app_config(true)?).await.context("opening the database")?;
            let input = SetupInput {
                company_name: args.name,
                first_name: args.admin_first_name,
                last_name: args.admin_last_name,
                email: args.admin_email,
                password,
                language,
            };
            match app.set_up_company(input, SetupMode::Operator).await {
                Ok(outcome) => {
                    println!("ansett: created company {}", outcome.company_id);
                    if outcome.existing_user {
                        println!("ansett: the administrator already had a login; their password is unchanged");
                    }
                    Ok(())
                }
                Err(e) => Err(operator_error(e)),
            }
        }
        Command::Admin { command: AdminCommand::SetPassword(args) } => {
            let password = read_password(args.password_file.as_deref())?;
            let app = App::open(cli.app_config(true)?).await.context("opening the database")?;
            match app.reset_password(&args.email, &password).await {
                Ok(ended) => {
                    println!("ansett: new password set for {}; {ended} session(s) ended", args.email);
                    Ok(())
                }
                Err(app::AppError::NotFound) => bail!("no login has the email address {}", args.email),
                Err(e) => Err(operator_error(e)),
            }
        }
    }
}

/// A password for an operator command: the whole of `path`, or of standard input, without the final line break.
fn read_password(path: Option<&std::path::Path>) -> Result<String> {
    let text = match path {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).context("reading the password from standard input")?;
            s
        }
    };
    Ok(text.trim_end_matches(['\n', '\r']).to_string())
}

/// An operator command's failure, with invalid fields named.
fn operator_error(e: app::AppError) -> anyhow::Error {
    match e {
        app::AppError::Invalid(errors) => {
            let lines: Vec<String> = errors.0.iter().map(|e| format!("{}: {:?}", e.field, e.code)).collect();
            anyhow::anyhow!("invalid input: {}", lines.join(", "))
        }
        e => e.into(),
    }
}

async fn demo_data(cli: Cli, args: cli::DemoDataArgs) -> Result<()> {
    let app = App::open(cli.app_config(true)?).await.context("opening the database")?;
    let opts = app::demo::DemoOptions {
        company: args.company,
        candidates: args.candidates,
        force: args.force,
        seed: args.seed,
        batch: args.batch,
    };
    let bar = indicatif::ProgressBar::new(opts.candidates);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} candidates · {per_sec} · ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let progress = |done: u64, total: u64| {
        bar.set_length(total);
        bar.set_position(done);
    };
    let outcome = match app.demo_data(&opts, &progress).await {
        Ok(o) => o,
        Err(app::AppError::Refused(key)) => bail!("{}", domain::i18n::T(domain::Language::En).get(key)),
        Err(e) => return Err(e.into()),
    };
    bar.finish();
    println!(
        "ansett: {} now has {} demo candidates ({} added, {} applications) in {} postings, in {:.1} s",
        outcome.company,
        outcome.total_candidates,
        outcome.added_candidates,
        outcome.added_applications,
        outcome.postings,
        started.elapsed().as_secs_f64()
    );
    println!("ansett: careers page /careers/{}; sign in as {}", outcome.slug, outcome.admin_email);
    if let Some(p) = outcome.password {
        println!("ansett: password of the demo employees made now: {p}");
    }
    Ok(())
}

/// `ansett retention run [--dry-run]`: one pass, and what it did (ids and counts, never names).
async fn retention(cli: Cli, dry_run: bool) -> Result<()> {
    let app = App::open(cli.app_config(true)?).await.context("opening the database")?;
    let Some(report) = app.retention_pass(dry_run).await.context("retention pass")? else {
        bail!("another server is running a retention pass right now; try again when it is done");
    };
    let verb = if dry_run { "due (dry run, nothing changed)" } else { "anonymised" };
    println!("ansett: retention pass: {} candidate(s) {verb}", report.total());
    for c in &report.companies {
        println!(
            "ansett: company {} (retention {} months): {} candidate(s) {verb}{}{}",
            c.company_id,
            c.retention_months,
            c.candidates.len(),
            if c.candidates.is_empty() { "" } else { ": " },
            c.candidates.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        );
        if c.audit_events_removed > 0 {
            println!(
                "ansett: company {}: {} audit log event(s) older than the audit period removed",
                c.company_id, c.audit_events_removed
            );
        }
        if c.reminded > 0 {
            println!("ansett: company {}: {} talent-pool renewal reminder(s) sent", c.company_id, c.reminded);
        }
    }
    app.close().await;
    Ok(())
}

/// The retention pass inside `serve`: at start, then hourly. On PostgreSQL only the server holding the advisory
/// lock runs it; the others skip that hour.
fn spawn_retention(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let started = std::time::Instant::now();
            match app.retention_pass(false).await {
                Ok(Some(r)) => {
                    let ms = started.elapsed().as_millis() as u64;
                    tracing::info!(anonymised = r.total(), ms, "retention pass done")
                }
                Ok(None) => tracing::info!("retention pass skipped: another server is running it"),
                Err(e) => tracing::warn!(error = %e, "retention pass failed; the next one retries"),
            }
        }
    })
}

async fn serve(cli: Cli) -> Result<()> {
    let config = cli.app_config(!cli.no_migrate)?;
    let listener =
        tokio::net::TcpListener::bind(&cli.listen).await.with_context(|| format!("cannot listen on {}", cli.listen))?;
    let local = listener.local_addr().context("reading the listening address")?;
    // Before anything records: the recorder only sees what comes after it.
    let metrics = match &cli.metrics_listen {
        Some(addr) => Some(metrics_listener(addr, local).await?),
        None => None,
    };
    let app = App::open(config).await.context("opening the database")?;
    app.check_files().await.context(
        "the file store (--files-url / ANSETT_FILES_URL) does not work: check the bucket, the endpoint \
         (ANSETT_S3_ENDPOINT) and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
    )?;
    let backend = store::Backend::from_url(&app.config().database_url).map_or("unknown", store::Backend::name);
    let metrics_at = match &metrics {
        Some((l, _)) => Some(l.local_addr().context("reading the metrics address")?),
        None => None,
    };
    tracing::info!(%local, backend, metrics = ?metrics_at, "ansett is ready");
    let metrics_note = metrics_at.map(|a| format!("; metrics at http://{a}/metrics")).unwrap_or_default();
    println!("ansett is running at http://{local}/ (public URL {}{metrics_note})", app.config().public_url);

    let shutdown = Shutdown::listen(std::time::Duration::from_secs(cli.shutdown_timeout));
    let janitor = spawn_janitor(app.clone());
    // The step automations' delayed emails, each when it is due (each taken once, whichever server).
    let automations =
        tokio::spawn(app.clone().run_scheduled_emails(app::schedule::Clock::System, std::future::pending()));
    let retention = spawn_retention(app.clone());
    // The workers stop at the signal, each after the item in hand; what they have not done stays queued for the
    // next start: emails in the outbox, CV texts to read, webhook deliveries.
    let workers = [
        ("email delivery", tokio::spawn(app.mailer().clone().run(shutdown.requested()))),
        ("CV text reading", tokio::spawn(app.text_worker().clone().run(shutdown.requested()))),
        ("webhook delivery", tokio::spawn(app.clone().run_webhooks(shutdown.requested()))),
        ("arbeidsplassen transfers", tokio::spawn(app.clone().run_nav(shutdown.requested()))),
        ("log checkpoints", tokio::spawn(app.clone().run_checkpoints(shutdown.requested()))),
    ];
    let served = web::serve_bounded(app.clone(), listener, metrics, shutdown.requested(), shutdown.grace())
        .await
        .context("serving HTTP")?;
    let mut cut_off = false;
    if let web::Stopped::CutOff(requests) = served {
        tracing::warn!(requests, "shutdown timeout reached: {requests} request(s) in flight cut off");
        cut_off = true;
    }
    for (name, worker) in workers {
        if tokio::time::timeout_at(shutdown.deadline(), worker).await.is_err() {
            tracing::warn!(worker = name, "shutdown timeout reached: the {name} worker cut off");
            cut_off = true;
        }
    }
    janitor.abort();
    automations.abort();
    // A pass cut off here rolls back the candidate it was anonymising; the next start finishes the rest.
    retention.abort();
    if cut_off {
        // Requests cut off may still hold pooled connections, which `close` would wait for; their transactions
        // roll back when the process ends.
        tracing::warn!("ansett stopped at the shutdown timeout");
    } else {
        app.close().await;
        tracing::info!("ansett stopped");
    }
    Ok(())
}

/// Every ten minutes: expired sessions end (on one server at a time); uploads left without an application are an hour old before they are
/// swept; interviewers are reminded to evaluate within ten minutes of an interview's end.
fn spawn_janitor(app: App) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            every.tick().await;
            match app.purge_expired_sessions().await {
                Ok(Some(n)) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(Some(_)) => {}
                Ok(None) => tracing::info!("session purge skipped: another server is running it"),
                Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
            }
            match app.interview_reminders(store::now_ms()).await {
                Ok(n) if n > 0 => tracing::info!(reminded = n, "interviewers reminded to evaluate"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not send the interview reminders"),
            }
            match app.sweep_files(store::now_ms()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "files without an application removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "could not sweep the file store"),
            }
        }
    })
}

/// `--metrics-listen`: its own listener (refused when it is the public one) and the installed recorder.
async fn metrics_listener(
    addr: &str,
    public: std::net::SocketAddr,
) -> Result<(tokio::net::TcpListener, web::metrics::Exporter)> {
    let wanted: Vec<std::net::SocketAddr> = tokio::net::lookup_host(addr)
        .await
        .with_context(|| format!("--metrics-listen {addr:?} is not an address and port"))?
        .collect();
    if wanted.iter().any(|w| same_listener(*w, public)) {
        bail!("--metrics-listen {addr} is the public listener's address: metrics need a listener of their own");
    }
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen for metrics on {addr} (--metrics-listen)"))?;
    let exporter = web::metrics::Exporter::install().context("installing the metrics recorder")?;
    Ok((listener, exporter))
}

/// Whether a listener on `wanted` would take connections meant for `public`: the same port on the same address,
/// or on all addresses (`0.0.0.0`, `::`) on either side. Port 0 (any free port) never is.
fn same_listener(wanted: std::net::SocketAddr, public: std::net::SocketAddr) -> bool {
    wanted.port() != 0
        && wanted.port() == public.port()
        && (wanted.ip() == public.ip() || wanted.ip().is_unspecified() || public.ip().is_unspecified())
}

#[cfg(test)]
mod tests {
    use super::same_listener;

    #[test]
    fn the_public_listener_is_refused_for_metrics() {
        let public = "127.0.0.1:8080".parse().unwrap();
        assert!(same_listener("127.0.0.1:8080".parse().unwrap(), public));
        assert!(same_listener("0.0.0.0:8080".parse().unwrap(), public));
        assert!(same_listener("127.0.0.1:8080".parse().unwrap(), "0.0.0.0:8080".parse().unwrap()));
        assert!(!same_listener("127.0.0.1:9090".parse().unwrap(), public));
        assert!(!same_listener("127.0.0.2:8080".parse().unwrap(), public));
        assert!(!same_listener("127.0.0.1:0".parse().unwrap(), "127.0.0.1:0".parse().unwrap()));
    }
}
