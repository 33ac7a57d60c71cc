//! How an act is cited in a justification, in the grammar of each language:
//! «приказ Министра экологии … от 12 марта 2024 года № 45 (зарегистрирован … под № 34100)» and
//! «… Экология … министрінің 2024 жылғы 12 наурыздағы № 45 бұйрығы (… № 34100 болып тіркелген)».
//!
//! The issuer is stored in the nominative («Министр экологии …», «… ресурстар министрі»); a
//! citation needs it in the genitive. Russian declines the words up to the head noun
//! («Первый заместитель Премьер-Министра» → «Первого заместителя Премьер-Министра»); Kazakh adds
//! the genitive ending to the last word by vowel harmony («министрі» → «министрінің»). The act
//! type takes the possessive in Kazakh («бұйрық» → «бұйрығы»). Unknown shapes are left as they
//! are rather than guessed.

use crate::ActRef;

const RU_MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Kazakh month names in the locative-attributive form «12 наурыздағы».
const KK_MONTHS: [&str; 12] = [
    "қаңтардағы",
    "ақпандағы",
    "наурыздағы",
    "сәуірдегі",
    "мамырдағы",
    "маусымдағы",
    "шілдедегі",
    "тамыздағы",
    "қыркүйектегі",
    "қазандағы",
    "қарашадағы",
    "желтоқсандағы",
];

/// `YYYY-MM-DD` → (year, month 1..=12, day).
fn ymd(date: &str) -> Option<(u32, usize, u32)> {
    let mut it = date.trim().split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse::<usize>().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// «12 марта 2024 года»; an unparsable date as it is.
pub fn date_ru(date: &str) -> String {
    match ymd(date) {
        Some((y, m, d)) => format!("{d} {} {y} года", RU_MONTHS[m - 1]),
        None => date.trim().to_string(),
    }
}

/// «2024 жылғы 12 наурыздағы»; an unparsable date as it is.
pub fn date_kk(date: &str) -> String {
    match ymd(date) {
        Some((y, m, d)) => format!("{y} жылғы {d} {}", KK_MONTHS[m - 1]),
        None => date.trim().to_string(),
    }
}

/// Keeps the capitalisation of `like` on `word` (first letter only).
fn recase(word: String, like: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        let mut c = word.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => word,
        }
    } else {
        word
    }
}

/// The genitive of one Russian word in the nominative (adjective/participle or noun), or `None`
/// when its shape is not a regular one.
fn ru_genitive_word(word: &str) -> Option<(String, bool)> {
    let lower = word.to_lowercase();
    // Adjectives and participles: «первый», «исполняющий», «главный», «генеральный».
    for (end, gen) in [("ый", "ого"), ("ой", "ого"), ("ий", "его")] {
        if let Some(stem) = lower.strip_suffix(end) {
            // After к, г, х, ж, ш, щ, ч «-ий» is a hard adjective: «высший» → «высшего».
            let gen = if end == "ий" && stem.ends_with(['к', 'г', 'х']) {
                "ого"
            } else {
                gen
            };
            return Some((recase(format!("{stem}{gen}"), word), false));
        }
    }
    let last = lower.chars().last()?;
    let noun = match last {
        'ь' | 'й' => format!("{}я", lower.strip_suffix(last)?),
        'о' => format!("{}а", lower.strip_suffix('о')?),
        'е' => format!("{}я", lower.strip_suffix('е')?),
        'а' | 'я' | 'и' | 'ы' | 'у' | 'ю' | 'э' => return None,
        c if c.is_alphabetic() && !c.is_ascii() => format!("{lower}а"),
        _ => return None,
    };
    Some((recase(noun, word), true))
}

/// The Russian issuer in the genitive: the words up to and including the head noun are declined,
/// the rest («экологии и природных ресурсов Республики Казахстан») is already in the genitive.
/// An issuer that already starts in the genitive or has an unknown shape is returned as it is.
pub fn issuer_genitive_ru(issuer: &str) -> String {
    let issuer = issuer.trim();
    // «Заместитель Премьер-Министра – Министр финансов»: each title after a dash declines too.
    let mut out = String::with_capacity(issuer.len() + 8);
    let mut rest = issuer;
    loop {
        let cut = [" – ", " — ", " - "]
            .iter()
            .filter_map(|d| rest.find(d).map(|i| (i, d.len())))
            .min();
        let (segment, sep) = match cut {
            Some((i, n)) => (rest.get(..i).unwrap_or(""), rest.get(i..i + n)),
            None => (rest, None),
        };
        match segment_genitive_ru(segment) {
            Some(g) => out.push_str(&g),
            None => return issuer.to_string(),
        }
        match (sep, cut) {
            (Some(sep), Some((i, n))) => {
                out.push_str(sep);
                rest = rest.get(i + n..).unwrap_or("");
            }
            _ => return out,
        }
    }
}

/// One title in the genitive, `None` when its shape is unknown (or already not nominative).
fn segment_genitive_ru(segment: &str) -> Option<String> {
    let words: Vec<&str> = segment.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut declined = false;
    for w in &words {
        if declined {
            out.push((*w).to_string());
            continue;
        }
        if out.len() > 3 {
            return None;
        }
        // A hyphenated head («Премьер-Министр») declines its last part.
        let (head, tail) = match w.rsplit_once('-') {
            Some((h, t)) if !t.is_empty() => (Some(h), t),
            _ => (None, *w),
        };
        let Some((g, is_noun)) = ru_genitive_word(tail) else {
            // «исполняющий обязанности Министра»: a participle's object; the title that follows
            // is already in the genitive.
            if out.is_empty() {
                return None;
            }
            out.push((*w).to_string());
            declined = true;
            continue;
        };
        out.push(match head {
            Some(h) => format!("{h}-{g}"),
            None => g,
        });
        declined = is_noun;
    }
    declined.then(|| out.join(" "))
}

const KK_BACK: &[char] = &['а', 'о', 'ұ', 'ы', 'у', 'я'];
const KK_FRONT: &[char] = &['ә', 'ө', 'ү', 'і', 'е', 'э', 'и', 'ю'];

/// Whether the last vowel of a Kazakh word is a back vowel (`None`: no vowel).
fn kk_back(word: &str) -> Option<bool> {
    word.chars().rev().find_map(|c| {
        let c = c.to_lowercase().next().unwrap_or(c);
        if KK_BACK.contains(&c) {
            Some(true)
        } else if KK_FRONT.contains(&c) {
            Some(false)
        } else {
            None
        }
    })
}

/// The genitive of a Kazakh word: «министрі» → «министрінің», «Үкіметі» → «Үкіметінің»,
/// «әкім» → «әкімнің», «комитет» → «комитеттің».
pub fn genitive_kk(word: &str) -> String {
    let Some(back) = kk_back(word) else {
        return word.to_string();
    };
    let last = word.chars().last().unwrap_or(' ').to_lowercase().next();
    let first = match last {
        Some(c) if "аәеиоөұүыіуюя".contains(c) => 'н',
        Some('м' | 'н' | 'ң') => 'н',
        Some('ж' | 'з' | 'л' | 'р' | 'й') => 'д',
        _ => 'т',
    };
    let vowel = if back { 'ы' } else { 'і' };
    format!("{word}{first}{vowel}ң")
}

/// The Kazakh act type with the possessive ending: «бұйрық» → «бұйрығы», «қаулы» → «қаулысы»,
/// «заң» → «заңы», «шешім» → «шешімі», «бірлескен бұйрық» → «бірлескен бұйрығы».
pub fn act_type_possessive_kk(act_type: &str) -> String {
    let t = act_type.trim();
    let (before, last) = match t.rsplit_once(' ') {
        Some((b, l)) => (Some(b), l),
        None => (None, t),
    };
    let lower = last.to_lowercase();
    let back = kk_back(&lower).unwrap_or(true);
    let vowel = if back { 'ы' } else { 'і' };
    let poss = if "аәеиоөұүыіуюя".contains(lower.chars().last().unwrap_or(' ')) {
        // «қаулы» ends in a vowel: «қаулысы»; «қаулысы» already has the ending.
        if lower.ends_with("сы") || lower.ends_with("сі") {
            last.to_string()
        } else {
            format!("{last}с{vowel}")
        }
    } else if let Some(stem) = last.strip_suffix('қ') {
        format!("{stem}ғ{vowel}")
    } else if let Some(stem) = last.strip_suffix('к') {
        format!("{stem}г{vowel}")
    } else if let Some(stem) = last.strip_suffix('п') {
        format!("{stem}б{vowel}")
    } else {
        format!("{last}{vowel}")
    };
    match before {
        Some(b) => format!("{b} {poss}"),
        None => poss,
    }
}

/// The citation of an act in Russian.
pub fn cite_ru(p: &ActRef) -> String {
    let mut parts: Vec<String> = vec![p
        .act_type
        .as_deref()
        .map_or("акт", str::trim)
        .to_lowercase()];
    if let Some(i) = p.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        parts.push(issuer_genitive_ru(i));
    }
    if let Some(d) = p.date.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(format!("от {}", date_ru(d)));
    }
    if let Some(n) = p.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        parts.push(format!("№ {n}"));
    }
    if let Some(r) = p
        .registration_number
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        parts.push(format!(
            "(зарегистрирован в Реестре государственной регистрации нормативных правовых актов под № {r})"
        ));
    }
    parts.join(" ")
}

/// The citation of an act in Kazakh.
pub fn cite_kk(p: &ActRef) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(i) = p.issuer.as_deref().map(str::trim).filter(|i| !i.is_empty()) {
        match i.rsplit_once(' ') {
            Some((before, last)) => parts.push(format!("{before} {}", genitive_kk(last))),
            None => parts.push(genitive_kk(i)),
        }
    }
    if let Some(d) = p.date.as_deref().filter(|d| !d.trim().is_empty()) {
        parts.push(date_kk(d));
    }
    if let Some(n) = p.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        parts.push(format!("№ {n}"));
    }
    let act = p
        .act_type
        .as_deref()
        .map_or("акт", str::trim)
        .to_lowercase();
    parts.push(
        if p.issuer.as_deref().is_some_and(|i| !i.trim().is_empty()) {
            act_type_possessive_kk(&act)
        } else {
            act
        },
    );
    if let Some(r) = p
        .registration_number
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        parts.push(format!(
            "(Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № {r} болып тіркелген)"
        ));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_issuers_in_the_genitive() {
        for (nom, gen) in [
            (
                "Министр экологии и природных ресурсов Республики Казахстан",
                "Министра экологии и природных ресурсов Республики Казахстан",
            ),
            (
                "Правительство Республики Казахстан",
                "Правительства Республики Казахстан",
            ),
            (
                "Первый заместитель Премьер-Министра Республики Казахстан",
                "Первого заместителя Премьер-Министра Республики Казахстан",
            ),
            (
                "исполняющий обязанности Министра здравоохранения",
                "исполняющего обязанности Министра здравоохранения",
            ),
            (
                "Председатель Агентства по делам государственной службы",
                "Председателя Агентства по делам государственной службы",
            ),
            (
                "Заместитель Премьер-Министра – Министр финансов",
                "Заместителя Премьер-Министра – Министра финансов",
            ),
            (
                "Генеральный Прокурор Республики Казахстан",
                "Генерального Прокурора Республики Казахстан",
            ),
            (
                "Премьер-Министр Республики Казахстан",
                "Премьер-Министра Республики Казахстан",
            ),
            ("Управление здравоохранения", "Управления здравоохранения"),
            ("Министра финансов", "Министра финансов"),
        ] {
            assert_eq!(issuer_genitive_ru(nom), gen, "{nom}");
        }
    }

    #[test]
    fn kazakh_genitive_and_possessive() {
        for (nom, gen) in [
            ("министрі", "министрінің"),
            ("Үкіметі", "Үкіметінің"),
            ("төрағасы", "төрағасының"),
            ("әкімі", "әкімінің"),
            ("әкім", "әкімнің"),
            ("комитет", "комитеттің"),
            ("мәслихат", "мәслихаттың"),
            ("Президент", "Президенттің"),
            ("кеңес", "кеңестің"),
        ] {
            assert_eq!(genitive_kk(nom), gen, "{nom}");
        }
        for (t, p) in [
            ("бұйрық", "бұйрығы"),
            ("қаулы", "қаулысы"),
            ("заң", "заңы"),
            ("шешім", "шешімі"),
            ("жарлық", "жарлығы"),
            ("кодекс", "кодексі"),
            ("бірлескен бұйрық", "бірлескен бұйрығы"),
        ] {
            assert_eq!(act_type_possessive_kk(t), p, "{t}");
        }
    }

    #[test]
    fn citations_in_both_languages() {
        let ru = ActRef {
            act_type: Some("приказ".to_string()),
            issuer: Some("Министр сельского хозяйства Республики Казахстан".to_string()),
            date: Some("2026-02-05".to_string()),
            number: Some("17".to_string()),
            registration_number: Some("40123".to_string()),
            title: None,
        };
        assert_eq!(
            cite_ru(&ru),
            "приказ Министра сельского хозяйства Республики Казахстан от 5 февраля 2026 года № 17 \
             (зарегистрирован в Реестре государственной регистрации нормативных правовых актов под № 40123)"
        );
        let kk = ActRef {
            act_type: Some("бұйрық".to_string()),
            issuer: Some("Қазақстан Республикасы Ауыл шаруашылығы министрі".to_string()),
            ..ru.clone()
        };
        assert_eq!(
            cite_kk(&kk),
            "Қазақстан Республикасы Ауыл шаруашылығы министрінің 2026 жылғы 5 ақпандағы № 17 бұйрығы \
             (Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 40123 болып тіркелген)"
        );
        let bare = ActRef {
            act_type: Some("закон".to_string()),
            ..ActRef::default()
        };
        assert_eq!(cite_ru(&bare), "закон");
        assert_eq!(
            cite_kk(&ActRef {
                act_type: Some("заң".to_string()),
                ..ActRef::default()
            }),
            "заң"
        );
    }
}
