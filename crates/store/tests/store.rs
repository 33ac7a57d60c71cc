//! The store on its own: migrations, WAL, the lock, run resolution, crash adoption.

use std::collections::HashSet;

use tizilim_store::{self as store, schema, FileMeta, FileResult, Outcome, Store, StoreError};

fn result(text: &str) -> FileResult {
    use tizilim_legal::{LegalContent, Service, ServiceKind};
    use tizilim_structure::{ActMeta, ActRef, Document, Node, NodeKind};
    use tizilim_text::Language;
    let document = Document {
        file: "act.txt".into(),
        format: tizilim_source::Format::Text,
        language: Language::Kk,
        quality: Default::default(),
        act: ActMeta {
            id: ActRef {
                registration_number: Some("1".into()),
                title: Some(text.into()),
                ..ActRef::default()
            },
            status: Some("in_force".into()),
            ..ActMeta::default()
        },
        tree: vec![Node::new(
            NodeKind::Point,
            "point:1".into(),
            Some("1".into()),
            text.into(),
        )],
        diagnostics: Vec::new(),
    };
    let legal = LegalContent {
        services: vec![Service::new(
            text,
            Language::Kk,
            ServiceKind::Mention,
            0.9,
            "point:1",
            "",
        )],
        ..LegalContent::default()
    };
    FileResult::new(document, legal)
}

fn meta(hash: &str) -> FileMeta {
    FileMeta {
        size: 10,
        mtime_ns: 1,
        hash: hash.into(),
    }
}

fn count(db: &std::path::Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn migrates_from_empty_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub/t.db");
    {
        let mut s = Store::open(&db).unwrap();
        assert_eq!(s.schema_version().unwrap(), schema::current_version());
        assert!(schema::current_version() >= 1);
        assert_eq!(s.journal_mode().unwrap(), "wal");
        let run = s.begin_run(Some("abc")).unwrap();
        assert_eq!(run, 1);
    }
    let s = Store::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::current_version());
    let runs = s.runs().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].status, "running");
    assert_eq!(runs[0].register_hash.as_deref(), Some("abc"));
    for table in [
        "files",
        "acts",
        "act_versions",
        "findings",
        "finding_events",
        "runs",
        "run_files",
    ] {
        let n = count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            ),
        );
        assert_eq!(n, 1, "table {table}");
    }
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    drop(Store::open(&db).unwrap());
    let c = rusqlite::Connection::open(&db).unwrap();
    c.pragma_update(None, "user_version", schema::current_version() + 1)
        .unwrap();
    drop(c);
    let err = Store::open(&db).unwrap_err();
    assert!(matches!(err, StoreError::NewerSchema { .. }), "{err}");
}

#[test]
fn second_lock_fails_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tizilim.db");
    let held = store::lock(&db).unwrap();
    assert_eq!(held.path(), dir.path().join("tizilim.db.lock"));
    let err = store::lock(&db).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("another refresh holds the lock on "),
        "{msg}"
    );
    assert!(msg.contains("tizilim.db.lock"), "{msg}");
    assert!(
        msg.contains(&format!("pid {}", std::process::id())),
        "{msg}"
    );
    drop(held);
    let again = store::lock(&db).unwrap();
    drop(again);
}

#[test]
fn resolves_run_names() {
    let mut s = Store::open_in_memory().unwrap();
    for _ in 0..3 {
        let r = s.begin_run(None).unwrap();
        s.commit_run(r, &[], "out", &mut |_, _, _| Ok(())).unwrap();
    }
    let unfinished = s.begin_run(None).unwrap();
    assert_eq!(unfinished, 4);
    assert_eq!(s.resolve_run("last").unwrap(), 3);
    assert_eq!(s.resolve_run("prev").unwrap(), 2);
    assert_eq!(s.resolve_run("run:1").unwrap(), 1);
    assert_eq!(s.resolve_run("2").unwrap(), 2);
    assert!(
        s.resolve_run("run:4").is_err(),
        "an uncommitted run is not a diff side"
    );
    assert!(s.resolve_run("run:x").is_err());
}

#[test]
fn unfinished_run_is_abandoned_and_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    {
        let mut s = Store::open(&db).unwrap();
        let r1 = s.begin_run(None).unwrap();
        assert_eq!(
            s.record_result(r1, "a.txt", &meta("h1"), "v", &result("бір"))
                .unwrap(),
            Outcome::New
        );
        s.commit_run(r1, &[], "out/run-1", &mut |_, _, _| Ok(()))
            .unwrap();

        // Run 2 changes a.txt and adds b.txt, then "crashes" (never commits).
        let r2 = s.begin_run(None).unwrap();
        assert_eq!(
            s.record_result(r2, "a.txt", &meta("h2"), "v", &result("екі"))
                .unwrap(),
            Outcome::Changed
        );
        assert_eq!(
            s.record_result(r2, "b.txt", &meta("hb"), "v", &result("жаңа"))
                .unwrap(),
            Outcome::New
        );
    }
    let mut s = Store::open(&db).unwrap();
    let r3 = s.begin_run(None).unwrap();
    assert_eq!(r3, 3);
    let runs = s.runs().unwrap();
    assert_eq!(runs[1].status, "abandoned");
    // Adopted: the outcomes now belong to run 3 and count once.
    let outcomes = s.run_outcomes(r3).unwrap();
    assert_eq!(outcomes.get("a.txt"), Some(&Outcome::Changed));
    assert_eq!(outcomes.get("b.txt"), Some(&Outcome::New));
    // b.txt changes again before the rerun: replaced, still "new" relative to run 1.
    assert_eq!(
        s.record_result(r3, "b.txt", &meta("hb2"), "v", &result("жаңа 2"))
            .unwrap(),
        Outcome::New
    );
    // a.txt goes back to its run-1 content: unchanged relative to run 1, its version row is dropped.
    assert_eq!(
        s.record_result(r3, "a.txt", &meta("h1"), "v", &result("бір"))
            .unwrap(),
        Outcome::Unchanged
    );
    let seen: HashSet<String> = ["a.txt", "b.txt"].iter().map(|s| s.to_string()).collect();
    assert_eq!(s.mark_removed(r3, &seen).unwrap(), 0);
    let (counts, _) = s
        .commit_run(r3, &[], "out/run-3", &mut |_, _, _| Ok(()))
        .unwrap();
    assert_eq!((counts.new, counts.changed, counts.unchanged), (1, 0, 1));
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM act_versions"),
        2,
        "a@1, b@3"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM acts"), 2);
    // Each act once, with what findings read of it, and its current tree once.
    let facts = s.current_facts().unwrap();
    assert_eq!(facts.len(), 2);
    assert_eq!(
        facts.iter().map(|f| f.services.len()).sum::<usize>(),
        2,
        "services replaced, not appended"
    );
    let (doc, legal) = s.act("a.txt").unwrap().expect("stored act");
    assert_eq!(doc.tree.len(), 1);
    assert_eq!(doc.tree[0].text, "бір");
    assert_eq!(legal.services[0].name, "бір");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM run_files WHERE run = 2"),
        0
    );
    let d = s.run_diff(Some(1), 3).unwrap();
    let acts: Vec<(&str, &str)> = d
        .acts
        .iter()
        .map(|a| (a.file.as_str(), a.change.as_str()))
        .collect();
    assert_eq!(acts, vec![("b.txt", "added")]);
}

#[test]
fn failed_output_leaves_the_run_uncommitted() {
    let mut s = Store::open_in_memory().unwrap();
    let r = s.begin_run(None).unwrap();
    s.record_result(r, "a.txt", &meta("h"), "v", &result("x"))
        .unwrap();
    let err = s
        .commit_run(r, &[], "out", &mut |_, _, _| Err("disk full".into()))
        .unwrap_err();
    assert!(err.to_string().contains("disk full"));
    assert_eq!(s.runs().unwrap()[0].status, "running");
    assert!(s.resolve_run("last").is_err());
}

#[test]
fn an_act_header_is_found_by_its_file_or_its_corpus_path() {
    let mut s = Store::open_in_memory().unwrap();
    let r = s.begin_run(None).unwrap();
    for (path, title) in [("a.txt", "бір"), ("b.txt", "екі"), ("c.txt", "үш")] {
        let mut res = result(title);
        res.document.file = format!("/corpus/{path}");
        s.record_result(r, path, &meta(title), "v", &res).unwrap();
    }
    s.commit_run(r, &[], "out/run-1", &mut |_, _, _| Ok(()))
        .unwrap();
    let all = s.act_heads().unwrap();
    assert_eq!(all.len(), 3);
    let b = s.act_head_by_file("/corpus/b.txt").unwrap().unwrap();
    assert_eq!(b.path, "b.txt");
    assert_eq!(b.act.id.title.as_deref(), Some("екі"));
    let c = s.act_head_by_path("c.txt").unwrap().unwrap();
    assert_eq!(c.file, "/corpus/c.txt");
    assert!(s.act_head_by_file("b.txt").unwrap().is_none());
    assert!(s.act_head_by_path("/corpus/a.txt").unwrap().is_none());
}
