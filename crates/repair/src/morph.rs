//! Kazakh morphotactics for repair: the inflected forms of noun and verb stems, each suffix's
//! allomorph chosen by vowel harmony (the stem's last vowel) and the stem's last sound.
//!
//! Debian's `kk_KZ` affix file gives one suffix per form (no «мемлекетінің», «бұйрығына»,
//! «көрсетілетін») and breaks harmony in places («тәртіптармен», «технологиялер»), so the
//! Kazakh stems are expanded here instead: plural, third-person possessive, the seven cases
//! and «-дағы» on nouns (and on «-лық» derivatives); voice, negation, participles, verbal
//! nouns and the finite forms of legal prose on verbs.
//!
//! Suffix templates use capitals for the sounds that alternate: `A` а/е, `I` ы/і, `K` қ/к, `Q`
//! ғ/г or қ/к, `D` д/т, `L` л/д/т (plural), `N` н/д/т (genitive, accusative), `M` м/б/п
//! (instrumental, negation).

/// Vowel harmony of a stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Harmony {
    /// а о ұ ы (я ё).
    Back,
    /// ә ө ү і е (э).
    Front,
}

/// The harmony of a stem: its last vowel that is not neutral (и, у, ю); a stem with neutral
/// vowels only is front with и («министр»), back otherwise («клуб»).
pub(crate) fn harmony(stem: &[char]) -> Harmony {
    let mut neutral_i = false;
    for &c in stem.iter().rev() {
        match c {
            'а' | 'о' | 'ұ' | 'ы' | 'я' | 'ё' => return Harmony::Back,
            'ә' | 'ө' | 'ү' | 'і' | 'е' | 'э' => return Harmony::Front,
            'и' => neutral_i = true,
            _ => {}
        }
    }
    if neutral_i {
        Harmony::Front
    } else {
        Harmony::Back
    }
}

/// How the last sound of a stem shapes the next suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// A vowel (not и, у, ю).
    Vowel,
    /// й, у, и, ю, р: glide-like.
    Glide,
    /// л.
    L,
    /// м, н, ң.
    Nasal,
    /// ж, з.
    Voiced,
    /// A voiceless consonant, or б в г ғ д (devoiced at the end of a word).
    Voiceless,
}

fn end_of(stem: &[char]) -> End {
    match stem.last() {
        Some('а' | 'ә' | 'е' | 'о' | 'ө' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'я' | 'ё') => {
            End::Vowel
        }
        Some('й' | 'у' | 'и' | 'ю' | 'р') => End::Glide,
        Some('л') => End::L,
        Some('м' | 'н' | 'ң') => End::Nasal,
        Some('ж' | 'з') => End::Voiced,
        _ => End::Voiceless,
    }
}

/// Appends a suffix template to `stem` (see the module notes for the capitals).
fn attach(stem: &[char], template: &str) -> Vec<char> {
    let h = harmony(stem);
    let back = h == Harmony::Back;
    let mut out: Vec<char> = stem.to_vec();
    for (i, t) in template.chars().enumerate() {
        let e = end_of(&out);
        let c = match t {
            'A' => {
                if back {
                    'а'
                } else {
                    'е'
                }
            }
            'I' => {
                if back {
                    'ы'
                } else {
                    'і'
                }
            }
            'K' => {
                if back {
                    'қ'
                } else {
                    'к'
                }
            }
            'Q' => match (e, back) {
                (End::Voiceless, true) => 'қ',
                (End::Voiceless, false) => 'к',
                (_, true) => 'ғ',
                (_, false) => 'г',
            },
            'D' => {
                if e == End::Voiceless {
                    'т'
                } else {
                    'д'
                }
            }
            'L' => match e {
                End::Vowel | End::Glide => 'л',
                End::L | End::Nasal | End::Voiced => 'д',
                End::Voiceless => 'т',
            },
            'N' => match e {
                End::Vowel => 'н',
                End::Glide | End::L | End::Nasal | End::Voiced => 'д',
                End::Voiceless => 'т',
            },
            'M' => match e {
                End::Vowel | End::Glide | End::L => 'м',
                End::Nasal | End::Voiced => 'б',
                End::Voiceless => 'п',
            },
            // The ablative: -нан after a nasal, else -дан/-тан.
            'B' => match e {
                End::Nasal => 'н',
                End::Voiceless => 'т',
                _ => 'д',
            },
            c => c,
        };
        // ы/і before й is written и («қамты» + «йды» = «қамтиды»).
        if i == 0 && c == 'й' && matches!(out.last(), Some('ы' | 'і')) {
            out.pop();
            out.push('и');
            continue;
        }
        out.push(c);
    }
    out
}

/// The stem before a vowel-initial suffix: a final к, қ, п after a vowel voices to г, ғ, б
/// («бұйрық» → «бұйрығы», «тәртіп» → «тәртібі»).
fn voiced(stem: &[char]) -> Vec<char> {
    let mut s = stem.to_vec();
    let n = s.len();
    if n >= 3 && end_of(&s[..n - 1]) == End::Vowel {
        if let Some(last) = s.last_mut() {
            *last = match *last {
                'к' => 'г',
                'қ' => 'ғ',
                'п' => 'б',
                c => c,
            };
        }
    }
    s
}

/// The case endings after a plain stem (nominative first).
const CASES: &[&str] = &["", "NIң", "NI", "QA", "DA", "BAн", "Mен", "DAQI"];
/// The case endings after a third-person possessive.
const CASES_POSS: &[&str] = &["", "нIң", "н", "нA", "ндA", "нAн", "мен", "ндAQI"];

/// The third-person possessive of a stem (-ы/-і after a consonant, -сы/-сі after a vowel).
fn poss3(stem: &[char]) -> Vec<char> {
    if end_of(stem) == End::Vowel {
        attach(stem, "сI")
    } else {
        attach(&voiced(stem), "I")
    }
}

/// Calls `out` with every inflected form of a noun stem (the stem itself included), and with
/// the number of suffixes in it (plus `base`).
fn noun_forms_at(stem: &[char], base: u8, out: &mut impl FnMut(Vec<char>, u8)) {
    if stem.len() < 2 {
        return;
    }
    let plural = attach(stem, "LAр");
    for (s, n) in [(stem.to_vec(), base), (plural, base + 1)] {
        for (k, c) in CASES.iter().enumerate() {
            out(attach(&s, c), n + u8::from(k > 0));
        }
        let p = poss3(&s);
        for (k, c) in CASES_POSS.iter().enumerate() {
            out(attach(&p, c), n + 1 + u8::from(k > 0));
        }
    }
}

/// Forms of a noun stem, of its «-лық» derivative («мемлекет» → «мемлекеттік»,
/// «министрлігінің») and of its «-лау» verbal noun («сертификаттауды»).
pub(crate) fn noun_family(stem: &[char], out: &mut impl FnMut(Vec<char>, u8)) {
    noun_forms_at(stem, 0, out);
    if stem.len() >= 3 {
        noun_forms_at(&attach(stem, "LIK"), 1, out);
        // The verbaliser «-ла» in its verbal noun («сертификат» → «сертификаттау»,
        // «лицензия» → «лицензиялауды»).
        noun_forms_at(&attach(stem, "LAу"), 2, out);
    }
}

/// The verb stems an infinitive in «-у»/«-ю» may come from: «көрсету» → «көрсет», «қорғау» →
/// «қорға», «қою» → «қой», «оқу» → «оқ» or «оқы».
pub(crate) fn verb_stems(infinitive: &[char]) -> Vec<Vec<char>> {
    let n = infinitive.len();
    if n < 3 {
        return Vec::new();
    }
    let x = &infinitive[..n - 1];
    match infinitive.last() {
        Some('ю') => {
            let mut s = x.to_vec();
            s.push('й');
            vec![s]
        }
        Some('у') if end_of(x) == End::Vowel => vec![x.to_vec()],
        Some('у') => {
            let mut with_i = x.to_vec();
            with_i.push(if harmony(x) == Harmony::Back {
                'ы'
            } else {
                'і'
            });
            vec![x.to_vec(), with_i]
        }
        _ => Vec::new(),
    }
}

/// The verbal noun in «-у» of a stem («оқы» → «оқу», «көрсет» → «көрсету»).
fn verbal_noun(stem: &[char]) -> Vec<char> {
    let mut s = stem.to_vec();
    if matches!(s.last(), Some('ы' | 'і')) && s.len() > 2 {
        s.pop();
    }
    s.push('у');
    s
}

/// The passive stem («көрсет» → «көрсетіл», «көзде» → «көздел», «бөл» → «бөлін»).
fn passive(stem: &[char]) -> Vec<char> {
    match end_of(stem) {
        End::Vowel => attach(stem, "л"),
        End::L => attach(stem, "Iн"),
        _ => attach(stem, "Iл"),
    }
}

/// Finite and non-finite endings after a consonant-final or vowel-final verb stem.
const VERB_ENDINGS_C: &[&str] = &[
    "AтIн", "AдI", "AмIн", "AмIз", "сIн", "DI", "Iп", "A", "сA", "ушI",
];
const VERB_ENDINGS_V: &[&str] = &["йтIн", "йдI", "ймIн", "ймIз", "сIн", "DI", "п", "й", "сA"];

/// Calls `out` with the forms of a verb stem: active and passive, each plain and negated,
/// with participles («-ған», «-атын»), verbal nouns («-у», «-уші») inflected as nouns, and
/// the finite forms of legal prose («-сын», «-ады», «-ды»).
pub(crate) fn verb_forms(stem: &[char], out: &mut impl FnMut(Vec<char>, u8)) {
    if stem.len() < 2 {
        return;
    }
    for (voice, base) in [(stem.to_vec(), 0u8), (passive(stem), 1)] {
        out(voice.clone(), base);
        let vowel = end_of(&voice) == End::Vowel;
        let endings = if vowel {
            VERB_ENDINGS_V
        } else {
            VERB_ENDINGS_C
        };
        for e in endings {
            let v = if e.starts_with(['I', 'A']) {
                voiced(&voice)
            } else {
                voice.clone()
            };
            out(attach(&v, e), base + 1);
        }
        noun_forms_at(&attach(&voice, "QAн"), base + 1, out);
        let vn = verbal_noun(&voice);
        noun_forms_at(&vn, base + 1, out);
        noun_forms_at(&attach(&vn, "шI"), base + 2, out);
        // Negation: «-ма/-ба/-па» then the endings after a vowel.
        let neg = attach(&voice, "MA");
        for e in VERB_ENDINGS_V
            .iter()
            .chain(&["QAн", "у", "уQA", "уDI", "уI"])
        {
            out(attach(&neg, e), base + 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nouns(stem: &str) -> Vec<String> {
        let s: Vec<char> = stem.chars().collect();
        let mut v = Vec::new();
        noun_family(&s, &mut |w, _| v.push(w.into_iter().collect::<String>()));
        v
    }

    fn verbs(inf: &str) -> Vec<String> {
        let s: Vec<char> = inf.chars().collect();
        let mut v = Vec::new();
        for st in verb_stems(&s) {
            verb_forms(&st, &mut |w, _| v.push(w.into_iter().collect::<String>()));
        }
        v
    }

    #[test]
    fn noun_suffixes_follow_harmony_and_last_sound() {
        let cases: &[(&str, &[&str])] = &[
            (
                "мемлекет",
                &[
                    "мемлекеттер",
                    "мемлекеттің",
                    "мемлекетті",
                    "мемлекетке",
                    "мемлекетте",
                    "мемлекеттен",
                    "мемлекетпен",
                    "мемлекеті",
                    "мемлекетінің",
                    "мемлекетін",
                    "мемлекетіне",
                    "мемлекетінде",
                    "мемлекеттерінің",
                    "мемлекеттік",
                    "мемлекеттікті",
                ],
            ),
            (
                "бұйрық",
                &["бұйрықты", "бұйрыққа", "бұйрығы", "бұйрығына", "бұйрықпен"],
            ),
            (
                "тізілім",
                &[
                    "тізілімнен",
                    "тізілімге",
                    "тізілімді",
                    "тізілімдегі",
                    "тізілімінен",
                ],
            ),
            ("ауыл", &["ауылдар", "ауылдардың", "ауылдық", "ауылдан"]),
            (
                "қала",
                &["қалалардың", "қаладағы", "қаласы", "қаласының", "қаламен"],
            ),
            ("технология", &["технологиялар", "технологиялық"]),
            (
                "министр",
                &["министрлігінің", "министрлігінде", "министрінің"],
            ),
            ("сертификат", &["сертификаттауды"]),
            ("лицензия", &["лицензиялауды"]),
            ("жағдай", &["жағдайына", "жағдайлар", "жағдайдың"]),
        ];
        for (stem, want) in cases {
            let got = nouns(stem);
            for w in *want {
                assert!(got.iter().any(|g| g == w), "{stem}: no {w}");
            }
        }
        // Harmony is never broken.
        let got = nouns("тәртіп");
        assert!(got.iter().any(|g| g == "тәртібі"));
        assert!(!got.iter().any(|g| g.contains("тар") || g == "тәртіпі"));
    }

    #[test]
    fn verb_forms_of_legal_prose() {
        let cases: &[(&str, &[&str])] = &[
            (
                "көрсету",
                &[
                    "көрсетілетін",
                    "көрсетілген",
                    "көрсетудің",
                    "көрсетуге",
                    "көрсетсін",
                    "көрсетеді",
                ],
            ),
            ("енгізу", &["енгізілсін", "енгізілген", "енгізуді"]),
            ("жүргізу", &["жүргізілмейтін", "жүргізіледі"]),
            ("ұсыну", &["ұсынылмаған", "ұсынуды", "ұсынылған"]),
            ("қамту", &["қамтиды", "қамтитын"]),
            ("айқындау", &["айқындайтын", "айқындайды"]),
            ("алу", &["алушылардың", "алуға", "алушы"]),
            ("бұйыру", &["бұйырамын"]),
            ("қарау", &["қаралмайды"]),
            ("беру", &["бергенге", "берілген"]),
        ];
        for (inf, want) in cases {
            let got = verbs(inf);
            for w in *want {
                assert!(got.iter().any(|g| g == w), "{inf}: no {w}");
            }
        }
    }
}
