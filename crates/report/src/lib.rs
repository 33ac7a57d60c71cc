//! `tizilim-report`: diff reports between runs and between versions of an act (HTML, Markdown, JSON).
//!
//! A report is built in two steps: a [`Diff`] gathers what changed — findings added, resolved
//! and changed, acts added, changed, removed and repealed, the register, and for each changed
//! act its structural diff ([`act`]) — and a printer renders it: [`render_html`] (one
//! self-contained page, inline CSS, no scripts, every piece of act text escaped),
//! [`render_markdown`] and [`render_json`] (CONTRACT.md `diff --format json`). Every printer
//! puts the summary first, then the findings with their evidence, then the act changes.
//! What counts as a change of wording is decided in [`normalize`].

pub mod act;
mod html;
mod markdown;
pub mod normalize;

use serde::Serialize;
use serde_json::Value;

pub use act::{
    act_diff, act_diff_trees, diff_units, units_of, units_of_tree, word_diff, ActDiff, Segment,
    SegmentKind, TextUnit, UnitChange, UnitChangeKind,
};
pub use html::render_html;
pub use markdown::render_markdown;

use tizilim_findings::Finding;
use tizilim_structure::Document;

/// What happened to an act in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActChange {
    /// Two versions given directly (two files).
    Compared,
    /// New in the newer run.
    Added,
    /// Changed between the runs.
    Changed,
    /// Gone in the newer run.
    Removed,
    /// Repealed in the newer run.
    Repealed,
}

impl ActChange {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ActChange::Compared => "compared",
            ActChange::Added => "added",
            ActChange::Changed => "changed",
            ActChange::Removed => "removed",
            ActChange::Repealed => "repealed",
        }
    }
}

/// One act in a report, with its unit changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActEntry {
    /// The file.
    pub file: String,
    /// The act's title.
    pub title: Option<String>,
    /// The act's registration number.
    pub registration_number: Option<String>,
    /// What happened to it.
    pub change: ActChange,
    /// Changed units (changed and repealed acts, and compared files).
    pub units: Vec<UnitChange>,
    /// Units with the same wording in both versions.
    pub unchanged_units: usize,
}

/// Findings that differ between the two sides (JSON as CONTRACT.md's `findings`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FindingsDiff {
    /// Only on the new side.
    pub added: Vec<Finding>,
    /// Only on the old side.
    pub resolved: Vec<Finding>,
    /// On both sides with different content: (old, new).
    pub changed: Vec<(Finding, Finding)>,
}

/// The register files of two runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterChange {
    /// The two runs used different register files.
    pub changed: bool,
    /// SHA-256 of the old register file.
    pub old_hash: Option<String>,
    /// SHA-256 of the new register file.
    pub new_hash: Option<String>,
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// The old side's label (a file, `run:3`).
    pub old: String,
    /// The new side's label.
    pub new: String,
    /// Acts with changes (one entry for a diff of two files).
    pub acts: Vec<ActEntry>,
    /// Findings.
    pub findings: FindingsDiff,
    /// The register, for diffs between runs (None: not compared).
    pub register: Option<RegisterChange>,
}

impl Diff {
    /// The diff of two versions of an act, labelled by their files.
    pub fn between_documents(old: &Document, new: &Document) -> Self {
        Self::from_act_diff(&old.file, &new.file, &new.act, act_diff(old, new))
    }

    /// A report of one act diff.
    pub fn from_act_diff(
        old: &str,
        new: &str,
        act: &tizilim_structure::ActMeta,
        diff: ActDiff,
    ) -> Self {
        Self {
            old: old.to_string(),
            new: new.to_string(),
            acts: vec![ActEntry {
                file: new.to_string(),
                title: act.id.title.clone(),
                registration_number: act.id.registration_number.clone(),
                change: ActChange::Compared,
                units: diff.units,
                unchanged_units: diff.unchanged,
            }],
            findings: FindingsDiff::default(),
            register: None,
        }
    }

    /// Sets the findings that differ (for a diff of two files, from scanning both).
    pub fn with_findings(mut self, added: Vec<Finding>, resolved: Vec<Finding>) -> Self {
        self.findings.added = added;
        self.findings.resolved = resolved;
        self
    }

    /// All unit changes, act by act.
    pub fn units(&self) -> impl Iterator<Item = &UnitChange> {
        self.acts.iter().flat_map(|a| a.units.iter())
    }

    /// Number of unit changes of a kind.
    pub fn unit_count(&self, kind: UnitChangeKind) -> usize {
        self.units().filter(|u| u.change == kind).count()
    }

    /// Number of acts with a change.
    pub fn act_count(&self, change: ActChange) -> usize {
        self.acts.iter().filter(|a| a.change == change).count()
    }

    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.units().next().is_none()
            && self.acts.iter().all(|a| a.change == ActChange::Compared)
            && self.findings.added.is_empty()
            && self.findings.resolved.is_empty()
            && self.findings.changed.is_empty()
            && !self.register.as_ref().is_some_and(|r| r.changed)
    }
}

#[derive(Serialize)]
struct ActRefJson<'a> {
    file: &'a str,
    title: Option<&'a str>,
    registration_number: Option<&'a str>,
}

#[derive(Serialize)]
struct ActsJson<'a> {
    added: Vec<ActRefJson<'a>>,
    changed: Vec<ActRefJson<'a>>,
    removed: Vec<ActRefJson<'a>>,
    repealed: Vec<ActRefJson<'a>>,
}

#[derive(Serialize)]
struct FindingChangeJson<'a> {
    old: &'a Finding,
    new: &'a Finding,
}

#[derive(Serialize)]
struct FindingsJson<'a> {
    added: &'a [Finding],
    resolved: &'a [Finding],
    changed: Vec<FindingChangeJson<'a>>,
}

/// The JSON report, fields in reading order.
#[derive(Serialize)]
struct ReportJson<'a> {
    old: &'a str,
    new: &'a str,
    units: Vec<&'a UnitChange>,
    findings: FindingsJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    acts: Option<ActsJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    register: Option<&'a RegisterChange>,
}

fn report_json(d: &Diff) -> ReportJson<'_> {
    let by = |c: ActChange| -> Vec<ActRefJson<'_>> {
        d.acts
            .iter()
            .filter(|a| a.change == c)
            .map(|a| ActRefJson {
                file: &a.file,
                title: a.title.as_deref(),
                registration_number: a.registration_number.as_deref(),
            })
            .collect()
    };
    ReportJson {
        old: &d.old,
        new: &d.new,
        units: d.units().collect(),
        findings: FindingsJson {
            added: &d.findings.added,
            resolved: &d.findings.resolved,
            changed: d
                .findings
                .changed
                .iter()
                .map(|(old, new)| FindingChangeJson { old, new })
                .collect(),
        },
        acts: d.register.as_ref().map(|_| ActsJson {
            added: by(ActChange::Added),
            changed: by(ActChange::Changed),
            removed: by(ActChange::Removed),
            repealed: by(ActChange::Repealed),
        }),
        register: d.register.as_ref(),
    }
}

/// The JSON form of a report: CONTRACT.md's `diff --format json` object (`old`, `new`,
/// `units`, `findings.added`, `findings.resolved`), plus `findings.changed` (`{old, new}`
/// pairs), and for diffs between runs `acts` (`added`, `changed`, `removed`, `repealed`: lists
/// of `{file, title, registration_number}`) and `register` (`{changed, old_hash, new_hash}`).
/// Units of a diff between runs carry their act's `file`; moved units their `old_path`.
pub fn to_json(d: &Diff) -> Value {
    serde_json::to_value(report_json(d)).unwrap_or(Value::Null)
}

/// The JSON report, pretty-printed, fields in reading order.
pub fn render_json(d: &Diff) -> String {
    let mut s = serde_json::to_string_pretty(&report_json(d)).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// A text that is there and not blank.
fn nonblank(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// The line under a compared act: how many units differ and how many are the same (plain text,
/// numbers only: safe in HTML and Markdown).
fn units_line(changed: usize, same: usize) -> String {
    let (unit, verb) = if changed == 1 {
        ("unit", "differs")
    } else {
        ("units", "differ")
    };
    let rest = if same == 1 { "is" } else { "are" };
    format!("{changed} {unit} {verb}, {same} {rest} the same.")
}
