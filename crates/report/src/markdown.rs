//! The Markdown printer. Act text is escaped (Markdown specials and HTML), so a report renders
//! as the text it quotes, whatever that text contains.

use std::fmt::Write;

use tizilim_findings::Finding;

use super::{nonblank, word_diff, ActChange, Diff, SegmentKind, UnitChangeKind};

/// Longest unit text shown in full; longer ones are cut (the JSON report keeps them whole).
const MAX_SHOWN_CHARS: usize = 600;

/// Escapes inline text: HTML specials become entities, Markdown specials get a backslash,
/// line breaks become spaces.
/// Text for a code span: no backtick (it would end the span) and no line break (it would end
/// the list item); HTML inside a code span is shown literally by Markdown renderers.
fn code(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn cut(s: &str) -> String {
    let n = s.chars().count();
    if n <= MAX_SHOWN_CHARS {
        return s.to_string();
    }
    let head: String = s.chars().take(MAX_SHOWN_CHARS).collect();
    format!("{head} … ({} more characters)", n - MAX_SHOWN_CHARS)
}

fn finding_md(out: &mut String, f: &Finding) {
    let (file, path, quote) = (&f.evidence.file, &f.evidence.path, &f.evidence.quote);
    let _ = write!(out, "- **{}**: {}", esc(f.kind.as_str()), esc(&f.service));
    if let Some(code) = nonblank(f.register_code.as_deref()) {
        let _ = write!(out, " (register code {})", esc(code));
    }
    if let Some(field) = f.field {
        let _ = write!(
            out,
            "; {}: {} → {}",
            esc(field.as_str()),
            esc(nonblank(f.current.as_deref()).unwrap_or("—")),
            esc(nonblank(f.proposed.as_deref()).unwrap_or("—"))
        );
    }
    let _ = write!(out, "; form {}", esc(f.form.as_str()));
    let _ = writeln!(out);
    let _ = writeln!(out, "  - evidence: {} `{}`", esc(file), code(path));
    if !quote.is_empty() {
        let _ = writeln!(out, "  > {}", esc(&cut(quote)));
    }
}

/// Renders a report as Markdown.
pub fn render_markdown(d: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# tizilim: {} → {}\n", esc(&d.old), esc(&d.new));

    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "- Findings: {} new, {} resolved, {} changed",
        d.findings.added.len(),
        d.findings.resolved.len(),
        d.findings.changed.len()
    );
    if d.register.is_some() {
        let _ = writeln!(
            out,
            "- Acts: {} added, {} changed, {} removed, {} repealed",
            d.act_count(ActChange::Added),
            d.act_count(ActChange::Changed),
            d.act_count(ActChange::Removed),
            d.act_count(ActChange::Repealed)
        );
    }
    let _ = writeln!(
        out,
        "- Units: {} changed, {} added, {} removed, {} moved",
        d.unit_count(UnitChangeKind::Changed),
        d.unit_count(UnitChangeKind::Added),
        d.unit_count(UnitChangeKind::Removed),
        d.unit_count(UnitChangeKind::Moved)
    );
    if let Some(r) = &d.register {
        let _ = writeln!(
            out,
            "- Register: {}",
            if r.changed { "changed" } else { "unchanged" }
        );
    }

    let _ = writeln!(out, "\n## Findings\n");
    if d.findings.added.is_empty()
        && d.findings.resolved.is_empty()
        && d.findings.changed.is_empty()
    {
        let _ = writeln!(out, "No change in findings.");
    }
    for (title, items) in [
        ("New", d.findings.added.iter().collect::<Vec<_>>()),
        ("Resolved", d.findings.resolved.iter().collect()),
        (
            "Changed (new version)",
            d.findings.changed.iter().map(|(_, n)| n).collect(),
        ),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "### {title}\n");
        for f in items {
            finding_md(&mut out, f);
        }
        out.push('\n');
    }

    let _ = writeln!(out, "\n## Acts\n");
    if d.acts.is_empty() {
        let _ = writeln!(out, "No act changed.");
    }
    for a in &d.acts {
        let mut head = esc(&a.file);
        if let Some(t) = &a.title {
            let _ = write!(head, " — {}", esc(t));
        }
        if let Some(r) = &a.registration_number {
            let _ = write!(head, " (reg. No. {})", esc(r));
        }
        let _ = writeln!(out, "### {head} ({})\n", a.change.as_str());
        if matches!(a.change, ActChange::Added | ActChange::Removed) {
            continue;
        }
        let _ = writeln!(
            out,
            "{}\n",
            super::units_line(a.units.len(), a.unchanged_units)
        );
        for u in &a.units {
            let _ = write!(out, "- `{}` {}", code(&u.path), u.change.as_str());
            if let Some(p) = &u.old_path {
                let _ = write!(out, " from `{}`", code(p));
            }
            out.push('\n');
            let text = match u.change {
                UnitChangeKind::Changed => {
                    let mut s = String::new();
                    for seg in word_diff(
                        u.old_text.as_deref().unwrap_or_default(),
                        u.new_text.as_deref().unwrap_or_default(),
                    ) {
                        let t = esc(seg.text.trim());
                        if t.is_empty() {
                            continue;
                        }
                        if !s.is_empty() {
                            s.push(' ');
                        }
                        match seg.kind {
                            SegmentKind::Equal => s.push_str(&t),
                            SegmentKind::Delete => {
                                let _ = write!(s, "~~{t}~~");
                            }
                            SegmentKind::Insert => {
                                let _ = write!(s, "**{t}**");
                            }
                        }
                    }
                    s
                }
                UnitChangeKind::Removed => esc(&cut(u.old_text.as_deref().unwrap_or_default())),
                UnitChangeKind::Added | UnitChangeKind::Moved => {
                    esc(&cut(u.new_text.as_deref().unwrap_or_default()))
                }
            };
            if !text.is_empty() {
                let _ = writeln!(out, "  > {text}");
            }
        }
        out.push('\n');
    }
    out
}
