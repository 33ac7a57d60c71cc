//! The difference between two runs, read from the store's histories: findings added, resolved
//! and changed, acts added, changed, removed and repealed, and whether the register changed.
//!
//! The state of the corpus at run `r` is, for each act, its latest `act_versions` row with
//! `run <= r` (a NULL hash = removed), and for each finding its latest `finding_events` row
//! (NULL json = resolved). Abandoned runs own no rows (their rows were adopted), so only
//! committed runs and the run being committed contribute.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use tizilim_findings::Finding;
use tizilim_structure::Node;

use super::Result;

/// How an act differs between two runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActChangeKind {
    /// Only in the new run.
    Added,
    /// In both, with different content.
    Changed,
    /// Only in the old run.
    Removed,
    /// In both; the new run has it repealed and the old did not.
    Repealed,
}

impl ActChangeKind {
    /// `added`, `changed`, `removed`, `repealed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActChangeKind::Added => "added",
            ActChangeKind::Changed => "changed",
            ActChangeKind::Removed => "removed",
            ActChangeKind::Repealed => "repealed",
        }
    }
}

/// One act that differs between two runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActVersionChange {
    /// The file, relative to the corpus.
    pub file: String,
    /// The act's title (as last stored).
    pub title: Option<String>,
    /// The act's registration number (as last stored).
    pub registration_number: Option<String>,
    /// What happened.
    pub change: ActChangeKind,
    /// The old tree, for changed and repealed acts.
    #[serde(skip)]
    pub old_tree: Option<Vec<Node>>,
    /// The new tree, for changed and repealed acts.
    #[serde(skip)]
    pub new_tree: Option<Vec<Node>>,
}

/// The difference between two runs.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunDiff {
    /// The older run (None: compared with an empty store).
    pub old_run: Option<i64>,
    /// The newer run.
    pub new_run: i64,
    /// Acts that differ, ordered by file.
    pub acts: Vec<ActVersionChange>,
    /// Findings present in the new run only.
    pub findings_added: Vec<Finding>,
    /// Findings present in the old run only.
    pub findings_resolved: Vec<Finding>,
    /// Findings present in both with different content: (old, new).
    pub findings_changed: Vec<(Finding, Finding)>,
    /// The register hash of the old run.
    pub old_register_hash: Option<String>,
    /// The register hash of the new run.
    pub new_register_hash: Option<String>,
}

impl RunDiff {
    /// True when the two runs used different register files.
    pub fn register_changed(&self) -> bool {
        self.old_run.is_some() && self.old_register_hash != self.new_register_hash
    }

    /// The acts with the given change.
    pub fn acts_with(&self, change: ActChangeKind) -> impl Iterator<Item = &ActVersionChange> {
        self.acts.iter().filter(move |a| a.change == change)
    }
}

/// An act's state at a run, without its tree.
struct ActState {
    act_id: i64,
    run: i64,
    hash: Option<String>,
    status: Option<String>,
    file: String,
    title: Option<String>,
    registration_number: Option<String>,
}

fn acts_at(conn: &Connection, run: i64) -> Result<BTreeMap<i64, ActState>> {
    let mut st = conn.prepare(
        "SELECT v.act_id, v.run, v.hash, v.status, f.path, a.title, a.registration_number
         FROM act_versions v JOIN acts a ON a.id = v.act_id JOIN files f ON f.id = a.file_id
         WHERE v.run = (SELECT MAX(w.run) FROM act_versions w WHERE w.act_id = v.act_id AND w.run <= ?1)",
    )?;
    let rows = st.query_map([run], |r| {
        Ok(ActState {
            act_id: r.get(0)?,
            run: r.get(1)?,
            hash: r.get(2)?,
            status: r.get(3)?,
            file: r.get(4)?,
            title: r.get(5)?,
            registration_number: r.get(6)?,
        })
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let s = row?;
        if s.hash.is_some() {
            out.insert(s.act_id, s);
        }
    }
    Ok(out)
}

fn tree_of(conn: &Connection, act_id: i64, run: i64) -> Result<Option<Vec<Node>>> {
    let t: Option<String> = conn.query_row(
        "SELECT tree_json FROM act_versions WHERE act_id = ?1 AND run = ?2",
        params![act_id, run],
        |r| r.get(0),
    )?;
    Ok(match t {
        Some(t) => Some(serde_json::from_str(&t)?),
        None => None,
    })
}

/// The findings present at `run`, by id.
pub(crate) fn findings_at(conn: &Connection, run: i64) -> Result<BTreeMap<String, Finding>> {
    let mut st = conn.prepare(
        "SELECT e.finding_id, e.json FROM finding_events e
         WHERE e.run = (SELECT MAX(x.run) FROM finding_events x WHERE x.finding_id = e.finding_id AND x.run <= ?1)
           AND e.json IS NOT NULL",
    )?;
    let rows = st.query_map([run], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (id, json) = row?;
        out.insert(id, serde_json::from_str(&json)?);
    }
    Ok(out)
}

fn register_hash(conn: &Connection, run: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT register_hash FROM runs WHERE id = ?1", [run], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// Computes the diff between runs `old` and `new` on `conn` (a transaction sees its own
/// uncommitted rows, so the commit point can diff the run it is committing).
pub fn run_diff(conn: &Connection, old: Option<i64>, new: i64) -> Result<RunDiff> {
    let old_acts = match old {
        Some(o) => acts_at(conn, o)?,
        None => BTreeMap::new(),
    };
    let new_acts = acts_at(conn, new)?;
    let mut acts = Vec::new();
    for (id, n) in &new_acts {
        match old_acts.get(id) {
            None => acts.push(ActVersionChange {
                file: n.file.clone(),
                title: n.title.clone(),
                registration_number: n.registration_number.clone(),
                change: ActChangeKind::Added,
                old_tree: None,
                new_tree: None,
            }),
            Some(o) => {
                let repealed = n.status.as_deref() == Some("repealed")
                    && o.status.as_deref() != Some("repealed");
                let change = if repealed {
                    ActChangeKind::Repealed
                } else if n.hash != o.hash {
                    ActChangeKind::Changed
                } else {
                    continue;
                };
                acts.push(ActVersionChange {
                    file: n.file.clone(),
                    title: n.title.clone(),
                    registration_number: n.registration_number.clone(),
                    change,
                    old_tree: tree_of(conn, o.act_id, o.run)?,
                    new_tree: tree_of(conn, n.act_id, n.run)?,
                });
            }
        }
    }
    for (id, o) in &old_acts {
        if !new_acts.contains_key(id) {
            acts.push(ActVersionChange {
                file: o.file.clone(),
                title: o.title.clone(),
                registration_number: o.registration_number.clone(),
                change: ActChangeKind::Removed,
                old_tree: None,
                new_tree: None,
            });
        }
    }
    acts.sort_by(|a, b| a.file.cmp(&b.file));

    let old_f = match old {
        Some(o) => findings_at(conn, o)?,
        None => BTreeMap::new(),
    };
    let new_f = findings_at(conn, new)?;
    let mut diff = RunDiff {
        old_run: old,
        new_run: new,
        acts,
        old_register_hash: match old {
            Some(o) => register_hash(conn, o)?,
            None => None,
        },
        new_register_hash: register_hash(conn, new)?,
        ..RunDiff::default()
    };
    for (id, n) in &new_f {
        match old_f.get(id) {
            None => diff.findings_added.push(n.clone()),
            Some(o) if o != n => diff.findings_changed.push((o.clone(), n.clone())),
            Some(_) => {}
        }
    }
    for (id, o) in &old_f {
        if !new_f.contains_key(id) {
            diff.findings_resolved.push(o.clone());
        }
    }
    Ok(diff)
}
