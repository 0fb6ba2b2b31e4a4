//! What the store counts for the Prometheus metrics (ADR 0017). Recorded through the `metrics` facade: nothing
//! happens until `serve --metrics-listen` installs a recorder.

/// Failed operations on the file store (local directory or S3), by operation.
pub const FILE_STORE_ERRORS: &str = "ansett_file_store_errors_total";

/// Registers this crate's metrics with their help text (and at zero, so a scrape shows them before any error).
pub fn describe() {
    metrics::describe_counter!(FILE_STORE_ERRORS, "Failed operations on the file store, by operation.");
    for operation in ["put", "get", "stream", "size", "delete", "list"] {
        metrics::counter!(FILE_STORE_ERRORS, "operation" => operation).increment(0);
    }
}

/// Counts one failed file-store operation.
pub(crate) fn file_error(operation: &'static str) {
    metrics::counter!(FILE_STORE_ERRORS, "operation" => operation).increment(1);
}

/// Counts a failed file-store operation; the result passes through unchanged.
pub(crate) fn count_file_error<T, E>(operation: &'static str, result: Result<T, E>) -> Result<T, E> {
    if result.is_err() {
        file_error(operation);
    }
    result
}
