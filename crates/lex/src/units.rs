//! Words that name structural units, in Russian and Kazakh, to CONTRACT.md path segments:
//! «подпункт 1) пункта 5» / «5-тармақтың 1) тармақшасы» → `point:5/subpoint:1`, «приложение 2» /
//! «2-қосымша» → `appendix:2`, «строку, порядковый номер 1» / «реттік нөмірі 1-жол» → `row:1`,
//! «заголовок» / «тақырыбы» → `title`, «преамбула» / «кіріспе» → `preamble`.
//!
//! [`VOCABULARY`] is the one list of unit words in both languages; every stage that recognises
//! or writes a unit (headings, line reflow, amendment clauses, notes, findings) builds on it.

use std::sync::LazyLock;

use regex::Regex;

use super::norm::{kk_ordinal_phrase, ru_ordinal_phrase};
use crate::Language;

/// A kind of structural unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// Приложение / қосымша.
    Appendix,
    /// Раздел / бөлім.
    Section,
    /// Глава / тарау.
    Chapter,
    /// Статья / бап.
    Article,
    /// Пункт / тармақ.
    Point,
    /// Подпункт / тармақша.
    Subpoint,
    /// A numbered table row: строка / жол.
    Row,
    /// A numbered item of an appendix list: позиция.
    Item,
    /// Абзац / абзац, азат жол.
    Paragraph,
}

/// The words of one kind of unit, in both languages: the one vocabulary of units that the
/// structure parser, the reflow of lines, the amendment and note readers and the findings'
/// wording all use.
#[derive(Debug, Clone, Copy)]
pub struct UnitWords {
    /// The kind.
    pub kind: UnitKind,
    /// Its CONTRACT.md path segment (`chapter`).
    pub seg: &'static str,
    /// The Russian word, nominative, lower case («глава»).
    pub ru: &'static str,
    /// A regex matching the Russian word in any case form, without word boundaries («глав\w*»).
    pub ru_any: &'static str,
    /// The Kazakh word («тарау»).
    pub kk: &'static str,
    /// A regex matching the Kazakh word with any ending («тарау\w*»).
    pub kk_any: &'static str,
}

/// Every kind of unit with its words.
pub const VOCABULARY: &[UnitWords] = &[
    UnitWords {
        kind: UnitKind::Appendix,
        seg: "appendix",
        ru: "приложение",
        ru_any: r"приложени\w*",
        kk: "қосымша",
        kk_any: r"қосымша\w*",
    },
    UnitWords {
        kind: UnitKind::Section,
        seg: "section",
        ru: "раздел",
        ru_any: r"раздел\w*",
        kk: "бөлім",
        kk_any: r"бөлім\w*",
    },
    UnitWords {
        kind: UnitKind::Chapter,
        seg: "chapter",
        ru: "глава",
        ru_any: r"глав\w*",
        kk: "тарау",
        kk_any: r"тарау\w*",
    },
    UnitWords {
        kind: UnitKind::Article,
        seg: "article",
        ru: "статья",
        ru_any: r"стать\w*",
        kk: "бап",
        kk_any: r"ба[пб]\w*",
    },
    UnitWords {
        kind: UnitKind::Point,
        seg: "point",
        ru: "пункт",
        ru_any: r"пункт\w*",
        kk: "тармақ",
        kk_any: r"тарма[қғ]\w*",
    },
    UnitWords {
        kind: UnitKind::Subpoint,
        seg: "subpoint",
        ru: "подпункт",
        ru_any: r"подпункт\w*",
        kk: "тармақша",
        kk_any: r"тармақша\w*",
    },
    UnitWords {
        kind: UnitKind::Row,
        seg: "row",
        ru: "строка",
        ru_any: r"строк\w*",
        kk: "жол",
        kk_any: r"жол\w*",
    },
    UnitWords {
        kind: UnitKind::Item,
        seg: "item",
        ru: "позиция",
        ru_any: r"позици\w*",
        kk: "позиция",
        kk_any: r"позиция\w*",
    },
    UnitWords {
        kind: UnitKind::Paragraph,
        seg: "par",
        ru: "абзац",
        ru_any: r"абзац\w*",
        kk: "абзац",
        kk_any: r"(?:абзац|азат\s+жол)\w*",
    },
];

/// The imperatives of amending clauses in both languages («дополнить», «изложить в следующей
/// редакции», «исключить», «заменить»; «толықтырылсын», «редакцияда жазылсын», «алып
/// тасталсын», «ауыстырылсын»). An alternation for a case-insensitive regex.
pub const AMEND_VERBS: &str = r"толықтырылсын|(?:редакцияда\s+)?жазылсын|алып\s+тасталсын|ауыстырылсын|дополнить|изложить\s+в\s+(?:следующей|новой)\s+редакции|исключить|заменить";

/// The command words that end an act's preamble, in capitals: the issuing body or official
/// gives its order with them («Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:», «...
/// мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:», «БҰЙЫРАМЫН:»). An alternation for a regex; match it on text
/// whose Latin look-alikes are folded («ШЕШIМ» with a Latin I).
pub const COMMAND_WORDS: &str =
    "ПРИКАЗЫВАЮ|ПРИКАЗЫВАЕМ|ПОСТАНОВЛЯЕТ|ПОСТАНОВЛЯЮ|РЕШИЛ|РЕШИЛИ|РЕШАЮ|\
БҰЙЫРАМЫН|БҰЙЫРАМЫЗ|ҚАУЛЫ ЕТЕДІ|ҚАУЛЫ ЕТЕМІН|ШЕШІМ ҚАБЫЛДАДЫ|ШЕШІМ ҚАБЫЛДАЙМЫН|ШЕШІМ ЕТТІ|\
ШЕШІМ ЕТЕДІ|ШЕШЕМІН|ШЕШТІ";

/// The command words of a collective body (a government, an akimat, a maslikhat), which names
/// itself right before them; a subset of [`COMMAND_WORDS`] (the others are an official's own
/// «ПРИКАЗЫВАЮ», «БҰЙЫРАМЫН», «ШЕШЕМІН»).
pub const COLLECTIVE_COMMAND_WORDS: &str =
    "ПОСТАНОВЛЯЕТ|РЕШИЛ|РЕШИЛИ|ҚАУЛЫ ЕТЕДІ|ШЕШІМ ҚАБЫЛДАДЫ|ШЕШІМ ЕТТІ|ШЕШІМ ЕТЕДІ|ШЕШТІ";

/// The number of a unit as written: `12`, `18-1`.
pub const NUMBER: &str = r"\d{1,3}(?:-\d{1,3})?";

impl UnitKind {
    /// The unit's words.
    pub fn words(self) -> &'static UnitWords {
        VOCABULARY
            .iter()
            .find(|w| w.kind == self)
            .expect("every kind is in the vocabulary")
    }

    /// The kind of a path segment name (`chapter`), if it is a unit.
    pub fn from_seg(seg: &str) -> Option<Self> {
        VOCABULARY.iter().find(|w| w.seg == seg).map(|w| w.kind)
    }

    /// The unit named in words, as an analyst writes it: «глава 2», «подпункт 3)» / «2-тарау»,
    /// «3) тармақша».
    pub fn in_words(self, num: &str, lang: Language) -> String {
        let w = self.words();
        match (lang, self) {
            (Language::Ru, UnitKind::Subpoint) => format!("{} {num})", w.ru),
            (Language::Ru, _) => format!("{} {num}", w.ru),
            (Language::Kk, UnitKind::Subpoint) => format!("{num}) {}", w.kk),
            (Language::Kk, _) => format!("{num}-{}", w.kk),
        }
    }
}

/// A regex for a division heading at the start of a text, in Russian («Глава 2», «РАЗДЕЛ 1»,
/// case-insensitive) with the number in group 1; the caller adds what may follow.
pub fn heading_ru(kind: UnitKind) -> String {
    format!(r"(?s)^(?i:{})\s+({NUMBER})", kind.words().ru)
}

/// A regex for a division heading at the start of a text, in Kazakh («2-тарау», «1 - бөлім»)
/// with the number in group 1; the caller adds what may follow.
pub fn heading_kk(kind: UnitKind) -> String {
    format!(r"(?s)^({NUMBER})\s*-\s*(?i:{})", kind.words().kk)
}

/// The division headings that open a block of text even after an unfinished sentence: sections,
/// chapters and articles, Russian capitalised or in capitals («Глава 2», «ГЛАВА 2»), Kazakh
/// after a number («2-тарау»). An alternation for a regex anchored by the caller.
pub fn division_openers() -> String {
    let divisions = [UnitKind::Section, UnitKind::Chapter, UnitKind::Article];
    let mut ru = Vec::new();
    let mut kk = Vec::new();
    for k in divisions {
        let w = k.words();
        let mut cap = w.ru.chars();
        let first = cap
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default();
        ru.push(format!("{first}{}", cap.as_str()));
        ru.push(w.ru.to_uppercase());
        kk.push(w.kk.to_string());
    }
    format!(
        r"\d{{1,2}}-(?:{})\b|(?:{})\s+\d",
        kk.join("|"),
        ru.join("|")
    )
}

/// One unit named in a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// Hierarchy level: appendix 0, section 1, chapter 2, article 3, point 4, subpoint/row 5,
    /// paragraph 6, title/preamble 7.
    pub level: u8,
    /// The path segment (`point:5`, `title`).
    pub seg: String,
    /// Byte offset of the match in the phrase.
    pub start: usize,
    /// Byte offset just past the match.
    pub end: usize,
}

const N: &str = r"(\d+(?:-\d+)*)";

struct Pat {
    re: String,
    level: u8,
    kind: &'static str,
}

fn pat(re: &str, level: u8, kind: &'static str) -> Pat {
    Pat {
        re: re.to_string(),
        level,
        kind,
    }
}

static PATS: LazyLock<Vec<Pat>> = LazyLock::new(|| {
    let ru = |k: UnitKind| k.words().ru_any;
    let kk = |k: UnitKind| k.words().kk_any;
    use UnitKind::*;
    vec![
        // Russian.
        pat(&format!(r"(?i)\b{}\s+{N}\)?", ru(Subpoint)), 5, "subpoint"),
        pat(&format!(r"(?i)\b{}\s+{N}", ru(Point)), 4, "point"),
        pat(&format!(r"(?i)\b{}\s+{N}", ru(Chapter)), 2, "chapter"),
        pat(&format!(r"(?i)\b{}\s+{N}", ru(Section)), 1, "section"),
        pat(&format!(r"(?i)\b{}\s+{N}", ru(Article)), 3, "article"),
        pat(
            &format!(r"(?i)\b{}\s+(?:№\s*)?{N}", ru(Appendix)),
            0,
            "appendix",
        ),
        pat(
            &format!(
                r"(?i)\b{}(?:\s+к\s+(?:настоящ|указанн|Правил|приказ)|(?:\s+«[^»]*»)?\s*:?\s*$)",
                ru(Appendix)
            ),
            0,
            "appendix1",
        ),
        pat(
            &format!(
                r"(?i)\b{},?\s*(?:(?:с|под)\s+)?(?:порядков\w+\s+номер\w*\s*)?{N}",
                ru(Row)
            ),
            5,
            "row",
        ),
        pat(r"(?i)\bзаголов\w*", 7, "title"),
        pat(r"(?i)\bпреамбул\w*", 7, "preamble"),
        // Kazakh.
        pat(&format!(r"(?i){N}\)\s*{}", kk(Subpoint)), 5, "subpoint"),
        pat(&format!(r"(?i){N}\s*-\s*тарма[қғ](\w*)"), 4, "point_kk"),
        pat(&format!(r"(?i){N}\s*-\s*{}", kk(Chapter)), 2, "chapter"),
        pat(&format!(r"(?i){N}\s*-\s*{}", kk(Section)), 1, "section"),
        pat(&format!(r"(?i){N}\s*-\s*{}", kk(Article)), 3, "article"),
        pat(&format!(r"(?i){N}\s*-?\s*{}", kk(Appendix)), 0, "appendix"),
        // «Үлгі шарт» деген қосымшада: an appendix given by its title.
        pat(
            &format!(r"(?i)«[^»]*»\s+деген\s+{}\s*:?\s*$", kk(Appendix)),
            0,
            "appendix1",
        ),
        pat(
            &format!(r"(?i)(?:реттік\s+нөмірі\s*)?{N}\s*-\s*{}", kk(Row)),
            5,
            "row",
        ),
        pat(r"(?i)\bтақырыб\w*", 7, "title"),
        pat(r"(?i)\bкіріспе\w*", 7, "preamble"),
    ]
});

/// The patterns of [`PATS`] as one family: one pass of their gates tells which may match (most
/// have a Unicode `\b`, which keeps the regex engine off its fast automaton, and most phrases
/// name one unit or none).
static SET: LazyLock<crate::gated::GatedSet> = LazyLock::new(|| {
    crate::gated::GatedSet::new(PATS.iter().map(|p| p.re.as_str())).expect("static regex")
});

/// Finds the units a phrase names, in text order.
pub fn find_units(s: &str) -> Vec<UnitRef> {
    let mut out: Vec<UnitRef> = Vec::new();
    for (i, re) in SET.candidates(s) {
        let Some(p) = PATS.get(i) else { continue };
        for c in re.captures_iter(s).take(50) {
            let Some(all) = c.get(0) else { continue };
            let num = c.get(1).map(|m| m.as_str().to_string());
            let seg = match p.kind {
                "point_kk" => {
                    // «тармақша» is a subpoint, written «N) тармақша»; «N-тармақша» is rare.
                    if c.get(2).is_some_and(|m| m.as_str().starts_with("ша")) {
                        continue;
                    }
                    format!("point:{}", num.unwrap_or_default())
                }
                "appendix1" => "appendix:1".to_string(),
                "title" | "preamble" => p.kind.to_string(),
                k => format!("{k}:{}", num.unwrap_or_default()),
            };
            out.push(UnitRef {
                level: p.level,
                seg,
                start: all.start(),
                end: all.end(),
            });
        }
    }
    if let Some((nums, start, end)) = paragraphs(s) {
        if let Some(k) = nums.first() {
            out.push(UnitRef {
                level: 6,
                seg: format!("par:{k}"),
                start,
                end,
            });
        }
    }
    out.sort_by_key(|u| u.start);
    // Drop matches inside an earlier one (e.g. «пункт» inside a row phrase).
    let mut kept: Vec<UnitRef> = Vec::new();
    for u in out {
        if kept.iter().any(|k| u.start >= k.start && u.end <= k.end) {
            continue;
        }
        kept.push(u);
    }
    kept
}

/// The paragraphs («абзацы»/«азат жолдар») a phrase names, by their ordinal words: «абзацы
/// пятьдесят четвертый, пятьдесят пятый и пятьдесят шестой» → [54, 55, 56]; «абзац второй»,
/// «второй абзац», «дополнить абзацами сто тридцать восьмым и сто тридцать девятым»;
/// kk «екінші абзацы», «елу төртінші, елу бесінші және елу алтыншы абзацтар» (the ordinals
/// before the word). Returns the numbers and the byte span of the phrase.
pub fn paragraphs(s: &str) -> Option<(Vec<u32>, usize, usize)> {
    // Words with their byte spans; a trailing comma is a separator of its own.
    let mut words: Vec<(&str, usize, usize)> = Vec::new();
    for (i, w) in s.split_whitespace().scan(0usize, |pos, w| {
        let start = s[*pos..].find(w).map_or(*pos, |k| *pos + k);
        *pos = start + w.len();
        Some((w, start))
    }) {
        let bare = i.trim_end_matches([',', ';', ':', '.']);
        words.push((bare, w, w + bare.len()));
        if bare.len() < i.len() && i[bare.len()..].starts_with(',') {
            words.push((",", w + bare.len(), w + bare.len() + 1));
        }
    }
    let is_par = |w: &str| {
        let l = w.to_lowercase();
        l.starts_with("абзац") || l.starts_with("азат")
    };
    let is_sep = |w: &str| matches!(w.to_lowercase().as_str(), "," | "и" | "және" | "мен");
    let texts: Vec<&str> = words.iter().map(|w| w.0).collect();
    // A run of ordinal phrases starting at word `i`, with separators between them.
    let run = |mut i: usize, kazakh: bool| -> (Vec<u32>, usize) {
        let mut nums = Vec::new();
        loop {
            while i < texts.len() && is_sep(texts[i]) {
                i += 1;
            }
            let rest = texts.get(i..).unwrap_or(&[]);
            let parsed = if kazakh {
                kk_ordinal_phrase(rest)
            } else {
                ru_ordinal_phrase(rest)
            };
            match parsed {
                Some((n, len)) => {
                    nums.push(n);
                    i += len;
                }
                None => break,
            }
            if !texts.get(i).is_some_and(|w| is_sep(w)) {
                break;
            }
        }
        (nums, i)
    };
    for (j, w) in texts.iter().enumerate() {
        if !is_par(w) {
            continue;
        }
        // Russian: the ordinals after the word («абзацы пятьдесят четвертый, ...»).
        let (nums, end) = run(j + 1, false);
        if !nums.is_empty() {
            let e = words.get(end.saturating_sub(1)).map_or(s.len(), |x| x.2);
            return Some((nums, words[j].1, e));
        }
        // Before the word: the longest run of ordinals that ends right at it.
        for from in j.saturating_sub(30)..j {
            for kazakh in [true, false] {
                let (nums, end) = run(from, kazakh);
                if !nums.is_empty() && end == j {
                    let e = words[j].2;
                    return Some((nums, words[from].1, e));
                }
            }
        }
    }
    None
}

/// A list of units of one kind named together: «строки, порядковые номера 31, 195 и 196», «пункты
/// 3, 4 и 9», «подпункты 1) и 2)», «с 5 по 8», «21-139 және 21-140-жолдар», «3, 4 және
/// 9-тармақтар», «1), 2) тармақшалар», «реттік нөмірлері 2, 3-жолдар».
static LISTS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
    let n = r"\d+(?:-\d+)*";
    let sep_ru = r"\)?\s*(?:,\s*и|,|и)\s*";
    let sep_kk = r"\)?\s*(?:,\s*және|,|және|мен)\s*";
    let ru = |word: &str| {
        format!(
            r"(?i)\b{word}\s*,?\s*(?:(?:с|под)\s+)?(?:порядков\w+\s+номер\w*\s*)?((?:{n}{sep_ru})+{n})\)?"
        )
    };
    let kk = |word: &str, paren: bool| {
        let close = if paren { r"\)" } else { r"\s*-\s*" };
        format!(r"(?i)(?:реттік\s+нөмір\w*\s*)?((?:{n}{sep_kk})+{n}){close}\s*{word}")
    };
    vec![
        (
            crate::re::new(&ru(r"строк\w*")).expect("static regex"),
            "row",
        ),
        (
            crate::re::new(&ru(r"подпункт\w*")).expect("static regex"),
            "subpoint",
        ),
        (
            crate::re::new(&ru(r"пункт\w*")).expect("static regex"),
            "point",
        ),
        (
            crate::re::new(&ru(r"приложени\w*")).expect("static regex"),
            "appendix",
        ),
        (
            crate::re::new(&ru(r"глав\w*")).expect("static regex"),
            "chapter",
        ),
        (
            crate::re::new(&kk(r"жолдар\w*", false)).expect("static regex"),
            "row",
        ),
        (
            crate::re::new(&kk(r"тармақша\w*", true)).expect("static regex"),
            "subpoint",
        ),
        (
            crate::re::new(&kk(r"тармақтар\w*", false)).expect("static regex"),
            "point",
        ),
        (
            crate::re::new(&kk(r"қосымшалар\w*", false)).expect("static regex"),
            "appendix",
        ),
        (
            crate::re::new(&kk(r"тараулар\w*", false)).expect("static regex"),
            "chapter",
        ),
    ]
});
static RANGE_RU: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(?i)\b(строк\w*|пункт\w*|подпункт\w*)[^.;:]{0,40}?\bс\s+(\d+)\)?\s+по\s+(\d+)\)?",
    )
    .expect("static regex")
});
static NUMBER_IN: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"\d+(?:-\d+)*").expect("static regex"));

/// The paths a phrase names, one per unit of a list («строки, порядковые номера 3, 4 и 9» in
/// `appendix:2` → `appendix:2/row:3`, `appendix:2/row:4`, `appendix:2/row:9`; «с 5 по 8» → four
/// paths). A phrase that names no list gives its one composed path ([`compose`]), or none.
pub fn compose_all(s: &str) -> Vec<String> {
    let one = compose(&find_units(s));
    // The list and its kind, and the numbers in order.
    let mut found: Option<(&str, Vec<String>)> = None;
    for (re, kind) in LISTS.iter() {
        if let Some(c) = re.captures(s) {
            let nums: Vec<String> = c
                .get(1)
                .map(|m| {
                    NUMBER_IN
                        .find_iter(m.as_str())
                        .map(|x| x.as_str().to_string())
                        .collect()
                })
                .unwrap_or_default();
            if nums.len() >= 2 {
                found = Some((kind, nums));
                break;
            }
        }
    }
    if found.is_none() {
        if let Some((nums, _, _)) = paragraphs(s).filter(|(n, _, _)| n.len() >= 2) {
            found = Some(("par", nums.iter().map(u32::to_string).collect()));
        }
    }
    if found.is_none() {
        if let Some(c) = RANGE_RU.captures(s) {
            let kind = match c.get(1).map(|m| m.as_str().to_lowercase()) {
                Some(w) if w.starts_with("строк") => "row",
                Some(w) if w.starts_with("подпункт") => "subpoint",
                _ => "point",
            };
            let a: u32 = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            let b: u32 = c.get(3).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            if a < b && b - a < 200 {
                found = Some((kind, (a..=b).map(|k| k.to_string()).collect()));
            }
        }
    }
    let Some((kind, nums)) = found else {
        return if one.is_empty() {
            Vec::new()
        } else {
            vec![one]
        };
    };
    // Replace the listed kind's segment of the composed path (or append one).
    let segs: Vec<&str> = one.split('/').filter(|x| !x.is_empty()).collect();
    let at = segs
        .iter()
        .rposition(|seg| seg.split(':').next() == Some(kind));
    nums.iter()
        .map(|n| {
            let unit = format!("{kind}:{n}");
            match at {
                Some(i) => {
                    let mut p: Vec<String> = segs.iter().map(|x| x.to_string()).collect();
                    p[i] = unit;
                    p.join("/")
                }
                None if one.is_empty() => unit,
                None => format!("{one}/{unit}"),
            }
        })
        .collect()
}

/// Composes a path from the units of one phrase: one per level, outermost first; a chapter is
/// dropped when a point is named (points are numbered through the Rules).
pub fn compose(units: &[UnitRef]) -> String {
    let mut by_level: Vec<&UnitRef> = Vec::new();
    for u in units {
        if !by_level.iter().any(|k| k.level == u.level) {
            by_level.push(u);
        }
    }
    by_level.sort_by_key(|u| u.level);
    let has_point = by_level.iter().any(|u| u.level >= 4 && u.level <= 5);
    by_level
        .iter()
        .filter(|u| !(u.level == 2 && has_point))
        .map(|u| u.seg.as_str())
        .collect::<Vec<_>>()
        .join("/")
}

fn seg_level(seg: &str) -> u8 {
    let kind = seg.split(':').next().unwrap_or("");
    match kind {
        "appendix" => 0,
        "section" => 1,
        "chapter" => 2,
        "article" => 3,
        "point" => 4,
        "subpoint" | "row" | "item" => 5,
        "par" => 6,
        _ => 7,
    }
}

/// Joins a context path («в пункте 5:») and a relative path named by an operation: the relative
/// path replaces the context from its own top level down (`point:5` + `subpoint:1` →
/// `point:5/subpoint:1`; `point:5` + `point:7` → `point:7`; `appendix:2` + `row:1` →
/// `appendix:2/row:1`).
pub fn join(context: &str, rel: &str) -> String {
    if context.is_empty() {
        return rel.to_string();
    }
    if rel.is_empty() {
        return context.to_string();
    }
    let top = rel.split('/').next().map_or(7, seg_level);
    let mut kept: Vec<&str> = Vec::new();
    for seg in context.split('/') {
        let l = seg_level(seg);
        if l < top {
            kept.push(seg);
        } else {
            break;
        }
    }
    kept.push(rel);
    kept.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> String {
        compose(&find_units(s))
    }

    #[test]
    fn russian_units() {
        assert_eq!(path("подпункт 1) пункта 5"), "point:5/subpoint:1");
        assert_eq!(path("пункт 18-1"), "point:18-1");
        assert_eq!(path("главу 3"), "chapter:3");
        assert_eq!(
            path("в приложении 2 строку, порядковый номер 1,"),
            "appendix:2/row:1"
        );
        assert_eq!(path("абзац второй пункта 3"), "point:3/par:2");
        assert_eq!(path("заголовок"), "title");
        assert_eq!(path("пункт 5 главы 2"), "point:5");
    }

    #[test]
    fn kazakh_units() {
        assert_eq!(path("5-тармақтың 1) тармақшасы"), "point:5/subpoint:1");
        assert_eq!(path("18-1-тармақпен"), "point:18-1");
        assert_eq!(path("2-тармағына"), "point:2");
        assert_eq!(path("2-қосымшада реттік нөмірі 1-жол"), "appendix:2/row:1");
        assert_eq!(path("3-тарау"), "chapter:3");
        assert_eq!(path("Бұйрықтың тақырыбы"), "title");
        assert_eq!(path("3-тармақтың екінші абзацы"), "point:3/par:2");
    }

    #[test]
    fn lists_of_units_in_both_languages() {
        assert_eq!(
            compose_all("строки, порядковые номера 31, 195, 196 и 235, изложить"),
            ["row:31", "row:195", "row:196", "row:235"]
        );
        assert_eq!(
            compose_all("в приложении 2 строки, порядковые номера 3, 4, исключить"),
            ["appendix:2/row:3", "appendix:2/row:4"]
        );
        assert_eq!(
            compose_all("пункты 3, 4 и 9 исключить"),
            ["point:3", "point:4", "point:9"]
        );
        assert_eq!(
            compose_all("подпункты 1) и 2) пункта 5 исключить"),
            ["point:5/subpoint:1", "point:5/subpoint:2"]
        );
        assert_eq!(
            compose_all("строки с 5 по 8 исключить"),
            ["row:5", "row:6", "row:7", "row:8"]
        );
        assert_eq!(
            compose_all("21-139 және 21-140-жолдар мынадай редакцияда жазылсын"),
            ["row:21-139", "row:21-140"]
        );
        assert_eq!(
            compose_all("3, 4 және 9-тармақтар алып тасталсын"),
            ["point:3", "point:4", "point:9"]
        );
        assert_eq!(
            compose_all("5-тармақтың 1), 2) тармақшалары алып тасталсын"),
            ["point:5/subpoint:1", "point:5/subpoint:2"]
        );
        assert_eq!(
            compose_all("реттік нөмірлері 2, 3-жолдар алып тасталсын"),
            ["row:2", "row:3"]
        );
        assert_eq!(
            compose_all("абзацы пятьдесят четвертый, пятьдесят пятый и пятьдесят шестой исключить"),
            ["par:54", "par:55", "par:56"]
        );
        assert_eq!(
            compose_all("в подпункте 1) пункта 16 абзацы второй и третий исключить"),
            ["point:16/subpoint:1/par:2", "point:16/subpoint:1/par:3"]
        );
        assert_eq!(
            compose_all(
                "16-тармақтың елу төртінші, елу бесінші және елу алтыншы абзацтары алып тасталсын"
            ),
            ["point:16/par:54", "point:16/par:55", "point:16/par:56"]
        );
        // One unit: its path; numbers that are not a list of units stay one.
        assert_eq!(compose_all("пункт 18-1 изложить"), ["point:18-1"]);
        assert_eq!(compose_all("5-тармақ алып тасталсын"), ["point:5"]);
        assert!(compose_all("изложить в новой редакции").is_empty());
    }

    #[test]
    fn joining() {
        assert_eq!(join("point:5", "subpoint:1"), "point:5/subpoint:1");
        assert_eq!(join("point:5", "point:7"), "point:7");
        assert_eq!(join("appendix:2", "row:1"), "appendix:2/row:1");
        assert_eq!(join("", "point:2"), "point:2");
        assert_eq!(join("appendix:2", "appendix:3"), "appendix:3");
    }
}
