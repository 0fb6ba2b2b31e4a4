//! Allocator settings for a long-running server.

/// Blocks of 4 MiB and more (Argon2id's 19 MiB per sign-in) are taken from the system and given back each time.
/// glibc otherwise raises its threshold for that after the first such block is freed, and later ones stay in the
/// arena of the thread that used them: about 58 MB kept for each hashing thread, measured with
/// `/proc/<pid>/smaps` after `ansett-bench --scenarios list_first` (16 clients signing in at once).
pub fn give_back_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a setting of the allocator, before any thread but this one exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
    }
}
