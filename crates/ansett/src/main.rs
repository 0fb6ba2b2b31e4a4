//! `ansett`: the one binary. `serve` (the default) runs the web server; `migrate`, `admin …` are for operators.

mod cli;

use std::io::Read;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use app::{App, SetupInput, SetupMode};
use clap::Parser;
use domain::Language;

use cli::{AdminCommand, Cli, Command, LogFormat, RetentionCommand};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::CvText) = cli.command {
        // A child of `serve`: no runtime, no logging, nothing but the bounded read.
        return ExitCode::from(app::cv_text::run_child().clamp(0, 255) as u8);
    }
    // Bulk loads run statements that are slow by design; serving keeps sqlx's slow-statement warnings.
    let default_filter = match cli.command {
        Some(Command::DemoData(_)) => "info,sqlx=error,tower_http=warn",
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
    match runtime.block_on(run(cli)) {
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
            app.migrate().await.context("migrating")?;
            println!("ansett: database is up to date");
            Ok(())
        }
        Command::DemoData(args) => demo_data(cli, args).await,
        Command::CvText => bail!("`ansett cv-text` is started by `serve` itself"),
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
            c.candidates.join(", ")
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
    let app = App::open(config).await.context("opening the database")?;
    app.check_files().await.context(
        "the file store (--files-url / ANSETT_FILES_URL) does not work: check the bucket, the endpoint \
         (ANSETT_S3_ENDPOINT) and the credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)",
    )?;
    let local = listener.local_addr().context("reading the listening address")?;
    let backend = store::Backend::from_url(&app.config().database_url).map_or("unknown", store::Backend::name);
    tracing::info!(%local, backend, "ansett is ready");
    println!("ansett is running at http://{local}/ (public URL {})", app.config().public_url);

    let janitor = {
        let app = app.clone();
        tokio::spawn(async move {
            // Every ten minutes: uploads left without an application are an hour old before they are swept;
            // interviewers are reminded to evaluate within ten minutes of an interview's end.
            let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
            loop {
                every.tick().await;
                match app.purge_expired_sessions().await {
                    Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                    Ok(_) => {}
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
    };
    // Every minute: the step automations' delayed emails that are due (each taken once, whichever server).
    let automations = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                every.tick().await;
                match app.send_scheduled_emails(store::now_ms()).await {
                    Ok(n) if n > 0 => tracing::info!(sent = n, "delayed automatic emails queued"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "could not send the delayed automatic emails"),
                }
            }
        })
    };
    let retention = spawn_retention(app.clone());
    // The outbox worker stops with the server; what it has not sent stays queued for the next start.
    let (stop_mail, mail_stopped) = tokio::sync::oneshot::channel::<()>();
    let mailer = tokio::spawn(app.mailer().clone().run(async {
        let _ = mail_stopped.await;
    }));
    // Likewise the CV text reader: a file it has not read stays queued.
    let (stop_texts, texts_stopped) = tokio::sync::oneshot::channel::<()>();
    let texts = tokio::spawn(app.text_worker().clone().run(async {
        let _ = texts_stopped.await;
    }));
    // And the webhook deliveries: what is not delivered stays queued.
    let (stop_hooks, hooks_stopped) = tokio::sync::oneshot::channel::<()>();
    let hooks = tokio::spawn(app.clone().run_webhooks(async {
        let _ = hooks_stopped.await;
    }));
    web::serve(app.clone(), listener, shutdown_signal()).await.context("serving HTTP")?;
    let _ = stop_mail.send(());
    let _ = stop_texts.send(());
    let _ = stop_hooks.send(());
    let _ = mailer.await;
    let _ = texts.await;
    let _ = hooks.await;
    janitor.abort();
    automations.abort();
    // A pass cut off here rolls back the candidate it was anonymising; the next start finishes the rest.
    retention.abort();
    app.close().await;
    tracing::info!("ansett stopped");
    Ok(())
}

/// SIGINT (Ctrl-C) or SIGTERM: stop accepting, finish what is in flight.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
