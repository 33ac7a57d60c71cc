//! `tizilim-repair`: repair of Latin look-alike garbage (wrong-language OCR, DOMAIN.md §2.4) in text-only inputs,
//! and the per-page garbled verdict ([`garble_score`]).
//!
//! Repair is a noisy-channel choice: for each garbled token the [`channel`] search reads it back
//! as the lexicon word `w` that minimises `cost(garbled | w) + prior(w)`, where the channel
//! costs come from a confusion table (hand-written, re-estimated on OCR pairs) and the prior from
//! corpus frequency, Hunspell membership and a character trigram model ([`lm`]). The lexicon is
//! Debian's Hunspell `kk_KZ` and `ru_RU` expanded with their suffix rules plus the clean corpus
//! word list committed in `data/` ([`lexicon`]); without the Hunspell files the product still
//! works on the corpus list alone, and a diagnostic says which is in use.
//!
//! Invariants: a line that is mostly Cyrillic is never touched; tokens with Cyrillic letters,
//! numbers, URLs and e-mail addresses are kept; the word's casing pattern is restored.

pub mod case;
pub mod channel;
pub mod garble;
pub mod lexicon;
pub mod lm;
pub mod morph;
pub mod tokens;

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{LazyLock, Mutex};

use rayon::prelude::*;
use regex::Regex;

use tizilim_lex::diag::{Diagnostic, Diagnostics};

pub use garble::{garble_score, GarbleEvidence, GarbleVerdict};
pub use lexicon::{Corpus, LexiconStats};

use case::{CaseModel, Class};
use channel::{Channel, PriorWeights, Search};
use lexicon::{FormLang, Lexicon};
use lm::CharLm;
use tokens::TokenTable;

/// The committed corpus word list (`word\tcount\ttitle\tupper`, gzip), built from the clean
/// fixtures by `examples/repair_eval.rs --write-lexicon`.
const CORPUS_GZ: &[u8] = include_bytes!("../data/kk_ru_words.tsv.gz");

/// The forms of the word lists in Tesseract's Kazakh and Russian models (gzip, one lowercase
/// word per line), written by `scripts/tess_wordlist.sh`: forms attested in real text.
const ATTESTED_KK_GZ: &[u8] = include_bytes!("../data/kk_tess_words.txt.gz");
/// See [`ATTESTED_KK_GZ`].
const ATTESTED_RU_GZ: &[u8] = include_bytes!("../data/ru_tess_words.txt.gz");

/// The word pairs of the bigram list in Tesseract's legacy Kazakh model (gzip, `word word` per
/// line), written by `scripts/tess_bigrams.sh`: pairs that real text writes together.
const WEB_PAIRS_KK_GZ: &[u8] = include_bytes!("../data/kk_web_bigrams.txt.gz");

/// How often Russian text uses each word form (gzip, `word\tzipf×10` per line), written by
/// `scripts/ru_wordfreq.sh` from the Python package wordfreq (CC-BY-SA 4.0).
const RU_FREQ_GZ: &[u8] = include_bytes!("../data/ru_wordfreq.txt.gz");

fn gunzip(gz: &[u8]) -> String {
    let mut s = String::new();
    if flate2::read::GzDecoder::new(gz)
        .read_to_string(&mut s)
        .is_err()
    {
        s.clear();
    }
    s
}

/// The committed lists of attested Kazakh and Russian word forms (see `ATTESTED_KK_GZ`).
pub fn builtin_attested() -> [String; 2] {
    [ATTESTED_KK_GZ, ATTESTED_RU_GZ].map(gunzip)
}

/// The committed Kazakh and Russian web bigram lists (see `WEB_PAIRS_KK_GZ`; there is no
/// Russian one, so the second is empty).
pub fn builtin_web_pairs() -> [String; 2] {
    [gunzip(WEB_PAIRS_KK_GZ), String::new()]
}

/// The committed Russian frequency list (see `RU_FREQ_GZ`; wordfreq has no Kazakh list, so
/// there is none for Kazakh: the web bigram list's counts stand in).
pub fn builtin_ru_freq() -> String {
    gunzip(RU_FREQ_GZ)
}

/// Where Debian installs the Hunspell dictionaries.
pub const HUNSPELL_DIR: &str = "/usr/share/hunspell";

/// The committed corpus word list.
pub fn builtin_corpus() -> Corpus {
    let mut s = String::new();
    let mut d = flate2::read::GzDecoder::new(CORPUS_GZ);
    let mut c = if d.read_to_string(&mut s).is_err() {
        Corpus::default()
    } else {
        Corpus::from_tsv(&s)
    };
    c.add_formulas();
    c
}

/// What a [`Repairer`] is built from.
#[derive(Debug, Clone)]
pub struct RepairConfig {
    /// Folder with `kk_KZ.dic/.aff` and `ru_RU.dic/.aff`; `None` to use no Hunspell dictionary.
    pub hunspell_dir: Option<PathBuf>,
    /// Clean corpus word counts (frequency prior and casing).
    pub corpus: Corpus,
    /// A channel table in the `data/channel.tsv` format to use instead of the committed one.
    pub channel_tsv: Option<String>,
    /// A whole-token table in the `data/tokens.tsv` format to use instead of the committed one.
    pub tokens_tsv: Option<String>,
    /// A case model in the `data/case.tsv` format to use instead of the committed one (an
    /// empty text: the hand-written rule alone).
    pub case_tsv: Option<String>,
    /// The Kazakh and the Russian list of word forms attested in real text (one lowercase word
    /// per line); a reading that is in neither costs more. Empty lists: no such preference.
    pub attested: [String; 2],
    /// The Kazakh and the Russian list of word pairs that real text writes together (`word
    /// word` per line, lowercase): how common a word is, and which readings go together.
    /// Empty lists: no such preference.
    pub web_pairs: [String; 2],
    /// How often Russian text uses each word form (`word\tzipf×10` per line): in a Russian text
    /// the more common of two readings costs less. Empty: no such preference.
    pub ru_freq: String,
    /// Where the compiled lexicon is cached between runs (`None`: built every time, ~20 s).
    pub cache_dir: Option<PathBuf>,
}

impl Default for RepairConfig {
    /// Hunspell from [`HUNSPELL_DIR`], plus [`builtin_corpus`], the committed lists; no cache.
    fn default() -> Self {
        RepairConfig {
            cache_dir: None,
            ..RepairConfig::with_corpus(builtin_corpus(), true)
        }
    }
}

impl RepairConfig {
    /// The committed lists and tables with `corpus` as the corpus word list, Hunspell from
    /// [`HUNSPELL_DIR`] when `hunspell`, the lexicon cached in the user's cache folder: what
    /// evaluations use when they leave an act out of the corpus.
    pub fn with_corpus(corpus: Corpus, hunspell: bool) -> Self {
        RepairConfig {
            hunspell_dir: hunspell.then(|| PathBuf::from(HUNSPELL_DIR)),
            corpus,
            channel_tsv: None,
            tokens_tsv: None,
            case_tsv: None,
            attested: builtin_attested(),
            web_pairs: builtin_web_pairs(),
            ru_freq: builtin_ru_freq(),
            cache_dir: tizilim_source::fsutil::user_cache_dir(),
        }
    }
}

/// What the shared repairers differ by: the settings a caller passes in its options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct RepairSettings {
    /// Folder of the Hunspell dictionaries (`None`: no Hunspell).
    pub hunspell_dir: Option<PathBuf>,
    /// Cache folder of the compiled lexicon.
    pub cache_dir: Option<PathBuf>,
    /// Search budget per token (states taken from the queue), at most [`MAX_POPS`]; `None`:
    /// [`MAX_POPS`]. Smaller is faster and less accurate (fuzzing uses 300).
    pub max_pops: Option<usize>,
}

impl RepairSettings {
    /// Hunspell from [`HUNSPELL_DIR`], the lexicon cached in the user's cache folder
    /// ([`tizilim_source::fsutil::user_cache_dir`]), the full search budget.
    pub fn standard() -> Self {
        RepairSettings {
            hunspell_dir: Some(PathBuf::from(HUNSPELL_DIR)),
            cache_dir: tizilim_source::fsutil::user_cache_dir(),
            max_pops: None,
        }
    }
}

/// The result of [`Repairer::repair`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repaired {
    /// The repaired text (same lines and spacing as the input).
    pub text: String,
    /// Word tokens that were rewritten.
    pub changed_words: usize,
    /// Word tokens (whitespace-separated, with at least one letter or digit).
    pub total_words: usize,
}

/// Reads Latin look-alike garbage back as Cyrillic. Build once ([`Repairer::load`] caches).
pub struct Repairer {
    lex: Lexicon,
    channel: Channel,
    prior: PriorWeights,
    lm: CharLm,
    /// Reward per natural log of (1 + count) of a corpus word pair.
    bigram_weight: f32,
    /// Reward of a pair of readings that the web bigram lists have.
    web_bigram_weight: f32,
    /// Reward per natural log of (1 + the number of web word pairs a reading is in).
    web_weight: f32,
    /// Reward per Zipf unit above [`Self::ru_freq_base`] of a reading's Russian frequency.
    ru_freq_weight: f32,
    /// See [`Self::ru_freq_weight`].
    ru_freq_base: f32,
    /// Search budget per token (states taken from the queue).
    max_pops: usize,
    /// States a search expands per position of the garbled token.
    pos_cap: usize,
    /// Candidates further than this above the best are not kept.
    margin: f32,
    /// Extra cost of a reading only the other language has, in a text of one language.
    foreign: f32,
    /// Garbled tokens learned to stand for one word ([`tokens`]).
    tokens: TokenTable,
    /// How much cheaper than the best searched reading a token table's word is, at share 1.
    token_bonus: f32,
    /// Which case a repaired word is written in ([`case`]).
    case_model: CaseModel,
    /// Readings by (garbled token, budget): a search that ended on its own is kept under
    /// budget 0 (it reads the same with any budget of at least its pops), one the budget cut
    /// short under that budget.
    cache: Mutex<HashMap<(String, usize), Cached>>,
}

/// The search work of a [`Repairer::repair_all`] call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Distinct garbled parts (tokens, or pieces of hyphenated tokens) searched.
    pub parts: usize,
    /// Parts whose first search the small first budget cut short (searched again).
    pub hard: usize,
    /// Parts whose last search the budget cut short (their readings may be incomplete).
    pub cut: usize,
    /// States taken from the search queues in all (a search's pops are counted whether it ran
    /// or came from the cache, so the figure does not depend on earlier calls).
    pub pops: usize,
    /// The budget per part of the last pass.
    pub budget: usize,
}

/// A cached search: its readings and what it took.
#[derive(Debug, Clone)]
struct Cached {
    readings: Vec<Reading>,
    search: Search,
}

/// The search budget of one planning pass of [`Repairer::repair`], and what its searches took
/// (by part), from which the next pass's budget is set.
struct Pass {
    budget: usize,
    log: Mutex<HashMap<String, Search>>,
}

impl Pass {
    fn new(budget: usize) -> Self {
        Pass {
            budget,
            log: Mutex::new(HashMap::new()),
        }
    }

    fn record(&self, part: &str, search: Search) {
        if let Ok(mut log) = self.log.lock() {
            log.insert(part.to_string(), search);
        }
    }

    /// (parts searched, parts cut short, pops taken).
    fn totals(&self) -> (usize, usize, usize) {
        self.totals_of(|_| true)
    }

    /// [`Pass::totals`] of the searches that `keep` selects.
    fn totals_of(&self, keep: impl Fn(&Search) -> bool) -> (usize, usize, usize) {
        self.log.lock().map_or((0, 0, 0), |log| {
            log.values()
                .filter(|s| keep(s))
                .fold((0, 0, 0), |(n, c, p), s| {
                    (n + 1, c + usize::from(s.cut), p + s.pops)
                })
        })
    }
}

/// The rows of a learned table (`data/*.tsv`) with exactly four tab-separated fields; comment
/// lines (`#`) and rows of another width are skipped.
pub(crate) fn tsv_rows4(tsv: &str) -> impl Iterator<Item = [&str; 4]> {
    tsv.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| <[&str; 4]>::try_from(l.split('\t').collect::<Vec<_>>()).ok())
}

/// The (clean, garbled) word pairs of line pairs with as many whitespace tokens on both sides,
/// word by word: what the learned tables are counted from.
pub(crate) fn aligned_words(pairs: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    pairs.iter().flat_map(|(clean, garbled)| {
        let c: Vec<&str> = clean.split_whitespace().collect();
        let g: Vec<&str> = garbled.split_whitespace().collect();
        let same = c.len() == g.len();
        c.into_iter().zip(g).filter(move |_| same)
    })
}

/// A text of aligned (clean, garbled) line pairs, with the corpus of its own act (left out of
/// the corpus features) when known: what [`Repairer::case_examples`] learns from.
pub type CaseText = (Vec<(String, String)>, Option<Corpus>);

/// A candidate reading of a token: verbatim lead, lowercase word, verbatim trail, cost.
type Reading = (String, String, String, f32);

/// Candidates kept per token for the choice in context (twelve rather than four: +0.5 points in
/// Russian and +0.3 in Kazakh on the development split, for ~5 % more search time).
const N_BEST: usize = 12;
/// Candidates further than this above the best are not kept.
const N_BEST_MARGIN: f32 = 4.0;
/// Reward per natural log of (1 + count) of a corpus word pair.
const BIGRAM_WEIGHT: f32 = 1.0;
/// Reward per natural log of (1 + the number of web word pairs a reading is in) (0.8 with four
/// readings per token; with twelve, 0.35–0.65 is best on the development split).
const WEB_WEIGHT: f32 = 0.5;
/// Reward per Zipf unit (log10 of occurrences per billion words) above [`RU_FREQ_BASE`] of a
/// reading's frequency in Russian text, in a Russian text.
const RU_FREQ_WEIGHT: f32 = 0.8;
/// See [`RU_FREQ_WEIGHT`].
const RU_FREQ_BASE: f32 = 2.5;
/// Reward of a pair of readings that real text writes together (the web bigram lists).
const WEB_BIGRAM_WEIGHT: f32 = 1.5;
/// Extra cost of a reading only the other language has, in a text of one language.
const FOREIGN_COST: f32 = 2.0;

/// How much cheaper than the best searched reading the word of the token table is (at share
/// 1; a share `s` adds `-ln s`).
const TOKEN_BONUS: f32 = 1.0;

/// How English OCR writes «№».
const NUMERO: &[&str] = &["Ne", "No", "N°", "Nº", "Neo", "Ng", "Na"];

/// Cost of reading two garbled pieces as one word (the OCR put a space inside it).
const JOIN_COST: f32 = 2.0;

/// Search budget per token (states taken from the queue).
pub const MAX_POPS: usize = 200_000;
/// States a search expands per position of the garbled token: the cheapest prefixes that
/// reach a position are explored, the long tail of unlikely ones is not (tuned on the training
/// pairs: 600–3,000 read the same, 300 and below lose words; 3× faster than no limit).
const POS_CAP: usize = 1_000;
/// Budget per token of the first pass over a text: most real words end their search within it.
pub const FIRST_POPS: usize = 10_000;
/// Pops a text may take in all: this base plus [`PART_POPS`] per distinct garbled part. Only
/// parts the first pass cut short share what is left, up to [`MAX_POPS`] each; so a long run of
/// noise (thousands of tokens no word reads) costs time in proportion to its size, and no
/// input takes more than about [`PART_POPS`] + [`FIRST_POPS`] per part beyond the base.
pub const TEXT_POPS: usize = 2_000_000;
/// See [`TEXT_POPS`].
pub const PART_POPS: usize = 100_000;
/// Search cost ceiling: base plus per garbled character.
const MAX_COST_BASE: f32 = 10.0;
/// See [`MAX_COST_BASE`].
const MAX_COST_PER_CHAR: f32 = 2.5;
/// A reading is accepted when its channel cost is at most this base plus per character; above
/// it the token is kept as it is (a real Latin word rather than garbage).
const ACCEPT_BASE: f32 = 6.0;
/// See [`ACCEPT_BASE`].
const ACCEPT_PER_CHAR: f32 = 2.3;

/// The repairers built so far, one per settings (built once, kept for the process).
static SHARED: LazyLock<Mutex<HashMap<RepairSettings, &'static (Repairer, Diagnostics)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

static URL_RE: LazyLock<Regex> = LazyLock::new(|| {
    // An e-mail has a name, «@» and a domain with a dot: a lone «@» in a word is «ф» or «а»
    // misread (`@opmy`, `CT@KMPOBKH`).
    tizilim_lex::re::new(
        r"(?i)(://|^www\.|\w@[\w-]+\.\w|\.(kz|ru|com|org|net|gov|edu|info)\b|^e-?mail)",
    )
    .expect("constant regex")
});

impl Repairer {
    /// The shared repairer with the standard settings ([`RepairSettings::standard`]).
    pub fn load() -> (&'static Repairer, Diagnostics) {
        Self::shared(&RepairSettings::standard())
    }

    /// The shared repairer for `settings`, built on first use (the lexicon from the cache when
    /// one is given) and kept for the process.
    pub fn shared(settings: &RepairSettings) -> (&'static Repairer, Diagnostics) {
        let mut map = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        let entry = *map.entry(settings.clone()).or_insert_with(|| {
            let (mut r, d) = Repairer::build(RepairConfig {
                hunspell_dir: settings.hunspell_dir.clone(),
                cache_dir: settings.cache_dir.clone(),
                ..RepairConfig::default()
            });
            if let Some(v) = settings.max_pops {
                r.max_pops = v.clamp(100, MAX_POPS);
            }
            Box::leak(Box::new((r, d)))
        });
        (&entry.0, entry.1.clone())
    }

    /// Builds a repairer from `config`; the diagnostics say which word lists are in use.
    pub fn build(config: RepairConfig) -> (Repairer, Diagnostics) {
        let mut diags = Diagnostics::new();
        let (kk, ru) = match &config.hunspell_dir {
            Some(dir) => (
                lexicon::read_pair(dir, "kk_KZ"),
                lexicon::read_pair(dir, "ru_RU"),
            ),
            None => (None, None),
        };
        let mut lm = CharLm::default();
        for (w, c) in &config.corpus.words {
            lm.add_word(w, c.count.min(20));
        }
        let attested = [config.attested[0].as_str(), config.attested[1].as_str()];
        let web = [config.web_pairs[0].as_str(), config.web_pairs[1].as_str()];
        let lex = lexicon::build_cached(
            kk.as_ref(),
            ru.as_ref(),
            attested,
            web,
            &config.ru_freq,
            config.corpus,
            config.cache_dir.as_deref(),
        );
        let channel_tsv = config.channel_tsv;
        let s = lex.stats;
        let dir = config
            .hunspell_dir
            .as_ref()
            .map_or_else(|| "(none)".to_string(), |d| d.display().to_string());
        if s.hunspell_kk > 0 && s.hunspell_ru > 0 {
            diags.push(Diagnostic::info(
                "",
                format!(
                    "repair lexicon: Hunspell kk_KZ ({} forms) and ru_RU ({} forms) from {dir}, plus {} corpus words",
                    s.hunspell_kk, s.hunspell_ru, s.corpus
                ),
            ));
        } else {
            let missing: Vec<&str> = [("kk_KZ", s.hunspell_kk), ("ru_RU", s.hunspell_ru)]
                .iter()
                .filter(|x| x.1 == 0)
                .map(|x| x.0)
                .collect();
            diags.push(Diagnostic::warning(
                "",
                format!(
                    "repair lexicon: Hunspell {} not found in {dir} (apt-get install hunspell-kk hunspell-ru); repair uses the built-in corpus word list ({} words) and is less accurate",
                    missing.join(" and "),
                    s.corpus
                ),
            ));
        }
        let channel = match &channel_tsv {
            Some(t) => Channel::from_tsv(t).unwrap_or_else(Channel::hand),
            None => Channel::load(),
        };
        if !channel.learned {
            diags.push(Diagnostic::info(
                "",
                "repair channel: hand-written confusion table (no learned table committed)",
            ));
        }
        (
            Repairer {
                lex,
                channel,
                prior: if s.attested > 0 {
                    PriorWeights::default()
                } else {
                    PriorWeights::without_attested()
                },
                lm,
                bigram_weight: BIGRAM_WEIGHT,
                web_bigram_weight: WEB_BIGRAM_WEIGHT,
                web_weight: WEB_WEIGHT,
                ru_freq_weight: RU_FREQ_WEIGHT,
                ru_freq_base: RU_FREQ_BASE,
                max_pops: MAX_POPS,
                pos_cap: POS_CAP,
                margin: N_BEST_MARGIN,
                foreign: FOREIGN_COST,
                tokens: config
                    .tokens_tsv
                    .as_deref()
                    .map_or_else(TokenTable::load, TokenTable::from_tsv),
                token_bonus: TOKEN_BONUS,
                case_model: config
                    .case_tsv
                    .as_deref()
                    .map_or_else(CaseModel::load, CaseModel::from_tsv),
                cache: Mutex::new(HashMap::new()),
            },
            diags,
        )
    }

    /// Sets one weight of the choice by name, for evaluation tools that tune on training data:
    /// `bigram`, `margin` (of the n-best readings), `foreign` (a reading of the other language), `max_pops` (search budget per token), `pos_cap` (states expanded per position), and the prior's `corpus_base`, `corpus_slope`, `hunspell`, `russian`,
    /// `guessed`, `suffix`, `lm`, `lm_base`, `attested`, `unattested`, `web_only`, `family`, `web`; `web_bigram` (a
    /// pair of readings in the web bigram lists). Clears the reading cache; false for an unknown
    /// name.
    pub fn set_weight(&mut self, name: &str, value: f32) -> bool {
        let p = &mut self.prior;
        let slot = match name {
            "bigram" => &mut self.bigram_weight,
            "margin" => &mut self.margin,
            "foreign" => &mut self.foreign,
            "token" => &mut self.token_bonus,
            "max_pops" | "pos_cap" => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let v = value.clamp(1.0, 1e7) as usize;
                if name == "max_pops" {
                    self.max_pops = v;
                } else {
                    self.pos_cap = v;
                }
                if let Ok(mut c) = self.cache.lock() {
                    c.clear();
                }
                return true;
            }
            "corpus_base" => &mut p.corpus_base,
            "corpus_slope" => &mut p.corpus_slope,
            "hunspell" => &mut p.hunspell,
            "russian" => &mut p.russian,
            "guessed" => &mut p.guessed,
            "suffix" => &mut p.suffix,
            "lm" => &mut p.lm,
            "lm_base" => &mut p.lm_base,
            "attested" => &mut p.attested,
            "unattested" => &mut p.unattested,
            "web_only" => &mut p.web_only,
            "family" => &mut p.family,
            "web" => &mut self.web_weight,
            "ru_freq" => &mut self.ru_freq_weight,
            "ru_freq_base" => &mut self.ru_freq_base,
            "web_bigram" => &mut self.web_bigram_weight,
            _ => return false,
        };
        *slot = value;
        if let Ok(mut c) = self.cache.lock() {
            c.clear();
        }
        true
    }

    /// What the lexicon holds.
    pub fn stats(&self) -> LexiconStats {
        self.lex.stats
    }

    /// Repairs a text: lines that are mostly Latin have their garbled tokens read back as
    /// Cyrillic words; everything else is kept as it is.
    pub fn repair(&self, text: &str) -> Repaired {
        self.repair_all(&[text]).0.pop().unwrap_or_default()
    }

    /// Repairs several texts (the blocks and table cells of a document) with one search budget
    /// between them and their lines in parallel; each text is read in its own context (its
    /// language, capitals and sentences), as [`Repairer::repair`] reads it.
    pub fn repair_all(&self, texts: &[&str]) -> (Vec<Repaired>, Work) {
        self.repair_texts(texts, false)
    }

    /// Repairs the texts of one document (its blocks and table cells) as [`Repairer::repair_all`]
    /// does, with what the document as a whole says: when it is garbage as a whole, a short
    /// block without marks of its own («NOQANYHKT 3) NYHKTa 7 UCKNIONNTb;») is read too, and a
    /// block whose own words do not tell its language takes the document's.
    pub fn repair_document(&self, texts: &[&str]) -> (Vec<Repaired>, Work) {
        self.repair_texts(texts, true)
    }

    fn repair_texts(&self, texts: &[&str], document: bool) -> (Vec<Repaired>, Work) {
        let mut ctxs: Vec<TextCtx> = texts.iter().map(|t| TextCtx::new(t)).collect();
        if document && garble_score(&texts.join("\n")).verdict == GarbleVerdict::Garbled {
            for c in &mut ctxs {
                c.whole = true;
            }
        }
        let jobs: Vec<(&str, bool)> = ctxs
            .iter()
            .flat_map(|c| c.lines.iter().map(move |l| (*l, c.whole)))
            .collect();
        let (planned, work) = self.plan_text(&jobs);
        let mut groups: Vec<Vec<LinePlan>> = Vec::with_capacity(ctxs.len());
        let mut planned = planned.into_iter();
        for ctx in &ctxs {
            groups.push(planned.by_ref().take(ctx.lines.len()).collect());
        }
        let doc_lang = if document {
            let all: Vec<&LinePlan> = groups.iter().flatten().collect();
            self.text_language_of(&all)
        } else {
            None
        };
        let out = ctxs
            .iter()
            .zip(groups)
            .map(|(ctx, lines)| self.finish_text(ctx, lines, doc_lang))
            .collect();
        (out, work)
    }

    /// Chooses the readings of one planned text: its language from the best readings of all
    /// its lines (else `fallback`, the document's), then each line in parallel.
    fn finish_text(
        &self,
        ctx: &TextCtx,
        planned: Vec<LinePlan>,
        fallback: Option<FormLang>,
    ) -> Repaired {
        let lang = self.text_language(&planned).or(fallback);
        let repaired: Vec<(String, usize, usize)> = planned
            .into_par_iter()
            .zip(ctx.starts.par_iter())
            .map(|(lp, &start)| self.finish_line(lp, ctx.caps, start, lang))
            .collect();
        let len: usize = ctx.lines.iter().map(|l| l.len() + 1).sum();
        let mut out = String::with_capacity(len + len / 2);
        let (mut changed, mut total) = (0usize, 0usize);
        for (li, (l, c, t)) in repaired.into_iter().enumerate() {
            if li > 0 {
                out.push('\n');
            }
            out.push_str(&l);
            changed += c;
            total += t;
        }
        Repaired {
            text: out,
            changed_words: changed,
            total_words: total,
        }
    }

    /// The candidates of every token of every line, in two passes so that the work of a text is
    /// bounded and does not depend on what was repaired before: a first pass with a small
    /// budget per token, then, for the tokens it cut short, a second with what is left of the
    /// text's budget ([`TEXT_POPS`]) shared among them (at most [`MAX_POPS`] each).
    fn plan_text(&self, lines: &[(&str, bool)]) -> (Vec<LinePlan>, Work) {
        let first = Pass::new(FIRST_POPS.min(self.max_pops / 4).max(1));
        let planned: Vec<LinePlan> = lines
            .par_iter()
            .map(|&(line, whole)| self.plan_line(line, whole, &first))
            .collect();
        let (parts, cut, used) = first.totals();
        let mut work = Work {
            parts,
            hard: cut,
            cut,
            pops: used,
            budget: first.budget,
        };
        if cut == 0 || first.budget >= self.max_pops {
            return (planned, work);
        }
        let left = (TEXT_POPS + PART_POPS * parts).saturating_sub(used);
        let budget = (left / cut).clamp(first.budget, self.max_pops);
        if budget == first.budget {
            return (planned, work);
        }
        let second = Pass::new(budget);
        let planned = lines
            .par_iter()
            .map(|&(line, whole)| self.plan_line(line, whole, &second))
            .collect();
        // Parts the first pass read in full come from the cache: only the rest is new work.
        let (_, cut, again) = second.totals_of(|s| s.cut || s.pops > first.budget);
        work.pops += again;
        work.cut = cut;
        work.budget = budget;
        (planned, work)
    }

    /// The candidates of every token of a line (`LinePlan::Kept` for a line left as it is).
    fn plan_line(&self, line: &str, whole: bool, pass: &Pass) -> LinePlan {
        let letters = line.chars().filter(|c| c.is_alphabetic()).count();
        let cyr = line
            .chars()
            .filter(|&c| lexicon::is_cyrillic_letter(c))
            .count();
        let chunks = split_chunks(line);
        let total = chunks
            .iter()
            .filter(|(ws, s)| !ws && s.chars().any(char::is_alphanumeric))
            .count();
        // A row of column numbers that the OCR ran together («12345» for «1 2 3 4 5», the
        // numbering row under a form's table header), in a text that is garbage as a whole.
        if letters == 0 && whole {
            if let Some(fixed) = split_column_numbers(line) {
                return LinePlan::Planned {
                    chunks: vec![(false, line.to_string())],
                    plans: vec![Plan::Fixed(fixed)],
                    total,
                };
            }
        }
        if letters == 0 || cyr * 2 >= letters || !whole && !garble::line_is_garbled(line) {
            return LinePlan::Kept(line.to_string(), total);
        }
        let chunks = self.merge_split_words(&chunks, pass);
        let plans: Vec<Plan> = chunks
            .iter()
            .enumerate()
            .map(|(i, (ws, s))| {
                if *ws {
                    Plan::Keep
                } else {
                    self.plan_chunk(s, chunks.get(i + 2).map(|x| x.1.as_str()), pass)
                }
            })
            .collect();
        LinePlan::Planned {
            chunks,
            plans,
            total,
        }
    }

    /// The language of a garbled text, from the best reading of each token: Kazakh when its
    /// Kazakh-only readings outnumber its Russian-only ones clearly, and the other way round.
    fn text_language(&self, lines: &[LinePlan]) -> Option<FormLang> {
        self.text_language_of(&lines.iter().collect::<Vec<_>>())
    }

    /// [`Self::text_language`] over lines of several texts.
    fn text_language_of(&self, lines: &[&LinePlan]) -> Option<FormLang> {
        let (mut kk, mut ru) = (0usize, 0usize);
        for &lp in lines {
            let LinePlan::Planned { plans, .. } = lp else {
                continue;
            };
            for plan in plans {
                let Plan::Parts(parts, _) = plan else {
                    continue;
                };
                for (_, cands) in parts {
                    let vote = cands.first().map(|c| {
                        let value = lexicon::encode(&c.1).and_then(|k| self.lex.map.get(k));
                        lexicon::vote_lang(&c.1, value)
                    });
                    match vote {
                        Some(FormLang::Kazakh) => kk += 1,
                        Some(FormLang::Russian) => ru += 1,
                        _ => {}
                    }
                }
            }
        }
        if kk >= 3 && kk >= 2 * ru {
            Some(FormLang::Kazakh)
        } else if ru >= 3 && ru >= 2 * kk {
            Some(FormLang::Russian)
        } else {
            None
        }
    }

    /// The language of a lexicon form.
    fn form_lang(&self, word: &str) -> FormLang {
        let value = lexicon::encode(word).and_then(|k| self.lex.map.get(k));
        lexicon::form_lang(word, value)
    }

    /// Chooses a reading for every token of a planned line and writes the line back.
    fn finish_line(
        &self,
        lp: LinePlan,
        text_caps: bool,
        first_starts: bool,
        lang: Option<FormLang>,
    ) -> (String, usize, usize) {
        let (chunks, mut plans, total) = match lp {
            LinePlan::Kept(line, total) => return (line, 0, total),
            LinePlan::Planned {
                chunks,
                plans,
                total,
            } => (chunks, plans, total),
        };
        // In a text of one language, a reading that only the other language has costs more;
        // a reading that the web text of the text's language uses often costs less (the
        // readings are then put back in order).
        for plan in &mut plans {
            let Plan::Parts(parts, _) = plan else {
                continue;
            };
            for (_, cands) in parts.iter_mut() {
                for c in cands.iter_mut() {
                    let value = lexicon::encode(&c.1).and_then(|k| self.lex.map.get(k));
                    let l = lexicon::form_lang(&c.1, value);
                    if lang.is_some_and(|lang| l != lang && l != FormLang::Either) {
                        c.3 += self.foreign;
                    }
                    c.3 -= self.web_reward(value, lang) + self.ru_freq_reward(value, lang);
                }
                cands.sort_by(|a, b| a.3.total_cmp(&b.3));
            }
        }
        let words: Vec<&str> = chunks
            .iter()
            .filter(|c| !c.0)
            .map(|c| c.1.as_str())
            .collect();
        let line_caps = line_in_caps(&words, text_caps);
        let choice = self.choose(&plans);
        let first_word = chunks.iter().position(|c| !c.0);
        let mut out = String::with_capacity(chunks.iter().map(|c| c.1.len()).sum::<usize>() * 2);
        let mut changed = 0;
        let mut starts = first_starts;
        // The word before, lowercase, when it is all Cyrillic letters (as the corpus counts
        // word pairs).
        let mut prev: Option<String> = None;
        for (i, ((ws, s), plan)) in chunks.iter().zip(&plans).enumerate() {
            let case = CaseCtx {
                line_caps,
                sentence_start: starts,
                prev: prev.as_deref(),
                line_first: first_word == Some(i),
                after_quote: false,
                in_compound: false,
            };
            if !ws {
                starts = ends_sentence(s);
            }
            let r = match plan {
                Plan::Keep => s.clone(),
                Plan::Fixed(t) => t.clone(),
                Plan::Parts(parts, seps) => {
                    let mut t = String::new();
                    for (k, (part, cands)) in parts.iter().enumerate() {
                        if let Some(&sep) = k.checked_sub(1).and_then(|j| seps.get(j)) {
                            t.push(sep);
                        }
                        let pick = if parts.len() == 1 {
                            choice.get(i).copied().unwrap_or(0)
                        } else {
                            0
                        };
                        match cands.get(pick).or(cands.first()) {
                            Some(c) => t.push_str(&self.render(
                                part,
                                c,
                                CaseCtx {
                                    sentence_start: case.sentence_start && k == 0,
                                    in_compound: k > 0,
                                    ..case
                                },
                            )),
                            None => t.push_str(part),
                        }
                    }
                    t
                }
            };
            if !ws {
                let core = r.trim_matches(|c: char| !lexicon::is_cyrillic_letter(c));
                let word = !core.is_empty() && core.chars().all(lexicon::is_cyrillic_letter);
                prev = word.then(|| core.to_lowercase());
            }
            if r != *s {
                changed += 1;
            }
            out.push_str(&r);
        }
        (capitalize_places(&out), changed, total)
    }

    /// Joins a word that English OCR split in two («yCbIHy Obl» → «ұсынуды», «KepceTy AIH» →
    /// «көрсетудің»): a short piece (three letters or less, or four beside a piece of six or
    /// more) is glued to its neighbour when the joined token reads as one word more cheaply than
    /// the two apart plus [`JOIN_COST`].
    fn merge_split_words(&self, chunks: &[(bool, &str)], pass: &Pass) -> Vec<(bool, String)> {
        let mut out: Vec<(bool, String)> =
            chunks.iter().map(|(w, s)| (*w, (*s).to_string())).collect();
        let latin_word = |s: &str| {
            !s.contains(['-', '/'])
                && !NUMERO.contains(&s.trim_matches(|c: char| channel::is_edge_punct(c)))
                && s.chars().any(|c| c.is_ascii_alphabetic())
                && !s.chars().any(lexicon::is_cyrillic_letter)
                && !URL_RE.is_match(s)
        };
        let letters = |s: &str| {
            s.trim_matches(|c: char| channel::is_edge_punct(c))
                .chars()
                .count()
        };
        // A short part, or a part of four beside one of six or more: an ending the OCR split
        // from its stem («OPHAJIACTbIPF AHBI», «KocnaF anja»). Any part of four or five («Komu
        // Teta») was tried too: 30 % more time on a long text, next to nothing more read.
        let split_pair = |a: &str, b: &str| {
            let (x, y) = (letters(a), letters(b));
            x <= 3 || y <= 3 || x <= 4 && y >= 6 || y <= 4 && x >= 6
        };
        let mut i = 0usize;
        let mut guard = 0usize;
        while i + 2 < out.len() && guard < 10_000 {
            guard += 1;
            let (a, b) = (out[i].1.clone(), out[i + 2].1.clone());
            let joinable = !out[i].0
                && out[i + 1].0
                && !out[i + 2].0
                && latin_word(&a)
                && latin_word(&b)
                && split_pair(&a, &b)
                && !a.ends_with(|c: char| channel::is_edge_punct(c) && c != '"' && c != '«')
                && !b.starts_with(|c: char| channel::is_edge_punct(c));
            if joinable {
                let joined = format!("{a}{b}");
                let cost = |t: &str| -> f32 {
                    #[allow(clippy::cast_precision_loss)]
                    let reject = ACCEPT_BASE + ACCEPT_PER_CHAR * t.chars().count() as f32 + 4.0;
                    self.candidates(t, pass).first().map_or(reject, |r| r.3)
                };
                if let Some(j) = self.candidates(&joined, pass).first() {
                    if j.3 + JOIN_COST < cost(&a) + cost(&b) {
                        out[i].1 = joined;
                        out.drain(i + 1..i + 3);
                        continue;
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Picks a candidate for every single-part token of a line (Viterbi over the token
    /// sequence; a token without candidates breaks the chain). Index by chunk.
    fn choose(&self, plans: &[Plan]) -> Vec<usize> {
        let mut choice = vec![0usize; plans.len()];
        // (chunk index, candidate costs so far, back-pointers) along the current chain.
        let mut chain: Vec<(usize, Vec<(f32, usize)>)> = Vec::new();
        let flush = |chain: &mut Vec<(usize, Vec<(f32, usize)>)>, choice: &mut Vec<usize>| {
            let Some((_, last)) = chain.last() else {
                return;
            };
            let mut k = last
                .iter()
                .enumerate()
                .min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))
                .map_or(0, |x| x.0);
            for (ci, col) in chain.iter().rev() {
                if let Some(c) = choice.get_mut(*ci) {
                    *c = k;
                }
                k = col.get(k).map_or(0, |x| x.1);
            }
            chain.clear();
        };
        for (i, plan) in plans.iter().enumerate() {
            match plan {
                Plan::Keep => {}
                Plan::Parts(parts, _) if parts.len() == 1 && !parts[0].1.is_empty() => {
                    let cands = &parts[0].1;
                    let col: Vec<(f32, usize)> = match chain.last() {
                        None => cands.iter().map(|c| (c.3, 0)).collect(),
                        Some((pi, prev)) => {
                            let prev_cands = match plans.get(*pi) {
                                Some(Plan::Parts(p, _)) => p.first().map(|x| &x.1),
                                _ => None,
                            };
                            cands
                                .iter()
                                .map(|c| {
                                    prev.iter()
                                        .enumerate()
                                        .map(|(j, (pc, _))| {
                                            let pw = prev_cands
                                                .and_then(|v| v.get(j))
                                                .map_or("", |x| x.1.as_str());
                                            (pc + c.3 - self.bigram_reward(pw, &c.1), j)
                                        })
                                        .min_by(|a, b| a.0.total_cmp(&b.0))
                                        .unwrap_or((c.3, 0))
                                })
                                .collect()
                        }
                    };
                    chain.push((i, col));
                }
                _ => flush(&mut chain, &mut choice),
            }
        }
        flush(&mut chain, &mut choice);
        choice
    }

    /// The reward of a reading by how often web text uses it ([`lexicon::WEB_SHIFT`]), except
    /// in a Russian text: the count does not say which list it came from, and only a Kazakh
    /// list exists (a Russian one would need its own count).
    fn web_reward(&self, value: Option<u64>, lang: Option<FormLang>) -> f32 {
        if lang == Some(FormLang::Russian) {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let n = value.map_or(0, |v| (v & lexicon::WEB_MASK) >> lexicon::WEB_SHIFT) as f32;
        self.web_weight * n.ln_1p()
    }

    /// The reward of a reading by how often Russian text uses it ([`lexicon::RU_FREQ_SHIFT`]),
    /// in a Russian text only (a Kazakh text has no such list; a Russian word is rare there).
    fn ru_freq_reward(&self, value: Option<u64>, lang: Option<FormLang>) -> f32 {
        if lang != Some(FormLang::Russian) {
            return 0.0;
        }
        #[allow(clippy::cast_precision_loss)]
        let z = value.map_or(0, |v| (v & lexicon::RU_FREQ_MASK) >> lexicon::RU_FREQ_SHIFT) as f32;
        if z == 0.0 {
            return 0.0;
        }
        self.ru_freq_weight * (z / 10.0 - self.ru_freq_base).max(0.0)
    }

    fn bigram_reward(&self, a: &str, b: &str) -> f32 {
        let pair = (a.to_string(), b.to_string());
        let n = self.lex.corpus.bigrams.get(&pair).copied().unwrap_or(0);
        #[allow(clippy::cast_precision_loss)]
        let r = self.bigram_weight * (1.0 + n as f32).ln();
        if self.lex.web_pairs.contains(&pair) {
            r + self.web_bigram_weight
        } else {
            r
        }
    }

    fn plan_chunk(&self, chunk: &str, next: Option<&str>, pass: &Pass) -> Plan {
        // English OCR reads the dash of «услугодатель – ...» as an em dash (on the pairs of
        // real acts, 53 of 88 dashes; a hyphen stays a hyphen).
        if matches!(chunk, "—" | "—-" | "-—") {
            return Plan::Fixed("–".to_string());
        }
        if chunk.chars().any(lexicon::is_cyrillic_letter)
            || !chunk
                .chars()
                .any(|c| c.is_ascii_alphabetic() || matches!(c, '©' | '®' | '¥'))
            || URL_RE.is_match(chunk)
        {
            return Plan::Keep;
        }
        let core = chunk.trim_matches(|c: char| channel::is_edge_punct(c));
        // «№» before a number, or at the end of a line (the number on the next).
        if NUMERO.contains(&core)
            && next.is_none_or(|n| n.starts_with(|c: char| c.is_ascii_digit()))
        {
            return Plan::Fixed(chunk.replacen(core, "№", 1));
        }
        // Hyphenated compounds and numbered forms («1-қосымша»), and words joined by a slash
        // («құжаттарды/анықтамаларды»): each part apart.
        // A slash inside a garbled word is mostly a stroke of «л» (`MEM/EKETTIK`, `Ty/FanapbiHblH`;
        // on the pairs of real acts, 372 such slashes against 17 between two words): the word is
        // read whole first, and split at its slashes only when it has no reading whole.
        let (parts, seps) = split_parts(chunk, false);
        if parts.len() > 16 {
            return Plan::Keep;
        }
        let mut out_parts = Vec::with_capacity(parts.len());
        let mut out_seps = Vec::with_capacity(seps.len());
        for (i, part) in parts.into_iter().enumerate() {
            let cands = self.candidates(part, pass);
            let (sub, sub_seps) = split_parts(part, true);
            if cands.is_empty() && sub.len() > 1 {
                out_seps.extend(sub_seps);
                out_parts.extend(
                    sub.into_iter()
                        .map(|p| (p.to_string(), self.candidates(p, pass))),
                );
            } else {
                out_parts.push((part.to_string(), cands));
            }
            if let Some(&sep) = seps.get(i) {
                out_seps.push(sep);
            }
        }
        Plan::Parts(out_parts, out_seps)
    }

    /// The candidate readings of one hyphen-free token within the pass's budget: the same
    /// whether they come from the cache or from a search.
    fn candidates(&self, part: &str, pass: &Pass) -> Vec<Reading> {
        if part.is_empty()
            || !part
                .chars()
                .any(|c| c.is_ascii_alphabetic() || matches!(c, '©' | '®' | '¥'))
        {
            return Vec::new();
        }
        let budget = pass.budget;
        let hit = self.cache.lock().ok().and_then(|c| {
            c.get(&(part.to_string(), 0))
                .filter(|x| x.search.pops <= budget)
                .or_else(|| c.get(&(part.to_string(), budget)))
                .cloned()
        });
        let Cached { readings, search } = match hit {
            Some(x) => x,
            None => {
                let (readings, search) = self.read_part(part, budget);
                let x = Cached { readings, search };
                if let Ok(mut cache) = self.cache.lock() {
                    if cache.len() < 200_000 {
                        let key = if search.cut { budget } else { 0 };
                        cache.insert((part.to_string(), key), x.clone());
                    }
                }
                x
            }
        };
        pass.record(part, search);
        self.with_token_reading(part, readings)
    }

    /// Adds the token table's word for `part`, if it has one, to its searched readings: cheaper
    /// than the best of them by the bonus, less the log of its share; best first again.
    fn with_token_reading(&self, part: &str, mut readings: Vec<Reading>) -> Vec<Reading> {
        let Some((word, share)) = self.tokens.get(part) else {
            return readings;
        };
        let best = readings.first().map_or(0.0, |r| r.3);
        let cost = best - self.token_bonus - share.max(1e-3).ln();
        if let Some(r) = readings.iter_mut().find(|r| r.1 == word) {
            r.3 = r.3.min(cost);
        } else {
            let lead: String = part
                .chars()
                .take_while(|&c| channel::is_edge_punct(c))
                .collect();
            let body = &part[lead.len()..];
            let core_len = body.trim_end_matches(channel::is_edge_punct).len();
            let trail = body[core_len..].to_string();
            readings.push((lead, word.to_string(), trail, cost));
        }
        readings.sort_by(|a, b| a.3.total_cmp(&b.3));
        readings.truncate(N_BEST.max(1));
        readings
    }

    /// A candidate written back with the token's punctuation and casing.
    fn render(&self, part: &str, c: &Reading, case: CaseCtx) -> String {
        let (lead, word, trail, _) = c;
        let n = part.chars().count();
        let body: Vec<char> = part
            .chars()
            .skip(lead.chars().count())
            .take(n.saturating_sub(lead.chars().count() + trail.chars().count()))
            .collect();
        let lead = render_lead(lead, word);
        let trail = render_trail(trail, word);
        // A word right after an opening quote is a name's first word: on the pairs of real
        // acts, 295 of 304 such words mid-sentence start with a capital.
        let case = if lead.ends_with(['«', '"', '“', '„']) {
            CaseCtx {
                sentence_start: true,
                after_quote: true,
                ..case
            }
        } else {
            case
        };
        format!("{lead}{}{trail}", self.apply_case(word, &body, case))
    }

    /// The examples of the case model ([`case`]) in aligned (clean, garbled) line pairs, one
    /// list of consecutive lines per text: for every garbled word token (no hyphen or slash)
    /// whose clean side is a Cyrillic word, the features of the clean word read from it in its
    /// context, and the class the clean side writes it in. Lines with a different number of
    /// tokens on the two sides only carry the sentence context on.
    /// With a corpus beside a text (the act's own full text), the corpus features are counted
    /// without it, as they would be for an act the committed word list has never seen.
    pub fn case_examples(&self, texts: &[CaseText]) -> Vec<(Vec<String>, Class)> {
        let mut out = Vec::new();
        for (text, minus) in texts {
            let minus = minus.as_ref();
            let garbled: Vec<&str> = text.iter().map(|p| p.1.as_str()).collect();
            let joined = garbled.join("\n");
            let ctx = TextCtx::new(&joined);
            for (li, (clean, garbled)) in text.iter().enumerate() {
                let c: Vec<&str> = clean.split_whitespace().collect();
                let g: Vec<&str> = garbled.split_whitespace().collect();
                if c.len() != g.len() {
                    continue;
                }
                let line_caps = line_in_caps(&g, ctx.caps);
                let mut starts = ctx.starts.get(li).copied().unwrap_or(false);
                let mut prev: Option<String> = None;
                for (j, (cw, gw)) in c.iter().zip(&g).enumerate() {
                    let core = cw.trim_matches(|ch: char| !lexicon::is_cyrillic_letter(ch));
                    let cyrillic_word =
                        !core.is_empty() && core.chars().all(lexicon::is_cyrillic_letter);
                    let usable = cyrillic_word
                        && gw.chars().any(|ch| ch.is_ascii_alphabetic())
                        && !gw.chars().any(lexicon::is_cyrillic_letter)
                        && !gw.contains(['-', '/'])
                        && !URL_RE.is_match(gw);
                    if usable {
                        let lead: String = gw
                            .chars()
                            .take_while(|&ch| channel::is_edge_punct(ch))
                            .collect();
                        let body: Vec<char> =
                            gw.trim_matches(channel::is_edge_punct).chars().collect();
                        let after_quote = lead.ends_with(['«', '"', '“', '„', '<']);
                        let word = core.to_lowercase();
                        let case = CaseCtx {
                            line_caps,
                            sentence_start: starts || after_quote,
                            prev: prev.as_deref(),
                            line_first: j == 0,
                            after_quote,
                            in_compound: false,
                        };
                        if !body.is_empty() {
                            let rule = self.case_rule(&word, &body, case, minus);
                            out.push((
                                self.case_features(&word, &body, case, rule, minus),
                                Class::of(core),
                            ));
                        }
                    }
                    starts = ends_sentence(gw);
                    prev = cyrillic_word.then(|| core.to_lowercase());
                }
            }
        }
        out
    }

    /// Replaces the case model by one in the `data/case.tsv` format (empty: the rule alone).
    pub fn set_case_tsv(&mut self, tsv: &str) {
        self.case_model = CaseModel::from_tsv(tsv);
    }

    /// The accuracy of the case rule and of the case model on [`Self::case_examples`].
    pub fn case_accuracy(&self, examples: &[(Vec<String>, Class)]) -> (f64, f64) {
        let n = examples.len().max(1) as f64;
        let rule = examples
            .iter()
            .filter(|(f, c)| f.iter().any(|x| *x == format!("rule={}", c.name())))
            .count() as f64;
        let model = examples
            .iter()
            .filter(|(f, c)| self.case_model.classify(f) == *c)
            .count() as f64;
        (rule / n, model / n)
    }

    /// Whether the lexicon holds this word (any case), for inspection.
    pub fn knows(&self, word: &str) -> bool {
        lexicon::encode(&word.to_lowercase()).is_some_and(|k| self.lex.map.get(k).is_some())
    }

    /// The cheapest lexicon readings of one garbled token, for inspection: the lowercase word,
    /// its channel cost and its total cost (channel plus prior), before the acceptance
    /// threshold; at most `n`, within the search margin of the best.
    pub fn explain(&self, token: &str, n: usize) -> Vec<(String, f32, f32)> {
        let g: Vec<char> = token.chars().map(channel::norm_char).collect();
        self.nbest(&g, n, self.max_pops)
            .0
            .into_iter()
            .map(|r| (r.word, r.channel, r.total))
            .collect()
    }

    /// The `n` best lexicon readings of the normalised garbled characters `g`, within this
    /// search budget (pops), this repairer's cost ceiling and margin.
    fn nbest(&self, g: &[char], n: usize, budget: usize) -> (Vec<channel::Reading>, Search) {
        #[allow(clippy::cast_precision_loss)]
        let len = g.len() as f32;
        channel::search_nbest(
            &self.lex,
            &self.channel,
            &self.prior,
            Some(&self.lm),
            g,
            budget,
            self.pos_cap,
            MAX_COST_BASE + MAX_COST_PER_CHAR * len,
            n,
            self.margin,
        )
    }

    fn read_part(&self, part: &str, budget: usize) -> (Vec<Reading>, Search) {
        let orig: Vec<char> = part.chars().collect();
        let g: Vec<char> = orig.iter().map(|&c| channel::norm_char(c)).collect();
        #[allow(clippy::cast_precision_loss)]
        let len = g.len() as f32;
        let (found, search) = self.nbest(&g, N_BEST, budget);
        let readings = found
            .into_iter()
            .filter(|r| r.channel <= ACCEPT_BASE + ACCEPT_PER_CHAR * len)
            .map(|r| {
                let lead: String = orig.iter().take(r.lead).collect();
                let trail: String = orig
                    .iter()
                    .skip(orig.len().saturating_sub(r.trail))
                    .collect();
                (lead, r.word, trail, r.total)
            })
            .collect();
        (readings, search)
    }

    /// Restores the casing pattern of the garbled token on the repaired lowercase word.
    ///
    /// English OCR of Cyrillic gets case wrong often (small «к», «м», «т», «н» look like
    /// capitals), so the glyph evidence is weighed against how the corpus writes the word.
    fn apply_case(&self, word: &str, garbled: &[char], case: CaseCtx) -> String {
        let rule = self.case_rule(word, garbled, case, None);
        if self.case_model.is_empty() {
            return rule.apply(word);
        }
        let features = self.case_features(word, garbled, case, rule, None);
        self.case_model.classify(&features).apply(word)
    }

    /// How the corpus writes `word`, less what `minus` (an act's own text) adds.
    fn word_casing(&self, word: &str, minus: Option<&Corpus>) -> Option<lexicon::Casing> {
        let mut c = *self.lex.corpus.words.get(word)?;
        if let Some(m) = minus.and_then(|m| m.words.get(word)) {
            c.count = c.count.saturating_sub(m.count);
            c.title = c.title.saturating_sub(m.title);
            c.upper = c.upper.saturating_sub(m.upper);
        }
        (c.count > 0).then_some(c)
    }

    /// How often the corpus writes the pair (`prev`, `word`), and of those with `word`
    /// capitalised, less what `minus` adds: (titles, count).
    fn pair_casing(&self, prev: &str, word: &str, minus: Option<&Corpus>) -> (u32, u32) {
        let key = (prev.to_string(), word.to_string());
        let get = |c: &Corpus| {
            (
                c.bigram_titles.get(&key).copied().unwrap_or(0),
                c.bigrams.get(&key).copied().unwrap_or(0),
            )
        };
        let (t, n) = get(&self.lex.corpus);
        let (mt, mn) = minus.map_or((0, 0), get);
        (t.saturating_sub(mt), n.saturating_sub(mn))
    }

    /// The features of the case model ([`case`]) for `word` read from `garbled` in `case`.
    fn case_features(
        &self,
        word: &str,
        garbled: &[char],
        case: CaseCtx,
        rule: Class,
        minus: Option<&Corpus>,
    ) -> Vec<String> {
        let bucket = |x: u32, n: u32| -> &'static str {
            if n == 0 {
                return "none";
            }
            let s = f64::from(x) / f64::from(n);
            match s {
                s if s <= 0.0 => "0",
                s if s < 0.2 => "low",
                s if s < 0.5 => "some",
                s if s < 0.9 => "most",
                _ => "all",
            }
        };
        let first = garbled.first().copied().unwrap_or(' ');
        let (up, low) = case_counts(garbled.get(1..).unwrap_or(&[]));
        let rest = match (up, low) {
            (0, 0) => "none",
            (_, 0) => "up",
            (0, _) => "low",
            (u, l) if l >= 2 * u => "mostlow",
            _ => "mixed",
        };
        let place = if case.after_quote {
            "quote"
        } else if case.in_compound {
            "compound"
        } else if case.sentence_start {
            "sentence"
        } else if case.line_first {
            "linefirst"
        } else {
            "mid"
        };
        let seen = self.word_casing(word, minus);
        let (n, title, upper) = seen.map_or((0, 0, 0), |c| (c.count, c.title, c.upper));
        let pair = case.prev.map(|p| self.pair_casing(p, word, minus));
        let len = match word.chars().count() {
            0 | 1 => "1",
            2 => "2",
            3 | 4 => "3-4",
            _ => "5+",
        };
        let rule = rule.name();
        let mut f = vec![
            format!("first={first}"),
            format!("rest={rest}"),
            format!("place={place}"),
            format!("title={}", bucket(title, n)),
            format!("upper={}", bucket(upper, n)),
            format!("pair={}", pair.map_or("none", |(t, n)| bucket(t, n))),
            format!("len={len}"),
            format!("rule={rule}"),
            format!("rule={rule}&place={place}"),
            format!("first={first}&rest={rest}"),
            format!("first={first}&place={place}"),
            format!("linecaps={}", case.line_caps),
            format!("linecaps={}&rest={rest}", case.line_caps),
            format!("lang={:?}", self.form_lang(word)),
        ];
        if let Some(c) = word.chars().next() {
            f.push(format!("first={first}&letter={c}"));
        }
        f
    }

    /// The hand-written rule for the case of `word` read from `garbled` in `case`.
    fn case_rule(
        &self,
        word: &str,
        garbled: &[char],
        case: CaseCtx,
        minus: Option<&Corpus>,
    ) -> Class {
        let line_caps = case.line_caps;
        let (up, low) = case_counts(garbled.get(1..).unwrap_or(&[]));
        let first = garbled.first().copied().and_then(case_evidence);
        let n_letters = word.chars().count();
        let seen = self.word_casing(word, minus).filter(|c| c.count >= 2);
        #[allow(clippy::cast_precision_loss)]
        let share = |x: u32, n: u32| x as f32 / n.max(1) as f32;
        // In a line of capitals, a word that shows no small letter is in capitals too (the
        // one-letter «В», «С» among them).
        let caps = first != Some(false)
            && ((line_caps && low == 0)
                || n_letters > 1
                    && up >= 2
                    && ((low == 0 && seen.is_some_and(|c| share(c.upper, c.count) >= 0.5))
                        || (line_caps && up >= 2 * low)));
        if caps {
            return Class::Upper;
        }
        // Measured on Kazakh OCR: not applied to Russian words.
        let after_capital = garbled.first().is_some_and(|c| !c.is_lowercase())
            && small_after_capital(garbled)
            && self.form_lang(word) != FormLang::Russian;
        // How the corpus writes the word after the word before («осы Қағидаларға»), when it
        // has the pair at least twice; else how it writes the word.
        let pair = case
            .prev
            .map(|p| self.pair_casing(p, word, minus))
            .filter(|&(_, n)| n >= 2);
        let title = match seen {
            _ if case.sentence_start => first != Some(false),
            _ if pair.is_some() => {
                pair.is_some_and(|(t, n)| first != Some(false) && share(t, n) >= 0.5)
                    || after_capital
            }
            Some(c) => {
                first != Some(false) && share(c.title + c.upper, c.count) >= 0.5 || after_capital
            }
            None => {
                garbled.first().is_some_and(|&c| title_evidence(c)) && low >= 1 || after_capital
            }
        };
        if title {
            Class::Title
        } else {
            Class::Lower
        }
    }
}

/// True when a garbled line (its word tokens) is in capitals. A line in capitals (a heading) is
/// told on its own when at most one word in five that shows a case shows small letters; in a
/// text in capitals throughout, when half of the words show capitals only. A short line of one
/// or two words in capitals («ПОСТАНОВЛЯЕТ:», «ҚАУЛЫ») counts too.
fn line_in_caps(words: &[&str], text_caps: bool) -> bool {
    let caps = words.iter().filter(|w| caps_evidence(w)).count();
    let n = words.len().max(1);
    let small = words
        .iter()
        .filter(|w| case_counts(&w.chars().collect::<Vec<_>>()).1 > 0)
        .count();
    (text_caps && caps * 2 >= n)
        || (caps >= 2 && small * 4 <= caps)
        || (caps >= 1 && small == 0 && n <= 2)
}

/// «1 2 3 … k» for a line that is only the digits of 1 to k run together (k ≥ 4: «1234»,
/// «123456789101112»), keeping the line's indentation; `None` for anything else.
fn split_column_numbers(line: &str) -> Option<String> {
    let t = line.trim();
    if t.len() < 4 || t.len() > 200 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut rest = t;
    let mut k = 0usize;
    while !rest.is_empty() {
        k += 1;
        rest = rest.strip_prefix(k.to_string().as_str())?;
    }
    if k < 4 {
        return None;
    }
    let lead = &line[..line.len() - line.trim_start().len()];
    let nums: Vec<String> = (1..=k).map(|i| i.to_string()).collect();
    Some(format!("{lead}{}", nums.join(" ")))
}

/// What bears on the reading of a text as a whole.
struct TextCtx<'a> {
    lines: Vec<&'a str>,
    /// The text is garbage as a whole (else only lines that are garbage on their own are read).
    whole: bool,
    /// Capitals in the glyphs are trusted (the text is in capitals throughout).
    caps: bool,
    /// By line: its first word starts a sentence.
    starts: Vec<bool>,
}

impl<'a> TextCtx<'a> {
    fn new(text: &'a str) -> Self {
        // In a text that is not garbage as a whole, only lines that are garbage on their own
        // evidence are touched (a «[bookmark: z24]» line in a clean act stays as it is).
        let whole = garble_score(text).verdict == GarbleVerdict::Garbled;
        // Capitals in the glyphs are weak evidence: English OCR reads the small Cyrillic
        // «к м н т і ы» as capitals. They are trusted when the garbled text is in capitals
        // throughout (a heading on its own), else only where the corpus writes the word so.
        let (caps_tokens, all_tokens) = text
            .split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .fold((0usize, 0usize), |(c, n), w| {
                (c + usize::from(caps_evidence(w)), n + 1)
            });
        // A sentence runs on across lines: the first word of a line after a full stop starts one.
        // The start of the text is not taken for one (a page of a PDF starts mid-sentence).
        let lines: Vec<&str> = text.split('\n').collect();
        let mut starts = Vec::with_capacity(lines.len());
        let mut sentence_start = false;
        for line in &lines {
            starts.push(sentence_start);
            if let Some(last) = line.split_whitespace().last() {
                sentence_start = ends_sentence(last);
            }
        }
        TextCtx {
            lines,
            whole,
            caps: caps_tokens * 2 >= all_tokens.max(1),
            starts,
        }
    }
}

/// How the context of a token bears on its case.
#[derive(Debug, Clone, Copy)]
struct CaseCtx<'a> {
    /// Most tokens of the line show capitals only, and capitals are trusted in this text.
    line_caps: bool,
    /// The token starts a sentence.
    sentence_start: bool,
    /// The word before, lowercase (when it is all Cyrillic letters).
    prev: Option<&'a str>,
    /// The token is the first word of its line.
    line_first: bool,
    /// The word follows an opening quote.
    after_quote: bool,
    /// The word is a later part of a hyphenated compound.
    in_compound: bool,
}

/// True when the next word starts with a capital after this token: it ends in «.», «!» or «?»
/// (a sentence, a numbered item «1.», an initial «Б.»), or it is a zero-padded code («00601»,
/// «013»: the entry of a classifier, whose name follows with a capital).
fn ends_sentence(token: &str) -> bool {
    let t = token.trim_end_matches(['"', '»', ')', '”']);
    if token.len() >= 3 && token.starts_with('0') && token.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    t.strip_suffix(['.', '!', '?'])
        .is_some_and(|body| body.chars().any(char::is_alphanumeric))
}

/// True when a first garbled letter says the word starts with a capital. Of the letters whose
/// capital shape differs from the small one, English OCR writes most as capitals for small
/// Cyrillic letters too (б → G, д → D, а → A at the start of a word, on the OCR pairs); «Р»
/// and «Ұ» keep their case.
fn title_evidence(c: char) -> bool {
    matches!(c, 'P' | '¥' | 'R')
}

/// True when the small «к т м н» of a word (which English OCR reads as `K T M H` when the
/// whole word is small) come out mostly small: seen next to a real capital, they are read
/// small more often, so the word starts with a capital («MemneketTik» is «Мемлекеттік»,
/// «MemneKeTTiK» is «мемлекеттік»; in the training pairs, 24 of 28 such words).
fn small_after_capital(garbled: &[char]) -> bool {
    let (mut low, mut up) = (0usize, 0usize);
    for c in garbled.iter().skip(1) {
        match c {
            'k' | 't' | 'm' | 'h' => low += 1,
            'K' | 'T' | 'M' | 'H' => up += 1,
            _ => {}
        }
    }
    up >= 1 && low >= 2 * up
}

/// True when a garbled word shows capitals only.
fn caps_evidence(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let (up, low) = case_counts(&chars);
    up >= 2 && low == 0
}

/// Counts the characters that show upper and lower case; the «ы» digraph counts as one
/// (`BI` upper, `bI`/`bl` lower).
fn case_counts(garbled: &[char]) -> (usize, usize) {
    let (mut up, mut low) = (0, 0);
    for (i, &c) in garbled.iter().enumerate() {
        let next = garbled.get(i + 1).copied();
        let ev = match (c, next) {
            ('B', Some('I' | 'l')) => Some(true),
            ('b', Some('I' | 'l' | 'i')) => None,
            _ => case_evidence(c),
        };
        match ev {
            Some(true) => up += 1,
            Some(false) => low += 1,
            None => {}
        }
    }
    (up, low)
}

/// A line before the choice of readings.
enum LinePlan {
    /// Left as it is (not garbled): the line and its number of word tokens.
    Kept(String, usize),
    /// Its chunks (after joining split words), the plan of each, its number of word tokens.
    Planned {
        chunks: Vec<(bool, String)>,
        plans: Vec<Plan>,
        total: usize,
    },
}

/// What to do with one whitespace-separated chunk of a line.
enum Plan {
    /// Keep it as it is.
    Keep,
    /// Replace it by this text.
    Fixed(String),
    /// Its parts (split at hyphens and inner slashes), each with its candidate readings (best
    /// first), and the separators between them.
    Parts(Vec<(String, Vec<Reading>)>, Vec<char>),
}

/// What a garbled character says about the case of the Cyrillic letter it stands for:
/// `Some(true)` upper, `Some(false)` lower, `None` when both cases look the same.
fn case_evidence(c: char) -> Option<bool> {
    match c {
        // О, С, Х and the like differ between cases only in size, which English OCR often
        // gets wrong: no evidence.
        'A' | 'E' | 'P' | 'Y' | 'D' | 'F' | 'G' | 'L' | 'R' | 'U' | 'J' | 'Q' | '¥' | '©' => {
            Some(true)
        }
        'a' | 'e' | 'p' | 'y' | 'd' | 'f' | 'g' | 'l' | 'r' | 'u' | 'j' | 'q' | 'i' | 'k' | 'n'
        | 't' | 'm' | 'h' => Some(false),
        _ => None,
    }
}

/// Splits a token at hyphens, and with `slashes` at slashes between two letters or digits (a
/// slash next to a backslash may be half of «д» or «л», `/\`): the parts and the separators
/// between them.
fn split_parts(token: &str, slashes: bool) -> (Vec<&str>, Vec<char>) {
    let mut parts = Vec::new();
    let mut seps = Vec::new();
    let mut start = 0usize;
    let mut prev: Option<char> = None;
    let mut it = token.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|x| x.1);
        // «/I», «/l», «/1», «/|» are the two strokes of «л» (`ta/IbIK`, «талық»), not a
        // slash between two words.
        let slash = slashes
            && c == '/'
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(|n| n.is_alphanumeric() && !matches!(n, 'I' | 'l' | 'i' | '1'));
        if c == '-' || slash {
            parts.push(token.get(start..i).unwrap_or(""));
            seps.push(c);
            start = i + c.len_utf8();
        }
        prev = Some(c);
    }
    parts.push(token.get(start..).unwrap_or(""));
    (parts, seps)
}

/// A region's or district's name before «области», «района» (Russian adjectives in -ской,
/// -ского, ...) or before «облысы», «ауданы» (Kazakh possessive: «Павлодар облысы»), which the
/// glyphs of English OCR do not show as capitalised (`MasnofapcKon`, `KamObin`): on the pairs
/// of real acts, a fifth of the case errors of Russian. Only whole lowercase words change.
fn capitalize_places(line: &str) -> String {
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        tizilim_lex::re::new(
            r"(^|[\s«(])([а-яё]+(?:ской|ского|скую|ская|ском|ский|цкой|цкого|цкая|цкую))(\s+(?:област|район))|(^|[\s«(])([а-яәғқңөұүһі]{3,})(\s+(?:облысы|ауданы)(?:[^\p{L}]|ның|ндағы|нда|на|$))",
        )
        .expect("constant regex")
    });
    if !line.contains("област")
        && !line.contains("район")
        && !line.contains("облыс")
        && !line.contains("аудан")
    {
        return line.to_string();
    }
    PLACE
        .replace_all(line, |c: &regex::Captures| {
            let (lead, word, rest) = match c.get(2) {
                Some(w) => (&c[1], w.as_str(), &c[3]),
                None => (&c[4], &c[5], &c[6]),
            };
            let mut chars = word.chars();
            let first: String = chars
                .next()
                .map(|f| f.to_uppercase().collect())
                .unwrap_or_default();
            format!("{lead}{first}{}{rest}", chars.as_str())
        })
        .into_owned()
}

/// The punctuation before a reading, as written back: English OCR reads «ж» with its left
/// stroke as a sign of its own (`)KOHE`, `*Ka3bUICbIH`, `>KyMbIC` for «және», «жазылсын»,
/// «жұмыс»), which belongs to the letter, and «« as `<`.
fn render_lead(lead: &str, word: &str) -> String {
    let mut lead = lead.replace('<', "«");
    if word.starts_with('ж') && lead.ends_with([')', '*', '>', '»', '‘', '%', '\'', '}']) {
        lead.pop();
    }
    lead
}

/// The punctuation after a reading, as written back: the stroke of «ы» and «І» read as `!`
/// (`Pecny6nukacb!`), the tail of «қ» read as a comma (`pecnyOnUKasiblk,`: on the pairs of
/// real acts, 33 such commas against 7 real ones), «»» read as `>`.
fn render_trail(trail: &str, word: &str) -> String {
    let mut t = trail.replace('>', "»");
    if (word.ends_with(['ы', 'і']) && t.starts_with('!'))
        || (word.ends_with('қ') && t.starts_with(','))
    {
        t.remove(0);
    }
    t
}

/// Splits a line into alternating (is_whitespace, text) chunks.
fn split_chunks(line: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut cur: Option<bool> = None;
    for (i, c) in line.char_indices() {
        let ws = c.is_whitespace();
        match cur {
            Some(w) if w == ws => {}
            Some(w) => {
                if let Some(s) = line.get(start..i) {
                    out.push((w, s));
                }
                start = i;
                cur = Some(ws);
            }
            None => cur = Some(ws),
        }
    }
    if let (Some(w), Some(s)) = (cur, line.get(start..)) {
        if !s.is_empty() {
            out.push((w, s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repairer of a few Russian words and the given frequency list, nothing else.
    fn small_russian(ru_freq: &str) -> Repairer {
        let (r, _) = Repairer::build(RepairConfig {
            hunspell_dir: None,
            corpus: Corpus::default(),
            channel_tsv: None,
            tokens_tsv: Some(String::new()),
            case_tsv: Some(String::new()),
            attested: [String::new(), "до\nно\nвсего\nмы\n".to_string()],
            web_pairs: [String::new(), String::new()],
            ru_freq: ru_freq.to_string(),
            cache_dir: None,
        });
        r
    }

    #[test]
    fn a_russian_text_prefers_the_reading_russian_text_uses_more() {
        // `B` for «д» or «н» costs the channel the same: the frequency list decides, either way.
        // («ы» written `bI` marks the lines as garbage.)
        let text = "MbI Bcero Bo\nMbI Bcero Bo";
        let first = |ru_freq: &str| {
            let out = small_russian(ru_freq).repair(text).text;
            out.lines().next().unwrap_or("").to_lowercase()
        };
        assert_eq!(first("до\t64\nно\t40\n"), "мы всего до");
        assert_eq!(first("до\t40\nно\t64\n"), "мы всего но");
    }

    #[test]
    fn column_numbers_run_together_are_split() {
        assert_eq!(split_column_numbers("12345").as_deref(), Some("1 2 3 4 5"));
        assert_eq!(
            split_column_numbers("  123456789101112 ").as_deref(),
            Some("  1 2 3 4 5 6 7 8 9 10 11 12")
        );
        // Not a run of 1..k, or too short to tell from a number.
        for line in ["123", "12346", "2345", "1234a", "12 34", "", "1231"] {
            assert_eq!(split_column_numbers(line), None, "{line}");
        }
    }

    #[test]
    fn chunks_keep_spacing() {
        let c = split_chunks("ab  cd e");
        let joined: String = c.iter().map(|x| x.1).collect();
        assert_eq!(joined, "ab  cd e");
        assert_eq!(c.len(), 5);
    }

    #[test]
    fn parts_keep_their_separators() {
        assert_eq!(
            split_parts("KyKaTTapAbl/aHbIKTaMasapAbl", true),
            (vec!["KyKaTTapAbl", "aHbIKTaMasapAbl"], vec!['/'])
        );
        assert_eq!(
            split_parts("4-KocbIMa", true),
            (vec!["4", "KocbIMa"], vec!['-'])
        );
        assert_eq!(split_parts("a/\\b", true), (vec!["a/\\b"], vec![]));
        assert_eq!(split_parts("-", true), (vec!["", ""], vec!['-']));
    }

    #[test]
    fn place_names_take_a_capital() {
        assert_eq!(
            capitalize_places("отдел полиции павлодарской области"),
            "отдел полиции Павлодарской области"
        );
        assert_eq!(
            capitalize_places("«жамбыл облысының әкімдігі"),
            "«Жамбыл облысының әкімдігі"
        );
        assert_eq!(capitalize_places("сарыарқа ауданы"), "Сарыарқа ауданы");
        // Not a name: no adjective before «области», a Kazakh adjective «облыстық».
        assert_eq!(
            capitalize_places("в пределах области"),
            "в пределах области"
        );
        assert_eq!(capitalize_places("облыстық мәслихат"), "облыстық мәслихат");
    }

    #[test]
    fn a_lone_at_sign_is_a_letter_not_an_address() {
        assert!(!URL_RE.is_match("@opmy"));
        assert!(!URL_RE.is_match("CT@KMPOBKH,"));
        assert!(URL_RE.is_match("info@gov.kz"));
        assert!(URL_RE.is_match("https://egov.kz"));
    }

    #[test]
    fn case_pattern() {
        assert_eq!(case_evidence('A'), Some(true));
        assert_eq!(case_evidence('K'), None);
    }

    #[test]
    fn small_letters_after_a_capital() {
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        // Мемлекеттік / мемлекеттік, Көрсетілетін / көрсетілетін as English OCR wrote them.
        assert!(small_after_capital(&chars("MemneketTik")));
        assert!(small_after_capital(&chars("KepcetinetiH")));
        assert!(!small_after_capital(&chars("MemneKeTTiK")));
        assert!(!small_after_capital(&chars("KepceTineTiH")));
        // No capital among them: no evidence either way.
        assert!(!small_after_capital(&chars("Kepcetinetio")));
    }
}

/// Evaluation and training helpers shared by `examples/repair_eval.rs` and the tests.
pub mod eval {
    use super::channel::{self, Channel, Event};
    use super::lexicon::is_cyrillic_letter;

    /// The words of a line for scoring: whitespace tokens with edge punctuation removed.
    pub fn words(line: &str) -> Vec<String> {
        line.split_whitespace()
            .map(|t| {
                t.trim_matches(|c: char| !c.is_alphanumeric() && c != '№')
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect()
    }

    /// Words of `clean` found in order in `repaired` (longest common subsequence), and the
    /// number of words of `clean`. `fold_case` compares lowercase forms.
    pub fn word_matches(clean: &str, repaired: &str, fold_case: bool) -> (usize, usize) {
        let f = |s: String| if fold_case { s.to_lowercase() } else { s };
        let a: Vec<String> = words(clean).into_iter().map(f).collect();
        let b: Vec<String> = words(repaired).into_iter().map(f).collect();
        let mut dp = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for i in 0..a.len() {
            for j in 0..b.len() {
                dp[i + 1][j + 1] = if a[i] == b[j] {
                    dp[i][j] + 1
                } else {
                    dp[i][j + 1].max(dp[i + 1][j])
                };
            }
        }
        (dp[a.len()][b.len()], a.len())
    }

    /// Learns a channel table from (clean, garbled) line pairs by Viterbi re-estimation,
    /// starting from the hand table; returns it in the `data/channel.tsv` format. Only pairs
    /// with as many tokens on both sides are used, word by word.
    pub fn learn_channel_tsv(pairs: &[(String, String)], iterations: usize) -> String {
        let mut ch = Channel::hand();
        for _ in 0..iterations.min(10) {
            let mut events: Vec<Event> = Vec::new();
            for (cw, gw) in super::aligned_words(pairs) {
                let core = cw.trim_matches(|ch: char| !is_cyrillic_letter(ch));
                if core.is_empty() || !core.chars().all(|ch| is_cyrillic_letter(ch) || ch == '-') {
                    continue;
                }
                // Edge punctuation that the clean side also has is not noise.
                let lead = cw.chars().take_while(|ch| !is_cyrillic_letter(*ch)).count();
                let trail = cw
                    .chars()
                    .rev()
                    .take_while(|ch| !is_cyrillic_letter(*ch))
                    .count();
                let gc: Vec<char> = gw.chars().map(channel::norm_char).collect();
                if gc.len() <= lead + trail {
                    continue;
                }
                let gcore = &gc[lead..gc.len() - trail];
                if let Some(ev) = channel::align(&ch, &core.to_lowercase(), gcore) {
                    events.extend(ev);
                }
            }
            ch = channel::reestimate(&Channel::hand(), &events);
        }
        ch.to_tsv()
    }
}
