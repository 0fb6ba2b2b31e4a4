use std::path::PathBuf;

/// Cards per column of the board unless configured otherwise: ten cards fill more than a screen, and keep the
/// board of a four-step posting of any size near 50 KB of HTML (docs/benchmarks.md).
pub const DEFAULT_BOARD_PAGE: u16 = 10;

/// Settings of one running installation, from flags and environment (see the README).
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Where uploaded files live (`--files-url`): `<data-dir>/files/` unless told otherwise.
    pub files: store::files::Location,
    /// Base of the links in emails, and the origin that state-changing requests must come from.
    pub public_url: url::Url,
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    pub migrate_on_start: bool,
    /// Applications one client address may submit per ten minutes (0: no limit, e.g. for benchmarks).
    pub apply_limit: usize,
    /// Cards each step's column of the board shows at first, and how many more each "Vis flere" adds (at least 1).
    pub board_page: usize,
    /// Kandidater search: where it chooses one plan over another (`store::candidate_list::Tuning`); every plan
    /// gives the same answer.
    pub search: crate::SearchTuning,
    /// Where uploaded PDFs are parsed for their text: `serve` starts a limited child process of itself.
    pub cv_text: crate::cv_text::Reader,
    /// Webhooks may reach loopback `http://` receivers (`--webhooks-allow-loopback`; ADR 0013).
    pub webhooks_allow_loopback: bool,
    /// Proxies (load balancers) whose `X-Forwarded-For` names the client (`--trusted-proxy`); none: the header is
    /// ignored and the connection's peer is the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Base of NAV's job import API (`--nav-import-url`; ADR 0021), e.g. `nav::DEFAULT_IMPORT_URL`.
    pub nav_import_url: url::Url,
}

impl Config {
    /// An installation configured with nothing but its database, its data directory and where it is reached: files
    /// and emails (as `.eml` files) in `data_dir`, no SMTP, no limit on applications, CVs read in this process,
    /// migrations on start, no proxies, NAV's own import API. Tests start from it and change what they are about,
    /// so a new setting gets its default here once; `ansett`'s command line builds its own from flags.
    pub fn local(database_url: impl Into<String>, data_dir: impl Into<PathBuf>, public_url: url::Url) -> Config {
        let data_dir = data_dir.into();
        Config {
            database_url: database_url.into(),
            files: store::files::Location::local_in(&data_dir),
            data_dir,
            public_url,
            smtp_url: None,
            smtp_from: "ansett <ansett@localhost>".into(),
            migrate_on_start: true,
            apply_limit: 0,
            board_page: DEFAULT_BOARD_PAGE.into(),
            search: crate::SearchTuning::default(),
            cv_text: crate::cv_text::Reader::InProcess,
            webhooks_allow_loopback: false,
            trusted_proxies: Vec::new(),
            nav_import_url: url::Url::parse(crate::nav::DEFAULT_IMPORT_URL).expect("NAV's import URL is a URL"),
        }
    }

    /// Cookies are marked `Secure` exactly when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}
