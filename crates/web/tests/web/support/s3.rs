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
