//! The noisy channel: how each Cyrillic letter comes out of an English OCR model (weighted
//! Latin segments, deletions, insertions), and the search that reads a garbled token back as
//! the cheapest lexicon word (channel cost plus a word prior).
//!
//! Costs are negative log probabilities. The hand table below (the confusions of DOMAIN.md
//! §2.4) is the starting point; `examples/repair_eval.rs --learn` re-estimates it by Viterbi
//! alignment on the training split of the OCR pairs and writes `crates/repair/data/channel.tsv`, which
//! `Channel::load` prefers when present.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use fst::raw::Output;
use rustc_hash::FxHashSet;

use super::lexicon::{
    self, Lexicon, ALPHABET, ATTESTED, COUNT_MASK, FAMILY_MASK, FAMILY_SHIFT, FROM_GUESS, FROM_KK,
    FROM_RU, GEN_1, GEN_2, GEN_3,
};
use super::lm::CharLm;

/// The learned table, when one was committed.
const LEARNED: &str = include_str!("../data/channel.tsv");

/// Hand-written confusions: Cyrillic letter, Latin segments (lowercased), base cost.
const HAND: &[(char, &str, f32)] = &[
    ('а', "a", 0.2),
    ('а', "o", 3.0),
    ('б', "6", 0.4),
    ('б', "b", 1.5),
    ('б', "o", 2.0),
    ('б', "0", 2.5),
    ('б', "g", 2.5),
    ('в', "b", 0.4),
    ('г', "r", 0.4),
    ('г', "t", 3.0),
    ('д', "g", 1.0),
    ('д', "a", 1.2),
    ('д', "d", 1.2),
    ('д', "/\\", 1.5),
    ('д', "i", 3.0),
    ('д', "gj", 1.5),
    ('е', "e", 0.2),
    ('е', "c", 3.0),
    ('ё', "e", 1.0),
    ('ж', ">k", 0.4),
    ('ж', "*k", 0.4),
    ('ж', ")k", 0.5),
    ('ж', "xk", 0.5),
    ('ж', "»k", 0.8),
    ('ж', "2k", 1.0),
    ('ж', "k", 2.0),
    ('ж', "x", 2.0),
    ('ж', "*", 2.0),
    ('ж', "w", 2.5),
    ('з', "3", 0.3),
    ('з', "z", 1.5),
    ('и', "u", 0.5),
    ('и', "n", 1.5),
    ('и', "h", 2.5),
    // One «и» read as two letters (on the pairs of real acts: `vu`, `uv`, `um`, `hm`, `mw`).
    ('и', "uv", 2.0),
    ('и', "vu", 2.0),
    ('и', "um", 2.0),
    ('и', "mu", 2.5),
    ('и', "hm", 2.5),
    ('и', "mw", 2.5),
    ('и', "uw", 2.5),
    ('и', "uu", 2.5),
    ('и', "vm", 2.5),
    ('и', "v", 2.0),
    ('й', "n", 1.5),
    ('й', "u", 1.5),
    ('й', "ii", 1.5),
    ('й', "i", 2.0),
    ('к', "k", 0.2),
    ('л', "ji", 0.7),
    ('л', "jl", 1.0),
    ('л', "n", 0.8),
    ('л', "si", 1.5),
    ('л', "ii", 1.5),
    ('л', "/\\", 1.5),
    ('л', "j", 2.0),
    ('м', "m", 0.2),
    ('н', "h", 0.3),
    ('о', "o", 0.2),
    ('о', "0", 1.5),
    ('п', "n", 0.3),
    ('р', "p", 0.2),
    ('с', "c", 0.2),
    ('т', "t", 0.2),
    ('у', "y", 0.2),
    ('ф', "®", 0.5),
    ('х', "x", 0.2),
    ('ц', "u", 1.0),
    ('ц', "li", 1.5),
    ('ч', "4", 1.0),
    ('ч', "y", 1.5),
    ('ш', "iii", 0.5),
    ('ш', "w", 0.5),
    ('ш', "lu", 1.0),
    ('ш', "lll", 1.0),
    ('щ', "iii", 1.0),
    ('щ', "w", 1.0),
    ('ъ', "b", 1.5),
    ('ы', "bi", 0.2),
    ('ы', "bl", 0.3),
    ('ы', "b!", 1.0),
    ('ь', "b", 0.5),
    ('э', "3", 0.8),
    ('э', "9", 1.5),
    ('ю', "io", 1.0),
    ('ю', "10", 1.5),
    ('я', "si", 0.8),
    ('я', "r", 2.0),
    ('ә', "e", 1.0),
    ('ә', "a", 1.5),
    ('ә', "o", 1.5),
    ('ә', "9", 2.0),
    ('ғ', "f", 0.5),
    ('ғ', "r", 0.8),
    ('қ', "k", 0.4),
    ('ң', "h", 0.5),
    ('ң', "h,", 0.8),
    ('ө', "©", 0.5),
    ('ө', "e", 0.7),
    ('ө', "o", 1.5),
    ('ұ', "y", 0.5),
    ('ұ', "¥", 0.5),
    ('ү', "y", 0.4),
    ('һ', "h", 0.5),
    ('і', "i", 0.2),
    ('і', "l", 1.5),
    ('і', "1", 2.0),
];

/// The byte of «ң», whose descender English OCR reads as a comma.
const NG: u8 = 37;

/// Characters that may stand around a word as punctuation and are then kept verbatim (`<` and
/// `>` are guillemets read by English OCR, written back as «« »»).
pub(crate) fn is_edge_punct(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '('
            | ')'
            | '['
            | ']'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '*'
            | '/'
            | '<'
            | '>'
    )
}

/// Normalises one garbled character for matching (lowercase, plain quotes).
pub(crate) fn norm_char(c: char) -> char {
    match c {
        '“' | '”' | '„' => '"',
        '’' | '‘' => '\'',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// The channel model.
#[derive(Debug, Clone)]
pub(crate) struct Channel {
    /// Per letter byte (index = byte), the segments it may come out as, with costs.
    emits: Vec<Vec<(Vec<char>, f32)>>,
    /// Per letter byte, the cost of the letter vanishing.
    del: Vec<f32>,
    /// Cost of a letter coming out as some other single character.
    pub sub: f32,
    /// Cost of a garbled character that stands for no letter, by character.
    ins: HashMap<char, f32>,
    /// Cost of inserting a character not in `ins`.
    pub ins_default: f32,
    /// True when the table was learned from OCR pairs.
    pub learned: bool,
}

impl Channel {
    /// The hand table with default generic costs.
    pub fn hand() -> Channel {
        let n = ALPHABET.len() + 1;
        let mut emits = vec![Vec::new(); n];
        for &(l, seg, cost) in HAND {
            if let Some(b) = lexicon::letter_byte(l) {
                if let Some(v) = emits.get_mut(usize::from(b)) {
                    v.push((seg.chars().collect(), cost));
                }
            }
        }
        if let Some(b) = lexicon::letter_byte('-') {
            if let Some(v) = emits.get_mut(usize::from(b)) {
                v.push((vec!['-'], 0.1));
            }
        }
        Channel {
            emits,
            del: vec![5.0; n],
            sub: 6.0,
            ins: HashMap::new(),
            ins_default: 4.5,
            learned: false,
        }
    }

    /// The learned table if one is committed, else the hand table.
    pub fn load() -> Channel {
        Channel::from_tsv(LEARNED).unwrap_or_else(Channel::hand)
    }

    /// Parses `letter\tsegment\tcost` lines; `#del\tletter\tcost`, `#ins\tchar\tcost`,
    /// `#sub\t\tcost`, `#insdefault\t\tcost`. `None` when the text has no entries.
    pub fn from_tsv(tsv: &str) -> Option<Channel> {
        let mut ch = Channel::hand();
        for v in ch.emits.iter_mut() {
            v.clear();
        }
        let mut any = false;
        for line in tsv.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            let [a, b, c] = f.as_slice() else { continue };
            let Ok(cost) = c.trim().parse::<f32>() else {
                continue;
            };
            let b = unescape(b);
            match *a {
                "#del" => {
                    if let Some(x) = b.chars().next().and_then(lexicon::letter_byte) {
                        if let Some(d) = ch.del.get_mut(usize::from(x)) {
                            *d = cost;
                        }
                    }
                }
                "#ins" => {
                    if let Some(x) = b.chars().next() {
                        ch.ins.insert(x, cost);
                    }
                }
                "#sub" => ch.sub = cost,
                "#insdefault" => ch.ins_default = cost,
                _ => {
                    let Some(x) = a.chars().next().and_then(lexicon::letter_byte) else {
                        continue;
                    };
                    if let Some(v) = ch.emits.get_mut(usize::from(x)) {
                        v.push((b.chars().collect(), cost));
                        any = true;
                    }
                }
            }
        }
        ch.learned = true;
        any.then_some(ch)
    }

    /// Writes the table in the format of [`Channel::from_tsv`].
    pub fn to_tsv(&self) -> String {
        let mut s = String::from("# tizilim repair channel: letter\\tsegment\\tcost (-ln p)\n");
        for (b, v) in self.emits.iter().enumerate() {
            let l = lexicon::byte_letter(u8::try_from(b).unwrap_or(0));
            let mut v = v.clone();
            v.sort_by(|x, y| x.1.total_cmp(&y.1).then_with(|| x.0.cmp(&y.0)));
            for (seg, cost) in v {
                let seg: String = seg.iter().collect();
                s.push_str(&format!("{l}\t{}\t{cost:.3}\n", escape(&seg)));
            }
        }
        for (b, d) in self.del.iter().enumerate().skip(1) {
            let l = lexicon::byte_letter(u8::try_from(b).unwrap_or(0));
            s.push_str(&format!("#del\t{l}\t{d:.3}\n"));
        }
        let mut ins: Vec<_> = self.ins.iter().collect();
        ins.sort_by(|a, b| a.0.cmp(b.0));
        for (c, d) in ins {
            s.push_str(&format!("#ins\t{}\t{d:.3}\n", escape(&c.to_string())));
        }
        s.push_str(&format!("#sub\t\t{:.3}\n", self.sub));
        s.push_str(&format!("#insdefault\t\t{:.3}\n", self.ins_default));
        s
    }

    /// The least cost any path can pay per occurrence of `c`: its insertion, a generic
    /// substitution, or its share of the cheapest table segment holding it.
    fn char_floor(&self, c: char) -> f32 {
        let mut m = self.ins_cost(c).min(self.sub).min((self.sub + 2.5) / 2.0);
        for v in &self.emits {
            for (seg, cost) in v {
                if seg.contains(&c) {
                    #[allow(clippy::cast_precision_loss)]
                    let share = cost / seg.len() as f32;
                    m = m.min(share);
                }
            }
        }
        m.max(0.0)
    }

    fn ins_cost(&self, c: char) -> f32 {
        self.ins.get(&c).copied().unwrap_or(self.ins_default)
    }

    fn emits(&self, b: u8) -> &[(Vec<char>, f32)] {
        self.emits.get(usize::from(b)).map_or(&[], |v| v.as_slice())
    }

    fn del_cost(&self, b: u8) -> f32 {
        self.del.get(usize::from(b)).copied().unwrap_or(5.0)
    }

    /// The cost of letter `b` emitting `g[j..j+k]`, for `k` in 0..=3.
    fn emit_cost(&self, b: u8, g: &[char], j: usize, k: usize) -> Option<f32> {
        let seg = g.get(j..j + k)?;
        let table = self
            .emits(b)
            .iter()
            .filter(|(s, _)| s.as_slice() == seg)
            .map(|x| x.1)
            .fold(f32::INFINITY, f32::min);
        let generic = match k {
            0 => self.del_cost(b),
            1 => self.sub,
            2 => self.sub + 2.5,
            _ => f32::INFINITY,
        };
        let c = table.min(generic);
        c.is_finite().then_some(c)
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('\t', "\\t")
}

fn unescape(s: &str) -> String {
    s.replace("\\t", "\t").replace("\\\\", "\\")
}

/// Weights of the word prior.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PriorWeights {
    /// Cost of a corpus word seen once.
    pub corpus_base: f32,
    /// Cost reduction per natural log of the corpus count.
    pub corpus_slope: f32,
    /// Cost of a word known only from a Hunspell dictionary.
    pub hunspell: f32,
    /// Extra cost of a Russian-only word.
    pub russian: f32,
    /// Extra cost of a form generated from a corpus word with a guessed paradigm.
    pub guessed: f32,
    /// Extra cost per suffix of a form generated by the Kazakh morphotactics.
    pub suffix: f32,
    /// Weight of the character model's cost per character above `lm_base`, for words no
    /// corpus attests.
    pub lm: f32,
    /// See `lm`.
    pub lm_base: f32,
    /// Cost reduction for a form attested in real text that the corpus does not have.
    pub attested: f32,
    /// Extra cost of a form that is neither in the corpus nor attested in real text.
    pub unattested: f32,
    /// Extra cost of a form that only the lists of attested forms have (no dictionary, no
    /// corpus, not generated): those lists hold web noise too.
    pub web_only: f32,
    /// Cost reduction per natural log of (1 + the corpus count of the form's family). Off (0):
    /// with twelve readings per token it cost words on the development split (0.5: kk 0.880,
    /// ru 0.873; 0: 0.882, 0.874; without Hunspell 0.869, 0.820 against 0.875, 0.826).
    pub family: f32,
}

impl Default for PriorWeights {
    fn default() -> Self {
        PriorWeights {
            corpus_base: 1.5,
            corpus_slope: 0.5,
            hunspell: 3.0,
            russian: 0.5,
            guessed: 0.5,
            suffix: 0.3,
            lm: 1.0,
            lm_base: 2.0,
            attested: 1.0,
            unattested: 3.0,
            web_only: 4.0,
            family: 0.0,
        }
    }
}

impl PriorWeights {
    /// The weights for a lexicon without lists of attested forms.
    pub fn without_attested() -> Self {
        PriorWeights {
            attested: 0.0,
            unattested: 0.0,
            ..PriorWeights::default()
        }
    }

    fn cost(&self, value: u64) -> f32 {
        #[allow(clippy::cast_precision_loss)]
        let family = ((value & FAMILY_MASK) >> FAMILY_SHIFT) as f32;
        let base = (self.cost_by_source(value) - self.family * family.ln_1p()).max(0.0);
        if value & COUNT_MASK > 0 {
            base
        } else if value & ATTESTED != 0 {
            (base - self.attested).max(0.0)
        } else {
            base + self.unattested
        }
    }

    fn cost_by_source(&self, value: u64) -> f32 {
        let count = value & COUNT_MASK;
        let suffixes = if value & GEN_1 != 0 {
            1.0
        } else if value & GEN_2 != 0 {
            2.0
        } else if value & GEN_3 != 0 {
            3.0
        } else {
            0.0
        };
        let gen = self.suffix * suffixes;
        if count > 0 {
            #[allow(clippy::cast_precision_loss)]
            let l = (count as f32).ln();
            (self.corpus_base - self.corpus_slope * l).max(0.0)
        } else if value & FROM_KK != 0 {
            self.hunspell + gen
        } else if value & FROM_GUESS != 0 {
            self.hunspell + self.guessed + gen
        } else if value & FROM_RU != 0 {
            self.hunspell + self.russian
        } else if value & ATTESTED != 0 {
            self.hunspell + self.web_only
        } else {
            self.hunspell + 2.0
        }
    }
}

/// The best reading of one token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    /// The lowercase Cyrillic word.
    pub word: String,
    /// Verbatim characters before the word (normalised garbled characters).
    pub lead: usize,
    /// Verbatim characters after the word.
    pub trail: usize,
    /// Channel cost.
    pub channel: f32,
    /// Total cost (channel + prior).
    pub total: f32,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// Cost so far plus the lower bound of the rest (A* priority).
    prio: f32,
    cost: f32,
    addr: usize,
    pos: u16,
    node: u32,
    out: u64,
    hash: u64,
    goal: bool,
    lead: u8,
    word_cost: f32,
}

/// The emission costs of one search, computed on first use: (letter byte, position, length).
struct EmitMemo {
    costs: Vec<f32>,
    width: usize,
}

impl EmitMemo {
    fn new(n: usize) -> Self {
        let width = (n + 1) * 4;
        EmitMemo {
            costs: vec![f32::NAN; (ALPHABET.len() + 1) * width],
            width,
        }
    }

    fn cost(&mut self, ch: &Channel, b: u8, g: &[char], j: usize, k: usize) -> Option<f32> {
        let Some(slot) = self.costs.get_mut(usize::from(b) * self.width + j * 4 + k) else {
            return ch.emit_cost(b, g, j, k);
        };
        if slot.is_nan() {
            *slot = ch.emit_cost(b, g, j, k).unwrap_or(f32::INFINITY);
        }
        slot.is_finite().then_some(*slot)
    }
}

/// The search queue: states in an append-only arena, a heap of (priority, index) keys.
///
/// Priorities are never negative, so their bit patterns order as the numbers do; ties go to
/// the state queued first.
#[derive(Default)]
struct Queue {
    states: Vec<Entry>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl Queue {
    fn push(&mut self, e: Entry) {
        let Ok(i) = u32::try_from(self.states.len()) else {
            return;
        };
        self.heap.push(Reverse((e.prio.max(0.0).to_bits(), i)));
        self.states.push(e);
    }

    fn pop(&mut self) -> Option<Entry> {
        let Reverse((_, i)) = self.heap.pop()?;
        self.states.get(i as usize).copied()
    }
}

/// Finds the `n` cheapest distinct lexicon words within `margin` of the best for the
/// normalised garbled characters `g`: uniform-cost search over (lexicon prefix, position in
/// `g`), bounded by `max_pops`, `pos_cap` (states expanded per position of `g`) and `max_cost`.
/// Also says how many states it took and whether the budget cut it short (a search that ends
/// on its own gives the same readings with any larger budget; one that stops exactly at the
/// budget counts as cut, which only costs a search again).
#[allow(clippy::too_many_arguments)]
pub(crate) fn search_nbest(
    lex: &Lexicon,
    ch: &Channel,
    prior: &PriorWeights,
    lm: Option<&CharLm>,
    g: &[char],
    max_pops: usize,
    pos_cap: usize,
    max_cost: f32,
    n_best: usize,
    margin: f32,
) -> (Vec<Reading>, Search) {
    let mut found: Vec<Reading> = Vec::new();
    let mut stats = Search::default();
    if g.is_empty() || g.len() > 60 {
        return (found, stats);
    }
    let fst = lex.map.as_fst();
    let root = fst.root();
    let lead_max = g.iter().take_while(|c| is_edge_punct(**c)).count().min(3);
    let trail_max = g
        .iter()
        .rev()
        .take_while(|c| is_edge_punct(**c))
        .count()
        .min(3);
    // A lower bound of the cost of consuming g[j..] (A*): each character costs at least its
    // cheapest share of any segment or its insertion; trailing punctuation may stay verbatim.
    let mut rest = vec![0f32; g.len() + 1];
    for j in (0..g.len()).rev() {
        let floor = if j + trail_max >= g.len() {
            0.0
        } else {
            ch.char_floor(g[j])
        };
        rest[j] = rest[j + 1] + floor;
    }
    // Arena of (parent, byte) for the letters chosen so far.
    let mut arena: Vec<(u32, u8)> = vec![(0, 0)];
    let mut heap = Queue::default();
    let mut emits = EmitMemo::new(g.len());
    let ins: Vec<f32> = g.iter().map(|&c| ch.ins_cost(c)).collect();
    // States expanded by position in `g`: past `pos_cap`, a position takes no more (a beam on
    // top of A*: the cheapest prefixes that reach a position are kept, the long tail of
    // unlikely ones is not explored).
    let mut expanded = vec![0usize; g.len() + 1];
    let mut seen: FxHashSet<(u64, u16)> = FxHashSet::default();
    for s in 0..=lead_max {
        heap.push(Entry {
            prio: rest.get(s).copied().unwrap_or(0.0),
            cost: 0.0,
            addr: root.addr(),
            pos: u16::try_from(s).unwrap_or(0),
            node: 0,
            out: 0,
            hash: 0,
            goal: false,
            lead: u8::try_from(s).unwrap_or(0),
            word_cost: 0.0,
        });
    }
    let n = g.len();
    let mut pops = 0usize;
    while let Some(e) = heap.pop() {
        if pops == max_pops {
            stats.cut = true;
            break;
        }
        pops += 1;
        if e.prio > max_cost {
            break;
        }
        if let Some(best) = found.first() {
            if e.prio > best.total + margin {
                break;
            }
        }
        let pos = usize::from(e.pos);
        if e.goal {
            let word = word_at(&arena, e.node);
            if !found.iter().any(|r| r.word == word) {
                found.push(Reading {
                    word,
                    lead: usize::from(e.lead),
                    trail: n - pos,
                    channel: e.cost - e.word_cost,
                    total: e.cost,
                });
                if found.len() >= n_best {
                    break;
                }
            }
            continue;
        }
        if !seen.insert((e.hash ^ (u64::from(e.lead) << 60), e.pos)) {
            continue;
        }
        if let Some(c) = expanded.get_mut(pos) {
            if *c >= pos_cap {
                continue;
            }
            *c += 1;
        }
        // States above this priority would end the search when taken: they are not queued.
        let limit = found
            .first()
            .map_or(max_cost, |b| max_cost.min(b.total + margin));
        let node = fst.node(e.addr);
        // Goal: a final node, with only verbatim punctuation left.
        if node.is_final() && e.node != 0 && n - pos <= trail_max {
            let out = Output::new(e.out).cat(node.final_output()).value();
            let last = arena.get(e.node as usize).map_or(0, |x| x.1);
            let comma = if g.get(pos) == Some(&',') && last == NG {
                1.0
            } else {
                0.0
            };
            // Words no corpus attests are weighed by how Kazakh/Russian they look.
            let lm_cost = match lm {
                Some(lm) if out & COUNT_MASK == 0 && prior.lm > 0.0 => {
                    let w = word_at(&arena, e.node);
                    prior.lm * (lm.cost_per_char(&w) - prior.lm_base).max(0.0)
                }
                _ => 0.0,
            };
            let word_cost = prior.cost(out) + comma + lm_cost;
            heap.push(Entry {
                prio: e.cost + word_cost,
                cost: e.cost + word_cost,
                goal: true,
                out,
                word_cost,
                ..e
            });
        }
        // Insertion: skip a garbled character.
        if let Some(&c) = ins.get(pos) {
            let cost = e.cost + c;
            push(
                &mut heap,
                &e,
                (cost, cost + rest.get(pos + 1).copied().unwrap_or(0.0)),
                limit,
                e.addr,
                pos + 1,
                e.node,
                e.out,
                e.hash,
            );
        }
        for t in node.transitions() {
            let out = Output::new(e.out).cat(t.out).value();
            let hash = e
                .hash
                .wrapping_mul(0x100000001b3)
                .wrapping_add(u64::from(t.inp) + 1);
            let mut child: Option<u32> = None;
            for k in 0..=3usize {
                if pos + k > n {
                    break;
                }
                let Some(c) = emits.cost(ch, t.inp, g, pos, k) else {
                    continue;
                };
                let prio = e.cost + c + rest.get(pos + k).copied().unwrap_or(0.0);
                // A state already expanded was reached more cheaply (costs are not negative).
                let key = (
                    hash ^ (u64::from(e.lead) << 60),
                    u16::try_from(pos + k).unwrap_or(u16::MAX),
                );
                if prio > limit
                    || seen.contains(&key)
                    || expanded.get(pos + k).is_some_and(|&c| c >= pos_cap)
                {
                    continue;
                }
                let id = *child.get_or_insert_with(|| {
                    arena.push((e.node, t.inp));
                    u32::try_from(arena.len() - 1).unwrap_or(0)
                });
                push(
                    &mut heap,
                    &e,
                    (e.cost + c, prio),
                    limit,
                    t.addr,
                    pos + k,
                    id,
                    out,
                    hash,
                );
            }
        }
    }
    stats.pops = pops;
    (found, stats)
}

/// What one search took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Search {
    /// States taken from the queue.
    pub pops: usize,
    /// The budget ran out before the search ended on its own.
    pub cut: bool,
}

/// The word spelled by the arena path ending at `node`.
fn word_at(arena: &[(u32, u8)], node: u32) -> String {
    let mut word = Vec::new();
    let mut i = node as usize;
    let mut guard = 0;
    while i != 0 && guard < 128 {
        let (p, b) = arena.get(i).copied().unwrap_or((0, 0));
        word.push(lexicon::byte_letter(b));
        i = p as usize;
        guard += 1;
    }
    word.into_iter().rev().collect()
}

#[allow(clippy::too_many_arguments)]
fn push(
    heap: &mut Queue,
    e: &Entry,
    (cost, prio): (f32, f32),
    limit: f32,
    addr: usize,
    pos: usize,
    node: u32,
    out: u64,
    hash: u64,
) {
    if prio > limit {
        return;
    }
    heap.push(Entry {
        prio,
        cost,
        addr,
        pos: u16::try_from(pos).unwrap_or(u16::MAX),
        node,
        out,
        hash,
        goal: false,
        lead: e.lead,
        word_cost: 0.0,
    });
}

/// One aligned event: a letter (byte) emitting a segment, or an inserted character.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Event {
    /// Letter byte emitted these characters (possibly none).
    Emit(u8, String),
    /// A garbled character standing for no letter.
    Insert(char),
}

/// Viterbi alignment of a clean lowercase word with normalised garbled characters; `None`
/// when the word has letters outside the alphabet.
pub(crate) fn align(ch: &Channel, word: &str, g: &[char]) -> Option<Vec<Event>> {
    let w = lexicon::encode(word)?;
    let (m, n) = (w.len(), g.len());
    if m > 60 || n > 80 {
        return None;
    }
    let inf = f32::INFINITY;
    let mut d = vec![vec![inf; n + 1]; m + 1];
    let mut back = vec![vec![(0usize, 0usize); n + 1]; m + 1];
    d[0][0] = 0.0;
    for i in 0..=m {
        for j in 0..=n {
            let cur = d[i][j];
            if !cur.is_finite() {
                continue;
            }
            if j < n {
                let c = cur + ch.ins_cost(g[j]);
                if c < d[i][j + 1] {
                    d[i][j + 1] = c;
                    back[i][j + 1] = (i, j);
                }
            }
            if i < m {
                for k in 0..=3 {
                    if j + k > n {
                        break;
                    }
                    if let Some(e) = ch.emit_cost(w[i], g, j, k) {
                        if cur + e < d[i + 1][j + k] {
                            d[i + 1][j + k] = cur + e;
                            back[i + 1][j + k] = (i, j);
                        }
                    }
                }
            }
        }
    }
    let mut ev = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let (pi, pj) = back[i][j];
        if pi == i {
            ev.push(Event::Insert(g[pj]));
        } else {
            ev.push(Event::Emit(w[pi], g[pj..j].iter().collect()));
        }
        (i, j) = (pi, pj);
    }
    ev.reverse();
    Some(ev)
}

/// Re-estimates a channel from aligned events (Viterbi training), smoothing towards `base`.
pub(crate) fn reestimate(base: &Channel, events: &[Event]) -> Channel {
    let n = ALPHABET.len() + 1;
    let mut emit: Vec<HashMap<String, f32>> = vec![HashMap::new(); n];
    let mut tot = vec![0f32; n];
    let mut ins: HashMap<char, f32> = HashMap::new();
    let mut gchars = 0f32;
    let (mut subs, mut emits_all) = (0f32, 0f32);
    for e in events {
        match e {
            Event::Emit(b, s) => {
                let b = usize::from(*b);
                if let (Some(m), Some(t)) = (emit.get_mut(b), tot.get_mut(b)) {
                    *m.entry(s.clone()).or_default() += 1.0;
                    *t += 1.0;
                }
                emits_all += 1.0;
                gchars += s.chars().count() as f32;
                let in_table = base
                    .emits(u8::try_from(b).unwrap_or(0))
                    .iter()
                    .any(|(x, _)| x.iter().collect::<String>() == *s);
                if !in_table && s.chars().count() == 1 {
                    subs += 1.0;
                }
            }
            Event::Insert(c) => {
                *ins.entry(*c).or_default() += 1.0;
                gchars += 1.0;
            }
        }
    }
    let all_dels: f32 = emit.iter().filter_map(|m| m.get("")).sum();
    let del_rate = (all_dels + 1.0) / (emits_all + 1.0);
    let mut ch = base.clone();
    ch.learned = true;
    for b in 1..n {
        let t = tot[b];
        let mut v: Vec<(Vec<char>, f32)> = Vec::new();
        for (seg, c) in &emit[b] {
            if seg.is_empty() {
                continue;
            }
            // Single-character substitutions seen once stay generic.
            if *c < 2.0
                && !base
                    .emits(u8::try_from(b).unwrap_or(0))
                    .iter()
                    .any(|(x, _)| x.iter().collect::<String>() == *seg)
            {
                continue;
            }
            v.push((seg.chars().collect(), -((c + 0.5) / (t + 2.0)).ln()));
        }
        for (seg, cost) in base.emits(u8::try_from(b).unwrap_or(0)) {
            if !v.iter().any(|(x, _)| x == seg) {
                v.push((seg.clone(), cost + 1.0));
            }
        }
        ch.emits[b] = v;
        let dels = emit[b].get("").copied().unwrap_or(0.0);
        ch.del[b] = (-((dels + 20.0 * del_rate) / (t + 20.0)).ln()).max(1.5);
    }
    ch.sub = (-((subs + 1.0) / (emits_all + 1.0)).ln() + 1.5).max(3.0);
    ch.ins.clear();
    for (c, k) in ins {
        if k >= 2.0 {
            ch.ins.insert(c, (-(k / (gchars + 1.0)).ln()).max(1.0));
        }
    }
    ch.ins_default = (-(1.0 / (gchars + 1.0)).ln()).max(4.0);
    ch
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{ATTESTED_KK, FAMILY_SHIFT};

    #[test]
    fn attested_dictionary_forms_cost_least() {
        let p = PriorWeights::default();
        let dict = FROM_KK;
        let attested = FROM_KK | ATTESTED | ATTESTED_KK;
        let web_only = ATTESTED | ATTESTED_KK;
        // A dictionary form that real text attests is the cheapest of the three; one that no
        // text attests, and a form only the web lists have, both cost more.
        assert!(p.cost(attested) < p.cost(dict));
        assert!(p.cost(attested) < p.cost(web_only));
        assert!(p.cost(web_only) > p.hunspell);
        // A corpus word is neither rewarded nor penalised by the lists.
        assert_eq!(p.cost(5 | ATTESTED), p.cost(5));
        // Without the lists nothing changes for dictionary forms.
        let none = PriorWeights::without_attested();
        assert_eq!(none.cost(dict), none.cost_by_source(dict));
    }

    #[test]
    fn a_frequent_family_lowers_the_cost() {
        // Off by default (see the field); the mechanism at the weight it had.
        let p = PriorWeights {
            family: 0.5,
            ..PriorWeights::default()
        };
        let rare = FROM_KK | ATTESTED;
        let frequent = rare | (40 << FAMILY_SHIFT);
        assert!(p.cost(frequent) < p.cost(rare));
        assert!(p.cost(frequent) >= 0.0);
    }
}
