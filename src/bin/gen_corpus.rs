//! `gen_corpus`: writes a synthetic corpus of acts for benchmarks, deterministic for a seed.
//!
//! `cargo run --release --bin gen_corpus -- --acts N --seed S --out DIR`
//!
//! Every act is a variant of a fixture (`fixtures/html/*.html`, the LibreOffice PDFs
//! `fixtures/pdf/{kaz,rus}_V*.pdf`, `fixtures/seeds/*.txt` and `fixtures/legal/*.txt` when present):
//! - the language is drawn first (half Kazakh, half Russian), then the format (by default 60 % HTML,
//!   20 % PDF, 20 % text), then a template of that language and format;
//! - HTML and text: every number after «№» is replaced by another of the same length, one mapping per
//!   act (so an act number and the registration number keep their repeated uses consistent; the
//!   act's own registration number becomes a unique one), adilet document codes (`V2100012345`)
//!   follow the mapping, every year 1980–2029 moves by the same offset (0 to −8 years) and every day
//!   of month by the same rotation (`dd.mm.yyyy`, «20 ноября», «2014 жылғы 20 қарашадағы»); one to
//!   three service mentions are appended to numbered points («... государственной услуги «X»» /
//!   ««X» мемлекеттік көрсетілетін қызметті ...»), 85 % of them of services in the register;
//! - PDF: the bytes are copied unchanged but for a PDF comment after `%%EOF` naming the act, so
//!   every file has its own hash; the text inside is the template's.
//!
//! Files are `DIR/{kk,ru}/{kaz,rus}_V{yy}{reg:08}.{html,pdf,txt}`. `DIR/registry.csv` is a register
//! in the CSV of DOMAIN.md §8 (the egov catalogue names, Kazakh/Russian pairs, qualified variants up
//! to `--register` entries; by-law fields from the first act that mentions the service), and
//! `DIR/manifest.tsv` lists every act with its template and the services it mentions
//! (`+` in the register, `-` held out of it).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::LazyLock;

use clap::Parser;
use regex::{Captures, Regex};

use tizilim::source::{self, Format};
use tizilim::text::Language;

#[derive(Parser)]
#[command(
    name = "gen_corpus",
    about = "Writes a deterministic synthetic corpus of acts"
)]
struct Args {
    /// Number of acts.
    #[arg(long, default_value_t = 1000)]
    acts: usize,
    /// Seed of the generator: the same seed gives the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (created; existing files of the same names are overwritten).
    #[arg(long)]
    out: PathBuf,
    /// The fixtures directory to take templates from.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))]
    fixtures: PathBuf,
    /// Per cent of HTML, PDF and text acts.
    #[arg(long, default_value = "60,20,20")]
    mix: String,
    /// Entries of the register written to `registry.csv`.
    #[arg(long, default_value_t = 1500)]
    register: usize,
}

/// splitmix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Html,
    Pdf,
    Text,
}

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Html => "html",
            Kind::Pdf => "pdf",
            Kind::Text => "txt",
        }
    }
}

/// A fixture to vary, with the facts about it the variants need.
struct Template {
    name: String,
    kind: Kind,
    lang: Language,
    bytes: Vec<u8>,
    /// The act's own registration number (digits), when the parser finds one.
    registration: Option<String>,
    /// The act's own number as written (`58/НҚ`).
    number: Option<String>,
    /// The act's date, `YYYY-MM-DD`.
    date: Option<String>,
}

/// A service name pair; `kk` is empty for names known only in Russian.
#[derive(Clone)]
struct ServiceName {
    ru: String,
    kk: String,
    category: String,
}

/// Russian names with their Kazakh names as the register writes them.
const KK_PAIRS: &[(&str, &str)] = &[
    (
        "Регистрация рождения ребенка, в том числе внесение изменений, дополнений и исправлений в записи актов гражданского состояния",
        "Баланың тууын тіркеу, оның ішінде азаматтық хал актілерінің жазбаларына өзгерістер, толықтырулар мен түзетулер енгізу",
    ),
    (
        "Регистрация заключения брака (супружества), в том числе внесение изменений, дополнений и исправлений в записи актов гражданского состояния",
        "Неке (ерлі-зайыптылық) қиюды тіркеу, оның ішінде азаматтық хал актілерінің жазбаларына өзгерістер, толықтырулар мен түзетулер енгізу",
    ),
    (
        "Регистрация смерти, в том числе внесение изменений, дополнений и исправлений в записи актов гражданского состояния",
        "Қайтыс болуды тіркеу, оның ішінде азаматтық хал актілерінің жазбаларына өзгерістер, толықтырулар мен түзетулер енгізу",
    ),
    (
        "Выдача справок о наличии либо отсутствии судимости",
        "Сотталғандығының болуы не болмауы туралы анықтама беру",
    ),
    (
        "Проставление апостиля на официальных документах",
        "Ресми құжаттарға апостиль қою",
    ),
    ("Выдача водительского удостоверения", "Жүргізуші куәлігін беру"),
    (
        "Регистрация, перерегистрация транспортных средств",
        "Көлік құралдарын тіркеу, қайта тіркеу",
    ),
    (
        "Постановка на очередь детей дошкольного возраста (до 6 лет) для направления в дошкольные организации",
        "Мектепке дейінгі балалар ұйымдарына жіберу үшін мектеп жасына дейінгі (6 жасқа дейін) балаларды кезекке қою",
    ),
    (
        "Назначение единовременного пособия на рождение ребенка",
        "Бала тууына байланысты біржолғы жәрдемақы тағайындау",
    ),
    ("Выдача адресной справки", "Мекенжай анықтамасын беру"),
    ("Выдача архивных справок", "Мұрағат анықтамаларын беру"),
    (
        "Выдача лицензии на образовательную деятельность",
        "Білім беру қызметіне лицензия беру",
    ),
    (
        "Регистрация по месту жительства граждан Республики Казахстан",
        "Қазақстан Республикасы азаматтарын тұрғылықты жері бойынша тіркеу",
    ),
    (
        "Выдача разрешения на использование земельного участка для изыскательских работ",
        "Іздестіру жұмыстары үшін жер учаскесін пайдалануға рұқсат беру",
    ),
    (
        "Назначение государственной адресной социальной помощи",
        "Мемлекеттік атаулы әлеуметтік көмек тағайындау",
    ),
    (
        "Выдача документов, удостоверяющих личность",
        "Жеке басын куәландыратын құжаттарды беру",
    ),
];

/// Qualifiers that make register entries of realistic number out of the base names.
const QUALIFIERS: &[(&str, &str)] = &[
    ("для юридических лиц", "заңды тұлғалар үшін"),
    ("для физических лиц", "жеке тұлғалар үшін"),
    ("в электронной форме", "электрондық нысанда"),
    (
        "иностранцам и лицам без гражданства",
        "шетелдіктер мен азаматтығы жоқ адамдарға",
    ),
    (
        "на территории специальных экономических зон",
        "арнаулы экономикалық аймақтар аумағында",
    ),
    ("в сфере связи", "байланыс саласында"),
    ("в сфере здравоохранения", "денсаулық сақтау саласында"),
];

const MINISTRIES: &[(&str, &str)] = &[
    (
        "Министерство юстиции Республики Казахстан",
        "Қазақстан Республикасы Әділет министрлігі",
    ),
    (
        "Министерство внутренних дел Республики Казахстан",
        "Қазақстан Республикасы Ішкі істер министрлігі",
    ),
    (
        "Министерство труда и социальной защиты населения Республики Казахстан",
        "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
    ),
    (
        "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
        "Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
    ),
    (
        "Министерство просвещения Республики Казахстан",
        "Қазақстан Республикасы Оқу-ағарту министрлігі",
    ),
    (
        "Министерство сельского хозяйства Республики Казахстан",
        "Қазақстан Республикасы Ауыл шаруашылығы министрлігі",
    ),
];

fn re(s: &str) -> Regex {
    // The patterns below are constants; a typo shows in the first test run.
    tizilim_lex::re::new(s).unwrap_or_else(|e| panic!("bad pattern {s}: {e}"))
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| re(r"№(\s*)(\d{1,7})"));
static DOC_CODE: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)([VPKZU])(\d{2})(\d{8})(?-u:\b)"));
/// An adilet document code in a file name.
static FILE_CODE: LazyLock<Regex> = LazyLock::new(|| re(r"_([VPKZU])(\d{2})(\d{8})\."));
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)(19[89]\d|20[0-2]\d)(?-u:\b)"));
static DOTTED: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)(\d{2})\.(\d{2})\.(\d{4})(?-u:\b)"));
static RU_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u:\b)(\d{1,2})(\s+)(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)",
    )
});
static KK_DAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)(\d{4})(\s+жыл(?:ғы|ы)\s+)(\d{1,2})(?-u:\b)"));
/// A numbered point paragraph of adilet HTML with plain text, ending in a full stop.
static HTML_POINT: LazyLock<Regex> =
    LazyLock::new(|| re(r#"<p id="z\d+">(?:&nbsp;|\s)*\d+(?:-\d+)?\.\s[^<>]{20,}?\.(\s*)</p>"#));
/// A numbered point of a text export (indented with spaces or no-break spaces, maybe
/// hard-wrapped over a few lines), up to the first line that ends in a full stop.
static TEXT_POINT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m)^[ \t\u{a0}]*\d+(?:-\d+)?\.[ \u{a0}](?:.*\n){0,8}?.{20,}?\.([ \t\u{a0}]*)$")
});

/// The per-act changes of numbers and dates.
struct Variation {
    numbers: HashMap<String, String>,
    year_shift: i32,
    day_rotation: u32,
    rng: Rng,
}

impl Variation {
    fn new(rng: Rng, year_shift: i32, day_rotation: u32) -> Self {
        Self {
            numbers: HashMap::new(),
            year_shift,
            day_rotation,
            rng,
        }
    }

    fn number(&mut self, old: &str) -> String {
        if let Some(n) = self.numbers.get(old) {
            return n.clone();
        }
        let len = old.len().clamp(1, 7) as u32;
        let lo = if len == 1 { 1 } else { 10u64.pow(len - 1) };
        let hi = 10u64.pow(len);
        let n = (lo + self.rng.next() % (hi - lo)).to_string();
        self.numbers.insert(old.to_string(), n.clone());
        n
    }

    fn year(&self, y: &str) -> String {
        y.parse::<i32>()
            .map(|y| (y + self.year_shift).to_string())
            .unwrap_or_else(|_| y.to_string())
    }

    fn day(&self, d: &str, width: usize) -> String {
        let d: u32 = d.parse().unwrap_or(1);
        let nd = (d.saturating_sub(1) + self.day_rotation) % 28 + 1;
        format!("{nd:0width$}")
    }

    /// The template's ISO date as the variant writes it.
    fn iso_date(&self, date: &str) -> String {
        let mut parts = date.splitn(3, '-');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(y), Some(m), Some(d)) => format!("{}-{m}-{}", self.year(y), self.day(d, 2)),
            _ => date.to_string(),
        }
    }

    /// Applies the number and date changes to a text.
    fn apply(&mut self, text: &str) -> String {
        let t = NUMBER.replace_all(text, |c: &Captures| {
            let n = self.number(&c[2]);
            format!("№{}{n}", &c[1])
        });
        let t = DOC_CODE.replace_all(&t, |c: &Captures| {
            let reg = c[3].trim_start_matches('0');
            match self.numbers.get(reg) {
                Some(n) => {
                    let yy = c[2]
                        .parse::<i32>()
                        .map_or(0, |y| (y + 100 + self.year_shift) % 100);
                    format!("{}{yy:02}{n:0>8}", &c[1])
                }
                None => c[0].to_string(),
            }
        });
        let t = DOTTED.replace_all(&t, |c: &Captures| {
            format!("{}.{}.{}", self.day(&c[1], 2), &c[2], &c[3])
        });
        let t = RU_DAY.replace_all(&t, |c: &Captures| {
            format!("{}{}{}", self.day(&c[1], 1), &c[2], &c[3])
        });
        let t = KK_DAY.replace_all(&t, |c: &Captures| {
            format!("{}{}{}", &c[1], &c[2], self.day(&c[3], 1))
        });
        YEAR.replace_all(&t, |c: &Captures| self.year(&c[1]))
            .into_owned()
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sentence that mentions a service, in the act's language.
fn mention_sentence(lang: Language, name: &str) -> String {
    match lang {
        Language::Ru => format!(
            " Положения настоящего пункта применяются при оказании государственной услуги «{name}»."
        ),
        Language::Kk => format!(
            " Осы тармақтың ережелері «{name}» мемлекеттік көрсетілетін қызметті көрсету кезінде қолданылады."
        ),
    }
}

/// Appends each sentence to a different numbered point (byte offsets of the insert points from
/// `points`, chosen at random); sentences with no point left are dropped. Returns how many went in.
fn insert_mentions(
    text: &mut String,
    points: &Regex,
    sentences: &[String],
    rng: &mut Rng,
) -> usize {
    let mut at: Vec<usize> = points
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.start()))
        .collect();
    let mut chosen: Vec<(usize, &String)> = Vec::new();
    for s in sentences {
        if at.is_empty() {
            break;
        }
        let i = rng.below(at.len());
        chosen.push((at.swap_remove(i), s));
    }
    chosen.sort_by_key(|c| std::cmp::Reverse(c.0));
    for (pos, s) in &chosen {
        text.insert_str(*pos, s);
    }
    chosen.len()
}

fn read_dir_sorted(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// True for the LibreOffice PDFs (`kaz_V1500012345.pdf`), not the scans or their OCR'd copies.
fn is_plain_pdf_name(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.matches('.').count() == 1)
}

fn load_templates(fixtures: &Path) -> Vec<Template> {
    let mut files: Vec<(PathBuf, Kind)> = Vec::new();
    files.extend(
        read_dir_sorted(&fixtures.join("html"), "html")
            .into_iter()
            .map(|p| (p, Kind::Html)),
    );
    files.extend(
        read_dir_sorted(&fixtures.join("pdf"), "pdf")
            .into_iter()
            .filter(|p| is_plain_pdf_name(p))
            .map(|p| (p, Kind::Pdf)),
    );
    for sub in ["seeds", "legal"] {
        files.extend(
            read_dir_sorted(&fixtures.join(sub), "txt")
                .into_iter()
                .map(|p| (p, Kind::Text)),
        );
    }
    let mut out = Vec::new();
    for (path, kind) in files {
        let Ok(src) = source::read(&path) else {
            eprintln!("gen_corpus: cannot read {}", path.display());
            continue;
        };
        let expected = match kind {
            Kind::Html => Format::Html,
            Kind::Pdf => Format::Pdf,
            Kind::Text => Format::Text,
        };
        if src.format != expected || (kind != Kind::Pdf && std::str::from_utf8(&src.bytes).is_err())
        {
            eprintln!(
                "gen_corpus: {} skipped (not UTF-8 {:?})",
                path.display(),
                kind
            );
            continue;
        }
        let doc = tizilim::pipeline::parse_source(&src);
        // The registration number as the parser reads it, else from an adilet file name
        // (`kaz_V2100012345.html` → 12345).
        let registration = doc
            .act
            .id
            .registration_number
            .as_deref()
            .map(|r| r.chars().filter(char::is_ascii_digit).collect::<String>())
            .or_else(|| {
                FILE_CODE
                    .captures(&path.to_string_lossy())
                    .map(|c| c[3].trim_start_matches('0').to_string())
            })
            .filter(|r| !r.is_empty());
        out.push(Template {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            kind,
            lang: doc.language,
            bytes: src.bytes,
            registration,
            number: doc.act.id.number.clone(),
            date: doc.act.id.date.clone(),
        });
    }
    out
}

fn load_service_names(fixtures: &Path) -> Vec<ServiceName> {
    let mut names: Vec<ServiceName> = Vec::new();
    let path = fixtures.join("registry/egov_services_ru.csv");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    for rec in parse_csv(&text).into_iter().skip(1) {
        let (Some(cat), Some(name)) = (rec.get(1), rec.get(2)) else {
            continue;
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() || names.iter().any(|n| n.ru == name) {
            continue;
        }
        names.push(ServiceName {
            ru: name,
            kk: String::new(),
            category: cat.clone(),
        });
    }
    for (ru, kk) in KK_PAIRS {
        match names.iter_mut().find(|n| n.ru == *ru) {
            Some(n) => n.kk = kk.to_string(),
            None => names.push(ServiceName {
                ru: ru.to_string(),
                kk: kk.to_string(),
                category: String::new(),
            }),
        }
    }
    names
}

/// A small RFC 4180 reader (quoted fields with `""` and line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            '\r' => {}
            _ => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Where the first act that mentions a service is (for the register's by-law fields).
#[derive(Clone)]
struct Bylaw {
    title: String,
    lang: Language,
    number: String,
    date: String,
    registration: String,
}

/// The generated acts' facts written to the manifest and used by the register.
struct Generated {
    manifest: String,
    bylaws: HashMap<usize, Bylaw>,
    counts: [usize; 3],
    mentions: usize,
}

fn parse_mix(s: &str) -> Option<[usize; 3]> {
    let v: Vec<usize> = s
        .split([',', '/'])
        .map(|x| x.trim().parse().ok())
        .collect::<Option<_>>()?;
    match v.as_slice() {
        [h, p, t] if h + p + t > 0 => Some([*h, *p, *t]),
        _ => None,
    }
}

fn pick_kind(rng: &mut Rng, mix: [usize; 3]) -> Kind {
    let total = mix.iter().sum::<usize>().max(1);
    let r = rng.below(total);
    if r < mix[0] {
        Kind::Html
    } else if r < mix[0] + mix[1] {
        Kind::Pdf
    } else {
        Kind::Text
    }
}

#[allow(clippy::too_many_arguments)]
fn generate_acts(
    args: &Args,
    mix: [usize; 3],
    templates: &[Template],
    names: &[ServiceName],
    held_out: &[bool],
) -> std::io::Result<Generated> {
    let mut g = Generated {
        manifest: String::from(
            "file\tformat\tlanguage\ttemplate\tnumber\tdate\tregistration_number\tservices\n",
        ),
        bylaws: HashMap::new(),
        counts: [0; 3],
        mentions: 0,
    };
    let ru_pool: Vec<usize> = (0..names.len()).collect();
    let kk_pool: Vec<usize> = (0..names.len())
        .filter(|&i| !names[i].kk.is_empty())
        .collect();
    for lang_dir in ["kk", "ru"] {
        std::fs::create_dir_all(args.out.join(lang_dir))?;
    }
    for i in 0..args.acts {
        let mut rng = Rng::new(args.seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
        let lang = if rng.chance(50) {
            Language::Kk
        } else {
            Language::Ru
        };
        let kind = pick_kind(&mut rng, mix);
        let mut fitting: Vec<&Template> = templates
            .iter()
            .filter(|t| t.kind == kind && t.lang == lang)
            .collect();
        if fitting.is_empty() {
            fitting = templates.iter().filter(|t| t.kind == kind).collect();
        }
        if fitting.is_empty() {
            fitting = templates.iter().collect();
        }
        let t = fitting[rng.below(fitting.len())];
        let year_shift = -(rng.below(9) as i32);
        let day_rotation = rng.below(28) as u32;
        let mut var = Variation::new(Rng::new(rng.next()), year_shift, day_rotation);
        let own_reg = (10_000 + i).to_string();
        if let Some(r) = &t.registration {
            var.numbers.insert(r.clone(), own_reg.clone());
        }
        let pool = if t.lang == Language::Kk && !kk_pool.is_empty() {
            &kk_pool
        } else {
            &ru_pool
        };
        let n_mentions = 1 + rng.below(3);
        let services: Vec<usize> = (0..n_mentions)
            .map(|_| pool[rng.below(pool.len())])
            .collect();
        let (bytes, inserted) = match t.kind {
            Kind::Pdf => {
                let mut b = t.bytes.clone();
                b.extend_from_slice(
                    format!("\n% gen_corpus act {i} seed {}\n", args.seed).as_bytes(),
                );
                (b, 0)
            }
            Kind::Html | Kind::Text => {
                let text = String::from_utf8_lossy(&t.bytes);
                let mut text = var.apply(&text);
                let sentences: Vec<String> = services
                    .iter()
                    .map(|&s| {
                        let name = if t.lang == Language::Kk {
                            &names[s].kk
                        } else {
                            &names[s].ru
                        };
                        let mut name = name.clone();
                        if rng.chance(15) {
                            name = lowercase_first(&name);
                        }
                        let sentence = mention_sentence(t.lang, &name);
                        if t.kind == Kind::Html {
                            html_escape(&sentence)
                        } else {
                            sentence
                        }
                    })
                    .collect();
                let points: &Regex = if t.kind == Kind::Html {
                    &HTML_POINT
                } else {
                    &TEXT_POINT
                };
                let n = insert_mentions(&mut text, points, &sentences, &mut rng);
                (text.into_bytes(), n)
            }
        };
        let services = &services[..inserted];
        let date = t.date.as_deref().map(|d| var.iso_date(d));
        let yy = date
            .as_deref()
            .and_then(|d| d.get(2..4))
            .map(str::to_string)
            .or_else(|| {
                FILE_CODE.captures(&t.name).and_then(|c| {
                    c[2].parse::<i32>()
                        .ok()
                        .map(|y| format!("{:02}", (y + 100 + year_shift) % 100))
                })
            })
            .unwrap_or_else(|| "20".to_string());
        let number = t.number.as_deref().map(|n| {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            match (digits.is_empty(), var.numbers.get(&digits)) {
                (false, Some(new)) => format!("{new}{}", &n[digits.len()..]),
                _ => n.to_string(),
            }
        });
        let prefix = if t.lang == Language::Kk { "kaz" } else { "rus" };
        let rel = format!(
            "{}/{prefix}_V{yy}{:0>8}.{}",
            t.lang.code(),
            own_reg,
            t.kind.ext()
        );
        std::fs::write(args.out.join(&rel), &bytes)?;
        g.counts[match t.kind {
            Kind::Html => 0,
            Kind::Pdf => 1,
            Kind::Text => 2,
        }] += 1;
        g.mentions += services.len();
        for &s in services {
            if held_out[s] {
                continue;
            }
            g.bylaws.entry(s).or_insert_with(|| Bylaw {
                title: format!("{} ({})", t.name, rel),
                lang: t.lang,
                number: number.clone().unwrap_or_default(),
                date: date.clone().unwrap_or_default(),
                registration: if t.kind == Kind::Pdf {
                    t.registration.clone().unwrap_or_default()
                } else {
                    own_reg.clone()
                },
            });
        }
        let listed: Vec<String> = services
            .iter()
            .map(|&s| {
                let name = if t.lang == Language::Kk {
                    &names[s].kk
                } else {
                    &names[s].ru
                };
                format!("{}{name}", if held_out[s] { '-' } else { '+' })
            })
            .collect();
        let _ = writeln!(
            g.manifest,
            "{rel}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            t.kind.ext(),
            t.lang.code(),
            t.name,
            number.unwrap_or_default(),
            date.unwrap_or_default(),
            if t.kind == Kind::Pdf {
                t.registration.clone().unwrap_or_default()
            } else {
                own_reg
            },
            listed.join(";")
        );
    }
    Ok(g)
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Writes the register: every base name not held out, then qualified variants up to `size`.
fn register_csv(
    names: &[ServiceName],
    held_out: &[bool],
    bylaws: &HashMap<usize, Bylaw>,
    size: usize,
    seed: u64,
) -> String {
    let mut out = String::from(
        "code,kind,name_ru,name_kk,subtype_ru,subtype_kk,recipients,ministry_ru,ministry_kk,provider_ru,provider_kk,intake_ru,intake_kk,paid,fee_basis,fee_amount,result_form,term,form,info_system,bylaw_title_ru,bylaw_title_kk,bylaw_number,bylaw_date,bylaw_registration_number\n",
    );
    let mut rng = Rng::new(seed ^ 0x005E_ED0F_0EC1_57E5);
    let base: Vec<usize> = (0..names.len()).filter(|&i| !held_out[i]).collect();
    let mut written = 0usize;
    'rounds: for round in 0..=QUALIFIERS.len() {
        for &i in &base {
            if written >= size {
                break 'rounds;
            }
            let n = &names[i];
            let (ru, kk) = if round == 0 {
                (n.ru.clone(), n.kk.clone())
            } else {
                let (qr, qk) = QUALIFIERS[round - 1];
                (
                    format!("{}, {qr}", n.ru),
                    if n.kk.is_empty() {
                        String::new()
                    } else {
                        format!("{}, {qk}", n.kk)
                    },
                )
            };
            let (min_ru, min_kk) = MINISTRIES[(i + n.category.len()) % MINISTRIES.len()];
            let code = format!(
                "{:05}{:03}",
                201 + (written / 60) * 100 % 99_000,
                written % 60 + 1
            );
            let kind = if rng.chance(8) {
                "socially_significant"
            } else {
                "state"
            };
            let recipients = ["individual", "legal", "individual;legal"][rng.below(3)];
            let paid = if rng.chance(20) { "paid" } else { "free" };
            let form = [
                "electronic_full",
                "paper",
                "electronic_partial;paper",
                "proactive",
            ][rng.below(4)];
            let term = [
                "1 рабочий день",
                "5 рабочих дней",
                "15 календарных дней",
                "30 минут",
            ][rng.below(4)];
            let by = if round == 0 { bylaws.get(&i) } else { None };
            let fields: Vec<String> = vec![
                code,
                kind.into(),
                ru,
                kk,
                String::new(),
                String::new(),
                recipients.into(),
                min_ru.into(),
                min_kk.into(),
                min_ru.into(),
                min_kk.into(),
                "Государственная корпорация «Правительство для граждан»; веб-портал «электронного правительства»".into(),
                "«Азаматтарға арналған үкімет» мемлекеттік корпорациясы; «электрондық үкімет» веб-порталы".into(),
                paid.into(),
                if paid == "paid" { "Налоговый кодекс Республики Казахстан".into() } else { String::new() },
                if paid == "paid" { format!("{} МРП", 1 + rng.below(5)) } else { String::new() },
                "электронная / бумажная".into(),
                term.into(),
                form.into(),
                "ИС «Е-лицензирование»".into(),
                by.filter(|b| b.lang == Language::Ru).map(|b| b.title.clone()).unwrap_or_default(),
                by.filter(|b| b.lang == Language::Kk).map(|b| b.title.clone()).unwrap_or_default(),
                by.map(|b| b.number.clone()).unwrap_or_default(),
                by.map(|b| b.date.clone()).unwrap_or_default(),
                by.map(|b| b.registration.clone()).unwrap_or_default(),
            ];
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&line.join(","));
            out.push('\n');
            written += 1;
        }
    }
    out
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(mix) = parse_mix(&args.mix) else {
        eprintln!("gen_corpus: --mix wants three per cents like 60,20,20");
        return ExitCode::from(2);
    };
    let templates = load_templates(&args.fixtures);
    if templates.is_empty() {
        eprintln!("gen_corpus: no templates under {}", args.fixtures.display());
        return ExitCode::from(2);
    }
    let names = load_service_names(&args.fixtures);
    if names.is_empty() {
        eprintln!(
            "gen_corpus: no service names under {}",
            args.fixtures.display()
        );
        return ExitCode::from(2);
    }
    // Every seventh name is held out of the register: mentions of it are hidden services.
    let held_out: Vec<bool> = (0..names.len()).map(|i| i % 7 == 3).collect();
    let g = match generate_acts(&args, mix, &templates, &names, &held_out) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("gen_corpus: cannot write under {}: {e}", args.out.display());
            return ExitCode::from(2);
        }
    };
    let reg = register_csv(&names, &held_out, &g.bylaws, args.register, args.seed);
    let entries = reg.lines().count().saturating_sub(1);
    let wrote = std::fs::write(args.out.join("registry.csv"), reg)
        .and_then(|_| std::fs::write(args.out.join("manifest.tsv"), &g.manifest));
    if let Err(e) = wrote {
        eprintln!("gen_corpus: cannot write under {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    println!(
        "gen_corpus: {} acts ({} html, {} pdf, {} text; {} service mentions) from {} templates, register of {entries} entries, in {}",
        args.acts,
        g.counts[0],
        g.counts[1],
        g.counts[2],
        g.mentions,
        templates.len(),
        args.out.display()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_vary_consistently() {
        let mut v = Variation::new(Rng::new(7), -3, 5);
        v.numbers.insert("31415".into(), "10042".into());
        let out = v.apply(
            "от 20 ноября 2014 года № 98, № 31415, 19.02.2020, 2021 жылғы 16 ақпандағы № 98 V2100031415",
        );
        let n98 = v.numbers.get("98").cloned().unwrap_or_default();
        assert_eq!(n98.len(), 2);
        assert_eq!(
            out,
            format!(
                "от 25 ноября 2011 года № {n98}, № 10042, 24.02.2017, 2018 жылғы 21 ақпандағы № {n98} V1800010042"
            )
        );
        assert_eq!(v.iso_date("2021-02-16"), "2018-02-21");
    }

    #[test]
    fn mentions_go_into_numbered_points_of_both_formats() {
        let mut rng = Rng::new(1);
        let mut html = String::from(
            "<p id=\"z2\">&nbsp;&nbsp; 1. Внести в приказ изменение следующего содержания.</p>\n<p id=\"z3\">Текст без номера.</p>",
        );
        let s = vec![html_escape(&mention_sentence(
            Language::Ru,
            "Выдача <справки>",
        ))];
        assert_eq!(insert_mentions(&mut html, &HTML_POINT, &s, &mut rng), 1);
        assert!(html.contains(
            "содержания. Положения настоящего пункта применяются при оказании государственной услуги «Выдача &lt;справки&gt;».</p>"
        ));
        let mut text = String::from(
            "      2. Осы бұйрық алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі.\nЕскерту.",
        );
        let s = vec![mention_sentence(Language::Kk, "Мекенжай анықтамасын беру")];
        assert_eq!(insert_mentions(&mut text, &TEXT_POINT, &s, &mut rng), 1);
        assert!(text.contains("енгізіледі. Осы тармақтың ережелері «Мекенжай анықтамасын беру» мемлекеттік көрсетілетін қызметті"));
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let run = |seed: u64, sub: &str| {
            let args = Args {
                acts: 12,
                seed,
                out: dir.path().join(sub),
                fixtures: Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
                mix: "60,20,20".into(),
                register: 300,
            };
            let templates = load_templates(&args.fixtures);
            let names = load_service_names(&args.fixtures);
            let held: Vec<bool> = (0..names.len()).map(|i| i % 7 == 3).collect();
            let g = generate_acts(&args, [60, 20, 20], &templates, &names, &held)
                .unwrap_or_else(|e| panic!("generate: {e}"));
            (
                g.manifest,
                register_csv(&names, &held, &g.bylaws, 300, seed),
                g.counts,
            )
        };
        let a = run(5, "a");
        let b = run(5, "b");
        let c = run(6, "c");
        assert_eq!(a.0, b.0);
        assert_eq!(a.1, b.1);
        assert_ne!(a.0, c.0);
        assert_eq!(a.2.iter().sum::<usize>(), 12);
        assert_eq!(a.1.lines().count(), 301);
        // Every file listed exists and holds the same bytes in both runs.
        for line in a.0.lines().skip(1) {
            let rel = line.split('\t').next().unwrap_or_default();
            let x = std::fs::read(dir.path().join("a").join(rel)).unwrap_or_default();
            let y = std::fs::read(dir.path().join("b").join(rel)).unwrap_or_default();
            assert!(!x.is_empty(), "{rel} missing");
            assert_eq!(x, y, "{rel} differs between runs of one seed");
        }
    }
}
