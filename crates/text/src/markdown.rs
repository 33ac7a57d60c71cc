//! The Markdown dialect of the public consolidated-text corpus (the git copies of zan.gov.kz
//! texts that analysts keep as `rus.md` / `kaz.md` beside a `meta.yaml`).
//!
//! What it looks like: the title as a `# ` line; points as paragraphs, often behind an anchor
//! line `<a id="p5"></a>`; subpoints indented; «Сноска.» / «Ескерту.» notes and approval stamps
//! and appendix headers as blockquotes of italic lines (`> *...*`, several lines ending in two
//! spaces); excluded units as italic lines (`*3) исключен приказом ...*`); tables as HTML
//! `<table>` (with `rowspan` / `colspan`) inside the Markdown; `## ` / `### ` headings for the
//! Rules and their chapters; escaped list numbers (`196\.`, `1\)`); old acts in fixed-width
//! ```` ``` ```` blocks; link stubs (`Z980213_`) left where a reference was.
//!
//! [`is_dialect`] tells such a file from other text exports; [`extract`] turns it into blocks:
//! notes become [`BlockKind::Note`], stamps and appendix headers [`BlockKind::Aside`], tables
//! real [`Table`](super::Table)s (read by the HTML reader), the rest headings and paragraphs.
//! The `meta.yaml` beside it is read by [`header_from_meta`]. Never fails.

use std::sync::LazyLock;

use regex::Regex;

use super::{Block, BlockKind, PageHeader, PageInfo, PageQuality, TextDoc};
use tizilim_lex::diag::Diagnostic;

static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r#"<a\s+(?:id|name)="[^"]*"\s*>\s*</a>"#).expect("static regex")
});
static ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"\\([.)(*_\-#+!\[\]`>|])").expect("static regex"));
/// A link stub left where the source had a hyperlink to another act: `Z980213_`, `V990949_`,
/// `P090002116_`.
static LINK_STUB: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"\b[A-Z]\d{6,10}_(?:\b|$)").expect("static regex"));
static NOTE_START: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"^(?:Сноска|СНОСКА|Ескерту|ЕСКЕРТУ|Ескертпе|Примечание|ПРИМЕЧАНИЕ)\b")
        .expect("static regex")
});

/// True when `text` is written in the corpus dialect: anchor lines, italic blockquotes or HTML
/// tables inside Markdown, with a `# ` title.
pub fn is_dialect(text: &str) -> bool {
    let head: String = text.chars().take(200_000).collect();
    let title = head.trim_start().starts_with("# ");
    let marks = head.matches("<a id=\"").count()
        + head
            .lines()
            .filter(|l| l.trim_start().starts_with("> *"))
            .count()
        + head.matches("<table").count()
        + head
            .lines()
            .filter(|l| l.trim_start().starts_with("```"))
            .count();
    title && marks >= 1
}

/// Whether a hard-wrapped line continues the text before it.
fn continues(before: &str, line: &str) -> bool {
    let ended = before.trim_end().ends_with(['.', ':', ';', '!', '?']);
    let caps = |t: &str| {
        let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() > 3 && letters.iter().all(|c| c.is_uppercase())
    };
    !ended && !UNIT_START.is_match(line) && !caps(line) && !caps(before)
}

/// A line that opens a unit: «1.», «2)», «а)», «1-тарау», «Глава 2», «Статья 3», «1-бап».
static UNIT_START: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"^(?:\d+(?:[-.]\d+)*[.)]\s|[а-яәғқңөұүһі]\)\s|\d+-(?:тарау|бап|бөлім|қосымша)|(?:Глава|Статья|Раздел|Приложение)\s+\d)")
        .expect("static regex")
});

/// One logical piece of the file.
enum Piece {
    Heading(String),
    Para(String),
    Quote(Vec<String>),
    Italic(String),
    Table(String),
    Blank,
}

/// Removes anchors and escapes, and turns `**bold**` into plain text.
fn clean(s: &str) -> String {
    let s = ANCHOR.replace_all(s, "");
    let s = LINK_STUB.replace_all(&s, "");
    let s = s.replace("**", "");
    let s = ESCAPE.replace_all(&s, "$1");
    s.replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .trim_end()
        .to_string()
}

/// The text inside an italic line (`*...*`), or None.
fn italic(s: &str) -> Option<&str> {
    let t = s.trim();
    let t = t.strip_suffix("  ").unwrap_or(t).trim_end();
    if t.len() >= 3 && t.starts_with('*') && !t.starts_with("**") && t.ends_with('*') {
        t.strip_prefix('*')?.strip_suffix('*')
    } else {
        None
    }
}

/// Splits the text into pieces.
fn pieces(text: &str) -> Vec<Piece> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut para: Vec<String> = Vec::new();
    let flush = |para: &mut Vec<String>, out: &mut Vec<Piece>| {
        if !para.is_empty() {
            out.push(Piece::Para(para.join("\n")));
            para.clear();
        }
    };
    while i < lines.len() {
        let raw = lines[i];
        let line = raw.trim_end_matches('\r');
        let t = line.trim();
        i += 1;
        if t.is_empty() {
            flush(&mut para, &mut out);
            out.push(Piece::Blank);
            continue;
        }
        if t.starts_with("```") {
            // A fixed-width block: hard-wrapped lines. A line continues the one before unless
            // that one ended a sentence or this one starts a unit or is a heading in capitals;
            // a link stub on its own line (with the blank lines around it) is dropped, so the
            // reference it interrupted reads on.
            flush(&mut para, &mut out);
            let mut block: Vec<&str> = Vec::new();
            while i < lines.len() && !lines[i].trim().starts_with("```") {
                block.push(lines[i].trim());
                i += 1;
            }
            let is_stub =
                |l: &str| LINK_STUB.is_match(l) && LINK_STUB.replace_all(l, "").trim().is_empty();
            let mut kept: Vec<&str> = Vec::with_capacity(block.len());
            for (k, l) in block.iter().enumerate() {
                if is_stub(l) {
                    while kept.last().is_some_and(|p| p.is_empty()) {
                        kept.pop();
                    }
                    continue;
                }
                let after_stub = l.is_empty()
                    && block[..k]
                        .iter()
                        .rev()
                        .find(|p| !p.is_empty())
                        .is_some_and(|p| is_stub(p));
                if !after_stub {
                    kept.push(l);
                }
            }
            let flush_line = |buf: &mut String, out: &mut Vec<Piece>| {
                if !buf.is_empty() {
                    out.push(Piece::Para(std::mem::take(buf)));
                }
            };
            let mut buf = String::new();
            for l in kept {
                if l.is_empty() {
                    flush_line(&mut buf, &mut out);
                    out.push(Piece::Blank);
                } else if l.starts_with('>') {
                    flush_line(&mut buf, &mut out);
                    out.push(Piece::Quote(vec![quote_line(l)]));
                } else if let Some(inner) = italic(l) {
                    flush_line(&mut buf, &mut out);
                    out.push(Piece::Italic(clean(inner)));
                } else if !buf.is_empty() && continues(&buf, l) {
                    buf.push(' ');
                    buf.push_str(&clean(l));
                } else {
                    flush_line(&mut buf, &mut out);
                    buf = clean(l);
                }
            }
            flush_line(&mut buf, &mut out);
            i += 1; // the closing fence
            continue;
        }
        if t.to_ascii_lowercase().contains("<table") {
            flush(&mut para, &mut out);
            let mut html = String::from(line);
            let mut depth = count_tables(line);
            while depth > 0 && i < lines.len() {
                html.push('\n');
                html.push_str(lines[i]);
                depth += count_tables(lines[i]);
                i += 1;
            }
            out.push(Piece::Table(html));
            continue;
        }
        if t.starts_with('>') {
            flush(&mut para, &mut out);
            let mut q = vec![quote_line(t)];
            while i < lines.len() && lines[i].trim().starts_with('>') {
                q.push(quote_line(lines[i].trim()));
                i += 1;
            }
            out.push(Piece::Quote(q));
            continue;
        }
        if let Some(rest) = t.strip_prefix('#') {
            let h = rest.trim_start_matches('#');
            if h.starts_with(' ') {
                flush(&mut para, &mut out);
                out.push(Piece::Heading(clean(h.trim())));
                continue;
            }
        }
        if (ANCHOR.is_match(t) && ANCHOR.replace_all(t, "").trim().is_empty())
            || (LINK_STUB.is_match(t) && LINK_STUB.replace_all(t, "").trim().is_empty())
        {
            continue;
        }
        if let Some(inner) = italic(t) {
            flush(&mut para, &mut out);
            out.push(Piece::Italic(clean(inner)));
            continue;
        }
        para.push(clean(t));
    }
    flush(&mut para, &mut out);
    out
}

fn count_tables(line: &str) -> i32 {
    let l = line.to_ascii_lowercase();
    l.matches("<table").count() as i32 - l.matches("</table").count() as i32
}

/// A blockquote line without its `>` and italics.
fn quote_line(t: &str) -> String {
    let t = t.trim_start_matches('>').trim();
    let t = italic(t).unwrap_or(t);
    clean(t.trim_matches('*'))
}

/// Extracts blocks from a file in the corpus dialect.
pub fn extract(text: &str) -> TextDoc {
    let mut blocks = Vec::new();
    let mut diagnostics = Vec::new();
    for p in pieces(text) {
        match p {
            Piece::Heading(h) => {
                if !h.is_empty() {
                    blocks.push(Block::new(BlockKind::Heading, h));
                }
            }
            Piece::Para(t) => {
                if !t.trim().is_empty() {
                    blocks.push(Block::new(BlockKind::Paragraph, t));
                }
            }
            Piece::Italic(t) => {
                // An excluded unit («3) исключен ...») or an editorial line: its own paragraph, so
                // that the unit keeps its place in the tree.
                let kind = if NOTE_START.is_match(&t) {
                    BlockKind::Note
                } else {
                    BlockKind::Paragraph
                };
                blocks.push(Block::new(kind, t));
            }
            Piece::Quote(lines) => {
                let lines: Vec<String> = lines.into_iter().filter(|l| !l.is_empty()).collect();
                if lines.is_empty() {
                    continue;
                }
                let first = lines[0].as_str();
                if NOTE_START.is_match(first) {
                    // Notes are running text broken only by the export: one line.
                    blocks.push(Block::new(BlockKind::Note, lines.join(" ")));
                } else {
                    blocks.push(Block::new(BlockKind::Aside, lines.join("\n")));
                }
            }
            Piece::Table(html) => {
                let frag = scraper::Html::parse_fragment(&html);
                let mut found = super::html::fragment_blocks(&frag);
                if found.is_empty() {
                    diagnostics.push(Diagnostic::warning("", "an HTML table with no cells"));
                }
                blocks.append(&mut found);
            }
            Piece::Blank => {}
        }
    }
    for b in &mut blocks {
        b.page = Some(1);
    }
    TextDoc {
        blocks,
        pages: vec![PageInfo {
            number: 1,
            quality: PageQuality::Clean,
            letters: 0,
            cyrillic_share: 0.0,
        }],
        diagnostics,
        ..Default::default()
    }
}

/// What a corpus `meta.yaml` says of its act.
#[derive(Debug, Default, serde::Deserialize)]
struct Meta {
    #[serde(default)]
    requisite: Option<String>,
    #[serde(default)]
    title: Option<Titles>,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Titles {
    #[serde(default)]
    rus: Option<String>,
    #[serde(default)]
    kaz: Option<String>,
}

/// The act header that a `meta.yaml` beside a text gives, as the page header of an adilet page
/// would: the requisite line («Приказ Министра ... от ... № .... Зарегистрирован ... № ...»,
/// with «Утратил силу ...» when repealed) and the title in the text's language (`kazakh`).
/// Diagnostics say when the file does not read.
pub fn header_from_meta(yaml: &str, kazakh: bool) -> (PageHeader, Vec<Diagnostic>) {
    let meta: Meta = match yaml_serde::from_str(yaml) {
        Ok(m) => m,
        Err(e) => {
            return (
                PageHeader::default(),
                vec![Diagnostic::warning(
                    "",
                    format!("meta.yaml beside the text does not read: {e}"),
                )],
            )
        }
    };
    let title = meta.title.and_then(|t| if kazakh { t.kaz } else { t.rus });
    let collapse = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    (
        PageHeader {
            title: title.map(collapse).filter(|t| !t.is_empty()),
            header_line: meta.requisite.map(collapse).filter(|t| !t.is_empty()),
            ..PageHeader::default()
        },
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str = "# Об утверждении Правил выдачи справок\n\n\
> *Сноска. Заголовок в редакции приказа Министра юстиции РК от 28.01.2026 № 84 (вводится в действие по истечении десяти календарных дней).*\n\n\
В соответствии с подпунктом 1) статьи 10 Закона ПРИКАЗЫВАЮ:\n\n\
<a id=\"p1\"></a>\n\n\
1. Утвердить прилагаемые Правила.\n\n\
2. Обеспечить:\n\n   1) регистрацию;\n\n   *2) исключен приказом Министра юстиции РК от 15.02.2023 № 121.*\n\n\
196\\. Пункт с экранированным номером.\n\n\
> *«СОГЛАСОВАНО»*  \n> *Министерство финансов*\n\n\
> *Приложение*  \n> *к приказу Министра юстиции*  \n> *от 5 мая 2020 года № 12*\n\n\
<table>\n<tr><td rowspan=\"2\">1</td><td>Наименование услугодателя</td><td>Министерство &quot;юстиции&quot;</td></tr>\n<tr><td colspan=\"2\">Срок – 5 рабочих дней</td></tr>\n</table>\n";

    const KK: &str = "# Анықтамалар беру қағидаларын бекіту туралы\n\n\
> *Ескерту. Тақырып жаңа редакцияда - ҚР Әділет министрінің 28.01.2026 № 84 бұйрығымен.*\n\n\
1. Қағидалар бекітілсін.\n\n   *1) алып тасталды - ҚР Әділет министрінің 15.02.2023 № 121 бұйрығымен.*\n";

    fn kinds(d: &TextDoc) -> Vec<(BlockKind, String)> {
        d.blocks.iter().map(|b| (b.kind, b.text.clone())).collect()
    }

    #[test]
    fn fixed_width_blocks_join_wrapped_lines_across_link_stubs() {
        let ru = "# О приостановлении действия приказа\n\n```\n1. Приостановить действие приказа Министра юстиции\nРеспублики Казахстан от 8 октября 1999 года N 81\n\nV990949_\n\nдо 1 апреля 2000 года.\n2. Настоящий приказ вводится в действие.\n```\n";
        let kk = "# Бұйрықтың қолданылуын тоқтата тұру туралы\n\n```\n1. Әділет министрінің 1999 жылғы 8 қазандағы N 81\n\nV990949_\n\nбұйрығының қолданылуы\n2000 жылдың 1 сәуіріне дейін тоқтатыла тұрсын.\n2. Осы бұйрық күшіне енеді.\n```\n";
        for (text, first) in [
            (
                ru,
                "1. Приостановить действие приказа Министра юстиции Республики Казахстан от 8 октября 1999 года N 81 до 1 апреля 2000 года.",
            ),
            (
                kk,
                "1. Әділет министрінің 1999 жылғы 8 қазандағы N 81 бұйрығының қолданылуы 2000 жылдың 1 сәуіріне дейін тоқтатыла тұрсын.",
            ),
        ] {
            assert!(is_dialect(text));
            let d = extract(text);
            let texts: Vec<String> = d.blocks.iter().map(|b| b.text.clone()).collect();
            assert!(texts.iter().any(|t| t == first), "{texts:?}");
            assert!(texts.iter().any(|t| t.starts_with("2. ")), "{texts:?}");
            assert!(!texts.iter().any(|t| t.contains("V990949_")), "{texts:?}");
        }
    }

    #[test]
    fn the_dialect_is_recognised() {
        assert!(is_dialect(RU));
        assert!(is_dialect(KK));
        assert!(!is_dialect("Приказ Министра\n\n1. Утвердить."));
        assert!(!is_dialect("# Заголовок\n\n1. Текст без разметки корпуса."));
    }

    #[test]
    fn notes_stamps_excluded_units_and_tables_in_russian() {
        let d = extract(RU);
        let k = kinds(&d);
        assert_eq!(
            k[0],
            (
                BlockKind::Heading,
                "Об утверждении Правил выдачи справок".into()
            )
        );
        assert_eq!(k[1].0, BlockKind::Note);
        assert!(k[1].1.starts_with("Сноска. Заголовок в редакции"));
        assert!(k
            .iter()
            .any(|(_, t)| t == "1. Утвердить прилагаемые Правила."));
        assert!(k.iter().any(|(kind, t)| *kind == BlockKind::Paragraph
            && t == "2) исключен приказом Министра юстиции РК от 15.02.2023 № 121."));
        assert!(k
            .iter()
            .any(|(_, t)| t == "196. Пункт с экранированным номером."));
        assert!(k
            .iter()
            .any(|(kind, t)| *kind == BlockKind::Aside && t.starts_with("«СОГЛАСОВАНО»\n")));
        assert!(k.iter().any(|(kind, t)| *kind == BlockKind::Aside
            && t == "Приложение\nк приказу Министра юстиции\nот 5 мая 2020 года № 12"));
        assert!(!k.iter().any(|(_, t)| t.contains("<a id")));
        let table = d
            .blocks
            .iter()
            .find_map(|b| b.table.as_ref())
            .expect("a table");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0][0].rowspan, 2);
        assert_eq!(table.rows[0][2].text, "Министерство \"юстиции\"");
        assert_eq!(table.rows[1][0].colspan, 2);
    }

    #[test]
    fn notes_and_excluded_units_in_kazakh() {
        let k = kinds(&extract(KK));
        assert_eq!(k[1].0, BlockKind::Note);
        assert!(k[1].1.starts_with("Ескерту. Тақырып жаңа редакцияда"));
        assert!(k.iter().any(|(_, t)| t.starts_with("1) алып тасталды")));
    }

    #[test]
    fn meta_gives_the_header_in_the_texts_language() {
        let yaml = "act_code: '1'\nrequisite: Приказ Министра юстиции Республики Казахстан от 19 марта 2020 года № 105. Зарегистрирован в Министерстве юстиции Республики Казахстан 20 марта 2020 года № 20153\ntitle:\n  rus: Об утверждении  Правил\n  kaz: Қағидаларын бекіту туралы\napproved_on: 2020-03-19\n";
        let (h, d) = header_from_meta(yaml, false);
        assert!(d.is_empty());
        assert_eq!(h.title.as_deref(), Some("Об утверждении Правил"));
        assert!(h.header_line.as_deref().unwrap().ends_with("№ 20153"));
        let (h, _) = header_from_meta(yaml, true);
        assert_eq!(h.title.as_deref(), Some("Қағидаларын бекіту туралы"));
        let (h, d) = header_from_meta("requisite: [unclosed", false);
        assert_eq!(h, PageHeader::default());
        assert_eq!(d.len(), 1);
    }
}
