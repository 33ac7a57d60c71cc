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
use similar::{Algorithm, DiffOp};

use super::normalize::{canon, canon_equivalent, permuted_equivalent, word_key, Canon};
use tizilim_structure::{Document, Node};

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
    /// The same pieces one by one (heading, text, each non-unit descendant), for telling a
    /// reordering or a stray paragraph from a change of wording.
    pub segments: Vec<String>,
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

fn push_piece(segments: &mut Vec<String>, s: String) {
    if !s.trim().is_empty() {
        segments.push(s.trim().to_string());
    }
}

/// A node seen through what the flattening needs, from a [`Node`] or from tree JSON.
trait TreeNode {
    fn path(&self) -> String;
    fn kind(&self) -> String;
    /// Heading, then text (or the table's cells when the text is empty), as segments.
    fn own_segments(&self) -> Vec<String>;
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
    fn own_segments(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(h) = &self.heading {
            push_piece(&mut out, h.clone());
        }
        // A table's cells keep their line breaks; its `text` (for searching) does not.
        match &self.table {
            Some(t) if !t.rows.is_empty() => {
                let mut s = String::new();
                for row in &t.rows {
                    let cells: Vec<&str> = row.iter().map(|c| c.text.as_str()).collect();
                    push_line(&mut s, &cells.join(" | "));
                }
                push_piece(&mut out, s);
            }
            _ => push_piece(&mut out, self.text.clone()),
        }
        out
    }
    fn for_children(&self, f: &mut dyn FnMut(&Self)) {
        for c in &self.children {
            f(c);
        }
    }
}

/// Appends the segments of `node`'s non-unit descendants; unit descendants become units.
fn collect<N: TreeNode>(node: &N, depth: usize, segs: &mut Vec<String>, out: &mut Vec<TextUnit>) {
    if depth > MAX_DEPTH {
        return;
    }
    node.for_children(&mut |c: &N| {
        if is_unit_kind(&c.kind()) {
            flatten_node(c, depth + 1, out);
        } else {
            segs.extend(c.own_segments());
            collect(c, depth + 1, segs, out);
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
        segments: Vec::new(),
    });
    let mut segs = node.own_segments();
    collect(node, depth, &mut segs, out);
    if let Some(u) = out.get_mut(idx) {
        u.text = segs.join("\n");
        u.segments = segs;
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

/// Flattens a tree (a document's or one kept in the store's history).
pub fn units_of_tree(tree: &[Node]) -> Vec<TextUnit> {
    let mut out = Vec::new();
    for n in tree {
        flatten_node(n, 0, &mut out);
    }
    dedupe(&mut out);
    out
}

/// The structural diff of two documents.
pub fn act_diff(old: &Document, new: &Document) -> ActDiff {
    diff_units(&units_of(old), &units_of(new))
}

/// The structural diff of two trees.
pub fn act_diff_trees(old: &[Node], new: &[Node]) -> ActDiff {
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
    let segs = |u: &TextUnit| -> Vec<Canon> { u.segments.iter().map(|s| canon(s)).collect() };
    let old_segs: Vec<Vec<Canon>> = old.iter().map(segs).collect();
    let new_segs: Vec<Vec<Canon>> = new.iter().map(segs).collect();
    // Pieces of units present on one side only: a stray copy of one elsewhere is a move.
    let one_sided = OneSided::new(old, &old_segs, new, &new_segs);

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
                let (os, ns) = (
                    old_segs.get(oi).map(Vec::as_slice).unwrap_or_default(),
                    new_segs.get(ni).map(Vec::as_slice).unwrap_or_default(),
                );
                if same_wording(oc, os, nc, ns) {
                    diff.unchanged += 1;
                } else if let Some(moves) = stray_segments(ou, u, os, ns, &one_sided) {
                    diff.unchanged += 1;
                    for m in moves {
                        keyed.push(((ni + 1, 0, 0), m));
                    }
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

/// True when two versions of a unit have the same wording, allowing their pieces to come in
/// another order.
fn same_wording(oc: &Canon, os: &[Canon], nc: &Canon, ns: &[Canon]) -> bool {
    canon_equivalent(oc, nc) || permuted_equivalent(os, nc) || permuted_equivalent(ns, oc)
}

/// Where the pieces of units that exist on one side only can be found, by comparison key.
struct OneSided<'a> {
    /// Pieces of old units the new version lacks → the old unit.
    removed: HashMap<String, &'a TextUnit>,
    /// Pieces of new units the old version lacks → the new unit.
    added: HashMap<String, &'a TextUnit>,
}

impl<'a> OneSided<'a> {
    fn new(
        old: &'a [TextUnit],
        old_segs: &[Vec<Canon>],
        new: &'a [TextUnit],
        new_segs: &[Vec<Canon>],
    ) -> Self {
        let index = |units: &'a [TextUnit], segs: &[Vec<Canon>], other: &HashSet<&str>| {
            let mut m: HashMap<String, &'a TextUnit> = HashMap::new();
            for (u, cs) in units.iter().zip(segs) {
                if other.contains(u.path.as_str()) {
                    continue;
                }
                for c in cs {
                    if c.chars.len() >= MIN_MOVED_CHARS {
                        m.entry(c.key()).or_insert(u);
                    }
                }
            }
            m
        };
        let old_paths: HashSet<&str> = old.iter().map(|u| u.path.as_str()).collect();
        let new_paths: HashSet<&str> = new.iter().map(|u| u.path.as_str()).collect();
        Self {
            removed: index(old, old_segs, &new_paths),
            added: index(new, new_segs, &old_paths),
        }
    }
}

/// When two versions of a unit differ only by pieces that belong to units present on one side
/// only (text that lost its pages and landed under a neighbouring unit), returns those pieces
/// as moves; None when the unit changed otherwise.
fn stray_segments(
    old_unit: &TextUnit,
    new_unit: &TextUnit,
    os: &[Canon],
    ns: &[Canon],
    one_sided: &OneSided<'_>,
) -> Option<Vec<UnitChange>> {
    let moved = |text: &str, path: &str, old_path: &str| UnitChange {
        path: path.to_string(),
        change: UnitChangeKind::Moved,
        old_text: Some(text.to_string()),
        new_text: Some(text.to_string()),
        old_path: Some(old_path.to_string()),
        file: None,
    };
    let mut moves = Vec::new();
    // New pieces that came from a unit the new version lacks.
    let mut new_kept = Vec::new();
    for (c, text) in ns.iter().zip(&new_unit.segments) {
        let in_old = os.iter().any(|o| canon_equivalent(o, c));
        match one_sided.removed.get(&c.key()) {
            Some(from) if !in_old => moves.push(moved(text, &new_unit.path, &from.path)),
            _ => new_kept.push(text.as_str()),
        }
    }
    // Old pieces that went to a unit the old version lacked.
    let mut old_kept = Vec::new();
    for (c, text) in os.iter().zip(&old_unit.segments) {
        let in_new = ns.iter().any(|n| canon_equivalent(n, c));
        match one_sided.added.get(&c.key()) {
            Some(to) if !in_new => moves.push(moved(text, &to.path, &old_unit.path)),
            _ => old_kept.push(text.as_str()),
        }
    }
    if moves.is_empty() {
        return None;
    }
    let rest = |kept: &[&str]| -> (Canon, Vec<Canon>) {
        (
            canon(&kept.join("\n")),
            kept.iter().map(|s| canon(s)).collect(),
        )
    };
    let (orc, ors) = rest(&old_kept);
    let (nrc, nrs) = rest(&new_kept);
    same_wording(&orc, &ors, &nrc, &nrs).then_some(moves)
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

/// Splits a text into words, each with the whitespace that follows it. Pieces that carry no
/// wording (table bars, Markdown marks) stick to the word before them.
fn tokens(text: &str) -> Vec<&str> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    let mut in_space = false;
    let push = |spans: &mut Vec<(usize, usize)>, a: usize, b: usize| {
        let empty = text.get(a..b).is_none_or(|t| word_key(t).is_empty());
        match spans.last_mut() {
            Some(last) if empty => last.1 = b,
            _ => spans.push((a, b)),
        }
    };
    for (i, c) in text.char_indices() {
        let space = c.is_whitespace();
        if in_space && !space {
            push(&mut spans, start, i);
            start = i;
        }
        in_space = space;
    }
    if start < text.len() {
        push(&mut spans, start, text.len());
    }
    spans.iter().filter_map(|&(a, b)| text.get(a..b)).collect()
}

fn push_words(out: &mut Vec<Segment>, kind: SegmentKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => out.push(Segment {
            kind,
            text: text.to_string(),
        }),
    }
}

/// The word-level diff of two texts. Words are compared in their normalised form, and a
/// replaced run of words that is the same wording after normalisation (words glued at a
/// dropped line break, split at a line end) counts as equal, so only real changes light up.
pub fn word_diff(old: &str, new: &str) -> Vec<Segment> {
    let old_t = tokens(old);
    let new_t = tokens(new);
    let old_k: Vec<String> = old_t.iter().map(|t| word_key(t)).collect();
    let new_k: Vec<String> = new_t.iter().map(|t| word_key(t)).collect();
    let deadline = Instant::now() + Duration::from_millis(500);
    let ops =
        similar::capture_diff_slices_deadline(Algorithm::Myers, &old_k, &new_k, Some(deadline));
    let mut out = Vec::new();
    let get = |v: &Vec<&str>, a: usize, n: usize| -> String {
        v.get(a..a.saturating_add(n)).unwrap_or_default().concat()
    };
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => {
                push_words(&mut out, SegmentKind::Equal, &get(&new_t, new_index, len));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                push_words(
                    &mut out,
                    SegmentKind::Delete,
                    &get(&old_t, old_index, old_len),
                );
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                push_words(
                    &mut out,
                    SegmentKind::Insert,
                    &get(&new_t, new_index, new_len),
                );
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let d = get(&old_t, old_index, old_len);
                let i = get(&new_t, new_index, new_len);
                if canon_equivalent(&canon(&d), &canon(&i)) {
                    push_words(&mut out, SegmentKind::Equal, &i);
                } else {
                    push_words(&mut out, SegmentKind::Delete, &d);
                    push_words(&mut out, SegmentKind::Insert, &i);
                }
            }
        }
    }
    out
}
