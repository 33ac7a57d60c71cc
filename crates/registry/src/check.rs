//! `tizilim registry check`: validates a register file and counts what it holds.
//!
//! Checks: codes are 8 digits whose section and subsection exist in the classification and
//! whose part (state / socially significant) agrees with the entry's kind; every entry has a
//! name; no two entries share a code (unless they are subtypes of one service) or a name;
//! enumerated columns hold their allowed values; dates are `YYYY-MM-DD`. Every problem names its
//! row (the header being row 1).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use serde::Serialize;

use super::classification::{self, Level};
use super::normalize::normalize;
use super::{Kind, Register, RegisterFormat};
use tizilim_lex::diag::Severity;

/// One problem of a register file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The row (1-based, header = 1 for CSV and Excel); 0 for the whole file.
    pub row: usize,
    /// Error, warning or info.
    pub severity: Severity,
    /// The entry's code, when it has one.
    pub code: Option<String>,
    /// What is wrong.
    pub message: String,
}

/// The result of checking a register file.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// The file.
    pub source: String,
    /// The detected format, when it could be loaded.
    pub format: Option<RegisterFormat>,
    /// Number of entries.
    pub entries: usize,
    /// Entries per part.
    pub by_kind: BTreeMap<Kind, usize>,
    /// Entries per section code (`""` for entries without a valid code).
    pub by_section: BTreeMap<String, usize>,
    /// Every problem, in row order.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    /// Number of problems of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .iter()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// True when some problem is an error (the command exits 1).
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

impl fmt::Display for CheckReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = self.format.map_or("unreadable", |f| match f {
            RegisterFormat::Csv => "csv",
            RegisterFormat::Excel => "excel",
            RegisterFormat::Html => "html",
        });
        writeln!(f, "{}: {} entries ({format})", self.source, self.entries)?;
        for (kind, n) in &self.by_kind {
            writeln!(f, "  {}: {n}", kind.as_str())?;
        }
        if !self.by_section.is_empty() {
            writeln!(f, "  by section:")?;
            for (section, n) in &self.by_section {
                let name = classification::get(section).map_or("(no valid code)", |c| c.name_ru);
                let code = if section.is_empty() { "---" } else { section };
                writeln!(f, "    {code} {name}: {n}")?;
            }
        }
        writeln!(
            f,
            "  errors: {}, warnings: {}",
            self.count(Severity::Error),
            self.count(Severity::Warning)
        )?;
        for p in &self.problems {
            let code = p
                .code
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            if p.row == 0 {
                writeln!(f, "  file: {}: {}", severity_word(p.severity), p.message)?;
            } else {
                writeln!(
                    f,
                    "  row {}{code}: {}: {}",
                    p.row,
                    severity_word(p.severity),
                    p.message
                )?;
            }
        }
        Ok(())
    }
}

/// Loads and checks a register file. A file that cannot be loaded gives a report with one
/// error naming the file and the reason.
pub fn check(path: &Path) -> CheckReport {
    match super::load(path) {
        Ok(reg) => check_register(&reg),
        Err(e) => CheckReport {
            source: path.to_string_lossy().into_owned(),
            format: None,
            entries: 0,
            by_kind: BTreeMap::new(),
            by_section: BTreeMap::new(),
            problems: vec![Problem {
                row: 0,
                severity: Severity::Error,
                code: None,
                message: e.to_string(),
            }],
        },
    }
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    match (num(0..4), num(5..7), num(8..10)) {
        (Some(y), Some(m), Some(d)) => {
            (1900..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
        }
        _ => false,
    }
}

/// Checks a loaded register.
pub fn check_register(reg: &Register) -> CheckReport {
    let mut problems: Vec<Problem> = Vec::new();
    let code_of_row: HashMap<usize, Option<String>> = reg
        .entries
        .iter()
        .map(|e| (e.row, e.code.clone()))
        .collect();
    for d in &reg.diagnostics {
        let row = d
            .path
            .strip_prefix("row:")
            .and_then(|r| r.parse::<usize>().ok())
            .unwrap_or(0);
        problems.push(Problem {
            row,
            severity: d.severity,
            code: code_of_row.get(&row).cloned().flatten(),
            message: d.message.clone(),
        });
    }
    let mut by_kind = BTreeMap::new();
    let mut by_section: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen_code: HashMap<(String, String), usize> = HashMap::new();
    let mut seen_name: HashMap<(String, String), (usize, Option<String>)> = HashMap::new();
    for e in &reg.entries {
        *by_kind.entry(e.kind).or_insert(0) += 1;
        let mut push = |severity: Severity, message: String| {
            problems.push(Problem {
                row: e.row,
                severity,
                code: e.code.clone(),
                message,
            })
        };
        let mut section_key = String::new();
        match e.code.as_deref() {
            None => push(Severity::Info, "no code (a proposed entry)".into()),
            Some(code) if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) => {
                push(Severity::Error, format!("code {code:?} is not 8 digits"));
            }
            Some(code) => {
                let (sec, sub, ord) = (&code[..3], &code[..5], &code[5..]);
                match classification::get(sec) {
                    None => push(
                        Severity::Error,
                        format!("section {sec} does not exist in the classification"),
                    ),
                    Some(c) => {
                        section_key = sec.to_string();
                        if c.kind != e.kind {
                            push(
                                Severity::Error,
                                format!(
                                    "section {sec} belongs to {} services but kind is {}",
                                    c.kind.as_str(),
                                    e.kind.as_str()
                                ),
                            );
                        }
                        if !classification::get(sub).is_some_and(|s| s.level == Level::Subsection) {
                            push(
                                Severity::Error,
                                format!("subsection {sub} does not exist in section {sec}"),
                            );
                        }
                    }
                }
                if ord == "000" {
                    push(
                        Severity::Error,
                        "ordinal 000 (ordinals start at 001)".into(),
                    );
                }
                let subtype = normalize(
                    e.subtype_ru
                        .as_deref()
                        .or(e.subtype_kk.as_deref())
                        .unwrap_or(""),
                );
                match seen_code.get(&(code.to_string(), subtype.clone())) {
                    Some(first) => push(
                        Severity::Error,
                        format!("duplicate code {code} (first at row {first})"),
                    ),
                    None => {
                        seen_code.insert((code.to_string(), subtype), e.row);
                    }
                }
            }
        }
        *by_section.entry(section_key).or_insert(0) += 1;
        if e.name_ru.is_none() && e.name_kk.is_none() {
            push(
                Severity::Error,
                "no name (name_ru and name_kk are both empty)".into(),
            );
        }
        for (lang, name) in [("ru", &e.name_ru), ("kk", &e.name_kk)] {
            let Some(name) = name else { continue };
            let subtype = match lang {
                "ru" => &e.subtype_ru,
                _ => &e.subtype_kk,
            };
            let key = (
                format!("{lang}:{}", normalize(name)),
                normalize(subtype.as_deref().unwrap_or("")),
            );
            match seen_name.get(&key) {
                Some((first, first_code)) if first_code != &e.code || e.code.is_none() => push(
                    Severity::Warning,
                    format!("duplicate name_{lang} {name:?} (first at row {first})"),
                ),
                Some(_) => {}
                None => {
                    seen_name.insert(key, (e.row, e.code.clone()));
                }
            }
        }
        if let Some(d) = e.bylaw_date.as_deref() {
            if !valid_date(d) {
                push(
                    Severity::Error,
                    format!("bylaw_date {d:?} is not YYYY-MM-DD"),
                );
            }
        }
        if let Some(r) = e.bylaw_registration_number.as_deref() {
            if !r.bytes().all(|b| b.is_ascii_digit()) {
                push(
                    Severity::Warning,
                    format!("bylaw_registration_number {r:?} is not a number"),
                );
            }
        }
    }
    problems.sort_by_key(|p| p.row);
    CheckReport {
        source: reg.source.clone(),
        format: Some(reg.format),
        entries: reg.entries.len(),
        by_kind,
        by_section,
        problems,
    }
}
