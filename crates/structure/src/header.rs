//! The act header: type, issuer, date, number, registration, status, repealing act, title,
//! signature and entry into force.
//!
//! Sources, strongest first: adilet's page header ([`PageHeader`]) or the lead blocks of a text
//! export (title lines, the status label, the header line «Приказ ... от ... № ... .
//! Зарегистрирован ...» / «... № ... бұйрығы. ... № ... болып тіркелді»); then the header block
//! of the act's own appendix («... № 41/НҚ бұйрығына қосымша», «Приложение к приказу ...»), which
//! is the only source when a text has no header line. The header line is read with the same
//! reference parser as references in the body ([`tizilim_lex::refs`]).

use std::sync::LazyLock;
use tizilim_lex::gated::Gated;

use regex::Regex;

use crate::{ActMeta, ActRef};
use tizilim_lex::dates::find_dates;
use tizilim_lex::diag::{Diagnostic, Diagnostics};
use tizilim_lex::norm::{clean, deglue};
use tizilim_lex::refs::{find_refs, RefMatch};
use tizilim_text::{Language, PageHeader};

/// What the header parser reads.
#[derive(Debug, Clone, Copy)]
pub struct HeaderInput<'a> {
    /// adilet's page header (HTML inputs); empty for text and PDF inputs.
    pub page: &'a PageHeader,
    /// The text blocks before the act body, in order (title lines, status line, header line).
    pub lead: &'a [String],
    /// The signature block (cells joined « | »).
    pub signature: Option<&'a str>,
    /// The header blocks of the act's appendices («... бұйрығына қосымша»).
    pub appendix_asides: &'a [String],
    /// The body of the act (its points), for the entry-into-force clause.
    pub body_text: &'a str,
    /// The preamble («В соответствии с ... ПОСТАНОВЛЯЕТ:»), where a collective issuer names
    /// itself before its command word.
    pub preamble: Option<&'a str>,
    /// The act's language.
    pub language: Language,
}

static STATUS_REPEALED: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)^(?:утративший силу|утратил силу|күшін жойған|күші жойылған)\.?$")
        .expect("static regex")
});
static STATUS_OTHER: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"(?i)^(?:новый|жаңа|обновленный|жаңартылған|исправление ошибки|қатені түзету)\.?$",
    )
    .expect("static regex")
});
static REPEAL_MARK: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)утратил\w* силу|күші жойыл").expect("static regex")
});
/// State registration by the Ministry of Justice or a regional justice body: «Зарегистрирован в
/// Министерстве юстиции ...», «Зарегистрировано Департаментом юстиции Алматинской области ...»,
/// «... Управлением юстиции ...».
static REG_RU: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)зарегистрирован\w*\s+(?:в\s+)?(?:министерств|департамент|управлени)\w*\s+юстиции[^№]{0,160}?№\s*(\d+)")
        .expect("static regex")
});
/// «... Әділет министрлігінде ... № ... болып тіркелді», «... облысының Әділет
/// департаментінде ...», «... Әділет басқармасында ...».
static REG_KK: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)(?:министрлігінде|департаментінде|басқармасында)\s+([^№]{0,80}?)№\s*(\d+)\s*(?:болып\s+)?тіркел")
        .expect("static regex")
});
/// The command word of a preamble, after the issuing body: «Правительство Республики Казахстан
/// ПОСТАНОВЛЯЕТ:», «Алматы облыстық мәслихаты ШЕШІМ ҚАБЫЛДАДЫ:».
static COMMAND_AFTER_ISSUER: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(&format!(
        r"(?:{})\s*:?\s*$",
        tizilim_lex::units::COLLECTIVE_COMMAND_WORDS
    ))
    .expect("static regex")
});
/// A ministry named in the text: «Қазақстан Республикасы Әділет министрлігінің» → «Әділет»;
/// «Министерства юстиции Республики Казахстан» → «юстиции».
static MINISTRY_KK: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"Қазақстан Республикасы(?:ның)? ((?:[\p{L}-]+ ){1,5}?)министр(?:лі[гк]|інің)",
    )
    .expect("static regex")
});
static MINISTRY_RU: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"Министерств[оаеу]м? ((?:[\p{Ll}-]+,? ){1,6}?)Республики Казахстан")
        .expect("static regex")
});
/// A signer's position that does not say which ministry: «Министр», «Министрі».
static BARE_MINISTER: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"(?i)^(?:министр|министрі)$").expect("static regex"));

/// Letters only Kazakh writes.
static KAZAKH_LETTER: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]").expect("static regex"));
static SIGNER: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?(?:[А-ЯЁӘҒҚҢӨҰҮҺІ]\.\s?)?[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:-[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі][а-яёәғқңөұүһі]+)?",
    )
    .expect("static regex")
});
static EIF_KK: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)осы (?:бұйрық|қаулы|заң|шешім|жарлық|бірлескен бұйрық)\s+(.{3,300}?)\s+қолданысқа енгізіледі")
        .expect("static regex")
});
static EIF_RU: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"(?i)настоящ(?:ий|ее|ая)\s+(?:совместный\s+)?(?:приказ|постановление|закон|решение|указ|распоряжение)\s+(?:вводится в действие|вступает в силу)\s+([^.;]{3,300})")
        .expect("static regex")
});
static TYPE_START: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"(?i)^(?:совместный\s+)?(?:приказ|постановление|закон|кодекс|указ|решение|распоряжение)\b|(?:бұйрығы|қаулысы|заңы|кодексі|жарлығы|шешімі)\b")
        .expect("static regex")
});

/// The last word of a Kazakh act title: «... бекіту туралы», «... енгізу туралы».
static KK_TITLE_END: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"(?i)туралы[\s»\x22.]*$").expect("static regex"));

fn looks_like_header_line(s: &str) -> bool {
    let c = clean(s);
    // (The date search last: it reads the whole text, and most texts fail the other two.)
    c.contains('№') && TYPE_START.is_match(&c) && !find_dates(&c).is_empty()
}

fn set(dst: &mut Option<String>, v: Option<String>) {
    if dst.is_none() {
        *dst = v;
    }
}

fn fill_from_ref(meta: &mut ActMeta, r: &ActRef) {
    set(&mut meta.id.act_type, r.act_type.clone());
    set(&mut meta.id.number, r.number.clone());
    set(&mut meta.id.date, r.date.clone());
    set(&mut meta.id.issuer, r.issuer.clone());
}

/// The reference that names the act itself in a header line: the first one with a number.
fn own_ref(refs: &[RefMatch]) -> Option<&RefMatch> {
    refs.iter()
        .find(|r| r.act.number.is_some() && r.act.date.is_some())
        .or_else(|| refs.first())
}

/// Parses the header line (without the repeal part) into `meta`.
fn parse_header_line(line: &str, meta: &mut ActMeta, diags: &mut Diagnostics) {
    let line = clean(line);
    let (main, repeal) = match REPEAL_MARK.find(&line) {
        Some(m) => (&line[..m.start()], Some(&line[m.start()..])),
        None => (line.as_str(), None),
    };
    // Registration.
    if let Some(c) = REG_RU.captures(main) {
        if let (Some(all), Some(n)) = (c.get(0), c.get(1)) {
            meta.id.registration_number = Some(n.as_str().to_string());
            meta.registration_date = find_dates(all.as_str()).into_iter().next().map(|d| d.date);
        }
    } else if let Some(c) = REG_KK.captures(main) {
        if let (Some(d), Some(n)) = (c.get(1), c.get(2)) {
            meta.id.registration_number = Some(n.as_str().to_string());
            meta.registration_date = find_dates(d.as_str()).into_iter().next().map(|d| d.date);
        }
    }
    let reg_start = REG_RU
        .find(main)
        .or_else(|| REG_KK.find(main))
        .map_or(main.len(), |m| m.start());
    let own_part = main.get(..reg_start).unwrap_or(main);
    let refs = find_refs(own_part);
    match own_ref(&refs) {
        Some(r) => fill_from_ref(meta, &r.act),
        None => diags.push(Diagnostic::warning(
            "",
            format!("header line names no act type, date or number: «{own_part}»"),
        )),
    }
    if let Some(rep) = repeal {
        meta.status = Some("repealed".to_string());
        if let Some(r) = find_refs(rep).into_iter().next() {
            let mut by = r.act;
            by.title = None;
            by.registration_number = None;
            meta.repealed_by = Some(by);
        }
    }
}

/// The issuing body named before the command word of a preamble («..., Қазақстан
/// Республикасының Үкіметі ҚАУЛЫ ЕТЕДІ:» → «Қазақстан Республикасының Үкіметі»).
pub fn issuer_in_preamble(preamble: &str) -> Option<String> {
    let p = clean(preamble);
    let m = COMMAND_AFTER_ISSUER.find(&p)?;
    let before = p.get(..m.start())?.trim_end().trim_end_matches([',', ' ']);
    let cut = before
        .rfind([',', ';', ':', ')', '»', '"', '.'])
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let mut subject = before.get(cut..)?.trim();
    // «... Заңының 27-бабына сәйкес Павлодар облыстық мәслихаты»: the body follows the basis.
    for w in [" сәйкес ", " негізінде ", " основании ", " соответствии с "]
    {
        if let Some(i) = subject.rfind(w) {
            let rest = subject[i + w.len()..].trim();
            if rest.chars().next().is_some_and(char::is_uppercase) {
                subject = rest;
            }
        }
    }
    let words = subject.split(' ').count();
    (subject.chars().next().is_some_and(char::is_uppercase) && (2..=10).contains(&words))
        .then(|| subject.to_string())
}

/// The signer's position in the signature block: the lines before the name («Қазақстан
/// Республикасының Әділет министрі» / «М. Бекетаев»).
pub fn signer_role(signature: &str) -> Option<String> {
    let name = SIGNER.find(signature)?;
    let before = signature.get(..name.start())?;
    let role: Vec<&str> = before
        .split(['\n', '|'])
        .map(|l| l.trim().trim_matches('_').trim())
        .filter(|l| !l.is_empty())
        .collect();
    let role = role.join(" ");
    let role = role.split_whitespace().collect::<Vec<_>>().join(" ");
    (!role.is_empty() && role.split(' ').count() <= 12).then_some(role)
}

/// The issuer as the act's own text names it: the body before the preamble's command word, else
/// the signer's position.
fn own_issuer(input: &HeaderInput) -> Option<String> {
    input.preamble.and_then(issuer_in_preamble).or_else(|| {
        input
            .signature
            .and_then(signer_role)
            .map(|r| complete_minister(r, input.body_text, input.language))
    })
}

/// A bare «Министр» completed with the ministry the body names («Қазақстан Республикасы
/// Әділет министрлігінің ...» → «Қазақстан Республикасының Әділет министрі»).
fn complete_minister(role: String, body: &str, lang: Language) -> String {
    if !BARE_MINISTER.is_match(role.trim()) {
        return role;
    }
    let body = clean(body);
    let found = match lang {
        Language::Kk => MINISTRY_KK
            .captures(&body)
            .and_then(|c| c.get(1))
            .map(|m| format!("Қазақстан Республикасының {}министрі", m.as_str())),
        Language::Ru => MINISTRY_RU
            .captures(&body)
            .and_then(|c| c.get(1))
            .map(|m| format!("Министр {}Республики Казахстан", m.as_str())),
    };
    found.unwrap_or(role)
}

/// True when a header line is written in Kazakh.
fn is_kazakh(line: &str) -> bool {
    KAZAKH_LETTER.find_iter(line).count() >= 2
}

/// The entry-into-force clause of the body («алғашқы ресми жарияланған күнінен бастап», «по
/// истечении десяти календарных дней после дня его первого официального опубликования»).
pub fn entry_into_force(body: &str) -> Option<String> {
    let body = clean(body);
    eif_kk(&body)
        .or_else(|| eif_ru(&body))
        .map(|(_, when)| when.trim().to_string())
}

/// A clause found fast: every match of `full` starts with a match of `prefix` and holds a match
/// of `anchor` at most `before` bytes after its start.
struct Clause {
    anchored: Regex,
    prefix: Regex,
    anchor: Regex,
    before: usize,
}

impl Clause {
    fn new(full: &str, prefix: &str, anchor: &str, before: usize) -> Self {
        let re = |p: &str| tizilim_lex::re::new(p).expect("static regex");
        Self {
            anchored: re(&format!("^(?:{full})")),
            prefix: re(prefix),
            anchor: re(anchor),
            before,
        }
    }

    /// The first match of the full pattern in `text` (cleaned: one space between words): its
    /// end and its first group. The same as a search of the whole text: no match starts before
    /// `before` bytes ahead of the first anchor, and the match is the one at the first prefix
    /// from there where the pattern holds. But the clause stands at the end of a long body and
    /// its pattern has a counted repetition that a lazy automaton runs slowly over a whole
    /// text: here only the anchor and the prefix are searched for, and the full pattern is
    /// tried where a prefix stands.
    fn find<'t>(&self, text: &'t str) -> Option<(usize, &'t str)> {
        let a = self.anchor.find(text)?;
        let from = tizilim_lex::norm::floor_boundary(text, a.start().saturating_sub(self.before));
        for p in self.prefix.find_iter(text.get(from..)?) {
            let at = from + p.start();
            if let Some(c) = self.anchored.captures(text.get(at..)?) {
                let end = at + c.get(0)?.end();
                return Some((end, c.get(1)?.as_str()));
            }
        }
        None
    }
}

/// [`EIF_KK`] in a cleaned text: «осы бірлескен бұйрық» (31 bytes), a space, 300 characters
/// of at most 4 bytes and a space come before the anchor.
fn eif_kk(text: &str) -> Option<(usize, &str)> {
    static CLAUSE: LazyLock<Clause> = LazyLock::new(|| {
        Clause::new(
            EIF_KK.as_str(),
            r"(?i)осы (?:бұйрық|қаулы|заң|шешім|жарлық|бірлескен бұйрық)\s+",
            r"(?i)қолданысқа енгізіледі",
            1_400,
        )
    });
    CLAUSE.find(text)
}

/// [`EIF_RU`] in a cleaned text: «настоящее совместный распоряжение » (65 bytes) comes before
/// the anchor.
fn eif_ru(text: &str) -> Option<(usize, &str)> {
    static CLAUSE: LazyLock<Clause> = LazyLock::new(|| {
        Clause::new(
            EIF_RU.as_str(),
            r"(?i)настоящ(?:ий|ее|ая)\s+(?:совместный\s+)?(?:приказ|постановление|закон|решение|указ|распоряжение)\s+",
            r"(?i)вводится в действие|вступает в силу",
            200,
        )
    });
    CLAUSE.find(text)
}

/// Who signed the act: the last «И. Фамилия» of the signature block.
pub fn signer(signature: &str) -> Option<String> {
    let s = clean(signature);
    SIGNER
        .find_iter(&s)
        .last()
        .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The signer named right after the entry-into-force point, for text layers that glued the
/// signature block to the last point («... қолданысқа енгізіледі. Министр Е. Ахметов»).
fn signer_after_eif(body: &str) -> Option<String> {
    let body = clean(body);
    let (end, _) = eif_kk(&body).or_else(|| eif_ru(&body))?;
    let tail = body.get(end..)?;
    let tail = tail.get(..tizilim_lex::norm::floor_boundary(tail, 240))?;
    SIGNER
        .find(tail)
        .map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Parses the act header. Never fails: missing facts stay `None` with a diagnostic.
pub fn parse(input: &HeaderInput) -> (ActMeta, Diagnostics) {
    let mut meta = ActMeta::default();
    let mut diags = Diagnostics::new();
    let page = input.page;

    // Status from the page header.
    let repealed_class = page.status_class.as_deref() == Some("yts");
    let repealed_label = page
        .status_label
        .as_deref()
        .is_some_and(|l| STATUS_REPEALED.is_match(clean(l).as_str()));
    if repealed_class || repealed_label {
        meta.status = Some("repealed".to_string());
    }

    // Title and header line.
    let mut header_line = page.header_line.clone();
    let mut title = page.title.as_deref().map(clean).filter(|t| !t.is_empty());
    // A lead block may hold the title and the header line together (no blank line between them).
    let mut lead: Vec<String> = Vec::with_capacity(input.lead.len() + 1);
    for b in input.lead {
        let lines: Vec<&str> = b.lines().collect();
        if lines.len() < 2 {
            lead.push(b.clone());
            continue;
        }
        // A Kazakh header line names the act type at its end («... № 45 бұйрығы.»), so a block
        // of title + header line looks like a header line as a whole: split it after the title,
        // whose last line ends with «туралы» (how Kazakh act titles end).
        let whole = looks_like_header_line(b);
        let split = (1..lines.len().min(40)).find(|&i| {
            (!whole || lines.get(i - 1).is_some_and(|l| KK_TITLE_END.is_match(l)))
                && looks_like_header_line(&lines.get(i..).unwrap_or(&[]).join("\n"))
        });
        match split {
            Some(i) => {
                lead.push(lines.get(..i).unwrap_or(&[]).join("\n"));
                lead.push(lines.get(i..).unwrap_or(&[]).join("\n"));
            }
            None => lead.push(b.clone()),
        }
    }
    let lead = lead.as_slice();
    if header_line.is_none() {
        let pos = lead.iter().position(|b| looks_like_header_line(b));
        if let Some(p) = pos {
            header_line = lead.get(p).cloned();
        }
        let before = pos.map_or(lead, |p| lead.get(..p).unwrap_or(&[]));
        let mut parts = Vec::new();
        for b in before {
            let c = clean(b);
            if c.is_empty() {
                continue;
            }
            if STATUS_REPEALED.is_match(&c) {
                meta.status = Some("repealed".to_string());
                continue;
            }
            if STATUS_OTHER.is_match(&c) {
                continue;
            }
            parts.push(c);
        }
        // Status labels may follow the header line too.
        for b in lead.iter().skip(pos.map_or(usize::MAX, |p| p + 1)) {
            if STATUS_REPEALED.is_match(&clean(b)) {
                meta.status = Some("repealed".to_string());
            }
        }
        if title.is_none() && !parts.is_empty() && pos.is_some() {
            title = Some(parts.join(" "));
        }
    }
    meta.id.title = title;
    let mut header_in_other_language = false;
    if let Some(line) = &header_line {
        parse_header_line(line, &mut meta, &mut diags);
        header_in_other_language = is_kazakh(line) != (input.language == Language::Kk);
    }
    // A header from another source than the text (the Russian requisites beside a Kazakh text):
    // the type in the text's language, the issuer as the text names it.
    if header_in_other_language {
        if let Some(t) = meta
            .id
            .act_type
            .as_deref()
            .and_then(|t| tizilim_lex::refs::type_in(t, input.language))
        {
            meta.id.act_type = Some(t.to_string());
        }
        if let Some(by) = meta.repealed_by.as_mut() {
            if let Some(t) = by
                .act_type
                .as_deref()
                .and_then(|t| tizilim_lex::refs::type_in(t, input.language))
            {
                by.act_type = Some(t.to_string());
            }
        }
        if let Some(i) = own_issuer(input) {
            meta.id.issuer = Some(i);
        }
    }

    // The act's own appendix header: «... № 41/НҚ бұйрығына қосымша», «Приложение к приказу ...».
    for aside in input.appendix_asides {
        if meta.id.act_type.is_some()
            && meta.id.number.is_some()
            && meta.id.date.is_some()
            && meta.id.issuer.is_some()
        {
            break;
        }
        let text = clean(&deglue(aside));
        let lower = text.to_lowercase();
        let kk_pos = lower.find("қосымша");
        let ru_pos = lower.find("приложение");
        let Some(mark) = kk_pos.or(ru_pos) else {
            continue;
        };
        let refs = find_refs(&text);
        // Kazakh: the reference that ends right before «қосымша»; Russian: the one after
        // «Приложение ... к».
        let r = if kk_pos.is_some() {
            refs.iter().rev().find(|r| r.type_span.1 <= mark)
        } else {
            refs.iter().find(|r| r.type_span.0 >= mark)
        };
        if let Some(r) = r {
            fill_from_ref(&mut meta, &r.act);
        }
    }

    if meta.id.issuer.is_none() {
        meta.id.issuer = own_issuer(input);
    }
    meta.signed_by = input
        .signature
        .and_then(signer)
        .or_else(|| signer_after_eif(input.body_text));
    meta.entry_into_force = entry_into_force(input.body_text);

    for (what, missing) in [
        ("type", meta.id.act_type.is_none()),
        ("date", meta.id.date.is_none()),
        ("number", meta.id.number.is_none()),
    ] {
        if missing {
            diags.push(Diagnostic::warning(
                "",
                format!("act {what} not found in the header"),
            ));
        }
    }
    (meta, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_into_force_near_its_anchor_is_the_whole_text_match() {
        let filler = "Көрсетілетін қызметті алушы өтініш береді. ".repeat(60);
        let ru_filler = "Услугополучатель представляет документы. ".repeat(60);
        let long = "ж".repeat(290);
        let texts = [
            format!("{filler}4. Осы бұйрық алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі."),
            format!("{filler}осы бірлескен бұйрық {long} қолданысқа енгізіледі; {filler} осы бұйрық бүгін ҚОЛДАНЫСҚА ЕНГІЗІЛЕДІ"),
            format!("{filler} қолданысқа енгізіледі {filler} осы қаулы 2025 жылғы 1 қаңтардан бастап қолданысқа енгізіледі"),
            format!("{ru_filler}4. Настоящий приказ вводится в действие по истечении десяти календарных дней."),
            format!("{ru_filler} вступает в силу {ru_filler} Настоящее совместный постановление вступает в силу с 1 января"),
            format!("{filler}осы бұйрық {long}{long} қолданысқа енгізіледі, осы бұйрық 1 қаңтардан қолданысқа енгізіледі"),
            format!("{filler}осы бұйрық ab қолданысқа енгізіледі және бүгін қолданысқа енгізіледі"),
            format!("{filler}осы бұйрық осы қаулы бүгін қолданысқа енгізіледі"),
            format!("{filler}осы бұйрықпен бекітілген қағидалар қолданысқа енгізіледі"),
            format!("{ru_filler}настоящий приказ вступает в силу; Настоящий закон вступает в силу со дня опубликования"),
            filler.clone(),
            String::new(),
        ];
        for t in &texts {
            let t = clean(t);
            for (fast, re) in [(eif_kk(&t), &*EIF_KK), (eif_ru(&t), &*EIF_RU)] {
                let whole = re
                    .captures(&t)
                    .and_then(|c| Some((c.get(0)?.end(), c.get(1)?.as_str())));
                assert_eq!(fast, whole);
            }
        }
        assert!(eif_kk(&clean(&texts[1])).is_some());
        assert!(eif_ru(&clean(&texts[4])).is_some());
    }

    fn header_of(
        line: &str,
        language: Language,
        preamble: Option<&str>,
        sig: Option<&str>,
    ) -> ActMeta {
        let page = PageHeader {
            header_line: Some(line.to_string()),
            ..PageHeader::default()
        };
        let input = HeaderInput {
            page: &page,
            lead: &[],
            signature: sig,
            appendix_asides: &[],
            body_text: "",
            preamble,
            language,
        };
        parse(&input).0
    }

    #[test]
    fn regional_justice_registration_and_lower_case_issuers() {
        let m = header_of(
            "Решение акима Жамбылской области от 05 января 2016 года № 2-3. Зарегистрировано Департаментом юстиции Жамбылской области 06 февраля 2016 года № 4021",
            Language::Ru,
            None,
            None,
        );
        assert_eq!(m.id.act_type.as_deref(), Some("решение"));
        assert_eq!(m.id.number.as_deref(), Some("2-3"));
        assert_eq!(m.id.date.as_deref(), Some("2016-01-05"));
        assert_eq!(m.id.issuer.as_deref(), Some("аким Жамбылской области"));
        assert_eq!(m.id.registration_number.as_deref(), Some("4021"));
        assert_eq!(m.registration_date.as_deref(), Some("2016-02-06"));
        let m = header_of(
            "Жамбыл облысы әкімінің 2016 жылғы 5 қаңтардағы № 2-3 шешімі. Жамбыл облысының Әділет департаментінде 2016 жылғы 6 ақпанда № 4021 болып тіркелді",
            Language::Kk,
            None,
            None,
        );
        assert_eq!(m.id.act_type.as_deref(), Some("шешім"));
        assert_eq!(m.id.number.as_deref(), Some("2-3"));
        assert_eq!(m.id.registration_number.as_deref(), Some("4021"));
        assert_eq!(m.registration_date.as_deref(), Some("2016-02-06"));
    }

    #[test]
    fn repealed_by_an_acting_minister() {
        let m = header_of(
            "Приказ Министра финансов Республики Казахстан от 3 марта 2014 года № 77. Зарегистрирован в Министерстве юстиции Республики Казахстан 4 марта 2014 года № 9200. Утратил силу приказом и.о. Министра финансов Республики Казахстан от 29 мая 2015 года № 311",
            Language::Ru,
            None,
            None,
        );
        assert_eq!(m.status.as_deref(), Some("repealed"));
        let by = m.repealed_by.expect("repealing act");
        assert_eq!(by.number.as_deref(), Some("311"));
        assert_eq!(by.date.as_deref(), Some("2015-05-29"));
    }

    #[test]
    fn russian_requisites_beside_a_kazakh_text() {
        // A Government resolution: the type in Kazakh, the body named before «ҚАУЛЫ ЕТЕДІ».
        let m = header_of(
            "Постановление Правительства Республики Казахстан от 8 июля 2021 года № 468",
            Language::Kk,
            Some("«Мемлекеттік мүлік туралы» Заңға сәйкес Қазақстан Республикасының Үкіметі ҚАУЛЫ ЕТЕДІ:"),
            Some("Қазақстан Республикасының Премьер-Министрі\nА. Мамин"),
        );
        assert_eq!(m.id.act_type.as_deref(), Some("қаулы"));
        assert_eq!(m.id.number.as_deref(), Some("468"));
        assert_eq!(
            m.id.issuer.as_deref(),
            Some("Қазақстан Республикасының Үкіметі")
        );
        // A maslikhat decision: «..., ... мәслихаты, ШЕШІМ ЕТТІ» (a Latin I in the command too).
        let m = header_of(
            "Решение Карагандинского областного маслихата от 29 марта 2018 года № 289",
            Language::Kk,
            Some("Заңына сәйкес, Қарағанды облыстық мәслихаты, ШЕШIМ ЕТТІ:"),
            Some("Сессия төрағасы\nА. Бектұров"),
        );
        assert_eq!(m.id.act_type.as_deref(), Some("шешім"));
        assert_eq!(m.id.issuer.as_deref(), Some("Қарағанды облыстық мәслихаты"));
        // An order: the signer's position, completed with the ministry the text names.
        let page = PageHeader {
            header_line: Some(
                "Приказ Министра юстиции Республики Казахстан от 9 апреля 2018 года № 546".into(),
            ),
            ..PageHeader::default()
        };
        let input = HeaderInput {
            page: &page,
            lead: &[],
            signature: Some("Министр\nМ. Бекетаев"),
            appendix_asides: &[],
            body_text: "2. Қазақстан Республикасы Әділет министрлігінің Заң департаменті осы бұйрықты жарияласын.",
            preamble: Some("«Әділет органдары туралы» Заңға сәйкес БҰЙЫРАМЫН:"),
            language: Language::Kk,
        };
        let m = parse(&input).0;
        assert_eq!(m.id.act_type.as_deref(), Some("бұйрық"));
        assert_eq!(
            m.id.issuer.as_deref(),
            Some("Қазақстан Республикасының Әділет министрі")
        );
    }

    #[test]
    fn issuers_named_before_the_command_word() {
        assert_eq!(
            issuer_in_preamble("В соответствии со статьей 6 Закона, Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:").as_deref(),
            Some("Правительство Республики Казахстан")
        );
        assert_eq!(
            issuer_in_preamble("Заңының 27-бабына сәйкес Павлодар облыстық мәслихаты ШЕШІМ ЕТЕДІ:")
                .as_deref(),
            Some("Павлодар облыстық мәслихаты")
        );
        assert_eq!(
            issuer_in_preamble("В соответствии с Законом ПРИКАЗЫВАЮ:"),
            None
        );
    }

    #[test]
    fn signer_forms() {
        assert_eq!(
            signer("Министр | Е. Ахметов").as_deref(),
            Some("Е. Ахметов")
        );
        assert_eq!(signer("Министр Е. Ахметов").as_deref(), Some("Е. Ахметов"));
        assert_eq!(
            signer("Қазақстан РеспубликасыныңЦифрлық даму министрі\t|\tБ. Сейтов").as_deref(),
            Some("Б. Сейтов")
        );
        assert_eq!(signer("Министр").as_deref(), None);
    }

    #[test]
    fn signer_glued_to_the_last_point() {
        assert_eq!(
            signer_after_eif("5. Осы бұйрық алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі. Министр Е. Ахметов \"КЕЛІСІЛДІ\" ... министрі Ә. Сейтов").as_deref(),
            Some("Е. Ахметов")
        );
        assert_eq!(
            signer_after_eif("3. Контроль возложить на А.С. Иванова."),
            None
        );
    }

    #[test]
    fn eif() {
        assert_eq!(
            entry_into_force(
                "4. Осы бұйрық алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі."
            )
            .as_deref(),
            Some("алғашқы ресми жарияланған күнінен бастап")
        );
        assert_eq!(
            entry_into_force("4. Настоящий приказ вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования.").as_deref(),
            Some("по истечении десяти календарных дней после дня его первого официального опубликования")
        );
    }
}
