//! `--files-url`: which store, and where. `file:` + a directory, or `s3://BUCKET[/PREFIX]` with the S3 settings
//! from the environment (`ANSETT_S3_ENDPOINT`, `ANSETT_S3_TIMEOUT`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_REGION`).

use std::path::PathBuf;
use std::time::Duration;

use crate::StoreError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Local(PathBuf),
    S3(S3Location),
}

#[derive(Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    /// Prepended to every key (no leading or trailing `/`); empty for none.
    pub prefix: String,
    /// An S3-compatible server (MinIO, Ceph, Garage…), addressed path-style; `None` for AWS.
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// How long one request to the store may take before it fails (and an applicant gets "try again").
    pub timeout: Duration,
}

/// The secret stays out of logs and error messages.
impl std::fmt::Debug for S3Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Location")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// The S3 settings that do not fit in the URL.
#[derive(Clone, Debug, Default)]
pub struct S3Settings {
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
    /// Whole seconds, as written (`ANSETT_S3_TIMEOUT`); checked by `Location::parse`.
    pub timeout: Option<String>,
}

impl S3Settings {
    /// From `ANSETT_S3_ENDPOINT`, `ANSETT_S3_TIMEOUT` and the standard `AWS_*` variables; empty values count as
    /// unset.
    pub fn from_env() -> S3Settings {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        S3Settings {
            endpoint: var("ANSETT_S3_ENDPOINT"),
            region: var("AWS_REGION"),
            access_key_id: var("AWS_ACCESS_KEY_ID"),
            secret_access_key: var("AWS_SECRET_ACCESS_KEY"),
            timeout: var("ANSETT_S3_TIMEOUT"),
        }
    }
}

pub const DEFAULT_REGION: &str = "us-east-1";
/// Long enough to send a 10 MB CV over a slow link; an operator whose store is near can make a hung store fail
/// sooner with `ANSETT_S3_TIMEOUT`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const TIMEOUT_MAX_SECONDS: u64 = 3_600;

impl Location {
    /// The default: `files/` in the data directory.
    pub fn local_in(data_dir: &std::path::Path) -> Location {
        Location::Local(data_dir.join("files"))
    }

    /// Parses a files URL; the error says what is wrong with it.
    pub fn parse(url: &str, s3: S3Settings) -> Result<Location, StoreError> {
        let bad = |why: &str| StoreError::FilesUrl { url: url.to_string(), why: why.to_string() };
        // Checked whatever the store, so a mistake shows before the day the files move to S3.
        let timeout = match s3.timeout.as_deref().map(str::trim) {
            None => DEFAULT_TIMEOUT,
            Some(seconds) => Some(seconds)
                .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|s| s.parse::<u64>().ok())
                .filter(|s| (1..=TIMEOUT_MAX_SECONDS).contains(s))
                .map(Duration::from_secs)
                .ok_or_else(|| bad("ANSETT_S3_TIMEOUT must be a whole number of seconds from 1 to 3600"))?,
        };
        if let Some(path) = url.strip_prefix("file:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(bad("file: needs a directory, e.g. file:/var/lib/ansett/files"));
            }
            return Ok(Location::Local(PathBuf::from(path)));
        }
        let Some(rest) = url.strip_prefix("s3://") else {
            return Err(bad("use file:DIRECTORY or s3://BUCKET[/PREFIX]"));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if !valid_bucket(bucket) {
            return Err(bad("the bucket name must be 3-63 lowercase letters, digits, '.' or '-'"));
        }
        let prefix = prefix.trim_matches('/');
        if prefix.split('/').any(|p| (p.is_empty() && !prefix.is_empty()) || p == "." || p == "..") {
            return Err(bad("the prefix must not have empty, '.' or '..' parts"));
        }
        if let Some(endpoint) = &s3.endpoint {
            url::Url::parse(endpoint)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| bad("ANSETT_S3_ENDPOINT must be an http:// or https:// URL"))?;
        }
        if s3.access_key_id.is_some() != s3.secret_access_key.is_some() {
            return Err(bad("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither"));
        }

        Ok(Location::S3(S3Location {
            bucket: bucket.to_string(),
            prefix: prefix.to_string(),
            endpoint: s3.endpoint,
            region: s3.region.unwrap_or_else(|| DEFAULT_REGION.to_string()),
            access_key_id: s3.access_key_id,
            secret_access_key: s3.secret_access_key,
            timeout,
        }))
    }
}

fn valid_bucket(b: &str) -> bool {
    (3..=63).contains(&b.len())
        && b.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && b.starts_with(|c: char| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_endpoint() -> S3Settings {
        S3Settings { endpoint: Some("http://127.0.0.1:9000".into()), ..Default::default() }
    }

    #[test]
    fn the_request_timeout_is_a_whole_number_of_seconds() {
        let with = |t: &str| Location::parse("s3://cvs", S3Settings { timeout: Some(t.into()), ..with_endpoint() });
        let Ok(Location::S3(s3)) = Location::parse("s3://cvs", with_endpoint()) else { panic!("s3") };
        assert_eq!(s3.timeout, DEFAULT_TIMEOUT);
        let Ok(Location::S3(s3)) = with(" 5 ") else { panic!("s3") };
        assert_eq!(s3.timeout, Duration::from_secs(5));
        for bad in ["0", "-1", "+5", "2.5", "5s", "3601"] {
            let e = with(bad).expect_err(bad).to_string();
            assert!(e.contains("ANSETT_S3_TIMEOUT must be a whole number of seconds from 1 to 3600"), "{bad}: {e}");
        }
        let local = S3Settings { timeout: Some("soon".into()), ..Default::default() };
        assert!(Location::parse("file:/srv/files", local).is_err(), "checked for local files too");
    }

    #[test]
    fn parses_file_and_s3_urls() {
        assert_eq!(
            Location::parse("file:/srv/files", S3Settings::default()).unwrap(),
            Location::Local("/srv/files".into())
        );
        assert_eq!(Location::parse("file:///srv/f", S3Settings::default()).unwrap(), Location::Local("/srv/f".into()));
        let Location::S3(s3) = Location::parse("s3://cvs/ansett/prod/", with_endpoint()).unwrap() else { panic!() };
        assert_eq!((s3.bucket.as_str(), s3.prefix.as_str(), s3.region.as_str()), ("cvs", "ansett/prod", "us-east-1"));
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        let Location::S3(s3) = Location::parse("s3://cvs", S3Settings::default()).unwrap() else { panic!() };
        assert_eq!((s3.prefix.as_str(), s3.endpoint), ("", None));
    }

    #[test]
    fn refuses_bad_urls_saying_why() {
        for bad in [
            "",
            "/srv/files",
            "file:",
            "http://x",
            "s3://",
            "s3://Big_Bucket",
            "s3://ab",
            "s3://cvs/a//b",
            "s3://cvs/../x",
        ] {
            let e = Location::parse(bad, S3Settings::default()).unwrap_err();
            assert!(matches!(e, StoreError::FilesUrl { .. }), "{bad}: {e}");
        }
        let e =
            Location::parse("s3://cvs", S3Settings { endpoint: Some("localhost:9000".into()), ..Default::default() });
        assert!(e.unwrap_err().to_string().contains("ANSETT_S3_ENDPOINT"));
        let half = S3Settings { access_key_id: Some("k".into()), ..Default::default() };
        assert!(Location::parse("s3://cvs", half).unwrap_err().to_string().contains("AWS_SECRET_ACCESS_KEY"));
    }
}
