//! Safe outputs: what tizilim writes can be opened by an analyst without running anything that
//! an act's text (fetched from the internet) put there.
//!
//! - The HTML report shows act text, findings and file names as text: no element, attribute or
//!   event handler comes from the input (checked by parsing the report with an HTML parser).
//! - Spreadsheet cells that start with `=`, `+`, `-`, `@` are text in XLSX and CSV.
//! - Output files are replaced atomically: a reader never sees a partial file, and a writer
//!   killed mid-write leaves the old or the new content, never a mix.

use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook, Data, Reader, Xlsx};
use scraper::{Html, Selector};
use tizilim::findings::{Evidence, Field, Finding, FindingKind, FormId, ServiceDetails};
use tizilim::source::Format;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const SVG: &str = "<svg/onload=alert(1)>";
const LINK: &str = "<a href=\"javascript:alert(1)\">x</a>";
const CLOSE: &str = "</textarea></pre></style><iframe src=//evil>";

fn payloads() -> [&'static str; 5] {
    [SCRIPT, IMG, SVG, LINK, CLOSE]
}

/// An act in plain text whose points carry the payloads, in Russian or Kazakh.
fn act(lang: &str, version: u32) -> String {
    let (head, point) = match lang {
        "ru" => (
            "ПРИКАЗ Министра\nОб утверждении Правил",
            "Услугодатель выдает справку",
        ),
        _ => (
            "Министрдің БҰЙРЫҒЫ\nҚағидаларды бекіту туралы",
            "Көрсетілетін қызметті беруші анықтама береді",
        ),
    };
    let mut s = format!("{head}\n");
    for (i, p) in payloads().iter().enumerate() {
        // Version 2 changes every point, so every payload appears on both sides of the diff.
        s.push_str(&format!("{}. {point} {p} редакция {version}.\n", i + 1));
    }
    s
}

fn parse(text: &str, file: &str) -> tizilim::structure::Document {
    let t = tizilim::text::plain::extract(text.as_bytes());
    tizilim::structure::parse(&t, file, Format::Text)
}

fn finding(kind: FindingKind, form: FormId, id: &str, service: &str) -> Finding {
    Finding {
        kind,
        register_code: Some(format!("0010{id}")),
        service: service.to_string(),
        field: Some(Field::Name),
        current: Some(format!("{IMG} текущее")),
        proposed: Some(format!("{SCRIPT} предлагаемое")),
        evidence: Evidence {
            file: format!("acts/{SVG}.html"),
            path: format!("point:1/{CLOSE}"),
            quote: format!("{LINK} цитата"),
        },
        confidence: 0.9,
        form,
        justification: format!("{SCRIPT} негіздеме"),
        details: None,
        id: id.to_string(),
    }
}

/// Asserts that an HTML page holds no markup from the payloads: no script, img, svg, iframe or
/// `javascript:` link elements, no `on*` attributes, and the payload text is shown as text.
fn assert_inert_html(html: &str, must_show: &[&str]) {
    let doc = Html::parse_document(html);
    for tag in [
        "script", "img", "svg", "iframe", "object", "embed", "textarea",
    ] {
        let sel = Selector::parse(tag).unwrap();
        assert_eq!(doc.select(&sel).count(), 0, "<{tag}> element in the report");
    }
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "event handler {name}={value:?} on <{}>",
                el.value().name()
            );
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "javascript: URL in {name} of <{}>",
                el.value().name()
            );
        }
    }
    let text: String = doc.root_element().text().collect();
    for p in must_show {
        assert!(text.contains(p), "{p:?} is not shown as text");
    }
}

#[test]
fn act_text_in_the_html_diff_report_is_escaped() {
    for lang in ["ru", "kk"] {
        let old = parse(&act(lang, 1), &format!("old_{lang}_{SCRIPT}.txt"));
        let new = parse(&act(lang, 2), &format!("new_{lang}_{IMG}.txt"));
        assert_eq!(new.unit_paths().len(), 5, "{lang}: {:?}", new.unit_paths());
        let diff = tizilim::report::Diff::between_documents(&old, &new);
        assert!(diff.units().count() >= 5, "{lang}: every point changed");
        let html = tizilim::report::render_html(&diff);
        assert_inert_html(&html, &payloads());
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{lang}"
        );
        assert!(
            html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{lang}"
        );
    }
}

#[test]
fn findings_and_file_names_in_the_html_report_are_escaped() {
    let f = finding(FindingKind::Changed, FormId::App3, "1", SCRIPT);
    let g = finding(FindingKind::Hidden, FormId::App4, "2", IMG);
    let old = parse(&act("ru", 1), SCRIPT);
    let new = parse(&act("kk", 1), IMG);
    let diff = tizilim::report::Diff::between_documents(&old, &new).with_findings(
        vec![f.clone()],
        vec![g.clone(), {
            let mut h = finding(FindingKind::Obsolete, FormId::App3, "3", SVG);
            h.justification = CLOSE.to_string();
            h.evidence.file = LINK.to_string();
            h.evidence.path = IMG.to_string();
            h.evidence.quote = SCRIPT.to_string();
            h
        }],
    );
    let html = tizilim::report::render_html(&diff);
    assert_inert_html(&html, &payloads());
}

/// Markdown reports are rendered to HTML by most viewers, which pass raw HTML through: the
/// payloads must not come out as raw tags there either.
#[test]
fn act_text_in_the_markdown_report_carries_no_raw_html() {
    let old = parse(&act("ru", 1), "old.txt");
    let new = parse(&act("ru", 2), "new.txt");
    let f = finding(FindingKind::Changed, FormId::App3, "1", SCRIPT);
    let diff =
        tizilim::report::Diff::between_documents(&old, &new).with_findings(vec![f.clone()], vec![]);
    let md = tizilim::report::render_markdown(&diff);
    // Inside a code span (CommonMark) HTML is shown literally: look outside code spans only.
    let outside_code: String = md
        .lines()
        .map(|l| l.split('`').step_by(2).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n");
    for raw in [
        "<script",
        "<img",
        "<svg",
        "<iframe",
        "<a href",
        "<textarea",
        "</pre",
    ] {
        assert!(
            !outside_code.contains(raw),
            "raw {raw:?} in the Markdown report:\n{md}"
        );
    }
    // Every code span closes on its line: a multi-line span could be broken by a blank line.
    for l in md.lines() {
        assert_eq!(l.matches('`').count() % 2, 0, "unclosed code span: {l}");
    }
    // The act's own text is escaped, not put in code spans.
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{md}");
}

/// The JSON report is data: the payloads come back verbatim when parsed.
#[test]
fn json_report_keeps_the_text_verbatim() {
    let old = parse(&act("kk", 1), "old.txt");
    let new = parse(&act("kk", 2), "new.txt");
    let diff = tizilim::report::Diff::between_documents(&old, &new);
    let v: serde_json::Value = serde_json::from_str(&tizilim::report::render_json(&diff)).unwrap();
    let all = v.to_string();
    let back: serde_json::Value = serde_json::from_str(&all).unwrap();
    let texts: Vec<String> = back["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["new_text"].as_str().map(str::to_string))
        .collect();
    for p in payloads() {
        assert!(texts.iter().any(|t| t.contains(p)), "{p:?} lost: {texts:?}");
    }
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Option<Data> {
    r.get_value((row, col)).cloned()
}

/// Every XLSX cell whose text starts with a formula trigger is a string cell, no sheet has a
/// formula, and every such CSV field is quoted with a leading apostrophe.
#[test]
fn formula_triggers_are_text_in_xlsx_and_csv() {
    let triggers = [
        "=1+2",
        "+7 777 000",
        "-5 дней",
        "@SUM(A1)",
        "=HYPERLINK(\"http://x\",\"y\")",
    ];
    let mut findings = Vec::new();
    for (i, t) in triggers.iter().enumerate() {
        let mut f = finding(FindingKind::Changed, FormId::App3, &format!("c{i}"), t);
        f.current = Some(t.to_string());
        f.proposed = Some(format!("={i}*2"));
        f.justification = t.to_string();
        f.evidence.quote = t.to_string();
        findings.push(f);
        let mut h = finding(FindingKind::Hidden, FormId::App4, &format!("h{i}"), t);
        h.details = Some(ServiceDetails {
            name_ru: Some(t.to_string()),
            name_kk: Some(format!("-{t}")),
            fee_amount: Some(format!("+{i}")),
            provider: Some(format!("@{t}")),
            ..ServiceDetails::default()
        });
        findings.push(h);
    }
    let dir = tempfile::tempdir().unwrap();
    let written = tizilim::forms::write_all(&findings, dir.path()).unwrap();
    let xlsx: Vec<_> = written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    assert!(xlsx.len() >= 4);
    let mut triggered_cells = 0;
    for path in &xlsx {
        let mut wb: Xlsx<_> = open_workbook(path.as_path()).unwrap();
        for sheet in wb.sheet_names().to_vec() {
            let formulas = wb.worksheet_formula(&sheet).unwrap();
            assert_eq!(
                formulas
                    .used_cells()
                    .filter(|(_, _, f)| !f.is_empty())
                    .count(),
                0,
                "{}: {sheet} has formulas",
                path.display()
            );
            let r = wb.worksheet_range(&sheet).unwrap();
            for (row, col, v) in r.used_cells() {
                let s = match v {
                    Data::String(s) => s.clone(),
                    other => format!("{other:?}"),
                };
                if tizilim::forms::looks_like_formula(&s) {
                    triggered_cells += 1;
                    assert!(
                        matches!(cell(&r, row as u32, col as u32), Some(Data::String(_))),
                        "{}:{sheet}:{row}:{col} is not text",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(
        triggered_cells >= 20,
        "{triggered_cells} cells with triggers"
    );
    for p in written
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let csv = std::fs::read_to_string(p).unwrap();
        for field in csv_fields(&csv) {
            assert!(
                !tizilim::forms::looks_like_formula(&field),
                "{}: field {field:?} would be a formula",
                p.display()
            );
        }
    }
}

/// The unquoted values of a CSV (RFC 4180), as a spreadsheet would see them before evaluation.
fn csv_fields(csv: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = csv.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',' | '\n') => out.push(std::mem::take(&mut cur)),
            (false, '\r') => {}
            (_, c) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

// ------------------------------------------------------------------------------------------
// Atomic writes

fn content(tag: u8, len: usize) -> Vec<u8> {
    let mut v = vec![tag; len];
    v[len - 1] = b'\n';
    v
}

/// One of the complete versions written, or a failure message.
fn whole_version(bytes: &[u8], len: usize) -> Result<u8, String> {
    let first = *bytes.first().ok_or("empty file")?;
    if bytes.len() != len || bytes[..len - 1].iter().any(|&b| b != first) {
        return Err(format!("partial or mixed content ({} bytes)", bytes.len()));
    }
    Ok(first)
}

#[test]
fn concurrent_reader_never_sees_a_partial_file() {
    const LEN: usize = 4 << 20;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.html");
    tizilim::fsutil::write_atomic(&target, &content(b'a', LEN)).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (stop, target) = (stop.clone(), target.clone());
        std::thread::spawn(move || {
            let mut reads = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut f = std::fs::File::open(&target).unwrap();
                let mut buf = Vec::new();
                f.read_to_end(&mut buf).unwrap();
                whole_version(&buf, LEN).unwrap();
                reads += 1;
            }
            reads
        })
    };
    for i in 0..30u8 {
        tizilim::fsutil::write_atomic(&target, &content(b'b' + i % 20, LEN)).unwrap();
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(reads > 0);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "temp files left: {names:?}");
}

const CHILD_ENV: &str = "TIZILIM_ATOMIC_WRITER_TARGET";
const CHILD_LEN: usize = 32 << 20;

/// Not a test of its own: the child process of `killed_writer_leaves_old_or_new_content`.
/// Without the variable it returns at once.
#[test]
fn atomic_writer_child() {
    let Ok(target) = std::env::var(CHILD_ENV) else {
        return;
    };
    let target = Path::new(&target);
    for i in 0u32.. {
        let tag = b'b' + (i % 20) as u8;
        tizilim::fsutil::write_atomic(target, &content(tag, CHILD_LEN)).unwrap();
    }
}

/// A process that rewrites a 32 MiB file atomically in a loop is SIGKILLed at spread-out
/// moments: the target always holds one complete version. The temporary file of the write
/// that was interrupted stays behind (`.tizilim-partial-*` beside the target, never under an
/// output's name; the next refresh removes it); nothing else does.
#[test]
fn killed_writer_leaves_old_or_new_content() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("app3_ru.xlsx");
    tizilim::fsutil::write_atomic(&target, &content(b'a', CHILD_LEN)).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut new_versions = 0;
    let mut strays = 0;
    // At least 8 kills; more (with longer delays) while none has yet landed after a complete
    // write and none mid-write, as can happen on a slow machine.
    let mut trial = 0u64;
    while trial < 8 || (trial < 40 && (new_versions == 0 || strays == 0)) {
        trial += 1;
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "atomic_writer_child",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(CHILD_ENV, &target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // xorshift: delays spread over 50..650 ms (growing in later trials), covering several
        // writes.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let delay = Duration::from_millis(50 + seed % (600 + 100 * trial.saturating_sub(8)));
        let start = Instant::now();
        while start.elapsed() < delay {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let bytes = std::fs::read(&target).unwrap();
        let v = whole_version(&bytes, CHILD_LEN)
            .unwrap_or_else(|e| panic!("trial {trial} after {delay:?}: {e}"));
        new_versions += usize::from(v != b'a');
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name == "app3_ru.xlsx" || name.starts_with(tizilim::fsutil::PARTIAL_PREFIX),
                "unexpected file {name}"
            );
            strays += usize::from(name.starts_with(tizilim::fsutil::PARTIAL_PREFIX));
        }
    }
    // The kills did land while the child was writing.
    assert!(new_versions > 0 && strays > 0, "{new_versions} {strays}");
    // The next write succeeds and replaces the content whatever was left.
    tizilim::fsutil::write_atomic(&target, &content(b'z', 1000)).unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), content(b'z', 1000));
    // And the partial files are what a refresh clears away.
    let left = strays_left(dir.path());
    assert!(left > 0);
    assert_eq!(tizilim::fsutil::remove_partials(dir.path()), left);
    assert_eq!(strays_left(dir.path()), 0);
}

fn strays_left(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(tizilim::fsutil::PARTIAL_PREFIX)
        })
        .count()
}
