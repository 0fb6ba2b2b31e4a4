//! The web face of ansett: server-rendered staff pages and public pages, sessions, CSRF, languages, static
//! assets. Handlers only translate HTTP to `app` use cases and back; no rule lives here.

mod api;
mod assets;
mod client_address;
mod context;
mod cookies;
mod error;
mod form;
mod form_body;
mod layout;
pub mod metrics;
mod pages;
mod printable;
mod security;

use std::future::{Future, IntoFuture};
use std::net::SocketAddr;
use std::time::Duration;

use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;

pub use app::App;

/// The readers of untrusted request bodies, reachable without a server: entry points for `cargo fuzz` (`fuzz/`).
pub mod fuzzing {
    pub use crate::form_body::{FormBody, INDEX_LIMIT};
    pub use crate::pages::careers::{read_apply_form, FormReading};
}

/// The whole HTTP surface: the JSON API (bearer keys, no cookies) beside the pages (sessions, CSRF, languages).
pub fn router(app: App) -> Router {
    tracked_router(app, metrics::InFlight::default())
}

/// `router`, each request counted in `in_flight` and in the metrics by its route pattern (a layer on the routes,
/// so it runs after routing and sees `MatchedPath`).
fn tracked_router(app: App, in_flight: metrics::InFlight) -> Router {
    let https = app.config().public_url.scheme() == "https";
    Router::new()
        .nest("/api/v1", api::router())
        .merge(pages(app.clone()))
        .layer(axum::middleware::from_fn(move |req, next| security::headers(https, req, next)))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn_with_state(in_flight, metrics::track))
        .with_state(app)
}

fn pages(app: App) -> Router<App> {
    use pages::email_templates::EmailTemplates;
    use pages::evaluation_forms::EvaluationForms;
    use pages::settings_items as items;
    Router::new()
        .route("/", get(pages::home::root))
        .route("/healthz", get(pages::health::healthz))
        .route("/readyz", get(pages::health::readyz))
        .route("/setup", get(pages::setup::show).post(pages::setup::submit))
        .route("/login", get(pages::auth::show_login).post(pages::auth::login))
        .route("/logout", post(pages::auth::logout))
        .route("/language", post(pages::language::switch))
        .route("/jobs", get(pages::postings::list))
        .route("/getting-started/dismiss", post(pages::getting_started::dismiss))
        .route("/jobs/new", get(pages::postings::new).post(pages::postings::create))
        .route("/jobs/{id}", get(pages::postings::show))
        .route("/jobs/{id}/edit", get(pages::postings::edit).post(pages::postings::update))
        .route("/jobs/{id}/board", get(pages::screening::board))
        .route("/candidates/{id}", get(pages::candidate::profile))
        .route("/candidates/{id}/notes", post(pages::candidate::add_note))
        .route("/candidates/{id}/details/{application}/accept", post(pages::candidate_details::accept))
        .route("/candidates/{id}/export", get(pages::privacy::export))
        .route("/candidates/{id}/talent-pool/withdraw", post(pages::talent_pool::withdraw))
        .route("/candidates/{id}/delete", get(pages::privacy::confirm_delete).post(pages::privacy::delete))
        .route("/applications/{id}/move", post(pages::screening::move_application))
        .route("/applications/{id}/triage", post(pages::triage::set))
        .route("/applications/{id}/assign", post(pages::assignments::assign))
        .route("/tasks", get(pages::assignments::tasks))
        .route("/candidates/{id}/tags", post(pages::triage::add_tag))
        .route("/candidates/{id}/tags/{tag}/remove", post(pages::triage::remove_tag))
        .route("/settings/tags", get(pages::triage::settings))
        .route("/settings/tags/{id}/rename", post(pages::triage::rename))
        .route("/settings/tags/{id}/merge", post(pages::triage::merge))
        .route("/applications/{id}/evaluate", post(pages::candidate::evaluate))
        .route("/applications/{id}/reject", post(pages::candidate::reject))
        .route("/applications/{id}/archive", post(pages::candidate::archive))
        .route("/applications/{id}/restore", post(pages::candidate::restore))
        .route("/applications/{id}/interviews/new", get(pages::interviews::new))
        .route("/applications/{id}/interviews", post(pages::interviews::create))
        .route("/interviews/{id}/edit", get(pages::interviews::edit).post(pages::interviews::update))
        .route("/interviews/{id}/cancel", get(pages::interviews::confirm_cancel).post(pages::interviews::cancel))
        .route("/notes/{id}/edit", post(pages::candidate::edit_note))
        .route("/notes/{id}/delete", post(pages::candidate::delete_note))
        .route("/files/{id}", get(pages::screening::download))
        .route("/files/{id}/preview", get(pages::screening::preview))
        .route("/candidates", get(pages::candidates::list))
        .route("/candidates/export.csv", get(pages::candidates::export))
        .route("/candidates/steps", get(pages::candidates::filter_steps))
        .route("/candidates/postings", get(pages::candidates::posting_choices))
        .route("/candidates/source", post(pages::candidates::source))
        .route("/candidates/move", post(pages::bulk::move_to_step))
        .route("/candidates/archive", post(pages::bulk::archive))
        .route("/candidates/email", post(pages::bulk::email))
        .route("/candidates/assign", post(pages::bulk::assign))
        .route("/profile", get(pages::profile::show).post(pages::profile::save))
        .route("/profile/api-keys", get(pages::api_keys::list).post(pages::api_keys::create))
        .route("/profile/api-keys/{id}/revoke", post(pages::api_keys::revoke))
        .route("/settings", get(pages::settings::show).post(pages::settings::save))
        .route("/switch-company", post(pages::auth::switch_company))
        .route("/settings/employees", get(pages::employees::list))
        .route("/settings/employees/new", get(pages::employees::new).post(pages::employees::invite))
        .route("/settings/employees/{id}", get(pages::employees::show))
        .route("/settings/employees/{id}/role", post(pages::employees::change_role))
        .route("/settings/employees/{id}/{action}", post(pages::employees::act))
        .route("/settings/email-log", get(pages::email_log::show))
        .route("/settings/audit-log", get(pages::audit_log::show).post(pages::audit_log::save_period))
        .route("/settings/privacy", get(pages::privacy::show_policy).post(pages::privacy::save_policy))
        .route("/settings/privacy/postpone", post(pages::privacy::postpone))
        .route("/settings/job-boards", get(pages::job_boards::settings).post(pages::job_boards::save_settings))
        .route("/jobs/{id}/arbeidsplassen", get(pages::job_boards::posting).post(pages::job_boards::save_posting))
        .route("/jobs/{id}/arbeidsplassen/publish", post(pages::job_boards::publish))
        .route("/jobs/{id}/arbeidsplassen/stop", post(pages::job_boards::stop))
        .route("/settings/webhooks", get(pages::webhooks::list).post(pages::webhooks::create))
        .route("/settings/webhooks/{id}", get(pages::webhooks::show))
        .route("/settings/webhooks/{id}/test", post(pages::webhooks::send_test))
        .route("/settings/webhooks/{id}/rotate", post(pages::webhooks::rotate))
        .route("/settings/webhooks/{id}/delete", post(pages::webhooks::delete))
        .route("/settings/webhooks/{id}/deliveries/{delivery}/resend", post(pages::webhooks::resend))
        .route("/settings/evaluation-forms", get(items::list::<EvaluationForms>))
        .route(
            "/settings/evaluation-forms/new",
            get(items::new::<EvaluationForms>).post(items::create::<EvaluationForms>),
        )
        .route(
            "/settings/evaluation-forms/{id}",
            get(items::edit::<EvaluationForms>).post(items::update::<EvaluationForms>),
        )
        .route("/settings/evaluation-forms/{id}/delete", post(items::delete::<EvaluationForms>))
        .route("/settings/email-templates", get(items::list::<EmailTemplates>))
        .route("/settings/email-templates/new", get(items::new::<EmailTemplates>).post(items::create::<EmailTemplates>))
        .route(
            "/settings/email-templates/{id}",
            get(items::edit::<EmailTemplates>).post(items::update::<EmailTemplates>),
        )
        .route("/settings/email-templates/{id}/delete", post(items::delete::<EmailTemplates>))
        .route("/invitations/{token}", get(pages::invitations::show).post(pages::invitations::accept))
        .route("/careers/{slug}", get(pages::careers::careers))
        .route("/careers/{slug}/feed.xml", get(pages::careers::feed))
        .route("/careers/{slug}/sitemap.xml", get(pages::sitemap::sitemap))
        .route("/careers/{slug}/embed", get(pages::embed::page))
        .route("/careers/{slug}/embed.css", get(pages::embed::stylesheet))
        .route("/careers/{slug}/embed.js", get(pages::embed::script))
        .route("/robots.txt", get(pages::sitemap::robots))
        .route("/careers/{slug}/privacy", get(pages::careers::privacy))
        .route("/careers/{slug}/my-data", get(pages::my_data::request_form).post(pages::my_data::request_link))
        .route("/careers/{slug}/my-data/open/{token}", get(pages::my_data::open))
        .route("/careers/{slug}/my-data/view", get(pages::my_data::view))
        .route("/careers/{slug}/my-data/view/download", get(pages::my_data::download))
        .route("/careers/{slug}/my-data/view/withdraw", post(pages::my_data::withdraw))
        .route("/careers/{slug}/my-data/view/withdraw-consent", post(pages::my_data::withdraw_consent))
        .route("/careers/{slug}/my-data/view/delete", get(pages::my_data::confirm_delete).post(pages::my_data::delete))
        .route("/careers/{slug}/{id}", get(pages::careers::posting))
        .route(
            "/careers/{slug}/{id}/apply",
            get(pages::careers::apply_form)
                .post(pages::careers::apply_submit)
                // Two files of at most 10 MB and the text around them; larger bodies are cut off while streaming.
                .layer(axum::extract::DefaultBodyLimit::max(2 * domain::documents::MAX_BYTES + 1024 * 1024)),
        )
        .route("/careers/{slug}/{id}/applied", get(pages::careers::applied))
        .route("/careers/{slug}/talent-pool/{token}", get(pages::talent_pool::renewal).post(pages::talent_pool::renew))
        .route("/static/{file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
        .fallback(pages::errors::not_found)
        .layer(axum::middleware::from_fn_with_state(app, context::middleware))
}

/// How `serve` ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stopped {
    /// Every request in flight at the signal was answered.
    Drained,
    /// The bound passed first: this many requests were still in flight and are cut off.
    CutOff(usize),
}

/// Serves until `shutdown` completes, then lets requests in flight finish, however long they take (tests).
pub async fn serve(
    app: App,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_bounded(app, listener, None, shutdown, Duration::MAX).await.map(|_| ())
}

/// Serves until `shutdown` completes, then stops accepting and lets the requests in flight finish (an upload in
/// progress is read to its end and stored) for at most `grace`; what is still running then is cut off. With
/// `metrics`, `/metrics` is served on that listener of its own until the same moment.
pub async fn serve_bounded(
    app: App,
    listener: TcpListener,
    metrics: Option<(TcpListener, metrics::Exporter)>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<Stopped> {
    let in_flight = metrics::InFlight::default();
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut stopping = stopping.clone();
        async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        }
    };
    let scrapes = metrics.map(|(listener, exporter)| {
        let router = metrics::router(app.clone(), exporter, in_flight.clone());
        tokio::spawn(axum::serve(listener, router).with_graceful_shutdown(stopped()).into_future())
    });
    let service = tracked_router(app, in_flight.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let public = axum::serve(listener, service).with_graceful_shutdown(stopped()).into_future();
    tokio::pin!(public);
    let outcome = tokio::select! {
        served = &mut public => served.map(|()| Stopped::Drained),
        () = shutdown => {
            let _ = stop.send(true);
            match tokio::time::timeout(grace, &mut public).await {
                Ok(served) => served.map(|()| Stopped::Drained),
                Err(_) => Ok(Stopped::CutOff(in_flight.count())),
            }
        }
    };
    if let Some(scrapes) = scrapes {
        scrapes.abort();
    }
    outcome
}
