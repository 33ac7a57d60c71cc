//! Shared by the integration tests of the root crate.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The workspace root (where `fixtures/` and `corpus/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the expected file `fixtures/expect/<name>`; with `UPDATE_EXPECT=1` in
/// the environment, (re)writes the file instead. On a difference, panics with a line diff and
/// the way to accept the new output.
pub fn expect_file(name: &str, actual: &str) {
    let path = root().join("fixtures/expect").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0") {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run with UPDATE_EXPECT=1 to write it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs from the output (- expected, + actual):\n{}\nIf the new output is right, rerun with UPDATE_EXPECT=1.",
            path.display(),
            line_diff(&expected, actual)
        );
    }
}

fn line_diff(a: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let mut out = String::new();
    let mut shown = 0;
    let n = a.len().max(b.len());
    for i in 0..n {
        let (x, y) = (a.get(i), b.get(i));
        if x != y {
            if let Some(x) = x {
                out.push_str(&format!("{:>5} - {x}\n", i + 1));
            }
            if let Some(y) = y {
                out.push_str(&format!("{:>5} + {y}\n", i + 1));
            }
            shown += 1;
            if shown >= 40 {
                out.push_str("      ... (more differences)\n");
                break;
            }
        }
    }
    out
}

/// A path relative to the workspace root.
pub fn at(rel: &str) -> PathBuf {
    root().join(rel)
}

/// The file name of `p` as a string.
pub fn name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
