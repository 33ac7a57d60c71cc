//! References to other acts inside a text: type, issuer, date, number, registration number, title.
//!
//! Russian references are head-first: «приказ Министра ... от 21 октября 2014 года № 97 "Об
//! утверждении ..." (зарегистрирован в Реестре ... под № 10555)» — the parser reads forward from
//! the type word. Kazakh references are head-last: «"... туралы" Қазақстан Республикасы ...
//! министрінің 2014 жылғы 21 қазандағы № 97 бұйрығына (... тізілімінде № 10555 болып тіркелген
//! ...)» — the parser reads backward from the type word, then forward into the registration
//! parenthesis. The text should be cleaned first ([`super::norm::clean`]): one space between words.

use crate::gated::Gated;
use crate::stems::Stems;
use std::sync::LazyLock;

use regex::Regex;

use super::norm::{
    self, floor_boundary, is_kk_genitive, paren_at, paren_before, quote_at, quote_before,
    quote_spans, QuoteSpan,
};
use crate::dates::{date_at_end, date_at_start};
use crate::ActRef;

/// A reference found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct RefMatch {
    /// The act referenced.
    pub act: ActRef,
    /// Byte offset where the reference starts (title, issuer or type word).
    pub start: usize,
    /// Byte offset just past the reference (number, title or registration parenthesis).
    pub end: usize,
    /// Byte span of the type word.
    pub type_span: (usize, usize),
    /// The type word as written («бұйрығына», «приказом»).
    pub type_form: String,
    /// True for a Kazakh type word.
    pub kazakh: bool,
}

/// The Russian type words, every form (letters only).
const RU_TYPE_WORDS: &str = r"приказ(?:а|у|ом|е|ы|ов|ами|ам|ах)?|постановлени(?:е|я|ю|ем|и|й|ями|ям)|закон(?:а|у|ом|е|ы|ов|ами|ам)?|кодекс(?:а|у|ом|е|ы|ов)?|указ(?:а|у|ом|е|ы|ов)?|решени(?:е|я|ю|ем|и|й)|распоряжени(?:е|я|ю|ем|и|й)";

/// The Kazakh type words, every form (letters only).
const KK_TYPE_WORDS: &str = r"бұйрығ(?:ы|ының|ына|ымен|ында|ын)|бұйрық(?:пен|қа|тың|та|тар|тары|тарының|тарына|тарымен|тарын)?|қаулы(?:сы|сының|сына|сымен|сында|мен|ға|ның|лар|лары|ларының|ларына|ларын)?|заң(?:ы|ының|ына|ымен|ында|ға|ның|да)?|кодекс(?:і|інің|іне|імен|інде)|жарлығ(?:ы|ының|ына|ымен)|жарлық(?:пен|қа|тың)?|шешім(?:і|інің|іне|імен|інде|мен|ге|нің|дер|дері|дерінің|деріне|дерін)?";

/// A whole word that is a type word: matched against one word exactly (see [`type_words`]).
fn whole_word(words: &str) -> Regex {
    crate::re::new(&format!("(?i)^(?:{words})$")).expect("static regex")
}

static RU_TYPE: LazyLock<Regex> = LazyLock::new(|| whole_word(RU_TYPE_WORDS));
static KK_TYPE: LazyLock<Regex> = LazyLock::new(|| whole_word(KK_TYPE_WORDS));

/// Where a type word may start: its stem, found without word boundaries (a Unicode `\b` keeps
/// the regex engine off its fast automaton; the anchored patterns above check the whole word).
const RU_STEMS: [&str; 7] = [
    "приказ",
    "постановлени",
    "закон",
    "кодекс",
    "указ",
    "решени",
    "распоряжени",
];
const KK_STEMS: [&str; 6] = ["бұйры", "қаулы", "заң", "кодекс", "жарлы", "шешім"];

/// The tag of a Russian stem in [`TYPE_STEMS`].
const RU: u8 = 1;
/// The tag of a Kazakh stem in [`TYPE_STEMS`].
const KK: u8 = 2;

/// The type stems of both languages, in one search ([`Stems`]; «кодекс» is in both). No stem
/// of one list is a prefix of a different stem of the other, so at every word start one search
/// finds what a search per language would (a test says so).
static TYPE_STEMS: LazyLock<Stems> =
    LazyLock::new(|| Stems::new(&[(RU, &RU_STEMS), (KK, &KK_STEMS)]));

/// False when [`find_refs`] on the cleaned `text` ([`crate::norm::clean`]) finds nothing for
/// sure: cleaning cannot give it a type word's stem ([`crate::norm::clean_may_match`]). A cheap
/// test before cleaning text that mostly holds no reference.
pub fn may_refer(text: &str) -> bool {
    crate::norm::clean_may_match(text, |t| TYPE_STEMS.is_match(t))
}

/// Bytes of text after a stem that [`type_words`] gives the anchored word pattern: more than
/// the longest type word («постановлениями», «бұйрықтарының», 30 bytes) can take.
const WORD_WINDOW: usize = 96;

/// The type words of `text`, Russian and Kazakh (at most 500 of each): a stem at a word start,
/// then the whole word (its run of word characters) by the language's type-word pattern. The
/// same as the type-word pattern anchored at the stem and ending in a Unicode `\b`: its forms
/// are letters only, so a match ends where the run of word characters ends or nowhere; but a
/// Unicode `\b` keeps the regex engine off its lazy automaton (it runs the backtracker
/// instead, clearing a bit set per search), and this does not.
fn type_words(text: &str) -> [Vec<(usize, usize)>; 2] {
    let mut out = [Vec::new(), Vec::new()];
    for m in TYPE_STEMS.find_iter(text) {
        let at_start = text[..m.start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if !at_start {
            continue;
        }
        // The word is looked for within `WORD_WINDOW` bytes, past the longest type word: a
        // longer run of word characters is no type word, cut or not.
        let end = (m.start + WORD_WINDOW..text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        // The run of word characters, as the regex engine's Unicode `\w` has them.
        let window = &text[m.start..end];
        let run = window
            .char_indices()
            .find(|&(_, c)| !regex_syntax::is_word_character(c))
            .map_or(window.len(), |(i, _)| i);
        for (found, tag, word) in [(0, RU, &*RU_TYPE), (1, KK, &*KK_TYPE)] {
            let Some(found) = out.get_mut(found) else {
                continue;
            };
            if m.tags & tag != 0 && found.len() < 500 && word.is_match(&window[..run]) {
                found.push((m.start, m.start + run));
            }
        }
    }
    out
}

/// «№ 41/НҚ», «№ 123», «№ 414-V ЗРК», «№ 61-VII»; old texts write a Latin «N 325».
const NUM: &str =
    r"(?:№|\bN\s)\s*(\d+(?:[-/.][0-9A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]+)*(?:\s(?:ЗРК|ҚРЗ))?)";

static NUM_AT: LazyLock<Gated> =
    LazyLock::new(|| Gated::new(&format!(r"^\s*{NUM}")).expect("static regex"));
static NUM_END: LazyLock<Gated> =
    LazyLock::new(|| Gated::new(&format!(r"{NUM}\s*$")).expect("static regex"));
static NUM_ANY: LazyLock<Gated> = LazyLock::new(|| Gated::new(NUM).expect("static regex"));
/// A comma inside a Russian issuer is followed by more of the name in the genitive
/// («Министра цифрового развития, инноваций и ...»), not by a participle or a clause.
static COMMA_CONT: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"^\s*(?:[А-ЯЁа-яё]+(?:ий|ей|ов|ев|ых|их|ой|ии|и|ы|а|я)\b)(?:\s|$)")
        .expect("static regex")
});
static CLAUSE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?i)^\s*(?:утвержд|принят|зарегистр|котор|указан|введен|опубликован|в том)")
        .expect("static regex")
});
static OT_AT: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"^\s*(?i:от)\s").expect("static regex"));
static RU_REG: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?i)(?:зарегистр|регистрации|реестре)[^()]*?(?:под|за)?\s*№\s*(\d+)")
        .expect("static regex")
});
static KK_REG: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?i)(?:тізілімінде|тізімінде)\s*№\s*(\d+)|№\s*(\d+)\s*(?:болып\s+)?тіркел")
        .expect("static regex")
});
/// A newspaper issue «№ 339 (27613)»: not a registration number.
static NEWSPAPER: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"№\s*\d+\s*\(\d+\)").expect("static regex"));
/// Digits glued to a quote or a letter (a displaced hyperlink in a PDF text layer).
static GLUED_NUM: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r#"(?:["»“”]|№\s*)(\d{3,7})\b|\b(\d{3,7})["«„]"#).expect("static regex")
});

/// The nominative type of a type word in any case form.
pub fn nominative_type(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let table: [(&str, &str); 13] = [
        ("приказ", "приказ"),
        ("постановлени", "постановление"),
        ("закон", "закон"),
        ("кодекс", "кодекс"),
        ("указ", "указ"),
        ("решени", "решение"),
        ("распоряжени", "распоряжение"),
        ("бұйры", "бұйрық"),
        ("қаулы", "қаулы"),
        ("заң", "заң"),
        ("жарлы", "жарлық"),
        ("шешім", "шешім"),
        ("кодекс", "кодекс"),
    ];
    table
        .iter()
        .find(|(stem, _)| w.starts_with(stem))
        .map(|(_, n)| *n)
}

/// The same act type in the other language: `решение` ↔ `шешім`, `приказ` ↔ `бұйрық`, ...
/// (`None` for a type word of neither list).
pub fn type_in(act_type: &str, lang: crate::Language) -> Option<&'static str> {
    const PAIRS: [(&str, &str); 8] = [
        ("приказ", "бұйрық"),
        ("совместный приказ", "бірлескен бұйрық"),
        ("постановление", "қаулы"),
        ("закон", "заң"),
        ("кодекс", "кодекс"),
        ("указ", "жарлық"),
        ("решение", "шешім"),
        ("распоряжение", "өкім"),
    ];
    let t = act_type.trim().to_lowercase();
    PAIRS
        .iter()
        .find(|(ru, kk)| *ru == t || *kk == t)
        .map(|(ru, kk)| match lang {
            crate::Language::Ru => *ru,
            crate::Language::Kk => *kk,
        })
}

fn is_law_like(t: &str) -> bool {
    matches!(t, "закон" | "кодекс" | "заң")
}

/// Registration number inside a parenthesis that follows a reference.
pub fn registration_in(paren: &str) -> Option<String> {
    if let Some(c) = RU_REG.captures(paren) {
        if let Some(m) = c.get(1) {
            return Some(m.as_str().to_string());
        }
    }
    if let Some(c) = KK_REG.captures(paren) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            return Some(m.as_str().to_string());
        }
    }
    let lower = paren.to_lowercase();
    if !(lower.contains("тіркел") || lower.contains("зарегистр")) {
        return None;
    }
    // The number was displaced by the text layer: take a number glued to a quote, or a
    // «№ N» that is not a newspaper issue.
    let newspaper: Vec<(usize, usize)> = NEWSPAPER
        .find_iter(paren)
        .map(|m| (m.start(), m.end()))
        .collect();
    for c in GLUED_NUM.captures_iter(paren) {
        let Some(m) = c.get(1).or_else(|| c.get(2)) else {
            continue;
        };
        if newspaper
            .iter()
            .any(|&(s, e)| m.start() >= s && m.end() <= e)
        {
            continue;
        }
        return Some(m.as_str().to_string());
    }
    None
}

fn ru_issuer_end(rest: &str) -> usize {
    // The issuer runs to «от <date>», «№», a quote, a bracket or punctuation.
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        // «и.о.», «м.а.»: an abbreviation's full stop is not the end of the issuer.
        let abbreviation = c == '.'
            && rest[..i]
                .rsplit([' ', '.'])
                .next()
                .is_some_and(|w| w.chars().count() == 1);
        if !abbreviation
            && (matches!(c, '№' | '(' | ')' | ';' | ':' | '.' | '\n') || norm::is_quote(c))
        {
            end = i;
            break;
        }
        let after = rest.get(i + 1..).unwrap_or("");
        if c == ',' && (!COMMA_CONT.is_match(after) || CLAUSE_WORD.is_match(after)) {
            end = i;
            break;
        }
        let ot = if c == ' ' {
            OT_AT.find(&rest[i..])
        } else {
            None
        };
        if let Some(m) = ot {
            let after = rest.get(i + m.end()..).unwrap_or("").trim_start();
            if date_at_start(after.get(..floor_boundary(after, 60)).unwrap_or("")).is_some() {
                end = i;
                break;
            }
        }
    }
    end
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The head nouns of a Russian issuer in the genitive, as written in lower case after a type
/// word: «решение акима области», «постановление акимата», «решение маслихата», «приказ
/// министра», «решение ... сессии ... маслихата».
static RU_ISSUER_HEAD: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(
        r"^(?:(?:областн|городск|районн|республиканск|местн)\w+\s+)?(?:акима|акимата|маслихата|министра|министерства|правительства|председателя|руководителя|заместителя|первого|исполняющего|и\.\s?о\.|комитета|агентства|департамента|управления|управляющего|главы|генерального|президента|сессии|[IVXLСХ]+\s+сессии|совместн\w+)(?:\b|\s)",
    )
    .expect("static regex")
});

/// True when a phrase after a type word starts an issuer: a capital, or a lower-case head noun
/// of an issuer.
fn starts_issuer(s: &str) -> bool {
    starts_upper(s) || RU_ISSUER_HEAD.is_match(s)
}

fn parse_ru(text: &str, spans: &[QuoteSpan], ts: usize, te: usize) -> Option<RefMatch> {
    let form = text.get(ts..te)?.to_string();
    let act_type = nominative_type(&form)?;
    let mut act = ActRef {
        act_type: Some(act_type.to_string()),
        ..ActRef::default()
    };
    let mut cur = te;
    let mut end = te;
    for _ in 0..8 {
        let rest = text.get(cur..)?;
        let trimmed = rest.trim_start();
        let pos = cur + (rest.len() - trimmed.len());
        if trimmed.is_empty() {
            break;
        }
        if act.date.is_none() {
            let (skip, body) = match OT_AT.find(trimmed) {
                Some(m) => (m.end(), &trimmed[m.end()..]),
                None => (0, trimmed),
            };
            let window = body.get(..floor_boundary(body, 60)).unwrap_or("");
            if let Some(d) = date_at_start(window) {
                act.date = Some(d.date);
                cur = pos + skip + d.end;
                end = cur;
                continue;
            }
        }
        if act.number.is_none() {
            if let Some(c) = NUM_AT.captures(trimmed) {
                if let (Some(all), Some(n)) = (c.get(0), c.get(1)) {
                    act.number = Some(n.as_str().to_string());
                    cur = pos + all.end();
                    end = cur;
                    continue;
                }
            }
        }
        if act.title.is_none()
            && (act.number.is_some()
                || act.date.is_some()
                || act.issuer.is_some()
                || is_law_like(act_type))
        {
            if let Some(q) = quote_at(text, spans, pos) {
                act.title = Some(q.inner(text).trim().to_string());
                cur = q.close;
                end = cur;
                continue;
            }
        }
        if trimmed.starts_with('(') {
            if let Some((o, c)) = paren_at(text, pos) {
                let inner = text.get(o..c).unwrap_or("");
                if let Some(r) = registration_in(inner) {
                    act.registration_number = Some(r);
                    end = c;
                } else if act.date.is_none() && act.number.is_none() && act.issuer.is_some() {
                    // «решение областного маслихата (ХLVI сессия, V созыв) от ...»: a remark
                    // inside the issuer; the date and number follow it.
                    cur = c;
                    continue;
                }
            }
            break;
        }
        if act.issuer.is_none()
            && act.date.is_none()
            && act.number.is_none()
            && starts_issuer(trimmed)
        {
            let e = ru_issuer_end(trimmed);
            let issuer = trimmed.get(..e).unwrap_or("").trim();
            let words = issuer.split(' ').count();
            if !issuer.is_empty() && words <= 20 {
                act.issuer = Some(norm::nominative_ru(issuer));
                cur = pos + e;
                end = cur;
                continue;
            }
        }
        break;
    }
    let accepted = act.date.is_some()
        || act.number.is_some()
        || (is_law_like(act_type) && act.title.is_some());
    accepted.then_some(RefMatch {
        act,
        start: ts,
        end,
        type_span: (ts, te),
        type_form: form,
        kazakh: false,
    })
}

/// The issuer that ends at `end` (a genitive word) in a Kazakh text: from «Қазақстан
/// Республикасы»/«ҚР» or the first capitalised word after the last hard boundary.
fn kk_issuer_before(text: &str, end: usize, law: bool) -> Option<usize> {
    let head = text.get(..end)?.trim_end();
    let last = head.rsplit(' ').next()?;
    let republic = last.starts_with("Республикасы") || last == "ҚР" || last == "РК";
    if !(is_kk_genitive(last) || (law && republic)) {
        return None;
    }
    let wstart = floor_boundary(head, head.len().saturating_sub(400));
    let window = head.get(wstart..)?;
    // Hard boundary: the last of . : ; ( ) quotes or a spaced dash.
    let mut bpos = 0usize;
    let wchars: Vec<(usize, char)> = window.char_indices().collect();
    for (k, &(i, c)) in wchars.iter().enumerate() {
        let next = wchars.get(k + 1).map(|&(_, n)| n);
        let prev = if k > 0 {
            wchars.get(k - 1).map(|&(_, p)| p)
        } else {
            None
        };
        let hard = match c {
            ':' | ';' | '(' | ')' => true,
            '.' => next.is_none_or(|n| n == ' ') && !window[..i].ends_with("м.а"),
            '-' | '–' | '—' => prev == Some(' ') && next == Some(' '),
            _ => norm::is_quote(c),
        };
        if hard {
            bpos = i + c.len_utf8();
        }
    }
    let seg = window.get(bpos..)?;
    let seg_off = wstart + bpos;
    // Prefer the name of the state.
    let anchors = ["Қазақстан Республикасы", "ҚР "];
    let mut best: Option<usize> = None;
    for a in anchors {
        if let Some(i) = seg.rfind(a) {
            best = Some(best.map_or(i, |b: usize| b.max(i)));
        }
    }
    if let Some(i) = best {
        return Some(seg_off + i);
    }
    // Else the first capitalised word among the last eight.
    let words: Vec<(usize, &str)> = seg
        .split(' ')
        .scan(0usize, |off, w| {
            let here = *off;
            *off += w.len() + 1;
            Some((here, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let from = words.len().saturating_sub(8);
    words
        .get(from..)?
        .iter()
        .find(|(_, w)| starts_upper(w))
        .map(|(o, _)| seg_off + o)
}

fn parse_kk(text: &str, spans: &[QuoteSpan], ts: usize, te: usize) -> Option<RefMatch> {
    let form = text.get(ts..te)?.to_string();
    let act_type = nominative_type(&form)?;
    let law = is_law_like(act_type);
    let mut act = ActRef {
        act_type: Some(act_type.to_string()),
        ..ActRef::default()
    };
    let mut cur = ts;
    let mut start = ts;
    for _ in 0..8 {
        let head = text.get(..cur)?;
        let trimmed = head.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let wstart = floor_boundary(trimmed, trimmed.len().saturating_sub(160));
        let window = trimmed.get(wstart..)?;
        if act.number.is_none() && act.date.is_none() && act.issuer.is_none() {
            // (Every number opens with «№» or a Latin «N».)
            let numbered = window.contains('№') || window.contains('N');
            if let Some(c) = numbered.then(|| NUM_END.captures(window)).flatten() {
                if let (Some(all), Some(n)) = (c.get(0), c.get(1)) {
                    act.number = Some(n.as_str().to_string());
                    cur = wstart + all.start();
                    start = cur;
                    continue;
                }
            }
        }
        if act.date.is_none() {
            if let Some(d) = date_at_end(window) {
                act.date = Some(d.date);
                cur = wstart + d.start;
                start = cur;
                continue;
            }
            if trimmed.ends_with(')') {
                if let Some((o, _)) = paren_before(text, cur) {
                    cur = o;
                    continue;
                }
            }
        }
        if trimmed.ends_with("м.а.") || trimmed.ends_with("м.а") {
            cur = trimmed.len()
                - if trimmed.ends_with('.') {
                    "м.а.".len()
                } else {
                    "м.а".len()
                };
            continue;
        }
        if act.issuer.is_none() {
            if let Some(is) = kk_issuer_before(text, cur, law) {
                let issuer = text.get(is..trimmed.len()).unwrap_or("").trim();
                if !issuer.is_empty() {
                    act.issuer = Some(norm::nominative_kk(issuer));
                    cur = is;
                    start = cur;
                    continue;
                }
            }
        }
        if act.title.is_none() {
            if let Some(q) = quote_before(text, spans, cur) {
                act.title = Some(q.inner(text).trim().to_string());
                cur = q.open;
                start = cur;
                continue;
            }
        }
        break;
    }
    let mut end = te;
    if let Some((o, c)) = paren_at(text, te) {
        if let Some(r) = registration_in(text.get(o..c).unwrap_or("")) {
            act.registration_number = Some(r);
            end = c;
        }
    }
    let accepted = act.date.is_some() || act.number.is_some() || (law && act.title.is_some());
    accepted.then_some(RefMatch {
        act,
        start,
        end,
        type_span: (ts, te),
        type_form: form,
        kazakh: true,
    })
}

/// Finds every reference to an act in `text` (cleaned), in order of the type word.
pub fn find_refs(text: &str) -> Vec<RefMatch> {
    refs_in(text, None)
}

/// [`find_refs`] of a text whose quoted stretches ([`quote_spans`]) the caller has found.
pub fn find_refs_quoted(text: &str, quotes: &[QuoteSpan]) -> Vec<RefMatch> {
    refs_in(text, Some(quotes))
}

fn refs_in(text: &str, quotes: Option<&[QuoteSpan]>) -> Vec<RefMatch> {
    let words = words_in_order(text);
    if words.is_empty() {
        return Vec::new();
    }
    let found;
    let spans = match quotes {
        Some(q) => q,
        None => {
            found = quote_spans(text);
            &found
        }
    };
    words
        .into_iter()
        .filter_map(|w| parse_at(text, spans, w))
        .collect()
}

/// The type words of `text` in text order, each with `true` for a Kazakh one (a Russian one
/// first where both start at the same place: «кодекс» is in both lists): the order of
/// [`find_refs`]'s references.
fn words_in_order(text: &str) -> Vec<(usize, usize, bool)> {
    let [ru, kk] = type_words(text);
    let mut words: Vec<(usize, usize, bool)> = ru
        .into_iter()
        .map(|(s, e)| (s, e, false))
        .chain(kk.into_iter().map(|(s, e)| (s, e, true)))
        .collect();
    // (A stable sort: the Russian word of a place stays first.)
    words.sort_by_key(|w| w.0);
    words
}

/// The reference a type word makes, read in its language's direction.
fn parse_at(
    text: &str,
    spans: &[QuoteSpan],
    (s, e, kazakh): (usize, usize, bool),
) -> Option<RefMatch> {
    if kazakh {
        parse_kk(text, spans, s, e)
    } else {
        parse_ru(text, spans, s, e)
    }
}

/// The first reference of [`find_refs`] whose type word starts at or after byte `from`: the
/// type words from there are read in order and the search stops at the first that makes a
/// reference (those before `from`, and after the one found, are not read).
pub fn first_ref_from(text: &str, from: usize) -> Option<RefMatch> {
    let mut spans: Option<Vec<QuoteSpan>> = None;
    words_in_order(text)
        .into_iter()
        .filter(|w| w.0 >= from)
        .find_map(|w| parse_at(text, spans.get_or_insert_with(|| quote_spans(text)), w))
}

/// Every «№ N» in a text: (byte start of «№», byte end, the number).
pub fn numbers(text: &str) -> Vec<(usize, usize, String)> {
    NUM_ANY
        .captures_iter(text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let n = c.get(1)?;
            Some((all.start(), all.end(), n.as_str().to_string()))
        })
        .collect()
}

/// Any «№ N» in a text (for notes whose number the text layer displaced).
pub fn first_number(text: &str) -> Option<String> {
    NUM_ANY
        .captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `type_words` gives what the type-word pattern anchored at the stem and ending in a
    /// Unicode `\b` gives (over a window cut as before), after every kind of character.
    #[test]
    fn type_words_are_the_bounded_pattern_s() {
        let bounded =
            |words: &str| crate::re::new(&format!(r"(?i)^(?:{words})\b")).expect("test regex");
        let old = |text: &str, stem: &Regex, word: &Regex| -> Vec<(usize, usize)> {
            let mut out = Vec::new();
            for m in stem.find_iter(text) {
                let at_start = text[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                if !at_start {
                    continue;
                }
                let end = (m.start() + WORD_WINDOW..text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                if let Some(w) = word.find(&text[m.start()..end]) {
                    out.push((m.start(), m.start() + w.end()));
                }
            }
            out
        };
        let (ru_b, kk_b) = (bounded(RU_TYPE_WORDS), bounded(KK_TYPE_WORDS));
        let stem = |stems: &[&str]| {
            crate::re::new(&format!("(?i){}", stems.join("|"))).expect("test regex")
        };
        let (ru_s, kk_s) = (stem(&RU_STEMS), stem(&KK_STEMS));
        let words = [
            "приказ",
            "приказом",
            "Приказами",
            "ПОСТАНОВЛЕНИЕМ",
            "постановлениями",
            "закон",
            "законах",
            "кодексу",
            "указом",
            "решений",
            "распоряжения",
            "бұйрығы",
            "бұйрығының",
            "Бұйрықтарымен",
            "бұйрық",
            "қаулысының",
            "ҚАУЛЫЛАРЫНА",
            "заңы",
            "заңда",
            "кодексінің",
            "жарлығымен",
            "жарлықпен",
            "шешімдерінің",
            "шешім",
            "приказы",
            "бұйрықтар",
        ];
        let long = "а".repeat(60);
        let afters = [
            "",
            " ",
            ",",
            ".",
            ")",
            "»",
            "-",
            "–",
            "1",
            "_",
            "\u{301}",
            "\u{200d}",
            "\u{b2}",
            "ы",
            "н",
            "ның",
            "x",
            "\u{a0}",
            "\n",
            "№",
            long.as_str(),
        ];
        let mut found = 0;
        for w in words {
            for a in afters {
                for before in ["", " ", "«", "у"] {
                    let text = format!("{before}{w}{a} и {w}{a}");
                    let got = type_words(&text);
                    for (k, (stem, b)) in [(&ru_s, &ru_b), (&kk_s, &kk_b)].into_iter().enumerate() {
                        let want = old(&text, stem, b);
                        found += want.len();
                        assert_eq!(got.get(k), Some(&want), "{text:?}");
                    }
                }
            }
        }
        assert!(found > 1000, "{found}");
    }

    /// What lets one search serve both languages ([`TYPE_STEMS`]): no stem of one list is a
    /// prefix of a different stem of the other, so where a type word starts, the search
    /// reports the stem each language's own search would. (A stem found inside another one
    /// starts after a letter, where no type word starts, so one that a match hides is never
    /// one that counts.)
    #[test]
    fn no_stem_of_one_language_starts_another_s() {
        for (a, b) in RU_STEMS
            .iter()
            .flat_map(|a| KK_STEMS.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| a != b)
        {
            assert!(!a.starts_with(b) && !b.starts_with(a), "{a} / {b}");
        }
    }

    fn one(text: &str) -> ActRef {
        let refs = find_refs(text);
        assert_eq!(refs.len(), 1, "{refs:#?}");
        refs.into_iter().next().map(|r| r.act).unwrap_or_default()
    }

    /// `first_ref_from` is the first reference of the whole search whose type word starts at
    /// or after the place, from every place of texts with several references in both languages.
    #[test]
    fn the_first_reference_from_a_place_is_the_whole_search_s() {
        let texts = [
            "Внести в приказ Министра юстиции от 5 мая 2020 года № 7 и в постановление Правительства от 1 марта 2019 года № 12 изменения; указ № 3",
            "Қазақстан Республикасы Әділет министрінің 2020 жылғы 5 мамырдағы № 7 бұйрығына және Үкіметтің 2019 жылғы 1 наурыздағы № 12 қаулысына, Кодексі",
            "«Об утверждении Правил» приказом от 16.05.2016 № 318 (зарегистрирован в Реестре под № 13803), решением маслихата № 5, кодекс",
            "ҚР Әділет министрінің 15.02.2023 № 121 (алғаш ресми жарияланған күнінен кейін қолданысқа енгізіледі) бұйрығымен; приказом № 9",
        ];
        let mut found = 0;
        for t in texts {
            let all = find_refs(t);
            assert!(all.len() >= 2, "{t}");
            for (from, _) in t.char_indices().chain([(t.len(), ' ')]) {
                let want = all.iter().find(|r| r.type_span.0 >= from).cloned();
                found += usize::from(want.is_some());
                assert_eq!(first_ref_from(t, from), want, "{t:?} from {from}");
            }
        }
        assert!(found > 100, "{found}");
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_string())
    }

    #[test]
    fn may_refer_only_skips_text_without_type_words() {
        for t in [
            "в соответствии с Законом Республики Казахстан",
            "Қазақстан Республикасының Заңына сәйкес",
            "бұйрығымен бекітілген",
            "ПОСТАНОВЛЕНИЕМ Правительства",
            // A Latin look-alike inside a word: cleaning may make a type word of it.
            "пpиказом Министра",
        ] {
            assert!(may_refer(t), "{t}");
        }
        for t in [
            "Услугополучатель представляет документы",
            "Көрсетілетін қызметті алушы өтініш береді",
        ] {
            assert!(!may_refer(t), "{t}");
            assert!(find_refs(t).is_empty(), "{t}");
        }
    }

    #[test]
    fn ru_full() {
        let a = one(
            r#"Внести в приказ Министра национальной экономики Республики Казахстан от 21 октября 2014 года № 97 "Об утверждении Правил выдачи справок" (зарегистрирован в Реестре государственной регистрации нормативных правовых актов под № 10555) следующее изменение:"#,
        );
        assert_eq!(a.act_type, s("приказ"));
        assert_eq!(
            a.issuer,
            s("Министр национальной экономики Республики Казахстан")
        );
        assert_eq!(a.date, s("2014-10-21"));
        assert_eq!(a.number, s("97"));
        assert_eq!(a.title, s("Об утверждении Правил выдачи справок"));
        assert_eq!(a.registration_number, s("10555"));
    }

    #[test]
    fn ru_forms() {
        let a = one("Утратил силу приказом Министра цифрового развития Республики Казахстан от 18.03.2020 № 72/НҚ");
        assert_eq!((a.number, a.date), (s("72/НҚ"), s("2020-03-18")));
        let a = one("в соответствии с Законом РК от 23 ноября 2015 года № 414-V ЗРК");
        assert_eq!(a.act_type, s("закон"));
        assert_eq!(a.number, s("414-V ЗРК"));
        let a = one(
            r#"статьи 12 Закона Республики Казахстан "О государственных услугах" и определяют"#,
        );
        assert_eq!(a.title, s("О государственных услугах"));
        assert!(find_refs("указанным приказом изложить").is_empty());
        let a = one("постановлением Правительства Республики Казахстан от 1 марта 2016 года № 100");
        assert_eq!(a.issuer, s("Правительство Республики Казахстан"));
    }

    #[test]
    fn kk_full() {
        let a = one(
            r#"1. "Анықтамалар беру қағидаларын бекіту туралы" Қазақстан Республикасы Ұлттық экономика министрінің 2014 жылғы 21 қазандағы № 97 бұйрығына (Қазақстан Республикасының нормативтік құқықтық актілерінің мемлекеттік тізімінде № 10555 болып тіркелген, 2015 жылғы 16 қаңтарда "Әділет" ақпараттық-құқықтық жүйесінде жарияланған) мынадай өзгеріс енгізілсін:"#,
        );
        assert_eq!(a.act_type, s("бұйрық"));
        assert_eq!(
            a.issuer,
            s("Қазақстан Республикасы Ұлттық экономика министрі")
        );
        assert_eq!(a.date, s("2014-10-21"));
        assert_eq!(a.number, s("97"));
        assert_eq!(a.registration_number, s("10555"));
        assert_eq!(a.title, s("Анықтамалар беру қағидаларын бекіту туралы"));
    }

    #[test]
    fn kk_forms() {
        let a = one(
            r#""Құқықтық актілер туралы" 2016 жылғы 6 сәуірдегі Қазақстан Республикасының Заңы 50-бабының 2-тармағына сәйкес"#,
        );
        assert_eq!(a.act_type, s("заң"));
        assert_eq!(a.date, s("2016-04-06"));
        assert_eq!(a.title, s("Құқықтық актілер туралы"));
        let a = one("Ескерту. 5-тармақ жаңа редакцияда - ҚР Ұлттық экономика министрінің м.а. 16.05.2016 № 318 (алғаш ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен.");
        assert_eq!((a.number, a.date), (s("318"), s("2016-05-16")));
        assert_eq!(a.issuer, s("ҚР Ұлттық экономика министрі"));
        let a = one("Күші жойылды - Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрінің 2020 жылғы 19 ақпандағы № 72/НҚ бұйрығымен");
        assert_eq!(a.issuer, s("Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрі"));
        assert!(find_refs("Министрлігінің Заң департаментіне ұсынуды").is_empty());
    }

    #[test]
    fn displaced_registration() {
        assert_eq!(
            registration_in(
                r#"(Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № тіркелген, 2013 жылғы 19 желтоқсандағы № 339 (27613) "Егемен Қазақстан"7311 газетінде жарияланған)"#
            ),
            s("7311")
        );
        assert_eq!(
            registration_in(
                r#"(Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде тіркелген, 2014 жылғы 25 қыркүйектегі № 187 (27808) "№ 9776 Егемен Қазақстан" газетінде жарияланған)"#
            ),
            s("9776")
        );
    }
}
