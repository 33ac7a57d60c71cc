//! The legal stage on the real acts through the whole pipeline (`pipeline::scan_path`), against
//! fixtures/gold: the act header, amendments and repeals, amendment notes, definitions and
//! services, for the four seeds and the adilet HTML pages made from them.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tizilim::legal::{self, AmendOp, LegalContent};
use tizilim::structure::Document;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn gold(name: &str) -> Value {
    let p = fixtures().join("gold").join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap_or_default()).unwrap_or(Value::Null)
}

fn scan(rel: &str) -> (Document, LegalContent) {
    let p = fixtures().join(rel);
    let (mut doc, legal) =
        tizilim::pipeline::scan_path(Path::new(&p)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    legal::complete_meta(&mut doc.act, &legal.notes);
    if std::env::var_os("LEGAL_DEBUG").is_some() {
        eprintln!("{rel}: act {:?}", doc.act);
        eprintln!("{rel}: amendments {:#?}", legal.amendments);
        eprintln!("{rel}: notes {:#?}", legal.notes);
        eprintln!(
            "{rel}: definitions {:?}",
            legal
                .definitions
                .iter()
                .map(|d| (&d.source_path, &d.term, &d.short))
                .collect::<Vec<_>>()
        );
        eprintln!("{rel}: services {:#?}", legal.services);
    }
    (doc, legal)
}

fn s(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Compares the act header with the gold's `act` block.
fn check_act(rel: &str, doc: &Document, want: &Value, failures: &mut Vec<String>) {
    let got = serde_json::to_value(&doc.act).unwrap_or(Value::Null);
    for f in [
        "type",
        "number",
        "date",
        "registration_number",
        "registration_date",
        "issuer",
        "signed_by",
        "status",
        "entry_into_force",
    ] {
        let w = want.get(f).cloned().unwrap_or(Value::Null);
        if got[f] != w {
            failures.push(format!("{rel}: act.{f}: got {} want {w}", got[f]));
        }
    }
    if let Some(t) = want.get("title") {
        if &got["title"] != t {
            failures.push(format!("{rel}: act.title: got {} want {t}", got["title"]));
        }
    }
    if let Some(rb) = want.get("repealed_by") {
        for f in ["type", "number", "date", "issuer"] {
            if got["repealed_by"][f] != rb[f] {
                failures.push(format!(
                    "{rel}: act.repealed_by.{f}: got {} want {}",
                    got["repealed_by"][f], rb[f]
                ));
            }
        }
    }
}

/// Gold amendments (or repeals) against the extracted ones.
fn check_amendments(
    rel: &str,
    legal: &LegalContent,
    want: &[Value],
    op: AmendOp,
    failures: &mut Vec<String>,
) {
    if legal.amendments.len() != want.len() {
        failures.push(format!(
            "{rel}: {} amendments, want {}: {:#?}",
            legal.amendments.len(),
            want.len(),
            legal.amendments
        ));
        return;
    }
    for (g, w) in legal.amendments.iter().zip(want) {
        if g.op != op {
            failures.push(format!("{rel}: op {:?}, want {op:?}", g.op));
        }
        if Some(g.source_path.clone()) != s(&w["source_path"]) {
            failures.push(format!(
                "{rel}: source_path {} want {}",
                g.source_path, w["source_path"]
            ));
        }
        let ta = serde_json::to_value(&g.target_act).unwrap_or(Value::Null);
        for (k, v) in w["target_act"].as_object().into_iter().flatten() {
            if &ta[k] != v {
                failures.push(format!("{rel}: target_act.{k}: got {} want {v}", ta[k]));
            }
        }
        if op == AmendOp::NewEdition {
            // Gold: "appendix:1 of this order", the whole Rules.
            if g.new_text.as_deref() != Some("appendix:1") || !g.target_path.is_empty() {
                failures.push(format!(
                    "{rel}: new_text {:?} target_path {:?}",
                    g.new_text, g.target_path
                ));
            }
        }
    }
}

fn check_definitions(rel: &str, legal: &LegalContent, want: &Value, failures: &mut Vec<String>) {
    let want = want.as_array().cloned().unwrap_or_default();
    if legal.definitions.len() != want.len() {
        failures.push(format!(
            "{rel}: {} definitions, want {}",
            legal.definitions.len(),
            want.len()
        ));
        return;
    }
    for (g, w) in legal.definitions.iter().zip(&want) {
        if Some(g.term.clone()) != s(&w["term"])
            || Some(g.source_path.clone()) != s(&w["path"])
            || g.short != s(&w["short"])
        {
            failures.push(format!(
                "{rel}: definition {:?} {:?} {:?}, want {w}",
                g.source_path, g.term, g.short
            ));
        }
    }
}

fn check_notes(rel: &str, legal: &LegalContent, want: &[Value], failures: &mut Vec<String>) {
    if legal.notes.len() != want.len() {
        failures.push(format!(
            "{rel}: {} notes, want {}: {:#?}",
            legal.notes.len(),
            want.len(),
            legal.notes
        ));
        return;
    }
    for (g, w) in legal.notes.iter().zip(want) {
        let op = serde_json::to_value(g.op).unwrap_or(Value::Null);
        if Some(g.target_path.clone()) != s(&w["target"]) || op != w["op"] {
            failures.push(format!(
                "{rel}: note line {}: {} {op}, want {} {}",
                w["line"], g.target_path, w["target"], w["op"]
            ));
        }
        if g.by.number != s(&w["by"]["number"]) || g.by.date != s(&w["by"]["date"]) {
            failures.push(format!(
                "{rel}: note line {}: by {:?} {:?}, want {}",
                w["line"], g.by.number, g.by.date, w["by"]
            ));
        }
        if let Some(e) = w.get("effective") {
            if g.effective != s(e) {
                failures.push(format!(
                    "{rel}: note line {}: effective {:?}, want {e}",
                    w["line"], g.effective
                ));
            }
        }
    }
}

fn run(rel: &str, gold_name: &str, failures: &mut Vec<String>) {
    let g = gold(gold_name);
    let (doc, legal) = scan(rel);
    check_act(rel, &doc, &g["act"], failures);
    let amendments = match &g["amendments"] {
        Value::Array(a) => Some(a.clone()),
        // «identical to 000.json»
        Value::String(_) => gold("000.json")["amendments"].as_array().cloned(),
        _ => None,
    };
    let repeals = g["repeals"].as_array().cloned().unwrap_or_default();
    if !repeals.is_empty() {
        check_amendments(rel, &legal, &repeals, AmendOp::RepealAct, failures);
    } else if let Some(a) = amendments {
        check_amendments(rel, &legal, &a, AmendOp::NewEdition, failures);
    }
    let defs = match &g["definitions"] {
        Value::String(_) => gold("000.json")["definitions"].clone(),
        d => d.clone(),
    };
    check_definitions(rel, &legal, &defs, failures);
    let notes = g["notes"].as_array().cloned().unwrap_or_default();
    check_notes(rel, &legal, &notes, failures);
    // The seeds' Rules are about the register itself: no services, no candidates.
    if !legal.services.is_empty() {
        failures.push(format!("{rel}: services {:#?}", legal.services));
    }
}

#[test]
fn seeds_match_gold() {
    let mut failures = Vec::new();
    run("seeds/000_56372298d692b573.txt", "000.json", &mut failures);
    run("seeds/001_692cbcfd57177d2b.txt", "001.json", &mut failures);
    run("seeds/002_39aa061cad97cf4f.txt", "002.json", &mut failures);
    run("seeds/003_b0ba3974c4b4caee.txt", "003.json", &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn html_pages_match_gold() {
    let mut failures = Vec::new();
    run(
        "html/kaz_V2100022243.html",
        "kaz_V2100022243.json",
        &mut failures,
    );
    run("html/rus_V2500037538.html", "002.json", &mut failures);
    run("html/kaz_V1500010124.html", "003.json", &mut failures);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The PDFs of the same acts. FIXME: two failures come from the text/structure stages, not from
/// `legal`: in kaz_V2100022243.pdf the header line is glued to the preamble (so the header sees
/// only the title; the act's date, number and issuer then come from the appendix header, with
/// its «Республикасының») and the signature «... және Б. Мусин аэроғарыш ...» is an ordinary
/// paragraph; in rus_V2500037538.pdf the signature block is not recognised either. This test
/// pins today's failures: when a stage improves, shorten the list.
#[test]
fn pdfs_match_gold() {
    let mut failures = Vec::new();
    run(
        "pdf/kaz_V2100022243.pdf",
        "kaz_V2100022243.json",
        &mut failures,
    );
    run("pdf/rus_V2500037538.pdf", "002.json", &mut failures);
    run("pdf/kaz_V1500010124.pdf", "003.json", &mut failures);
    let got: Vec<String> = failures
        .iter()
        .map(|f| f.split(": got").next().unwrap_or("").to_string())
        .collect();
    assert!(got.is_empty(), "{}", failures.join("\n"));
}
