use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database URL {url:?} is not supported: use sqlite://… or postgres://…")]
    UnsupportedUrl { url: String },
    #[error("cannot reach the database at {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A unique key already holds this value (e.g. the installation was already set up).
    #[error("a row with this key already exists")]
    Duplicate,
    /// A bulk load was given a row without exactly one value per column.
    #[error("a row for {table} does not have one value per column")]
    BulkRowShape { table: String },
    /// The database handed out no number for a new row's `seq` (`store::seq`).
    #[error("no new seq was handed out for {table}")]
    NoSeq { table: &'static str },
    #[error("database error: {0}")]
    Database(sqlx::Error),
    #[error("cannot prepare the data directory {path}: {source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("--files-url {url:?}: {why}")]
    FilesUrl { url: String, why: String },
    /// The file store did not do what was asked (unreachable, missing bucket, refused credentials, timeout…);
    /// `reason` is one line (the S3 error code and message, or the root cause), see `files::s3::reason`.
    #[error("the file store {store} failed: {reason}")]
    FileStore { store: String, reason: String, missing: bool },
    #[error("the file store {store} did not give back what was written to it")]
    FileStoreCheck { store: String },
    /// An object copied to another store did not read back as it was written.
    #[error("the object {key} read back from {store} is not what was written to it ({wrote} written, {read} read)")]
    CopyMismatch { key: String, store: String, wrote: String, read: String },
    /// A storage key ansett did not make.
    #[error("{key:?} is not a storage key")]
    InvalidKey { key: String },
}

impl StoreError {
    /// The object asked for is not there (deleted meanwhile, or never written).
    pub fn is_missing_object(&self) -> bool {
        match self {
            StoreError::FileStore { missing, .. } => *missing,
            StoreError::DataDir { source, .. } => source.kind() == std::io::ErrorKind::NotFound,
            _ => false,
        }
    }

    /// The file store is down or refuses us: worth a "try again" rather than "something is broken".
    pub fn is_file_store_unavailable(&self) -> bool {
        matches!(self, StoreError::FileStore { missing: false, .. })
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e.as_database_error() {
            Some(db) if db.is_unique_violation() => StoreError::Duplicate,
            _ => StoreError::Database(e),
        }
    }
}
