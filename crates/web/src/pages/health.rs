use app::{App, Readiness};
use axum::extract::State;
use axum::http::StatusCode;

/// 200 when the database answers, 503 when it does not: cheap, for liveness checks and `ansett` operators.
pub async fn healthz(State(app): State<App>) -> (StatusCode, &'static str) {
    if app.healthy().await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
    }
}

/// 200 when this server can take traffic: the database answers and the file store works (a load balancer's
/// readiness check; the store's answer is a few seconds old at most).
pub async fn readyz(State(app): State<App>) -> (StatusCode, &'static str) {
    match app.ready().await {
        Readiness::Ready => (StatusCode::OK, "ready\n"),
        Readiness::DatabaseUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n"),
        Readiness::FilesUnavailable => (StatusCode::SERVICE_UNAVAILABLE, "file store unavailable\n"),
    }
}
