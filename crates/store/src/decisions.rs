//! Analysts' decisions on findings: accept, reject or needs work, with a comment, an edited
//! wording of the form cells, who decided and when.
//!
//! Decisions are keyed by the finding's stable id ([`tizilim_findings::finding_id`]), so a
//! finding that a later run detects again keeps its decision. Refresh never writes the two
//! tables: `decisions` (the current decision per finding) and `decision_events` (every decision,
//! append-only). Each decision records a hash of the finding's evidence as it was
//! ([`evidence_hash`]); when the finding's evidence changes in a later run, the decision is
//! [`Decision::is_stale`] and the finding needs another look.
//!
//! The edited wording is kept as the JSON the caller gives (the `forms` crate's `Wording`):
//! the store checks only that it is JSON.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tizilim_findings::Finding;

use super::{Result, Store, NOW};

/// What an analyst decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The finding goes into the forms.
    Accept,
    /// The finding is wrong; it stays out of the forms.
    Reject,
    /// The finding needs more work before it can go into the forms.
    NeedsWork,
}

impl Verdict {
    /// `accept`, `reject`, `needs_work`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accept => "accept",
            Verdict::Reject => "reject",
            Verdict::NeedsWork => "needs_work",
        }
    }

    /// The verdict named `s` (`accept`, `reject`, `needs_work`).
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "accept" => Verdict::Accept,
            "reject" => Verdict::Reject,
            "needs_work" => Verdict::NeedsWork,
            _ => return None,
        })
    }
}

/// A decision as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The finding's id.
    pub finding_id: String,
    /// What was decided.
    pub decision: Verdict,
    /// The analyst's comment.
    pub comment: Option<String>,
    /// The edited wording of the form cells (the `forms` crate's `Wording` as JSON).
    pub wording: Option<serde_json::Value>,
    /// Who decided.
    pub user: String,
    /// When (UTC, ISO 8601).
    pub decided_at: String,
    /// [`evidence_hash`] of the finding when decided.
    pub evidence_hash: String,
    /// The last committed run when decided.
    pub run: Option<i64>,
}

impl Decision {
    /// True when `current` (the finding as the last run has it) differs in its evidence from
    /// the finding that was decided on: it needs another look.
    pub fn is_stale(&self, current: &Finding) -> bool {
        evidence_hash(current) != self.evidence_hash
    }
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDecision {
    /// What is decided.
    pub decision: Verdict,
    /// A comment (blank = none).
    pub comment: Option<String>,
    /// The edited wording (None or JSON null = none).
    pub wording: Option<serde_json::Value>,
    /// Who decides.
    pub user: String,
}

/// A finding as the store has it, with the runs that first saw and resolved it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredFinding {
    /// The finding as last detected.
    #[serde(flatten)]
    pub finding: Finding,
    /// The run that first saw it.
    pub first_run: i64,
    /// The run that no longer had it (None: current).
    pub resolved_run: Option<i64>,
}

/// The hash of what an analyst judges in a finding: its kind, register code, field, current
/// and proposed wording, service details and evidence (file, path, quote). Confidence and
/// justification wording are left out: a change there does not ask for another look.
pub fn evidence_hash(f: &Finding) -> String {
    let judged = serde_json::json!({
        "kind": f.kind,
        "register_code": f.register_code,
        "field": f.field,
        "current": f.current,
        "proposed": f.proposed,
        "details": f.details,
        "evidence": f.evidence,
    });
    let mut h = Sha256::new();
    h.update(judged.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

const DECISION_COLUMNS: &str =
    "finding_id, decision, comment, wording_json, user, decided_at, evidence_hash, run";

fn decision_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Decision> {
    let verdict: String = r.get(1)?;
    let wording: Option<String> = r.get(3)?;
    Ok(Decision {
        finding_id: r.get(0)?,
        // The CHECK constraint admits only the three names.
        decision: Verdict::parse(&verdict).unwrap_or(Verdict::NeedsWork),
        comment: r.get(2)?,
        wording: wording.and_then(|w| serde_json::from_str(&w).ok()),
        user: r.get(4)?,
        decided_at: r.get(5)?,
        evidence_hash: r.get(6)?,
        run: r.get(7)?,
    })
}

fn stored_finding(conn: &Connection, id: &str) -> Result<Option<StoredFinding>> {
    let row: Option<(String, i64, Option<i64>)> = conn
        .query_row(
            "SELECT json, first_run, resolved_run FROM findings WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((json, first_run, resolved_run)) = row else {
        return Ok(None);
    };
    Ok(Some(StoredFinding {
        finding: serde_json::from_str(&json)?,
        first_run,
        resolved_run,
    }))
}

impl Store {
    /// The findings of the last committed run (not resolved), in detection order, with the run
    /// that first saw each. A stored finding that does not read back (written by another
    /// version of tizilim) is skipped.
    pub fn current_findings(&self) -> Result<Vec<StoredFinding>> {
        let mut st = self.conn.prepare(
            "SELECT json, first_run, resolved_run FROM findings WHERE resolved_run IS NULL",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (json, first_run, resolved_run) = row?;
            if let Ok(finding) = serde_json::from_str::<Finding>(&json) {
                out.push(StoredFinding {
                    finding,
                    first_run,
                    resolved_run,
                });
            }
        }
        let order: HashMap<String, usize> = {
            let mut fs: Vec<Finding> = out.iter().map(|s| s.finding.clone()).collect();
            tizilim_findings::sort(&mut fs);
            fs.into_iter().enumerate().map(|(i, f)| (f.id, i)).collect()
        };
        out.sort_by_key(|s| order.get(&s.finding.id).copied().unwrap_or(usize::MAX));
        Ok(out)
    }

    /// One finding by id, current or resolved; None when the store never had it.
    pub fn finding(&self, id: &str) -> Result<Option<StoredFinding>> {
        stored_finding(&self.conn, id)
    }

    /// Records a decision on the finding `id` (one short transaction: the history row and the
    /// current decision), with the finding's evidence hash and the last committed run. Returns
    /// None when the store has no such finding.
    pub fn decide(&mut self, id: &str, new: &NewDecision) -> Result<Option<Decision>> {
        // IMMEDIATE: take the write lock first, so a refresh committing alongside makes this
        // wait (busy timeout) instead of failing half-way.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(found) = stored_finding(&tx, id)? else {
            return Ok(None);
        };
        let hash = evidence_hash(&found.finding);
        let run: Option<i64> = tx.query_row(
            "SELECT MAX(id) FROM runs WHERE status = 'committed'",
            [],
            |r| r.get(0),
        )?;
        let comment = new
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let wording = match &new.wording {
            None | Some(serde_json::Value::Null) => None,
            Some(w) => Some(serde_json::to_string(w)?),
        };
        let decided_at: String = tx.query_row(&format!("SELECT {NOW}"), [], |r| r.get(0))?;
        let values = params![
            id,
            new.decision.as_str(),
            comment,
            wording,
            new.user,
            decided_at,
            hash,
            run
        ];
        tx.execute(
            &format!(
                "INSERT INTO decision_events ({DECISION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            values,
        )?;
        tx.execute(
            &format!(
                "INSERT OR REPLACE INTO decisions ({DECISION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
            ),
            values,
        )?;
        let d = tx.query_row(
            &format!("SELECT {DECISION_COLUMNS} FROM decisions WHERE finding_id = ?1"),
            [id],
            decision_row,
        )?;
        tx.commit()?;
        Ok(Some(d))
    }

    /// The current decision on the finding `id`.
    pub fn decision(&self, id: &str) -> Result<Option<Decision>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {DECISION_COLUMNS} FROM decisions WHERE finding_id = ?1"),
                [id],
                decision_row,
            )
            .optional()?)
    }

    /// The current decisions, by finding id.
    pub fn decisions(&self) -> Result<HashMap<String, Decision>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {DECISION_COLUMNS} FROM decisions"))?;
        let rows = st.query_map([], decision_row)?;
        let mut out = HashMap::new();
        for row in rows {
            let d = row?;
            out.insert(d.finding_id.clone(), d);
        }
        Ok(out)
    }

    /// Every decision made on the finding `id`, oldest first.
    pub fn decision_history(&self, id: &str) -> Result<Vec<Decision>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT {DECISION_COLUMNS} FROM decision_events WHERE finding_id = ?1 ORDER BY id"
        ))?;
        let rows = st.query_map(params![id], decision_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
