//! Words that name structural units, in Russian and Kazakh, to CONTRACT.md path segments:
//! «подпункт 1) пункта 5» / «5-тармақтың 1) тармақшасы» → `point:5/subpoint:1`, «приложение 2» /
//! «2-қосымша» → `appendix:2`, «строку, порядковый номер 1» / «реттік нөмірі 1-жол» → `row:1`,
//! «заголовок» / «тақырыбы» → `title`, «преамбула» / «кіріспе» → `preamble`.

use std::sync::LazyLock;

use regex::Regex;

use super::norm::{kk_ordinal, ru_ordinal};

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
    re: Regex,
    level: u8,
    kind: &'static str,
}

fn pat(re: &str, level: u8, kind: &'static str) -> Pat {
    Pat {
        re: Regex::new(re).expect("static regex"),
        level,
        kind,
    }
}

static PATS: LazyLock<Vec<Pat>> = LazyLock::new(|| {
    vec![
        // Russian.
        pat(&format!(r"(?i)\bподпункт\w*\s+{N}\)?"), 5, "subpoint"),
        pat(&format!(r"(?i)\bпункт\w*\s+{N}"), 4, "point"),
        pat(&format!(r"(?i)\bглав\w*\s+{N}"), 2, "chapter"),
        pat(&format!(r"(?i)\bраздел\w*\s+{N}"), 1, "section"),
        pat(&format!(r"(?i)\bстать\w*\s+{N}"), 3, "article"),
        pat(&format!(r"(?i)\bприложени\w*\s+{N}"), 0, "appendix"),
        pat(
            r"(?i)\bприложени\w*(?:\s+к\s+(?:настоящ|указанн|Правил|приказ))",
            0,
            "appendix1",
        ),
        pat(
            &format!(r"(?i)\bстрок\w*,?\s*(?:(?:с|под)\s+)?(?:порядков\w+\s+номер\w*\s*)?{N}"),
            5,
            "row",
        ),
        pat(r"(?i)\bабзац\w*\s+([а-яё]+)", 6, "par_ru"),
        pat(r"(?i)\b([а-яё]+)\s+абзац\w*", 6, "par_ru"),
        pat(r"(?i)\bзаголов\w*", 7, "title"),
        pat(r"(?i)\bпреамбул\w*", 7, "preamble"),
        // Kazakh.
        pat(&format!(r"(?i){N}\)\s*тармақша\w*"), 5, "subpoint"),
        pat(&format!(r"(?i){N}\s*-\s*тарма[қғ](\w*)"), 4, "point_kk"),
        pat(&format!(r"(?i){N}\s*-\s*тарау\w*"), 2, "chapter"),
        pat(&format!(r"(?i){N}\s*-\s*бөлім\w*"), 1, "section"),
        pat(&format!(r"(?i){N}\s*-\s*ба[пб]\w*"), 3, "article"),
        pat(&format!(r"(?i){N}\s*-\s*қосымша\w*"), 0, "appendix"),
        pat(
            &format!(r"(?i)(?:реттік\s+нөмірі\s*)?{N}\s*-\s*жол\w*"),
            5,
            "row",
        ),
        pat(
            r"(?i)\b([а-яәғқңөұүһі]+)\s+(?:абзац|азат\s+жол)\w*",
            6,
            "par_kk",
        ),
        pat(r"(?i)\bтақырыб\w*", 7, "title"),
        pat(r"(?i)\bкіріспе\w*", 7, "preamble"),
    ]
});

/// Finds the units a phrase names, in text order.
pub fn find_units(s: &str) -> Vec<UnitRef> {
    let mut out: Vec<UnitRef> = Vec::new();
    for p in PATS.iter() {
        for c in p.re.captures_iter(s).take(50) {
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
                "par_ru" => match num.as_deref().and_then(ru_ordinal) {
                    Some(k) => format!("par:{k}"),
                    None => continue,
                },
                "par_kk" => match num.as_deref().and_then(kk_ordinal) {
                    Some(k) => format!("par:{k}"),
                    None => continue,
                },
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
    fn joining() {
        assert_eq!(join("point:5", "subpoint:1"), "point:5/subpoint:1");
        assert_eq!(join("point:5", "point:7"), "point:7");
        assert_eq!(join("appendix:2", "row:1"), "appendix:2/row:1");
        assert_eq!(join("", "point:2"), "point:2");
        assert_eq!(join("appendix:2", "appendix:3"), "appendix:3");
    }
}
