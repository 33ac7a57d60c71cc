//! The refresh lock: an OS file lock on `<db>.lock`, so two refreshes never write one store.
//!
//! The lock is `flock`-style ([`std::fs::File::try_lock`]): the OS drops it when the process
//! ends, however it ends (SIGKILL included), so a crash never leaves a stale lock behind. The
//! file itself stays; it holds the pid of the last holder, for the message the loser prints.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::StoreError;

/// A held refresh lock; dropping it releases the lock.
#[derive(Debug)]
pub struct RefreshLock {
    file: File,
    path: PathBuf,
}

impl RefreshLock {
    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for RefreshLock {
    fn drop(&mut self) {
        // Unlocking also happens when the descriptor closes; this only makes it explicit.
        let _ = self.file.unlock();
    }
}

/// The lock file of a store: the database path with `.lock` appended (`tizilim.db.lock`).
pub fn lock_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_os_string();
    s.push(".lock");
    PathBuf::from(s)
}

/// Takes the refresh lock of the store at `db` without waiting. Fails with
/// [`StoreError::Locked`] when another refresh holds it.
pub fn lock(db: &Path) -> Result<RefreshLock, StoreError> {
    let path = lock_path(db);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| StoreError::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(StoreError::Locked {
                path,
                holder: (!holder.is_empty() && holder.len() < 64).then(|| holder.to_string()),
            });
        }
        Err(TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
    }
    // Best effort: the pid is only informative.
    let _ = file.set_len(0);
    let _ = file.seek(SeekFrom::Start(0));
    let _ = writeln!(file, "pid {}", std::process::id());
    let _ = file.flush();
    Ok(RefreshLock { file, path })
}
