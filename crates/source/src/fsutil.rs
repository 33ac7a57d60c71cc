//! Atomic file output: write to a temporary file beside the target, flush, then rename, so a
//! crash never leaves a half-written form or report.

use std::io::Write;
use std::path::Path;

/// The name prefix of a file being written; one left behind was cut off by a crash.
pub const PARTIAL_PREFIX: &str = ".tizilim-partial-";

/// Removes the partial files a killed run left in `dir` and its subfolders (two levels: `out/`
/// and `out/run-N/`, plus a form folder below). Call it only under the store's lock, when no other
/// run can be writing. Returns how many were removed.
pub fn remove_partials(dir: &Path) -> usize {
    fn walk(dir: &Path, depth: usize, removed: &mut usize) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let path = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() && depth < 3 {
                walk(&path, depth + 1, removed);
            } else if ft.is_file()
                && e.file_name().to_string_lossy().starts_with(PARTIAL_PREFIX)
                && std::fs::remove_file(&path).is_ok()
            {
                *removed += 1;
            }
        }
    }
    let mut removed = 0;
    walk(dir, 0, &mut removed);
    removed
}

/// Writes `bytes` to `path` atomically (temp file in the same directory + fsync + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(PARTIAL_PREFIX)
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are created 0600; outputs are meant to be read by others (0644).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The user's cache folder for tizilim: `$XDG_CACHE_HOME/tizilim`, else `~/.cache/tizilim`
/// (`None` when neither is set). The default of the command line's `--cache-dir`; stages never
/// look it up themselves, they are given a folder.
pub fn user_cache_dir() -> Option<std::path::PathBuf> {
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME").filter(|d| !d.is_empty()) {
        return Some(std::path::PathBuf::from(d).join("tizilim"));
    }
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(|h| std::path::PathBuf::from(h).join(".cache").join("tizilim"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a/b.txt");
        super::write_atomic(&p, b"one").unwrap();
        super::write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(p.parent().unwrap()).unwrap().count(), 1);
    }

    #[test]
    fn partial_files_of_a_killed_run_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run-3/forms");
        std::fs::create_dir_all(&run).unwrap();
        let partial = run.join(format!("{}abc123", super::PARTIAL_PREFIX));
        std::fs::write(&partial, b"half a form").unwrap();
        let top = dir.path().join(format!("{}x", super::PARTIAL_PREFIX));
        std::fs::write(&top, b"half").unwrap();
        let kept = run.join("app4.xlsx");
        super::write_atomic(&kept, b"whole").unwrap();
        let other = dir.path().join(".tmpKEEP");
        std::fs::write(&other, b"not ours").unwrap();
        assert_eq!(super::remove_partials(dir.path()), 2);
        assert!(!partial.exists() && !top.exists());
        assert!(kept.exists() && other.exists());
    }
}
