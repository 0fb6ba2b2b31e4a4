//! What the delivery worker counts for the Prometheus metrics (ADR 0017), through the `metrics` facade.

/// Emails handed to the SMTP server (or written as `.eml` files).
pub const EMAILS_SENT: &str = "ansett_emails_sent_total";
/// Failed delivery attempts, by whether the email will be retried or was given up (`retry`, `failed`).
pub const DELIVERY_FAILURES: &str = "ansett_email_delivery_failures_total";

/// Registers this crate's metrics with their help text, at zero.
pub fn describe() {
    metrics::describe_counter!(EMAILS_SENT, "Emails delivered to the SMTP server (or written as .eml files).");
    metrics::describe_counter!(DELIVERY_FAILURES, "Failed email delivery attempts, by outcome (retry or failed).");
    metrics::counter!(EMAILS_SENT).increment(0);
    for outcome in ["retry", "failed"] {
        metrics::counter!(DELIVERY_FAILURES, "outcome" => outcome).increment(0);
    }
}
