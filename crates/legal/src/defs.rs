//! Definitions: the subpoints «термин – определение» that follow «В Правилах используются
//! следующие определения/понятия:» / «Қағидаларда мынадай анықтамалар/ұғымдар пайдаланылады:»
//! (and «В настоящем приказе/Законе ...», «Осы Заңда пайдаланылатын негізгі ұғымдар»), with the
//! short form «(далее – ...)» / «(бұдан әрі – ...)».

use std::sync::LazyLock;

use regex::Regex;

use super::Definition;
use tizilim_lex::norm::clean;
use tizilim_structure::{Node, NodeKind};

static INTRO: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"(?i)(?:использу\w+|применя\w+)\s+следующ\w+\s+(?:основные\s+)?(?:определени|понятия|термин)|(?:основные\s+)?понятия,\s+используем\w+|(?:анықтамалар|ұғымдар|терминдер)\s+(?:пайдаланылады|қолданылады)|пайдаланылатын\s+(?:негізгі\s+)?(?:ұғымдар|анықтамалар)",
    )
    .expect("static regex")
});

static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"\((?:далее|бұдан әрі)\s*[–—-]\s*([^()]+?)\)").expect("static regex")
});

/// Splits «term – definition» at the first spaced dash outside parentheses.
pub fn split_definition(text: &str) -> Option<(String, Option<String>, String)> {
    let text = clean(text);
    let mut depth = 0i32;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '–' | '—' | '-' if depth <= 0 => {
                let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
                let next = chars.get(k + 1).map(|&(_, c)| c);
                if prev == Some(' ') && next == Some(' ') {
                    let head = text.get(..i).unwrap_or("").trim();
                    let def = text.get(i + c.len_utf8()..).unwrap_or("").trim();
                    let short = SHORT
                        .captures(head)
                        .and_then(|c| c.get(1))
                        .map(|m| m.as_str().trim().to_string());
                    let term = SHORT.replace_all(head, "").trim().to_string();
                    if term.is_empty() || term.chars().count() > 200 {
                        return None;
                    }
                    let def = def.trim_end_matches([';', '.']).trim().to_string();
                    return Some((term, short, def));
                }
            }
            _ => {}
        }
    }
    None
}

/// True when a unit's own text or heading introduces a list of definitions.
pub fn is_intro(node: &Node) -> bool {
    INTRO.is_match(&node.text) || node.heading.as_deref().is_some_and(|h| INTRO.is_match(h))
}

/// Collects the definitions under every intro unit of a tree.
pub fn extract(nodes: &[Node]) -> Vec<Definition> {
    let mut out = Vec::new();
    let mut stack: Vec<&Node> = nodes.iter().rev().collect();
    let mut guard = 0usize;
    while let Some(n) = stack.pop() {
        guard += 1;
        if guard > 1_000_000 {
            break;
        }
        // Only a unit with points or subpoints under it can introduce definitions (the cheap
        // test first: the pattern is searched in few texts).
        let has_items = n
            .children
            .iter()
            .any(|c| matches!(c.kind, NodeKind::Subpoint | NodeKind::Point));
        if has_items && is_intro(n) {
            for c in n
                .children
                .iter()
                .filter(|c| matches!(c.kind, NodeKind::Subpoint | NodeKind::Point))
            {
                if let Some((term, short, text)) = split_definition(&c.text) {
                    out.push(Definition {
                        term,
                        short,
                        text,
                        source_path: c.path.clone(),
                    });
                }
            }
        }
        stack.extend(n.children.iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let (t, s, d) = split_definition("уполномоченный орган в сфере оказания государственных услуг (далее – уполномоченный орган) – центральный государственный орган;").unwrap_or_default();
        assert_eq!(
            t,
            "уполномоченный орган в сфере оказания государственных услуг"
        );
        assert_eq!(s.as_deref(), Some("уполномоченный орган"));
        assert_eq!(d, "центральный государственный орган");
        let (t, s, _) = split_definition("мемлекеттік көрсетілетін қызметтер тізілімі (бұдан әрі – тізілім) – мемлекеттік көрсетілетін қызметтердің сыныпталған тізбесі;").unwrap_or_default();
        assert_eq!(
            (t.as_str(), s.as_deref()),
            (
                "мемлекеттік көрсетілетін қызметтер тізілімі",
                Some("тізілім")
            )
        );
        let (t, _, _) =
            split_definition("\"бір өтініш\" қағидаты – бір өтініш негізінде").unwrap_or_default();
        assert_eq!(t, "\"бір өтініш\" қағидаты");
        let (t, _, _) = split_definition("вице-министр - должностное лицо").unwrap_or_default();
        assert_eq!(t, "вице-министр");
        assert!(split_definition("без определения").is_none());
    }
}
