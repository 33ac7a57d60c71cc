//! Digits that OCR read as letters in unit numbers: «З-тарау» for «3-тарау», «1О.» for «10.»,
//! «б)» for «6)», «l.» for «1.».
//!
//! Tesseract's Kazakh and Russian models, and the repair of wrong-language OCR, read a digit of a
//! unit label as the letter it looks like: З/з for 3, О/о (and Latin O/o) for 0, б for 6, Latin
//! l/I, «|» and Kazakh і/І for 1. A label that is lost this way loses its unit and everything
//! under it. [`fix_labels`] puts the digits back, only where the letters can be nothing else:
//!
//! - before a Kazakh unit word («З-тарау», «1О-тармақ», «б-бап», «2-қосымша»), anywhere in a
//!   block: Kazakh never labels these by letters;
//! - after a Russian division word at the start of a block («Глава З», «Раздел б»,
//!   «Приложение № 1О»);
//! - a point («З.») or subpoint («б)») label at the start of a block when it mixes letters and
//!   digits («1О.», «2З)»: letters are not numbers), or, when it is letters only, when it is the
//!   number that comes next («З.» after point 2, «б)» after subpoint 5). A Russian list of
//!   lettered subpoints («а) б) в)») keeps its letters, since «б)» follows «а)», not «5)».
//!
//! The pass runs on OCR'd and repaired text only; clean text is never changed. Every change keeps
//! the text otherwise as it was.

use std::sync::LazyLock;

use regex::{Captures, Regex};

/// The digit a letter of a label stands for.
fn digit_twin(c: char) -> Option<char> {
    Some(match c {
        '0'..='9' => c,
        'З' | 'з' => '3',
        'О' | 'о' | 'O' | 'o' => '0',
        'б' => '6',
        'l' | 'I' | '|' | 'і' | 'І' => '1',
        _ => return None,
    })
}

/// The number a label token stands for, with whether it held a look-alike letter.
fn as_number(label: &str) -> Option<(String, bool)> {
    let mut out = String::with_capacity(label.len());
    let mut letters = false;
    for c in label.chars() {
        let d = digit_twin(c)?;
        letters |= d != c;
        out.push(d);
    }
    // A leading zero is no unit number («О.» as the letter О of a list is not 0).
    (!out.is_empty() && !out.starts_with('0')).then_some((out, letters))
}

/// One or two label parts («З», «1О», «2-l»).
const TOKEN: &str = r"[0-9ЗзОоOoбlI|іІ]{1,3}(?:-[0-9ЗзОоOoбlI|іІ]{1,3})?";

static KK_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(&format!(
        r"(^|[\s(«]){TOKEN}\s?-\s?(?:тарау|бөлім|бап|тармақ|қосымша)"
    ))
    .expect("static regex")
});
static KK_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(&format!(r"^(\s?)({TOKEN})(\s?-)")).expect("static regex")
});
static RU_DIVISION: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(&format!(
        r"^((?i:глава|раздел|статья|параграф|приложение)\s*№?\s*)({TOKEN})([\s.]|$)"
    ))
    .expect("static regex")
});
static LIST_LABEL: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(&format!(r"^({TOKEN})([.)])\s")).expect("static regex"));

/// Replaces the label's letters by digits when `as_number` reads it.
fn fix_token(token: &str) -> String {
    token
        .split('-')
        .map(|p| {
            as_number(p)
                .map(|(n, _)| n)
                .unwrap_or_else(|| p.to_string())
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Numbers in Kazakh unit references and Russian division headings of one text.
fn fix_named(text: &str) -> String {
    let text = KK_UNIT.replace_all(text, |c: &Captures| {
        let whole = &c[0];
        let lead = &c[1];
        let rest = &whole[lead.len()..];
        let fixed = KK_TOKEN.replace(rest, |t: &Captures| {
            let parts_ok = t[2].split('-').all(|p| as_number(p).is_some());
            if parts_ok {
                format!("{}{}{}", &t[1], fix_token(&t[2]), &t[3])
            } else {
                t[0].to_string()
            }
        });
        format!("{lead}{fixed}")
    });
    RU_DIVISION
        .replace(&text, |c: &Captures| {
            if c[2].split('-').all(|p| as_number(p).is_some()) {
                format!("{}{}{}", &c[1], fix_token(&c[2]), &c[3])
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

/// Where the numbering stands: the last point and subpoint numbers seen.
#[derive(Default)]
struct Counter {
    point: Option<u32>,
    subpoint: Option<u32>,
}

impl Counter {
    /// The label of a point or subpoint at the start of `text`, fixed when it can only be a
    /// number; the counters follow the labels seen.
    fn fix_list_label(&mut self, text: &str) -> Option<String> {
        let lead = text.len() - text.trim_start().len();
        let body = &text[lead..];
        let c = LIST_LABEL.captures(body)?;
        let token = &c[1];
        let point = &c[2] == ".";
        let parts: Option<Vec<(String, bool)>> = token.split('-').map(as_number).collect();
        let parts = parts?;
        let letters = parts.iter().any(|p| p.1);
        let first: u32 = parts[0].0.parse().ok()?;
        let last = if point { self.point } else { self.subpoint };
        let digits_too = token.chars().any(|ch| ch.is_ascii_digit());
        let accept = !letters
            || digits_too
            || last.map_or(first == 1 && !token.starts_with('I'), |l| first == l + 1);
        if !accept {
            // A lettered list («а) б) в)»): what follows is not numbered.
            if !point {
                self.subpoint = None;
            }
            return None;
        }
        if point {
            self.point = Some(first);
            self.subpoint = None;
        } else {
            self.subpoint = Some(first);
        }
        if !letters {
            return None;
        }
        let fixed = parts.iter().map(|p| p.0.as_str()).collect::<Vec<_>>();
        let label_end = c.get(1).map_or(0, |m| m.end());
        Some(format!(
            "{}{}{}",
            &text[..lead],
            fixed.join("-"),
            &body[label_end..]
        ))
    }
}

/// Puts back the digits of unit labels in the texts of one document, in reading order.
/// Returns how many texts changed.
pub fn fix_labels<'a>(texts: impl IntoIterator<Item = &'a mut String>) -> usize {
    let mut counter = Counter::default();
    let mut changed = 0;
    for text in texts {
        let mut t = fix_named(text);
        if let Some(f) = counter.fix_list_label(&t) {
            t = f;
        }
        if t != *text {
            *text = t;
            changed += 1;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lines: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        fix_labels(v.iter_mut());
        v
    }

    #[test]
    fn kazakh_unit_words_take_digits() {
        let got = run(&[
            "З-тарау. Мемлекеттік қызмет көрсету тәртібі",
            "1О-тармақ мынадай редакцияда жазылсын:",
            "2-бөлім. Жалпы ережелер",
            "Осы Қағидаларға б-қосымша",
            "l-бап. Негізгі ұғымдар",
        ]);
        assert_eq!(got[0], "3-тарау. Мемлекеттік қызмет көрсету тәртібі");
        assert_eq!(got[1], "10-тармақ мынадай редакцияда жазылсын:");
        assert_eq!(got[2], "2-бөлім. Жалпы ережелер");
        assert_eq!(got[3], "Осы Қағидаларға 6-қосымша");
        assert_eq!(got[4], "1-бап. Негізгі ұғымдар");
    }

    #[test]
    fn russian_division_words_take_digits() {
        let got = run(&[
            "Глава З. Порядок оказания государственной услуги",
            "Раздел б",
            "Приложение № 1О",
            "Статья l. Основные понятия",
            "Глава о порядке", // not a number: «о» alone reads 0, which no unit has
        ]);
        assert_eq!(got[0], "Глава 3. Порядок оказания государственной услуги");
        assert_eq!(got[1], "Раздел 6");
        assert_eq!(got[2], "Приложение № 10");
        assert_eq!(got[3], "Статья 1. Основные понятия");
        assert_eq!(got[4], "Глава о порядке");
    }

    #[test]
    fn points_and_subpoints_follow_the_numbering() {
        let got = run(&[
            "1. Общие положения настоящих Правил.",
            "2. Основные понятия, используемые в Правилах:",
            "З. Государственная услуга оказывается бесплатно.",
            "4) услугополучатель;",
            "5) услугодатель;",
            "б) портал электронного правительства;",
            "1О. Срок оказания услуги составляет пять рабочих дней.",
        ]);
        assert_eq!(got[2], "3. Государственная услуга оказывается бесплатно.");
        assert_eq!(got[5], "6) портал электронного правительства;");
        assert_eq!(
            got[6],
            "10. Срок оказания услуги составляет пять рабочих дней."
        );
    }

    #[test]
    fn kazakh_points_follow_the_numbering() {
        let got = run(&[
            "5) көрсетілетін қызметті алушы;",
            "б) көрсетілетін қызметті беруші;",
            "7) электрондық үкімет порталы.",
            "l2. Мемлекеттік қызмет көрсету мерзімі бес жұмыс күні.",
        ]);
        assert_eq!(got[1], "6) көрсетілетін қызметті беруші;");
        assert_eq!(
            got[3],
            "12. Мемлекеттік қызмет көрсету мерзімі бес жұмыс күні."
        );
    }

    #[test]
    fn lettered_lists_and_words_keep_their_letters() {
        let got = run(&[
            "3. Документы:",
            "а) заявление;",
            "б) копия удостоверения личности;",
            "в) квитанция.",
            "О порядке оказания услуги.",
            "I. Общие положения",
            "З. Нурбекова",
        ]);
        assert_eq!(got[2], "б) копия удостоверения личности;");
        assert_eq!(got[4], "О порядке оказания услуги.");
        assert_eq!(got[5], "I. Общие положения");
        // After point 3, «З.» is not point 4: a name's initial stays.
        assert_eq!(got[6], "З. Нурбекова");
    }
}
