//! Matching a service name from an act against the register, in Russian and Kazakh.
//!
//! A name becomes a set of stems ([`super::normalize::tokens`], [`super::stem::stem`], function
//! words dropped, a few synonyms of the same action folded: «получение» = «выдача», «алу» =
//! «беру»). The [`Matcher`] keeps, per language, an inverted index from stem to the entries whose
//! name has it, and the inverse document frequency of every stem over the register.
//!
//! Finding the entry for a name never compares all pairs:
//! 1. **strong keys first**: the same name after normalisation ([`MatchHow::ExactName`]); when
//!    the act that names the service is itself an entry's by-law (same registration number), that
//!    entry wins at a lower threshold ([`BYLAW_THRESHOLD`], [`MatchHow::Bylaw`]);
//! 2. **candidates** from the inverted index: every entry sharing a stem with the name gets the
//!    stem's weight; a stem the register does not know is compared (Jaro–Winkler, at least
//!    [`NEAR_TOKEN_SIMILARITY`]) with the known stems that start with the same two letters;
//! 3. the best [`CANDIDATES`] are **scored**: an IDF-weighted Dice overlap of the two stem sets
//!    (near stems count with their similarity; words in parentheses count only when both names
//!    have them), times [`CONTRAST_PENALTY`] when the names disagree on the action (one says
//!    «о наличии», the other «об отсутствии»; «регистрация» against «снятие с регистрации»);
//! 4. the best candidate is a match when it reaches [`MATCH_THRESHOLD`].

use std::collections::HashMap;

use serde::Serialize;

use super::normalize::{normalize, tokens};
use super::stem::{is_stopword, stem};
use super::Register;
use crate::structure::ActRef;
use crate::text::Language;

/// A fuzzy match needs at least this score (0..1).
pub const MATCH_THRESHOLD: f32 = 0.72;
/// Among the entries of the act's own by-law, this score is enough.
pub const BYLAW_THRESHOLD: f32 = 0.5;
/// Two different stems count as the same word from this Jaro–Winkler similarity on.
pub const NEAR_TOKEN_SIMILARITY: f64 = 0.9;
/// Stems shorter than this (in letters) only match exactly.
pub const NEAR_TOKEN_MIN_LEN: usize = 5;
/// The score is multiplied by this when the names disagree on the action.
pub const CONTRAST_PENALTY: f32 = 0.5;
/// How many index candidates are scored in full.
pub const CANDIDATES: usize = 16;

/// Words that name the action of a service: two names that differ in them are different
/// services even when every other word agrees. Normalised, unstemmed; stemmed at start.
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
    "наличии",
    "отсутствии",
    "дубликат",
    "повторное",
    "замена",
    "согласование",
    "аккредитация",
    "аттестация",
    "присвоение",
    "упразднение",
    "возврат",
    "перевод",
    "изменение",
    "корректировка",
];
const ACTIONS_KK: &[&str] = &[
    "беру",
    "ұзарту",
    "қайтарып",
    "ресімдеу",
    "тіркеу",
    "шығару",
    "қою",
    "енгізу",
    "тастау",
    "жою",
    "тоқтата",
    "тоқтату",
    "қалпына",
    "бар",
    "жоқ",
    "телнұсқа",
    "телнұсқасын",
    "қайталама",
    "келісу",
    "аккредиттеу",
    "аттестаттау",
    "беру",
    "қайтару",
    "өзгерту",
];
/// Different words for the same action: (word, the word it counts as). Normalised, unstemmed.
const SYNONYMS: &[(&str, &str, Language)] = &[
    ("получение", "выдача", Language::Ru),
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

#[derive(Debug, Clone, Default)]
struct Name {
    toks: Vec<Tok>,
    actions: Vec<u32>,
    head: Option<u32>,
}

#[derive(Debug, Default)]
struct LangIndex {
    lang: Language,
    vocab: HashMap<String, u32>,
    stems: Vec<String>,
    df: Vec<u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<u32>>,
    buckets: HashMap<(char, char), Vec<u32>>,
    names: Vec<Option<Name>>,
    exact: HashMap<String, Vec<u32>>,
    action_ids: Vec<u32>,
    synonyms: HashMap<String, String>,
    unseen_idf: f32,
}

/// One word of a query: the known stem, or near known stems, with its weight.
#[derive(Debug, Clone)]
struct QTok {
    hits: Vec<(u32, f32)>,
    weight: f32,
    optional: bool,
    action: bool,
}

fn bucket_key(s: &str) -> Option<(char, char)> {
    let mut c = s.chars();
    Some((c.next()?, c.next()?))
}

impl LangIndex {
    fn new(lang: Language) -> Self {
        let synonyms = SYNONYMS
            .iter()
            .filter(|s| s.2 == lang)
            .map(|(a, b, _)| (stem(a, lang), stem(b, lang)))
            .collect();
        Self {
            lang,
            synonyms,
            ..Self::default()
        }
    }

    /// The stems of a name: (stem, optional), function words dropped, synonyms folded,
    /// duplicates merged (a word is optional only when every occurrence is).
    fn stems(&self, name: &str) -> Vec<(String, bool)> {
        let mut out: Vec<(String, bool)> = Vec::new();
        for t in tokens(name) {
            if is_stopword(&t.text, self.lang) {
                continue;
            }
            let mut s = stem(&t.text, self.lang);
            if let Some(c) = self.synonyms.get(&s) {
                s = c.clone();
            }
            match out.iter_mut().find(|(x, _)| *x == s) {
                Some(prev) => prev.1 &= t.optional,
                None => out.push((s, t.optional)),
            }
        }
        out
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
            return;
        };
        let stems = self.stems(name);
        let mut toks = Vec::with_capacity(stems.len());
        for (s, optional) in &stems {
            let id = self.intern(s);
            self.df[id as usize] += 1;
            self.postings[id as usize].push(entry as u32);
            toks.push(Tok {
                id,
                optional: *optional,
            });
        }
        self.exact
            .entry(exact_key(name))
            .or_default()
            .push(entry as u32);
        self.names.push(Some(Name {
            toks,
            actions: Vec::new(),
            head: None,
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
        let words: &[&str] = match self.lang {
            Language::Ru => ACTIONS_RU,
            Language::Kk => ACTIONS_KK,
        };
        for w in words {
            let s = stem(&normalize(w), self.lang);
            let id = self.intern(&s);
            if !self.action_ids.contains(&id) {
                self.action_ids.push(id);
            }
        }
        // Interning action stems may have grown the vocabulary.
        self.idf.resize(self.stems.len(), self.unseen_idf);
        let action_ids = self.action_ids.clone();
        for name in self.names.iter_mut().flatten() {
            name.actions = name
                .toks
                .iter()
                .filter(|t| action_ids.contains(&t.id))
                .map(|t| t.id)
                .collect();
            name.head = name
                .toks
                .iter()
                .find(|t| !t.optional && action_ids.contains(&t.id))
                .map(|t| t.id);
        }
    }

    fn query(&self, name: &str) -> Vec<QTok> {
        self.stems(name)
            .into_iter()
            .map(|(s, optional)| {
                if let Some(&id) = self.vocab.get(&s) {
                    return QTok {
                        hits: vec![(id, 1.0)],
                        weight: self
                            .idf
                            .get(id as usize)
                            .copied()
                            .unwrap_or(self.unseen_idf),
                        optional,
                        action: self.action_ids.contains(&id),
                    };
                }
                let mut hits = Vec::new();
                let near_ok = s.chars().count() >= NEAR_TOKEN_MIN_LEN
                    && !s.chars().any(|c| c.is_ascii_digit());
                if near_ok {
                    if let Some(bucket) = bucket_key(&s).and_then(|k| self.buckets.get(&k)) {
                        for &id in bucket {
                            let known = &self.stems[id as usize];
                            if known.chars().count() < NEAR_TOKEN_MIN_LEN {
                                continue;
                            }
                            let sim = strsim::jaro_winkler(&s, known);
                            if sim >= NEAR_TOKEN_SIMILARITY {
                                hits.push((id, sim as f32));
                            }
                        }
                    }
                }
                QTok {
                    hits,
                    weight: self.unseen_idf,
                    optional,
                    action: false,
                }
            })
            .collect()
    }

    /// The full score of a query against one entry's name.
    fn score(&self, q: &[QTok], entry: usize) -> f32 {
        let Some(Some(name)) = self.names.get(entry) else {
            return 0.0;
        };
        let w = |id: u32| {
            self.idf
                .get(id as usize)
                .copied()
                .unwrap_or(self.unseen_idf)
        };
        let mut used = vec![false; name.toks.len()];
        let (mut num, mut den) = (0.0f32, 0.0f32);
        let mut q_actions: Vec<u32> = Vec::new();
        for qt in q {
            let mut best: Option<(usize, f32)> = None;
            for (i, t) in name.toks.iter().enumerate() {
                if used[i] {
                    continue;
                }
                if let Some(&(_, sim)) = qt.hits.iter().find(|(id, _)| *id == t.id) {
                    if best.is_none_or(|b| sim > b.1) {
                        best = Some((i, sim));
                    }
                }
            }
            if qt.action {
                if let Some(&(id, _)) = qt.hits.first() {
                    q_actions.push(id);
                }
            }
            match best {
                Some((i, sim)) => {
                    used[i] = true;
                    let we = w(name.toks[i].id);
                    num += sim * (qt.weight + we);
                    den += qt.weight + we;
                }
                None if !qt.optional => den += qt.weight,
                None => {}
            }
        }
        for (i, t) in name.toks.iter().enumerate() {
            if !used[i] && !t.optional {
                den += w(t.id);
            }
        }
        if den <= 0.0 {
            return 0.0;
        }
        let mut score = num / den;
        let extra_action = q_actions.iter().any(|a| !name.actions.contains(a));
        let head_missing =
            !q_actions.is_empty() && name.head.is_some_and(|h| !q_actions.contains(&h));
        if extra_action || head_missing {
            score *= CONTRAST_PENALTY;
        }
        score
    }

    /// Candidate entries with their accumulated index weight, best first.
    fn candidates(&self, q: &[QTok], k: usize) -> Vec<u32> {
        let mut acc: HashMap<u32, f32> = HashMap::new();
        for qt in q {
            for &(id, sim) in &qt.hits {
                if let Some(post) = self.postings.get(id as usize) {
                    for &e in post {
                        *acc.entry(e).or_insert(0.0) += qt.weight * sim;
                    }
                }
            }
        }
        let mut v: Vec<(u32, f32)> = acc.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(k);
        v.into_iter().map(|(e, _)| e).collect()
    }
}

/// The exact-name key: normalised words joined by one space.
fn exact_key(name: &str) -> String {
    tokens(name)
        .into_iter()
        .map(|t| t.text)
        .collect::<Vec<_>>()
        .join(" ")
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
        if let Some(hits) = idx.exact.get(&exact_key(name)) {
            if let Some(&e) = hits.first() {
                return Some(Match {
                    entry_index: e as usize,
                    score: 1.0,
                    how: MatchHow::ExactName,
                });
            }
        }
        let q = idx.query(name);
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
    let sa = idx.stems(a);
    let sb = idx.stems(b);
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
