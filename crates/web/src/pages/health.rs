use app::App;
use axum::extract::State;
use axum::http::StatusCode;

/// 200 when the database answers, 503 when it does not: for load balancers and `ansett` operators.
pub async fn healthz(State(app): State<App>) -> (StatusCode, &'static str) {
    if app.healthy().await {
        (StatusCode::OK, "ok\n")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n")
    }
}
