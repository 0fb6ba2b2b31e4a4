//! A real S3-compatible server for the tests (`.ci/run` starts moto's server mode on loopback and exports
//! `ANSETT_TEST_S3_ENDPOINT`; see `store::testing::s3_endpoint`).

use object_store::ObjectStore;

/// The test S3 endpoint (`ANSETT_TEST_S3_ENDPOINT`), or None (after saying so) outside CI.
pub fn endpoint() -> Option<String> {
    store::testing::s3_endpoint("ANSETT_TEST_S3_ENDPOINT")
}

/// A fresh, empty bucket of its own on the test server.
pub struct Bucket {
    pub endpoint: String,
    pub name: String,
}

impl Bucket {
    /// Made through the S3 API (moto accepts unsigned requests unless told otherwise).
    pub async fn create(endpoint: &str) -> Bucket {
        let name = format!("ansett-test-{}", uuid::Uuid::now_v7().simple());
        let r = reqwest::Client::new().put(format!("{endpoint}/{name}")).send().await.expect("create bucket");
        assert!(r.status().is_success(), "creating bucket {name}: {}", r.status());
        Bucket { endpoint: endpoint.to_string(), name }
    }

    /// `s3://bucket/prefix` with the test server's endpoint and dummy credentials.
    pub fn location(&self, prefix: &str) -> app::FilesLocation {
        app::FilesLocation::S3(app::S3Location {
            bucket: self.name.clone(),
            prefix: prefix.to_string(),
            endpoint: Some(self.endpoint.clone()),
            region: "us-east-1".into(),
            access_key_id: Some("testing".into()),
            secret_access_key: Some("testing".into()),
            timeout: store::files::DEFAULT_TIMEOUT,
        })
    }

    /// A signed S3 client on the bucket (`object_store`, as ansett uses, but not through ansett's code).
    fn client(&self) -> object_store::aws::AmazonS3 {
        object_store::aws::AmazonS3Builder::new()
            .with_endpoint(&self.endpoint)
            .with_allow_http(true)
            .with_bucket_name(&self.name)
            .with_region("us-east-1")
            .with_access_key_id("testing")
            .with_secret_access_key("testing")
            .build()
            .expect("S3 client")
    }

    /// The object at `path` (prefix included), read through the S3 API; None when there is none.
    pub async fn object(&self, path: &str) -> Option<Vec<u8>> {
        match self.client().get(&path.into()).await {
            Ok(got) => Some(got.bytes().await.expect("object bytes").to_vec()),
            Err(object_store::Error::NotFound { .. }) => None,
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    /// Writes an object behind ansett's back (what a crash or a copy leaves).
    pub async fn put_object(&self, path: &str, bytes: &[u8]) {
        self.client().put(&path.into(), bytes.to_vec().into()).await.unwrap_or_else(|e| panic!("PUT {path}: {e}"));
    }
}

/// An address where nothing listens: a store that is down.
pub async fn dead_endpoint() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

/// What a `Relay` does with the connections it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relaying {
    /// Passes them on to the S3 server: the store works.
    Forward,
    /// Holds them and never answers: a store that stalls (a full disk, a stuck load balancer).
    Hang,
    /// Closes them at once: a store that went away mid-run.
    Refuse,
}

/// A TCP relay in front of the test S3 server, which a test switches to hang or refuse mid-run; a switch also
/// cuts the connections already open, so the client's pooled ones cannot slip past it.
pub struct Relay {
    pub endpoint: String,
    mode: tokio::sync::watch::Sender<Relaying>,
    accepting: tokio::task::JoinHandle<()>,
}

impl Relay {
    pub async fn start(target: &str) -> Relay {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
        let target = target.trim_start_matches("http://").trim_end_matches('/').to_string();
        let (mode, watching) = tokio::sync::watch::channel(Relaying::Forward);
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let (mut watching, target) = (watching.clone(), target.clone());
                tokio::spawn(async move {
                    let now = *watching.borrow_and_update();
                    match now {
                        Relaying::Refuse => drop(inbound),
                        Relaying::Hang => {
                            let _ = watching.changed().await;
                        }
                        Relaying::Forward => {
                            let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else { return };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                                _ = watching.changed() => {}
                            }
                        }
                    }
                });
            }
        });
        Relay { endpoint, mode, accepting }
    }

    pub fn set(&self, mode: Relaying) {
        self.mode.send_replace(mode);
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
