use std::path::PathBuf;

/// Settings of one running installation, from flags and environment (see the README).
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Base of the links in emails, and the origin that state-changing requests must come from.
    pub public_url: url::Url,
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    pub migrate_on_start: bool,
    /// Applications one client address may submit per ten minutes (0: no limit, e.g. for benchmarks).
    pub apply_limit: usize,
}

impl Config {
    /// Cookies are marked `Secure` exactly when the public URL is https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }
}
