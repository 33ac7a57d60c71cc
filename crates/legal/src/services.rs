//! State services an act names or implies.
//!
//! Three sources, strongest first:
//! - the standard table of a service («Перечень основных требований к оказанию государственной
//!   услуги «...»» / ««...» мемлекеттік қызмет көрсетуге қойылатын негізгі талаптар тізбесі»),
//!   whose rows give the provider, term, form, result, fee and recipients;
//! - names in quotes next to a service marker («государственная услуга «...»», ««...»
//!   мемлекеттік көрсетілетін қызмет»), as a definition when they name the Rules of providing
//!   the service or introduce it with «(далее – государственная услуга)», else as a mention;
//! - candidates: sentences where a state body, on application of persons or companies, issues a
//!   document or performs a registration-like action (DOMAIN.md §7). Precision over recall: the
//!   sentence must name the document or action, the issuing verb and the application, and must
//!   not be about control, inspections, fines or dealings between state bodies.

use crate::gated;
use std::collections::HashMap;
use std::sync::LazyLock;
use tizilim_lex::gated::Gated;

use regex::Regex;

use super::{Service, ServiceKind};
use tizilim_lex::norm::{clean, quote_spans, QuoteSpan};
use tizilim_lex::Language;
use tizilim_structure::{Node, NodeKind};

fn re(s: &str) -> Regex {
    tizilim_lex::re::new(s).expect("static regex")
}

/// Russian marker before a quoted name: «государственная услуга», «государственной услуги».
static RU_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)государственн\w+\s+услуг\w*\s*$"));
/// Kazakh marker after a quoted name: «мемлекеттік көрсетілетін қызмет», «мемлекеттік қызмет
/// көрсету».
static KK_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*мемлекеттік\s+(?:көрсетілетін\s+қызмет|қызмет)\w*"));
static RU_DEF_CTX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)правил\w*\s+оказания\s+государственн\w+\s+услуг\w*\s*$|(?:стандарт|регламент)\w*\s+государственн\w+\s+услуг\w*\s*$",
    )
});
static RU_DEF_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s*\(далее\s*[–—-]\s*государственн\w+\s+услуг"));
static KK_DEF_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*мемлекеттік\s+(?:көрсетілетін\s+қызмет\w*|қызмет)\s*(?:көрсету\s+)?(?:қағида|стандарт|регламент|\(бұдан\s+әрі)",
    )
});
static RU_TABLE_CTX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:перечень\s+основных\s+требований\s+к\s+оказанию|стандарт)\s+государственн\w+\s+услуг\w*\s*$",
    )
});
static KK_TABLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*мемлекеттік\s+(?:қызмет(?:ін|ті)?\s+көрсетуге\s+қойылатын\s+негізгі\s+талаптар|көрсетілетін\s+қызмет\s+стандарт)",
    )
});
/// «Мемлекеттік көрсетілетін қызмет стандарты «...»»: the standard's title before the name.
static KK_TABLE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)мемлекеттік\s+көрсетілетін\s+қызмет\s+стандарты\s*$"));
/// A Kazakh word in an oblique case (dative, locative, ablative after a possessive).
static KK_OBLIQUE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?:ына|іне|сына|сіне|ында|інде|сында|сінде|ынан|інен)$"));

// Candidates.
static DOC_NOUN: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\b(?:разрешени\w*|лицензи\w*|справк\w*|сертификат\w*|свидетельств\w*|заключени\w*|аттестат\w*|согласовани\w*|рұқсат\w*|анықтама\w*|куәлі\w*|қорытынды\w*|келісу\w*|келісім\w*)",
    )
});
static ISSUE_VERB: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\b(?:выда\w+|выдач\w+|оформля\w+|оформлени\w+|предоставля\w+|бер(?:іледі|еді|у\b|уді|уге)|ресімде\w+)",
    )
});
static ACTION_NOUN: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\b(?:государственн\w+\s+регистраци\w*|регистраци\w*|постановк\w+\s+на\s+учет|сняти\w+\s+с\s+учета|аттестаци\w*|аккредитаци\w*|тіркеу\w*|тіркейді|есепке\s+қою\w*|есептен\s+шығару\w*|аттестатта\w*|аккредиттеу\w*)",
    )
});
static APPLICATION: LazyLock<tizilim_lex::stems::Stems> = LazyLock::new(|| {
    tizilim_lex::stems::Stems::new(&[(1, &["заявлени", "заявител", "обращени", "өтініш", "жүгін"])])
});
static APPLICANT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)физическ\w+\s+(?:и\s+юридическ\w+\s+)?лиц|юридическ\w+\s+лиц|заявител\w*|услугополучател\w*|жеке\s+(?:және\s+заңды\s+)?тұлға\w*|заңды\s+тұлға\w*|өтініш\s+беруші\w*|көрсетілетін\s+қызметті\s+алушы\w*",
    )
});
static NOT_SERVICE: LazyLock<Gated> = LazyLock::new(|| {
    gated(
        r"(?i)\bпроверк\w*|\bнадзор\w*|\bконтрол\w*|\bштраф\w*|\bтексер\w*|\bқадағала\w*|\bбақыла\w*|\bбақылау\w*|\bайыппұл\w*|\bмежведомств\w*|\bведомствоаралық\w*|\bмемлекеттік\s+органдар\s+арасында",
    )
});
/// Sentences that define terms or talk about services in general, not a function.
static GENERIC: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)реестр\w*\s+государственн|тізілім\w*|скрыт\w+\s+государственн|[–—-]\s+(?:одна\s+из\s+форм|государственная\s+функция)",
    )
});

/// How deep in the tree services are looked for (a tree deeper than this is no act's).
pub(crate) const MAX_DEPTH: usize = 64;

fn unit_owner(path: &str) -> String {
    // Paragraphs and headings report their unit.
    let segs: Vec<&str> = path.split('/').collect();
    let keep: Vec<&str> = segs
        .iter()
        .copied()
        .filter(|s| {
            !s.starts_with("par:") && !s.starts_with("table:") && !s.starts_with("heading:")
        })
        .collect();
    keep.join("/")
}

/// A name in quotes with a marker, from one text.
fn quoted_names(text: &str) -> Vec<(String, ServiceKind)> {
    quoted_names_in(text, &quote_spans(text))
}

/// [`quoted_names`] of a text whose quoted stretches ([`quote_spans`]) are known.
fn quoted_names_in(text: &str, spans: &[QuoteSpan]) -> Vec<(String, ServiceKind)> {
    let mut out = Vec::new();
    for q in spans.iter().filter(|q| q.depth == 0) {
        let name = q.inner(text).trim();
        if name.is_empty() || name.chars().count() > 300 || !name.chars().any(char::is_alphabetic) {
            continue;
        }
        let before = text.get(..q.open).unwrap_or("");
        let after = text.get(q.close..).unwrap_or("");
        let kind = if RU_TABLE_CTX.is_match(before)
            || KK_TABLE_BEFORE.is_match(before)
            || KK_TABLE_AFTER.is_match(after)
        {
            Some(ServiceKind::StandardTable)
        } else if RU_DEF_CTX.is_match(before)
            || (RU_BEFORE.is_match(before) && RU_DEF_AFTER.is_match(after))
            || KK_DEF_AFTER.is_match(after)
        {
            Some(ServiceKind::Definition)
        } else if RU_BEFORE.is_match(before)
            || (KK_AFTER.is_match(after) && !KK_OBLIQUE.is_match(name))
        {
            // A Kazakh name stands in the nominative before its marker; a word in an oblique
            // case there («жеке кабинетіне» мемлекеттік қызмет ...) is an argument, not a name.
            Some(ServiceKind::Mention)
        } else {
            None
        };
        if let Some(k) = kind {
            out.push((name.to_string(), k));
        }
    }
    out
}

fn rank(k: ServiceKind) -> u8 {
    match k {
        ServiceKind::StandardTable => 3,
        ServiceKind::Definition => 2,
        ServiceKind::Mention => 1,
        ServiceKind::Candidate => 0,
    }
}

/// A name's comparison key: lower case, letters and digits only.
pub(crate) fn name_key(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Finds the standard tables: a container (appendix) whose heading or header text names a
/// standard table; its tables give the attributes.
fn standard_tables(nodes: &[Node], language: Language, out: &mut Vec<Service>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for n in nodes {
        if n.kind == NodeKind::Appendix {
            let mut probe = n.heading.clone().unwrap_or_default();
            for c in n.children.iter().take(6) {
                if matches!(c.kind, NodeKind::Paragraph | NodeKind::Heading) {
                    probe.push(' ');
                    probe.push_str(&c.text);
                }
                // A standard written as one table whose first row is its title.
                if let Some(first) = c.table.as_ref().and_then(|t| t.rows.first()) {
                    for cell in first {
                        probe.push(' ');
                        probe.push_str(&cell.text);
                    }
                }
            }
            let probe = clean(&probe);
            if let Some((name, _)) = quoted_names(&probe)
                .into_iter()
                .find(|(_, k)| *k == ServiceKind::StandardTable)
            {
                out.push(Service::new(
                    name,
                    language,
                    ServiceKind::StandardTable,
                    0.95,
                    n.path.clone(),
                    probe.chars().take(300).collect::<String>(),
                ));
            }
        }
        standard_tables(&n.children, language, out, depth + 1);
    }
}

/// Splits a text into sentences (at «. » and «; »).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut last = 0;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        if (c == '.' || c == ';') && b.get(i + 1).is_none_or(|x| *x == b' ') {
            out.push(text.get(last..=i).unwrap_or(""));
            last = i + 1;
        }
    }
    if last < text.len() {
        out.push(text.get(last..).unwrap_or(""));
    }
    out
}

/// A short name for a candidate: the document or action noun phrase, up to a clause boundary.
fn candidate_name(sentence: &str, start: usize) -> String {
    let rest = sentence.get(start..).unwrap_or("");
    let end = rest.find([',', ';', '.', '(', ':']).unwrap_or(rest.len());
    let words: Vec<&str> = rest
        .get(..end)
        .unwrap_or("")
        .split_whitespace()
        .take(10)
        .collect();
    words.join(" ")
}

/// Candidate services in the (already [`clean`]ed) unit texts.
fn candidates(
    texts: &[CleanText<'_>],
    defs: &[String],
    language: Language,
    out: &mut Vec<Service>,
) {
    for (path, text, kind, _) in texts {
        if !matches!(
            kind,
            NodeKind::Point | NodeKind::Subpoint | NodeKind::Paragraph | NodeKind::Article
        ) {
            continue;
        }
        // No sentence of a text without an application word is a candidate: one search over
        // the text spares splitting it.
        if defs.iter().any(|d| d == path) || !APPLICATION.is_match(text) {
            continue;
        }
        for s in sentences(text).into_iter().take(200) {
            // The application words first: a substring search rules out most sentences before
            // the patterns with word boundaries run.
            if !APPLICATION.is_match(s)
                || !APPLICANT.is_match(s)
                || NOT_SERVICE.is_match(s)
                || GENERIC.is_match(s)
            {
                continue;
            }
            // (The action only where no document is issued: the document wins.)
            let doc = DOC_NOUN.find(s).filter(|_| ISSUE_VERB.is_match(s));
            let (m, conf) = match doc {
                Some(m) => (m, 0.6),
                None => match ACTION_NOUN.find(s) {
                    Some(m) => (m, 0.5),
                    None => continue,
                },
            };
            let name = candidate_name(s, m.start());
            if name.is_empty() {
                continue;
            }
            out.push(Service::new(
                name,
                language,
                ServiceKind::Candidate,
                conf,
                unit_owner(path),
                s.trim(),
            ));
        }
    }
}

/// A unit's text or heading, [`clean`]ed: where it stands (the unit's path), the text, the
/// kind of text (the node's kind, or [`NodeKind::Heading`] for a heading) and its quoted
/// stretches ([`quote_spans`]).
pub(crate) type CleanText<'a> = (&'a str, &'a str, NodeKind, &'a [QuoteSpan]);

/// Extracts the services of a tree from its texts, cleaned, in document order (the act's title
/// first, then each node's heading and its own text; tables give theirs through `nodes`).
/// `definition_paths` are the units that hold definitions: they are never candidates.
pub(crate) fn extract(
    nodes: &[Node],
    texts: &[CleanText<'_>],
    title: Option<&str>,
    language: Language,
    definition_paths: &[String],
) -> Vec<Service> {
    let mut out: Vec<Service> = Vec::new();
    standard_tables(nodes, language, &mut out, 0);
    // name_key of each service in `out`, and where each key is (names repeat across units).
    let mut keys: Vec<String> = out.iter().map(|s| name_key(&s.name)).collect();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        index.entry(k.clone()).or_insert(i);
    }
    for &(path, text, _, quotes) in texts {
        for (name, kind) in quoted_names_in(text, quotes) {
            let key = name_key(&name);
            if let Some(existing) = index.get(&key).and_then(|&i| out.get_mut(i)) {
                if rank(kind) > rank(existing.kind) {
                    existing.kind = kind;
                }
                continue;
            }
            let confidence = match kind {
                ServiceKind::StandardTable => 0.9,
                ServiceKind::Definition => 0.9,
                _ => 0.7,
            };
            out.push(Service::new(
                name,
                language,
                kind,
                confidence,
                unit_owner(path),
                text.chars().take(400).collect::<String>(),
            ));
            index.insert(key.clone(), out.len() - 1);
            keys.push(key);
        }
    }
    let mut lower_names: Vec<String> = out.iter().map(|s| s.name.to_lowercase()).collect();
    let mut cands = Vec::new();
    candidates(texts, definition_paths, language, &mut cands);
    // A candidate already covered by a named service is dropped: same name, or the same
    // document or action (the first word's stem) as a service the act names.
    for c in cands {
        let key = name_key(&c.name);
        let stem: String = c
            .name
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase()
            .chars()
            .take(6)
            .collect();
        let covered = keys.iter().zip(&lower_names).any(|(k, lower)| {
            (!key.is_empty() && (k.contains(&key) || key.contains(k.as_str())))
                || (stem.chars().count() >= 5 && lower.contains(&stem))
        });
        if !covered {
            keys.push(key);
            lower_names.push(c.name.to_lowercase());
            out.push(c);
        }
    }
    let title_keys: Vec<String> = title
        .map(|t| quoted_names(&clean(t)))
        .unwrap_or_default()
        .into_iter()
        .filter(|(_, k)| matches!(k, ServiceKind::Definition | ServiceKind::StandardTable))
        .map(|(n, _)| name_key(&n))
        .collect();
    if let [key] = title_keys.as_slice() {
        merge_variants(&mut out, key);
    }
    crate::attrs::fill(nodes, &mut out);
    out
}

/// An act about one service words its name in several places (title, approving clause, the
/// standard's heading), and amendments may reword one place only. When the title names one
/// service, the other definitions close to that name are spellings of it: they become its
/// aliases.
fn merge_variants(out: &mut Vec<Service>, title_key: &str) {
    let defining =
        |s: &Service| matches!(s.kind, ServiceKind::Definition | ServiceKind::StandardTable);
    let titled: Vec<usize> = out
        .iter()
        .enumerate()
        .filter(|(_, s)| name_key(&s.name) == title_key && defining(s))
        .map(|(i, _)| i)
        .collect();
    let [t] = titled.as_slice() else { return };
    let t = *t;
    let title_name = out[t].name.clone();
    // One pass: the spellings leave the list; the title's service moves up by those before it.
    let mut merged: Vec<(ServiceKind, String)> = Vec::new();
    let (mut i, mut before) = (0usize, 0usize);
    out.retain(|s| {
        let spelling = i != t && defining(s) && same_service(&title_name, &s.name);
        if spelling {
            merged.push((s.kind, s.name.clone()));
            before += usize::from(i < t);
        }
        i += 1;
        !spelling
    });
    let keep = &mut out[t - before];
    for (kind, name) in merged {
        if rank(kind) > rank(keep.kind) {
            keep.kind = kind;
        }
        if !keep.aliases.contains(&name) {
            keep.aliases.push(name);
        }
    }
}

/// Two spellings of one service name: the same first word and at least 80 % of the shorter's
/// word stems in the longer.
fn same_service(a: &str, b: &str) -> bool {
    let stems = |x: &str| -> Vec<String> {
        x.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 2)
            .map(|w| w.chars().take(5).collect())
            .collect()
    };
    let (sa, sb) = (stems(a), stems(b));
    if sa.is_empty() || sb.is_empty() || sa[0] != sb[0] {
        return false;
    }
    let (short, long) = if sa.len() <= sb.len() {
        (&sa, &sb)
    } else {
        (&sb, &sa)
    };
    // A stem shared, or one letter off (a typo in one of the places: «жүрі» for «жүру»).
    let near = |a: &String, b: &String| {
        a == b || {
            let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            ca.len() == cb.len()
                && ca.len() >= 4
                && ca.iter().zip(&cb).filter(|(x, y)| x != y).count() <= 1
        }
    };
    let shared = short
        .iter()
        .filter(|w| long.iter().any(|l| near(w, l)))
        .count();
    shared * 5 >= short.len() * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let v = quoted_names("Настоящие Правила оказания государственной услуги «Выдача справки о несудимости» определяют порядок");
        assert_eq!(
            v,
            vec![(
                "Выдача справки о несудимости".to_string(),
                ServiceKind::Definition
            )]
        );
        let v = quoted_names("«Соттылығы жоқ екендігі туралы анықтама беру» мемлекеттік көрсетілетін қызмет көрсету қағидалары");
        assert_eq!(
            v,
            vec![(
                "Соттылығы жоқ екендігі туралы анықтама беру".to_string(),
                ServiceKind::Definition
            )]
        );
        let v = quoted_names(
            "Перечень основных требований к оказанию государственной услуги «Выдача справки»",
        );
        assert_eq!(v[0].1, ServiceKind::StandardTable);
        let v = quoted_names(
            "«Анықтама беру» мемлекеттік қызмет көрсетуге қойылатын негізгі талаптар тізбесі",
        );
        assert_eq!(v[0].1, ServiceKind::StandardTable);
        assert!(
            quoted_names("Закона Республики Казахстан \"О государственных услугах\" и").is_empty()
        );
        let v = quoted_names("при оказании государственной услуги «Выдача справки» услугодатель");
        assert_eq!(v[0].1, ServiceKind::Mention);
    }

    #[test]
    fn spellings_of_one_service() {
        assert!(same_service(
            "Жол жүру құжатын беру",
            "Жол жүрі құжатын беру"
        ));
        assert!(same_service(
            "Выдача лицензии на занятие судебно-экспертной деятельностью",
            "Выдача лицензии на занятие судебно-экспертной деятельностью, в том числе судебно-медицинской"
        ));
        assert!(!same_service(
            "Выдача справки о несудимости",
            "Выдача лицензии на оружие"
        ));
        assert!(!same_service("Анықтама беру", "Лицензия беру"));
    }

    #[test]
    fn candidate_sentences() {
        let mk = |t: &'static str| vec![("point:3", t, NodeKind::Point, &[][..])];
        let mut out = Vec::new();
        candidates(&mk("Местный исполнительный орган на основании заявления физических и юридических лиц выдает разрешение на вырубку деревьев в течение пяти рабочих дней."), &[], Language::Ru, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].name,
            "разрешение на вырубку деревьев в течение пяти рабочих дней"
        );
        let mut out = Vec::new();
        candidates(&mk("Уполномоченный орган проводит проверку заявления юридических лиц и выдает заключение."), &[], Language::Ru, &mut out);
        assert!(out.is_empty());
        let mut out = Vec::new();
        candidates(&mk("Жергілікті атқарушы орган жеке және заңды тұлғалардың өтініші негізінде ағаштарды кесуге рұқсат береді."), &[], Language::Kk, &mut out);
        assert_eq!(out.len(), 1);
        let mut out = Vec::new();
        candidates(
            &mk("Облыстың әкімдігі заңды тұлғалардың өтініші бойынша оларды есепке қою жүргізеді."),
            &[],
            Language::Kk,
            &mut out,
        );
        assert_eq!(out.len(), 1);
        let mut out = Vec::new();
        candidates(
            &mk("Уполномоченный орган направляет в центральный государственный орган заключение."),
            &[],
            Language::Ru,
            &mut out,
        );
        assert!(out.is_empty());
    }
}
