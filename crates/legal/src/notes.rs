//! Amendment notes («Сноска. ...», «Ескерту. ...»): each one an event in the act's history — the
//! unit it concerns, what happened, the amending act and the effective clause.
//!
//! The unit is resolved against the note's container (the act root or an appendix): «5-тармақ»
//! in a note inside `appendix:1` is `appendix:1/point:5`; «3-қосымша» in a note that stands
//! inside `appendix:1/appendix:3` is that appendix itself; «Бұйрықтың тақырыбы» is the order's
//! `title`, «Қағиданың тақырыбы» the Rules' `appendix:1/title`.

use std::sync::LazyLock;
use tizilim_lex::gated::{Gated, GatedSet};

use regex::Regex;

use super::{Note, NoteOp};
use tizilim_lex::dates::find_dates;
use tizilim_lex::norm::{clean, paren_at};
use tizilim_lex::refs::{first_ref_from, numbers};
use tizilim_lex::units::{compose, find_units};
use tizilim_lex::ActRef;

static MARKER: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"(?:Сноска|Ескерту)\s*[.:]").expect("static regex"));

/// The operations a note records, in the order they are tried (the first that matches wins).
const OP_PATTERNS: [(&str, NoteOp); 5] = [
    (
        r"(?i)утратил\w*\s+силу|күші\s+жойыл|действовал\w*\s+до\b|дейін\s+қолданыста\s+болды|дейін\s+қолданыл\w*",
        NoteOp::Repeal,
    ),
    (r"(?i)\bисключ\w*|алып\s+тасталды", NoteOp::Excluded),
    (
        r"(?i)\bв\s+редакции|жаңа\s+редакцияда|редакцияда\s+жазылды",
        NoteOp::NewEdition,
    ),
    (
        r"(?i)изменени\w*|\bизменен\w*|өзгеріс\w*|өзгерту\w*",
        NoteOp::Amended,
    ),
    (r"(?i)\bдополнен\w*|толықтырылды", NoteOp::Inserted),
];

/// [`OP_PATTERNS`] as one family ([`GatedSet`]).
static OPS: LazyLock<GatedSet> =
    LazyLock::new(|| GatedSet::new(OP_PATTERNS.iter().map(|(p, _)| *p)).expect("static regex"));

/// The first operation (in [`OP_PATTERNS`] order) that `text` records, with its byte offset.
fn first_op(text: &str) -> Option<(NoteOp, usize)> {
    OPS.candidates(text).find_map(|(i, re)| {
        let (_, op) = OP_PATTERNS.get(i)?;
        re.find(text).map(|m| (*op, m.start()))
    })
}

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)в\s+действие|в\s+силу|қолданысқа|күшіне").expect("static regex")
});
static ORDER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"(?i)^\s*(?:приказ|постановлени|закон|решени|указ|бұйры|қаулы|заң|шешім|жарлы)",
    )
    .expect("static regex")
});
/// The document an order approves (its appendix): Rules, a reglament, a standard, a regulation,
/// a list («Регламент дополнен приложением 4», «Стандарт 2-1-тармақпен толықтырылды»).
static RULES_WORD: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"(?i)^\s*(?:правил|қағида|регламент|стандарт|положени|ереже|перечень|тізбе)",
    )
    .expect("static regex")
});

/// The act itself, named in its own note: «в соответствии с пунктом 4 настоящего приказа»,
/// «осы бұйрықтың 4-тармағына сәйкес».
pub static SELF_REF: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"(?i)\bнастоящ\w+\s+(?:приказ|постановлени|решени|распоряжени)\w*|\bосы\s+(?:бұйрық|қаулы|шешім|өкім)\w*")
        .expect("static regex")
});

/// Splits a text at depth-0 semicolons.
fn split_top(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut last = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ';' if depth <= 0 => {
                out.push(&s[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[last..]);
    out
}

/// The effective clause of a note: the parenthesis that says when the change takes effect; a
/// date when it states one. Returns the clause and its byte span.
fn effective(part: &str) -> Option<(String, (usize, usize))> {
    let mut i = 0;
    for _ in 0..20 {
        let rel = part.get(i..)?.find('(')?;
        let (o, c) = paren_at(part, i + rel)?;
        let inner = part
            .get(o + 1..c.saturating_sub(1).max(o + 1))
            .unwrap_or("");
        if EFFECTIVE.is_match(inner) {
            let clause = match find_dates(inner).into_iter().next() {
                Some(d) => d.date,
                None => inner.trim().to_string(),
            };
            return Some((clause, (o, c)));
        }
        i = c.max(i + 1);
    }
    None
}

/// Resolves a note's relative target against its container path.
fn resolve(container: &str, rel: &str, phrase: &str) -> String {
    let order_level = ORDER_WORD.is_match(phrase);
    let rules_level = RULES_WORD.is_match(phrase);
    // The base: the order's root, the Rules (outermost appendix) or the container.
    let base = if order_level {
        String::new()
    } else if rules_level {
        container
            .split('/')
            .next()
            .filter(|s| s.starts_with("appendix"))
            .map_or_else(|| "appendix:1".to_string(), str::to_string)
    } else {
        container.to_string()
    };
    if rel.is_empty() {
        return if base.is_empty() {
            "act".to_string()
        } else {
            base
        };
    }
    // «3-қосымша» in a note standing inside that very appendix.
    if let Some(first) = rel.split('/').next() {
        if first.starts_with("appendix:") {
            let segs: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
            if let Some(pos) = segs.iter().rposition(|s| *s == first) {
                let mut p: Vec<&str> = segs.get(..=pos).unwrap_or(&[]).to_vec();
                p.extend(rel.split('/').skip(1));
                return p.join("/");
            }
            // A sibling appendix of the Rules: replace the innermost appendix.
            if segs.len() >= 2 && segs.last().is_some_and(|s| s.starts_with("appendix:")) {
                let mut p: Vec<&str> = segs.get(..segs.len() - 1).unwrap_or(&[]).to_vec();
                p.push(rel);
                return p.join("/");
            }
        }
    }
    if base.is_empty() {
        rel.to_string()
    } else {
        format!("{base}/{rel}")
    }
}

/// Parses one note block into events. `container` is the note's container path ("" for the
/// act root, `appendix:1`, ...); `source_path` is the note's own path.
pub fn parse_note(text: &str, container: &str, source_path: &str) -> Vec<Note> {
    parse_note_after(text, container, container, source_path)
}

/// Like [`parse_note`], with the unit the note follows (`after`, e.g. `point:1/subpoint:2`): a
/// note about «Подпункт 2)» that stands after `point:1/subpoint:2` is about that subpoint.
pub fn parse_note_after(text: &str, container: &str, after: &str, source_path: &str) -> Vec<Note> {
    parse_clean_note(&clean(text), container, after, source_path)
}

/// [`parse_note_after`] of a text already [`clean`]ed.
pub(crate) fn parse_clean_note(
    text: &str,
    container: &str,
    after: &str,
    source_path: &str,
) -> Vec<Note> {
    let starts: Vec<usize> = MARKER.find_iter(text).map(|m| m.start()).collect();
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        let block = text.get(s..e).unwrap_or("");
        let body = MARKER.replace(block, "").to_string();
        let mut last: Option<(NoteOp, String)> = None;
        for part in split_top(&body).into_iter().take(40) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let found_op = first_op(part);
            // The part's numbers, found once when first asked for.
            let numbered = std::cell::LazyCell::new(|| numbers(part));
            // «...; от 15.02.2023 № 121 (...)»: another act of the same operation on the same
            // unit, after a semicolon.
            let (op, op_start, target) = match (found_op, &last) {
                (Some((op, op_start)), _) => {
                    let phrase = part.get(..op_start).unwrap_or("");
                    let mut rel = compose(&find_units(phrase));
                    if rel.is_empty() && op == NoteOp::Inserted {
                        // «Правила дополнены пунктом 5-1 ...»: the unit follows the operation.
                        let tail = part.get(op_start..).unwrap_or("");
                        let stop = tail
                            .find(['(', '–', '—'])
                            .or_else(|| first_ref_from(tail, 0).map(|r| r.start))
                            .unwrap_or(tail.len());
                        rel = compose(&find_units(tail.get(..stop).unwrap_or("")));
                    }
                    let target = if rel.is_empty()
                        && !ORDER_WORD.is_match(phrase)
                        && !RULES_WORD.is_match(phrase)
                    {
                        last.as_ref()
                            .map(|(_, t)| t.clone())
                            .unwrap_or_else(|| resolve(container, "", phrase))
                    } else if !rel.is_empty()
                        && !ORDER_WORD.is_match(phrase)
                        && !RULES_WORD.is_match(phrase)
                        && after.len() > container.len()
                        && after.starts_with(container)
                    {
                        // Relative to the unit the note follows, within its container.
                        tizilim_lex::units::join(after, &rel)
                    } else {
                        resolve(container, &rel, phrase)
                    };
                    (op, op_start, target)
                }
                (None, Some((op, target))) if !numbered.is_empty() => (*op, 0, target.clone()),
                _ => continue,
            };
            last = Some((op, target.clone()));
            let eff = effective(part);
            let acts = if numbered.is_empty() && SELF_REF.is_match(part) {
                // The act itself: the caller knows its identity.
                vec![ActRef::default()]
            } else {
                acts_in(part, &numbered, op_start, eff.as_ref().map(|(_, sp)| *sp))
            };
            for by in acts {
                if by.number.is_none() && by.date.is_none() && !SELF_REF.is_match(part) {
                    // A note cut short in the source («Сноска. Пункт 6 в редакции приказа»):
                    // no act to record.
                    continue;
                }
                out.push(Note {
                    target_path: target.clone(),
                    op,
                    by,
                    effective: eff.as_ref().map(|(c, _)| c.clone()),
                    source_path: source_path.to_string(),
                });
            }
        }
    }
    out
}

/// «3) исключен приказом ... от 15.02.2023 № 121», «5. Утратил силу ...», «1) алып тасталды -
/// ... № 121 бұйрығымен»: a unit whose whole text says it was excluded or lost force.
static GONE_UNIT: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"(?i)^\s*(?:\d{1,3}(?:-\d{1,3})?[.)]\s*)?(?:исключен\w*|утратил\w*\s+силу|алып\s+тасталды|күші\s+жойылды)\b")
        .expect("static regex")
});

/// The words every match of [`GONE_UNIT`] holds.
static GONE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)исключен|утратил|алып|күші").expect("static regex")
});

/// The event recorded by an excluded unit's own text (the unit stays in the consolidated text
/// as one line: «3) исключен приказом Министра ... от 15.02.2023 № 121 (вводится в действие
/// ...)», «1) алып тасталды - ҚР ... 15.02.2023 № 121 бұйрығымен»). Empty for any other text.
pub fn gone_unit(text: &str, path: &str) -> Vec<Note> {
    if !tizilim_lex::norm::clean_may_match(text, |t| GONE_WORD.is_match(t)) {
        return Vec::new();
    }
    gone_clean_unit(&clean(text), path)
}

/// [`gone_unit`] of a text already [`clean`]ed.
pub(crate) fn gone_clean_unit(text: &str, path: &str) -> Vec<Note> {
    // (No pre-test: the pattern is anchored at the start of the text, and a text it does not
    // open fails there, where a search for the words would read the whole text.)
    let Some(m) = GONE_UNIT.find(text) else {
        return Vec::new();
    };
    let Some((op, _)) = first_op(text) else {
        return Vec::new();
    };
    // The rest must name an act (a date or a number), not carry on as running text.
    let rest = text.get(m.end()..).unwrap_or("");
    if numbers(rest).is_empty() && find_dates(rest).is_empty() {
        return Vec::new();
    }
    let eff = effective(text);
    acts_in(
        text,
        &numbers(text),
        m.end(),
        eff.as_ref().map(|(_, sp)| *sp),
    )
    .into_iter()
    .map(|by| Note {
        target_path: path.to_string(),
        op,
        by,
        effective: eff.as_ref().map(|(c, _)| c.clone()),
        source_path: path.to_string(),
    })
    .collect()
}

/// The amending acts a note part names after its operation word: one per «№ N» (outside the
/// effective clause when there is one there; a text layer may have displaced the number into
/// it), each with the date written before its number, and the act type and issuer when the
/// part names them.
fn acts_in(
    part: &str,
    numbered: &[(usize, usize, String)],
    op_start: usize,
    eff: Option<(usize, usize)>,
) -> Vec<ActRef> {
    let tail_from = op_start.min(part.len());
    let inside = |i: usize| eff.is_some_and(|(o, c)| i >= o && i < c);
    let typed = first_ref_from(part, tail_from).map(|r| r.act);
    let mut nums: Vec<&(usize, usize, String)> = numbered
        .iter()
        .filter(|(s, _, _)| *s >= tail_from && !inside(*s))
        .collect();
    if nums.is_empty() {
        nums = numbered
            .iter()
            .filter(|(s, _, _)| *s >= tail_from)
            .collect();
    }
    let dates: Vec<(usize, String)> = find_dates(part)
        .into_iter()
        .filter(|d| d.start >= tail_from && !inside(d.start))
        .map(|d| (d.start, d.date))
        .collect();
    let base = typed.unwrap_or_default();
    if nums.is_empty() {
        // No number: the act as the part names it (a date alone, or nothing).
        let mut by = base;
        if by.date.is_none() {
            by.date = dates.first().map(|(_, d)| d.clone());
        }
        by.title = None;
        by.registration_number = None;
        return vec![by];
    }
    let mut out = Vec::new();
    let mut prev_end = tail_from;
    for (k, &(s, e, n)) in nums.iter().enumerate() {
        // The date of this act: the last one between the previous number and this one; for
        // the first, also any date of the part (Kazakh puts the date before, sometimes after).
        let date = dates
            .iter()
            .rev()
            .find(|(d, _)| *d >= prev_end && *d < *s)
            .or_else(|| if k == 0 { dates.first() } else { None })
            .map(|(_, d)| d.clone());
        let mut by = ActRef {
            act_type: base.act_type.clone(),
            issuer: base.issuer.clone(),
            number: Some(n.clone()),
            date,
            ..ActRef::default()
        };
        if k == 0 && base.number.as_deref() == Some(n.as_str()) && base.date.is_some() {
            by.date = base.date.clone();
        }
        out.push(by);
        prev_end = *e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, container: &str) -> Note {
        let v = parse_note(text, container, "note:1");
        assert_eq!(v.len(), 1, "{v:#?}");
        v.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn kazakh_notes() {
        let n = one("Ескерту. 5-тармақ жаңа редакцияда - ҚР Ұлттық экономика министрінің м.а. 16.05.2016 № 318 (алғаш ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.", "appendix:1");
        assert_eq!(n.target_path, "appendix:1/point:5");
        assert_eq!(n.op, NoteOp::NewEdition);
        assert_eq!(n.by.number.as_deref(), Some("318"));
        assert_eq!(n.by.date.as_deref(), Some("2016-05-16"));
        assert_eq!(n.by.act_type.as_deref(), Some("бұйрық"));
        assert_eq!(n.effective.as_deref(), Some("алғаш ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі"));
        let n = one("Ескерту. Бұйрықтың тақырыбы жаңа редакцияда - ҚР Ұлттық экономика министрінің 08.11.2015 (01.03.2016 бастап қолданысқа енгізіледі) № 812 бұйрығымен.", "");
        assert_eq!(
            (n.target_path.as_str(), n.effective.as_deref()),
            ("title", Some("2016-03-01"))
        );
        assert_eq!(
            (n.by.number.as_deref(), n.by.date.as_deref()),
            (Some("812"), Some("2015-11-08"))
        );
        let n = one("Ескерту. 1-тармақ жаңа редакцияда - ҚР Ұлттық экономика министрінің 08.11.2015 (01.03.2016 бастап қолданысқа енгізіледі) бұйрығымен.№ 812", "");
        assert_eq!(
            (n.target_path.as_str(), n.by.number.as_deref()),
            ("point:1", Some("812"))
        );
        let n = one("Ескерту. Күші жойылды – ҚР Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрінің 18.03.2020 (алғаш ресми жарияланған күнінен № 72/НҚ кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.", "");
        assert_eq!((n.target_path.as_str(), n.op), ("act", NoteOp::Repeal));
        assert_eq!(
            (n.by.number.as_deref(), n.by.date.as_deref()),
            (Some("72/НҚ"), Some("2020-03-18"))
        );
        let n = one("Ескерту. 3-қосымша жаңа редакцияда - ҚР Ұлттық экономика министрінің 08.11.2015 № 812 бұйрығымен.", "appendix:1/appendix:3");
        assert_eq!(n.target_path, "appendix:1/appendix:3");
        let n = one("Ескерту. Қағиданың тақырыбы жаңа редакцияда - ҚР Ұлттық экономика министрінің 08.11.2015 № 812 бұйрығымен.", "appendix:1");
        assert_eq!(n.target_path, "appendix:1/title");
        let n = one("Ескерту. 9-тармаққа өзгеріс енгізілді - ҚР Ұлттық экономика министрінің 08.11.2015 № 812 бұйрығымен.", "appendix:1");
        assert_eq!(
            (n.target_path.as_str(), n.op),
            ("appendix:1/point:9", NoteOp::Amended)
        );
        let n = one(
            "Ескерту. 7-тармақ алып тасталды - ҚР Әділет министрінің 01.02.2019 № 10 бұйрығымен.",
            "",
        );
        assert_eq!(
            (n.target_path.as_str(), n.op),
            ("point:7", NoteOp::Excluded)
        );
        let n = one("Ескерту. Қағида 5-1-тармақпен толықтырылды - ҚР Әділет министрінің 01.02.2019 № 10 бұйрығымен.", "appendix:1");
        assert_eq!(
            (n.target_path.as_str(), n.op),
            ("appendix:1/point:5-1", NoteOp::Inserted)
        );
        assert!(parse_note("Ескерту немесе ұсыныс Қысқаша мазмұны", "", "x").is_empty());
    }

    /// (target, operation, amending act's number and date) of each event.
    fn events(v: &[Note]) -> Vec<(&str, NoteOp, Option<&str>, Option<&str>)> {
        v.iter()
            .map(|n| {
                (
                    n.target_path.as_str(),
                    n.op,
                    n.by.number.as_deref(),
                    n.by.date.as_deref(),
                )
            })
            .collect()
    }

    #[test]
    fn several_acts_in_one_note() {
        let v = parse_note("Сноска. Пункт 2 в редакции приказов Министра юстиции РК от 30.06.2021 № 547 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования); от 30.09.2022 № 819 (вводится в действие с 12.10.2022); с изменениями, внесенными приказами Министра юстиции РК от 15.02.2023 № 121 (вводится в действие по истечении десяти календарных дней); от 28.01.2026 № 84.", "appendix:1", "appendix:1/note:3");
        let got = events(&v);
        assert_eq!(
            got,
            vec![
                (
                    "appendix:1/point:2",
                    NoteOp::NewEdition,
                    Some("547"),
                    Some("2021-06-30")
                ),
                (
                    "appendix:1/point:2",
                    NoteOp::NewEdition,
                    Some("819"),
                    Some("2022-09-30")
                ),
                (
                    "appendix:1/point:2",
                    NoteOp::Amended,
                    Some("121"),
                    Some("2023-02-15")
                ),
                (
                    "appendix:1/point:2",
                    NoteOp::Amended,
                    Some("84"),
                    Some("2026-01-28")
                ),
            ]
        );
        let v = parse_note("Ескерту. 2-тармаққа өзгерістер енгізілді - ҚР Әділет министрінің 30.09.2022 № 819 (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі); 15.02.2023 № 121 (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрықтарымен.", "", "note:4");
        let got = events(&v);
        assert_eq!(
            got,
            vec![
                ("point:2", NoteOp::Amended, Some("819"), Some("2022-09-30")),
                ("point:2", NoteOp::Amended, Some("121"), Some("2023-02-15")),
            ]
        );
    }

    #[test]
    fn excluded_units_in_both_languages() {
        let v = gone_unit("3) исключен приказом Министра юстиции РК от 15.02.2023 № 121 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования);", "point:2/subpoint:3");
        assert_eq!(v.len(), 1);
        assert_eq!(
            (v[0].target_path.as_str(), v[0].op),
            ("point:2/subpoint:3", NoteOp::Excluded)
        );
        assert_eq!(
            (v[0].by.number.as_deref(), v[0].by.date.as_deref()),
            (Some("121"), Some("2023-02-15"))
        );
        let v = gone_unit("1) алып тасталды - ҚР Әділет министрінің 15.02.2023 № 121 (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.", "appendix:1/point:2/subpoint:1");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].op, NoteOp::Excluded);
        assert_eq!(v[0].by.number.as_deref(), Some("121"));
        let v = gone_unit(
            "5. Утратил силу постановлением Правительства РК от 11.05.2020 № 283.",
            "point:5",
        );
        assert_eq!(v[0].op, NoteOp::Repeal);
        let v = gone_unit(
            "1) күші жойылды – ҚР Үкіметінің 21.05.2021 № 339 қаулысымен.",
            "point:3/subpoint:1",
        );
        assert_eq!(
            (v[0].op, v[0].by.number.as_deref()),
            (NoteOp::Repeal, Some("339"))
        );
        // Running text that only mentions an exclusion is not an excluded unit.
        assert!(gone_unit(
            "2) исключения из реестра в случаях, предусмотренных законом;",
            "point:2/subpoint:2"
        )
        .is_empty());
        assert!(gone_unit("4. Принять к сведению.", "point:4").is_empty());
    }

    #[test]
    fn russian_notes() {
        let n = one("Сноска. Пункт 5 в редакции приказа Министра национальной экономики РК от 16.05.2016 № 318 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).", "appendix:1");
        assert_eq!(
            (n.target_path.as_str(), n.op),
            ("appendix:1/point:5", NoteOp::NewEdition)
        );
        assert_eq!(
            (n.by.number.as_deref(), n.by.date.as_deref()),
            (Some("318"), Some("2016-05-16"))
        );
        assert_eq!(n.by.act_type.as_deref(), Some("приказ"));
        let n = one("Сноска. Глава 3 исключена приказом Министра от 01.07.2021 № 61 (вводится в действие с 01.01.2022).", "appendix:1");
        assert_eq!(
            (n.target_path.as_str(), n.op, n.effective.as_deref()),
            ("appendix:1/chapter:3", NoteOp::Excluded, Some("2022-01-01"))
        );
        let n = one("Сноска. Подпункт 19) пункта 2 исключен Законом РК от 08.07.2024 № 116-VIII (вводится в действие по истечении шестидесяти календарных дней после дня его первого официального опубликования).", "");
        assert_eq!(
            (n.target_path.as_str(), n.by.number.as_deref()),
            ("point:2/subpoint:19", Some("116-VIII"))
        );
        let n = one("Сноска. Приказ утратил силу приказом Министра цифрового развития РК от 18.03.2020 № 72/НҚ (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).", "");
        assert_eq!((n.target_path.as_str(), n.op), ("act", NoteOp::Repeal));
        let n = one("Сноска. Заголовок в редакции приказа Министра национальной экономики РК от 08.11.2015 № 812 (вводится в действие с 01.03.2016).", "");
        assert_eq!(
            (n.target_path.as_str(), n.effective.as_deref()),
            ("title", Some("2016-03-01"))
        );
        let n = one("Сноска. Пункт 9 с изменениями, внесенными приказом Министра национальной экономики РК от 08.11.2015 № 812 (вводится в действие с 01.03.2016).", "appendix:1");
        assert_eq!(
            (n.target_path.as_str(), n.op),
            ("appendix:1/point:9", NoteOp::Amended)
        );
        let n = one("Сноска. Правила дополнены пунктом 5-1 в соответствии с приказом Министра РК от 08.11.2015 № 812.", "appendix:1");
        assert_eq!(
            (n.target_path.as_str(), n.op),
            ("appendix:1/point:5-1", NoteOp::Inserted)
        );
        let v = parse_note("Сноска. Пункт 5 с изменениями, внесенными приказом Министра РК от 08.11.2015 № 812; в редакции приказа Министра РК от 16.05.2016 № 318.", "", "note:1");
        assert_eq!(v.len(), 2);
        assert_eq!(v[1].target_path, "point:5");
        assert_eq!(v[1].op, NoteOp::NewEdition);
    }
}
