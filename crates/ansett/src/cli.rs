//! Flags and environment variables. Their names are a contract documented in the README.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};

#[derive(Parser, Clone, Debug)]
#[command(
    name = "ansett",
    version,
    about = "ansett — applicant tracking for Norwegian companies and their recruitment agencies"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Where ansett keeps its SQLite database and files.
    #[arg(long, env = "ANSETT_DATA_DIR", default_value = "./ansett-data", global = true)]
    pub data_dir: PathBuf,

    /// `postgres://…` for PostgreSQL; default: SQLite in the data directory.
    #[arg(long, env = "ANSETT_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Where uploaded files are stored: `file:DIRECTORY`, or `s3://BUCKET[/PREFIX]` with ANSETT_S3_ENDPOINT (an
    /// S3-compatible server, path-style; unset: AWS), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION
    /// (default us-east-1). Default: the data directory's files/.
    #[arg(long, env = "ANSETT_FILES_URL", global = true)]
    pub files_url: Option<String>,

    /// Address and port to listen on (serve).
    #[arg(long, env = "ANSETT_LISTEN", default_value = "127.0.0.1:8080", global = true)]
    pub listen: String,

    /// Serve Prometheus metrics at `/metrics` on this address and port (serve), a listener of its own that is never
    /// the public one; unset: no metrics.
    #[arg(long, env = "ANSETT_METRICS_LISTEN", global = true)]
    pub metrics_listen: Option<String>,

    /// On SIGTERM or SIGINT, how many seconds requests in flight get to finish before the server stops anyway.
    #[arg(long, env = "ANSETT_SHUTDOWN_TIMEOUT", value_name = "SECONDS", default_value_t = 30, global = true,
        value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub shutdown_timeout: u64,

    /// The address people reach ansett at, used in links in emails; default: from --listen.
    #[arg(long, env = "ANSETT_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// SMTP server for outgoing email, e.g. smtp://127.0.0.1:2525; unset: emails are written as .eml files.
    #[arg(long, env = "ANSETT_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// Sender address of outgoing email.
    #[arg(long, env = "ANSETT_SMTP_FROM", default_value = "ansett <ansett@localhost>", global = true)]
    pub smtp_from: String,

    /// Applications one client address may submit per ten minutes; 0 turns the limit off (benchmarks).
    #[arg(long, env = "ANSETT_APPLY_LIMIT", default_value_t = 20, global = true)]
    pub apply_limit: usize,

    /// Lets webhooks reach `http://` receivers on this machine's loopback addresses (127.0.0.0/8, ::1): for a
    /// local receiver during development and tests. Never needed in production; other private ranges stay refused.
    #[arg(long, env = "ANSETT_WEBHOOKS_ALLOW_LOOPBACK", global = true)]
    pub webhooks_allow_loopback: bool,

    /// Load balancers or reverse proxies in front of ansett, as addresses or networks (`10.0.0.0/8`), comma-separated:
    /// for a request from one of them, the client is the nearest untrusted address in `X-Forwarded-For` (the apply
    /// limit and the sign-in throttle count by it). Unset: the header is ignored, as anyone can write it.
    #[arg(long = "trusted-proxy", env = "ANSETT_TRUSTED_PROXIES", value_name = "ADDRESS[/BITS]", value_delimiter = ',',
        value_parser = parse_network, global = true)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Base URL of NAV's job import API (arbeidsplassen); NAV's test environment is
    /// https://arbeidsplassen-api.ekstern.dev.nav.no/stillingsimport (see the README).
    #[arg(long, env = "ANSETT_NAV_IMPORT_URL", default_value = app::nav::DEFAULT_IMPORT_URL, global = true)]
    pub nav_import_url: String,

    /// Cards each step's column of the board shows at first, and how many more "Vis flere" adds.
    #[arg(long, env = "ANSETT_BOARD_PAGE", default_value_t = app::DEFAULT_BOARD_PAGE,
        value_parser = clap::value_parser!(u16).range(1..), global = true)]
    pub board_page: u16,

    /// Do not run database migrations on start (serve); run `ansett migrate` separately instead.
    #[arg(long, env = "ANSETT_NO_MIGRATE", global = true)]
    pub no_migrate: bool,

    /// How log lines are written to stderr: `text` for people, `json` (one object a line) for log shippers.
    #[arg(long, env = "ANSETT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Subcommand, Clone, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Run database migrations and exit (for multi-server deploys).
    Migrate,
    /// Fill a company with realistic demo data (created if missing); re-running tops it up.
    DemoData(DemoDataArgs),
    /// Read the text of a PDF on standard input and write it to standard output, within memory and CPU limits.
    /// `serve` starts itself with this to read uploaded CVs, so that no file can take the server down.
    #[command(hide = true)]
    CvText {
        /// Read framed file after framed file until standard input ends (how `serve` keeps its readers).
        #[arg(long)]
        many: bool,
    },
    /// Moving the files of an installation between stores.
    Files {
        #[command(subcommand)]
        command: FilesCommand,
    },
    /// A consistent backup into a new or empty directory while `serve` keeps running: the database (SQLite: an
    /// online snapshot; PostgreSQL: pg_dump, found on PATH), then the files, then manifest.json.
    Backup(BackupArgs),
    /// Restores a backup into an empty database and file store (--data-dir / --database-url, --files-url).
    Restore(RestoreArgs),
    /// Operator tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The retention policy: anonymise every candidate whose recruitments ended longer ago than their company
    /// keeps candidates (`serve` does this at start and hourly).
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum FilesCommand {
    /// Copies every file from one store to another (local to S3 and back): resumable (files already there, the
    /// same, are skipped), each file verified by reading it back (size and SHA-256).
    Copy(FilesCopyArgs),
}

#[derive(Args, Clone, Debug)]
pub struct FilesCopyArgs {
    /// The store to copy from, written as --files-url is: `file:DIRECTORY` or `s3://BUCKET[/PREFIX]`.
    #[arg(long)]
    pub from: String,
    /// The store to copy to, written as --files-url is.
    #[arg(long)]
    pub to: String,
}

#[derive(Args, Clone, Debug)]
pub struct BackupArgs {
    /// A new or empty directory for the backup.
    #[arg(long)]
    pub to: PathBuf,
}

#[derive(Args, Clone, Debug)]
pub struct RestoreArgs {
    /// A directory `ansett backup` wrote (with its manifest.json).
    #[arg(long)]
    pub from: PathBuf,
    /// Restore even though the database or the file store is not empty, replacing what is there.
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand, Clone, Debug)]
pub enum RetentionCommand {
    /// One pass now; prints what it did.
    Run {
        /// Only print which candidates are due; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Clone, Debug)]
pub enum AdminCommand {
    /// Create a company and its first Administrator, as the setup page does. The password is read from
    /// standard input, or from --password-file.
    CreateCompany(CreateCompanyArgs),
    /// Give a login a new password and end all its sessions (someone forgot theirs, or it leaked). The password
    /// is read from standard input, or from --password-file.
    SetPassword(SetPasswordArgs),
}

#[derive(Args, Clone, Debug)]
pub struct SetPasswordArgs {
    /// The login's email address.
    #[arg(long)]
    pub email: String,
    /// A file holding the new password (instead of standard input).
    #[arg(long)]
    pub password_file: Option<PathBuf>,
}

#[derive(Args, Clone, Debug)]
pub struct DemoDataArgs {
    /// The company's name or slug; a new company with a demo administrator is made when none matches.
    #[arg(long)]
    pub company: String,
    /// How many candidates the company should have when done.
    #[arg(long, default_value_t = 1_000)]
    pub candidates: u64,
    /// Also fill a company that has real (non-demo) candidates.
    #[arg(long)]
    pub force: bool,
    /// Seed of the random choices: the same seed, batch and starting count give the same people.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Candidates written per transaction; PostgreSQL writes two batches at once. Smaller batches take less
    /// memory.
    #[arg(long, default_value_t = app::demo::BATCH, value_parser = clap::value_parser!(u64).range(1..=50_000))]
    pub batch: u64,
}

#[derive(Args, Clone, Debug)]
pub struct CreateCompanyArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub admin_email: String,
    #[arg(long)]
    pub admin_first_name: String,
    #[arg(long)]
    pub admin_last_name: String,
    /// A file holding the administrator's password (instead of standard input).
    #[arg(long)]
    pub password_file: Option<PathBuf>,
    /// The administrator already has a login (e.g. in another company): read no password.
    #[arg(long)]
    pub existing_user: bool,
    /// The company's default language: nb or en.
    #[arg(long, default_value = "nb")]
    pub language: String,
}

impl Cli {
    pub fn database_url(&self) -> Result<String> {
        match &self.database_url {
            Some(url) => Ok(url.clone()),
            None => store_url_in(&self.data_dir),
        }
    }

    /// `--files-url`, parsed; a bad one is refused here, before anything starts.
    pub fn files_location(&self) -> Result<store::files::Location> {
        match &self.files_url {
            None => Ok(store::files::Location::local_in(&self.data_dir)),
            Some(url) => Ok(store::files::Location::parse(url, store::files::S3Settings::from_env())?),
        }
    }

    pub fn app_config(&self, migrate_on_start: bool) -> Result<app::Config> {
        let public_url = match &self.public_url {
            Some(u) => u.clone(),
            None => format!("http://{}/", self.listen.replace("0.0.0.0", "127.0.0.1")),
        };
        let public_url =
            url::Url::parse(&public_url).with_context(|| format!("--public-url {public_url:?} is not a URL"))?;
        Ok(app::Config {
            database_url: self.database_url()?,
            data_dir: self.data_dir.clone(),
            files: self.files_location()?,
            public_url,
            smtp_url: self.smtp_url.clone(),
            smtp_from: self.smtp_from.clone(),
            migrate_on_start,
            apply_limit: self.apply_limit,
            board_page: self.board_page.into(),
            search: app::SearchTuning::default(),
            cv_text: cv_text_reader(),
            webhooks_allow_loopback: self.webhooks_allow_loopback,
            trusted_proxies: self.trusted_proxies.clone(),
            nav_import_url: url::Url::parse(&self.nav_import_url)
                .with_context(|| format!("--nav-import-url {:?} is not a URL", self.nav_import_url))?,
        })
    }
}

/// One `--trusted-proxy` entry: a network (`10.0.0.0/8`, `fd00::/8`) or a single address (`10.1.2.3`).
fn parse_network(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{s:?} is not an address or a network such as 10.0.0.0/8"))
}

/// CVs are read by a child process of this very binary (`ansett cv-text`); when the binary cannot name itself,
/// in this process, still bounded.
fn cv_text_reader() -> app::cv_text::Reader {
    match std::env::current_exe() {
        Ok(program) => app::cv_text::Reader::child(program),
        Err(e) => {
            tracing::warn!(error = %e, "cannot find the ansett binary: CVs are read in the server process");
            app::cv_text::Reader::InProcess
        }
    }
}

fn store_url_in(dir: &std::path::Path) -> Result<String> {
    store::Db::sqlite_url_in(dir).context("preparing the data directory")
}
