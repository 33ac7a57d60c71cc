//! Matching a service name from an act against the register, in Russian and Kazakh.
//!
//! A name becomes a set of stems ([`super::normalize::tokens`], [`super::stem::stem`], function
//! words and portal phrasings («Подача заявки на ...») dropped, a few synonyms of the same action
//! folded: «получение» = «предоставление» = «выдача», «алу» = «беру»). The [`Matcher`] keeps, per language, an inverted index from stem to the entries whose
//! name has it, and the inverse document frequency of every stem over the register.
//!
//! Finding the entry for a name never compares all pairs:
//! 1. **strong keys first**: the same name after normalisation ([`MatchHow::ExactName`]); when
//!    the act that names the service is itself an entry's by-law (same registration number), that
//!    entry wins at a lower threshold ([`BYLAW_THRESHOLD`], [`MatchHow::Bylaw`]);
//! 2. **candidates** from the inverted index: every entry sharing a stem with the name gets the
//!    stem's weight; stems near each other (Jaro–Winkler at least [`NEAR_TOKEN_SIMILARITY`],
//!    same first three letters: «справк» / «справок») count as shared, with their similarity — for
//!    known stems the neighbours are computed once when the index is built;
//! 3. the best [`CANDIDATES`] are **scored**: an IDF-weighted Dice overlap of the two stem sets
//!    (near stems count with their similarity; words in parentheses count only when both names
//!    have them), times [`SUBSTITUTION_PENALTY`] when each name has a word the other lacks, times
//!    [`CONTRAST_PENALTY`] when the names disagree on what is done:
//!    - one name has an action the other, which has actions, lacks («регистрация» / «снятие с
//!      регистрации», «постановка» / «снятие», «включение» / «исключение», «беру» / «ұзарту»);
//!    - the leading actions of one name («Выдача, продление и отзыв ...») are all absent from the
//!      other's actions;
//!    - a variant marker is on one side only («дубликат», «повторное», «телнұсқа»);
//!    - their polarity words are disjoint («о наличии» / «об отсутствии», «бар» / «жоқ»);
//!    - their numbers differ («форма № 075/у» / «№ 073/у», «Ф-2» / «Ф-6»);
//! 4. the best candidate is a match when it reaches [`MATCH_THRESHOLD`].
//!
//! The thresholds were set on `fixtures/registry/match_pairs.tsv` and `near_miss.tsv` (tested in
//! `tests/matching_pairs.rs`): the variants score at least 0.72, the near misses at most 0.66.

use std::collections::HashMap;

use serde::Serialize;

use super::normalize::{normalize, tokens_of_normalized};
use super::stem::{is_stopword, stem};
use super::Register;
use tizilim_lex::ActRef;
use tizilim_lex::Language;

/// A fuzzy match needs at least this score (0..1).
pub const MATCH_THRESHOLD: f32 = 0.7;
/// Among the entries of the act's own by-law, this score is enough.
pub const BYLAW_THRESHOLD: f32 = 0.5;
/// Two different stems count as the same word from this Jaro–Winkler similarity on.
pub const NEAR_TOKEN_SIMILARITY: f64 = 0.9;
/// Stems shorter than this (in letters) only match exactly.
pub const NEAR_TOKEN_MIN_LEN: usize = 5;
/// The score is multiplied by this when the names disagree on the action.
pub const CONTRAST_PENALTY: f32 = 0.5;
/// The score is multiplied by this when each name has a word the other lacks (a substitution,
/// «из школы» / «из колледжа», rather than a name that only adds detail to the other).
pub const SUBSTITUTION_PENALTY: f32 = 0.9;
/// A stem in more than this share of the names is common (see `LangIndex::candidates`).
pub const COMMON_STEM_SHARE: f32 = 0.05;
/// Stems of a register name beyond this many are not scored (names have a few dozen at most).
const MAX_NAME_STEMS: usize = 128;
/// How many index candidates are scored in full.
pub const CANDIDATES: usize = 8;

/// Words that name the action of a service (normalised, unstemmed; stemmed when the index is
/// built). A name whose action the other name lacks is a different service: «регистрация» /
/// «снятие с регистрации», «постановка на учет» / «снятие с учета», «выдача» / «продление».
const ACTIONS_RU: &[&str] = &[
    "выдача",
    "продление",
    "отзыв",
    "переоформление",
    "регистрация",
    "перерегистрация",
    "снятие",
    "постановка",
    "включение",
    "исключение",
    "аннулирование",
    "приостановление",
    "возобновление",
    "прекращение",
    "восстановление",
    "согласование",
    "аккредитация",
    "аттестация",
    "присвоение",
    "упразднение",
    "возврат",
    "перевод",
    "прием",
    "замена",
    "заключение",
    "расторжение",
];
const ACTIONS_KK: &[&str] = &[
    "беру",
    "ұзарту",
    "кері",
    "қайта",
    "тіркеу",
    "шығару",
    "қою",
    "енгізу",
    "тастау",
    "жою",
    "тоқтата",
    "тоқтату",
    "қалпына",
    "келісу",
    "аккредиттеу",
    "аттестаттау",
    "беру",
    "қайтару",
    "ауыстыру",
    "бұзу",
];
/// Words that mark a variant of a document: present on one side only, the names differ
/// («выдача дубликата», «повторное свидетельство»).
const MARKERS: &[(&str, Language)] = &[
    ("дубликат", Language::Ru),
    ("дубликатов", Language::Ru),
    ("повторное", Language::Ru),
    ("повторного", Language::Ru),
    ("телнұсқа", Language::Kk),
    ("қайталама", Language::Kk),
];
/// Words of polarity: names with disjoint polarity differ («о наличии» / «об отсутствии»,
/// «бар екендігі» / «жоқ екендігі»).
const POLARITY: &[(&str, Language)] = &[
    ("наличии", Language::Ru),
    ("отсутствии", Language::Ru),
    ("несостоянии", Language::Ru),
    ("состоянии", Language::Ru),
    ("бар", Language::Kk),
    ("жоқ", Language::Kk),
    ("болуы", Language::Kk),
    ("болмауы", Language::Kk),
];
/// Portal phrasings in front of a service's name («Подача заявки на ...»): not part of the name.
const PORTAL_PREFIXES: &[&str] = &[
    "подача заявки на ",
    "подача заявления на ",
    "подача заявки о ",
    "подача заявления о ",
    "заявление на ",
    "өтінім беру ",
];
/// Conjunctions that join a list of actions («выдача, продление и отзыв»).
const CONJUNCTIONS: &[&str] = &["и", "или", "либо", "және", "немесе", "не"];
/// Different words for the same action: (word, the word it counts as). Normalised, unstemmed.
const SYNONYMS: &[(&str, &str, Language)] = &[
    ("получение", "выдача", Language::Ru),
    ("предоставление", "выдача", Language::Ru),
    ("алу", "беру", Language::Kk),
];

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchHow {
    /// The same name after normalisation.
    ExactName,
    /// An entry of the act's own by-law (same registration number).
    Bylaw,
    /// Weighted token overlap.
    Fuzzy,
}

/// A register entry that a name matches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Match {
    /// Index into [`Register::entries`].
    pub entry_index: usize,
    /// 0..1.
    pub score: f32,
    /// How it was found.
    pub how: MatchHow,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    id: u32,
    optional: bool,
}

/// The words of a name that decide which service it is, beyond overlap.
#[derive(Debug, Clone, Default)]
struct Shape {
    /// Action stems anywhere in the name.
    actions: Vec<u32>,
    /// The leading list of actions («выдача, продление и отзыв»).
    heads: Vec<u32>,
    /// Variant markers.
    markers: Vec<u32>,
    /// Polarity words.
    polarity: Vec<u32>,
    /// Words with digits («075», «2», «14»).
    numbers: Vec<String>,
}

impl Shape {
    /// True when two names disagree on what is done (see the module docs).
    fn contrasts(&self, other: &Shape) -> bool {
        let extra = |a: &Shape, b: &Shape| {
            !b.actions.is_empty() && a.actions.iter().any(|x| !b.actions.contains(x))
        };
        let head_missing = |a: &Shape, b: &Shape| {
            !a.actions.is_empty()
                && !b.heads.is_empty()
                && !b.heads.iter().any(|h| a.actions.contains(h))
        };
        let markers = self.markers.iter().any(|m| !other.markers.contains(m))
            || other.markers.iter().any(|m| !self.markers.contains(m));
        let polarity = !self.polarity.is_empty()
            && !other.polarity.is_empty()
            && !self.polarity.iter().any(|p| other.polarity.contains(p));
        let numbers = !self.numbers.is_empty()
            && !other.numbers.is_empty()
            && (self.numbers.iter().any(|n| !other.numbers.contains(n))
                || other.numbers.iter().any(|n| !self.numbers.contains(n)));
        extra(self, other)
            || head_missing(self, other)
            || head_missing(other, self)
            || markers
            || polarity
            || numbers
    }
}

#[derive(Debug, Clone, Default)]
struct Name {
    toks: Vec<Tok>,
    shape: Shape,
}

/// A name after analysis: stems with their optional flag, and the stems of its leading actions.
#[derive(Debug, Clone, Default)]
struct Analysed {
    stems: Vec<(String, bool)>,
    heads: Vec<String>,
    /// The exact-name key: normalised words joined by one space.
    exact: String,
}

#[derive(Debug, Default)]
struct LangIndex {
    lang: Language,
    vocab: HashMap<String, u32>,
    stems: Vec<String>,
    df: Vec<u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<u32>>,
    buckets: HashMap<(char, char, char), Vec<u32>>,
    /// For every stem, the other known stems near it.
    near: Vec<Vec<(u32, f32)>>,
    names: Vec<Option<Name>>,
    exact: HashMap<String, Vec<u32>>,
    action_ids: Vec<u32>,
    marker_ids: Vec<u32>,
    pending: Vec<Analysed>,
    polarity_ids: Vec<u32>,
    action_stems: std::collections::HashSet<String>,
    synonyms: HashMap<String, String>,
    /// Stems of the words seen in the register's names (stemming is the costly part of a query).
    surface: HashMap<String, String>,
    unseen_idf: f32,
}

/// One word of a query: the known stem, or near known stems, with its weight.
#[derive(Debug, Clone)]
struct QTok {
    hits: Vec<(u32, f32)>,
    weight: f32,
    optional: bool,
}

/// A query: its words and its shape.
#[derive(Debug, Clone, Default)]
struct Query {
    toks: Vec<QTok>,
    shape: Shape,
    exact: String,
}

/// Near stems share their first three letters.
fn bucket_key(s: &str) -> Option<(char, char, char)> {
    let mut c = s.chars();
    Some((c.next()?, c.next()?, c.next()?))
}

impl LangIndex {
    fn new(lang: Language) -> Self {
        let synonyms = SYNONYMS
            .iter()
            .filter(|s| s.2 == lang)
            .map(|(a, b, _)| (stem(a, lang), stem(b, lang)))
            .collect();
        let words: &[&str] = match lang {
            Language::Ru => ACTIONS_RU,
            Language::Kk => ACTIONS_KK,
        };
        let action_stems = words.iter().map(|w| stem(&normalize(w), lang)).collect();
        Self {
            lang,
            synonyms,
            action_stems,
            ..Self::default()
        }
    }

    /// Analyses a name: stems with their optional flag (function words dropped, synonyms
    /// folded, duplicates merged; a word is optional only when every occurrence is) and the
    /// leading list of actions.
    fn analyse(&self, name: &str) -> Analysed {
        let mut out = Analysed::default();
        // Leading actions: the first action word, then actions joined to it by a list separator
        // or a conjunction.
        let mut heads_open = true;
        let mut after_conj = false;
        let norm = normalize(name);
        let name = PORTAL_PREFIXES
            .iter()
            .find_map(|p| norm.strip_prefix(p))
            .unwrap_or(&norm);
        let toks = tokens_of_normalized(name);
        let mut exact = String::with_capacity(name.len());
        for t in &toks {
            if !exact.is_empty() {
                exact.push(' ');
            }
            exact.push_str(&t.text);
        }
        out.exact = exact;
        for t in toks {
            if CONJUNCTIONS.contains(&t.text.as_str()) {
                after_conj = true;
                continue;
            }
            if is_stopword(&t.text, self.lang) {
                if !out.heads.is_empty() {
                    heads_open = false;
                }
                continue;
            }
            let s = match self.surface.get(&t.text) {
                Some(s) => s.clone(),
                None => {
                    let s = stem(&t.text, self.lang);
                    self.synonyms.get(&s).cloned().unwrap_or(s)
                }
            };
            let is_action = self.action_stems.contains(&s);
            if heads_open && !t.optional {
                if out.heads.is_empty() {
                    if is_action {
                        out.heads.push(s.clone());
                    }
                } else if is_action && (t.listed || after_conj) {
                    out.heads.push(s.clone());
                } else {
                    heads_open = false;
                }
            }
            after_conj = false;
            match out.stems.iter_mut().find(|(x, _)| *x == s) {
                Some(prev) => prev.1 &= t.optional,
                None => out.stems.push((s, t.optional)),
            }
        }
        out
    }

    fn shape(&self, ids: &[u32], analysed: &Analysed) -> Shape {
        let pick = |set: &[u32]| ids.iter().copied().filter(|i| set.contains(i)).collect();
        Shape {
            actions: pick(&self.action_ids),
            heads: analysed
                .heads
                .iter()
                .filter_map(|h| self.vocab.get(h).copied())
                .collect(),
            markers: pick(&self.marker_ids),
            polarity: pick(&self.polarity_ids),
            numbers: analysed
                .stems
                .iter()
                .filter(|(s, _)| s.chars().any(|c| c.is_ascii_digit()))
                .map(|(s, _)| s.clone())
                .collect(),
        }
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.vocab.get(s) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.vocab.insert(s.to_string(), id);
        self.stems.push(s.to_string());
        self.df.push(0);
        self.postings.push(Vec::new());
        if let Some(k) = bucket_key(s) {
            self.buckets.entry(k).or_default().push(id);
        }
        id
    }

    fn add(&mut self, entry: usize, name: Option<&str>) {
        let Some(name) = name.filter(|n| !n.trim().is_empty()) else {
            self.names.push(None);
            self.pending.push(Analysed::default());
            return;
        };
        let analysed = self.analyse(name);
        for t in tokens_of_normalized(&normalize(name)) {
            if !self.surface.contains_key(&t.text) {
                let s = stem(&t.text, self.lang);
                let s = self.synonyms.get(&s).cloned().unwrap_or(s);
                self.surface.insert(t.text, s);
            }
        }
        let mut toks = Vec::with_capacity(analysed.stems.len());
        for (s, optional) in &analysed.stems {
            let id = self.intern(s);
            self.df[id as usize] += 1;
            self.postings[id as usize].push(entry as u32);
            toks.push(Tok {
                id,
                optional: *optional,
            });
        }
        self.exact
            .entry(analysed.exact.clone())
            .or_default()
            .push(entry as u32);
        self.pending.push(analysed);
        self.names.push(Some(Name {
            toks,
            shape: Shape::default(),
        }));
    }

    fn finish(&mut self) {
        let n = self.names.iter().filter(|n| n.is_some()).count().max(1) as f32;
        self.idf = self
            .df
            .iter()
            .map(|&df| (1.0 + n / df.max(1) as f32).ln())
            .collect();
        self.unseen_idf = (1.0 + n).ln();
        let lang = self.lang;
        let mut actions: Vec<String> = self.action_stems.iter().cloned().collect();
        actions.sort();
        for s in actions {
            let id = self.intern(&s);
            if !self.action_ids.contains(&id) {
                self.action_ids.push(id);
            }
        }
        for (w, l) in MARKERS {
            if *l == lang {
                let id = self.intern(&stem(w, lang));
                self.marker_ids.push(id);
            }
        }
        for (w, l) in POLARITY {
            if *l == lang {
                let id = self.intern(&stem(w, lang));
                self.polarity_ids.push(id);
            }
        }
        // Interning the special stems may have grown the vocabulary.
        self.idf.resize(self.stems.len(), self.unseen_idf);
        self.near = (0..self.stems.len())
            .map(|id| {
                let s = &self.stems[id];
                self.near_stems(s)
                    .into_iter()
                    .filter(|&(other, _)| other as usize != id)
                    .collect()
            })
            .collect();
        let pending = std::mem::take(&mut self.pending);
        let shapes: Vec<Option<Shape>> = self
            .names
            .iter()
            .zip(pending.iter())
            .map(|(name, analysed)| {
                name.as_ref().map(|n| {
                    let ids: Vec<u32> = n.toks.iter().map(|t| t.id).collect();
                    self.shape(&ids, analysed)
                })
            })
            .collect();
        for (name, shape) in self.names.iter_mut().zip(shapes) {
            if let (Some(n), Some(s)) = (name, shape) {
                n.shape = s;
            }
        }
    }

    /// Known stems near `s` (Jaro–Winkler ≥ [`NEAR_TOKEN_SIMILARITY`], same first three letters,
    /// both at least [`NEAR_TOKEN_MIN_LEN`] letters, no digits).
    fn near_stems(&self, s: &str) -> Vec<(u32, f32)> {
        let ok = |x: &str| {
            x.chars().count() >= NEAR_TOKEN_MIN_LEN && !x.chars().any(|c| c.is_ascii_digit())
        };
        if !ok(s) {
            return Vec::new();
        }
        let Some(bucket) = bucket_key(s).and_then(|k| self.buckets.get(&k)) else {
            return Vec::new();
        };
        bucket
            .iter()
            .filter_map(|&id| {
                let known = &self.stems[id as usize];
                if known == s || !ok(known) {
                    return None;
                }
                let sim = strsim::jaro_winkler(s, known);
                (sim >= NEAR_TOKEN_SIMILARITY).then_some((id, sim as f32))
            })
            .collect()
    }

    fn query(&self, name: &str) -> Query {
        let analysed = self.analyse(name);
        let mut known = Vec::new();
        let toks = analysed
            .stems
            .iter()
            .map(|(s, optional)| {
                let optional = *optional;
                if let Some(&id) = self.vocab.get(s) {
                    known.push(id);
                    let mut hits = vec![(id, 1.0)];
                    if let Some(near) = self.near.get(id as usize) {
                        hits.extend_from_slice(near);
                    }
                    return QTok {
                        hits,
                        weight: self
                            .idf
                            .get(id as usize)
                            .copied()
                            .unwrap_or(self.unseen_idf),
                        optional,
                    };
                }
                QTok {
                    hits: self.near_stems(s),
                    weight: self.unseen_idf,
                    optional,
                }
            })
            .collect();
        Query {
            toks,
            shape: self.shape(&known, &analysed),
            exact: analysed.exact.clone(),
        }
    }

    /// The full score of a query against one entry's name.
    fn score(&self, q: &Query, entry: usize) -> f32 {
        let Some(Some(name)) = self.names.get(entry) else {
            return 0.0;
        };
        let w = |id: u32| {
            self.idf
                .get(id as usize)
                .copied()
                .unwrap_or(self.unseen_idf)
        };
        let mut used = [false; MAX_NAME_STEMS];
        let (mut num, mut den) = (0.0f32, 0.0f32);
        let (mut q_extra, mut e_extra) = (false, false);
        for qt in &q.toks {
            let mut best: Option<(usize, f32)> = None;
            for (i, t) in name.toks.iter().enumerate().take(MAX_NAME_STEMS) {
                if used[i] {
                    continue;
                }
                if let Some(&(_, sim)) = qt.hits.iter().find(|(id, _)| *id == t.id) {
                    if best.is_none_or(|b| sim > b.1) {
                        best = Some((i, sim));
                    }
                }
            }
            match best {
                Some((i, sim)) => {
                    used[i] = true;
                    let we = w(name.toks[i].id);
                    num += sim * (qt.weight + we);
                    den += qt.weight + we;
                }
                None if !qt.optional => {
                    den += qt.weight;
                    q_extra = true;
                }
                None => {}
            }
        }
        for (i, t) in name.toks.iter().enumerate().take(MAX_NAME_STEMS) {
            if !used[i] && !t.optional {
                den += w(t.id);
                e_extra = true;
            }
        }
        if den <= 0.0 {
            return 0.0;
        }
        let mut score = num / den;
        if q_extra && e_extra {
            score *= SUBSTITUTION_PENALTY;
        }
        if q.shape.contrasts(&name.shape) {
            score *= CONTRAST_PENALTY;
        }
        score
    }

    /// Candidate entries by accumulated index weight, best first (at most `k`). Stems found in
    /// more than [`COMMON_STEM_SHARE`] of the names only add weight to entries that a rarer stem
    /// of the query already found (unless the query has no rarer stem): the postings of «выдача»
    /// or «справка» would otherwise make every query touch a third of the register.
    fn candidates(&self, q: &Query, k: usize) -> Vec<u32> {
        let n = self.names.len();
        let limit = ((n as f32 * COMMON_STEM_SHARE) as usize).max(8);
        let df = |id: u32| self.postings.get(id as usize).map_or(0, Vec::len);
        // A word is common when its own stem is (its near stems follow it).
        let common_tok = |t: &QTok| match t.hits.first() {
            Some(&(id, sim)) if sim >= 1.0 => df(id) > limit,
            _ => t.hits.iter().all(|&(id, _)| df(id) > limit),
        };
        let has_rare = q.toks.iter().any(|t| !t.hits.is_empty() && !common_tok(t));
        let mut acc = vec![0.0f32; n];
        let mut touched: Vec<u32> = Vec::new();
        for pass_common in [false, true] {
            for qt in &q.toks {
                let common = has_rare && common_tok(qt);
                if common != pass_common {
                    continue;
                }
                for &(id, sim) in &qt.hits {
                    let Some(post) = self.postings.get(id as usize) else {
                        continue;
                    };
                    let add = qt.weight * sim;
                    for &e in post {
                        let Some(a) = acc.get_mut(e as usize) else {
                            continue;
                        };
                        if *a == 0.0 {
                            if common {
                                continue;
                            }
                            touched.push(e);
                        }
                        *a += add;
                    }
                }
            }
        }
        let key = |e: &u32| acc.get(*e as usize).copied().unwrap_or(0.0);
        let by_weight = |a: &u32, b: &u32| key(b).total_cmp(&key(a)).then(a.cmp(b));
        if touched.len() > k && k > 0 {
            touched.select_nth_unstable_by(k - 1, by_weight);
            touched.truncate(k);
        }
        touched.sort_by(by_weight);
        touched.truncate(k);
        touched
    }
}

/// Finds register entries for service names.
#[derive(Debug)]
pub struct Matcher<'r> {
    register: &'r Register,
    ru: LangIndex,
    kk: LangIndex,
    by_bylaw: HashMap<String, Vec<usize>>,
}

impl<'r> Matcher<'r> {
    /// Builds the indexes over the register's names.
    pub fn new(register: &'r Register) -> Self {
        let mut ru = LangIndex::new(Language::Ru);
        let mut kk = LangIndex::new(Language::Kk);
        let mut by_bylaw: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in register.entries.iter().enumerate() {
            ru.add(i, e.name_ru.as_deref());
            kk.add(i, e.name_kk.as_deref());
            if let Some(r) = e.bylaw_registration_number.as_deref().map(str::trim) {
                if !r.is_empty() {
                    by_bylaw.entry(r.to_string()).or_default().push(i);
                }
            }
        }
        ru.finish();
        kk.finish();
        Self {
            register,
            ru,
            kk,
            by_bylaw,
        }
    }

    /// The register this matcher indexes.
    pub fn register(&self) -> &'r Register {
        self.register
    }

    fn index(&self, lang: Language) -> &LangIndex {
        match lang {
            Language::Ru => &self.ru,
            Language::Kk => &self.kk,
        }
    }

    /// The entries whose by-law has this registration number.
    pub fn by_bylaw(&self, registration_number: &str) -> &[usize] {
        self.by_bylaw
            .get(registration_number.trim())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Scored candidates for a name, best first, without a threshold (at most `k`).
    pub fn candidates(&self, name: &str, lang: Language, k: usize) -> Vec<Match> {
        let idx = self.index(lang);
        let q = idx.query(name);
        let mut out: Vec<Match> = idx
            .candidates(&q, k.max(1).saturating_mul(2).max(CANDIDATES))
            .into_iter()
            .map(|e| Match {
                entry_index: e as usize,
                score: idx.score(&q, e as usize),
                how: MatchHow::Fuzzy,
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.entry_index.cmp(&b.entry_index))
        });
        out.truncate(k);
        out
    }

    /// The entries many names match, in parallel (one result per name, in order).
    pub fn best_many<S: AsRef<str> + Sync>(
        &self,
        names: &[S],
        lang: Language,
    ) -> Vec<Option<Match>> {
        use rayon::prelude::*;
        names
            .par_iter()
            .map(|n| self.best(n.as_ref(), lang))
            .collect()
    }

    /// The entry a name matches, if any.
    pub fn best(&self, name: &str, lang: Language) -> Option<Match> {
        self.best_in_act(name, lang, None)
    }

    /// The entry a name matches, knowing the registration number of the act that names it: an
    /// entry whose by-law is that act wins at [`BYLAW_THRESHOLD`].
    pub fn best_in_act(
        &self,
        name: &str,
        lang: Language,
        act_registration: Option<&str>,
    ) -> Option<Match> {
        let idx = self.index(lang);
        let q = idx.query(name);
        if let Some(hits) = idx.exact.get(&q.exact) {
            if let Some(&e) = hits.first() {
                return Some(Match {
                    entry_index: e as usize,
                    score: 1.0,
                    how: MatchHow::ExactName,
                });
            }
        }
        if let Some(reg) = act_registration {
            let best = self
                .by_bylaw(reg)
                .iter()
                .map(|&e| (e, idx.score(&q, e)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((e, score)) = best.filter(|b| b.1 >= BYLAW_THRESHOLD) {
                return Some(Match {
                    entry_index: e,
                    score,
                    how: MatchHow::Bylaw,
                });
            }
        }
        idx.candidates(&q, CANDIDATES)
            .into_iter()
            .map(|e| (e as usize, idx.score(&q, e as usize)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .filter(|b| b.1 >= MATCH_THRESHOLD)
            .map(|(entry_index, score)| Match {
                entry_index,
                score,
                how: MatchHow::Fuzzy,
            })
    }
}

/// Word-overlap similarity of two short texts in one language (0..1, unweighted Dice over stems;
/// words in parentheses count only when both have them). For comparing providers, terms and
/// other field values, not names against the register.
pub fn similarity(a: &str, b: &str, lang: Language) -> f32 {
    let idx = LangIndex::new(lang);
    let sa = idx.analyse(a).stems;
    let sb = idx.analyse(b).stems;
    let common = sa
        .iter()
        .filter(|(s, _)| sb.iter().any(|(t, _)| t == s))
        .count() as f32;
    let count = |v: &[(String, bool)], other: &[(String, bool)]| {
        v.iter()
            .filter(|(s, opt)| !opt || other.iter().any(|(t, _)| t == s))
            .count() as f32
    };
    let den = count(&sa, &sb) + count(&sb, &sa);
    if den == 0.0 {
        return if a.trim().is_empty() && b.trim().is_empty() {
            1.0
        } else {
            0.0
        };
    }
    (2.0 * common / den).min(1.0)
}

/// True when two references name the same act: their registration numbers agree (the key that
/// holds across languages, versions and sources), or, lacking them, type, number and date do.
pub fn same_act(a: &ActRef, b: &ActRef) -> bool {
    fn t(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    match (t(&a.registration_number), t(&b.registration_number)) {
        (Some(x), Some(y)) => x == y,
        _ => {
            t(&a.number).is_some()
                && t(&a.date).is_some()
                && t(&a.number) == t(&b.number)
                && t(&a.date) == t(&b.date)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Entry, Register};

    fn reg(names: &[(&str, &str)]) -> Register {
        let entries = names
            .iter()
            .enumerate()
            .map(|(i, (ru, kk))| Entry {
                row: i + 2,
                code: Some(format!("00101{:03}", i + 1)),
                name_ru: (!ru.is_empty()).then(|| ru.to_string()),
                name_kk: (!kk.is_empty()).then(|| kk.to_string()),
                bylaw_registration_number: (i == 2).then(|| "55555".to_string()),
                ..Entry::default()
            })
            .collect();
        Register::from_entries("test", entries)
    }

    // The thresholds' order, checked when compiling.
    const _: () = {
        assert!(BYLAW_THRESHOLD < MATCH_THRESHOLD && MATCH_THRESHOLD < 1.0);
        assert!(
            CONTRAST_PENALTY < MATCH_THRESHOLD,
            "a contrast always rejects"
        );
        assert!(SUBSTITUTION_PENALTY < 1.0 && SUBSTITUTION_PENALTY > MATCH_THRESHOLD);
    };

    #[test]
    fn penalties_work_at_the_threshold() {
        // Same words, contrasting action: rejected although the overlap is perfect.
        let r = reg(&[("Постановка на учет", ""), ("Выдача справки", ""), ("", "")]);
        let m = Matcher::new(&r);
        let c = m.candidates("Снятие с учета", Language::Ru, 3);
        let top = c.iter().find(|c| c.entry_index == 0).expect("candidate");
        assert!(top.score < MATCH_THRESHOLD, "{}", top.score);
        assert!(m.best("Снятие с учета", Language::Ru).is_none());
        assert_eq!(
            m.best("учет постановка", Language::Ru)
                .map(|h| h.entry_index),
            Some(0)
        );
    }

    #[test]
    fn strong_keys_first() {
        let r = reg(&[
            (
                "Выдача справки о наличии недвижимости",
                "Жылжымайтын мүліктің бар екендігі туралы анықтама беру",
            ),
            ("Выдача справки об отсутствии недвижимости", ""),
            (
                "Выдача разрешения на строительство",
                "Құрылысқа рұқсат беру",
            ),
        ]);
        let m = Matcher::new(&r);
        let hit = m
            .best("«Выдача справки о наличии недвижимости»", Language::Ru)
            .unwrap();
        assert_eq!((hit.entry_index, hit.how), (0, MatchHow::ExactName));
        let hit = m
            .best("справка о наличии недвижимости", Language::Ru)
            .unwrap();
        assert_eq!((hit.entry_index, hit.how), (0, MatchHow::Fuzzy));
        assert_eq!(
            m.best("справка об отсутствии недвижимости", Language::Ru)
                .unwrap()
                .entry_index,
            1
        );
        // A loose wording matches only inside the act that is the entry's by-law.
        let loose =
            "Выдача разрешений на строительство и реконструкцию объектов жилищного назначения";
        assert!(m
            .best(loose, Language::Ru)
            .is_none_or(|h| h.score < MATCH_THRESHOLD));
        let hit = m.best_in_act(loose, Language::Ru, Some("55555")).unwrap();
        assert_eq!((hit.entry_index, hit.how), (2, MatchHow::Bylaw));
        assert!(m.best_in_act(loose, Language::Ru, Some("11111")).is_none());
        assert_eq!(m.by_bylaw("55555"), &[2]);
        // Kazakh.
        let hit = m.best("Құрылысқа рұқсаттар беру", Language::Kk).unwrap();
        assert_eq!(hit.entry_index, 2);
        assert!(m.best("Құрылысқа рұқсатты ұзарту", Language::Kk).is_none());
    }

    #[test]
    fn field_similarity() {
        assert!(
            similarity(
                "Министерство юстиции РК",
                "министерство юстиции Республики Казахстан",
                Language::Ru
            ) > 0.99
        );
        assert!(
            similarity(
                "Министерство юстиции",
                "Министерство финансов",
                Language::Ru
            ) < 0.6
        );
        assert!(similarity("Әділет министрлігі", "Әділет министрлігінің", Language::Kk) > 0.99);
    }

    #[test]
    fn same_act_by_registration_number() {
        let a = ActRef {
            registration_number: Some("10029".into()),
            number: Some("98".into()),
            ..ActRef::default()
        };
        let b = ActRef {
            registration_number: Some(" 10029 ".into()),
            ..ActRef::default()
        };
        let c = ActRef {
            registration_number: Some("10030".into()),
            number: Some("98".into()),
            ..ActRef::default()
        };
        assert!(same_act(&a, &b));
        assert!(!same_act(&a, &c));
        assert!(!same_act(&ActRef::default(), &ActRef::default()));
    }
}
