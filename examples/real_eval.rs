//! Accuracy on real acts: what tizilim extracts from the labelled development set against the
//! labels made by reading (`fixtures/real-labels/`, schema in its README).
//!
//! ```sh
//! cargo run --release --example real_eval -- ../shared/real dev/real-extra [--quiet] [--only CAT]
//! ```
//!
//! Each DIR holds act folders (`<folder>/rus.md`, `kaz.md`, `meta.yaml`); a text is evaluated when
//! `fixtures/real-labels/<folder>/<rus|kaz>.json` labels it. Prints precision and recall per
//! category (header fields, amendments, repeals, notes, services, service attributes) and per
//! language, then every miss: `missed` (labelled, not found) and `extra` (found, not labelled).
//!
//! How things are compared (the same for every act; nothing here knows an act):
//! - numbers of acts after folding look-alikes, case, `№`, spaces and dashes;
//! - unit paths after dropping `section:N` segments (sections are not CONTRACT units) and list
//!   suffixes (`#2`); the last segment's kind may be `point`, `row` or `item` alike (the items of
//!   a list are called «пункт» or «строка» by different acts);
//! - an amendment: same op, same target act (number, else date), same path;
//! - a repeal: same act number (and date when both have one);
//! - a note: same unit path, op and amending act number;
//! - a service: names equal after normalisation, or one containing the other, or a normalised
//!   edit similarity ≥ 0.85; an attribute: one wording containing the other, or the same numbers,
//!   or half of the words shared;
//! - header fields exactly after normalisation, the issuer loosely (half of its word stems),
//!   the status only as «repealed or not».

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

const LABELS: &str = "fixtures/real-labels";

#[derive(Default, Clone, Copy)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

#[derive(Default)]
struct Tally {
    /// (category, language) → score.
    scores: BTreeMap<(String, String), Score>,
    misses: Vec<String>,
    texts: BTreeMap<String, usize>,
}

impl Tally {
    fn score(&mut self, cat: &str, lang: &str) -> &mut Score {
        self.scores
            .entry((cat.to_string(), lang.to_string()))
            .or_default()
    }
    fn tp(&mut self, cat: &str, lang: &str) {
        self.score(cat, lang).tp += 1;
    }
    fn missed(&mut self, cat: &str, lang: &str, at: &str, what: String) {
        self.score(cat, lang).fn_ += 1;
        self.misses.push(format!("[{cat}] {at}: missed {what}"));
    }
    fn extra(&mut self, cat: &str, lang: &str, at: &str, what: String) {
        self.score(cat, lang).fp += 1;
        self.misses.push(format!("[{cat}] {at}: extra {what}"));
    }
}

fn s(v: &Value) -> Option<String> {
    v.as_str()
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
}

fn opt(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
}

fn fold(x: &str) -> String {
    tizilim::lex::lookalike::fix_lookalikes(x)
        .to_lowercase()
        .replace('ё', "е")
}

/// An act number for comparison: `№ 58/НҚ` = `58/нқ`, `04/276` = `04/276`, `1-1` = `1–1`.
fn num(x: &str) -> String {
    let f = fold(x);
    f.chars()
        .filter(|c| !c.is_whitespace() && *c != '№')
        .map(|c| match c {
            '–' | '—' | '‑' | '−' => '-',
            'h' => 'н',
            'k' => 'к',
            c => c,
        })
        .collect::<String>()
        .trim_matches(|c: char| c == '.' || c == ',')
        .to_string()
}

fn norm_path(p: &str) -> Vec<(String, String)> {
    p.split('/')
        .filter(|seg| !seg.is_empty() && !seg.starts_with("section:"))
        .map(|seg| {
            let seg = seg.split('#').next().unwrap_or(seg);
            let (k, n) = seg.split_once(':').unwrap_or((seg, ""));
            (k.to_string(), num(n))
        })
        .collect()
}

fn path_eq(a: &str, b: &str) -> bool {
    let (a, b) = (norm_path(a), norm_path(b));
    if a.len() != b.len() {
        return false;
    }
    let listy = |k: &str| matches!(k, "point" | "row" | "item");
    a.iter().zip(&b).enumerate().all(|(i, (x, y))| {
        x.1 == y.1 && (x.0 == y.0 || (i + 1 == a.len() && listy(&x.0) && listy(&y.0)))
    })
}

fn words(x: &str) -> Vec<String> {
    fold(x)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(|w| w.chars().take(5).collect())
        .collect()
}

fn overlap(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    shared as f64 / wa.len().max(wb.len()) as f64
}

fn digits(x: &str) -> Vec<String> {
    x.split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .map(str::to_string)
        .collect()
}

fn loose_eq(label: &str, found: &str) -> bool {
    let (a, b) = (
        tizilim::registry::normalize::normalize(label),
        tizilim::registry::normalize::normalize(found),
    );
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let (da, db) = (digits(label), digits(found));
    if !da.is_empty() && da == db {
        return true;
    }
    overlap(label, found) >= 0.5
}

fn name_eq(label: &str, found: &str) -> bool {
    let (a, b) = (
        tizilim::registry::normalize::normalize(label),
        tizilim::registry::normalize::normalize(found),
    );
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let ratio = la.min(lb) as f64 / la.max(lb).max(1) as f64;
    if ratio >= 0.7 && (a.contains(&b) || b.contains(&a)) {
        return true;
    }
    strsim::normalized_levenshtein(&a, &b) >= 0.85
}

fn act_eq(label: &Value, found: &tizilim::structure::ActRef) -> bool {
    match (s(&label["number"]), opt(&found.number)) {
        (Some(a), Some(b)) => {
            num(&a) == num(&b)
                && match (s(&label["date"]), opt(&found.date)) {
                    (Some(x), Some(y)) => x == y,
                    _ => true,
                }
        }
        (Some(_), None) => false,
        (None, _) => match (s(&label["date"]), opt(&found.date)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn describe_act(v: &Value) -> String {
    format!(
        "{} № {} of {}",
        s(&v["type"]).unwrap_or_default(),
        s(&v["number"]).unwrap_or("?".into()),
        s(&v["date"]).unwrap_or("?".into())
    )
}

fn describe_ref(r: &tizilim::structure::ActRef) -> String {
    format!(
        "{} № {} of {}",
        r.act_type.clone().unwrap_or_default(),
        r.number.clone().unwrap_or("?".into()),
        r.date.clone().unwrap_or("?".into())
    )
}

/// Greedy one-to-one matching; returns the indexes of `found` items matched per label.
fn pair<L, F>(labels: &[L], found: &[F], eq: impl Fn(&L, &F) -> bool) -> Vec<Option<usize>> {
    let mut used = vec![false; found.len()];
    labels
        .iter()
        .map(|l| {
            let i = found
                .iter()
                .enumerate()
                .position(|(i, f)| !used[i] && eq(l, f))?;
            used[i] = true;
            Some(i)
        })
        .collect()
}

fn eval_header(
    t: &mut Tally,
    lang: &str,
    at: &str,
    label: &Value,
    doc: &tizilim::structure::Document,
) {
    let a = &doc.act;
    type Same = fn(&str, &str) -> bool;
    let fields: [(&str, Option<String>, Option<String>, Same); 7] = [
        (
            "header.type",
            s(&label["type"]),
            opt(&a.id.act_type),
            |x, y| fold(x) == fold(y),
        ),
        (
            "header.number",
            s(&label["number"]),
            opt(&a.id.number),
            |x, y| num(x) == num(y),
        ),
        ("header.date", s(&label["date"]), opt(&a.id.date), |x, y| {
            x == y
        }),
        (
            "header.registration_number",
            s(&label["registration_number"]),
            opt(&a.id.registration_number),
            |x, y| num(x) == num(y),
        ),
        (
            "header.registration_date",
            s(&label["registration_date"]),
            opt(&a.registration_date),
            |x, y| x == y,
        ),
        (
            "header.issuer",
            s(&label["issuer"]),
            opt(&a.id.issuer),
            |x, y| overlap(x, y) >= 0.5,
        ),
        (
            "header.repealed_by",
            s(&label["repealed_by"]["number"]),
            a.repealed_by.as_ref().and_then(|r| opt(&r.number)),
            |x, y| num(x) == num(y),
        ),
    ];
    for (cat, want, got, eq) in fields {
        match (want, got) {
            (Some(w), Some(g)) if eq(&w, &g) => t.tp(cat, lang),
            (Some(w), Some(g)) => {
                t.missed(cat, lang, at, format!("{w:?}"));
                t.extra(cat, lang, at, format!("{g:?}"));
            }
            (Some(w), None) => t.missed(cat, lang, at, format!("{w:?}")),
            (None, Some(g)) => t.extra(cat, lang, at, format!("{g:?}")),
            (None, None) => {}
        }
    }
    let want = label["status"] == "repealed";
    let got = a.status.as_deref() == Some("repealed");
    match (want, got) {
        (true, true) => t.tp("header.status", lang),
        (true, false) => t.missed("header.status", lang, at, "repealed".into()),
        (false, true) => t.extra("header.status", lang, at, "repealed".into()),
        _ => {}
    }
}

fn eval_text(t: &mut Tally, path: &Path, label: &Value, at: &str) {
    let lang = s(&label["language"]).unwrap_or_default();
    let opts = tizilim::text::ExtractOptions {
        ocr: false,
        ..Default::default()
    };
    let (doc, legal) = match tizilim::pipeline::scan_path_with(path, &opts) {
        Ok(x) => x,
        Err(e) => {
            t.misses.push(format!("[read] {at}: {e}"));
            return;
        }
    };
    *t.texts.entry(lang.clone()).or_default() += 1;
    eval_header(t, &lang, at, &label["header"], &doc);

    use tizilim::legal::AmendOp;
    // Amendments (whole-act repeals apart).
    let found: Vec<&tizilim::legal::Amendment> = legal
        .amendments
        .iter()
        .filter(|a| a.op != AmendOp::RepealAct)
        .collect();
    let op_name = |a: &tizilim::legal::Amendment| -> String {
        serde_json::to_value(a.op)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let labels: Vec<&Value> = label["amendments"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let m = pair(&labels, &found, |l, f| {
        s(&l["op"]).as_deref() == Some(op_name(f).as_str())
            && act_eq(&l["target_act"], &f.target_act)
            && path_eq(l["target_path"].as_str().unwrap_or(""), &f.target_path)
    });
    let mut used = vec![false; found.len()];
    for (l, hit) in labels.iter().zip(&m) {
        match hit {
            Some(i) => {
                used[*i] = true;
                t.tp("amendments", &lang);
            }
            None => t.missed(
                "amendments",
                &lang,
                at,
                format!(
                    "{} {:?} of {} (at {})",
                    s(&l["op"]).unwrap_or_default(),
                    s(&l["target_path"]).unwrap_or_default(),
                    describe_act(&l["target_act"]),
                    s(&l["source_path"]).unwrap_or_default()
                ),
            ),
        }
    }
    for (f, u) in found.iter().zip(&used) {
        if !u {
            t.extra(
                "amendments",
                &lang,
                at,
                format!(
                    "{} {:?} of {} (at {})",
                    op_name(f),
                    f.target_path,
                    describe_ref(&f.target_act),
                    f.source_path
                ),
            );
        }
    }

    // Repeals of whole acts.
    let found: Vec<&tizilim::legal::Amendment> = legal
        .amendments
        .iter()
        .filter(|a| a.op == AmendOp::RepealAct)
        .collect();
    let labels: Vec<&Value> = label["repeals"].as_array().into_iter().flatten().collect();
    let m = pair(&labels, &found, |l, f| act_eq(l, &f.target_act));
    let mut used = vec![false; found.len()];
    for (l, hit) in labels.iter().zip(&m) {
        match hit {
            Some(i) => {
                used[*i] = true;
                t.tp("repeals", &lang);
            }
            None => t.missed("repeals", &lang, at, describe_act(l)),
        }
    }
    for (f, u) in found.iter().zip(&used) {
        if !u {
            t.extra(
                "repeals",
                &lang,
                at,
                format!("{} (at {})", describe_ref(&f.target_act), f.source_path),
            );
        }
    }

    // Notes.
    let labels: Vec<&Value> = label["notes"].as_array().into_iter().flatten().collect();
    let note_op = |n: &tizilim::legal::Note| -> String {
        serde_json::to_value(n.op)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let found: Vec<&tizilim::legal::Note> = legal.notes.iter().collect();
    let m = pair(&labels, &found, |l, f| {
        s(&l["op"]).as_deref() == Some(note_op(f).as_str())
            && path_eq(l["target_path"].as_str().unwrap_or(""), &f.target_path)
            && match (s(&l["by"]["number"]), opt(&f.by.number)) {
                (Some(a), Some(b)) => num(&a) == num(&b),
                (None, _) => true,
                _ => false,
            }
    });
    let mut used = vec![false; found.len()];
    for (l, hit) in labels.iter().zip(&m) {
        match hit {
            Some(i) => {
                used[*i] = true;
                t.tp("notes", &lang);
            }
            None => t.missed(
                "notes",
                &lang,
                at,
                format!(
                    "{} {:?} by № {}",
                    s(&l["op"]).unwrap_or_default(),
                    s(&l["target_path"]).unwrap_or_default(),
                    s(&l["by"]["number"]).unwrap_or_default()
                ),
            ),
        }
    }
    for (f, u) in found.iter().zip(&used) {
        if !u {
            t.extra(
                "notes",
                &lang,
                at,
                format!(
                    "{} {:?} by № {}",
                    note_op(f),
                    f.target_path,
                    f.by.number.clone().unwrap_or_default()
                ),
            );
        }
    }

    // Services: distinct names (candidates apart).
    use tizilim::legal::ServiceKind;
    let mut names: Vec<&tizilim::legal::Service> = Vec::new();
    for svc in legal
        .services
        .iter()
        .filter(|x| x.kind != ServiceKind::Candidate)
    {
        if !names.iter().any(|n| name_eq(&n.name, &svc.name)) {
            names.push(svc);
        }
    }
    let labels: Vec<&Value> = label["services"].as_array().into_iter().flatten().collect();
    let m = pair(&labels, &names, |l, f| {
        name_eq(l["name"].as_str().unwrap_or(""), &f.name)
    });
    let mut used = vec![false; names.len()];
    for (l, hit) in labels.iter().zip(&m) {
        let lname = l["name"].as_str().unwrap_or("");
        match hit {
            Some(i) => {
                used[*i] = true;
                t.tp("services", &lang);
            }
            None => t.missed("services", &lang, at, format!("«{lname}»")),
        }
        // Attributes: from every found service of this name.
        let same: Vec<&tizilim::legal::Service> = legal
            .services
            .iter()
            .filter(|x| x.kind != ServiceKind::Candidate && name_eq(lname, &x.name))
            .collect();
        for attr in ["provider", "term", "form", "result", "fee", "recipients"] {
            let Some(want) = s(&l[attr]) else { continue };
            let got = same.iter().find_map(|x| {
                let v = match attr {
                    "provider" => &x.provider,
                    "term" => &x.term,
                    "form" => &x.form,
                    "result" => &x.result,
                    "fee" => &x.fee,
                    _ => &x.recipients,
                };
                opt(v)
            });
            match got {
                Some(g) if loose_eq(&want, &g) => t.tp("attributes", &lang),
                Some(g) => {
                    t.missed("attributes", &lang, at, format!("{attr} {want:?}"));
                    t.extra("attributes", &lang, at, format!("{attr} {g:?}"));
                }
                None => t.missed("attributes", &lang, at, format!("{attr} {want:?}")),
            }
        }
    }
    for (f, u) in names.iter().zip(&used) {
        if !u {
            t.extra(
                "services",
                &lang,
                at,
                format!("«{}» ({:?} at {})", f.name, f.kind, f.source_path),
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quiet = args.iter().any(|a| a == "--quiet");
    let only = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let dirs: Vec<PathBuf> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| {
            !a.starts_with("--")
                && (*i == 0 || args.get(i - 1).map(String::as_str) != Some("--only"))
        })
        .map(|(_, a)| PathBuf::from(a))
        .collect();
    if dirs.is_empty() {
        eprintln!("usage: real_eval DIR... [--quiet] [--only CATEGORY]");
        std::process::exit(2);
    }
    let mut t = Tally::default();
    let mut acts = 0usize;
    for dir in &dirs {
        let mut folders: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect(),
            Err(e) => {
                eprintln!("{}: {e}", dir.display());
                continue;
            }
        };
        folders.sort();
        for folder in folders {
            let name = folder
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let mut any = false;
            for (file, lab) in [("rus.md", "rus.json"), ("kaz.md", "kaz.json")] {
                let lp = Path::new(LABELS).join(&name).join(lab);
                let Ok(text) = std::fs::read_to_string(&lp) else {
                    continue;
                };
                let label: Value = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => {
                        eprintln!("{}: {e}", lp.display());
                        continue;
                    }
                };
                let at = format!("{}/{file}", short(&name));
                eval_text(&mut t, &folder.join(file), &label, &at);
                any = true;
            }
            acts += usize::from(any);
        }
    }
    let total: usize = t.texts.values().sum();
    println!(
        "real_eval: {acts} acts, {total} texts ({})",
        t.texts
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!();
    println!("| category | lang | precision | recall | found right | extra | missed |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut cats: Vec<String> = t.scores.keys().map(|(c, _)| c.clone()).collect();
    cats.dedup();
    for cat in &cats {
        for lang in ["kk", "ru"] {
            if let Some(sc) = t.scores.get(&(cat.clone(), lang.to_string())) {
                println!(
                    "| {cat} | {lang} | {:.3} | {:.3} | {} | {} | {} |",
                    sc.precision(),
                    sc.recall(),
                    sc.tp,
                    sc.fp,
                    sc.fn_
                );
            }
        }
    }
    if !quiet {
        println!();
        for m in &t.misses {
            if only
                .as_ref()
                .is_none_or(|o| m.starts_with(&format!("[{o}")))
            {
                println!("{m}");
            }
        }
    }
}

/// A folder name without its slug: `0124-…-128725`.
fn short(name: &str) -> String {
    let parts: Vec<&str> = name.split('-').collect();
    match (parts.first(), parts.last()) {
        (Some(a), Some(b)) if parts.len() > 2 => format!("{a}-…-{b}"),
        _ => name.to_string(),
    }
}
