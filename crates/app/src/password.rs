//! Argon2id password hashing, run off the async threads since it is deliberately slow, on a pool of one thread per
//! core. Each hash takes 19 MiB; run on tokio's blocking threads, every one of the many threads that a burst of
//! sign-ins created kept its own allocator arena with up to three such buffers (16 sign-ins at once: 460 MB
//! resident, 8 arenas of 57 MB). A fixed pool reuses the same few buffers, and more hashes at once than cores
//! would only add memory, not speed.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::AppError;

type Job = Box<dyn FnOnce() + Send>;

/// The queue of the hashing threads, started on first use.
fn pool() -> &'static Sender<Job> {
    static POOL: OnceLock<Sender<Job>> = OnceLock::new();
    POOL.get_or_init(|| {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        for i in 0..threads {
            let queue = queue.clone();
            // A thread that cannot start leaves the others to do the work; with none, `on_pool` reports it.
            let _ = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || work(&queue));
        }
        jobs
    })
}

fn work(queue: &Mutex<Receiver<Job>>) {
    loop {
        let job = match queue.lock() {
            Ok(q) => q.recv(),
            Err(_) => return,
        };
        match job {
            // A panicking job drops its answer channel (its caller gets an error); the thread goes on.
            Ok(job) => drop(catch_unwind(AssertUnwindSafe(job))),
            Err(_) => return,
        }
    }
}

/// Runs `f` on the hashing pool and waits for its result.
async fn on_pool<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (answer, result) = tokio::sync::oneshot::channel();
    pool()
        .send(Box::new(move || {
            let _ = answer.send(f());
        }))
        .map_err(|_| AppError::Internal("password hashing threads are gone".into()))?;
    result.await.map_err(|_| AppError::Internal("password hashing failed without an answer".into()))
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_pool(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await?
}

/// Verifies `password` against `stored`; with no stored hash (unknown email, invitation not yet accepted) it
/// verifies against a fixed dummy hash so the answer takes the same time either way.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let known = stored.is_some();
    let ok = on_pool(move || {
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        PasswordHash::new(&hash)
            .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"no such user: a password nobody has", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_only_the_right_password() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery".into(), Some(h.clone())).await);
        assert!(!verify("wrong horse battery".into(), Some(h)).await);
        assert!(!verify("no such user: a password nobody has".into(), None).await);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn no_more_hashes_at_once_than_cores_and_a_panic_loses_no_thread() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        let (running, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        // All queued at once (spawned, not awaited one by one).
        let jobs: Vec<_> = (0..cores * 4)
            .map(|_| {
                let (running, most) = (running.clone(), most.clone());
                tokio::spawn(on_pool(move || {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    running.fetch_sub(1, Ordering::SeqCst);
                }))
            })
            .collect();
        for job in jobs {
            job.await.unwrap().unwrap();
        }
        let most = most.load(Ordering::SeqCst);
        assert!((1..=cores).contains(&most), "{most} at once on {cores} cores");
        for _ in 0..cores {
            assert!(on_pool(|| panic!("a failing job")).await.is_err());
        }
        assert_eq!(on_pool(|| 7).await.unwrap(), 7, "every thread survived its panic");
    }
}
