//! Stemming of normalised words, Russian and Kazakh.
//!
//! Russian uses the Snowball stemmer (`rust-stemmers`). Kazakh is agglutinative and has no
//! stemmer in the Rust ecosystem, so [`stem_kk`] strips inflectional suffixes from the end of
//! the word, longest first, repeatedly (at most [`KK_MAX_STRIPS`] times), as long as the stem
//! keeps at least [`KK_MIN_STEM`] letters:
//!
//! - attributive locative: -дағы/-дегі/-тағы/-тегі/-ндағы/-ндегі;
//! - plural + possessive: -лары/-лері/-дары/-дері/-тары/-тері;
//! - genitive: -ның/-нің/-дың/-дің/-тың/-тің;
//! - ablative: -дан/-ден/-тан/-тен/-нан/-нен;
//! - instrumental: -мен/-бен/-пен;
//! - plural: -лар/-лер/-дар/-дер/-тар/-тер;
//! - possessive + accusative: -сын/-сін, -ын/-ін;
//! - dative: -ға/-ге/-қа/-ке/-на/-не; locative: -да/-де/-та/-те/-нда/-нде;
//! - accusative: -ды/-ді/-ты/-ті/-ны/-ні;
//! - possessive 3rd person: -сы/-сі/-ы/-і.
//!
//! After a suffix was stripped, a final voiced consonant that the suffix had voiced goes back to
//! its dictionary form (`г→к`, `ғ→қ`, `б→п`: «куәлігін» → «куәлік», «есебі» → «есеп»). The
//! stripper does not touch derivational suffixes (-лық/-лік, -шы/-ші, -у): «мемлекеттік» and
//! «мемлекет» stay different words, as they are. It is deliberately simple: the matcher compares
//! stems of the same stripper on both sides, so over-stripping a rare word costs nothing while
//! the common inflections of service names («рұқсат», «рұқсатты», «рұқсатын», «рұқсаттар»)
//! meet.

use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use tizilim_lex::Language;

/// A Kazakh stem keeps at least this many letters.
pub const KK_MIN_STEM: usize = 3;
/// At most this many Kazakh suffixes are stripped from one word.
pub const KK_MAX_STRIPS: usize = 4;

static RU: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// Kazakh suffixes, longest first (the order of the list is the order of trial).
const KK_SUFFIXES: &[&str] = &[
    "ндағы",
    "ндегі",
    "дағы",
    "дегі",
    "тағы",
    "тегі",
    "лары",
    "лері",
    "дары",
    "дері",
    "тары",
    "тері",
    "ның",
    "нің",
    "дың",
    "дің",
    "тың",
    "тің",
    "дан",
    "ден",
    "тан",
    "тен",
    "нан",
    "нен",
    "мен",
    "бен",
    "пен",
    "лар",
    "лер",
    "дар",
    "дер",
    "тар",
    "тер",
    "сын",
    "сін",
    "нда",
    "нде",
    "ын",
    "ін",
    "ға",
    "ге",
    "қа",
    "ке",
    "на",
    "не",
    "да",
    "де",
    "та",
    "те",
    "ды",
    "ді",
    "ты",
    "ті",
    "ны",
    "ні",
    "сы",
    "сі",
    "ы",
    "і",
];

/// Strips Kazakh inflectional suffixes (see the module docs).
pub fn stem_kk(word: &str) -> String {
    let mut w: Vec<char> = word.chars().collect();
    let mut stripped = false;
    for _ in 0..KK_MAX_STRIPS {
        let mut cut = None;
        for suf in KK_SUFFIXES {
            let n = suf.chars().count();
            if w.len() >= n + KK_MIN_STEM && w[w.len() - n..].iter().copied().eq(suf.chars()) {
                cut = Some(n);
                break;
            }
        }
        match cut {
            Some(n) => {
                w.truncate(w.len() - n);
                stripped = true;
            }
            None => break,
        }
    }
    if stripped {
        if let Some(last) = w.last_mut() {
            *last = match *last {
                'г' => 'к',
                'ғ' => 'қ',
                'б' => 'п',
                c => c,
            };
        }
    }
    w.into_iter().collect()
}

/// Stems a Russian word with Snowball.
pub fn stem_ru(word: &str) -> String {
    RU.stem(word).into_owned()
}

/// Stems a normalised word in `lang`. Digits and Latin words are kept as they are.
pub fn stem(word: &str, lang: Language) -> String {
    if !word.chars().any(|c| matches!(c, '\u{0400}'..='\u{052F}')) {
        return word.to_string();
    }
    match lang {
        Language::Ru => stem_ru(word),
        Language::Kk => stem_kk(word),
    }
}

/// Function words that say nothing about which service a name is (normalised, unstemmed).
const STOP_RU: &[&str] = &[
    "и",
    "в",
    "во",
    "на",
    "о",
    "об",
    "обо",
    "по",
    "для",
    "с",
    "со",
    "из",
    "от",
    "к",
    "ко",
    "за",
    "при",
    "а",
    "также",
    "или",
    "либо",
    "их",
    "его",
    "ее",
    "их",
    "этом",
    "том",
    "числе",
    "том",
    "у",
    "до",
];
const STOP_KK: &[&str] = &[
    "және",
    "мен",
    "бен",
    "пен",
    "немесе",
    "үшін",
    "бойынша",
    "туралы",
    "оның",
    "ішінде",
    "да",
    "де",
    "та",
    "те",
    "не",
];

/// True for a function word of `lang` (or of either language: names mix scripts rarely, and a
/// function word of one language is never a content word of the other).
pub fn is_stopword(word: &str, _lang: Language) -> bool {
    // Function words are short: skip the lists for longer words.
    word.len() <= 16 && (STOP_RU.contains(&word) || STOP_KK.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kazakh_inflections_meet() {
        for (a, b) in [
            ("рұқсат", "рұқсатты"),
            ("рұқсат", "рұқсаттар"),
            ("рұқсат", "рұқсатын"),
            ("анықтама", "анықтамасын"),
            ("анықтама", "анықтаманы"),
            ("анықтама", "анықтамалар"),
            ("қызмет", "қызметтерді"),
            ("куәлік", "куәлігін"),
            ("есеп", "есебі"),
            ("тіркеу", "тіркеуге"),
            ("тіркеу", "тіркеуден"),
            ("республика", "республикасының"),
            ("азамат", "азаматтарына"),
            ("бала", "балалардың"),
        ] {
            assert_eq!(stem_kk(a), stem_kk(b), "{a} / {b}");
        }
    }

    #[test]
    fn kazakh_distinct_words_stay_apart() {
        for (a, b) in [
            ("беру", "алу"),
            ("тіркеу", "есептен"),
            ("мемлекеттік", "мемлекет"),
            ("бар", "жоқ"),
        ] {
            assert_ne!(stem_kk(a), stem_kk(b), "{a} / {b}");
        }
        assert_eq!(stem_kk("жер"), "жер", "minimum stem length");
        assert_eq!(stem_kk("тіл"), "тіл");
    }

    #[test]
    fn russian_inflections_meet() {
        for (a, b) in [
            ("справка", "справки"),
            ("выдача", "выдаче"),
            ("регистрация", "регистрации"),
            ("лицензии", "лицензия"),
        ] {
            assert_eq!(stem_ru(a), stem_ru(b), "{a} / {b}");
        }
        assert_ne!(stem_ru("наличии"), stem_ru("отсутствии"));
    }

    #[test]
    fn non_cyrillic_kept() {
        assert_eq!(stem("075", Language::Ru), "075");
        assert_eq!(stem("phd", Language::Kk), "phd");
    }
}
