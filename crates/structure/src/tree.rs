//! The structural tree: chapters, points, subpoints, appendices, notes, tables.
//!
//! The parser reads blocks in order and classifies each by the patterns of the language —
//! «12.», «3)», «Глава 2.», «2-тарау.», «Приложение 2 к Правилам», «...қағидаларына 2-қосымша»,
//! «Утверждены приказом», «...бұйрығымен бекітілген», «Сноска.», «Ескерту.», «СОГЛАСОВАНО»,
//! «КЕЛІСІЛДІ», a signature «Б. Мусин» — then places it with a small state machine: one context
//! per container (the act, each appendix), with the open chapter, point and subpoint list.
//!
//! Nodes are first collected flat with an explicit parent path and assembled into a tree at the
//! end, so that a note between two subpoints does not close the point they belong to.
//!
//! Points of Rules are numbered through the Rules, so their path skips the chapter. Appendix
//! nesting: an appendix «к Правилам» / «қағидаларына» belongs to the Rules being read; one «к
//! приказу» / «бұйрығына» is a new top-level appendix of the order, unless it names another
//! order's number or continues the Rules' own numbering (old Rules carry forms headed as
//! appendices of the order they came from).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use tizilim_lex::gated::Gated;
use tizilim_lex::units::{self, UnitKind};

use super::{Node, NodeKind};
use tizilim_lex::diag::{Diagnostic, Diagnostics};
use tizilim_text::{Block, BlockKind, Table};

/// Upper bound on the items one document may produce (a pathological input cannot make the
/// parser allocate without limit).
const MAX_ITEMS: usize = 500_000;

/// What the tree parser hands on besides the tree.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The tree.
    pub tree: Vec<Node>,
    /// Text before the body (title lines, status, header line).
    pub lead: Vec<String>,
    /// The signature text.
    pub signature: Option<String>,
    /// Header blocks of the top-level appendices.
    pub appendix_asides: Vec<String>,
    /// The body's points text.
    pub body_text: String,
    /// Diagnostics.
    pub diagnostics: Diagnostics,
}

macro_rules! re {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Regex> =
            LazyLock::new(|| tizilim_lex::re::new($pat).expect("static regex"));
    };
}

/// A pattern with Unicode word boundaries, behind its pre-test ([`Gated`]).
macro_rules! gated {
    ($name:ident, $pat:expr) => {
        static $name: LazyLock<Gated> = LazyLock::new(|| Gated::new($pat).expect("static regex"));
    };
}

re!(POINT, r"(?s)^(\d{1,3}(?:-\d{1,3})?)\.(?:\s+|([^\d\s.]))");
re!(SUBPOINT, r"(?s)^(\d{1,3}(?:-\d{1,3})?)\)\s*");
gated!(
    NEW_TEXT_INTRO,
    r"(?i)(?:редакци\w*|содержани\w*|мазмұнда\w*|редакцияда|толықтырылсын|дополнить\b[^«]*)\s*[:\-–—]?\s*$"
);

/// Whether the first guillemet a paragraph leaves open starts new text of an amendment.
fn opens_new_text(text: &str) -> bool {
    let mut stack: Vec<usize> = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '«' => stack.push(i),
            '»' => {
                stack.pop();
            }
            _ => {}
        }
    }
    let Some(&first) = stack.first() else {
        return false;
    };
    let before = text.get(..first).unwrap_or("").trim();
    before.is_empty() || NEW_TEXT_INTRO.is_match(before)
}
macro_rules! heading {
    ($name:ident, $f:ident, $kind:ident, $tail:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| {
            tizilim_lex::re::new(&format!("{}{}", units::$f(UnitKind::$kind), $tail))
                .expect("static regex")
        });
    };
}
heading!(CHAPTER_RU, heading_ru, Chapter, r"\.?\s*");
heading!(CHAPTER_KK, heading_kk, Chapter, r"\.?\s*");
heading!(SECTION_RU, heading_ru, Section, r"\.?\s*");
heading!(SECTION_KK, heading_kk, Section, r"\.?\s*");
heading!(ARTICLE_RU, heading_ru, Article, r"\.\s*");
heading!(ARTICLE_KK, heading_kk, Article, r"\.\s*");
re!(NOTE, r"^(?:Сноска|СНОСКА|Ескерту|ЕСКЕРТУ)\s*[.:]");
static AMEND_VERB: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(&format!("(?i:{})", units::AMEND_VERBS)).expect("static regex")
});
gated!(
    APPROVAL,
    r#"^["«]?\s*(?:СОГЛАСОВАН[ОАЫ]?|Согласовано|КЕЛІСІЛДІ|Келісілді)\b"#
);
re!(
    APPENDIX_RU,
    r"^(?i:приложение)(?:\s*№?\s*(\d{1,3}(?:-\d{1,3})?))?(?:\s+(?i:к)\s+(\S+))?"
);
re!(
    APPENDIX_KK,
    r"(?:(\d{1,3}(?:-\d{1,3})?)\s*-?\s*)?(?i:қосымша)(?:\s*\*)?\s*$"
);
gated!(STAMP_RU, r"^(?i:утвержден[аоы]?)\b");
re!(
    STAMP_KK,
    r"(?i:бұйрығымен|қаулысымен|шешімімен|өкімімен|жарлығымен|бұйрықпен)\s+(?i:бекітілген|бекітілді)\s*$"
);
static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(&format!(r"(?:{})\s*:?\s*$", units::COMMAND_WORDS)).expect("static regex")
});
re!(
    SIGNATURE_NAME,
    r"^(?:[\p{L}«»\x22().,–—-]+\s+){0,16}?\p{Lu}\.\s?(?:\p{Lu}\.\s?)?\p{Lu}[\p{Ll}]+(?:-\p{Lu}[\p{Ll}]+)?$"
);
re!(
    TRAILING_SIGNATURE,
    r"^(.*[.;])\s+((?:\p{Lu}[\p{L}-]*\s+){1,4}\p{Lu}\.\s?(?:\p{Lu}\.\s?)?\p{Lu}[\p{Ll}]+)$"
);
re!(
    HEADER_THEN_MARKER,
    r"(?s)^(.{0,400}?(?:\d{1,3}\s*-\s*)?(?i:қосымша)|(?i:приложение)\s*№?\s*\d{0,3}\s+(?i:к)\s.{0,300}?)\s+((?i:нысан|форма))\b[\s.]*(.*)$"
);
re!(
    HEADER_THEN_TITLE,
    r"(?s)^(.{0,400}?(?i:қағидаларға|қағидаларына|қағидасына|бұйрығына|қаулысына|шешіміне|өкіміне)\s+(?:\d{1,3}\s*-\s*)?(?i:қосымша))\s+(\p{Lu}.*)$"
);
gated!(
    NAME_INSIDE,
    r"\b\p{Lu}\.\s?(?:\p{Lu}\.\s?)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?\b"
);
re!(
    STAMP_THEN_TITLE,
    r"(?s)^((?:\p{Lu}|\d).{0,400}?(?i:бұйрығымен|қаулысымен|шешімімен|өкімімен|бұйрықпен)\s+(?i:бекітілген|бекітілді))\s+(\p{Lu}[^.;:]{0,300})$"
);
re!(FORM_MARKER, r"^(?i:форма|нысан|үлгі нысан|типовая форма)$");
// Necessary conditions of the two patterns above, without their bounded repetitions: cheap tests
// that spare those captures on every segment that cannot match (nearly all of them).
gated!(
    MARKER_NEEDS,
    r"(?i:қосымша)\s+(?i:нысан|форма)\b|^(?i:приложение)\s*№?\s*\d{0,3}\s+(?i:к)\s"
);
// What MARKER_NEEDS and TITLE_NEEDS both need, without the Unicode `\b` (which keeps the lazy
// automaton off non-ASCII text): a test of one pass on the fast automaton.
re!(APPENDIX_WORD, r"(?i)қосымша|^приложение");
re!(
    STAMP_NEEDS,
    r"(?i:бұйрығымен|қаулысымен|шешімімен|өкімімен|бұйрықпен)\s+(?i:бекітілген|бекітілді)\s+\p{Lu}"
);
re!(
    TITLE_NEEDS,
    r"(?i:қағидаларға|қағидаларына|қағидасына|бұйрығына|қаулысына|шешіміне|өкіміне)\s+(?:\d{1,3}\s*-\s*)?(?i:қосымша)\s+\p{Lu}"
);
re!(
    OWN_NUMBER,
    r"№\s*([0-9][0-9A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүІі/-]*)"
);
re!(ROW_NUMBER, r"^([1-9]\d{0,3})\.?$");

/// What an appendix header refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AppTarget {
    /// «к Правилам», «қағидаларына».
    Rules,
    /// «к приказу», «бұйрығына».
    Order,
    /// Something else or unsaid.
    Other,
}

#[derive(Debug, Clone)]
enum Class {
    Note,
    Approval,
    AppendixHeader {
        number: Option<String>,
        target: AppTarget,
        act_number: Option<String>,
    },
    Stamp {
        act_number: Option<String>,
    },
    FormMarker,
    Section(String, String),
    Chapter(String, String),
    Article(String, String),
    Point(String, String),
    Subpoint(String, String),
    Signature,
    Heading,
    Paragraph,
    Table(Table),
}

#[derive(Debug, Clone)]
struct Item {
    class: Class,
    text: String,
    page: Option<u32>,
    kind: BlockKind,
}

/// Builds the tree from blocks. Never fails.
pub fn build(blocks: &[Block]) -> Parsed {
    let mut diags = Diagnostics::new();
    let items = itemize(blocks, &mut diags);
    let mut st = State::new();
    st.run(&items);
    let mut parsed = st.finish();
    parsed.diagnostics.splice(0..0, diags);
    parsed
}

fn itemize(blocks: &[Block], diags: &mut Diagnostics) -> Vec<Item> {
    let mut items = Vec::new();
    for b in blocks {
        if items.len() >= MAX_ITEMS {
            diags.push(Diagnostic::error(
                "",
                format!("more than {MAX_ITEMS} text blocks; the rest is not structured"),
            ));
            break;
        }
        if let (BlockKind::Table, Some(t)) = (b.kind, &b.table) {
            items.extend(table_items(t, b.page));
            continue;
        }
        for seg in split_segments(&b.text)
            .into_iter()
            .flat_map(split_form_marker)
        {
            let class = classify(&seg, b.kind);
            items.push(Item {
                class,
                text: seg,
                page: b.page,
                kind: b.kind,
            });
        }
    }
    items
}

/// Splits a block at hard breaks before lines that open a unit, a note or an approval, so that
/// «ОБЩАЯ ЧАСТЬ<br>РАЗДЕЛ 1<br>Глава 1. ...» gives three items.
fn split_segments(text: &str) -> Vec<String> {
    // One line is one segment (or none): what a line opens or closes matters only beside
    // another line.
    if memchr::memchr(b'\n', text.as_bytes()).is_none() {
        let l = text.trim();
        return if l.is_empty() {
            Vec::new()
        } else {
            vec![l.to_string()]
        };
    }
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for line in text.split('\n') {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let marker = FORM_MARKER.is_match(l);
        // (What opens a segment matters only when one is open.)
        if !cur.is_empty()
            && (marker || tizilim_text::reflow::opens_unit(l) || APPROVAL.is_match(l))
        {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push('\n');
        }
        cur.push_str(l);
        if marker {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// «бекіт» without its first letter (in either case), as a substring search built once.
static BEKIT: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("екіт"));

/// Splits «...қағидаларға 1-қосымша нысан (текст формы)» — a header, the form marker and the
/// form's first text run together by a PDF reader — into its three parts.
fn split_form_marker(seg: String) -> Vec<String> {
    let appendix = APPENDIX_WORD.is_match(&seg);
    if appendix && MARKER_NEEDS.is_match(&seg) {
        if let Some(c) = HEADER_THEN_MARKER.captures(&seg) {
            let mut out = vec![c[1].trim().to_string(), c[2].trim().to_string()];
            let rest = c.get(3).map_or("", |m| m.as_str()).trim();
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
            return out;
        }
    }
    // «бекіт» first (a substring search): the capture below costs a pass over every segment.
    if BEKIT.find(seg.as_bytes()).is_some() && STAMP_NEEDS.is_match(&seg) {
        if let Some(c) = STAMP_THEN_TITLE.captures(&seg) {
            let mut out = split_form_marker(c[1].trim().to_string());
            out.push(c[2].trim().to_string());
            return out;
        }
    }
    if appendix && TITLE_NEEDS.is_match(&seg) {
        if let Some(c) = HEADER_THEN_TITLE.captures(&seg) {
            return vec![c[1].trim().to_string(), c[2].trim().to_string()];
        }
    }
    vec![seg]
}

/// A layout table (appendix header, signature) becomes text items; a data table stays a table.
fn table_items(t: &Table, page: Option<u32>) -> Vec<Item> {
    let non_empty: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| c.text.trim())
                .filter(|s| !s.is_empty() && *s != "\u{a0}")
                .collect()
        })
        .collect();
    let max_cells = non_empty.iter().map(|r| r.len()).max().unwrap_or(0);
    let cols = t.rows.iter().map(|r| r.len()).max().unwrap_or(0);
    if max_cells == 0 {
        return Vec::new();
    }
    let mk = |class: Class, text: String, kind: BlockKind| Item {
        class,
        text,
        page,
        kind,
    };
    if !t.bordered && cols <= 2 && max_cells == 1 {
        // Right-hand cells of a layout table: each row one aside block.
        return non_empty
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| {
                let text = r.join("\n");
                let class = classify(&text, BlockKind::Aside);
                mk(class, text, BlockKind::Aside)
            })
            .collect();
    }
    if !t.bordered && cols <= 2 && t.rows.len() <= 2 && non_empty.iter().all(|r| r.len() <= 2) {
        let text = non_empty
            .iter()
            .map(|r| r.join(" | "))
            .collect::<Vec<_>>()
            .join("\n");
        let last = non_empty
            .iter()
            .rev()
            .find_map(|r| r.last().copied())
            .unwrap_or("");
        if SIGNATURE_NAME.is_match(last) && last.chars().count() < 60 {
            return vec![mk(Class::Signature, text, BlockKind::Table)];
        }
    }
    vec![mk(Class::Table(t.clone()), t.text(), BlockKind::Table)]
}

/// The document an appendix header names, by the stem of its last word in any case: a header
/// is written in the dative («қағидаларына 2-қосымша», «бұйрығына 3-қосымша»), but a text read
/// back from wrong-language OCR may carry another case of the same word («бұйрықта»).
const KK_RULES_STEMS: [&str; 4] = ["қағида", "стандарт", "регламент", "ереже"];
const KK_ORDER_STEMS: [&str; 9] = [
    "бұйры",
    "қаулы",
    "шешім",
    "өкім",
    "жарлы",
    "кодекс",
    "заңы",
    "заңға",
    "заңда",
];

fn classify(text: &str, kind: BlockKind) -> Class {
    // Latin look-alikes inside words («бекiтiлген» with a Latin i) must not hide a marker.
    let folded = tizilim_lex::lookalike::fold_lookalikes(text);
    let t = folded.trim();
    let first_line = t.lines().next().unwrap_or("");
    // (Bytes first: a text of at most 400 bytes has at most 400 characters.)
    let short = t.len() <= 400 || t.chars().count() <= 400;
    if NOTE.is_match(t) {
        return Class::Note;
    }
    if APPROVAL.is_match(t) {
        return Class::Approval;
    }
    if short {
        if let Some(c) = captures(&APPENDIX_RU, first_line) {
            let to = c.get(2).map(|m| m.as_str().to_lowercase());
            let whole = t.replace('\n', " ");
            let to = to.or_else(|| {
                APPENDIX_RU
                    .captures(&whole)
                    .and_then(|c| c.get(2))
                    .map(|m| m.as_str().to_lowercase())
            });
            if c.get(1).is_some() || to.is_some() {
                let target = match to.as_deref() {
                    // The document the order approves: Rules, a standard, a reglament, a regulation.
                    Some(w)
                        if ["правил", "стандарт", "регламент", "положени"]
                            .iter()
                            .any(|p| w.starts_with(p)) =>
                    {
                        AppTarget::Rules
                    }
                    Some(w)
                        if [
                            "приказ",
                            "постановлен",
                            "решени",
                            "распоряжени",
                            "указ",
                            "закон",
                            "кодекс",
                        ]
                        .iter()
                        .any(|p| w.starts_with(p)) =>
                    {
                        AppTarget::Order
                    }
                    _ => AppTarget::Other,
                };
                return Class::AppendixHeader {
                    number: c.get(1).map(|m| m.as_str().to_string()),
                    target,
                    act_number: own_number(t),
                };
            }
        }
        let flat = if t.contains('\n') {
            std::borrow::Cow::Owned(t.replace('\n', " "))
        } else {
            std::borrow::Cow::Borrowed(t)
        };
        // (The pattern is anchored at the end of the text, so it is searched backwards from
        // there and fails at once on most texts: no pre-test reads the text forwards first.)
        if let Some(c) = APPENDIX_KK.captures(&flat) {
            // «... қағидаларына 1-қосымша», «... бұйрығына қосымша»; not a sentence that merely
            // ends with the word.
            let before = flat[..c.get(0).map(|m| m.start()).unwrap_or(0)].trim_end();
            // The last word may carry glued neighbours («жүргізуқағидаларына»): look at its end.
            let last_word = before
                .split_whitespace()
                .last()
                .unwrap_or("")
                .to_lowercase();
            let last_word = last_word.trim_end_matches(['»', '"', '“', '”']);
            let target = if [
                "қағидаларына",
                "қағидаларға",
                "қағидасына",
                "қағидаға",
                "қағидаларда",
                "стандартына",
                "стандартқа",
                "регламентіне",
                "регламентке",
                "ережеге",
                "ережесіне",
            ]
            .iter()
            .any(|e| last_word.ends_with(e))
                || KK_RULES_STEMS.iter().any(|e| last_word.starts_with(e))
            {
                AppTarget::Rules
            } else if [
                "бұйрығына",
                "қаулысына",
                "шешіміне",
                "өкіміне",
                "жарлығына",
                "заңына",
                "кодексіне",
                "бұйрыққа",
            ]
            .iter()
            .any(|e| last_word.ends_with(e))
                || KK_ORDER_STEMS.iter().any(|e| last_word.starts_with(e))
            {
                AppTarget::Order
            } else {
                AppTarget::Other
            };
            let standalone = before.is_empty() || kind == BlockKind::Aside;
            if !before.ends_with(['.', ';', ':', ','])
                && (target != AppTarget::Other || c.get(1).is_some() && standalone)
            {
                return Class::AppendixHeader {
                    number: c.get(1).map(|m| m.as_str().to_string()),
                    target,
                    act_number: own_number(t),
                };
            }
        }
        if STAMP_RU.is_match(t) || STAMP_KK.is_match(&flat) {
            return Class::Stamp {
                act_number: own_number(t),
            };
        }
        if FORM_MARKER.is_match(t) {
            return Class::FormMarker;
        }
    }
    // The unit patterns match only the label; the rest of the text is what follows the match
    // (capturing it as `(.*)$` cost a pass over every point's whole text).
    let rest = |c: &regex::Captures| c.get(0).and_then(|m| t.get(m.end()..)).unwrap_or("");
    let unit =
        |re: &Regex| captures(re, t).map(|c| (c[1].to_string(), rest(&c).trim().to_string()));
    // A Kazakh division heading, a point and a subpoint open with their number.
    let numbered = t.chars().next().is_some_and(char::is_numeric);
    // A Russian division heading is capitalised («Раздел 1», «ГЛАВА 2»); a line opening with
    // the word in lower case is an amending clause about it («раздел 1 «...» дополнить
    // пунктом 2-1 ...»).
    // In either language a heading gives no instruction («1-бөлім мынадай мазмұндағы
    // 2-1-тармақпен толықтырылсын:» is a clause).
    let capital = t.chars().next().is_some_and(char::is_uppercase);
    // (The label first: the verb search reads the whole line, and few lines are headings.)
    let instruction = std::cell::LazyCell::new(|| AMEND_VERB.is_match(first_line));
    let ru_unit = |re: &Regex| {
        if capital {
            unit(re).filter(|_| !*instruction)
        } else {
            None
        }
    };
    let kk_unit = |re: &Regex| {
        if numbered {
            unit(re).filter(|_| !*instruction)
        } else {
            None
        }
    };
    if let Some((n, h)) = ru_unit(&SECTION_RU).or_else(|| kk_unit(&SECTION_KK)) {
        return Class::Section(n, h);
    }
    if let Some((n, h)) = ru_unit(&CHAPTER_RU).or_else(|| kk_unit(&CHAPTER_KK)) {
        return Class::Chapter(n, h);
    }
    if let Some((n, h)) = ru_unit(&ARTICLE_RU).or_else(|| kk_unit(&ARTICLE_KK)) {
        return Class::Article(n, h);
    }
    if let Some(c) = numbered.then(|| POINT.captures(t)).flatten() {
        let glued = c.get(2).map_or("", |m| m.as_str());
        let rest = format!("{glued}{}", rest(&c));
        return Class::Point(c[1].to_string(), rest.trim().to_string());
    }
    if let Some(c) = numbered.then(|| SUBPOINT.captures(t)).flatten() {
        return Class::Subpoint(c[1].to_string(), rest(&c).trim().to_string());
    }
    if short
        && t.chars().count() < 120
        && SIGNATURE_NAME.is_match(t)
        && !t.ends_with('.')
        && t.split_whitespace().count() <= 16
    {
        // «Б. Мусин», «Министр Е. Досаев», a role over several lines ending in a name.
        let last_line = t.lines().last().unwrap_or("");
        if last_line.split_whitespace().count() <= 4 {
            return Class::Signature;
        }
    }
    if short && has_name_cell(t) {
        return Class::Signature;
    }
    if kind == BlockKind::Heading {
        return Class::Heading;
    }
    Class::Paragraph
}

/// How many more «opening» than «closing» guillemets a text has: their two-byte forms counted
/// by a byte scan for the lead byte 0xC2, which Cyrillic letters never hold (a search for the
/// character «»» stops at every «л», whose last byte it shares).
fn guillemet_balance(text: &str) -> i32 {
    let b = text.as_bytes();
    let mut n = 0i32;
    for i in memchr::memchr_iter(0xC2, b) {
        match b.get(i + 1) {
            Some(0xAB) => n += 1,
            Some(0xBB) => n -= 1,
            _ => {}
        }
    }
    n
}

/// `re`'s groups in `text`, searched only when the fast automaton finds a match: most blocks
/// match none of the label patterns, and a search for groups sets its captures up first.
fn captures<'h>(re: &Regex, text: &'h str) -> Option<regex::Captures<'h>> {
    re.is_match(text).then(|| re.captures(text)).flatten()
}

/// A short block that holds a person's name among role words and nothing that ends a sentence:
/// a signature block whose cells a PDF reader put on one line («... және Б. Мусин аэроғарыш
/// өнеркәсібі министрі», or tab-separated cells).
fn has_name_cell(t: &str) -> bool {
    if t.chars().count() >= 250 || t.split_whitespace().count() > 25 {
        return false;
    }
    let Some(m) = NAME_INSIDE.find(t) else {
        return false;
    };
    let rest = format!("{} {}", &t[..m.start()], &t[m.end()..]);
    !rest.contains(['.', ';', ':', '"', '«', '»', '(']) && !rest.chars().any(|c| c.is_ascii_digit())
}

/// Rewrites a signature block as «role | name» (the name moved to the end).
fn signature_text(t: &str) -> String {
    if NAME_INSIDE
        .find_iter(t)
        .last()
        .is_some_and(|m| t[m.end()..].trim().is_empty())
    {
        // Already «role ... name»: keep it as written.
        return t.to_string();
    }
    let flat = t
        .split(['\t', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let Some(m) = NAME_INSIDE.find(&flat) else {
        return t.to_string();
    };
    let role = format!("{} {}", &flat[..m.start()], &flat[m.end()..]);
    let role = role.split_whitespace().collect::<Vec<_>>().join(" ");
    if role.is_empty() {
        m.as_str().to_string()
    } else {
        format!("{role} | {}", m.as_str())
    }
}

/// Splits a signature that a hard-wrapped text glued to the last point («... енгізіледі.
/// Министр Е. Досаев»). Only the tail of the text is examined.
fn trailing_signature(text: &str) -> Option<(String, String)> {
    let flat = text.replace('\n', " ");
    let start = flat
        .char_indices()
        .rev()
        .nth(120)
        .map(|(i, _)| i)
        .unwrap_or(0);
    let tail = &flat[start..];
    let c = TRAILING_SIGNATURE.captures(tail)?;
    let sig = c.get(2)?;
    let head_end = start + c.get(1)?.end();
    Some((flat[..head_end].to_string(), sig.as_str().to_string()))
}

fn own_number(t: &str) -> Option<String> {
    OWN_NUMBER
        .captures(t)
        .map(|c| c[1].trim_end_matches(['.', ',']).to_string())
}

/// True for text that reads like a heading rather than a sentence.
fn heading_like(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().count();
    n > 0
        && n <= 160
        && !t.ends_with(['.', ';', ':', ','])
        && t.chars().next().is_some_and(|c| c.is_uppercase())
}

fn num_key(n: &str) -> (u32, u32) {
    let mut it = n.split('-');
    let a = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    let b = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    (a, b)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Lead,
    Body,
    After,
}

/// One container's context: the act itself or an appendix.
#[derive(Debug, Default)]
struct Ctx {
    path: String,
    /// Entry index of the container node (none for the act root).
    entry: Option<usize>,
    section: Option<String>,
    chapter: Option<String>,
    point: Option<String>,
    last_point: Option<(u32, u32)>,
    /// Subpoint list state of the open point: list index (1-based) and last number.
    list: u32,
    last_sub: Option<(u32, u32)>,
    subpoint: Option<String>,
    /// Whether the container still waits for its title.
    wants_title: bool,
    /// Whether the container has seen units (points/chapters).
    has_units: bool,
    /// Last nested appendix number (for Rules).
    last_nested: u32,
    counters: HashMap<&'static str, u32>,
}

impl Ctx {
    fn next(&mut self, what: &'static str) -> u32 {
        let c = self.counters.entry(what).or_insert(0);
        *c += 1;
        *c
    }
}

struct Entry {
    node: Node,
    parent: String,
}

struct State {
    entries: Vec<Entry>,
    paths: HashMap<String, usize>,
    stack: Vec<Ctx>,
    phase: Phase,
    lead: Vec<String>,
    signature: Option<String>,
    asides: Vec<String>,
    body: String,
    diags: Diagnostics,
    top_count: u32,
    own_number: Option<String>,
    /// Entry of the last approval block, which following loose lines extend.
    approval: Option<usize>,
    /// The last item was part of an appendix header (so a stamp merges into it).
    in_header: bool,
    /// Text that precedes an appendix header (its first lines set as separate blocks).
    header_prefix: Vec<String>,
    /// Entry index of the last paragraph placed, with its text (for a signature's role line).
    last_par: Option<usize>,
}

impl State {
    fn new() -> Self {
        let root = Ctx {
            wants_title: false,
            ..Default::default()
        };
        State {
            entries: Vec::new(),
            paths: HashMap::new(),
            stack: vec![root],
            phase: Phase::Lead,
            lead: Vec::new(),
            signature: None,
            asides: Vec::new(),
            body: String::new(),
            diags: Diagnostics::new(),
            top_count: 0,
            own_number: None,
            approval: None,
            in_header: false,
            header_prefix: Vec::new(),
            last_par: None,
        }
    }

    fn ctx(&mut self) -> &mut Ctx {
        let i = self.stack.len() - 1;
        &mut self.stack[i]
    }

    fn push(&mut self, mut node: Node, parent: String) -> usize {
        if self.paths.contains_key(&node.path) {
            let mut k = 2;
            while self.paths.contains_key(&format!("{}~{k}", node.path)) {
                k += 1;
            }
            self.diags.push(Diagnostic::warning(
                node.path.clone(),
                format!("duplicate unit; kept as {}~{k}", node.path),
            ));
            node.path = format!("{}~{k}", node.path);
        }
        let idx = self.entries.len();
        self.paths.insert(node.path.clone(), idx);
        self.entries.push(Entry { node, parent });
        idx
    }

    fn join(base: &str, seg: &str) -> String {
        if base.is_empty() {
            seg.to_string()
        } else {
            format!("{base}/{seg}")
        }
    }

    fn run(&mut self, items: &[Item]) {
        // Guillemets opened in an earlier paragraph and not yet closed: the quoted new text of
        // an amendment («28. ...» / «29. ...»»), whose numbered lines are not units of this act.
        let mut open_quote: i32 = 0;
        let mut opened_at = 0usize;
        for (i, item) in items.iter().enumerate() {
            let expected = |n: &str| {
                let key = num_key(n);
                match self.stack[self.stack.len() - 1].last_point {
                    None => key == (1, 0),
                    Some((a, b)) => key == (a + 1, 0) || key == (a, b + 1) || key == (a, 1),
                }
            };
            let quoted_unit = open_quote > 0
                && i - opened_at <= 40
                && match &item.class {
                    Class::Point(n, _) => !expected(n),
                    Class::Subpoint(..) => true,
                    _ => false,
                };
            if matches!(
                item.class,
                Class::Note
                    | Class::Approval
                    | Class::AppendixHeader { .. }
                    | Class::Stamp { .. }
                    | Class::Chapter(..)
                    | Class::Section(..)
                    | Class::Signature
            ) || i - opened_at > 40
            {
                open_quote = 0;
            }
            let balance = if matches!(
                item.class,
                Class::Paragraph | Class::Point(..) | Class::Subpoint(..)
            ) {
                guillemet_balance(&item.text)
            } else {
                0
            };
            // Only a quote that opens new text carries over: at the start of its paragraph or
            // after «в следующей редакции», «следующего содержания», «редакцияда», «мазмұндағы».
            // A title the source left open inside a unit («приказ ... «Об утверждении стандарта
            // «...» (зарегистрирован ...);») does not make the next units quoted.
            let balance = if open_quote <= 0 && balance > 0 && !opens_new_text(&item.text) {
                0
            } else {
                balance
            };
            if open_quote <= 0 && balance > 0 {
                opened_at = i;
            }
            open_quote = (open_quote + balance).max(0);
            if quoted_unit {
                let as_text = Item {
                    class: Class::Paragraph,
                    ..item.clone()
                };
                self.item(&as_text, None, false);
                continue;
            }
            let next_point = items[i + 1..].iter().find_map(|it| match &it.class {
                Class::Point(n, _) => Some(n.clone()),
                Class::Chapter(..) | Class::AppendixHeader { .. } | Class::Stamp { .. } => {
                    Some(String::new())
                }
                _ => None,
            });
            let next_is_header = matches!(
                items.get(i + 1).map(|x| &x.class),
                Some(Class::AppendixHeader { .. } | Class::Stamp { .. })
            );
            self.item(item, next_point.as_deref(), next_is_header);
        }
    }

    fn item(&mut self, item: &Item, next_point: Option<&str>, next_is_header: bool) {
        let was_header = self.in_header;
        self.in_header = false;
        match &item.class {
            Class::Note => {
                let ctx = self.ctx();
                let k = ctx.next("note");
                let parent = ctx.path.clone();
                let path = Self::join(&parent, &format!("note:{k}"));
                let mut n = Node::new(NodeKind::Note, path, None, item.text.clone());
                n.page = item.page;
                self.push(n, parent);
            }
            Class::Approval => {
                self.close_to_root();
                self.phase = Phase::After;
                let k = self.stack[0].next("approval");
                let mut n = Node::new(
                    NodeKind::Approval,
                    format!("approval:{k}"),
                    None,
                    item.text.clone(),
                );
                n.page = item.page;
                self.approval = Some(self.push(n, String::new()));
            }
            Class::AppendixHeader {
                number,
                target,
                act_number,
            } => {
                self.appendix(
                    item,
                    number.clone(),
                    *target,
                    act_number.clone(),
                    was_header,
                );
            }
            Class::Stamp { act_number } => {
                if was_header && self.stack.len() > 1 {
                    self.header_text(item);
                    self.in_header = true;
                } else {
                    self.appendix(item, None, AppTarget::Order, act_number.clone(), false);
                }
            }
            Class::FormMarker => {
                self.paragraph_in_container(item);
                self.in_header = was_header;
            }
            Class::Section(n, h) => self.division(NodeKind::Section, "section", n, h, item),
            Class::Chapter(n, h) => self.division(NodeKind::Chapter, "chapter", n, h, item),
            Class::Article(n, h) => self.division(NodeKind::Article, "article", n, h, item),
            Class::Point(n, text) => {
                let disguised_chapter = {
                    let ctx = &self.stack[self.stack.len() - 1];
                    let key = num_key(n);
                    let repeats = next_point.is_some_and(|np| {
                        !np.is_empty()
                            && (np == n
                                || Some(num_key(np))
                                    == ctx.last_point.map(|(a, b)| {
                                        if b > 0 {
                                            (a, b + 1)
                                        } else {
                                            (a + 1, 0)
                                        }
                                    }))
                    });
                    let goes_back = ctx.last_point.is_some_and(|lp| key <= lp);
                    item.kind == BlockKind::Heading && !text.ends_with(['.', ';', ':'])
                        || heading_like(text) && (goes_back || repeats) && self.stack.len() > 1
                };
                if disguised_chapter {
                    self.division(NodeKind::Chapter, "chapter", n, text, item);
                } else {
                    self.point(n, text, item);
                }
            }
            Class::Subpoint(n, text) => self.subpoint(n, text, item),
            Class::Signature => {
                if self.stack.len() == 1 && self.phase != Phase::Lead {
                    let mut text = signature_text(&item.text);
                    // The role may stand in the block before the name («... министрі» / «Б. Мусин»).
                    if let Some(pi) = self.last_par.take() {
                        if pi + 1 == self.entries.len() && heading_like(&self.entries[pi].node.text)
                        {
                            let role = self.entries.remove(pi);
                            self.paths.remove(&role.node.path);
                            text = format!("{}\n{text}", role.node.text);
                        }
                    }
                    self.set_signature(text, item.page);
                } else {
                    self.paragraph(item);
                }
            }
            Class::Heading => {
                if self.stack.len() > 1 && self.ctx().wants_title {
                    self.set_title(&item.text);
                } else if self.stack.len() == 1 && self.phase == Phase::Lead {
                    self.lead.push(item.text.clone());
                } else {
                    let ctx = self.ctx();
                    let k = ctx.next("heading");
                    let parent = ctx.path.clone();
                    let mut n = Node::new(
                        NodeKind::Heading,
                        Self::join(&parent, &format!("heading:{k}")),
                        None,
                        item.text.clone(),
                    );
                    n.page = item.page;
                    self.push(n, parent);
                }
            }
            Class::Paragraph => {
                if self.stack.len() == 1
                    && self.phase == Phase::After
                    && next_is_header
                    && heading_like(&item.text.replace('\n', " "))
                {
                    // The first lines of an appendix header set apart from the rest.
                    self.header_prefix.push(item.text.clone());
                    return;
                }
                self.paragraph(item);
            }
            Class::Table(t) => self.table(t, item),
        }
    }

    fn close_to_root(&mut self) {
        while self.stack.len() > 1 {
            self.stack.pop();
        }
    }

    fn set_signature(&mut self, text: String, page: Option<u32>) {
        self.close_to_root();
        self.phase = Phase::After;
        let mut n = Node::new(NodeKind::Signature, "signature".into(), None, text.clone());
        n.page = page;
        if self.signature.is_none() {
            self.signature = Some(text);
            self.push(n, String::new());
        } else {
            let k = self.stack[0].next("signature");
            n.path = format!("signature:{}", k + 1);
            self.push(n, String::new());
        }
    }

    fn appendix(
        &mut self,
        item: &Item,
        number: Option<String>,
        target: AppTarget,
        act_number: Option<String>,
        was_header: bool,
    ) {
        if was_header && number.is_none() && self.stack.len() > 1 {
            self.header_text(item);
            self.in_header = true;
            return;
        }
        let mut text = item.text.clone();
        if !self.header_prefix.is_empty() {
            let mut p = std::mem::take(&mut self.header_prefix);
            p.push(text);
            text = p.join("\n");
        }
        let top = self.stack.len() > 1;
        let in_rules = top && self.stack[1].has_units;
        let n_val = number.as_deref().map(num_key).map(|k| k.0);
        let names_other_act = match (&act_number, &self.own_number) {
            (Some(a), Some(o)) => a != o,
            _ => false,
        };
        let nested = top
            && match target {
                AppTarget::Rules => true,
                AppTarget::Order | AppTarget::Other => {
                    in_rules
                        && (names_other_act && target == AppTarget::Order
                            || n_val.is_some_and(|n| {
                                n == self.stack[1].last_nested + 1 && n != self.top_count + 1
                            }))
                }
            };
        if nested {
            self.stack.truncate(2);
            let parent = self.stack[1].path.clone();
            let num = number.unwrap_or_else(|| (self.stack[1].last_nested + 1).to_string());
            self.stack[1].last_nested = num_key(&num).0;
            let path = Self::join(&parent, &format!("appendix:{num}"));
            let mut n = Node::new(NodeKind::Appendix, path.clone(), Some(num), String::new());
            n.page = item.page;
            let e = self.push(n, parent);
            self.stack.push(Ctx {
                path: self.entries[e].node.path.clone(),
                entry: Some(e),
                wants_title: true,
                ..Default::default()
            });
        } else {
            self.close_to_root();
            self.phase = Phase::After;
            let num = number.unwrap_or_else(|| (self.top_count + 1).to_string());
            self.top_count = num_key(&num).0.max(self.top_count + 1);
            if self.own_number.is_none() {
                self.own_number = act_number.clone();
            }
            let path = format!("appendix:{num}");
            let mut n = Node::new(NodeKind::Appendix, path, Some(num), String::new());
            n.page = item.page;
            let e = self.push(n, String::new());
            self.asides.push(text.clone());
            self.stack.push(Ctx {
                path: self.entries[e].node.path.clone(),
                entry: Some(e),
                wants_title: true,
                ..Default::default()
            });
        }
        let it = Item {
            text,
            ..item.clone()
        };
        self.header_text(&it);
        self.in_header = true;
    }

    /// Adds header text (appendix header, approval stamp) as a paragraph of the open appendix.
    fn header_text(&mut self, item: &Item) {
        let depth = self.stack.len();
        if depth == 2 {
            if let Some(last) = self.asides.last_mut() {
                if !last.contains(&item.text) {
                    last.push('\n');
                    last.push_str(&item.text);
                }
            }
        }
        let ctx = self.ctx();
        let k = ctx.next("par");
        let parent = ctx.path.clone();
        let mut n = Node::new(
            NodeKind::Paragraph,
            Self::join(&parent, &format!("par:{k}")),
            None,
            item.text.clone(),
        );
        n.page = item.page;
        self.push(n, parent);
    }

    fn set_title(&mut self, title: &str) {
        let ctx = self.ctx();
        ctx.wants_title = false;
        if let Some(e) = ctx.entry {
            let t = title.replace('\n', " ");
            self.entries[e].node.heading = Some(t.trim().to_string());
        }
    }

    fn division(&mut self, kind: NodeKind, word: &str, n: &str, heading: &str, item: &Item) {
        if self.stack.len() == 1 && self.phase == Phase::Lead {
            self.phase = Phase::Body;
        }
        let ctx = self.ctx();
        ctx.wants_title = false;
        ctx.has_units = true;
        let parent = match kind {
            NodeKind::Section => ctx.path.clone(),
            NodeKind::Chapter => ctx.section.clone().unwrap_or_else(|| ctx.path.clone()),
            _ => ctx
                .chapter
                .clone()
                .or_else(|| ctx.section.clone())
                .unwrap_or_else(|| ctx.path.clone()),
        };
        let path = Self::join(&ctx.path, &format!("{word}:{n}"));
        match kind {
            NodeKind::Section => {
                ctx.section = Some(path.clone());
                ctx.chapter = None;
            }
            NodeKind::Chapter => ctx.chapter = Some(path.clone()),
            _ => {}
        }
        ctx.point = None;
        ctx.subpoint = None;
        let mut node = Node::new(kind, path, Some(n.to_string()), String::new());
        node.heading = Some(heading.replace('\n', " ").trim().to_string());
        node.page = item.page;
        let e = self.push(node, parent);
        // Articles hold points like a container would; keep it simple: points stay numbered
        // through the container, their parent is the article.
        if kind == NodeKind::Article {
            let p = self.entries[e].node.path.clone();
            self.ctx().chapter = Some(p);
        }
    }

    fn point(&mut self, n: &str, text: &str, item: &Item) {
        if self.stack.len() == 1 && self.phase == Phase::After {
            // A numbered paragraph after the signature (approval details); keep as paragraph.
            self.paragraph(item);
            return;
        }
        if self.stack.len() == 1 {
            self.phase = Phase::Body;
        }
        let mut text = text.to_string();
        let mut trailing_sig = None;
        if self.stack.len() == 1 {
            if let Some((head, sig)) = trailing_signature(&text) {
                trailing_sig = Some(sig);
                text = head;
            }
        }
        let ctx = self.ctx();
        ctx.wants_title = false;
        ctx.has_units = true;
        let parent = ctx
            .chapter
            .clone()
            .or_else(|| ctx.section.clone())
            .unwrap_or_else(|| ctx.path.clone());
        let path = Self::join(&ctx.path, &format!("point:{n}"));
        ctx.point = Some(path.clone());
        ctx.subpoint = None;
        ctx.last_point = Some(num_key(n));
        ctx.list = 1;
        ctx.last_sub = None;
        let is_root = ctx.path.is_empty();
        if is_root {
            self.body.push_str(&text);
            self.body.push('\n');
        }
        let mut node = Node::new(NodeKind::Point, path, Some(n.to_string()), text);
        node.page = item.page;
        let e = self.push(node, parent);
        // Keep the point's real path even when deduplicated.
        let real = self.entries[e].node.path.clone();
        self.ctx().point = Some(real);
        if let Some(sig) = trailing_sig {
            self.set_signature(sig, item.page);
        }
    }

    fn subpoint(&mut self, n: &str, text: &str, item: &Item) {
        if self.stack.len() == 1 && self.phase != Phase::Body {
            self.paragraph(item);
            return;
        }
        let ctx = self.ctx();
        let key = num_key(n);
        if ctx.last_sub.is_some_and(|l| key <= l) {
            ctx.list += 1;
        }
        ctx.last_sub = Some(key);
        let base = ctx.point.clone().unwrap_or_else(|| ctx.path.clone());
        let seg = if ctx.list > 1 {
            format!("subpoint:{n}#{}", ctx.list)
        } else {
            format!("subpoint:{n}")
        };
        let path = Self::join(&base, &seg);
        ctx.subpoint = Some(path.clone());
        let is_root = ctx.path.is_empty();
        if is_root {
            self.body.push_str(text);
            self.body.push('\n');
        }
        let mut node = Node::new(
            NodeKind::Subpoint,
            path,
            Some(n.to_string()),
            text.to_string(),
        );
        node.page = item.page;
        let e = self.push(node, base);
        let real = self.entries[e].node.path.clone();
        self.ctx().subpoint = Some(real);
    }

    fn paragraph(&mut self, item: &Item) {
        if self.stack.len() == 1 {
            match self.phase {
                Phase::Lead => {
                    if COMMAND.is_match(&tizilim_lex::lookalike::fold_lookalikes(item.text.trim()))
                    {
                        let mut n = Node::new(
                            NodeKind::Preamble,
                            "preamble".into(),
                            None,
                            item.text.clone(),
                        );
                        n.page = item.page;
                        self.push(n, String::new());
                        self.phase = Phase::Body;
                    } else {
                        self.lead.push(item.text.clone());
                    }
                    return;
                }
                Phase::After => {
                    if let Some(a) = self.approval {
                        if a + 1 == self.entries.len() {
                            let t = &mut self.entries[a].node.text;
                            t.push('\n');
                            t.push_str(&item.text);
                            return;
                        }
                    }
                }
                Phase::Body => {}
            }
        } else if self.ctx().wants_title
            && heading_like(&item.text.replace('\n', " "))
            && !self.ctx().has_units
        {
            self.set_title(&item.text);
            return;
        }
        let ctx = self.ctx();
        let lower = item.text.chars().next().is_some_and(|c| c.is_lowercase());
        let parent = match (&ctx.subpoint, &ctx.point) {
            (Some(s), _) if lower => s.clone(),
            (_, Some(p)) => p.clone(),
            _ => ctx.chapter.clone().unwrap_or_else(|| ctx.path.clone()),
        };
        if !lower {
            ctx.subpoint = None;
        }
        let k = ctx.next("par");
        let path = Self::join(&parent, &format!("par:{k}"));
        let mut node = Node::new(NodeKind::Paragraph, path, None, item.text.clone());
        node.page = item.page;
        let e = self.push(node, parent);
        self.last_par = Some(e);
    }

    fn paragraph_in_container(&mut self, item: &Item) {
        let ctx = self.ctx();
        let parent = ctx.path.clone();
        let k = ctx.next("par");
        let mut node = Node::new(
            NodeKind::Paragraph,
            Self::join(&parent, &format!("par:{k}")),
            None,
            item.text.clone(),
        );
        node.page = item.page;
        self.push(node, parent);
    }

    fn table(&mut self, t: &Table, item: &Item) {
        let ctx = self.ctx();
        let container = ctx.path.clone();
        let parent = ctx.point.clone().unwrap_or_else(|| container.clone());
        let k = ctx.next("table");
        let path = Self::join(&container, &format!("table:{k}"));
        let mut node = Node::new(NodeKind::Table, path.clone(), None, item.text.clone());
        node.table = Some(t.clone());
        node.page = item.page;
        let e = self.push(node, parent);
        let table_path = self.entries[e].node.path.clone();
        // Numbered rows: first cell a number, and not the column-number row «1 | 2 | 3 ...».
        for row in &t.rows {
            let cells: Vec<&str> = row.iter().map(|c| c.text.trim()).collect();
            let is_numbering = cells.len() > 1
                && cells
                    .iter()
                    .enumerate()
                    .all(|(i, c)| c.parse::<usize>().ok() == Some(i + 1));
            if is_numbering {
                continue;
            }
            if let Some(c) = cells.first().and_then(|c| ROW_NUMBER.captures(c)) {
                if cells.iter().skip(1).all(|c| c.is_empty()) {
                    continue;
                }
                let num = c[1].to_string();
                let rpath = Self::join(&container, &format!("row:{num}"));
                let text = cells
                    .iter()
                    .skip(1)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" | ");
                let mut rn = Node::new(NodeKind::Row, rpath, Some(num), text);
                rn.page = item.page;
                self.push(rn, table_path.clone());
            }
        }
    }

    fn finish(mut self) -> Parsed {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.entries.len()];
        let mut roots = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            index.insert(e.node.path.clone(), i);
            match index.get(&e.parent) {
                Some(&p) if !e.parent.is_empty() && p != i => children[p].push(i),
                _ => roots.push(i),
            }
        }
        let mut slots: Vec<Option<Node>> = self.entries.drain(..).map(|e| Some(e.node)).collect();
        // Assemble bottom-up: children always come after their parent in document order.
        for i in (0..slots.len()).rev() {
            let kids: Vec<Node> = children[i]
                .iter()
                .filter_map(|&c| slots[c].take())
                .collect();
            if let Some(n) = slots[i].as_mut() {
                n.children = kids;
            }
        }
        let tree = roots.into_iter().filter_map(|i| slots[i].take()).collect();
        Parsed {
            tree,
            lead: self.lead,
            signature: self.signature,
            appendix_asides: self.asides,
            body_text: self.body,
            diagnostics: self.diags,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte count of guillemets is the character count's, beside the letters that share
    /// their last byte («л», «Ы») and other characters led by 0xC2.
    #[test]
    fn guillemets_are_counted_as_characters() {
        for t in [
            "",
            "«Об утверждении Правил» (зарегистрирован)",
            "пункт «1) «Ыл»» және «",
            "»»«\u{a0}§©«л",
            "ллл Ы ы",
        ] {
            let chars = t.matches('«').count() as i32 - t.matches('»').count() as i32;
            assert_eq!(guillemet_balance(t), chars, "{t:?}");
        }
    }

    #[test]
    fn only_new_text_leaves_a_quote_open_for_the_next_units() {
        // New text of an amendment, in both languages.
        assert!(opens_new_text(
            "«28. Заявление рассматривается в течение трех дней;"
        ));
        assert!(opens_new_text(
            "пункт 5 изложить в следующей редакции: «5. Справка выдается"
        ));
        assert!(opens_new_text(
            "мынадай мазмұндағы 5-тармақпен толықтырылсын: «5. Анықтама"
        ));
        // A title the source left open inside a listed act is not new text.
        assert!(!opens_new_text(
            "приказ Министра от 3 января 2019 года № 966 «Об утверждении стандарта государственной услуги «Выдача справки» (зарегистрирован под № 18157);"
        ));
        assert!(!opens_new_text(
            "Ішкі істер министрінің 2019 жылғы 20 ақпандағы № 144 «Анықтама беру» мемлекеттік көрсетілетін қызмет регламентін бекіту туралы «бұйрығы;"
        ));
        assert!(!opens_new_text(
            "«Об утверждении Правил» (зарегистрирован под № 1)"
        ));
    }

    /// An appendix header names its document by the stem, in either language: a text read back
    /// from wrong-language OCR may give the word another case («бұйрықта» for «бұйрығына»,
    /// «приказе» for «приказу»), and the header stays a header. A sentence that ends in the
    /// word does not become one.
    #[test]
    fn appendix_header_by_the_stem_of_its_document() {
        let header = |t: &str| match classify(t, BlockKind::Paragraph) {
            Class::AppendixHeader { target, .. } => Some(target),
            _ => None,
        };
        for (t, want) in [
            (
                "Қазақстан Республикасы Экономика министрінің 2013 жылғы 25 маусымдағы № 193 бұйрығына 3-қосымша",
                AppTarget::Order,
            ),
            (
                "Қазақстан Республикасы Экономика министрінің 2013 жылғы 25 маусымдағы № 193 бұйрықта 3-қосымша",
                AppTarget::Order,
            ),
            ("Облыс әкімдігінің қаулыда 2-қосымша", AppTarget::Order),
            ("Мемлекеттік қызмет көрсету қағидаларда 4-қосымша", AppTarget::Rules),
            ("Мемлекеттік қызмет стандартында 1-қосымша", AppTarget::Rules),
            ("Приложение 3 к приказу Министра от 25 июня 2013 года № 193", AppTarget::Order),
            ("Приложение 3 к приказе Министра от 25 июня 2013 года № 193", AppTarget::Order),
            ("Приложение 2 к Правилам оказания государственной услуги", AppTarget::Rules),
        ] {
            assert_eq!(header(t), Some(want), "{t}");
        }
        for t in [
            "Құжаттар осы бұйрыққа сәйкес ұсынылады. 3-қосымша",
            "Өтініш осы Қағидаларға 2-қосымшаға сәйкес нысан бойынша беріледі.",
        ] {
            assert_eq!(header(t), None, "{t}");
        }
    }

    #[test]
    fn classifies_multiline_subpoint() {
        let c = classify("2) екінші жол\nжалғасы;", BlockKind::Paragraph);
        assert!(matches!(c, Class::Subpoint(..)), "{c:?}");
    }
}
