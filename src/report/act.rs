//! The structural diff of two versions of an act, keyed by unit path.
//!
//! Both versions are flattened into [`TextUnit`]s: one per structural unit (`point:5`,
//! `appendix:1/point:8/subpoint:3`, ...) holding the unit's heading and text plus the text of its
//! non-unit children (paragraphs, tables, notes), so every word belongs to exactly one unit;
//! nodes outside any unit (preamble, signature, approval blocks) are units of their own. Units
//! are matched by path and compared in the comparison form of [`super::normalize`]; a unit that
//! disappears from one path and appears with the same text under another is *moved*.
//! The flattening works from a [`Document`] or from the tree JSON the store keeps, so a diff
//! between two runs needs no re-parsing.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;
use similar::{Algorithm, DiffOp};

use super::normalize::{canon, canon_equivalent, word_key, Canon};
use crate::structure::{Document, Node};

/// Deeper trees than this are not walked further (input-derived JSON is bounded).
const MAX_DEPTH: usize = 64;

/// A unit must have at least this many characters (in comparison form) to be recognised as
/// moved: short texts such as «1)» or «алынып тасталды» repeat by chance.
const MIN_MOVED_CHARS: usize = 16;

/// One structural unit's text, flattened for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextUnit {
    /// The unit's path.
    pub path: String,
    /// The node kind (`point`, `preamble`, ...).
    pub kind: String,
    /// Heading, own text and the text of non-unit descendants, joined by line breaks.
    pub text: String,
}

/// How a unit changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, with different wording.
    Changed,
    /// The same wording under another path.
    Moved,
}

impl UnitChangeKind {
    /// `added`, `removed`, `changed`, `moved`.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitChangeKind::Added => "added",
            UnitChangeKind::Removed => "removed",
            UnitChangeKind::Changed => "changed",
            UnitChangeKind::Moved => "moved",
        }
    }
}

/// One changed unit (CONTRACT.md `diff --format json` `units`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitChange {
    /// The unit's path (the new path for moved units).
    pub path: String,
    /// What happened.
    pub change: UnitChangeKind,
    /// The old text (null when added).
    pub old_text: Option<String>,
    /// The new text (null when removed).
    pub new_text: Option<String>,
    /// The old path of a moved unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// The act file, in diffs between runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// The structural diff of two versions of an act.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ActDiff {
    /// Changed units in document order (removed units stand where they stood in the old version).
    pub units: Vec<UnitChange>,
    /// Units present in both versions with the same wording.
    pub unchanged: usize,
}

fn is_unit_kind(kind: &str) -> bool {
    matches!(
        kind,
        "section" | "chapter" | "article" | "point" | "subpoint" | "appendix" | "row" | "item"
    )
}

fn push_line(buf: &mut String, s: &str) {
    let s = s.trim();
    if s.is_empty() {
        return;
    }
    if !buf.is_empty() {
        buf.push('\n');
    }
    buf.push_str(s);
}

/// A node seen through what the flattening needs, from a [`Node`] or from tree JSON.
trait TreeNode {
    fn path(&self) -> String;
    fn kind(&self) -> String;
    /// Heading, then text (or the table's cells when the text is empty).
    fn own_text(&self) -> String;
    fn for_children(&self, f: &mut dyn FnMut(&Self));
}

impl TreeNode for Node {
    fn path(&self) -> String {
        self.path.clone()
    }
    fn kind(&self) -> String {
        serde_json::to_value(self.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
    fn own_text(&self) -> String {
        let mut s = String::new();
        if let Some(h) = &self.heading {
            push_line(&mut s, h);
        }
        if !self.text.trim().is_empty() {
            push_line(&mut s, &self.text);
        } else if let Some(t) = &self.table {
            for row in &t.rows {
                let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                push_line(&mut s, &cells.join(" | "));
            }
        }
        s
    }
    fn for_children(&self, f: &mut dyn FnMut(&Self)) {
        for c in &self.children {
            f(c);
        }
    }
}

impl TreeNode for Value {
    fn path(&self) -> String {
        self.get("path")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }
    fn kind(&self) -> String {
        self.get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }
    fn own_text(&self) -> String {
        let mut s = String::new();
        if let Some(h) = self.get("heading").and_then(Value::as_str) {
            push_line(&mut s, h);
        }
        let text = self.get("text").and_then(Value::as_str).unwrap_or_default();
        if !text.trim().is_empty() {
            push_line(&mut s, text);
        } else if let Some(rows) = self
            .get("table")
            .and_then(|t| t.get("rows"))
            .and_then(Value::as_array)
        {
            for row in rows {
                let cells: Vec<&str> = row
                    .as_array()
                    .map(|r| {
                        r.iter()
                            .map(|c| c.get("text").and_then(Value::as_str).unwrap_or_default())
                            .collect()
                    })
                    .unwrap_or_default();
                push_line(&mut s, &cells.join(" | "));
            }
        }
        s
    }
    fn for_children(&self, f: &mut dyn FnMut(&Self)) {
        if let Some(children) = self.get("children").and_then(Value::as_array) {
            for c in children {
                f(c);
            }
        }
    }
}

/// Appends the text of `node`'s non-unit descendants to `buf`; unit descendants become units.
fn collect<N: TreeNode>(node: &N, depth: usize, buf: &mut String, out: &mut Vec<TextUnit>) {
    if depth > MAX_DEPTH {
        return;
    }
    node.for_children(&mut |c: &N| {
        if is_unit_kind(&c.kind()) {
            flatten_node(c, depth + 1, out);
        } else {
            push_line(buf, &c.own_text());
            collect(c, depth + 1, buf, out);
        }
    });
}

fn flatten_node<N: TreeNode>(node: &N, depth: usize, out: &mut Vec<TextUnit>) {
    if depth > MAX_DEPTH {
        return;
    }
    let idx = out.len();
    out.push(TextUnit {
        path: node.path(),
        kind: node.kind(),
        text: String::new(),
    });
    let mut buf = node.own_text();
    collect(node, depth, &mut buf, out);
    if let Some(u) = out.get_mut(idx) {
        u.text = buf;
    }
}

fn dedupe(units: &mut [TextUnit]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for u in units.iter_mut() {
        let n = seen.entry(u.path.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            u.path = format!("{}~{}", u.path, n);
        }
    }
}

/// Flattens a document into units, in document order. Duplicate paths (from a damaged input)
/// get a `~2`, `~3` suffix so that every unit keeps its own key.
pub fn units_of(doc: &Document) -> Vec<TextUnit> {
    let mut out = Vec::new();
    for n in &doc.tree {
        flatten_node(n, 0, &mut out);
    }
    dedupe(&mut out);
    out
}

/// Flattens a tree as stored in JSON (the `tree` array of `parse --format json`).
pub fn units_of_tree(tree: &Value) -> Vec<TextUnit> {
    let mut out = Vec::new();
    if let Some(nodes) = tree.as_array() {
        for n in nodes {
            flatten_node(n, 0, &mut out);
        }
    }
    dedupe(&mut out);
    out
}

/// The structural diff of two documents.
pub fn act_diff(old: &Document, new: &Document) -> ActDiff {
    diff_units(&units_of(old), &units_of(new))
}

/// The structural diff of two stored trees (JSON, as `parse --format json` writes `tree`).
pub fn act_diff_trees(old: &Value, new: &Value) -> ActDiff {
    diff_units(&units_of_tree(old), &units_of_tree(new))
}

/// The diff of two flattened unit lists.
pub fn diff_units(old: &[TextUnit], new: &[TextUnit]) -> ActDiff {
    let old_idx: HashMap<&str, usize> = old
        .iter()
        .enumerate()
        .map(|(i, u)| (u.path.as_str(), i))
        .collect();
    let new_paths: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, u)| (u.path.as_str(), i))
        .collect();
    let old_canon: Vec<Canon> = old.iter().map(|u| canon(&u.text)).collect();
    let new_canon: Vec<Canon> = new.iter().map(|u| canon(&u.text)).collect();

    // Removed units, by comparison key, for moved detection.
    let mut removed_by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, u) in old.iter().enumerate() {
        if !new_paths.contains_key(u.path.as_str()) {
            if let Some(c) = old_canon.get(i) {
                if c.chars.len() >= MIN_MOVED_CHARS {
                    removed_by_key.entry(c.key()).or_default().push(i);
                }
            }
        }
    }
    for v in removed_by_key.values_mut() {
        v.reverse(); // pop() then yields them in document order
    }

    let mut diff = ActDiff::default();
    // (new index anchor, order within anchor, old index) → change
    let mut keyed: Vec<((usize, usize, usize), UnitChange)> = Vec::new();
    let mut moved_from: HashSet<usize> = HashSet::new();
    for (ni, u) in new.iter().enumerate() {
        let Some(nc) = new_canon.get(ni) else {
            continue;
        };
        match old_idx.get(u.path.as_str()) {
            Some(&oi) => {
                let (Some(ou), Some(oc)) = (old.get(oi), old_canon.get(oi)) else {
                    continue;
                };
                if canon_equivalent(oc, nc) {
                    diff.unchanged += 1;
                } else {
                    keyed.push((
                        (ni + 1, 0, 0),
                        UnitChange {
                            path: u.path.clone(),
                            change: UnitChangeKind::Changed,
                            old_text: Some(ou.text.clone()),
                            new_text: Some(u.text.clone()),
                            old_path: None,
                            file: None,
                        },
                    ));
                }
            }
            None => {
                let moved = removed_by_key.get_mut(&nc.key()).and_then(|v| v.pop());
                let change = match moved.and_then(|oi| old.get(oi).map(|ou| (oi, ou))) {
                    Some((oi, ou)) => {
                        moved_from.insert(oi);
                        UnitChange {
                            path: u.path.clone(),
                            change: UnitChangeKind::Moved,
                            old_text: Some(ou.text.clone()),
                            new_text: Some(u.text.clone()),
                            old_path: Some(ou.path.clone()),
                            file: None,
                        }
                    }
                    None => UnitChange {
                        path: u.path.clone(),
                        change: UnitChangeKind::Added,
                        old_text: None,
                        new_text: Some(u.text.clone()),
                        old_path: None,
                        file: None,
                    },
                };
                keyed.push(((ni + 1, 0, 0), change));
            }
        }
    }
    // Removed units stand after the nearest preceding old unit that the new version kept.
    let mut anchor = 0usize;
    for (oi, u) in old.iter().enumerate() {
        if let Some(&ni) = new_paths.get(u.path.as_str()) {
            anchor = ni + 1;
            continue;
        }
        if moved_from.contains(&oi) {
            continue;
        }
        keyed.push((
            (anchor, 1, oi),
            UnitChange {
                path: u.path.clone(),
                change: UnitChangeKind::Removed,
                old_text: Some(u.text.clone()),
                new_text: None,
                old_path: None,
                file: None,
            },
        ));
    }
    keyed.sort_by_key(|(k, _)| *k);
    diff.units = keyed.into_iter().map(|(_, c)| c).collect();
    diff
}

/// A piece of a word-level diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of words with the same fate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Equal, deleted or inserted.
    pub kind: SegmentKind,
    /// The words with their original spelling and the whitespace after them.
    pub text: String,
}

/// Splits a text into words, each with the whitespace that follows it.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space && !space {
            if let Some(t) = text.get(start..i) {
                out.push(t);
            }
            start = i;
        }
        in_space = space;
    }
    if let Some(t) = text.get(start..) {
        if !t.is_empty() {
            out.push(t);
        }
    }
    out
}

fn push_segment(out: &mut Vec<Segment>, kind: SegmentKind, words: &[&str]) {
    if words.is_empty() {
        return;
    }
    let text: String = words.concat();
    match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(&text),
        _ => out.push(Segment { kind, text }),
    }
}

/// The word-level diff of two texts; words are compared in their normalised form, so a
/// look-alike letter or a quote variant does not light up.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let old_t = tokens(old);
    let new_t = tokens(new);
    let old_k: Vec<String> = old_t.iter().map(|t| word_key(t)).collect();
    let new_k: Vec<String> = new_t.iter().map(|t| word_key(t)).collect();
    let deadline = Instant::now() + Duration::from_millis(500);
    let ops =
        similar::capture_diff_slices_deadline(Algorithm::Myers, &old_k, &new_k, Some(deadline));
    let mut out = Vec::new();
    let slice = |v: &'_ [&'_ str], a: usize, n: usize| -> Vec<String> {
        v.get(a..a.saturating_add(n))
            .unwrap_or_default()
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                let w = slice(&new_t, new_index, len);
                push_segment(&mut out, SegmentKind::Equal, &as_strs(&w));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                let w = slice(&old_t, old_index, old_len);
                push_segment(&mut out, SegmentKind::Delete, &as_strs(&w));
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let w = slice(&new_t, new_index, new_len);
                push_segment(&mut out, SegmentKind::Insert, &as_strs(&w));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let d = slice(&old_t, old_index, old_len);
                let i = slice(&new_t, new_index, new_len);
                push_segment(&mut out, SegmentKind::Delete, &as_strs(&d));
                push_segment(&mut out, SegmentKind::Insert, &as_strs(&i));
            }
        }
    }
    out
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}
