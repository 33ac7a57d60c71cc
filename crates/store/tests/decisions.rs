//! Decisions on findings: recorded with who and when, kept across runs that detect the finding
//! again, history append-only, flagged when the evidence changes, and an old store upgrades.

use tizilim_findings::{Evidence, Finding, FindingKind, FormId};
use tizilim_store::{schema, NewDecision, Store, Verdict};

fn finding(id: &str, quote: &str) -> Finding {
    Finding {
        kind: FindingKind::Hidden,
        register_code: None,
        service: format!("service {id}"),
        field: None,
        current: None,
        proposed: None,
        evidence: Evidence {
            file: "act.txt".into(),
            path: "point:1".into(),
            quote: quote.into(),
        },
        confidence: 0.8,
        form: FormId::App4,
        justification: String::new(),
        details: None,
        id: id.into(),
    }
}

fn commit(s: &mut Store, findings: &[Finding]) -> i64 {
    let r = s.begin_run(None).unwrap();
    s.commit_run(r, findings, "out", &mut |_, _, _| Ok(()))
        .unwrap();
    r
}

fn reject(comment: &str) -> NewDecision {
    NewDecision {
        decision: Verdict::Reject,
        comment: Some(comment.into()),
        wording: None,
        user: "aigerim".into(),
    }
}

#[test]
fn a_decision_is_kept_across_runs_and_flagged_when_the_evidence_changes() {
    let mut s = Store::open_in_memory().unwrap();
    commit(
        &mut s,
        &[finding("a", "quote one"), finding("b", "quote b")],
    );
    assert!(s.decide("nope", &reject("x")).unwrap().is_none());

    let d = s
        .decide("a", &reject("  not a service  "))
        .unwrap()
        .unwrap();
    assert_eq!(d.decision, Verdict::Reject);
    assert_eq!(d.comment.as_deref(), Some("not a service"));
    assert_eq!(d.user, "aigerim");
    assert_eq!(d.run, Some(1));
    assert!(d.decided_at.starts_with("20") && d.decided_at.ends_with('Z'));

    // The same finding detected again: the decision stays and is not stale.
    commit(
        &mut s,
        &[finding("a", "quote one"), finding("b", "quote b")],
    );
    let current = s.current_findings().unwrap();
    assert_eq!(current.len(), 2);
    let d = s.decision("a").unwrap().unwrap();
    assert!(!d.is_stale(&current[0].finding));

    // Its evidence changes: still decided, now stale.
    commit(
        &mut s,
        &[finding("a", "quote two"), finding("b", "quote b")],
    );
    let a = s.finding("a").unwrap().unwrap();
    assert_eq!(a.first_run, 1);
    assert_eq!(a.finding.evidence.quote, "quote two");
    assert!(s.decision("a").unwrap().unwrap().is_stale(&a.finding));

    // A second decision replaces the current one; the history keeps both, oldest first.
    let accept = NewDecision {
        decision: Verdict::Accept,
        comment: None,
        wording: Some(serde_json::json!({"ru": {"name": "Новое"}})),
        user: "dias".into(),
    };
    s.decide("a", &accept).unwrap().unwrap();
    let d = s.decision("a").unwrap().unwrap();
    assert_eq!(
        (d.decision, d.user.as_str(), d.run),
        (Verdict::Accept, "dias", Some(3))
    );
    assert_eq!(d.wording.unwrap()["ru"]["name"], "Новое");
    assert!(!s.decision("a").unwrap().unwrap().is_stale(&a.finding));
    let h = s.decision_history("a").unwrap();
    assert_eq!(
        h.iter().map(|d| d.decision).collect::<Vec<_>>(),
        [Verdict::Reject, Verdict::Accept]
    );
    assert_eq!(s.decisions().unwrap().len(), 1);

    // Resolved, then back: the decision is still there.
    commit(&mut s, &[finding("b", "quote b")]);
    assert_eq!(s.current_findings().unwrap().len(), 1);
    assert_eq!(s.finding("a").unwrap().unwrap().resolved_run, Some(4));
    commit(
        &mut s,
        &[finding("a", "quote two"), finding("b", "quote b")],
    );
    assert_eq!(s.decision("a").unwrap().unwrap().decision, Verdict::Accept);
}

#[test]
fn a_store_of_schema_version_2_upgrades_and_keeps_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        // A store as the previous build made it: the first two migrations only.
        let mut c = rusqlite::Connection::open(&db).unwrap();
        for (i, sql) in schema::MIGRATIONS.iter().take(2).enumerate() {
            let tx = c.transaction().unwrap();
            tx.execute_batch(sql).unwrap();
            tx.pragma_update(None, "user_version", i + 1).unwrap();
            tx.commit().unwrap();
        }
        c.execute_batch(
            "INSERT INTO runs (id, started, status) VALUES (1, '2025-01-01T00:00:00Z', 'committed');",
        )
        .unwrap();
        let json = serde_json::to_string(&finding("a", "q")).unwrap();
        c.execute(
            "INSERT INTO findings (id, kind, first_run, json) VALUES ('a', 'hidden', 1, ?1)",
            [json],
        )
        .unwrap();
    }
    let mut s = Store::open(&db).unwrap();
    assert_eq!(s.schema_version().unwrap(), schema::current_version());
    assert_eq!(s.current_findings().unwrap().len(), 1);
    assert!(s.decide("a", &reject("old store")).unwrap().is_some());
}
