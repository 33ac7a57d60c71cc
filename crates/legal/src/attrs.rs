//! The attributes of a service an act defines: provider, term, form, result, fee and recipients.
//!
//! Two shapes of the same facts, in both languages:
//! - the standard table (Rules of 2020 on: «Стандарт государственной услуги «...»» /
//!   «Мемлекеттік көрсетілетін қызмет стандарты «...»», or «Перечень основных требований к
//!   оказанию ...» / «... көрсетуге қойылатын негізгі талаптардың тізбесі»): rows of
//!   `number | label | value`, the label naming the attribute («Наименование услугодателя»,
//!   «Көрсетілетін қызметті берушінің атауы», «Срок оказания ...», «... көрсету мерзімі» ...);
//! - the older text-form standards and reglaments: points that open with the attribute's label
//!   («5. Форма оказания государственной услуги: электронная.», «4. Мемлекеттік қызмет
//!   көрсету мерзімі – 6 (алты) жұмыс күн.») and sentences that introduce the provider and the
//!   recipients («оказывается Министерством ... (далее – услугодатель)», «жеке тұлғаларға
//!   (бұдан әрі – көрсетілетін қызметті алушы) ақылы түрде көрсетіледі»).
//!
//! Values are the act's words: the term is the clause that holds the first duration, the fee
//! «бесплатно»/«тегін» or the clause with the first amount, the provider in the nominative.

use crate::gated;
use std::sync::LazyLock;
use tizilim_lex::gated::Gated;

use regex::Regex;

use super::{Service, ServiceKind};
use tizilim_lex::norm::{clean, nominative_ru};
use tizilim_lex::Language;
use tizilim_structure::{Node, NodeKind};

fn re(s: &str) -> Regex {
    tizilim_lex::re::new(s).expect("static regex")
}

/// An attribute of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Attr {
    Provider,
    Term,
    Form,
    Result,
    Fee,
    Recipients,
}

// Row labels of standard tables.
static ROW_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:наименование\s+государственн\w+\s+услуг\w*|мемлекеттік\s+(?:көрсетілетін\s+)?қызметтің\s+атауы)\s*$",
    )
});
static ROW_PROVIDER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)наименование\s+услугодател|^услугодател\w*$|(?:көрсетілетін\s+қызметті\s+берушінің|қызмет\s+көрсетушінің|қызмет\s+берушінің)\s+атауы",
    )
});
static ROW_TERM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)срок\w*\s+оказания|срок\w*\s+предоставления|көрсету\w*\s+мерзім"));
static ROW_FORM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^форма\s+оказания|^[^,]*көрсету\w*\s+нысаны\s*$"));
static ROW_RESULT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)результат\w*\s+оказания|көрсету\w*\s+нәтиже"));
static ROW_FEE: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)размер\s+(?:оплаты|платы)|стоимост|взимаем|төлем\s+мөлшері|алынатын\s+төлем|\bақы\w*",
    )
});
static ROW_RECIPIENTS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)категори\w*\s+услугополучател|^услугополучател\w*$|көрсетілетін\s+қызметті\s+алушылар\w*\s+санат",
    )
});

// Points of text-form standards and reglaments that open with an attribute's label.
static POINT_TERM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:срок\w*\s+(?:оказания|предоставления)\s+государственн\w+\s+услуг\w*|мемлекеттік\s+(?:көрсетілетін\s+)?қызмет\w*\s+көрсету\w*\s+мерзім\w*)",
    )
});
static POINT_FORM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:форма\s+оказ\w+\s+государственн\w+\s+услуг\w*|мемлекеттік\s+(?:көрсетілетін\s+)?қызмет\w*\s+көрсету\w*\s+(?:(\w+)\s+)?нысан\w*)",
    )
});
static POINT_RESULT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:результат\w*\s+оказания\s+государственн\w+\s+услуг\w*|(?:мемлекеттік\s+(?:көрсетілетін\s+)?қызмет\w*\s+көрсету\w*|көрсетілетін\s+мемлекеттік\s+қызметтің|мемлекеттік\s+көрсетілетін\s+қызметтің)\s+нәтиже\w*)",
    )
});
/// «(далее – услугодатель)», «(бұдан әрі – көрсетілетін қызметті беруші)», «(бұдан әрі –
/// қызмет көрсетуші)».
static PROVIDER_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\((?:далее\s*[–—-]\s*услугодател\w*|бұдан\s+әрі\s*[–—-]\s*(?:көрсетілетін\s+қызметті\s+беруші|қызмет\s+көрсетуші|қызмет\s+беруші))\s*\)",
    )
});
/// Where the provider's name starts, read backwards from its introduction.
static PROVIDER_START: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)(?:\)|,|;|:|\bоказыва\w+|\bосуществля\w+|\bпредоставля\w+|\bқызметті|\bқызметін|\bқызметтер\w*|\bнегізінде)\s*",
    )
});
static RECIPIENTS_RU: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\b((?:физическ|юридическ)\w+(?:\s+(?:и|или|либо|и\s*\(или\))\s+(?:физическ|юридическ)\w+)?\s+лиц\w*)",
    )
});
static RECIPIENTS_KK: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\b((?:жеке|заңды)(?:\s+(?:және|немесе|және\s*\(немесе\))\s+(?:жеке|заңды))?\s+тұлға\w*)",
    )
});
/// What follows the recipients in a sentence that introduces them.
static RECIPIENTS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:\((?:далее\s*[–—-]\s*услугополучател|бұдан\s+әрі\s*[–—-]\s*көрсетілетін\s+қызметті\s+алушы)|тегін|ақылы|ақысыз)",
    )
});
static RECIPIENTS_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:оказывается|предоставляется)\s+(?:\w+\s+){0,4}$"));
static FREE: LazyLock<Gated> = LazyLock::new(|| {
    gated(r"(?i)\bбесплатно\b|\bна\s+бесплатной\s+основе|\bбезвозмездно\b|\bтегін\b|\bақысыз\b")
});
static PAID: LazyLock<Gated> =
    LazyLock::new(|| gated(r"(?i)\bна\s+платной\s+основе|\bплатно\b|\bақылы\b"));
static SERVICE_IS_PROVIDED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:государственн\w+\s+услуг\w*|мемлекеттік\s+(?:көрсетілетін\s+)?қызмет\w*).{0,300}?(?:оказыва\w+|предоставля\w+|көрсетіл\w+)",
    )
});
static DURATION: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\d+\s*(?:\([^)]{1,40}\)\s*)?(?:(?:рабоч\w+|календарн\w+|жұмыс|күнтізбелік)\s+)?(?:дн(?:я|ей)\b|день\b|час(?:а|ов)?\b|минут\w*|месяц\w*|күн\w*|сағат\w*|ай(?:дан|ға|ға\s+дейін)?\b)",
    )
});
static AMOUNT: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\d+(?:[.,]\d+)?\s*(?:%\s*)?(?:\([^)]{1,40}\)\s*)?(?:месячн\w+\s+расчетн\w+\s+показател\w*|МРП\b|тенге\b|айлық\s+есептік\s+көрсеткіш\w*|АЕК\b|теңге\b)",
    )
});
/// An attribute's label and a dash before its value.
static LABEL_DASH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:срок\w*\s+(?:оказания|предоставления)\s+государственн\w+\s+услуг\w*|мемлекеттік\s+(?:көрсетілетін\s+)?қызмет\w*\s+көрсету\w*\s+мерзім\w*)\s*[–—-]\s*",
    )
});
static LIST_MARK: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(?:\d+[.)]|[а-я]\)|[-–—•])\s*"));
static TRAILING_DEF: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\s*\((?:далее|бұдан\s+әрі)[^)]*\)"));

/// Fills the attributes of the services the act defines, from its standard tables and its
/// text-form standards. Mentions and candidates get none: they are not this act's services.
pub(crate) fn fill(nodes: &[Node], services: &mut [Service]) {
    let defined: Vec<usize> = services
        .iter()
        .enumerate()
        .filter(|(_, s)| matches!(s.kind, ServiceKind::Definition | ServiceKind::StandardTable))
        .map(|(i, _)| i)
        .collect();
    if defined.is_empty() {
        return;
    }
    // Each service's own part of the act: the appendix that names it near its start (the
    // Rules, the standard), or the whole act when the act defines one service only.
    let homes: Vec<Option<String>> = defined
        .iter()
        .map(|&i| {
            let found = home_of(nodes, &services[i]);
            match found.as_slice() {
                [one] => Some(one.clone()),
                _ if defined.len() == 1 => Some(String::new()),
                _ => None,
            }
        })
        .collect();

    // Standard tables first: they are the standard's own statement.
    let mut tables = Vec::new();
    collect_tables(nodes, "", &mut tables, 0);
    for t in &tables {
        let found = table_attrs(&t.rows);
        if found.len() < 2 {
            continue;
        }
        let Some(k) = owner(services, &defined, &homes, &t.path, &t.probe) else {
            continue;
        };
        let svc = &mut services[defined[k]];
        for (attr, value) in found {
            set(svc, attr, value);
        }
    }

    // Then the text-form statements, in each service's own part of the act.
    for (k, &i) in defined.iter().enumerate() {
        let Some(scope) = &homes[k] else { continue };
        let mut units = Vec::new();
        collect_units(nodes, scope, &mut units, 0);
        let svc = &mut services[i];
        for text in &units {
            for (attr, value) in text_attrs(text, svc.language) {
                set(svc, attr, value);
            }
        }
    }
}

/// The top-level appendices that name the service near their start (heading, first units).
fn home_of(nodes: &[Node], svc: &Service) -> Vec<String> {
    let mut out = Vec::new();
    for n in nodes.iter().filter(|n| n.kind == NodeKind::Appendix) {
        let mut probe = n.heading.clone().unwrap_or_default();
        let mut seen = 0;
        first_texts(&n.children, &mut probe, &mut seen);
        let probe = clean(&probe);
        if std::iter::once(&svc.name)
            .chain(&svc.aliases)
            .any(|name| mentions(&probe, name))
        {
            out.push(n.path.clone());
        }
    }
    out
}

fn first_texts(nodes: &[Node], out: &mut String, seen: &mut usize) {
    for n in nodes {
        if *seen >= 8 {
            return;
        }
        if n.kind == NodeKind::Note {
            continue;
        }
        *seen += 1;
        if let Some(h) = &n.heading {
            out.push(' ');
            out.push_str(h);
        }
        out.push(' ');
        out.push_str(&n.text);
        if let Some(t) = &n.table {
            if let Some(r) = t.rows.first() {
                for c in r {
                    out.push(' ');
                    out.push_str(&c.text);
                }
            }
        }
        first_texts(&n.children, out, seen);
    }
}

fn in_scope(path: &str, scope: &str) -> bool {
    scope.is_empty() || path == scope || path.starts_with(&format!("{scope}/"))
}

fn set(svc: &mut Service, attr: Attr, value: String) {
    let slot = match attr {
        Attr::Provider => &mut svc.provider,
        Attr::Term => &mut svc.term,
        Attr::Form => &mut svc.form,
        Attr::Result => &mut svc.result,
        Attr::Fee => &mut svc.fee,
        Attr::Recipients => &mut svc.recipients,
    };
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value);
    }
}

/// A table with the text around it.
struct TableAt {
    path: String,
    /// The table's title rows, the appendix heading and the paragraphs just before it.
    probe: String,
    rows: Vec<Vec<String>>,
}

fn collect_tables(nodes: &[Node], heading: &str, out: &mut Vec<TableAt>, depth: usize) {
    if depth > 64 {
        return;
    }
    let mut before: Vec<&str> = Vec::new();
    let mut rows_at: Option<TableAt> = None;
    let mut last_row = false;
    for n in nodes {
        if let Some(t) = &n.table {
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect();
            let mut probe = heading.to_string();
            for b in before.iter().rev().take(3) {
                probe.push(' ');
                probe.push_str(b);
            }
            for r in rows.iter().take(2) {
                if r.iter().filter(|c| !c.trim().is_empty()).count() == 1 {
                    probe.push(' ');
                    probe.push_str(&r.join(" "));
                }
            }
            out.push(TableAt {
                path: n.path.clone(),
                probe: clean(&probe),
                rows,
            });
        } else if n.kind == NodeKind::Row {
            // A table written as numbered rows (plain-text renderings): consecutive rows.
            let mut cells: Vec<String> = n.text.split(['|', '\t']).map(str::to_string).collect();
            if let Some(num) = &n.number {
                cells.insert(0, num.clone());
            }
            match (&mut rows_at, last_row) {
                (Some(t), true) => t.rows.push(cells),
                (slot, _) => {
                    if let Some(t) = slot.take() {
                        out.push(t);
                    }
                    *slot = Some(TableAt {
                        path: n.path.clone(),
                        probe: clean(heading),
                        rows: vec![cells],
                    });
                }
            }
        }
        last_row = n.kind == NodeKind::Row;
        if matches!(n.kind, NodeKind::Paragraph | NodeKind::Heading) && !n.text.is_empty() {
            before.push(&n.text);
        }
        let h = match (&n.heading, n.kind) {
            (Some(h), NodeKind::Appendix) => h.as_str(),
            _ => heading,
        };
        collect_tables(&n.children, h, out, depth + 1);
    }
    if let Some(t) = rows_at {
        out.push(t);
    }
}

/// Which defined service a table (or text) belongs to: the one its probe names, else the only
/// service whose part of the act holds it, else the act's only service.
fn owner(
    services: &[Service],
    defined: &[usize],
    homes: &[Option<String>],
    path: &str,
    probe: &str,
) -> Option<usize> {
    let named: Vec<usize> = (0..defined.len())
        .filter(|&k| {
            let s = &services[defined[k]];
            std::iter::once(&s.name)
                .chain(&s.aliases)
                .any(|n| mentions(probe, n))
        })
        .collect();
    if named.len() == 1 {
        return named.first().copied();
    }
    let holding: Vec<usize> = (0..defined.len())
        .filter(|&k| homes[k].as_deref().is_some_and(|h| in_scope(path, h)))
        .collect();
    if holding.len() == 1 {
        return holding.first().copied();
    }
    let distinct: std::collections::HashSet<String> = defined
        .iter()
        .map(|&i| crate::services::name_key(&services[i].name))
        .collect();
    if distinct.len() == 1 {
        return Some(0);
    }
    None
}

/// True when `text` holds `name` (letters and digits only, case folded).
fn mentions(text: &str, name: &str) -> bool {
    let key = crate::services::name_key(name);
    !key.is_empty() && crate::services::name_key(text).contains(&key)
}

/// Attributes from the rows of a standard table: `[number,] label, value`.
fn table_attrs(rows: &[Vec<String>]) -> Vec<(Attr, String)> {
    let mut out: Vec<(Attr, String)> = Vec::new();
    let mut fee_cell = String::new();
    for r in rows {
        let cells: Vec<&str> = r
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        // The label is the first cell with letters; the value is the rest.
        let Some(li) = cells
            .iter()
            .position(|c| c.chars().any(char::is_alphabetic))
        else {
            continue;
        };
        let label = clean(cells.get(li).copied().unwrap_or(""));
        let value = cells.get(li + 1..).unwrap_or(&[]).join("\n");
        if value.trim().is_empty() || ROW_NAME.is_match(&label) {
            continue;
        }
        let attr = if ROW_PROVIDER.is_match(&label) {
            Attr::Provider
        } else if ROW_TERM.is_match(&label) {
            Attr::Term
        } else if ROW_FORM.is_match(&label) {
            Attr::Form
        } else if ROW_RESULT.is_match(&label) {
            Attr::Result
        } else if ROW_FEE.is_match(&label) {
            Attr::Fee
        } else if ROW_RECIPIENTS.is_match(&label) {
            Attr::Recipients
        } else {
            continue;
        };
        if out.iter().any(|(a, _)| *a == attr) {
            continue;
        }
        let v = match attr {
            Attr::Term => term_of(&value),
            Attr::Fee => {
                fee_cell = value.clone();
                fee_of(&value)
            }
            Attr::Form | Attr::Result => first_statement(&value),
            Attr::Provider | Attr::Recipients => {
                Some(clean(&value).trim_end_matches('.').to_string())
            }
        };
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            out.push((attr, v));
        }
    }
    if !out.iter().any(|(a, _)| *a == Attr::Recipients) {
        if let Some(r) = recipients_in(&fee_cell, false) {
            out.push((Attr::Recipients, r));
        }
    }
    out
}

/// The units of a part of the act as texts: each point with its subpoints and paragraphs.
fn collect_units(nodes: &[Node], scope: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 64 {
        return;
    }
    for n in nodes {
        let inside = in_scope(&n.path, scope);
        if inside && matches!(n.kind, NodeKind::Point | NodeKind::Paragraph) && n.table.is_none() {
            let mut text = n.text.clone();
            subtree_text(&n.children, &mut text, 0);
            out.push(text);
        }
        if inside || scope.starts_with(&n.path) {
            collect_units(&n.children, scope, out, depth + 1);
        }
    }
}

fn subtree_text(nodes: &[Node], out: &mut String, depth: usize) {
    if depth > 8 || out.len() > 4000 {
        return;
    }
    for n in nodes {
        if matches!(n.kind, NodeKind::Note | NodeKind::Table) {
            continue;
        }
        out.push('\n');
        out.push_str(&n.text);
        subtree_text(&n.children, out, depth + 1);
    }
}

/// Attributes a text-form unit states.
fn text_attrs(text: &str, language: Language) -> Vec<(Attr, String)> {
    let mut out = Vec::new();
    let first_line = text.lines().next().unwrap_or("");
    let head = clean(&LIST_MARK.replace(first_line, ""));
    if let Some(m) = POINT_TERM.find(&head) {
        let rest = format!("{}\n{}", &head[m.end()..], tail_lines(text));
        if let Some(v) = term_of(&rest) {
            out.push((Attr::Term, v));
        }
    } else if let Some(c) = POINT_FORM.captures(&head) {
        let m = c.get(0).map_or(0, |m| m.end());
        // «Мемлекеттік қызмет көрсету электрондық нысаны»: the form between the words.
        let v = match c.get(1) {
            Some(w) if !matches!(w.as_str().to_lowercase().as_str(), "мемлекеттік") => {
                Some(w.as_str().to_string())
            }
            _ => first_statement(&head[m..]),
        };
        if let Some(v) = v {
            out.push((Attr::Form, v));
        }
    } else if let Some(m) = POINT_RESULT.find(&head) {
        let v = first_statement(&head[m.end()..])
            .or_else(|| text.lines().skip(1).find_map(first_statement));
        if let Some(v) = v {
            out.push((Attr::Result, v));
        }
    }
    let flat = clean(text);
    if let Some(v) = provider_in(&flat, language) {
        out.push((Attr::Provider, v));
    }
    if SERVICE_IS_PROVIDED.is_match(&flat) || POINT_TERM.is_match(&head) {
        if let Some(v) = free_or_paid(text) {
            out.push((Attr::Fee, v));
        }
    }
    if let Some(v) = recipients_in(&flat, true) {
        out.push((Attr::Recipients, v));
    }
    out
}

fn tail_lines(text: &str) -> String {
    text.lines().skip(1).collect::<Vec<_>>().join("\n")
}

/// The first statement of a value: up to the end of its first sentence or line, without a
/// leading dash or colon and the final full stop.
fn first_statement(value: &str) -> Option<String> {
    let v = value
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '–' | '—' | '-'))
        .to_string();
    let line = v.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = clean(line);
    let end = sentence_end(&line);
    let s = line[..end].trim().trim_end_matches(['.', ';', ',']).trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// The byte offset where the first sentence of `s` ends: a full stop followed by a space and
/// a capital letter, or the end.
fn sentence_end(s: &str) -> usize {
    let b: Vec<(usize, char)> = s.char_indices().collect();
    for w in b.windows(3) {
        if let [(i, '.'), (_, ' '), (_, c)] = w {
            if c.is_uppercase() {
                return *i;
            }
        }
    }
    s.len()
}

/// The clause that states a term: the one holding the first duration («выдача – 6 (шесть)
/// рабочих дней»), or the duration alone when the clause is long.
fn term_of(value: &str) -> Option<String> {
    clause_with(value, &DURATION)
}

/// The fee: «бесплатно»/«тегін» when the value says so, else the clause with the first amount.
fn fee_of(value: &str) -> Option<String> {
    let flat = clean(value);
    if let Some(m) = FREE.find(&flat) {
        return Some(free_word(m.as_str()));
    }
    clause_with(value, &AMOUNT).or_else(|| first_statement(value))
}

fn free_word(m: &str) -> String {
    let l = m.to_lowercase();
    if l.contains("тегін") || l.contains("ақысыз") {
        "тегін".to_string()
    } else {
        "бесплатно".to_string()
    }
}

/// A sentence that says whether the service is free or paid: «бесплатно»/«тегін», or the
/// first amount after «на платной основе»/«ақылы».
fn free_or_paid(text: &str) -> Option<String> {
    let flat = clean(text);
    if let Some(m) = FREE.find(&flat) {
        return Some(free_word(m.as_str()));
    }
    let paid = PAID.find(&flat)?;
    // The amount after the line that says the service is paid.
    let from = text
        .lines()
        .position(|l| PAID.is_match(&clean(l)))
        .unwrap_or(0);
    let rest: Vec<&str> = text.lines().skip(from).collect();
    clause_with(&rest.join("\n"), &AMOUNT).or_else(|| paid_basis(&flat, paid.start(), paid.end()))
}

/// A paid service without an amount: the basis the sentence gives («на платной основе по
/// ставкам консульского сбора», «консулдық алым мөлшерлемелері бойынша ақылы негізде»).
fn paid_basis(flat: &str, start: usize, end: usize) -> Option<String> {
    // Russian names the basis after the phrase, Kazakh before it.
    let after = &flat[start..];
    let cut = after.find([',', ';', '.']).unwrap_or(after.len());
    let ru = after[..cut].trim();
    let before = &flat[..end];
    let from = before.rfind(['»', ')', ',', ';']).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let kk_phrase = before[from..].trim();
    let kazakh = after.starts_with("ақылы") || after.starts_with("Ақылы");
    let phrase = if kazakh {
        // Up to «негізде»/«түрде» after «ақылы».
        let tail = &flat[end..];
        let word = tail.split_whitespace().next().unwrap_or("");
        let word = word.trim_end_matches([',', ';', '.']);
        let base = format!("{kk_phrase} {word}");
        let words: Vec<&str> = base.split_whitespace().collect();
        let mut from = words.len().saturating_sub(8);
        // Not back past a figure («552-бабында»): the basis is the words after it.
        if let Some(d) = words
            .iter()
            .rposition(|w| w.chars().any(|c| c.is_ascii_digit()))
        {
            from = from.max(d + 1);
        }
        words[from..].join(" ")
    } else {
        ru.to_string()
    };
    (!phrase.is_empty() && phrase.chars().count() <= 120).then_some(phrase)
}

fn clause_with(value: &str, pat: &Gated) -> Option<String> {
    for line in value.lines() {
        let line = clean(line);
        for clause in line.split([';', ':']) {
            if let Some(m) = pat.find(clause) {
                let c = LIST_MARK.replace(clause.trim(), "");
                let c = TRAILING_DEF.replace_all(&c, "");
                // A clause that repeats the attribute's label («Мемлекеттік қызмет көрсету
                // мерзімі – 10 жұмыс күні»): the value after it.
                let c = match LABEL_DASH.find(&c) {
                    Some(l) if pat.is_match(&c[l.end()..]) => c[l.end()..].to_string(),
                    _ => c.to_string(),
                };
                let c = c.trim().trim_end_matches(['.', ',']).trim();
                // A long clause is prose: keep the figure.
                if c.chars().count() <= 90 {
                    return Some(c.to_string());
                }
                return Some(m.as_str().trim().to_string());
            }
        }
    }
    None
}

/// The provider a text introduces: «оказывается Министерством юстиции Республики Казахстан
/// (далее – услугодатель)» → «Министерство юстиции Республики Казахстан».
fn provider_in(flat: &str, language: Language) -> Option<String> {
    let m = PROVIDER_INTRO.find(flat)?;
    let before = &flat[..m.start()];
    // At most twenty words back, from the last boundary.
    let words: Vec<&str> = before.split(' ').collect();
    let from = words.len().saturating_sub(20);
    let window = words[from..].join(" ");
    let start = PROVIDER_START
        .find_iter(&window)
        .last()
        .map_or(0, |b| b.end());
    let name = window[start..].trim();
    if name.is_empty() || !name.chars().next().is_some_and(char::is_alphabetic) {
        return None;
    }
    let kazakh = language == Language::Kk || is_kazakh(name);
    let out = if kazakh {
        nominative_kk_instrumental(name)
    } else {
        nominative_ru_instrumental(name)
    };
    Some(out)
}

fn is_kazakh(s: &str) -> bool {
    s.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c))
}

/// The nominative of a Russian body named in the instrumental («Комитетом по исполнению ...»
/// → «Комитет по исполнению ...», «Министерством ...» → «Министерство ...», «местными
/// исполнительными органами» → «местные исполнительные органы»). Names already in the
/// nominative stay as they are.
pub(crate) fn nominative_ru_instrumental(phrase: &str) -> String {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut head_pending = true;
    for w in words {
        if !head_pending {
            out.push(w.to_string());
            continue;
        }
        let lw = w.to_lowercase();
        let adjective = ["ым", "им", "ыми", "ими", "ной", "ской", "вой", "жной", "ей"]
            .iter()
            .any(|s| lw.ends_with(s))
            && !lw.ends_with("ией");
        let rules: [(&str, &str); 13] = [
            ("ством", "ство"),
            ("ением", "ение"),
            ("анием", "ание"),
            ("телем", "тель"),
            ("ией", "ия"),
            ("ыми", "ые"),
            ("ими", "ие"),
            ("ами", "ы"),
            ("ями", "и"),
            ("ным", "ный"),
            ("ским", "ский"),
            ("ой", "ая"),
            ("ом", ""),
        ];
        let mut n = w.to_string();
        for (suf, new) in rules {
            if w.chars().count() > suf.chars().count() + 2 {
                if let Some(stem) = w.strip_suffix(suf) {
                    // A noun in -ой (Службой → Служба) against an adjective (-ной → -ная).
                    let new = if suf == "ой" && !adjective {
                        "а"
                    } else {
                        new
                    };
                    n = format!("{stem}{new}");
                    break;
                }
            }
        }
        if !adjective {
            head_pending = false;
        }
        out.push(n);
    }
    let joined = out.join(" ");
    if joined == phrase {
        nominative_ru(phrase)
    } else {
        joined
    }
}

/// The nominative of a Kazakh body named in the instrumental («... министрлігімен» → «...
/// министрлігі»).
pub(crate) fn nominative_kk_instrumental(phrase: &str) -> String {
    let phrase = phrase.trim();
    let (head, last) = match phrase.rfind(' ') {
        Some(i) => (&phrase[..=i], &phrase[i + 1..]),
        None => ("", phrase),
    };
    for suf in ["мен", "бен", "пен"] {
        if let Some(stem) = last.strip_suffix(suf) {
            if stem.chars().count() >= 3 {
                return format!("{head}{stem}");
            }
        }
    }
    phrase.to_string()
}

/// The recipients a text names: «физическим лицам (далее – услугополучатель)», «оказывается
/// бесплатно юридическим лицам», «жеке тұлғаларға (бұдан әрі – көрсетілетін қызметті алушы)».
/// With `introduced`, only where the sentence introduces them.
fn recipients_in(text: &str, introduced: bool) -> Option<String> {
    let flat = clean(text);
    for (pat, kk) in [(&*RECIPIENTS_RU, false), (&*RECIPIENTS_KK, true)] {
        for c in pat.captures_iter(&flat) {
            let m = c.get(1)?;
            let after = &flat[m.end()..];
            let before = &flat[..m.start()];
            let ok = !introduced
                || RECIPIENTS_AFTER.is_match(after)
                || (!kk && RECIPIENTS_BEFORE.is_match(before));
            if ok {
                return Some(m.as_str().to_string());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn russian_standard_table() {
        let rows = vec![
            row(&["Стандарт государственной услуги «Выдача справки»"]),
            row(&[
                "1",
                "Наименование услугодателя",
                "Комитет связи Министерства цифрового развития",
            ]),
            row(&[
                "2",
                "Срок оказания государственной услуги",
                "Срок оказания:\nвыдача – 5 (пять) рабочих дней;\nдубликат – 2 (два) рабочих дня",
            ]),
            row(&[
                "3",
                "Форма оказания государственной услуги",
                "Электронная (частично автоматизированная).",
            ]),
            row(&[
                "4",
                "Результат оказания государственной услуги",
                "Справка либо мотивированный отказ\nФорма предоставления результата: электронная.",
            ]),
            row(&[
                "5",
                "Размер оплаты, взимаемой с услугополучателя при оказании государственной услуги",
                "Государственная услуга оказывается бесплатно физическим лицам.",
            ]),
        ];
        let got = table_attrs(&rows);
        let get = |a: Attr| got.iter().find(|(x, _)| *x == a).map(|(_, v)| v.as_str());
        assert_eq!(
            get(Attr::Provider),
            Some("Комитет связи Министерства цифрового развития")
        );
        assert_eq!(get(Attr::Term), Some("выдача – 5 (пять) рабочих дней"));
        assert_eq!(
            get(Attr::Form),
            Some("Электронная (частично автоматизированная)")
        );
        assert_eq!(get(Attr::Result), Some("Справка либо мотивированный отказ"));
        assert_eq!(get(Attr::Fee), Some("бесплатно"));
        assert_eq!(get(Attr::Recipients), Some("физическим лицам"));
    }

    #[test]
    fn kazakh_standard_table() {
        let rows = vec![
            row(&["1.", "Мемлекеттік қызметтің атауы", "«Анықтама беру»"]),
            row(&["2.", "Қызмет көрсетушінің атауы", "Қазақстан Республикасы Байланыс министрлігінің Байланыс комитеті"]),
            row(&["3.", "Мемлекеттік қызмет көрсету мерзімі", "Мемлекеттік қызмет көрсету мерзімі – 10 жұмыс күні."]),
            row(&["4.", "Мемлекеттік қызмет көрсету нысаны", "Электрондық (толық автоматтандырылған)"]),
            row(&["5.", "Мемлекеттік қызмет көрсету нәтижесі", "Анықтама не бас тарту туралы дәлелді жауап"]),
            row(&["6.", "Мемлекеттік қызмет көрсету кезінде алынатын төлем мөлшері және оны алу тәсілдері", "Мемлекеттік қызмет заңды тұлғаларға ақылы негізде көрсетіледі: 2 айлық есептік көрсеткіш."]),
        ];
        let got = table_attrs(&rows);
        let get = |a: Attr| got.iter().find(|(x, _)| *x == a).map(|(_, v)| v.as_str());
        assert_eq!(
            get(Attr::Provider),
            Some("Қазақстан Республикасы Байланыс министрлігінің Байланыс комитеті")
        );
        assert_eq!(get(Attr::Term), Some("10 жұмыс күні"));
        assert_eq!(
            get(Attr::Form),
            Some("Электрондық (толық автоматтандырылған)")
        );
        assert_eq!(
            get(Attr::Result),
            Some("Анықтама не бас тарту туралы дәлелді жауап")
        );
        assert_eq!(get(Attr::Fee), Some("2 айлық есептік көрсеткіш"));
        assert_eq!(get(Attr::Recipients), Some("заңды тұлғаларға"));
    }

    fn attrs_of(units: &[&str], lang: Language) -> Vec<(Attr, String)> {
        units.iter().flat_map(|u| text_attrs(u, lang)).collect()
    }

    #[test]
    fn russian_text_form_standard() {
        let got = attrs_of(
            &[
                "Государственная услуга оказывается Комитетом по делам связи Министерства транспорта Республики Казахстан (далее – услугодатель).",
                "Сроки оказания государственной услуги:\n1) с момента сдачи пакета документов:\nпри выдаче свидетельства – 10 (десять) рабочих дней;\n2) максимально допустимое время ожидания – 15 минут.",
                "Форма оказания государственной услуги электронная.",
                "Результат оказания государственной услуги – свидетельство либо мотивированный ответ об отказе. На портале результат направляется в личный кабинет.",
                "Государственная услуга оказывается на платной основе юридическим лицам (далее – услугополучатель).\nЗа выдачу взимается сбор:\n1) выдача свидетельства – 2 (два) месячных расчетных показателя (далее – МРП);",
            ],
            Language::Ru,
        );
        let get = |a: Attr| got.iter().find(|(x, _)| *x == a).map(|(_, v)| v.as_str());
        assert_eq!(
            get(Attr::Provider),
            Some("Комитет по делам связи Министерства транспорта Республики Казахстан")
        );
        assert_eq!(
            get(Attr::Term),
            Some("при выдаче свидетельства – 10 (десять) рабочих дней")
        );
        assert_eq!(get(Attr::Form), Some("электронная"));
        assert_eq!(
            get(Attr::Result),
            Some("свидетельство либо мотивированный ответ об отказе")
        );
        assert_eq!(
            get(Attr::Fee),
            Some("выдача свидетельства – 2 (два) месячных расчетных показателя")
        );
        assert_eq!(get(Attr::Recipients), Some("юридическим лицам"));
    }

    #[test]
    fn kazakh_text_form_standard() {
        let got = attrs_of(
            &[
                "Мемлекеттік көрсетілетін қызметті Қазақстан Республикасы Көлік министрлігінің Байланыс комитеті (бұдан әрі – көрсетілетін қызметті беруші) көрсетеді.",
                "Мемлекеттік қызмет көрсету мерзімі – 10 (он) жұмыс күні.",
                "Мемлекеттік қызмет көрсету электрондық нысаны.",
                "Мемлекеттік қызмет көрсету нәтижесі – куәлік не бас тарту туралы дәлелді жауап.",
                "Мемлекеттік көрсетілетін қызмет жеке тұлғаларға (бұдан әрі – көрсетілетін қызметті алушы) тегін көрсетіледі.",
            ],
            Language::Kk,
        );
        let get = |a: Attr| got.iter().find(|(x, _)| *x == a).map(|(_, v)| v.as_str());
        assert_eq!(
            get(Attr::Provider),
            Some("Қазақстан Республикасы Көлік министрлігінің Байланыс комитеті")
        );
        assert_eq!(get(Attr::Term), Some("10 (он) жұмыс күні"));
        assert_eq!(get(Attr::Form), Some("электрондық"));
        assert_eq!(
            get(Attr::Result),
            Some("куәлік не бас тарту туралы дәлелді жауап")
        );
        assert_eq!(get(Attr::Fee), Some("тегін"));
        assert_eq!(get(Attr::Recipients), Some("жеке тұлғаларға"));
    }

    #[test]
    fn paid_without_an_amount_gives_its_basis() {
        assert_eq!(
            free_or_paid("Государственная услуга оказывается услугополучателям на платной основе по ставкам консульского сбора, установленным Налоговым кодексом."),
            Some("на платной основе по ставкам консульского сбора".to_string())
        );
        assert_eq!(
            free_or_paid("Мемлекеттік көрсетілетін қызмет Салық кодексінің 552-бабында белгіленген консулдық алым мөлшерлемелері бойынша ақылы негізде көрсетіледі."),
            Some("белгіленген консулдық алым мөлшерлемелері бойынша ақылы негізде".to_string())
        );
        assert_eq!(
            term_of("1) құжаттарды тапсырған сәттен бастап – 3 (үш) айдан аспайды;"),
            Some("құжаттарды тапсырған сәттен бастап – 3 (үш) айдан аспайды".to_string())
        );
    }

    #[test]
    fn instrumental_to_nominative() {
        assert_eq!(
            nominative_ru_instrumental("Министерством юстиции Республики Казахстан"),
            "Министерство юстиции Республики Казахстан"
        );
        assert_eq!(
            nominative_ru_instrumental("местными исполнительными органами областей"),
            "местные исполнительные органы областей"
        );
        assert_eq!(
            nominative_ru_instrumental("Государственной корпорацией «Правительство для граждан»"),
            "Государственная корпорация «Правительство для граждан»"
        );
        assert_eq!(
            nominative_kk_instrumental("Қазақстан Республикасының Әділет министрлігімен"),
            "Қазақстан Республикасының Әділет министрлігі"
        );
    }
}
