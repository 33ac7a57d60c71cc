//! Amendment notes («Сноска. ...», «Ескерту. ...»): each one an event in the act's history — the
//! unit it concerns, what happened, the amending act and the effective clause.
//!
//! The unit is resolved against the note's container (the act root or an appendix): «5-тармақ»
//! in a note inside `appendix:1` is `appendix:1/point:5`; «3-қосымша» in a note that stands
//! inside `appendix:1/appendix:3` is that appendix itself; «Бұйрықтың тақырыбы» is the order's
//! `title`, «Қағиданың тақырыбы» the Rules' `appendix:1/title`.

use std::sync::LazyLock;

use regex::Regex;

use super::{Note, NoteOp};
use tizilim_lex::dates::find_dates;
use tizilim_lex::norm::{clean, paren_at};
use tizilim_lex::refs::{find_refs, first_number};
use tizilim_lex::units::{compose, find_units};
use tizilim_lex::ActRef;

static MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:Сноска|Ескерту)\s*\.").expect("static regex"));

static OPS: LazyLock<Vec<(Regex, NoteOp)>> = LazyLock::new(|| {
    [
        (r"(?i)утратил\w*\s+силу|күші\s+жойыл", NoteOp::Repeal),
        (r"(?i)\bисключ\w*|алып\s+тасталды", NoteOp::Excluded),
        (
            r"(?i)\bв\s+редакции|жаңа\s+редакцияда|редакцияда\s+жазылды",
            NoteOp::NewEdition,
        ),
        (r"(?i)изменени\w*|\bизменен\w*|өзгеріс\w*", NoteOp::Amended),
        (r"(?i)\bдополнен\w*|толықтырылды", NoteOp::Inserted),
    ]
    .into_iter()
    .map(|(r, op)| (Regex::new(r).expect("static regex"), op))
    .collect()
});

static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)в\s+действие|в\s+силу|қолданысқа|күшіне").expect("static regex")
});
static ORDER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:приказ|постановлени|закон|решени|указ|бұйры|қаулы|заң|шешім|жарлы)")
        .expect("static regex")
});
static RULES_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:правил|қағида)").expect("static regex"));

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
    let text = clean(text);
    let starts: Vec<usize> = MARKER.find_iter(&text).map(|m| m.start()).collect();
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        let block = text.get(s..e).unwrap_or("");
        let body = MARKER.replace(block, "").to_string();
        let mut last_target: Option<String> = None;
        for part in split_top(&body).into_iter().take(20) {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let Some((op, op_start)) = OPS
                .iter()
                .find_map(|(re, op)| re.find(part).map(|m| (*op, m.start())))
            else {
                continue;
            };
            let phrase = part.get(..op_start).unwrap_or("");
            let mut rel = compose(&find_units(phrase));
            if rel.is_empty() {
                // «Правила дополнены пунктом 5-1 ...»: the unit follows the operation.
                let tail = part.get(op_start..).unwrap_or("");
                let stop = tail
                    .find(['(', '–', '—'])
                    .or_else(|| find_refs(tail).first().map(|r| r.start))
                    .unwrap_or(tail.len());
                rel = compose(&find_units(tail.get(..stop).unwrap_or("")));
            }
            let target =
                if rel.is_empty() && !ORDER_WORD.is_match(phrase) && !RULES_WORD.is_match(phrase) {
                    last_target
                        .clone()
                        .unwrap_or_else(|| resolve(container, "", phrase))
                } else {
                    resolve(container, &rel, phrase)
                };
            last_target = Some(target.clone());
            let eff = effective(part);
            let mut by = find_refs(part)
                .into_iter()
                .find(|r| r.type_span.0 >= op_start)
                .map(|r| r.act)
                .unwrap_or_default();
            // Text layers displace the hyperlinked number: look for it anywhere.
            if by.number.is_none() {
                by.number = first_number(part);
            }
            if by.date.is_none() {
                let span = eff.as_ref().map(|(_, sp)| *sp);
                by.date = find_dates(part)
                    .into_iter()
                    .find(|d| span.is_none_or(|(o, c)| d.start < o || d.start >= c))
                    .map(|d| d.date);
            }
            by.title = None;
            by.registration_number = None;
            out.push(Note {
                target_path: target,
                op,
                by: ActRef { ..by },
                effective: eff.map(|(c, _)| c),
                source_path: source_path.to_string(),
            });
        }
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
