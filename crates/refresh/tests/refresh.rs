//! Refresh on temporary corpora with fake processing callbacks: incremental runs, the run diff,
//! failures, the lock, and a real SIGKILL in the middle of a run.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde_json::{json, Value};
use tizilim_findings::{Evidence, Finding, FindingKind, FormId};
use tizilim_refresh::Source;
use tizilim_refresh::{
    self as refresh, FileResult, FinishInput, RefreshOptions, RunOutputs, RunSummary,
};
use tizilim_report as report;
use tizilim_store::Store;

/// A fake act file: first line the title, then `N. text` points; a line `service: NAME`
/// makes a finding.
fn fake_process(src: &Source) -> Result<FileResult, String> {
    use tizilim_legal::{LegalContent, Service, ServiceKind};
    use tizilim_structure::{ActMeta, ActRef, Document, Node, NodeKind};
    use tizilim_text::Language;
    let text = String::from_utf8(src.bytes.clone()).map_err(|e| e.to_string())?;
    if text.starts_with("BROKEN") {
        return Err("not an act".into());
    }
    let mut lines = text.lines();
    let title = lines.next().unwrap_or_default().to_string();
    let mut tree = Vec::new();
    let mut services = Vec::new();
    for line in lines {
        if let Some(name) = line.strip_prefix("service: ") {
            services.push(Service::new(
                name,
                Language::Ru,
                ServiceKind::Mention,
                0.9,
                "",
                "",
            ));
        } else if let Some((num, body)) = line.split_once(". ") {
            tree.push(Node::new(
                NodeKind::Point,
                format!("point:{num}"),
                Some(num.to_string()),
                body.to_string(),
            ));
        }
    }
    let status = text
        .contains("REPEALED")
        .then(|| "repealed".to_string())
        .or(Some("in_force".into()));
    let document = Document {
        file: src.path.to_string_lossy().into_owned(),
        format: tizilim_source::Format::Text,
        language: Language::Ru,
        quality: Default::default(),
        act: ActMeta {
            id: ActRef {
                title: Some(title),
                ..ActRef::default()
            },
            status,
            ..ActMeta::default()
        },
        tree,
        diagnostics: Vec::new(),
    };
    let legal = LegalContent {
        services,
        ..LegalContent::default()
    };
    Ok(FileResult::new(document, legal))
}

fn count_acts(input: &FinishInput<'_>) -> usize {
    let mut n = 0;
    input.acts.each(&mut |_| n += 1).unwrap();
    n
}

fn fake_finish(input: &FinishInput<'_>) -> Result<RunOutputs, String> {
    if let Some(findings) = &input.unchanged {
        return Ok(RunOutputs {
            findings: findings.clone(),
            files: vec![("app4_ru.csv".into(), b"code;name\n".to_vec())],
        });
    }
    let mut findings = Vec::new();
    input.acts.each(&mut |act| {
        for s in &act.services {
            let name = s.name.clone();
            findings.push(Finding {
                kind: FindingKind::Hidden,
                register_code: None,
                service: name.clone(),
                field: None,
                current: None,
                proposed: Some(format!("{name} ({})", act.file)),
                evidence: Evidence {
                    file: act.file.clone(),
                    path: "point:1".into(),
                    quote: name.clone(),
                },
                confidence: 0.9,
                form: FormId::App4,
                justification: String::new(),
                details: None,
                id: format!("hidden:{name}"),
            });
        }
    })?;
    Ok(RunOutputs {
        findings,
        files: vec![("app4_ru.csv".into(), b"code;name\n".to_vec())],
    })
}

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    opts: RefreshOptions,
    calls: AtomicUsize,
    processed: Mutex<Vec<String>>,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir_all(root.join("corpus/sub")).unwrap();
        let opts = RefreshOptions {
            corpus: root.join("corpus"),
            registry: root.join("corpus/registry.txt"),
            db: root.join("tizilim.db"),
            out: root.join("out"),
            jobs: 2,
            json: true,
            version: "test".into(),
        };
        Self {
            _dir: dir,
            root,
            opts,
            calls: AtomicUsize::new(0),
            processed: Mutex::new(vec![]),
        }
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.opts.corpus.join(rel), text).unwrap();
    }

    fn refresh(&self) -> RunSummary {
        self.calls.store(0, Ordering::SeqCst);
        self.processed.lock().unwrap().clear();
        let process = |src: &Source| {
            self.calls.fetch_add(1, Ordering::SeqCst);
            self.processed
                .lock()
                .unwrap()
                .push(src.path.file_name().unwrap().to_string_lossy().into_owned());
            fake_process(src)
        };
        refresh::run(&self.opts, &process, &fake_finish).unwrap()
    }

    fn processed(&self) -> Vec<String> {
        let mut v = self.processed.lock().unwrap().clone();
        v.sort();
        v
    }
}

fn counts(s: &RunSummary) -> [usize; 5] {
    [
        s.acts.new,
        s.acts.changed,
        s.acts.unchanged,
        s.acts.removed,
        s.acts.failed,
    ]
}

fn findings(s: &RunSummary) -> [usize; 3] {
    [s.findings.new, s.findings.resolved, s.findings.total]
}

#[test]
fn incremental_runs_and_their_diff() {
    let fx = Fixture::new();
    fx.write(
        "a.txt",
        "Приказ А\n1. Первый пункт\n2. Второй пункт\nservice: Выдача справки\n",
    );
    fx.write("b.html", "Бұйрық Б\n1. Бірінші тармақ\n2. Екінші тармақ\n");
    fx.write("sub/c.md", "Приказ В\n1. Пункт\nservice: Регистрация\n");
    fx.write("notes.csv", "not an act\n");
    fx.write("registry.txt", "register, not an act\n");

    let s1 = fx.refresh();
    assert_eq!(s1.run, 1);
    assert_eq!(counts(&s1), [3, 0, 0, 0, 0]);
    assert_eq!(findings(&s1), [2, 0, 2]);
    assert_eq!(fx.processed(), vec!["a.txt", "b.html", "c.md"]);
    let out1 = fx.root.join("out/run-1");
    assert_eq!(s1.out, out1.to_string_lossy());
    for f in [
        "report.html",
        "report.md",
        "summary.json",
        "diff.json",
        "app4_ru.csv",
    ] {
        assert!(out1.join(f).is_file(), "{f}");
    }
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out1.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["run"], 1);
    assert_eq!(
        summary["acts"],
        json!({ "new": 3, "changed": 0, "unchanged": 0, "removed": 0, "failed": 0 })
    );
    assert_eq!(
        summary["findings"],
        json!({ "new": 2, "resolved": 0, "total": 2 })
    );
    assert_eq!(summary["out"], out1.to_string_lossy().as_ref());

    // Change one file (b: point 2 reworded), add one (d), delete one (c).
    fx.write(
        "b.html",
        "Бұйрық Б\n1. Бірінші тармақ\n2. Екінші тармақ жаңа редакцияда\n",
    );
    fx.write("d.txt", "Приказ Г\n1. Новый пункт\nservice: Новая услуга\n");
    std::fs::remove_file(fx.opts.corpus.join("sub/c.md")).unwrap();
    let s2 = fx.refresh();
    assert_eq!(s2.run, 2);
    assert_eq!(counts(&s2), [1, 1, 1, 1, 0]);
    assert_eq!(findings(&s2), [1, 1, 2]);
    assert_eq!(fx.processed(), vec!["b.html", "d.txt"]);

    let store = Store::open(&fx.opts.db).unwrap();
    let d = store.run_diff(Some(1), 2).unwrap();
    let acts: Vec<(&str, &str)> = d
        .acts
        .iter()
        .map(|a| (a.file.as_str(), a.change.as_str()))
        .collect();
    assert_eq!(
        acts,
        vec![
            ("b.html", "changed"),
            ("d.txt", "added"),
            ("sub/c.md", "removed")
        ]
    );
    assert_eq!(d.findings_added.len(), 1);
    assert_eq!(d.findings_added[0].service, "Новая услуга");
    assert_eq!(d.findings_resolved.len(), 1);
    assert_eq!(d.findings_resolved[0].service, "Регистрация");
    assert!(d.findings_changed.is_empty());
    assert!(!d.register_changed());
    let report = tizilim_refresh::run_report(&d);
    let units: Vec<(String, &str, Option<String>)> = report
        .units()
        .map(|u| (u.path.clone(), u.change.as_str(), u.file.clone()))
        .collect();
    assert_eq!(
        units,
        vec![("point:2".to_string(), "changed", Some("b.html".to_string()))]
    );
    // The run's own report says the same.
    let written: Value =
        serde_json::from_slice(&std::fs::read(fx.root.join("out/run-2/diff.json")).unwrap())
            .unwrap();
    let rendered: Value = serde_json::from_str(&report::render_json(&report)).unwrap();
    assert_eq!(written, rendered);
    assert_eq!(written["acts"]["removed"][0]["file"], "sub/c.md");
    let html = std::fs::read_to_string(fx.root.join("out/run-2/report.html")).unwrap();
    assert!(html.contains("Новая услуга") && html.contains("жаңа редакцияда"));

    // Nothing changed: no file is processed.
    let s3 = fx.refresh();
    assert_eq!(s3.run, 3);
    assert_eq!(fx.calls.load(Ordering::SeqCst), 0);
    assert_eq!(counts(&s3), [0, 0, 3, 0, 0]);
    assert_eq!(findings(&s3), [0, 0, 2]);
    let d3 = store.run_diff(Some(2), 3).unwrap();
    assert!(d3.acts.is_empty() && d3.findings_added.is_empty() && d3.findings_resolved.is_empty());

    // Touching a file without changing it costs a hash, not a processing.
    let a = fx.opts.corpus.join("a.txt");
    let f = std::fs::File::options().write(true).open(&a).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(f);
    // A new register and a repealed act.
    fx.write("registry.txt", "register v2\n");
    fx.write("b.html", "Бұйрық Б REPEALED\n1. Бірінші тармақ\n");
    let s4 = fx.refresh();
    assert_eq!(fx.processed(), vec!["b.html"]);
    assert_eq!(counts(&s4), [0, 1, 2, 0, 0]);
    let d4 = store.run_diff(Some(3), 4).unwrap();
    assert!(d4.register_changed());
    let acts: Vec<(&str, &str)> = d4
        .acts
        .iter()
        .map(|a| (a.file.as_str(), a.change.as_str()))
        .collect();
    assert_eq!(acts, vec![("b.html", "repealed")]);
    // Run names resolve against committed runs.
    assert_eq!(store.resolve_run("last").unwrap(), 4);
    assert_eq!(store.resolve_run("prev").unwrap(), 3);
    // A finding that comes back after being resolved is new again.
    fx.write("sub/c.md", "Приказ В\n1. Пункт\nservice: Регистрация\n");
    let s5 = fx.refresh();
    assert_eq!(counts(&s5), [1, 0, 3, 0, 0]);
    assert_eq!(findings(&s5), [1, 0, 3]);
}

#[test]
fn failures_are_counted_and_retried() {
    let fx = Fixture::new();
    fx.write("good.txt", "Приказ\n1. Пункт\n");
    fx.write("bad.txt", "BROKEN\n");
    let s1 = fx.refresh();
    assert_eq!(counts(&s1), [1, 0, 0, 0, 1]);
    assert_eq!(s1.exit_code(), 1);
    assert_eq!(s1.errors.len(), 1);
    assert_eq!(s1.errors[0].file, "bad.txt");
    assert_eq!(s1.errors[0].error, "not an act");
    // The failed file is retried; the good one is not.
    let s2 = fx.refresh();
    assert_eq!(fx.processed(), vec!["bad.txt"]);
    assert_eq!(counts(&s2), [0, 0, 1, 0, 1]);
    fx.write("bad.txt", "Приказ\n1. Теперь читается\n");
    let s3 = fx.refresh();
    assert_eq!(counts(&s3), [1, 0, 1, 0, 0]);
    assert_eq!(s3.exit_code(), 0);
}

#[test]
fn a_panicking_processor_fails_one_file_only() {
    let fx = Fixture::new();
    fx.write("a.txt", "Приказ\n1. Пункт\n");
    fx.write("boom.txt", "Приказ\n1. Пункт\n");
    let process = |src: &Source| {
        if src.path.ends_with("boom.txt") {
            panic!("parser bug");
        }
        fake_process(src)
    };
    let s = refresh::run(&fx.opts, &process, &fake_finish).unwrap();
    assert_eq!(counts(&s), [1, 0, 0, 0, 1]);
    assert!(s.errors[0].error.contains("parser bug"), "{:?}", s.errors);
}

#[test]
fn findings_failure_leaves_work_for_the_next_run() {
    let fx = Fixture::new();
    fx.write("a.txt", "Приказ\n1. Пункт\n");
    fx.write("b.txt", "Приказ\n1. Пункт\n");
    let fail =
        |_: &FinishInput<'_>| -> Result<RunOutputs, String> { Err("register unreadable".into()) };
    let err = refresh::run(&fx.opts, &fake_process, &fail).unwrap_err();
    assert!(err.to_string().contains("register unreadable"));
    assert!(!fx.root.join("out/run-1").exists());
    // The rerun adopts the processed files: nothing is processed twice, nothing counted twice.
    let s = fx.refresh();
    assert_eq!(s.run, 2);
    assert_eq!(fx.calls.load(Ordering::SeqCst), 0);
    assert_eq!(counts(&s), [2, 0, 0, 0, 0]);
    let store = Store::open(&fx.opts.db).unwrap();
    let runs: Vec<(i64, String)> = store
        .runs()
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.status))
        .collect();
    assert_eq!(runs, vec![(1, "abandoned".into()), (2, "committed".into())]);
}

#[test]
fn refresh_refuses_when_the_lock_is_held() {
    let fx = Fixture::new();
    fx.write("a.txt", "Приказ\n1. Пункт\n");
    let _held = tizilim_store::lock(&fx.opts.db).unwrap();
    let err = refresh::run(&fx.opts, &fake_process, &fake_finish).unwrap_err();
    assert!(
        err.to_string()
            .contains("another refresh holds the lock on"),
        "{err}"
    );
    assert!(!fx.root.join("out").exists());
}

#[test]
fn missing_corpus_is_an_error() {
    let fx = Fixture::new();
    let mut opts = fx.opts.clone();
    opts.corpus = fx.root.join("nope");
    let err = refresh::run(&opts, &fake_process, &fake_finish).unwrap_err();
    assert!(format!("{err:#}").contains("nope"), "{err:#}");
}

const CHILD_ENV: &str = "TIZILIM_TEST_REFRESH_CHILD";

/// Kills a refresh with SIGKILL while it processes the third of five files, checks that the
/// lock died with it, and reruns: every file ends up counted once as new, files the killed run
/// had stored are not processed again, and no row is duplicated.
#[test]
fn sigkill_mid_run_then_rerun() {
    if let Ok(root) = std::env::var(CHILD_ENV) {
        // The child: a refresh that blocks on c.txt until it is killed.
        let root = PathBuf::from(root);
        let opts = RefreshOptions {
            corpus: root.join("corpus"),
            registry: root.join("corpus/registry.csv"),
            db: root.join("tizilim.db"),
            out: root.join("out"),
            jobs: 1,
            json: true,
            version: "test".into(),
        };
        let process = |src: &Source| {
            if src.path.ends_with("c.txt") {
                std::fs::write(root.join("child-blocked"), b"").unwrap();
                std::thread::sleep(std::time::Duration::from_secs(60));
            }
            fake_process(src)
        };
        let _ = refresh::run(&opts, &process, &fake_finish);
        return;
    }
    let fx = Fixture::new();
    for name in ["a", "b", "c", "d", "e"] {
        fx.write(
            &format!("{name}.txt"),
            &format!("Приказ {name}\n1. Пункт {name}\nservice: Услуга {name}\n"),
        );
    }
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "sigkill_mid_run_then_rerun",
            "--test-threads=1",
            "--nocapture",
        ])
        .env(CHILD_ENV, &fx.root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let blocked = fx.root.join("child-blocked");
    let start = std::time::Instant::now();
    while !blocked.exists() {
        assert!(start.elapsed().as_secs() < 60, "child never reached c.txt");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Wait until the child's writer has stored what came before c (a and b), polling so that a
    // slow machine does not make the test flaky.
    let stored_new = |db: &Path| -> usize {
        rusqlite::Connection::open(db)
            .and_then(|c| {
                c.query_row(
                    "SELECT COUNT(*) FROM run_files WHERE outcome = 'new'",
                    [],
                    |r| r.get::<_, i64>(0),
                )
            })
            .unwrap_or(0) as usize
    };
    let start = std::time::Instant::now();
    while stored_new(&fx.opts.db) < 2 && start.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let err = tizilim_store::lock(&fx.opts.db).unwrap_err();
    assert!(
        err.to_string().contains("another refresh holds the lock"),
        "{err}"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    drop(tizilim_store::lock(&fx.opts.db).expect("the OS released the lock"));

    let stored = stored_new(&fx.opts.db);
    assert!(stored >= 1, "the killed run stored nothing");
    assert!(stored <= 2);

    let s = fx.refresh();
    assert_eq!(s.run, 2);
    assert_eq!(counts(&s), [5, 0, 0, 0, 0]);
    assert_eq!(findings(&s), [5, 0, 5]);
    assert_eq!(fx.calls.load(Ordering::SeqCst), 5 - stored);
    let c = rusqlite::Connection::open(&fx.opts.db).unwrap();
    let n = |sql: &str| c.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(n("SELECT COUNT(*) FROM files"), 5);
    assert_eq!(n("SELECT COUNT(*) FROM acts"), 5);
    assert_eq!(n("SELECT COUNT(*) FROM act_versions"), 5);
    assert_eq!(n("SELECT COUNT(*) FROM runs WHERE status = 'abandoned'"), 1);
    // And a third run has nothing to do.
    let s3 = fx.refresh();
    assert_eq!(counts(&s3), [0, 0, 5, 0, 0]);
    assert_eq!(fx.calls.load(Ordering::SeqCst), 0);
}

/// A run where nothing changed gets the last run's findings instead of the acts (which it does
/// not load); any change (an act, the register file, a failed file) makes the findings be
/// detected again.
#[test]
fn no_change_run_reuses_the_last_findings() {
    let fx = Fixture::new();
    fx.write("a.txt", "Приказ А\n1. Пункт\nservice: Выдача справки\n");
    fx.write("b.txt", "Приказ Б\n1. Пункт\nservice: Регистрация\n");
    fx.write("registry.txt", "register v1\n");
    let seen: Mutex<Vec<(bool, usize)>> = Mutex::new(vec![]);
    let finish = |input: &FinishInput<'_>| {
        seen.lock()
            .unwrap()
            .push((input.unchanged.is_some(), count_acts(input)));
        fake_finish(input)
    };
    let run = || refresh::run(&fx.opts, &fake_process, &finish).unwrap();
    let last = || *seen.lock().unwrap().last().unwrap();

    let s1 = run();
    assert_eq!(last(), (false, 2));
    let s2 = run();
    assert_eq!(last(), (true, 0), "nothing changed: findings reused");
    assert_eq!(findings(&s2), [0, 0, 2]);
    let stored = |run: i64| {
        let store = tizilim_store::Store::open(&fx.opts.db).unwrap();
        store.findings_at(run).unwrap()
    };
    assert_eq!(stored(s1.run), stored(s2.run));
    assert!(fx.root.join("out/run-2/app4_ru.csv").is_file());

    // The register file changes: detected again.
    fx.write("registry.txt", "register v2\n");
    run();
    assert_eq!(last(), (false, 2));
    let s4 = run();
    assert_eq!(last(), (true, 0));
    assert_eq!(findings(&s4), [0, 0, 2]);

    // An act changes: detected again, and the changed act's finding is there.
    fx.write("b.txt", "Приказ Б\n1. Пункт\nservice: Регистрация прав\n");
    let s5 = run();
    assert_eq!(last(), (false, 2));
    assert_eq!(findings(&s5), [1, 1, 2]);
    run();
    assert_eq!(last(), (true, 0));
}

/// A README or notes file of Latin prose in the corpus is no act: not processed, not stored, not
/// a failure, and named in the summary; one an earlier run stored as an act is removed. A text of
/// Latin look-alike garbage (a Kazakh act OCR'd in English) is still an act.
#[test]
fn latin_prose_is_not_an_act_and_ocr_garbage_is() {
    let fx = Fixture::new();
    fx.write("a.txt", "Приказ А\n1. Первый пункт\n");
    // Stored by an earlier run while it held an act's text.
    fx.write("README.md", "Бұйрық\n1. Тармақ\n");
    let s1 = fx.refresh();
    assert_eq!(counts(&s1), [2, 0, 0, 0, 0]);
    assert!(s1.not_acts.is_empty());

    fx.write(
        "README.md",
        "# Ministry acts, third quarter\n\nThis folder holds the acts the ministry sent for the \
         quarterly review. Ask the register team before adding files.\n\n- check the codes\n",
    );
    fx.write(
        "notes.txt",
        "Reviewed on Monday; two services still need their legal basis checked.\n",
    );
    fx.write(
        "ocr.txt",
        "Ka3akcTaH PecnybnukacbiHbiH YkimeTi KAYJIbI ETEAI:\n\
         1. Oceit 6yiipbikka kockiMwa MeMJIeKeTTIK KbI3MeT kepceTy kafuaanapbiH 6ekiTy.\n",
    );
    let s2 = fx.refresh();
    assert_eq!(fx.processed(), vec!["ocr.txt"], "prose is not processed");
    // ocr.txt new, a.txt unchanged, README.md (stored before) removed, nothing failed.
    assert_eq!(counts(&s2), [1, 0, 1, 1, 0]);
    assert_eq!(s2.exit_code(), 0);
    let mut skipped: Vec<&str> = s2.not_acts.iter().map(|f| f.file.as_str()).collect();
    skipped.sort_unstable();
    assert_eq!(skipped, ["README.md", "notes.txt"]);
    assert!(s2.not_acts[0].error.contains("not a legal act"));
    let read = |name: &str| tizilim_source::read(&fx.opts.corpus.join(name)).unwrap();
    assert!(refresh::not_an_act(&read("ocr.txt")).is_none());
    assert!(refresh::not_an_act(&read("a.txt")).is_none());

    // Still no act on the next run; nothing else changes.
    let s3 = fx.refresh();
    assert_eq!(counts(&s3), [0, 0, 2, 0, 0]);
    assert_eq!(s3.not_acts.len(), 2);
    assert!(fx.processed().is_empty());
}
