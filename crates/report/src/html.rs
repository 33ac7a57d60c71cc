//! The HTML printer: one self-contained page (inline CSS, no scripts, no external assets).
//!
//! Every string that comes from an act, a finding or a file name goes through [`esc`]: act
//! text is data, never markup.

use std::fmt::Write;

use tizilim_findings::Finding;

use super::{nonblank, word_diff, ActChange, ActEntry, Diff, SegmentKind, UnitChangeKind};

const CSS: &str = "
body{font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:2em auto;max-width:70em;padding:0 1em;color:#1d1d1f;line-height:1.45}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}h3{margin-bottom:.3em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f3f3f3}.summary td:first-child{width:14em}
.unit{border-left:4px solid #999;margin:.6em 0;padding:.2em .8em;background:#fafafa}
.unit.added{border-color:#2e7d32}.unit.removed{border-color:#c62828}.unit.changed{border-color:#ef6c00}.unit.moved{border-color:#1565c0}
.path{font-family:monospace;font-weight:bold}.tag{font-size:.8em;text-transform:uppercase;margin-left:.6em;color:#555}
.text{white-space:pre-wrap;margin:.3em 0}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}ins{background:#ccffd8;color:#055d20;text-decoration:none}
blockquote{margin:.2em 0 .2em 1em;padding-left:.6em;border-left:3px solid #ddd;color:#333}
.muted{color:#666}
";

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn opt(s: Option<&str>) -> String {
    s.map(esc).unwrap_or_else(|| "—".to_string())
}

fn finding_rows(out: &mut String, items: &[&Finding]) {
    out.push_str("<table><tr><th>Kind</th><th>Service</th><th>Register code</th><th>Field: current → proposed</th><th>Evidence</th><th>Confidence</th><th>Form</th></tr>\n");
    for f in items {
        let e = &f.evidence;
        let field = match f.field {
            Some(field) => format!(
                "{}: {} → {}",
                esc(field.as_str()),
                opt(nonblank(f.current.as_deref())),
                opt(nonblank(f.proposed.as_deref()))
            ),
            None => opt(nonblank(f.proposed.as_deref())),
        };
        let confidence = format!("{:.2}", f.confidence);
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class=\"path\">{}</span> {}<blockquote>{}</blockquote>{}</td><td>{}</td><td>{}</td></tr>",
            esc(f.kind.as_str()),
            opt(nonblank(Some(&f.service))),
            opt(nonblank(f.register_code.as_deref())),
            field,
            esc(&e.path),
            esc(&e.file),
            esc(&e.quote),
            nonblank(Some(&f.justification)).map(|j| format!("<div class=\"muted\">{}</div>", esc(j))).unwrap_or_default(),
            esc(&confidence),
            esc(f.form.as_str()),
        );
    }
    out.push_str("</table>\n");
}

fn unit_html(out: &mut String, u: &super::UnitChange) {
    let _ = write!(
        out,
        "<div class=\"unit {}\"><span class=\"path\">{}</span><span class=\"tag\">{}</span>",
        u.change.as_str(),
        esc(&u.path),
        u.change.as_str()
    );
    if let Some(old_path) = &u.old_path {
        let _ = write!(out, " <span class=\"muted\">from {}</span>", esc(old_path));
    }
    match u.change {
        UnitChangeKind::Changed => {
            out.push_str("<div class=\"text\">");
            let old = u.old_text.as_deref().unwrap_or_default();
            let new = u.new_text.as_deref().unwrap_or_default();
            for seg in word_diff(old, new) {
                let t = esc(&seg.text);
                match seg.kind {
                    SegmentKind::Equal => out.push_str(&t),
                    SegmentKind::Delete => {
                        let _ = write!(out, "<del>{t}</del>");
                    }
                    SegmentKind::Insert => {
                        let _ = write!(out, "<ins>{t}</ins>");
                    }
                }
            }
            out.push_str("</div>");
        }
        UnitChangeKind::Added | UnitChangeKind::Moved => {
            let _ = write!(
                out,
                "<div class=\"text\">{}</div>",
                esc(u.new_text.as_deref().unwrap_or_default())
            );
        }
        UnitChangeKind::Removed => {
            let _ = write!(
                out,
                "<div class=\"text\"><del>{}</del></div>",
                esc(u.old_text.as_deref().unwrap_or_default())
            );
        }
    }
    out.push_str("</div>\n");
}

fn act_heading(a: &ActEntry) -> String {
    let mut s = esc(&a.file);
    if let Some(t) = &a.title {
        let _ = write!(s, " — {}", esc(t));
    }
    if let Some(r) = &a.registration_number {
        let _ = write!(s, " <span class=\"muted\">(reg. No. {})</span>", esc(r));
    }
    s
}

/// Renders a report as one self-contained HTML page.
pub fn render_html(d: &Diff) -> String {
    let mut out = String::new();
    let title = format!("tizilim: {} → {}", d.old, d.new);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{}</title><style>{CSS}</style></head><body>\n<h1>{}</h1>\n",
        esc(&title),
        esc(&title)
    );

    // Summary.
    out.push_str("<h2>Summary</h2>\n<table class=\"summary\">\n");
    let _ = writeln!(
        out,
        "<tr><td>Findings</td><td>{} new, {} resolved, {} changed</td></tr>",
        d.findings.added.len(),
        d.findings.resolved.len(),
        d.findings.changed.len()
    );
    if d.register.is_some() {
        let _ = writeln!(
            out,
            "<tr><td>Acts</td><td>{} added, {} changed, {} removed, {} repealed</td></tr>",
            d.act_count(ActChange::Added),
            d.act_count(ActChange::Changed),
            d.act_count(ActChange::Removed),
            d.act_count(ActChange::Repealed)
        );
    }
    let _ = writeln!(
        out,
        "<tr><td>Units</td><td>{} changed, {} added, {} removed, {} moved</td></tr>",
        d.unit_count(UnitChangeKind::Changed),
        d.unit_count(UnitChangeKind::Added),
        d.unit_count(UnitChangeKind::Removed),
        d.unit_count(UnitChangeKind::Moved)
    );
    if let Some(r) = &d.register {
        let _ = writeln!(
            out,
            "<tr><td>Register</td><td>{}</td></tr>",
            if r.changed {
                format!(
                    "changed ({} → {})",
                    esc(r.old_hash.as_deref().unwrap_or("none")),
                    esc(r.new_hash.as_deref().unwrap_or("none"))
                )
            } else {
                "unchanged".to_string()
            }
        );
    }
    out.push_str("</table>\n");

    // Findings with evidence.
    out.push_str("<h2>Findings</h2>\n");
    if d.findings.added.is_empty()
        && d.findings.resolved.is_empty()
        && d.findings.changed.is_empty()
    {
        out.push_str("<p class=\"muted\">No change in findings.</p>\n");
    }
    if !d.findings.added.is_empty() {
        out.push_str("<h3>New</h3>\n");
        finding_rows(&mut out, &d.findings.added.iter().collect::<Vec<_>>());
    }
    if !d.findings.resolved.is_empty() {
        out.push_str("<h3>Resolved</h3>\n");
        finding_rows(&mut out, &d.findings.resolved.iter().collect::<Vec<_>>());
    }
    if !d.findings.changed.is_empty() {
        out.push_str("<h3>Changed (new version)</h3>\n");
        finding_rows(
            &mut out,
            &d.findings
                .changed
                .iter()
                .map(|(_, n)| n)
                .collect::<Vec<_>>(),
        );
    }

    // Acts.
    out.push_str("<h2>Acts</h2>\n");
    if d.acts.is_empty() {
        out.push_str("<p class=\"muted\">No act changed.</p>\n");
    }
    for a in &d.acts {
        let _ = writeln!(
            out,
            "<h3>{}<span class=\"tag\">{}</span></h3>",
            act_heading(a),
            a.change.as_str()
        );
        if matches!(a.change, ActChange::Added | ActChange::Removed) {
            continue;
        }
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            super::units_line(a.units.len(), a.unchanged_units)
        );
        for u in &a.units {
            unit_html(&mut out, u);
        }
    }
    out.push_str("</body></html>\n");
    out
}
