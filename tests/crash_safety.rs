//! Crash safety of `tizilim refresh`: a refresh SIGKILLed at any moment, then rerun, leaves the
//! same database as a run that was never interrupted, and SQLite's integrity check passes after
//! every kill.
//!
//! Each trial copies a small corpus (fixtures: text, HTML and PDF acts, plus a file that fails),
//! starts `tizilim refresh` as a child process, kills it with SIGKILL after a delay drawn from a
//! seeded RNG and spread over the length of an uninterrupted run, checks the database, reruns
//! the refresh to completion and compares a canonical dump of the tables that matter (acts and
//! what was extracted from them, files, findings — without run ids and timestamps) with the
//! dump of an uninterrupted run. Odd trials first complete a run, then change the corpus (one
//! act edited, one removed, one added) and kill the second run, which exercises the
//! incremental path.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

const TRIALS: u64 = 20;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The corpus of version 1: six acts in three formats (two of them by-laws that give findings
/// against the register), the register, and one file that fails.
fn corpus_v1(dir: &Path) {
    std::fs::create_dir_all(dir.join("kk")).unwrap();
    std::fs::create_dir_all(dir.join("ru")).unwrap();
    let copy = |from: &str, to: &str| {
        std::fs::copy(fixture(from), dir.join(to)).unwrap();
    };
    copy("seeds/000_56372298d692b573.txt", "kk/seed0.txt");
    copy("seeds/001_692cbcfd57177d2b.txt", "ru/seed1.txt");
    copy("html/rus_V2500037538.html", "ru/order.html");
    copy("pdf/kaz_V2100022243.pdf", "kk/order.pdf");
    copy("bad/text/junk.bin", "kk/junk.txt");
    for (from, to) in [
        ("corpus/illustrative/bylaw_ru.txt", "ru/bylaw.txt"),
        ("corpus/illustrative/bylaw_kk.txt", "kk/bylaw.txt"),
        ("corpus/registry.csv", "registry.csv"),
    ] {
        std::fs::copy(repo(from), dir.join(to)).unwrap();
    }
}

/// Version 2: one act edited, one removed, one added.
fn corpus_v2(dir: &Path) {
    let p = dir.join("ru/seed1.txt");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("1.", "1-1.", 1) + "\n99. Дополнительный пункт.\n",
    )
    .unwrap();
    std::fs::remove_file(dir.join("kk/order.pdf")).unwrap();
    std::fs::remove_file(dir.join("kk/bylaw.txt")).unwrap();
    std::fs::copy(
        fixture("seeds/002_39aa061cad97cf4f.txt"),
        dir.join("kk/seed2.txt"),
    )
    .unwrap();
}

struct Setup {
    _tmp: tempfile::TempDir,
    corpus: PathBuf,
    db: PathBuf,
    out: PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    corpus_v1(&corpus);
    Setup {
        corpus,
        db: tmp.path().join("tizilim.db"),
        out: tmp.path().join("out"),
        _tmp: tmp,
    }
}

fn refresh_cmd(s: &Setup) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tizilim"));
    c.arg("refresh")
        .arg("--corpus")
        .arg(&s.corpus)
        .arg("--registry")
        .arg(s.corpus.join("registry.csv"))
        .arg("--db")
        .arg(&s.db)
        .arg("--out")
        .arg(&s.out)
        .args(["--jobs", "2", "--json"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

/// Runs a refresh to completion: exit status 1 (the junk file fails), nothing else.
fn refresh(s: &Setup) -> Duration {
    let start = Instant::now();
    let out = refresh_cmd(s).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "refresh: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    start.elapsed()
}

/// Files under `dir` that an atomic write started and never renamed.
fn partial_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if e
                .file_name()
                .to_string_lossy()
                .starts_with(".tizilim-partial-")
                || e.file_name().to_string_lossy().starts_with(".tmp")
            {
                out.push(p);
            }
        }
    }
    out
}

fn integrity_ok(db: &Path) {
    if !db.exists() {
        return;
    }
    let c = Connection::open(db).unwrap();
    let r: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(r, "ok", "{}", db.display());
    let fk: Vec<String> = c
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(fk.is_empty(), "foreign key violations in {fk:?}");
}

/// The content that must not depend on interruptions: current acts with what was extracted
/// from them, files and their state, findings; keyed by path and content, not by ids.
fn dump(s: &Setup) -> Vec<String> {
    let c = Connection::open(&s.db).unwrap();
    let corpus = s.corpus.to_string_lossy().into_owned();
    let mut out = Vec::new();
    let mut q = |sql: &str| {
        let mut st = c.prepare(sql).unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut cols = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    // Stored JSON names files by their path: make it independent of the temp dir.
                    cols.push(format!("{v:?}").replace(&corpus, "<corpus>"));
                }
                Ok(cols.join(" | "))
            })
            .unwrap();
        let mut rows: Vec<String> = rows.map(Result::unwrap).collect();
        rows.sort();
        out.push(format!("-- {sql}"));
        out.extend(rows);
    };
    q("SELECT f.path, f.size, f.hash, f.version, f.removed_run IS NOT NULL, f.error FROM files f");
    q("SELECT f.path, a.language, a.registration_number, a.title, a.status, a.hash, a.head_json, a.legal_json
       FROM acts a JOIN files f ON f.id = a.file_id");
    // The current tree of each act: its latest version row.
    q(
        "SELECT f.path, v.hash, v.status, v.tree_json FROM act_versions v
       JOIN acts a ON a.id = v.act_id JOIN files f ON f.id = a.file_id
       WHERE v.run = (SELECT MAX(w.run) FROM act_versions w WHERE w.act_id = v.act_id)",
    );
    q("SELECT id, kind, resolved_run IS NOT NULL, json FROM findings");
    out
}

fn assert_same(expected: &[String], got: &[String], what: &str) {
    if expected != got {
        let first = expected
            .iter()
            .zip(got)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(got.len()));
        panic!(
            "{what}: dump differs at line {first} ({} vs {} lines):\nexpected: {:.400}\ngot:      {:.400}",
            expected.len(),
            got.len(),
            expected.get(first).map_or("<end>", String::as_str),
            got.get(first).map_or("<end>", String::as_str)
        );
    }
}

/// xorshift64*: a small seeded RNG, so that a failing trial can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

#[test]
fn killed_refresh_then_rerun_equals_uninterrupted_run() {
    // Uninterrupted references: one run on v1; a run on v1 then a run on v2.
    let base = setup();
    let mut t1 = refresh(&base);
    let ref_v1 = dump(&base);
    assert!(
        ref_v1.iter().any(|l| l.contains("ru/order.html")),
        "{ref_v1:?}"
    );
    let findings_at = ref_v1
        .iter()
        .position(|l| l.contains("FROM findings"))
        .unwrap();
    assert!(
        ref_v1.len() > findings_at + 1,
        "the reference run has no findings"
    );
    corpus_v2(&base.corpus);
    let t2 = refresh(&base);
    let ref_v2 = dump(&base);
    integrity_ok(&base.db);
    // Delays are drawn below the measured length of the same kind of run, so that nearly every
    // trial kills a run in progress; a trial whose run still ended first (a faster moment of a
    // shared machine) does not count, and further trials are drawn until TRIALS runs were killed.
    let span = |t: Duration| (t * 9 / 10).max(Duration::from_millis(5));

    let seed = std::env::var("TIZILIM_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_u64);
    let mut rng = Rng(seed);
    let mut killed_mid_run = 0;
    let mut trial = 0;
    while killed_mid_run < TRIALS && trial < 3 * TRIALS {
        let s = setup();
        let incremental = trial % 2 == 1;
        trial += 1;
        if incremental {
            // The first run of a fresh process may be slower (cold caches): keep the shortest.
            t1 = t1.min(refresh(&s));
            corpus_v2(&s.corpus);
        }
        // Delays spread over the run: from just after start to just before its usual end.
        let delay = Duration::from_micros(
            rng.next() % span(if incremental { t2 } else { t1 }).as_micros() as u64,
        );
        let mut child = refresh_cmd(&s).spawn().unwrap();
        let start = Instant::now();
        let mut finished = false;
        while start.elapsed() < delay {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        if !finished {
            child.kill().unwrap(); // SIGKILL
            killed_mid_run += 1;
        }
        child.wait().unwrap();
        let what =
            format!("trial {trial} (seed {seed}, delay {delay:?}, incremental {incremental})");
        integrity_ok(&s.db);
        refresh(&s);
        integrity_ok(&s.db);
        let partial = partial_files(&s.out);
        assert!(
            partial.is_empty(),
            "{what}: partial files left: {partial:?}"
        );
        let expected = if incremental { &ref_v2 } else { &ref_v1 };
        let got = dump(&s);
        assert_same(expected, &got, &what);
        // A second rerun changes nothing.
        refresh(&s);
        assert_same(&got, &dump(&s), &format!("{what}, rerun"));
    }
    eprintln!(
        "crash safety: {killed_mid_run} of {trial} runs killed mid-run (run times {t1:?}, {t2:?}; {} lines compared)",
        ref_v1.len() + ref_v2.len()
    );
    assert!(
        killed_mid_run >= TRIALS,
        "only {killed_mid_run} of {trial} trials were killed before the run ended"
    );
}
