//! Matching speed: 100 000 mentions against a register of 2 000 entries.
//!
//! The register is the demo register's 265 real names, each also in 7 qualified variants
//! («..., для юридических лиц», «... в сфере ...»), cut to 2 000 entries. The mentions are drawn
//! from those names with the changes acts make (case, dropped or reordered words, abbreviations,
//! quotes) and, for a third of them, names of services that are not in the register.
//!
//! Run: `cargo bench --bench matching`. It first times one full pass and prints the figure, then
//! lets criterion measure it (`TIZILIM_BENCH_ONCE=1` stops after the first pass).

/// The binary's allocator, so the bench measures what `tizilim` runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::Path;
use std::time::Instant;

use criterion::{criterion_group, Criterion};
use tizilim::registry::{self, Entry, Matcher, Register};
use tizilim::text::Language;

const ENTRIES: usize = 2_000;
const MENTIONS: usize = 100_000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

const QUALIFIERS: &[&str] = &[
    "",
    "для юридических лиц",
    "для физических лиц",
    "в сфере промышленной безопасности",
    "в электронной форме",
    "в сфере связи и информатизации",
    "иностранным гражданам и лицам без гражданства",
    "на территории специальных экономических зон",
];

const UNRELATED: &[&str] = &[
    "Выдача разрешения на эксплуатацию опасного производственного объекта",
    "Аттестация организаций на право проведения работ в области промышленной безопасности",
    "Согласование проекта рекультивации нарушенных земель",
    "Выдача заключения государственной экологической экспертизы",
    "Рұқсат беру",
    "Постановка на учет в качестве нуждающихся в жилище",
];

fn register() -> Register {
    let base = registry::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/registry.csv"))
        .expect("demo register");
    let mut entries: Vec<Entry> = Vec::with_capacity(ENTRIES);
    'outer: for q in QUALIFIERS {
        for e in &base.entries {
            if entries.len() == ENTRIES {
                break 'outer;
            }
            let mut e = e.clone();
            if !q.is_empty() {
                e.name_ru = e.name_ru.map(|n| format!("{n} {q}"));
            }
            e.code = Some(format!("{:08}", entries.len() + 1));
            entries.push(e);
        }
    }
    Register::from_entries("bench", entries)
}

fn mentions(reg: &Register) -> Vec<String> {
    let mut rng = Rng(42);
    (0..MENTIONS)
        .map(|i| {
            if i % 3 == 2 {
                let u = UNRELATED[rng.next() % UNRELATED.len()];
                return format!("{u} {}", QUALIFIERS[rng.next() % QUALIFIERS.len()]);
            }
            let e = &reg.entries[rng.next() % reg.entries.len()];
            let name = e.name(Language::Ru);
            let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
            match rng.next() % 5 {
                0 => words.iter_mut().for_each(|w| *w = w.to_uppercase()),
                1 if words.len() > 3 => {
                    let k = rng.next() % words.len();
                    words.remove(k);
                }
                2 if words.len() > 2 => {
                    let n = words.len();
                    words.swap(n - 1, n - 2);
                }
                3 => {
                    return format!(
                        "«{}»",
                        words.join(" ").replace("Республики Казахстан", "РК")
                    );
                }
                _ => {}
            }
            words.join(" ")
        })
        .collect()
}

fn run(m: &Matcher<'_>, mentions: &[String]) -> usize {
    m.best_many(mentions, Language::Ru)
        .iter()
        .filter(|h| h.is_some())
        .count()
}

fn run_serial(m: &Matcher<'_>, mentions: &[String]) -> usize {
    mentions
        .iter()
        .filter(|q| m.best(q, Language::Ru).is_some())
        .count()
}

fn bench(c: &mut Criterion) {
    let reg = register();
    let ms = mentions(&reg);
    let start = Instant::now();
    let m = Matcher::new(&reg);
    let built = start.elapsed();
    let t = Instant::now();
    let matched = run_serial(&m, &ms);
    let serial = t.elapsed();
    let t = Instant::now();
    let matched_par = run(&m, &ms);
    let parallel = t.elapsed();
    assert_eq!(matched, matched_par);
    eprintln!(
        "matching: {} entries indexed in {:.3} s; {} mentions in {:.3} s on one thread, {:.3} s with best_many on {} threads ({} matched)",
        reg.entries.len(),
        built.as_secs_f64(),
        ms.len(),
        serial.as_secs_f64(),
        parallel.as_secs_f64(),
        rayon::current_num_threads(),
        matched
    );
    if std::env::var_os("TIZILIM_BENCH_ONCE").is_some() {
        return;
    }
    let mut g = c.benchmark_group("matching");
    g.sample_size(10);
    g.bench_function("index_2k_entries", |b| b.iter(|| Matcher::new(&reg)));
    g.bench_function("best_100k_mentions_x_2k_entries", |b| {
        b.iter(|| run(&m, &ms))
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
