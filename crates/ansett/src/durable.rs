//! Files a backup or restore writes, made to survive a crash: written under a temporary name, synced, renamed.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

/// `bytes` to `path`, whole or not at all.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("part");
    let mut file = std::fs::File::create(&tmp).with_context(|| format!("cannot write {}", tmp.display()))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).with_context(|| format!("cannot write {}", tmp.display()))?;
    drop(file);
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    sync_dir_of(path);
    Ok(())
}

/// A copy of `from` at `to`, whole or not at all.
pub fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let tmp = to.with_extension("part");
    std::fs::copy(from, &tmp).with_context(|| format!("cannot copy {} to {}", from.display(), tmp.display()))?;
    sync(&tmp)?;
    std::fs::rename(&tmp, to).with_context(|| format!("cannot write {}", to.display()))?;
    sync_dir_of(to);
    Ok(())
}

/// Flushes a file someone else wrote (SQLite's `VACUUM INTO`, `pg_dump`) to the disk.
pub fn sync(path: &Path) -> Result<()> {
    std::fs::File::open(path).and_then(|f| f.sync_all()).with_context(|| format!("cannot sync {}", path.display()))
}

/// The rename itself must survive a crash too.
fn sync_dir_of(path: &Path) {
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}
