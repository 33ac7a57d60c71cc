//! Amendments: the operations an amending act performs on other acts.
//!
//! The body (and any appendix that lists changes or repealed acts) is read as one stream of
//! segments in document order; quoted text is masked so that a new edition's own words are
//! never taken for operations. The stream is cut into clauses at `;`, `:`, `. ` and unit
//! boundaries, and each clause is one of:
//! - a framing clause naming the target act («Внести в приказ ... следующие изменения:»,
//!   «... бұйрығына мынадай өзгерістер енгізілсін:»), carried to the clauses that follow;
//! - a Rules scope («в Правилах ..., утвержденных указанным приказом:», «көрсетілген бұйрықпен
//!   бекітілген ... Қағидаларында:»);
//! - a unit context («в пункте 5:», «5-тармақта:»);
//! - an operation (new edition, insertion, exclusion, word substitution, repeal of an act).
//!
//! Target paths are relative to the target act, or to its Rules when a Rules scope is open
//! ([`Amendment::target_rules`]); `""` is the whole act or the whole Rules.

use std::sync::LazyLock;

use regex::Regex;

use super::{AmendOp, Amendment};
use crate::gated;
use tizilim_lex::diag::{Diagnostic, Diagnostics};
use tizilim_lex::gated::{Gated, GatedSet};
use tizilim_lex::norm::{clean, quote_spans, QuoteSpan};
use tizilim_lex::refs::{find_refs, RefMatch};
use tizilim_lex::units::{compose, compose_all, find_units, join};
use tizilim_structure::{ActRef, Node, NodeKind};

/// One piece of the stream: a unit's own text with its label.
#[derive(Debug, Clone)]
pub struct Segment {
    /// The unit that owns the text (a paragraph's parent unit).
    pub path: String,
    /// The text, label included («1) ...»).
    pub text: String,
    /// The node kind the text came from.
    pub kind: NodeKind,
    /// True when the segment starts a top-level unit (a point of the body or an item of a list).
    pub top: bool,
    /// Set on the first segment of an appendix that lists repealed acts.
    pub repeal_list: bool,
}

fn re(s: &str) -> Regex {
    tizilim_lex::re::new(s).expect("static regex")
}

/// «... күші жойылды деп танылсын», «... күшін жойды деп танылсын», «... күші жойылсын».
const REPEAL_KK_PAT: &str = r"(?i)күш\w*\s+жой(?:ылды|ылған|ды)\s+деп\s+танылсын|күш\w*\s+жойылсын";
static REPEAL_KK: LazyLock<Regex> = LazyLock::new(|| re(REPEAL_KK_PAT));

/// The operations a clause performs, in the order they are tried (the first that matches wins).
const OPS: [(&str, AmendOp); 7] = [
    (
        r"(?i)признать\s+утратившим\w*\s+силу|\bотменить\b",
        AmendOp::RepealAct,
    ),
    (REPEAL_KK_PAT, AmendOp::RepealAct),
    // «Приостановить действие ...», «... қолданылуы ... тоқтатыла тұрсын».
    (
        r"(?i)\bприостановить\b|тоқтатыла\s+тұрсын|тоқтатылсын",
        AmendOp::Suspend,
    ),
    // «... заменить ...»; ««...» деген сөздер «...» деген сөздермен ауыстырылсын» (not «демалыс
    // күндері ... жұмаға ауыстырылсын»: days moved, no words replaced).
    (
        r"(?i)\bзаменить\b|(?:деген|сөз\w*|цифр\w*|»)[^.;:]*?ауыстырылсын",
        AmendOp::SubstituteWords,
    ),
    (
        r"(?i)изложить\s+в\s+(?:следующей\s+|новой\s+)?редакции|(?:мынадай|жаңа)\s+редакцияда\s+жазылсын",
        AmendOp::NewEdition,
    ),
    (r"(?i)\bдополнить\b|толықтырылсын", AmendOp::Insert),
    (r"(?i)\bисключить\b|алып\s+тасталсын", AmendOp::Exclude),
];

/// [`OPS`] as one family: one pass of their gates says which may match ([`GatedSet`]).
static OP_SET: LazyLock<GatedSet> =
    LazyLock::new(|| GatedSet::new(OPS.iter().map(|(p, _)| *p)).expect("static regex"));
static FRAME: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)изменени|дополнени|өзгеріс|толықтыру"));
static POINTER_RU: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)согласно\s+приложени\w*\s*(\d+(?:-\d+)*)?\s+к\s+настояще\w+\s+(?:приказу|постановлению|решению|указу|распоряжению)",
    )
});
static POINTER_KK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)осы\s+(?:бұйрыққа|қаулыға|шешімге|жарлыққа)\s+(?:(\d+(?:-\d+)*)\s*-\s*)?қосымшаға\s+сәйкес",
    )
});
/// The document an amended act approved, where the operations that follow apply: «в Правилах
/// ..., утвержденных указанным приказом», «в Положении о ..., утвержденном указанным
/// постановлением», also a reglament, a standard, a list.
static RULES_RU: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\b(?:в\s+)?((?:Правил|Положени|Регламент|Стандарт|Перечн|Переч|Список|Структур)\w*[^:;]*?),?\s+утвержденн\w+\s+(?:указанным|этим|данным|вышеуказанным)\s+(?:приказом|постановлением|решением)",
    )
});
static RULES_KK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:көрсетілген|аталған|осы|жоғарыда\s+аталған)\s+(?:бұйрықпен|қаулымен|шешіммен)\s+бекітілген\s+(.+?(?:қағидалар|қағида|ереже|регламент|стандарт|тізбе|тізім)\w*)",
    )
});
/// A clause that introduces rows given by their content: «строку:», «строки:», «жолды:».
static ROWS_BY_CONTENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:строк\w*|мынадай\s+жол\w*|жол(?:ды|дар|дарды)|мына)\s*:$"));
/// The number in the first cell of a table row: «13 | ...», «10) | ...».
static ROW_NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*(\d+(?:-\d+)*)\)?\.?\s*(?:\||$)"));
/// A document named at the start of an operation clause: «перечень государственных учреждений,
/// находящихся в ведении Министерства, исключить», «... тізбесі алып тасталсын».
static NAMED_DOC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*((?:перечень|список|положение|правила|регламент|стандарт)\s[^:;]*?|[^:;]*?(?:тізбесі|тізімі|ережесі|қағидалары))\s*$",
    )
});
static WORDS_RU: LazyLock<Gated> = LazyLock::new(|| gated(r"(?i)\b(?:слов|цифр|знак|букв)\w*\s*$"));

/// The operation a clause performs, with the byte offset of its verb in the clause.
fn classify(masked: &str) -> Option<(AmendOp, usize, usize)> {
    OP_SET.candidates(masked).find_map(|(i, re)| {
        let (_, op) = OPS.get(i)?;
        re.find(masked).map(|m| (*op, m.start(), m.end()))
    })
}

/// Masks quoted text with spaces of the same byte length.
///
/// A character is inside when some outermost quote opens before it and closes after it. One
/// pass with the spans sorted by their opening: the furthest close among the quotes opened so
/// far decides (linear; a per-character scan of all quotes was quadratic and took minutes on
/// a text made of thousands of quotes).
fn mask(s: &str, spans: &[QuoteSpan]) -> String {
    let mut outer: Vec<(usize, usize)> = spans
        .iter()
        .filter(|q| q.depth == 0)
        .map(|q| (q.open, q.close))
        .collect();
    outer.sort_unstable();
    let mut next = 0usize;
    let mut furthest_close = 0usize;
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        while let Some(&(open, close)) = outer.get(next) {
            if open >= i {
                break;
            }
            furthest_close = furthest_close.max(close);
            next += 1;
        }
        let inside = i + c.len_utf8() < furthest_close;
        if inside {
            for _ in 0..c.len_utf8() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The stream's state while clauses are read.
#[derive(Default)]
struct State {
    target: ActRef,
    rules: Option<String>,
    context: String,
    repeal_list: bool,
    pending: Vec<(String, ActRef)>,
    /// «строку:» / «жолды:» followed by the row as a quoted table: the rows' numbers, waiting
    /// for the operation clause that follows the table.
    rows_by_content: Option<Vec<String>>,
    /// A «строку:» clause was read; the next table gives the rows.
    awaiting_rows: bool,
}

fn primary_ref<'a>(refs: &'a [RefMatch], spans: &[QuoteSpan], base: usize) -> Option<&'a RefMatch> {
    let outside = |r: &&RefMatch| {
        !spans
            .iter()
            .any(|q| q.open <= base + r.type_span.0 && base + r.type_span.1 <= q.close)
    };
    let kazakh = refs.iter().any(|r| r.kazakh);
    if kazakh {
        refs.iter().rev().find(outside)
    } else {
        refs.iter().find(outside)
    }
}

/// The quoted text that follows `pos` (after spaces, colons and line breaks); consecutive quotes
/// are joined by line breaks.
fn quote_after(full: &str, spans: &[QuoteSpan], pos: usize) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = pos;
    for _ in 0..20 {
        let rest = full.get(cur..)?;
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == ':' || c == ';' || c == ',')
                .len();
        let at = cur + skip;
        match spans.iter().find(|q| q.depth == 0 && q.open == at) {
            Some(q) => {
                parts.push(q.inner(full).trim().to_string());
                cur = q.close;
            }
            None => break,
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// Runs the clause reader over a stream of segments.
pub fn from_segments(segs: &[Segment]) -> (Vec<Amendment>, Diagnostics) {
    let mut diags = Diagnostics::new();
    // Join the stream; remember where each segment starts.
    let mut full = String::new();
    let mut starts = Vec::with_capacity(segs.len());
    for s in segs {
        if !full.is_empty() {
            full.push('\n');
        }
        starts.push(full.len());
        full.push_str(&s.text);
    }
    let spans = quote_spans(&full);
    let masked = mask(&full, &spans);
    // Clause boundaries.
    let mut bounds = vec![0usize];
    let mb = masked.as_bytes();
    for (i, c) in masked.char_indices() {
        let cut = match c {
            '\n' | ';' | ':' => true,
            '.' => {
                mb.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
                    && i > 0
                    && !mb.get(i - 1).is_some_and(u8::is_ascii_digit)
                    && !after_abbreviation(&masked, i)
            }
            _ => false,
        };
        if cut {
            bounds.push(i + c.len_utf8());
        }
    }
    bounds.push(masked.len());
    bounds.dedup();

    let seg_at = |pos: usize| -> usize { starts.partition_point(|&s| s <= pos).saturating_sub(1) };
    let mut st = State::default();
    let mut out: Vec<Amendment> = Vec::new();
    let mut last_seg = usize::MAX;
    let mut last_listed = usize::MAX;
    for w in bounds.windows(2).take(100_000) {
        let (a, b) = (w[0], w[1]);
        let m_clause = masked.get(a..b).unwrap_or("");
        if st.awaiting_rows && !full.get(a..b).unwrap_or("").trim().is_empty() {
            // The rows given by content: a quoted table after «строку:» (the quote masks its
            // line breaks, so the quote marks and the table come as one clause).
            let text = full.get(a..b).unwrap_or("");
            let has_table = (seg_at(a)..=seg_at(b.saturating_sub(1)))
                .any(|i| segs.get(i).is_some_and(|s| s.kind == NodeKind::Table));
            if has_table {
                let nums: Vec<String> = text
                    .lines()
                    .filter_map(|l| ROW_NUMBER.captures(l).and_then(|c| c.get(1)))
                    .map(|m| m.as_str().to_string())
                    .collect();
                if !nums.is_empty() {
                    st.rows_by_content = Some(nums);
                    st.awaiting_rows = false;
                    continue;
                }
            }
        }
        if m_clause.trim().is_empty() {
            continue;
        }
        let lead = m_clause.len() - m_clause.trim_start().len();
        let si = seg_at(a + lead);
        let Some(seg) = segs.get(si) else { continue };
        if si != last_seg {
            if seg.top {
                st.context.clear();
                st.pending.clear();
                st.repeal_list = seg.repeal_list;
            }
            if seg.repeal_list {
                st.repeal_list = true;
            }
            last_seg = si;
        }
        let clause = full.get(a..b).unwrap_or("");
        let refs = find_refs(clause);
        let own = primary_ref(&refs, &spans, a).map(|r| (r.act.clone(), r.start, r.end));
        let ends_colon = m_clause.trim_end().ends_with(':');
        let op = classify(m_clause);
        let source_path = seg.path.clone();

        let list_item = matches!(
            seg.kind,
            NodeKind::Point | NodeKind::Item | NodeKind::Subpoint | NodeKind::Row
        );
        if st.repeal_list && list_item && op.is_none() && si != last_listed {
            // An item of a list of repealed acts: the act the item is about, which may be an
            // amending act whose title cites the act it amended.
            if let Some(act) = listed_act(&refs, clause) {
                out.push(repeal(act, &source_path));
                last_listed = si;
                continue;
            }
        }
        let Some((op, vs, ve)) = op else {
            // Framing: a reference with «изменения»/«өзгерістер», or a reference before a colon.
            if let Some((act, rs, re_)) = &own {
                if FRAME.is_match(m_clause) || ends_colon {
                    st.target = act.clone();
                    st.rules = None;
                    st.pending.clear();
                    // «Внести в приложение № 1 решения ...», «... шешімінің 1-қосымшасына
                    // ...»: the unit the changes go to, outside the reference.
                    let mut outside = m_clause.to_string();
                    if let Some(r) = outside.get(*rs..*re_) {
                        let spaces = " ".repeat(r.len());
                        outside.replace_range(*rs..*re_, &spaces);
                    }
                    st.context = compose(&find_units(&outside));
                    continue;
                }
                if st.repeal_list && list_item {
                    out.push(repeal(act.clone(), &source_path));
                    continue;
                }
                if matches!(seg.kind, NodeKind::Subpoint | NodeKind::Item) {
                    st.pending.push((source_path, act.clone()));
                }
                continue;
            }
            // A Rules scope or a unit context.
            if let Some(title) = rules_scope(clause) {
                // A document inside a unit already named («в приложении 42: в перечне ...,
                // утвержденном указанным постановлением:») keeps that unit as its place.
                st.rules = Some(title);
                continue;
            }
            if ends_colon && ROWS_BY_CONTENT.is_match(m_clause.trim()) {
                // «строку:» / «строки:» / «жолды:»: the rows follow as a quoted table.
                st.awaiting_rows = true;
                st.rows_by_content = None;
                continue;
            }
            if ends_colon {
                let units = find_units(m_clause);
                if !units.is_empty() {
                    let rel = compose(&units);
                    st.context = join(&st.context, &rel);
                }
            }
            continue;
        };

        // The clause may open a Rules scope and operate on it at once.
        let scoped_here = rules_scope(clause);
        if let Some(t) = &scoped_here {
            st.rules = Some(t.clone());
            st.context.clear();
        }

        if op == AmendOp::RepealAct {
            let kazakh = REPEAL_KK.is_match(m_clause);
            match &own {
                Some((act, rs, re_)) => {
                    // A unit between the reference and the phrase: a repeal of a part.
                    let between = if kazakh {
                        m_clause.get(*re_..vs).unwrap_or("")
                    } else {
                        m_clause.get(ve..*rs).unwrap_or("")
                    };
                    let rel = compose(&find_units(between));
                    if !rel.is_empty() {
                        out.push(Amendment {
                            op: AmendOp::Exclude,
                            target_act: act.clone(),
                            target_path: rel,
                            new_text: None,
                            old_words: None,
                            new_words: None,
                            source_path: source_path.clone(),
                            quote: String::new(),
                            target_rules: None,
                        });
                        continue;
                    }
                    if kazakh {
                        for (p, a) in st.pending.drain(..) {
                            out.push(repeal(a, &p));
                        }
                    }
                    out.push(repeal(act.clone(), &source_path));
                    // «решения ... «...» от ... № 34-202 (...) и «...» от ... № 2-17 (...)»: more
                    // acts of the same type in the clause, each a date and a number outside
                    // quotes and brackets.
                    // Only when the clause speaks of several acts («утратившими силу решения»,
                    // «шешімдерінің»): one act's title may cite others.
                    let plural = m_clause.to_lowercase().contains("утратившими")
                        || refs.iter().any(|r| {
                            r.kazakh
                                && ["дер", "тер", "лар", "лер", "тар"]
                                    .iter()
                                    .any(|p| r.type_form.to_lowercase().contains(p))
                        });
                    if plural {
                        for more in more_acts(m_clause, act) {
                            out.push(repeal(more, &source_path));
                        }
                    }
                }
                None => {
                    if kazakh && !st.pending.is_empty() {
                        for (p, a) in st.pending.drain(..) {
                            out.push(repeal(a, &p));
                        }
                    } else {
                        // «Признать утратившими силу:» followed by a list.
                        st.repeal_list = true;
                    }
                }
            }
            continue;
        }

        // An operation on units of the current target act.
        if let Some((act, _, _)) = &own {
            st.target = act.clone();
            st.rules = scoped_here.clone();
        }
        // The new text: inline quote or a pointer to this act's appendix.
        let pointer = POINTER_RU
            .captures(m_clause)
            .or_else(|| POINTER_KK.captures(m_clause));
        let pointer_span = pointer
            .as_ref()
            .and_then(|c| c.get(0))
            .map(|m| (m.start(), m.end()));
        let pointer_path = pointer.as_ref().and_then(|c| c.get(0)).map(|_| {
            let n = pointer
                .as_ref()
                .and_then(|c| c.get(1))
                .map_or("1", |m| m.as_str());
            format!("appendix:{n}")
        });
        // Units named by the clause, outside quotes, the pointer, the Rules' name and refs.
        let mut unit_text = m_clause.to_string();
        let mut blank = |s: usize, e: usize| {
            if let Some(r) = unit_text.get(s..e) {
                let spaces = " ".repeat(r.len());
                unit_text.replace_range(s..e, &spaces);
            }
        };
        if let Some((s, e)) = pointer_span {
            blank(s, e);
        }
        for r in &refs {
            blank(r.start, r.end);
        }
        if let Some(m) = RULES_RU.find(m_clause).or_else(|| RULES_KK.find(m_clause)) {
            blank(m.start(), m.end());
        }
        // One operation per unit of a list («строки, порядковые номера 3, 4 и 9»); rows given by
        // their content (a quoted table before the operation) by the numbers in their first cell.
        let mut rels = compose_all(&unit_text);
        if let Some(rows) = st.rows_by_content.take() {
            if rels.is_empty() {
                rels = rows.iter().map(|n| format!("row:{n}")).collect();
            }
        }
        st.awaiting_rows = false;
        // «перечень ... исключить»: a whole document the amended act approved, by its name.
        let named_doc = if rels.is_empty() && scoped_here.is_none() {
            NAMED_DOC
                .captures(m_clause.get(..vs).unwrap_or(""))
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().trim().trim_end_matches(',').to_string())
        } else {
            None
        };
        let target_path = if named_doc.is_some() {
            String::new()
        } else {
            join(&st.context, rels.first().map_or("", String::as_str))
        };
        // Quotes inside this clause, in order.
        let inner: Vec<&QuoteSpan> = spans
            .iter()
            .filter(|q| q.depth == 0 && q.open >= a && q.close <= b)
            .collect();
        let mut am = Amendment {
            op,
            target_act: st.target.clone(),
            target_path,
            new_text: None,
            old_words: None,
            new_words: None,
            source_path,
            quote: String::new(),
            target_rules: named_doc.or_else(|| st.rules.clone()),
        };
        match op {
            AmendOp::SubstituteWords => {
                let kazakh = m_clause.contains("ауыстырылсын");
                if kazakh {
                    am.old_words = inner.first().map(|q| q.inner(&full).to_string());
                    am.new_words = inner.get(1).map(|q| q.inner(&full).to_string());
                } else {
                    am.old_words = inner
                        .iter()
                        .rev()
                        .find(|q| q.close <= a + vs)
                        .map(|q| q.inner(&full).to_string());
                    am.new_words = inner
                        .iter()
                        .find(|q| q.open >= a + ve)
                        .map(|q| q.inner(&full).to_string());
                }
            }
            AmendOp::Exclude | AmendOp::Insert if !inner.is_empty() && words_clause(m_clause) => {
                // Words excluded («слова "..." исключить») or added («дополнить словами "..."»).
                if op == AmendOp::Exclude {
                    am.old_words = inner.first().map(|q| q.inner(&full).to_string());
                } else {
                    let kazakh = m_clause.contains("толықтырылсын");
                    let (before, after): (Vec<&&QuoteSpan>, Vec<&&QuoteSpan>) =
                        inner.iter().partition(|q| q.close <= a + vs);
                    if kazakh {
                        am.old_words = inner
                            .first()
                            .filter(|_| inner.len() > 1)
                            .map(|q| q.inner(&full).to_string());
                        am.new_words = inner.last().map(|q| q.inner(&full).to_string());
                    } else {
                        am.old_words = before.last().map(|q| q.inner(&full).to_string());
                        am.new_words = after.first().map(|q| q.inner(&full).to_string());
                    }
                }
            }
            _ => {
                am.new_text = pointer_path
                    .clone()
                    .or_else(|| quote_after(&full, &spans, b));
                if am.new_text.is_none() && matches!(op, AmendOp::NewEdition | AmendOp::Insert) {
                    // A table row's new edition follows as a table.
                    if let Some(next) = segs.get(si + 1).filter(|s| s.kind == NodeKind::Table) {
                        am.new_text = Some(next.text.clone());
                    } else if let Some(q) = inner.last() {
                        am.new_text = Some(q.inner(&full).to_string());
                    } else {
                        diags.push(Diagnostic::info(
                            am.source_path.clone(),
                            "operation without a new text".to_string(),
                        ));
                    }
                }
            }
        }
        if am.target_act == ActRef::default() {
            diags.push(Diagnostic::warning(
                am.source_path.clone(),
                "amendment without a target act".to_string(),
            ));
        }
        st.pending.clear();
        let more: Vec<Amendment> = rels
            .iter()
            .skip(1)
            .map(|rel| Amendment {
                target_path: join(&st.context, rel),
                ..am.clone()
            })
            .collect();
        out.push(am);
        out.extend(more);
    }
    (out, diags)
}

/// True when the full stop at `dot` ends an abbreviation («ст. 311», «2005 г., № 25», «т.е.»,
/// «пп. 3»), not a sentence: the word before it is one to three lower-case letters, or the text
/// after it goes on in lower case or with a number.
fn after_abbreviation(text: &str, dot: usize) -> bool {
    let before = text.get(..dot).unwrap_or("");
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let short = (1..=3).contains(&word.chars().count()) && word.chars().all(char::is_lowercase);
    // An initial of a name («Центр Н. Назарбаева», «А.С. Иванов»).
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    if initial {
        return true;
    }
    let next = text
        .get(dot + 1..)
        .unwrap_or("")
        .chars()
        .find(|c| !c.is_whitespace());
    let continues = next
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, ',' | ';' | ')'));
    short && continues || next.is_some_and(char::is_lowercase)
}

/// The acts a repeal clause names besides `first`: every «№ N» outside quotes (masked) and
/// brackets, with the date written before it, of the same type as `first`.
fn more_acts(masked: &str, first: &ActRef) -> Vec<ActRef> {
    let mut depth = 0i32;
    let mut inside = vec![false; masked.len() + 1];
    for (i, c) in masked.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
        for k in i..i + c.len_utf8() {
            if let Some(x) = inside.get_mut(k) {
                *x = depth > 0 || c == ')';
            }
        }
    }
    let dates = tizilim_lex::dates::find_dates(masked);
    let mut out: Vec<ActRef> = Vec::new();
    let mut prev = 0usize;
    for (s, e, n) in tizilim_lex::refs::numbers(masked) {
        if inside.get(s).copied().unwrap_or(false) {
            continue;
        }
        let date = dates
            .iter()
            .rev()
            .find(|d| {
                d.start >= prev && d.end <= s && !inside.get(d.start).copied().unwrap_or(false)
            })
            .map(|d| d.date.clone());
        prev = e;
        if Some(n.as_str()) == first.number.as_deref() || date.is_none() {
            continue;
        }
        if out.iter().any(|a| a.number.as_deref() == Some(n.as_str())) {
            continue;
        }
        out.push(ActRef {
            act_type: first.act_type.clone(),
            issuer: first.issuer.clone(),
            number: Some(n),
            date,
            ..ActRef::default()
        });
    }
    out
}

/// The act an item of a list of repealed acts names. The item may open with the act's title
/// («"О внесении изменений в приказ ... № 546 ..." приказ Министра ... № 1538 (зарегистрирован
/// ... № 17788)») or with the act («Приказ ... № 546 "Об утверждении ..." (зарегистрирован ...)»);
/// Kazakh items end with it («... № 1538 бұйрығы»). The act is the one the registration
/// parenthesis follows; without one, the last reference when the item opens with a title, else
/// the first.
fn listed_act(refs: &[RefMatch], clause: &str) -> Option<ActRef> {
    let body = clause
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')' | '-'))
        .trim_start();
    let title_first = body.starts_with(['«', '"', '“', '„']);
    let kazakh = refs.iter().any(|r| r.kazakh);
    if !title_first && !kazakh {
        return refs
            .iter()
            .find(|r| r.act.number.is_some() || r.act.date.is_some())
            .map(|r| r.act.clone());
    }
    if let Some(r) = refs
        .iter()
        .rev()
        .find(|r| r.act.registration_number.is_some())
    {
        return Some(r.act.clone());
    }
    refs.iter()
        .rev()
        .find(|r| r.act.number.is_some() || r.act.date.is_some())
        .map(|r| r.act.clone())
}

fn words_clause(m_clause: &str) -> bool {
    let l = m_clause.to_lowercase();
    l.contains("слов") || l.contains("цифр") || l.contains("деген") || WORDS_RU.is_match(&l)
}

fn repeal(act: ActRef, source_path: &str) -> Amendment {
    Amendment {
        op: AmendOp::RepealAct,
        target_act: act,
        target_path: String::new(),
        new_text: None,
        old_words: None,
        new_words: None,
        source_path: source_path.to_string(),
        quote: String::new(),
        target_rules: None,
    }
}

/// The Rules a clause scopes to, by name.
fn rules_scope(clause: &str) -> Option<String> {
    if let Some(c) = RULES_RU.captures(clause) {
        let t = c.get(1)?.as_str().trim();
        let t = t.strip_prefix("в ").unwrap_or(t);
        return Some(rules_nominative_ru(t));
    }
    if let Some(c) = RULES_KK.captures(clause) {
        return Some(rules_nominative_kk(c.get(1)?.as_str().trim()));
    }
    None
}

fn rules_nominative_ru(t: &str) -> String {
    for (suf, new) in [
        ("Правилах ", "Правила "),
        ("Правилами ", "Правила "),
        ("Правил ", "Правила "),
        ("Положении ", "Положение "),
        ("Перечне ", "Перечень "),
        ("Регламенте ", "Регламент "),
        ("Стандарте ", "Стандарт "),
        ("Списке ", "Список "),
        ("Структуре ", "Структура "),
    ] {
        // «в перечне ...» as «в Перечне ...»: the case of the first letter is kept.
        let lower_suf = suf.to_lowercase();
        if let Some(rest) = t.strip_prefix(suf) {
            return format!("{new}{rest}");
        }
        if let Some(rest) = t.strip_prefix(lower_suf.as_str()) {
            return format!("{}{rest}", new.to_lowercase());
        }
    }
    t.to_string()
}

fn rules_nominative_kk(t: &str) -> String {
    let (head, last) = match t.rfind(' ') {
        Some(i) => (&t[..=i], &t[i + 1..]),
        None => ("", t),
    };
    let lower = last.to_lowercase();
    for (suf, new) in [
        ("қағидаларында", "қағидалары"),
        ("қағидаларына", "қағидалары"),
        ("қағидаларының", "қағидалары"),
        ("қағидасында", "қағидасы"),
        ("ережесінде", "ережесі"),
        ("ережеде", "ереже"),
        ("тізбесінде", "тізбесі"),
        ("тізбеде", "тізбе"),
        ("стандартында", "стандарты"),
        ("регламентінде", "регламенті"),
    ] {
        if lower.ends_with(suf) {
            let stem_len = last.len() - suf.len();
            return format!("{head}{}{new}", last.get(..stem_len).unwrap_or(""));
        }
    }
    t.to_string()
}

/// Appendix kinds the reader enters.
fn list_kind(node: &Node) -> Option<bool> {
    static CHANGES: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)вносятся\s+изменени|вносимых\s+изменени|изменени\w*(?:\s+и\s+дополнени\w*)?,?\s+которые\s+вносятся|өзгерістер\w*(?:\s+мен\s+толықтырулар)?\s+енгізілетін|енгізілетін\s+өзгерістер",
        )
    });
    static REPEALS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)утративш\w+\s+силу|подлежащих\s+отмене|отменяем\w+|күші\s+жойылған|күші\s+жойылды\s+деп\s+танылатын|күші\s+жойылуға\s+жататын|деп\s+тануға\s+жататын|жойылатын",
        )
    });
    let mut probe = node.heading.clone().unwrap_or_default();
    for c in node.children.iter().take(4) {
        if matches!(c.kind, NodeKind::Paragraph | NodeKind::Heading) {
            probe.push(' ');
            probe.push_str(&c.text);
        }
    }
    let probe = clean(&probe);
    if REPEALS.is_match(&probe) && probe.to_lowercase().contains("переч")
        || probe.contains("тізбесі") && REPEALS.is_match(&probe)
    {
        return Some(true);
    }
    if CHANGES.is_match(&probe) {
        return Some(false);
    }
    None
}

fn label(n: &Node) -> String {
    match (n.kind, n.number.as_deref()) {
        (NodeKind::Point | NodeKind::Item, Some(k)) => format!("{k}. "),
        (NodeKind::Subpoint, Some(k)) => format!("{k}) "),
        _ => String::new(),
    }
}

fn push_segments(
    n: &Node,
    owner: &str,
    top: bool,
    repeal_list: bool,
    out: &mut Vec<Segment>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match n.kind {
        NodeKind::Note | NodeKind::Signature | NodeKind::Approval => return,
        _ => {}
    }
    let is_unit = matches!(
        n.kind,
        NodeKind::Point
            | NodeKind::Subpoint
            | NodeKind::Item
            | NodeKind::Row
            | NodeKind::Article
            | NodeKind::Chapter
    );
    let path = if is_unit {
        n.path.clone()
    } else {
        owner.to_string()
    };
    let text = match (&n.table, n.kind) {
        (Some(t), NodeKind::Table) => t.text(),
        _ => n.text.clone(),
    };
    let text = format!("{}{}", label(n), clean(&text));
    if !text.trim().is_empty() {
        out.push(Segment {
            path: path.clone(),
            text,
            kind: n.kind,
            top,
            repeal_list,
        });
    }
    for c in &n.children {
        push_segments(c, &path, false, false, out, depth + 1);
    }
}

/// The segments of a document's body and of its appendices that list changes or repealed acts.
pub fn segments(tree: &[Node]) -> Vec<Segment> {
    let mut out = Vec::new();
    for n in tree {
        match n.kind {
            NodeKind::Appendix => {
                if let Some(repeals) = list_kind(n) {
                    for c in &n.children {
                        let top = matches!(c.kind, NodeKind::Point | NodeKind::Item);
                        push_segments(c, &n.path, top, repeals, &mut out, 1);
                    }
                }
            }
            _ => {
                let top = matches!(
                    n.kind,
                    NodeKind::Point | NodeKind::Article | NodeKind::Preamble
                );
                push_segments(n, "", top, false, &mut out, 0);
            }
        }
    }
    out
}

/// Extracts the amendments of a document.
pub fn extract(tree: &[Node]) -> (Vec<Amendment>, Diagnostics) {
    from_segments(&segments(tree))
}

static POINT_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d+(?:-\d+)*)\.\s+(.*)$"));
static SUB_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d+(?:-\d+)*)\)\s+(.*)$"));

/// Segments from a plain passage, one paragraph a line: «N. » starts a point, «N) » a subpoint
/// of the current point, other lines are paragraphs of the current unit. Lines inside a quote
/// that is still open stay paragraphs. For tests and for callers without a tree.
pub fn segments_from_text(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut point = String::new();
    let mut unit = String::new();
    let mut open_quotes = 0i32;
    for line in text.lines() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let in_quote = open_quotes > 0;
        let (path, kind, body, top) = if in_quote {
            (unit.clone(), NodeKind::Paragraph, l.to_string(), false)
        } else if let Some(c) = POINT_LINE.captures(l) {
            point = format!("point:{}", &c[1]);
            unit = point.clone();
            (
                point.clone(),
                NodeKind::Point,
                format!("{}. {}", &c[1], &c[2]),
                true,
            )
        } else if let Some(c) = SUB_LINE.captures(l) {
            unit = if point.is_empty() {
                format!("subpoint:{}", &c[1])
            } else {
                format!("{point}/subpoint:{}", &c[1])
            };
            (
                unit.clone(),
                NodeKind::Subpoint,
                format!("{}) {}", &c[1], &c[2]),
                false,
            )
        } else {
            (unit.clone(), NodeKind::Paragraph, l.to_string(), false)
        };
        // Track «...» balance and straight quotes (odd count toggles).
        for c in l.chars() {
            match c {
                '«' => open_quotes += 1,
                '»' => open_quotes -= 1,
                _ => {}
            }
        }
        let straight = l.chars().filter(|&c| c == '"').count();
        if straight % 2 == 1 {
            open_quotes = if open_quotes > 0 { 0 } else { 1 };
        }
        open_quotes = open_quotes.max(0);
        out.push(Segment {
            path,
            text: clean(&body),
            kind,
            top,
            repeal_list: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition of [`mask`]: a character is masked when some outermost quote opens
    /// before it and closes after its end.
    fn mask_naive(s: &str, spans: &[QuoteSpan]) -> String {
        s.char_indices()
            .map(|(i, c)| {
                let inside = spans
                    .iter()
                    .any(|q| q.depth == 0 && i > q.open && i + c.len_utf8() < q.close);
                if inside {
                    " ".repeat(c.len_utf8())
                } else {
                    c.to_string()
                }
            })
            .collect()
    }

    #[test]
    fn mask_matches_its_definition_and_is_linear() {
        for s in [
            "слова «заменить» на «изменить», «а «б» в» и \"x\" y",
            "сөздер «ауыстырылсын» деген «сөз» «",
            "«««»»» » « «a» b",
            "",
        ] {
            let spans = quote_spans(s);
            assert_eq!(mask(s, &spans), mask_naive(s, &spans), "{s}");
        }
        let many = "«а» ".repeat(20_000);
        let spans = quote_spans(&many);
        let t = std::time::Instant::now();
        let masked = mask(&many, &spans);
        assert_eq!(masked.len(), many.len());
        assert!(
            t.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            t.elapsed()
        );
    }
}
