//! Shared by the review server's tests: a small corpus, `tizilim refresh` over it, and a
//! `tizilim serve` child process on a free loopback port, stopped when dropped.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Text that would run as script if the server did not escape it.
pub const SCRIPT_TEXT: &str = "<script>document.body.setAttribute('data-pwned','script')</script>";

/// The workspace root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The illustrative Russian by-law (one hidden service, «Выдача разрешения на вырубку деревьев»).
pub fn bylaw() -> String {
    std::fs::read_to_string(root().join("corpus/illustrative/bylaw_ru.txt")).unwrap()
}

/// A second by-law made from the first: another service (пересадка instead of вырубка) and
/// another registration number, so the corpus has two findings.
pub fn second_bylaw() -> String {
    bylaw()
        .replace("вырубку деревьев", "пересадку деревьев")
        .replace("вырубка деревьев", "пересадка деревьев")
        .replace("34100", "34101")
}

/// The first by-law with `<script>` in the point the finding quotes (the services table of
/// Appendix 2 names the provider).
pub fn hostile_bylaw() -> String {
    let text = bylaw();
    let cell = "Местные исполнительные органы районов";
    assert!(text.contains(cell), "the by-law names its provider");
    text.replacen(cell, &format!("{SCRIPT_TEXT} {cell}"), 1)
}

/// A corpus directory under `dir` with the given files.
pub fn corpus(dir: &Path, files: &[(&str, &str)]) -> PathBuf {
    let c = dir.join("corpus");
    std::fs::create_dir_all(&c).unwrap();
    for (name, text) in files {
        std::fs::write(c.join(name), text).unwrap();
    }
    c
}

/// Runs `tizilim refresh` of `dir/corpus` into `dir/t.db`; panics when it fails.
pub fn refresh(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_tizilim"))
        .args([
            "refresh",
            "--no-ocr",
            "--no-cache",
            "--corpus",
            "corpus",
            "--db",
            "t.db",
            "--out",
            "out",
            "--registry",
        ])
        .arg(root().join("corpus/registry.csv"))
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "refresh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `tizilim ARGS` in `dir`.
pub fn tizilim(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tizilim"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A running `tizilim serve`.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
    /// `127.0.0.1:PORT`.
    pub host: String,
}

impl Server {
    /// Starts `tizilim serve` over `dir/t.db` on a free loopback port (port 0: the server
    /// prints the address it got) as user `user`.
    pub fn start(dir: &Path, user: &str) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tizilim"))
            .args([
                "serve",
                "--db",
                "t.db",
                "--addr",
                "127.0.0.1:0",
                "--user",
                user,
                "--registry",
            ])
            .arg(root().join("corpus/registry.csv"))
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "serve printed {line:?}"
        );
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server { child, url, host }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP client that returns every status as a response (4xx are what the tests check).
pub fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET `url`: status and body.
pub fn get(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut r = agent.get(url).call().unwrap();
    let status = r.status().as_u16();
    (status, r.body_mut().read_to_string().unwrap())
}

/// The CSRF token a page carries.
pub fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf-token\" content=\"")
        .expect("a CSRF meta tag")
        + 27;
    page[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}
