//! Builds the demo register `corpus/registry.csv` from the 266 real egov.kz service names in
//! `fixtures/registry/egov_services_ru.csv` (see docs/REGISTRY.md for the method).
//!
//! Run: `cargo run --example make_demo_registry [EGOV_CSV] [OUT_CSV]`. The output depends only on
//! the input file: rerunning it gives the same bytes.

use std::collections::{BTreeMap, HashSet};

use tizilim::registry::classification;
use tizilim::registry::normalize::normalize;
use tizilim::registry::COLUMNS;

/// Keyword rules, tried in order: (egov category or `*`, word beginnings in the normalised name,
/// one of which must occur, subsection; `""` always occurs).
const RULES: &[(&str, &[&str], &str)] = &[
    ("*", &["апостил"], "03102"),
    ("*", &["архивн"], "02303"),
    ("*", &["спорт"], "02501"),
    (
        "*",
        &[
            "таможен",
            "беспошлинн",
            "временного хранения",
            "складов хранения",
            "товар",
            "тнвэд",
            "пассажирская декларация",
            "транзитная декларация",
            "декларация на транспортное",
        ],
        "01801",
    ),
    (
        "*",
        &[
            "залог движимого",
            "залога движимого",
            "грнз",
            "транспортн",
            "автотранспорт",
            "водительск",
            "трактор",
            "переоборудования авто",
        ],
        "00501",
    ),
    ("*", &["кредит", "банковских займов"], "01704"),
    ("*", &["инвестицион", "инвесторской"], "00906"),
    ("*", &["лицензи"], "__licence"),
    ("Семья", &["брак", "супружеств"], "00401"),
    (
        "Семья",
        &["актов гражданского состояния", "рагс", "смерти"],
        "00201",
    ),
    ("Семья", &["дошкольн", "психолого"], "00403"),
    ("Семья", &["поликлиник"], "00601"),
    ("Семья", &["пособи", "выплат", "возмещение затрат"], "00404"),
    ("Семья", &[""], "00402"),
    (
        "Здравоохранение",
        &["лекарствен", "медицинских изделий", "медицинские изделия"],
        "00602",
    ),
    (
        "Здравоохранение",
        &["справк", "донорств", "осмс", "вакцинац"],
        "00604",
    ),
    ("Здравоохранение", &[""], "00601"),
    (
        "Образование",
        &[
            "высшего",
            "послевузовск",
            "диссертац",
            "болашак",
            "академической мобильности",
            "стажиров",
            "студентов",
        ],
        "00801",
    ),
    (
        "Образование",
        &["дошкольн", "1 класс", "школы в школу"],
        "00403",
    ),
    ("Образование", &[""], "00803"),
    (
        "Трудоустройствоизанятость",
        &[
            "государственн служащ",
            "конкурсе",
            "личного дела",
            "тестирован",
        ],
        "03001",
    ),
    (
        "Трудоустройствоизанятость",
        &["коррупцион", "несудимост"],
        "01902",
    ),
    (
        "Трудоустройствоизанятость",
        &["социальных отчислен", "потери работы"],
        "00703",
    ),
    ("Трудоустройствоизанятость", &[""], "00701"),
    (
        "Социальноеобеспечение",
        &[
            "специальных социальных услуг",
            "индивидуального помощника",
            "жестового языка",
        ],
        "00705",
    ),
    (
        "Социальноеобеспечение",
        &[
            "инвалидност",
            "полигон",
            "с дипломом в село",
            "социальной помощи",
            "асп",
        ],
        "00704",
    ),
    ("Социальноеобеспечение", &["дюсш"], "00403"),
    ("Социальноеобеспечение", &[""], "00703"),
    (
        "Гражданство,миграцияииммиграция",
        &["за рубежом", "за пределами", "выезд"],
        "00202",
    ),
    (
        "Гражданство,миграцияииммиграция",
        &["кандас", "переселен", "иностран", "виз", "иммигрант"],
        "00203",
    ),
    ("Гражданство,миграцияииммиграция", &[""], "00201"),
    ("Недвижимость", &["земл", "земельн"], "02201"),
    (
        "Недвижимость",
        &["жилищ", "жилье", "жилпомощ", "коммунальн", "газораспредел"],
        "02701",
    ),
    ("Недвижимость", &["адрес"], "02602"),
    ("Недвижимость", &[""], "00502"),
    ("Таможняиналоги", &["банкротств"], "00902"),
    ("Таможняиналоги", &["приватизац"], "03104"),
    ("Таможняиналоги", &[""], "01601"),
    ("Правоваяпомощь", &["юридическ"], "00301"),
    ("Правоваяпомощь", &["академию правосудия"], "00801"),
    ("Правоваяпомощь", &[""], "01902"),
    (
        "Транспортикоммуникации",
        &["судн", "маломерн", "экипаж", "плавани"],
        "01103",
    ),
    ("Транспортикоммуникации", &["медицинской справки"], "00604"),
    ("Транспортикоммуникации", &[""], "01101"),
    ("Консульскиеуслуги", &["судн"], "01103"),
    ("Консульскиеуслуги", &[""], "02801"),
    ("Воинскийучетибезопасность", &["ветеран"], "00704"),
    ("Воинскийучетибезопасность", &["погребение"], "00703"),
    ("Воинскийучетибезопасность", &[""], "01902"),
];

/// Licences go to the permits subsection of their field.
fn licence_subsection(category: &str) -> &'static str {
    match category {
        "Образование" => "00802",
        "Здравоохранение" => "00602",
        "Транспортикоммуникации" => "01101",
        _ => "00903",
    }
}

/// The body an egov page slug names (its suffix), where the abbreviation is unambiguous.
fn ministry(slug: &str) -> Option<&'static str> {
    let s = slug.to_lowercase();
    let ends = |suf: &str| s.ends_with(suf);
    Some(if ends("_mu") {
        "Министерство юстиции Республики Казахстан"
    } else if ends("_mtszn") || ends("_mtczn") || s.starts_with("mtczn") {
        "Министерство труда и социальной защиты населения Республики Казахстан"
    } else if ends("_mz") || ends("_mzsr") || s.starts_with("mz_") {
        "Министерство здравоохранения Республики Казахстан"
    } else if ends("_mvd") {
        "Министерство внутренних дел Республики Казахстан"
    } else if ends("_mid") || ends("_mfa") {
        "Министерство иностранных дел Республики Казахстан"
    } else if ends("_mf") || ends("_minfin") {
        "Министерство финансов Республики Казахстан"
    } else if ends("_msh") || s.starts_with("msh_") {
        "Министерство сельского хозяйства Республики Казахстан"
    } else if ends("_mo") || ends("_md") {
        "Министерство обороны Республики Казахстан"
    } else if ends("_gp") || s.starts_with("gp_") {
        "Генеральная прокуратура Республики Казахстан"
    } else if ends("_mnvo") {
        "Министерство науки и высшего образования Республики Казахстан"
    } else if ends("_mon") || ends("_mp") || s.starts_with("mon-") {
        "Министерство просвещения Республики Казахстан"
    } else {
        return None;
    })
}

/// An 8-digit register code written in the slug (egov slugs of some services carry it), when it
/// fits the classification.
fn code_in_slug(slug: &str) -> Option<String> {
    let digits: Vec<String> = slug
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 8)
        .map(str::to_string)
        .collect();
    digits
        .into_iter()
        .find(|d| classification::get(&d[..5]).is_some() && &d[5..] != "000")
}

/// True when `w` occurs in `n` at the start of a word.
fn starts_word(n: &str, w: &str) -> bool {
    w.is_empty()
        || n.match_indices(w).any(|(i, _)| {
            n[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
}

fn subsection(category: &str, name: &str) -> &'static str {
    let n = normalize(name);
    for (cat, words, sub) in RULES {
        if (*cat == "*" || *cat == category) && words.iter().any(|w| starts_word(&n, w)) {
            return if *sub == "__licence" {
                licence_subsection(category)
            } else {
                sub
            };
        }
    }
    "03101"
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .unwrap_or_else(|| "fixtures/registry/egov_services_ru.csv".into());
    let output = args.next().unwrap_or_else(|| "corpus/registry.csv".into());

    let mut reader = csv::Reader::from_path(&input)?;
    let mut rows: Vec<(String, String, String)> = Vec::new();
    let mut seen = HashSet::new();
    for rec in reader.records() {
        let rec = rec?;
        let category = rec.get(1).unwrap_or("").trim().to_string();
        let name = rec
            .get(2)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let slug = rec
            .get(3)
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        if name.is_empty() || !seen.insert(normalize(&name)) {
            continue; // the catalogue lists a few services under two categories
        }
        rows.push((category, name, slug));
    }

    // Codes the slugs give first, then ordinals per subsection in file order.
    let mut used: HashSet<String> = HashSet::new();
    let mut codes: Vec<Option<String>> = rows
        .iter()
        .map(|(_, _, slug)| code_in_slug(slug).filter(|c| used.insert(c.clone())))
        .collect();
    let mut next: BTreeMap<String, u32> = BTreeMap::new();
    for (i, (category, name, _)) in rows.iter().enumerate() {
        if codes[i].is_some() {
            continue;
        }
        let sub = subsection(category, name);
        let n = next.entry(sub.to_string()).or_insert(0);
        let code = loop {
            *n += 1;
            let c = format!("{sub}{:03}", *n);
            if used.insert(c.clone()) {
                break c;
            }
        };
        codes[i] = Some(code);
    }

    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&a, &b| codes[a].cmp(&codes[b]));
    let mut w = csv::Writer::from_path(&output)?;
    w.write_record(COLUMNS)?;
    for i in order {
        let (_, name, slug) = &rows[i];
        let mut rec: Vec<String> = vec![String::new(); COLUMNS.len()];
        let mut set = |col: &str, v: &str| {
            if let Some(p) = COLUMNS.iter().position(|c| *c == col) {
                rec[p] = v.to_string();
            }
        };
        set("code", codes[i].as_deref().unwrap_or(""));
        set("kind", "state");
        set("name_ru", name);
        set("recipients", "individual");
        set("ministry_ru", ministry(slug).unwrap_or(""));
        w.write_record(&rec)?;
    }
    w.flush()?;
    eprintln!("{output}: {} entries", rows.len());
    Ok(())
}
