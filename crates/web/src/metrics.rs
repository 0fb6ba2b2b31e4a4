//! Prometheus metrics (ADR 0017): what every HTTP request counts, the requests in flight (which the bounded
//! shutdown reports when it cuts them off), and `/metrics` on a listener of its own (`serve --metrics-listen`),
//! never on the public one. The use cases record through the `metrics` facade; the exporter's recorder, installed
//! by `Exporter::install`, keeps the values and renders the text format.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, HttpBody};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{BuildError, Matcher, PrometheusBuilder, PrometheusHandle};

use crate::App;

const HTTP_REQUESTS: &str = "ansett_http_requests_total";
const HTTP_DURATION: &str = "ansett_http_request_duration_seconds";
const HTTP_IN_FLIGHT: &str = "ansett_http_requests_in_flight";
const OUTBOX_QUEUED: &str = "ansett_outbox_queued_emails";
const OUTBOX_OLDEST: &str = "ansett_outbox_oldest_queued_age_seconds";
const CV_TEXT_QUEUED: &str = "ansett_cv_text_queued_files";
const NAV_QUEUED: &str = "ansett_nav_queued_transfers";
const POOL_CONNECTIONS: &str = "ansett_db_pool_connections";
const SCRAPE_ERRORS: &str = "ansett_metrics_scrape_errors_total";

/// The route label of a request no route matched: one label for all of them, so that scanners probing random
/// paths cannot grow the number of series.
const UNMATCHED: &str = "unmatched";

/// Upper bounds of the latency histogram's buckets, in seconds: from a cached page to a slow upload.
const LATENCY_BUCKETS: [f64; 14] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// How often the recorder folds recorded latencies into its buckets when nobody scrapes.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The installed recorder: renders what every crate recorded.
#[derive(Clone)]
pub struct Exporter {
    handle: PrometheusHandle,
}

impl Exporter {
    /// Installs the process-wide recorder (once; `serve --metrics-listen` does it) and registers every metric with
    /// its help text, so that a scrape shows them all before anything happened.
    pub fn install() -> Result<Exporter, BuildError> {
        let handle = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(HTTP_DURATION.into()), &LATENCY_BUCKETS)?
            .install_recorder()?;
        describe();
        let upkeep = handle.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(UPKEEP_EVERY);
            loop {
                every.tick().await;
                upkeep.run_upkeep();
            }
        });
        Ok(Exporter { handle })
    }
}

fn describe() {
    app::metrics::describe();
    metrics::describe_counter!(HTTP_REQUESTS, "HTTP requests answered, by route pattern, method and status class.");
    metrics::describe_histogram!(
        HTTP_DURATION,
        metrics::Unit::Seconds,
        "Time from a request's arrival to its response's head, by route pattern and method."
    );
    metrics::describe_gauge!(HTTP_IN_FLIGHT, "HTTP requests being answered now (bodies still streaming included).");
    metrics::describe_gauge!(OUTBOX_QUEUED, "Emails waiting in the outbox to be sent (all companies).");
    metrics::describe_gauge!(
        OUTBOX_OLDEST,
        metrics::Unit::Seconds,
        "Age of the oldest email waiting in the outbox; 0 when none waits."
    );
    metrics::describe_gauge!(CV_TEXT_QUEUED, "Uploaded files waiting for their text to be read for search.");
    metrics::describe_gauge!(NAV_QUEUED, "Transfers to arbeidsplassen (NAV) waiting to be sent, retries included.");
    metrics::describe_gauge!(POOL_CONNECTIONS, "Database pool connections, by state (in_use, idle).");
    metrics::describe_counter!(
        SCRAPE_ERRORS,
        "Scrapes that could not read the database gauges (they kept old values)."
    );
    metrics::counter!(SCRAPE_ERRORS).increment(0);
}

/// Requests being answered now, shared by the counting middleware, the scrape and the bounded shutdown.
#[derive(Clone, Default)]
pub struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }

    fn enter(&self) -> InFlightGuard {
        self.0.fetch_add(1, Ordering::SeqCst);
        InFlightGuard(self.clone())
    }
}

/// One request in flight; leaves when dropped (its response body finished or the connection ended).
struct InFlightGuard(InFlight);

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0 .0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response body that keeps its request in flight until the last byte is sent (a download counts while it
/// streams).
struct Tracked {
    inner: Body,
    _guard: InFlightGuard,
}

impl HttpBody for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::pin::Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Middleware on every route: counts the request in flight, and when its response head is ready records it by
/// route pattern (never the raw path: ids would make a series each), method and status class.
pub(crate) async fn track(State(in_flight): State<InFlight>, request: Request, next: Next) -> Response {
    let guard = in_flight.enter();
    let route = request.extensions().get::<MatchedPath>().map_or(UNMATCHED, |p| p.as_str()).to_string();
    let method = method_label(request.method());
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let status = status_class(response.status().as_u16());
    metrics::counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => status).increment(1);
    metrics::histogram!(HTTP_DURATION, "route" => route, "method" => method).record(seconds);
    response.map(|inner| Body::new(Tracked { inner, _guard: guard }))
}

/// The method as a label: the standard ones by name, anything else as one `other`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

fn status_class(status: u16) -> &'static str {
    match status / 100 {
        1 => "1xx",
        2 => "2xx",
        3 => "3xx",
        4 => "4xx",
        _ => "5xx",
    }
}

#[derive(Clone)]
struct Scrape {
    app: App,
    exporter: Exporter,
    in_flight: InFlight,
}

/// The metrics listener's only route: `GET /metrics`.
pub(crate) fn router(app: App, exporter: Exporter, in_flight: InFlight) -> Router {
    Router::new().route("/metrics", get(scrape)).with_state(Scrape { app, exporter, in_flight })
}

/// Reads the gauges that live in the database now, then renders everything in the text format.
async fn scrape(State(s): State<Scrape>) -> impl IntoResponse {
    metrics::gauge!(HTTP_IN_FLIGHT).set(s.in_flight.count() as f64);
    match s.app.gauges().await {
        Ok(g) => {
            metrics::gauge!(OUTBOX_QUEUED).set(g.outbox_queued as f64);
            metrics::gauge!(OUTBOX_OLDEST).set(g.outbox_oldest_age_seconds);
            metrics::gauge!(CV_TEXT_QUEUED).set(g.cv_text_queued as f64);
            metrics::gauge!(NAV_QUEUED).set(g.nav_queued as f64);
            metrics::gauge!(POOL_CONNECTIONS, "state" => "in_use").set(g.pool.in_use as f64);
            metrics::gauge!(POOL_CONNECTIONS, "state" => "idle").set(g.pool.idle as f64);
        }
        Err(e) => {
            tracing::warn!(error = %e, "metrics: cannot read the database gauges");
            metrics::counter!(SCRAPE_ERRORS).increment(1);
        }
    }
    s.exporter.handle.run_upkeep();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], s.exporter.handle.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_classes() {
        assert_eq!([200, 303, 404, 500, 503, 101].map(status_class), ["2xx", "3xx", "4xx", "5xx", "5xx", "1xx"]);
    }

    #[test]
    fn unusual_methods_share_one_label() {
        assert_eq!(method_label(&Method::POST), "POST");
        assert_eq!(method_label(&Method::from_bytes(b"PROPFIND").unwrap()), "other");
    }
}
