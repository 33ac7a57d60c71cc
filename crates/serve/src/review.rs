//! What a review works on, without HTTP: the findings of the last run with their decisions and
//! their act, filtered and sorted for the list; a finding's form rows in both languages with the
//! analyst's edits; the forms of the accepted findings.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tizilim_findings::{Finding, FindingKind, FormId};
use tizilim_forms::{self as forms, Lang, Wording};
use tizilim_lex::Language;
use tizilim_store::{ActHead, Decision, Store, StoredFinding, Verdict};

use crate::Error;

/// Where a finding stands in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Nobody has decided yet.
    Undecided,
    /// Accepted: it goes into the forms.
    Accept,
    /// Rejected.
    Reject,
    /// Needs more work.
    NeedsWork,
}

impl Status {
    /// `undecided`, `accept`, `reject`, `needs_work`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Undecided => "undecided",
            Status::Accept => "accept",
            Status::Reject => "reject",
            Status::NeedsWork => "needs_work",
        }
    }

    fn of(v: Verdict) -> Self {
        match v {
            Verdict::Accept => Status::Accept,
            Verdict::Reject => Status::Reject,
            Verdict::NeedsWork => Status::NeedsWork,
        }
    }
}

/// One finding under review: as the last run has it, its decision, and its act.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The finding with the runs that first saw and resolved it.
    #[serde(flatten)]
    pub stored: StoredFinding,
    /// The current decision.
    pub decision: Option<Decision>,
    /// Decided, but its evidence changed since: it needs another look.
    pub needs_another_look: bool,
    /// Where the review stands.
    pub status: Status,
    /// The ministry: the one the finding's details name, else the act's issuer.
    pub ministry: Option<String>,
    /// The evidence act's header.
    pub act: Option<ActHead>,
}

impl Item {
    fn new(stored: StoredFinding, decision: Option<Decision>, act: Option<ActHead>) -> Self {
        let needs_another_look = decision
            .as_ref()
            .is_some_and(|d| d.is_stale(&stored.finding));
        let status = decision
            .as_ref()
            .map_or(Status::Undecided, |d| Status::of(d.decision));
        let ministry = stored
            .finding
            .details
            .as_ref()
            .and_then(|d| d.ministry.clone())
            .or_else(|| act.as_ref().and_then(|a| a.act.id.issuer.clone()))
            .filter(|m| !m.trim().is_empty());
        Self {
            stored,
            decision,
            needs_another_look,
            status,
            ministry,
            act,
        }
    }

    /// The finding.
    pub fn finding(&self) -> &Finding {
        &self.stored.finding
    }

    /// The language of the evidence act.
    pub fn language(&self) -> Option<Language> {
        self.act.as_ref().map(|a| a.language)
    }

    /// The evidence act's title, else its file.
    pub fn act_label(&self) -> &str {
        self.act
            .as_ref()
            .and_then(|a| a.act.id.title.as_deref())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.stored.finding.evidence.file)
    }

    /// The decision's edited wording, when it reads as one.
    pub fn wording(&self) -> Option<Wording> {
        wording_of(self.decision.as_ref())
    }
}

fn wording_of(d: Option<&Decision>) -> Option<Wording> {
    d.and_then(|d| d.wording.clone())
        .and_then(|w| serde_json::from_value(w).ok())
}

/// The findings of the last committed run, in detection order, each with its decision and act.
pub fn items(store: &Store) -> Result<Vec<Item>, Error> {
    let decisions = store.decisions()?;
    let acts: HashMap<String, ActHead> = store
        .act_heads()?
        .into_iter()
        .map(|a| (a.file.clone(), a))
        .collect();
    Ok(store
        .current_findings()?
        .into_iter()
        .map(|s| {
            let d = decisions.get(&s.finding.id).cloned();
            let a = acts.get(&s.finding.evidence.file).cloned();
            Item::new(s, d, a)
        })
        .collect())
}

/// One finding by id (current or resolved) with its decision and act.
pub fn item(store: &Store, id: &str) -> Result<Option<Item>, Error> {
    let Some(stored) = store.finding(id)? else {
        return Ok(None);
    };
    let decision = store.decision(id)?;
    let act = store.act_head_by_file(&stored.finding.evidence.file)?;
    Ok(Some(Item::new(stored, decision, act)))
}

/// The list's filters and order, as query parameters (`?kind=hidden&status=undecided&q=...`).
/// Empty values mean no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(default)]
pub struct Filter {
    /// `hidden`, `obsolete`, `changed`.
    pub kind: String,
    /// `undecided`, `accept`, `reject`, `needs_work`, or `stale` (needs another look).
    pub status: String,
    /// The ministry, exactly as listed.
    pub ministry: String,
    /// The act's file.
    pub act: String,
    /// The act's language: `kk` or `ru`.
    pub lang: String,
    /// Words to look for in the service, code, wordings, quote and justification.
    pub q: String,
    /// `order` (detection order, the default), `kind`, `confidence`, `service`, `act`, `status`.
    pub sort: String,
}

/// The sort keys [`Filter::sort`] accepts.
pub const SORTS: [&str; 6] = ["order", "kind", "confidence", "service", "act", "status"];

fn lower(s: &str) -> String {
    s.to_lowercase()
}

impl Filter {
    /// True when `item` passes every filter.
    pub fn admits(&self, item: &Item) -> bool {
        let f = item.finding();
        let is = |want: &str, have: &str| want.is_empty() || want == have;
        if !is(&self.kind, f.kind.as_str()) {
            return false;
        }
        let status_ok = match self.status.as_str() {
            "" => true,
            "stale" => item.needs_another_look,
            s => s == item.status.as_str(),
        };
        if !status_ok
            || !is(&self.ministry, item.ministry.as_deref().unwrap_or(""))
            || !is(&self.act, &f.evidence.file)
            || !is(&self.lang, item.language().map_or("", |l| l.code()))
        {
            return false;
        }
        let q = lower(self.q.trim());
        if q.is_empty() {
            return true;
        }
        let hay = [
            Some(f.service.as_str()),
            f.register_code.as_deref(),
            f.current.as_deref(),
            f.proposed.as_deref(),
            Some(f.evidence.quote.as_str()),
            Some(f.evidence.file.as_str()),
            Some(f.justification.as_str()),
            Some(f.id.as_str()),
            Some(item.act_label()),
        ];
        let hay = lower(&hay.iter().flatten().copied().collect::<Vec<_>>().join("\n"));
        q.split_whitespace().all(|w| hay.contains(w))
    }

    /// The items that pass, in the chosen order (detection order for unknown sort keys).
    pub fn apply(&self, items: Vec<Item>) -> Vec<Item> {
        let mut out: Vec<Item> = items.into_iter().filter(|i| self.admits(i)).collect();
        match self.sort.as_str() {
            "kind" => out.sort_by_key(|i| i.finding().kind),
            "confidence" => {
                out.sort_by(|a, b| b.finding().confidence.total_cmp(&a.finding().confidence))
            }
            "service" => out.sort_by_key(|i| lower(&i.finding().service)),
            "act" => out.sort_by(|a, b| a.act_label().cmp(b.act_label())),
            "status" => out.sort_by_key(|i| (!i.needs_another_look, i.status.as_str())),
            _ => {}
        }
        out
    }
}

/// A finding's row in its proposal form, in one language: the form's headers and keys, the
/// generated cells and the cells with the analyst's edits in place.
#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    /// The form.
    pub form: FormId,
    /// The language.
    pub lang: Lang,
    /// One header per column.
    pub headers: Vec<String>,
    /// Each column's key in edited wordings (None: the row number, not editable).
    pub keys: Vec<Option<&'static str>>,
    /// The cells as generated from the finding.
    pub generated: Vec<Option<String>>,
    /// The cells as they go into the forms (the edits in place).
    pub cells: Vec<Option<String>>,
}

/// The finding's form row in Russian and Kazakh, with `wording` applied.
pub fn rows(f: &Finding, wording: Option<&Wording>) -> Vec<RowView> {
    let form = forms::target_form(f);
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let table = forms::form_rows(form, lang, std::slice::from_ref(f));
            let generated = table
                .rows
                .first()
                .map(|r| r.cells.clone())
                .unwrap_or_default();
            let mut edited = table.clone();
            if let Some(w) = wording {
                forms::apply_wordings(&mut edited, &HashMap::from([(f.id.clone(), w.clone())]));
            }
            RowView {
                form,
                lang,
                headers: table.flat_headers(),
                keys: forms::column_keys(form),
                generated,
                cells: edited
                    .rows
                    .first()
                    .map(|r| r.cells.clone())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// Checks an edited wording against the finding's form and keeps only the cells that differ
/// from the generated ones. Errors name the first unknown column.
pub fn clean_wording(f: &Finding, w: Wording) -> Result<Wording, String> {
    let form = forms::target_form(f);
    if let Some(k) = w.unknown_key(form) {
        return Err(format!(
            "wording: no editable column {k:?} in form {}",
            form.as_str()
        ));
    }
    let generated = rows(f, None);
    let keys = forms::column_keys(form);
    let mut out = Wording::default();
    for view in &generated {
        let target = match view.lang {
            Lang::Ru => &mut out.ru,
            Lang::Kk => &mut out.kk,
        };
        for (k, text) in w.cells(view.lang) {
            let col = keys.iter().position(|c| *c == Some(k.as_str()));
            let gen = col
                .and_then(|c| view.generated.get(c).cloned().flatten())
                .unwrap_or_default();
            if text.trim() != gen.trim() {
                target.insert(k.clone(), text.clone());
            }
        }
    }
    Ok(out)
}

/// The forms of the accepted findings.
#[derive(Debug, Clone)]
pub struct Export {
    /// `(file name, bytes)`, as [`tizilim_forms::render_all_with`] makes them.
    pub files: Vec<(String, Vec<u8>)>,
    /// How many findings went in.
    pub accepted: usize,
    /// Accepted findings whose evidence changed since the decision (they are in the forms;
    /// someone should look at them again).
    pub stale: Vec<String>,
}

/// The forms (XLSX and CSV, kk and ru, and `findings.json`) with the accepted findings of the
/// last run only, in detection order, with their edited wordings.
pub fn accepted_forms(store: &Store) -> Result<Export, Error> {
    let mut findings = Vec::new();
    let mut wordings = HashMap::new();
    let mut stale = Vec::new();
    for item in items(store)? {
        if item.status != Status::Accept {
            continue;
        }
        if item.needs_another_look {
            stale.push(item.finding().id.clone());
        }
        if let Some(w) = item.wording() {
            wordings.insert(item.finding().id.clone(), w);
        }
        findings.push(item.stored.finding);
    }
    let files = forms::render_all_with(&findings, &wordings)?;
    Ok(Export {
        accepted: findings.len(),
        files,
        stale,
    })
}

/// Writes [`accepted_forms`] into `dir`, each file atomically; returns the export and the paths.
pub fn write_accepted(store: &Store, dir: &Path) -> Result<(Export, Vec<PathBuf>), Error> {
    let export = accepted_forms(store)?;
    let mut paths = Vec::new();
    for (name, bytes) in &export.files {
        let p = dir.join(name);
        tizilim_source::fsutil::write_atomic(&p, bytes).map_err(|source| Error::Io {
            path: p.clone(),
            source,
        })?;
        paths.push(p);
    }
    Ok((export, paths))
}

/// The kinds, in list order.
pub const KINDS: [FindingKind; 3] = [
    FindingKind::Hidden,
    FindingKind::Obsolete,
    FindingKind::Changed,
];

/// Where the quote stands in a unit's text: `(before, quote, after)` by character, found
/// verbatim or after folding case and whitespace; None when the text does not hold it.
pub fn locate<'a>(text: &'a str, quote: &str) -> Option<(&'a str, &'a str, &'a str)> {
    let quote = quote.trim().trim_end_matches('…').trim();
    if quote.is_empty() {
        return None;
    }
    if let Some(i) = text.find(quote) {
        return Some((
            &text[..i],
            &text[i..i + quote.len()],
            &text[i + quote.len()..],
        ));
    }
    // Folded: each letter or digit lower-cased, with its byte range; every run of other
    // characters (spaces, line breaks, table bars, quote marks) becomes one space, so a quote
    // joined from table cells or lines still finds its text.
    let fold = |s: &str| -> Vec<(char, usize, usize)> {
        let mut out: Vec<(char, usize, usize)> = Vec::new();
        for (i, c) in s.char_indices() {
            let end = i + c.len_utf8();
            if !c.is_alphanumeric() {
                match out.last_mut() {
                    Some((' ', _, e)) => *e = end,
                    _ => out.push((' ', i, end)),
                }
            } else {
                out.push((c.to_lowercase().next().unwrap_or(c), i, end));
            }
        }
        out
    };
    let trim = |mut v: Vec<(char, usize, usize)>| {
        while v.last().is_some_and(|x| x.0 == ' ') {
            v.pop();
        }
        if v.first().is_some_and(|x| x.0 == ' ') {
            v.remove(0);
        }
        v
    };
    let t = fold(text);
    let q: Vec<char> = trim(fold(quote)).into_iter().map(|x| x.0).collect();
    if q.is_empty() {
        return None;
    }
    if q.len() > t.len() {
        return None;
    }
    let at = (0..=t.len() - q.len())
        .find(|&s| t[s..s + q.len()].iter().map(|x| x.0).eq(q.iter().copied()))?;
    let (start, end) = (t[at].1, t[at + q.len() - 1].2);
    Some((&text[..start], &text[start..end], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_quote_verbatim_and_folded() {
        assert_eq!(
            locate("1. Выдача разрешения на вырубку.", "разрешения"),
            Some(("1. Выдача ", "разрешения", " на вырубку."))
        );
        assert_eq!(
            locate("Выдача  РАЗРЕШЕНИЯ\nна вырубку", "разрешения на"),
            Some(("Выдача  ", "РАЗРЕШЕНИЯ\nна", " вырубку"))
        );
        assert_eq!(
            locate(
                "2 | Способы «веб-портал»\nПриложение",
                "Способы «веб-портал» Приложение"
            ),
            Some(("2 | ", "Способы «веб-портал»\nПриложение", ""))
        );
        assert_eq!(locate("текст", "другое"), None);
        assert_eq!(locate("текст", "«»"), None);
        assert_eq!(locate("текст", "  "), None);
        assert_eq!(locate("ab", "abc"), None);
    }
}
