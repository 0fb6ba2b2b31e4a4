//! Argon2id password hashing, off the async threads since it is deliberately slow: on a pool of one thread per
//! core, each computing in memory it keeps (19 MiB with the default parameters). On tokio's blocking threads, every
//! one of the many threads a burst of sign-ins created kept its own allocator arena with up to three such buffers
//! (16 sign-ins at once: 460 MB resident, 8 arenas of 57 MB); allocating the memory afresh for every hash (and
//! giving it back) cost the page faults of 19 MiB each time. More hashes at once than cores would only add memory.

use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};

use argon2::password_hash::{self, rand_core::OsRng, Output, ParamsString, PasswordHash, Salt, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

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

thread_local! {
    /// This hashing thread's Argon2 memory, kept from one hash to the next.
    static MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Argon2 of `password` and `salt` into `len` bytes, computed in this thread's kept memory.
fn compute(argon: &Argon2, password: &[u8], salt: Salt<'_>, len: usize) -> password_hash::Result<Output> {
    let mut buffer = [0u8; Salt::MAX_LENGTH];
    let salt = salt.decode_b64(&mut buffer)?;
    MEMORY.with_borrow_mut(|memory| {
        let blocks = argon.params().block_count();
        if memory.len() < blocks {
            memory.resize(blocks, Block::default());
        }
        Output::init_with(len, |out| {
            Ok(argon.hash_password_into_with_memory(password, salt, out, &mut memory[..blocks])?)
        })
    })
}

/// A new PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`) for `password`, with a random salt.
fn hash_here(password: &[u8]) -> password_hash::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let argon = Argon2::default();
    let output = compute(&argon, password, salt.as_salt(), Params::DEFAULT_OUTPUT_LEN)?;
    let phc = PasswordHash {
        algorithm: Algorithm::default().ident(),
        version: Some(Version::default().into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// Whether `password` gives the hash in `stored`, computed with the algorithm, version and parameters it names;
/// the outputs are compared in constant time (`Output`'s equality).
fn verify_here(password: &[u8], stored: &str) -> password_hash::Result<bool> {
    let parsed = PasswordHash::new(stored)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return Ok(false);
    };
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed.version.map(Version::try_from).transpose()?.unwrap_or_default();
    let argon = Argon2::new(algorithm, version, Params::try_from(&parsed)?);
    Ok(compute(&argon, password, salt, expected.len())? == expected)
}

pub async fn hash(password: String) -> Result<String, AppError> {
    on_pool(move || {
        hash_here(password.as_bytes()).map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
    })
    .await?
}

/// Verifies `password` against `stored`; with no stored hash (unknown email, invitation not yet accepted) it
/// verifies against a fixed dummy hash so the answer takes the same time either way.
pub async fn verify(password: String, stored: Option<String>) -> bool {
    let known = stored.is_some();
    let ok = on_pool(move || {
        let hash = stored.unwrap_or_else(|| dummy_hash().to_string());
        verify_here(password.as_bytes(), &hash).unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    ok && known
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_here(b"no such user: a password nobody has").unwrap_or_default())
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

    /// Hashes made here verify with the argon2 crate's own verifier and the other way round, also with other
    /// parameters than the default (hashes stored by earlier versions must keep working).
    #[test]
    fn hashes_are_the_argon2_crates_own() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let mine = hash_here(b"correct horse").unwrap();
        assert!(Argon2::default().verify_password(b"correct horse", &PasswordHash::new(&mine).unwrap()).is_ok());
        assert!(Argon2::default().verify_password(b"wrong horse", &PasswordHash::new(&mine).unwrap()).is_err());
        let salt = SaltString::generate(&mut OsRng);
        for params in [Params::default(), Params::new(8 * 1024, 3, 1, Some(24)).unwrap()] {
            let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password(b"correct horse", &salt)
                .unwrap()
                .to_string();
            assert!(verify_here(b"correct horse", &theirs).unwrap(), "{theirs}");
            assert!(!verify_here(b"correct horsf", &theirs).unwrap(), "{theirs}");
        }
        assert!(verify_here(b"x", "not a hash").is_err());
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
