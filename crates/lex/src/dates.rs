//! Dates as acts write them, in Russian and Kazakh, to `YYYY-MM-DD`.
//!
//! Russian: «от 21 октября 2014 года», «20 ноября 2014 г.», «16.05.2016», «16.05.2016 г.».
//! Kazakh: «2014 жылғы 20 қарашадағы», «2021 жылғы 22 ақпанда», «2015 жылы 23 қаңтарда»,
//! «2016 жылғы 6 сәуірдегі», «2014 жылғы 12 желтоқсан», «16.05.2016». [`find_dates`] returns every
//! date of a text with its byte span, so callers can tell what stands before and after it.

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the first character of the date phrase.
    pub start: usize,
    /// Byte offset just past the date phrase (including «года», «г.», the Kazakh case ending).
    pub end: usize,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
}

const RU_MONTHS: [&str; 12] = [
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
];

const KK_MONTHS: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

/// Russian: «21 октября 2014 года», «20 ноября 2014 г.», «20 ноября 2014».
static RU_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(?i)(?-u:\b)(\d{1,2})\s+(январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])\s+(\d{4})(?:\s*(?:года|год|г\.))?",
    )
    .expect("static regex")
});

/// Kazakh: «2014 жылғы 20 қарашадағы», «2015 жылы 23 қаңтарда», «2014 жылғы 12 желтоқсан».
static KK_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(?i)(?-u:\b)(\d{4})\s*ж(?:ылғы|ылы|\.)\s*(\d{1,2})\s*[-‑]?\s*(қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)([а-яәғқңөұүһі]*)",
    )
    .expect("static regex")
});

/// A Russian requisite with a Kazakh month («Зарегистрирован ... 12 наурыздағы 1999 года»): the
/// Russian order, day month year, with the Kazakh month in any case.
static MIXED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(
        r"(?i)(?-u:\b)(\d{1,2})\s+(қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)[а-яәғқңөұүһі]*\s+(\d{4})\s*(?:года|год|г\.|ж\.|жыл\w*)",
    )
    .expect("static regex")
});

/// Numeric: «16.05.2016», «16.05.2016 г.», «16.05.2016 ж.».
static NUM_DATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?-u:\b)(\d{1,2})[./](\d{1,2})[./](\d{4})(?-u:\b)(?:\s*(?:года|г\.|ж\.))?")
        .expect("static regex")
});

/// Numeric with a two-digit year, only with its «г.» / «года» / «ж.»: «29.11.99 г.».
static NUM_DATE_YY: LazyLock<Regex> = LazyLock::new(|| {
    crate::re::new(r"(?-u:\b)(\d{1,2})\.(\d{1,2})\.(\d{2})\s*(?:года|г\.|ж\.)")
        .expect("static regex")
});

fn ymd(y: &str, m: usize, d: &str) -> Option<String> {
    let y: u32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // `YYYY-MM-DD` digit by digit (the formatting machinery took most of a date's reading).
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let m = m as u32;
    Some(
        [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            '-',
            digit(m / 10),
            digit(m),
            '-',
            digit(d / 10),
            digit(d),
        ]
        .iter()
        .collect(),
    )
}

fn ru_month(word: &str) -> Option<usize> {
    let w = word.to_lowercase();
    if w.starts_with("мар") {
        return Some(3);
    }
    if w.starts_with("ма") {
        return Some(5);
    }
    RU_MONTHS
        .iter()
        .position(|m| w.starts_with(m))
        .map(|i| i + 1)
}

/// Any decimal digit, as `\d` of the date patterns reads it.
static ANY_DIGIT: LazyLock<Regex> = LazyLock::new(|| crate::re::new(r"\d").expect("static regex"));

/// The need of [`NUM_DATE`] in [`DATE_NEEDS`] (the named-month patterns' come first, 0–2).
const NEED_NUMERIC: usize = 3;
/// The need of [`NUM_DATE_YY`] in [`DATE_NEEDS`].
const NEED_SHORT_YEAR: usize = 4;

/// What every match of each date pattern holds, one per pattern in the order of
/// [`find_dates`]: a digit, then a month's start after a space (Russian, Kazakh «жылғы»,
/// mixed), or a separator and more digits (numeric). One pass of the set on the fast automaton
/// tells which of the patterns (each a search with captures) may match: text with figures but no
/// date (unit numbers, «№ 123») runs none, a Kazakh reference's date only the Kazakh one.
static DATE_NEEDS: LazyLock<RegexSet> = LazyLock::new(|| {
    crate::re::set([
        r"(?i)\d\s+(?:январ|феврал|мар|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)",
        r"(?i)\d\s*ж",
        r"(?i)\d\s+(?:қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан)",
        r"\d[./]\d{1,2}[./]\d",
        r"\d\.\d{1,2}\.\d",
    ])
    .expect("static regex")
});

fn kk_month(word: &str) -> Option<usize> {
    let w = word.to_lowercase();
    KK_MONTHS.iter().position(|m| w == *m).map(|i| i + 1)
}

/// Finds every date in `text`, in order, with byte spans into `text`.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    // Every date pattern has a digit (`\d`, any decimal digit): most texts a caller looks at
    // (a few words before a type word) have none.
    if !text.bytes().any(|b| b.is_ascii_digit()) && !ANY_DIGIT.is_match(text) {
        return Vec::new();
    }
    // Latin look-alikes are folded before matching; Latin letters take one byte and Cyrillic
    // two, so offsets in the folded text are mapped back by character index.
    let folded = crate::lookalike::fold_lookalikes(text);
    let (hay, remap) = (&*folded, matches!(folded, std::borrow::Cow::Owned(_)));
    let needs = DATE_NEEDS.matches(hay);
    if !needs.matched_any() {
        return Vec::new();
    }
    let mut out: Vec<DateMatch> = Vec::new();
    // Named months: (pattern, group of day, month, year, month reader).
    type MonthReader = fn(&str) -> Option<usize>;
    let named: [(&Regex, [usize; 3], MonthReader); 3] = [
        (&RU_DATE, [1, 2, 3], ru_month),
        (&KK_DATE, [2, 3, 1], kk_month),
        (&MIXED_DATE, [1, 2, 3], kk_month),
    ];
    for (k, (re, [gd, gm, gy], month)) in named.into_iter().enumerate() {
        if !needs.matched(k) {
            continue;
        }
        for c in re.captures_iter(hay) {
            let (Some(all), Some(d), Some(m), Some(y)) =
                (c.get(0), c.get(gd), c.get(gm), c.get(gy))
            else {
                continue;
            };
            if let Some(date) = month(m.as_str()).and_then(|mm| ymd(y.as_str(), mm, d.as_str())) {
                out.push(DateMatch {
                    start: all.start(),
                    end: all.end(),
                    date,
                });
            }
        }
    }
    let numeric = needs.matched(NEED_NUMERIC).then_some(&*NUM_DATE);
    for c in numeric.into_iter().flat_map(|re| re.captures_iter(hay)) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let Ok(mm) = m.as_str().parse::<usize>() else {
            continue;
        };
        if let Some(date) = ymd(y.as_str(), mm, d.as_str()) {
            out.push(DateMatch {
                start: all.start(),
                end: all.end(),
                date,
            });
        }
    }
    let short = needs.matched(NEED_SHORT_YEAR).then_some(&*NUM_DATE_YY);
    for c in short.into_iter().flat_map(|re| re.captures_iter(hay)) {
        let (Some(all), Some(d), Some(m), Some(y)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let (Ok(mm), Ok(yy)) = (m.as_str().parse::<usize>(), y.as_str().parse::<u32>()) else {
            continue;
        };
        // Acts with two-digit years are from the 1990s and 2000s.
        let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
        if let Some(date) = ymd(&year.to_string(), mm, d.as_str()) {
            out.push(DateMatch {
                start: all.start(),
                end: all.end(),
                date,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    // Drop overlaps (a numeric date never overlaps a worded one, but be safe).
    let mut kept: Vec<DateMatch> = Vec::with_capacity(out.len());
    for m in out {
        if kept.last().is_some_and(|k| m.start < k.end) {
            continue;
        }
        kept.push(m);
    }
    if remap {
        // Map byte offsets in the folded text back to `text` by character index.
        let folded_idx: Vec<usize> = hay.char_indices().map(|(i, _)| i).collect();
        let orig_idx: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let map = |b: usize| -> usize {
            match folded_idx.binary_search(&b) {
                Ok(ci) => orig_idx.get(ci).copied().unwrap_or(text.len()),
                Err(_) => text.len(),
            }
        };
        for m in &mut kept {
            m.start = map(m.start);
            m.end = map(m.end);
        }
    }
    kept
}

/// The first date in `text`, `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<String> {
    find_dates(text).into_iter().next().map(|m| m.date)
}

/// The date of [`find_dates`] that starts where `text` starts, if any. Every date starts with
/// a digit (`\d`, and folding look-alikes makes no digit), so a text that does not is not
/// searched.
pub fn date_at_start(text: &str) -> Option<DateMatch> {
    if !text.chars().next().is_some_and(char::is_numeric) {
        return None;
    }
    find_dates(text).into_iter().next().filter(|d| d.start == 0)
}

/// The last date of [`find_dates`] that ends where `text` ends, if any. Only the text's last
/// word is looked at first: a date ends in a digit, «г.» or «ж.», «год(а)», «жыл…» or a Kazakh
/// month with its ending, so most texts (a Kazakh reference's head before its type word) need
/// no search.
pub fn date_at_end(text: &str) -> Option<DateMatch> {
    if !may_end_in_date(text) {
        return None;
    }
    find_dates(text)
        .into_iter()
        .rev()
        .find(|d| d.end == text.len())
}

/// `char::is_alphabetic`, with ASCII and the Cyrillic letters (U+0400–U+0481, U+048A–U+052F)
/// decided without the Unicode tables (a test compares the two over those blocks).
fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => true,
        c if c.is_ascii() => false,
        c => c.is_alphabetic(),
    }
}

/// Punctuation that is no word character (`\w`) of the date patterns.
fn is_punctuation(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '_')
        || matches!(c, '«' | '»' | '“' | '”' | '„' | '…' | '–' | '—' | '№')
}

/// False when no date of [`find_dates`] can end where `text` ends (see [`date_at_end`]).
fn may_end_in_date(text: &str) -> bool {
    let token = text.rsplit(char::is_whitespace).next().unwrap_or(text);
    // Folding look-alikes changes only the words that hold one: with none in the last word,
    // the patterns see it as it is.
    if crate::lookalike::has_candidates(token) {
        return true;
    }
    let Some(last) = token.chars().next_back() else {
        return false;
    };
    if last.is_numeric() {
        return true;
    }
    if last == '.' {
        let lower = token.to_lowercase();
        return lower.ends_with("г.") || lower.ends_with("ж.");
    }
    if !is_alphabetic(last) {
        // Punctuation ends no date; another word character (a mark, `_`) might end «жыл…».
        return !is_punctuation(last);
    }
    // The last run of letters, and what stands before it: a date's last word follows a space,
    // a hyphen, a digit or the start. After a digit or another word character («жыл» + `\w*`
    // with a digit in it), search; after punctuation, no date.
    let run_start = token
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_alphabetic(c))
        .last()
        .map_or(0, |(i, _)| i);
    match token[..run_start].chars().next_back() {
        None | Some('-' | '‑') => {}
        Some(c) if is_punctuation(c) => return false,
        Some(_) => return true,
    }
    let run = token[run_start..].to_lowercase();
    run == "года"
        || run == "год"
        || run.starts_with("жыл")
        || KK_MONTHS.iter().any(|m| run.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every match of each date pattern holds what `DATE_NEEDS` asks for it (so the pre-test
    /// never hides a date): dates written every way the patterns take, in both languages.
    #[test]
    fn the_pre_test_holds_in_every_date() {
        let ru = RU_MONTHS
            .iter()
            .flat_map(|m| [format!("{m}я"), format!("{m}ь"), m.to_uppercase()]);
        let kk = KK_MONTHS.iter().flat_map(|m| {
            [
                m.to_string(),
                format!("{m}да"),
                format!("{m}дағы"),
                m.to_uppercase(),
            ]
        });
        let mut texts = Vec::new();
        for m in ru.chain(["марта".into(), "мая".into(), "май".into()]) {
            texts.push(format!("от 5 {m} 2015 года"));
            texts.push(format!("05\u{a0}{m}\n2015 г."));
        }
        for m in kk {
            texts.push(format!("2015 жылғы 23 {m} № 5"));
            texts.push(format!("2015ж. 3-{m}"));
            texts.push(format!("12 {m} 1999 года"));
            texts.push(format!("12 {m}ғы 1999 жылы"));
        }
        for t in [
            "16.05.2016",
            "1/2/2020 г.",
            "29.11.99 г.",
            "29.11.99 ж.",
            "٣.٤.٢٠٢٠",
        ] {
            texts.push(t.to_string());
        }
        let mut matched = 0;
        for t in &texts {
            for (k, re) in [
                &*RU_DATE,
                &*KK_DATE,
                &*MIXED_DATE,
                &*NUM_DATE,
                &*NUM_DATE_YY,
            ]
            .into_iter()
            .enumerate()
            {
                for m in re.find_iter(t) {
                    matched += 1;
                    let needs = DATE_NEEDS.matches(m.as_str());
                    assert!(needs.matched(k), "{k}: {:?} in {t:?}", m.as_str());
                }
            }
        }
        // (Not every generated form is a date: «мартя» is not.)
        assert!(matched >= 200, "{matched} matches in {} texts", texts.len());
    }

    /// `date_at_end` and `date_at_start` are `find_dates` filtered, on every cut of texts with
    /// dates of every form (so at every kind of last and first word).
    #[test]
    fn dates_at_an_end_are_those_of_the_whole_search() {
        let texts = [
            "приказом Министра от 21 октября 2014 года № 97 «Об утверждении» (зарегистрирован)",
            "постановление от 20 ноября 2014 г. № 5, решение от 16.05.2016 г., указ 29.11.99 г.",
            "от 3 МАРТА 2019 ГОДА и 5 мая 2020 год; 7 июня 2021, 1/2/2020; 2014-года",
            "Министрінің 2014 жылғы 20 қарашадағы № 123 бұйрығына, 2015 жылы 23 қаңтарда",
            "2016 жылғы 6 СӘУІРДЕГІ «Құқықтық актілер туралы» Заңы, 2015ж. 3-желтоқсан",
            "Зарегистрирован 12 наурыздағы 1999 года, 4 мамыр 2001 жылғы_ 16.05.2016 ж.",
            "2014 жылғы 12 желтоқсан… 2014 жылғы 12 желтоқсанда» (2020 жылғы 1 шілде)",
            "2019 жыл1ы, 12 наурыз 1999 жыл2ғы, ٣.٤.٢٠٢٠ «2020 жылғы 5 маусымдағы»",
            "от 2l октября 2O14 гoда, 2014 жылғы 2O қарашадағы, 1O.O5.2O16 r.",
        ];
        let mut at_end = 0;
        let mut at_start = 0;
        for t in texts {
            for (i, _) in t.char_indices().chain([(t.len(), ' ')]) {
                let head = &t[..i];
                let want = find_dates(head)
                    .into_iter()
                    .rev()
                    .find(|d| d.end == head.len());
                at_end += usize::from(want.is_some());
                assert_eq!(date_at_end(head), want, "{head:?}");
                let tail = &t[i..];
                let want = find_dates(tail).into_iter().next().filter(|d| d.start == 0);
                at_start += usize::from(want.is_some());
                assert_eq!(date_at_start(tail), want, "{tail:?}");
            }
        }
        assert!(at_end >= 30 && at_start >= 20, "{at_end} {at_start}");
    }

    #[test]
    fn the_quick_letter_test_is_unicode_s() {
        for c in ('\u{0}'..='\u{0700}').chain(['\u{2116}', '\u{1E00}', 'ß']) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    fn check(text: &str, want: &[&str]) {
        let got: Vec<String> = find_dates(text).into_iter().map(|m| m.date).collect();
        assert_eq!(got, want, "in {text:?}");
    }

    #[test]
    fn a_kazakh_month_in_a_russian_requisite() {
        let d = find_dates("Зарегистрирован в Министерстве юстиции 12 наурыздағы 1999 года № 702");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].date, "1999-03-12");
        // The Kazakh order keeps its own reading.
        let d = find_dates("1999 жылғы 12 наурыздағы № 702");
        assert_eq!(d[0].date, "1999-03-12");
    }

    #[test]
    fn russian() {
        check("от 21 октября 2014 года № 97", &["2014-10-21"]);
        check("20 ноября 2014 г.", &["2014-11-20"]);
        check("29.11.99 г. за № 985", &["1999-11-29"]);
        check("№ 80 от 20/04/2001 года", &["2001-04-20"]);
        check("версия 1.2.33 программы", &[]);
        check("от 16.05.2016 № 318", &["2016-05-16"]);
        check("16.05.2016 г.", &["2016-05-16"]);
        check("от 4 декабря 2025 года", &["2025-12-04"]);
        check(
            "1 марта 2016 года и 3 мая 2017 года",
            &["2016-03-01", "2017-05-03"],
        );
        check("12 мая 2014", &["2014-05-12"]);
    }

    #[test]
    fn kazakh_all_months() {
        let forms = [
            ("2014 жылғы 20 қаңтардағы", "2014-01-20"),
            ("2021 жылғы 22 ақпанда", "2021-02-22"),
            ("2020 жылғы 1 наурыздағы", "2020-03-01"),
            ("2016 жылғы 6 сәуірдегі", "2016-04-06"),
            ("2014 жылғы 12 мамырдағы", "2014-05-12"),
            ("2013 жылғы 25 маусымдағы", "2013-06-25"),
            ("2019 жылғы 3 шілдеде", "2019-07-03"),
            ("2013 жылғы 14 тамыздағы", "2013-08-14"),
            ("2014 жылғы 25 қыркүйектегі", "2014-09-25"),
            ("2018 жылғы 10 қазанда", "2018-10-10"),
            ("2014 жылғы 20 қарашадағы", "2014-11-20"),
            ("2014 жылғы 3 желтоқсандағы", "2014-12-03"),
            ("2015 жылы 23 қаңтарда", "2015-01-23"),
            ("2014 жылғы 12 желтоқсан", "2014-12-12"),
        ];
        for (t, d) in forms {
            check(t, &[d]);
        }
        // Latin look-alike «c» inside «cәуірдегі».
        let m = find_dates("2013 жылғы 15 cәуірдегі Заң");
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].date, "2013-04-15");
        assert_eq!(&"2013 жылғы 15 cәуірдегі Заң"[m[0].end..], " Заң");
    }

    #[test]
    fn spans_and_nonsense() {
        let t = "министрінің 2021 жылғы 16 ақпандағы № 41/НҚ";
        let m = find_dates(t);
        assert_eq!(m.len(), 1);
        assert_eq!(&t[m[0].start..m[0].end], "2021 жылғы 16 ақпандағы");
        check("32.13.2016 and 2016 жылғы 40 қазан", &[]);
        check("№ 339 (27613)", &[]);
    }
}
