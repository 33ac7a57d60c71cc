//! Word lists for repair: Hunspell dictionaries expanded with their suffix rules, plus the
//! clean corpus's own word counts, compiled into one finite-state map over a one-byte alphabet.
//!
//! Why our own expansion rather than a Hunspell crate: the search in [`super::channel`] walks
//! the lexicon letter by letter, so it needs the word forms themselves, not a membership check.
//! Both Debian dictionaries (`kk_KZ`, `ru_RU`) use only `SFX` rules without continuation
//! classes, so expanding them is one pass over the stems.

use std::collections::HashMap;
use std::path::Path;

use fst::{Map, MapBuilder};
use rayon::slice::ParallelSliceMut;
use sha2::{Digest, Sha256};

/// The letters the lexicon knows, lowercase; a word with any other character is left out.
/// Byte `i + 1` in the map stands for the `i`-th letter.
pub(crate) const ALPHABET: [char; 43] = [
    'а', 'б', 'в', 'г', 'д', 'е', 'ё', 'ж', 'з', 'и', 'й', 'к', 'л', 'м', 'н', 'о', 'п', 'р', 'с',
    'т', 'у', 'ф', 'х', 'ц', 'ч', 'ш', 'щ', 'ъ', 'ы', 'ь', 'э', 'ю', 'я', 'ә', 'ғ', 'қ', 'ң', 'ө',
    'ұ', 'ү', 'һ', 'і', '-',
];

/// Value bit: the form comes from the Kazakh Hunspell dictionary.
pub(crate) const FROM_KK: u64 = 1 << 40;
/// Value bit: the form comes from the Russian Hunspell dictionary.
pub(crate) const FROM_RU: u64 = 1 << 41;
/// Value bit: the form was generated from a corpus word with a guessed paradigm.
pub(crate) const FROM_GUESS: u64 = 1 << 42;
/// Mask of the corpus count in a value.
pub(crate) const COUNT_MASK: u64 = (1 << 32) - 1;

/// The byte of a letter, or `None` outside [`ALPHABET`].
pub(crate) fn letter_byte(c: char) -> Option<u8> {
    let c = match c {
        'i' => 'і',
        _ => c,
    };
    ALPHABET
        .iter()
        .position(|&a| a == c)
        .and_then(|i| u8::try_from(i + 1).ok())
}

/// The letter of a byte.
pub(crate) fn byte_letter(b: u8) -> char {
    ALPHABET
        .get(usize::from(b).wrapping_sub(1))
        .copied()
        .unwrap_or('?')
}

/// Encodes a lowercase word; `None` when it has a character outside the alphabet.
pub(crate) fn encode(word: &str) -> Option<Vec<u8>> {
    word.chars().map(letter_byte).collect()
}

/// How a corpus word was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Casing {
    /// Occurrences in any case.
    pub count: u32,
    /// Occurrences with a capital first letter and lowercase rest.
    pub title: u32,
    /// Occurrences in capitals (two letters or more).
    pub upper: u32,
}

/// Word counts of a clean corpus, keyed by lowercase form.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    pub(crate) words: HashMap<String, Casing>,
    /// Counts of consecutive word pairs (lowercase), punctuation between them ignored.
    pub(crate) bigrams: HashMap<(String, String), u32>,
}

impl Corpus {
    /// Counts the words of `text` (runs of Cyrillic letters; hyphenated parts count apart).
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            let mut prev: Option<String> = None;
            for tok in line.split_whitespace() {
                let core = tok.trim_matches(|c: char| !is_cyrillic_letter(c));
                if core.is_empty() || !core.chars().all(is_cyrillic_letter) {
                    prev = None;
                    continue;
                }
                let w = core.to_lowercase();
                if let Some(p) = prev.take() {
                    let e = self.bigrams.entry((p, w.clone())).or_default();
                    *e = e.saturating_add(1);
                }
                prev = Some(w);
            }
        }
        for w in text.split(|c: char| !is_cyrillic_letter(c)) {
            if w.is_empty() {
                continue;
            }
            let lower = w.to_lowercase();
            let e = self.words.entry(lower).or_default();
            e.count = e.count.saturating_add(1);
            let mut chars = w.chars();
            let first_upper = chars.next().is_some_and(char::is_uppercase);
            let rest: Vec<char> = chars.collect();
            if first_upper && !rest.is_empty() && rest.iter().all(|c| c.is_uppercase()) {
                e.upper = e.upper.saturating_add(1);
            } else if first_upper {
                e.title = e.title.saturating_add(1);
            }
        }
    }

    /// Reads the `word\tcount\ttitle\tupper` and `word word\tcount` lines written by
    /// [`Corpus::to_tsv`].
    pub fn from_tsv(tsv: &str) -> Corpus {
        let mut c = Corpus::default();
        for line in tsv.lines() {
            let mut f = line.split('\t');
            let (Some(w), Some(n)) = (f.next(), f.next()) else {
                continue;
            };
            if let Some((a, b)) = w.split_once(' ') {
                if let Ok(n) = n.trim().parse::<u32>() {
                    c.bigrams.insert((a.to_string(), b.to_string()), n);
                }
                continue;
            }
            let num = |s: Option<&str>| s.and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(0);
            let count = num(Some(n));
            let title = num(f.next());
            let upper = num(f.next());
            if !w.is_empty() && count > 0 {
                c.words.insert(
                    w.to_string(),
                    Casing {
                        count,
                        title,
                        upper,
                    },
                );
            }
        }
        c
    }

    /// Writes the corpus as sorted `word\tcount\ttitle\tupper` lines, then the word pairs as
    /// `word word\tcount` lines.
    pub fn to_tsv(&self) -> String {
        let mut v: Vec<_> = self.words.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        let mut s = String::new();
        for (w, c) in v {
            s.push_str(&format!("{w}\t{}\t{}\t{}\n", c.count, c.title, c.upper));
        }
        let mut b: Vec<_> = self.bigrams.iter().collect();
        b.sort();
        for ((x, y), n) in b {
            s.push_str(&format!("{x} {y}\t{n}\n"));
        }
        s
    }

    /// Number of distinct words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True when no word was counted.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A Cyrillic letter (including the Kazakh ones).
pub(crate) fn is_cyrillic_letter(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}') && c.is_alphabetic()
}

/// One `SFX` rule over encoded bytes.
struct Rule {
    strip: Vec<u8>,
    add: Vec<u8>,
    /// Per condition position (last = end of word), the bytes it accepts as a bit mask.
    cond: Vec<u64>,
}

/// The rules of one flag, indexed by the last byte of the stem they may apply to.
struct FlagRules {
    rules: Vec<Rule>,
    by_last: Vec<Vec<usize>>,
}

fn mask_of(chars: &[char], neg: bool) -> u64 {
    let mut m = 0u64;
    for c in chars {
        if let Some(b) = letter_byte(c.to_lowercase().next().unwrap_or(*c)) {
            m |= 1 << b;
        }
    }
    if neg {
        !m
    } else {
        m
    }
}

fn parse_cond(s: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut it = s.chars();
    let mut guard = 0usize;
    while let Some(c) = it.next() {
        guard += 1;
        if guard > 256 {
            break;
        }
        match c {
            '.' => out.push(u64::MAX),
            '[' => {
                let mut set = Vec::new();
                let mut neg = false;
                let mut first = true;
                for d in it.by_ref() {
                    if d == ']' {
                        break;
                    }
                    if first && d == '^' {
                        neg = true;
                    } else {
                        set.push(d);
                    }
                    first = false;
                }
                out.push(mask_of(&set, neg));
            }
            _ => out.push(mask_of(&[c], false)),
        }
    }
    out
}

fn cond_matches(cond: &[u64], word: &[u8]) -> bool {
    if cond.len() > word.len() {
        return false;
    }
    let tail = &word[word.len() - cond.len()..];
    cond.iter().zip(tail).all(|(m, &b)| (m >> b) & 1 == 1)
}

/// Parses the `SFX` rules of an `.aff` file, by flag.
fn parse_aff(aff: &str) -> HashMap<char, FlagRules> {
    let mut rules: HashMap<char, Vec<Rule>> = HashMap::new();
    for line in aff.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() < 5 || f.first() != Some(&"SFX") {
            continue;
        }
        let (Some(flag), Some(strip), Some(add), Some(cond)) =
            (f[1].chars().next(), f.get(2), f.get(3), f.get(4))
        else {
            continue;
        };
        let strip = if *strip == "0" { "" } else { strip };
        let add = add.split('/').next().unwrap_or("");
        let add = if add == "0" { "" } else { add };
        let (Some(strip), Some(add)) = (encode(&strip.to_lowercase()), encode(&add.to_lowercase()))
        else {
            continue;
        };
        rules.entry(flag).or_default().push(Rule {
            strip,
            add,
            cond: parse_cond(cond),
        });
    }
    rules
        .into_iter()
        .map(|(flag, rules)| {
            let mut by_last = vec![Vec::new(); ALPHABET.len() + 1];
            for (i, r) in rules.iter().enumerate() {
                let m = r.cond.last().copied().unwrap_or(u64::MAX);
                for (b, v) in by_last.iter_mut().enumerate() {
                    if (m >> b) & 1 == 1 {
                        v.push(i);
                    }
                }
            }
            (flag, FlagRules { rules, by_last })
        })
        .collect()
}

/// The stems of a `.dic` file, encoded, with their flags.
fn parse_dic(dic: &str) -> Vec<(Vec<u8>, String)> {
    let mut out = Vec::new();
    for (i, line) in dic.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if i == 0 && line.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let (stem, flags) = match line.split_once('/') {
            Some((s, f)) => (s, f.split_whitespace().next().unwrap_or("")),
            None => (line.split_whitespace().next().unwrap_or(""), ""),
        };
        let Some(stem) = stem
            .chars()
            .map(|c| letter_byte(c.to_lowercase().next().unwrap_or(c)))
            .collect::<Option<Vec<u8>>>()
        else {
            continue;
        };
        if !stem.is_empty() {
            out.push((stem, flags.to_string()));
        }
    }
    out
}

/// Calls `out` for every form of `stem` under `flags`, the stem itself last.
fn expand_stem(
    rules: &HashMap<char, FlagRules>,
    stem: &[u8],
    flags: &str,
    out: &mut impl FnMut(Vec<u8>),
) -> usize {
    let Some(&last) = stem.last() else { return 0 };
    let mut n = 0;
    for flag in flags.chars() {
        let Some(fr) = rules.get(&flag) else { continue };
        let Some(idx) = fr.by_last.get(usize::from(last)) else {
            continue;
        };
        for &ri in idx {
            let Some(r) = fr.rules.get(ri) else { continue };
            if !stem.ends_with(&r.strip) || !cond_matches(&r.cond, stem) {
                continue;
            }
            let base = &stem[..stem.len() - r.strip.len()];
            let mut form = Vec::with_capacity(base.len() + r.add.len());
            form.extend_from_slice(base);
            form.extend_from_slice(&r.add);
            out(form);
            n += 1;
        }
    }
    out(stem.to_vec());
    n + 1
}

/// A dictionary's rules plus, for each stem ending (last three and last two letters), the
/// most common flag set of the stems that end so: the paradigm a new stem most likely follows.
pub(crate) struct Paradigms {
    rules: HashMap<char, FlagRules>,
    by_end: HashMap<Vec<u8>, String>,
}

impl Paradigms {
    fn new(stems: &[(Vec<u8>, String)], aff: &str) -> Paradigms {
        let mut counts: HashMap<Vec<u8>, HashMap<&str, u32>> = HashMap::new();
        for (stem, flags) in stems {
            if flags.is_empty() {
                continue;
            }
            for k in [2usize, 3] {
                if stem.len() > k {
                    *counts
                        .entry(stem[stem.len() - k..].to_vec())
                        .or_default()
                        .entry(flags.as_str())
                        .or_default() += 1;
                }
            }
        }
        let by_end = counts
            .into_iter()
            .filter_map(|(end, m)| {
                let best = m
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))?;
                Some((end, best.0.to_string()))
            })
            .collect();
        Paradigms {
            rules: parse_aff(aff),
            by_end,
        }
    }

    /// The forms of `stem` under its guessed paradigm.
    fn forms(&self, stem: &[u8]) -> Option<Vec<Vec<u8>>> {
        let flags = [3usize, 2]
            .iter()
            .find_map(|&e| self.by_end.get(stem.get(stem.len().checked_sub(e)?..)?))?;
        let mut forms = Vec::new();
        expand_stem(&self.rules, stem, flags, &mut |f| forms.push(f));
        Some(forms)
    }

    /// The proper stems (four letters or more) whose guessed paradigm produces `word`.
    fn stems_of(&self, word: &[u8]) -> Vec<Vec<u8>> {
        (4..word.len())
            .filter_map(|k| {
                let stem = word.get(..k)?;
                self.forms(stem)?
                    .iter()
                    .any(|f| f == word)
                    .then(|| stem.to_vec())
            })
            .collect()
    }
}

/// Expands a Hunspell `.dic`/`.aff` pair into encoded lowercase word forms, calling `out` for
/// each. Returns how many forms were produced, and the paradigms for guessing new stems.
pub(crate) fn expand_hunspell(
    dic: &str,
    aff: &str,
    mut out: impl FnMut(Vec<u8>),
) -> (usize, Paradigms) {
    let stems = parse_dic(dic);
    let par = Paradigms::new(&stems, aff);
    let mut n = 0usize;
    for (stem, flags) in &stems {
        n += expand_stem(&par.rules, stem, flags, &mut out);
    }
    (n, par)
}

/// Where the forms of a [`Lexicon`] came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LexiconStats {
    /// Forms from the Kazakh Hunspell dictionary (0 when absent).
    pub hunspell_kk: usize,
    /// Forms from the Russian Hunspell dictionary (0 when absent).
    pub hunspell_ru: usize,
    /// Distinct corpus words.
    pub corpus: usize,
    /// Stems guessed for corpus words unknown to the dictionaries.
    pub guessed: usize,
    /// Distinct forms in the map.
    pub total: usize,
}

/// The compiled lexicon.
pub(crate) struct Lexicon {
    pub map: Map<Vec<u8>>,
    pub corpus: Corpus,
    pub stats: LexiconStats,
}

/// Reads a dictionary pair from `dir` (`NAME.dic`, `NAME.aff`), if both are there.
pub(crate) fn read_pair(dir: &Path, name: &str) -> Option<(String, String)> {
    let dic = std::fs::read(dir.join(format!("{name}.dic"))).ok()?;
    let aff = std::fs::read(dir.join(format!("{name}.aff"))).ok()?;
    Some((
        String::from_utf8_lossy(&dic).into_owned(),
        String::from_utf8_lossy(&aff).into_owned(),
    ))
}

/// The folder for the compiled-lexicon cache: `$TIZILIM_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/tizilim`, else `$HOME/.cache/tizilim`.
pub(crate) fn cache_dir() -> Option<std::path::PathBuf> {
    if let Some(d) = std::env::var_os("TIZILIM_CACHE_DIR") {
        return Some(d.into());
    }
    if let Some(d) = std::env::var_os("XDG_CACHE_HOME") {
        return Some(std::path::PathBuf::from(d).join("tizilim"));
    }
    std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache").join("tizilim"))
}

/// Like [`build`], but keeps the compiled map in [`cache_dir`], keyed by a hash of every input,
/// so that only the first run pays for expanding the dictionaries.
pub(crate) fn build_cached(
    kk: Option<&(String, String)>,
    ru: Option<&(String, String)>,
    corpus: Corpus,
) -> Lexicon {
    let mut h = Sha256::new();
    h.update(b"tizilim-lexicon-v3\0");
    for (dic, aff) in [kk, ru].into_iter().flatten() {
        h.update(dic.as_bytes());
        h.update([0u8]);
        h.update(aff.as_bytes());
        h.update([0u8]);
    }
    h.update([1u8, u8::from(kk.is_some()), u8::from(ru.is_some())]);
    h.update(corpus.to_tsv().as_bytes());
    let key: String = h
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = cache_dir().map(|d| d.join(format!("lexicon-{key}.fst")));
    if let Some(p) = &path {
        if let Ok(bytes) = std::fs::read(p) {
            if let Some(lex) = from_cache_bytes(bytes, &corpus) {
                return Lexicon { corpus, ..lex };
            }
        }
    }
    let lex = build(kk, ru, corpus);
    if let Some(p) = &path {
        let mut bytes = Vec::with_capacity(lex.map.as_fst().as_bytes().len() + 32);
        for v in [
            lex.stats.hunspell_kk,
            lex.stats.hunspell_ru,
            lex.stats.corpus,
            lex.stats.total,
            lex.stats.guessed,
        ] {
            bytes.extend_from_slice(&(v as u64).to_le_bytes());
        }
        bytes.extend_from_slice(lex.map.as_fst().as_bytes());
        if let Some(dir) = p.parent() {
            let _ = std::fs::create_dir_all(dir);
            let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
            if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, p).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
    }
    lex
}

fn from_cache_bytes(mut bytes: Vec<u8>, _corpus: &Corpus) -> Option<Lexicon> {
    if bytes.len() < 40 {
        return None;
    }
    let mut v = [0usize; 5];
    for (i, x) in v.iter_mut().enumerate() {
        let b: [u8; 8] = bytes.get(i * 8..i * 8 + 8)?.try_into().ok()?;
        *x = usize::try_from(u64::from_le_bytes(b)).ok()?;
    }
    let map = Map::new(bytes.split_off(40)).ok()?;
    Some(Lexicon {
        map,
        corpus: Corpus::default(),
        stats: LexiconStats {
            hunspell_kk: v[0],
            hunspell_ru: v[1],
            corpus: v[2],
            total: v[3],
            guessed: v[4],
        },
    })
}

/// Builds the lexicon from optional Hunspell pairs and a corpus.
pub(crate) fn build(
    kk: Option<&(String, String)>,
    ru: Option<&(String, String)>,
    corpus: Corpus,
) -> Lexicon {
    let mut keys: Vec<(Vec<u8>, u64)> = Vec::new();
    let mut stats = LexiconStats::default();

    let mut paradigms = Vec::new();
    if let Some((dic, aff)) = kk {
        let (n, p) = expand_hunspell(dic, aff, |k| keys.push((k, FROM_KK)));
        stats.hunspell_kk = n;
        paradigms.push((p, FROM_KK));
    }
    if let Some((dic, aff)) = ru {
        let (n, p) = expand_hunspell(dic, aff, |k| keys.push((k, FROM_RU)));
        stats.hunspell_ru = n;
        paradigms.push((p, FROM_RU));
    }
    keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // Corpus words the dictionaries do not know: guess their paradigm from dictionary stems
    // with the same ending, so that their other case forms are known too.
    // Each unknown word votes for the stems that explain it; it takes the stem most words
    // share (then the shortest), so «тізілімі» and «тізілімінде» both land on «тізілім».
    let mut extra: Vec<(Vec<u8>, u64)> = Vec::new();
    let mut words: Vec<(&String, &Casing)> = corpus.words.iter().collect();
    words.sort_by(|a, b| a.0.cmp(b.0));
    for (pi, (p, lang)) in paradigms.iter().enumerate() {
        let mut votes: HashMap<Vec<u8>, u32> = HashMap::new();
        let mut cands: Vec<Vec<Vec<u8>>> = Vec::new();
        for (w, _) in &words {
            let Some(k) = encode(w) else { continue };
            if keys.binary_search_by(|x| x.0.as_slice().cmp(&k)).is_ok() {
                continue;
            }
            // Kazakh paradigms for words with Kazakh letters, Russian ones for the rest.
            let kazakh = k.iter().any(|&b| (34..=42).contains(&b));
            if (pi == 0) != kazakh && paradigms.len() == 2 {
                continue;
            }
            let stems = p.stems_of(&k);
            for st in &stems {
                *votes.entry(st.clone()).or_default() += 1;
            }
            cands.push(stems);
        }
        let mut chosen: std::collections::HashSet<Vec<u8>> = std::collections::HashSet::new();
        for stems in cands {
            if let Some(best) = stems.into_iter().max_by(|a, b| {
                let (va, vb) = (votes.get(a).copied(), votes.get(b).copied());
                va.cmp(&vb).then(b.len().cmp(&a.len()))
            }) {
                chosen.insert(best);
            }
        }
        stats.guessed += chosen.len();
        for st in chosen {
            if let Some(forms) = p.forms(&st) {
                extra.extend(forms.into_iter().map(|f| (f, *lang | FROM_GUESS)));
            }
        }
    }
    for (w, c) in words {
        if let Some(k) = encode(w) {
            extra.push((k, u64::from(c.count)));
        }
    }
    keys.extend(extra);
    stats.corpus = corpus.len();
    keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut b = MapBuilder::memory();
    let mut i = 0;
    while i < keys.len() {
        let mut j = i;
        let mut v = 0u64;
        while j < keys.len() && keys[j].0 == keys[i].0 {
            let x = keys[j].1;
            v = (v & !COUNT_MASK)
                | (x & !COUNT_MASK)
                | ((v & COUNT_MASK) + (x & COUNT_MASK)).min(COUNT_MASK);
            j += 1;
        }
        if !keys[i].0.is_empty() && b.insert(&keys[i].0, v).is_ok() {
            stats.total += 1;
        }
        i = j;
    }
    let map = b
        .into_inner()
        .ok()
        .and_then(|bytes| Map::new(bytes).ok())
        .unwrap_or_default();
    Lexicon { map, corpus, stats }
}
