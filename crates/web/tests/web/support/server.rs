//! The real server for a test: `Server::start()` for the usual one, `Server::builder()` for one configured
//! otherwise (a mail sink, files on S3, an apply limit, a proxy in front…). The database is always a fresh one on the
//! backend of the run (`ANSETT_TEST_DATABASE`, see `store::testing`): the suite runs once per backend, so a test
//! never picks one.

use store::testing::TestDatabase;
use tokio::sync::oneshot;

pub struct Server {
    pub base: String,
    pub app: app::App,
    pub db: TestDatabase,
    stop: Option<oneshot::Sender<()>>,
}

/// What a test may change of the configuration `serve` would get; everything else is the defaults of a local
/// install (files in the data directory, emails as `.eml` files there, 100 applications per address).
pub struct ServerBuilder {
    smtp_url: Option<String>,
    apply_limit: usize,
    public_url: Option<url::Url>,
    tune: Vec<Tune>,
}

/// One change to the configuration, applied in the order the builder was told.
type Tune = Box<dyn FnOnce(&mut app::Config) + Send>;

impl Server {
    /// A server with the defaults.
    pub async fn start() -> Server {
        Server::builder().start().await
    }

    pub fn builder() -> ServerBuilder {
        ServerBuilder { smtp_url: None, apply_limit: 100, public_url: None, tune: Vec::new() }
    }
}

impl ServerBuilder {
    /// Emails go to the SMTP server at `url` (e.g. `mail::testing::SmtpSink`) instead of `.eml` files.
    pub fn smtp(mut self, url: String) -> Self {
        self.smtp_url = Some(url);
        self
    }

    /// Applications one address may submit per ten minutes (`--apply-limit`).
    pub fn apply_limit(mut self, limit: usize) -> Self {
        self.apply_limit = limit;
        self
    }

    /// Served as if behind `public_url` (e.g. https through a proxy); by default the server's own address.
    pub fn public_url(mut self, public_url: &str) -> Self {
        self.public_url = Some(url::Url::parse(public_url).expect("url"));
        self
    }

    /// The search choosing its plans by `tuning` instead of the defaults.
    pub fn search(self, tuning: app::SearchTuning) -> Self {
        self.config(move |c| c.search = tuning)
    }

    /// Uploaded files in `files` (e.g. an S3 bucket, `support::s3::Bucket::location`) instead of the data directory.
    pub fn files(self, files: app::FilesLocation) -> Self {
        self.config(move |c| c.files = files)
    }

    /// Webhooks may reach loopback `http://` receivers (`--webhooks-allow-loopback`).
    pub fn webhooks_to_loopback(self) -> Self {
        self.config(move |c| c.webhooks_allow_loopback = true)
    }

    /// Behind a load balancer on loopback (`--trusted-proxy 127.0.0.1`): `X-Forwarded-For` names the client.
    pub fn behind_proxy(self) -> Self {
        let loopback = ipnet::IpNet::from(std::net::IpAddr::from([127, 0, 0, 1]));
        self.config(move |c| c.trusted_proxies = vec![loopback])
    }

    /// NAV's import API at `url` (a stand-in on loopback; `--nav-import-url`).
    pub fn nav_import_url(self, url: &str) -> Self {
        let url = url::Url::parse(url).expect("url");
        self.config(move |c| c.nav_import_url = url)
    }

    /// Any other configuration bit, set on the defaults before the server opens.
    pub fn config(mut self, tune: impl FnOnce(&mut app::Config) + Send + 'static) -> Self {
        self.tune.push(Box::new(tune));
        self
    }

    /// Opens the app (migrating the fresh database) and serves it on a random loopback port.
    pub async fn start(self) -> Server {
        let db = TestDatabase::create().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        let public_url = self.public_url.unwrap_or_else(|| url::Url::parse(&format!("{base}/")).expect("url"));
        let mut config = app::Config {
            smtp_url: self.smtp_url,
            apply_limit: self.apply_limit,
            ..app::Config::local(&db.url, &db.data_dir, public_url)
        };
        for tune in self.tune {
            tune(&mut config);
        }
        let app = app::App::open(config).await.expect("open app");
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = app.clone();
        tokio::spawn(async move {
            web::serve(serving, listener, async {
                let _ = stopped.await;
            })
            .await
            .expect("serve");
        });
        Server { base, app, db, stop: Some(stop) }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
