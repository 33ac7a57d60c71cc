//! Measures repair of Latin look-alike garbage on fixtures/ocr-pairs/kaz_pairs.jsonl.
//!
//! Every 5th pair (index % 5 == 4) is held out; the channel is learned and the settings tuned on
//! the other pairs only. The corpus word list used for evaluation comes from the acts other than
//! the one the pairs were cut from, so no held-out line is in any lexicon.
//!
//! `cargo run --example repair_eval` prints word accuracy on the held-out pairs;
//! `-- --learn` re-learns crates/repair/data/channel.tsv from the training pairs;
//! `-- --write-lexicon` rewrites crates/repair/data/kk_ru_words.tsv.gz from all clean fixtures;
//! `-- --train` also prints accuracy on the training pairs (`--show` prints their errors; held-out
//! errors are never printed, so that nothing is tuned on them);
//! `-- --set=NAME=VALUE` changes a weight ([`Repairer::set_weight`]) before evaluating;
//! `-- --train-first=N` evaluates the first N training pairs only (for tuning);
//! `-- --explain TOKEN...` prints the cheapest readings of garbled tokens with their costs;
//! `-- --ru` measures on all Russian pairs (fixtures/ocr-pairs/rus_pairs.jsonl, never used for
//! tuning; `--show` prints their errors; `--no-hunspell` without the Hunspell dictionaries), with
//! a corpus lexicon without their act;
//! `-- --no-attested` leaves out the lists of attested forms (Tesseract's word lists);
//! `-- --no-web` leaves out the web bigram lists;
//! `-- --cv` cross-validates within the training pairs (channel learned on three fourths of
//! them, measured on the rest), for tuning what generalises to unseen garbage.

use std::path::Path;
use std::time::Instant;

use tizilim::text::repair::{eval, Corpus, RepairConfig, Repairer};

fn load_pairs(path: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some((
                v["clean"].as_str()?.to_string(),
                v["garbled"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// The text of the clean fixtures whose file name does not contain any of `exclude`.
fn corpus(exclude: &[&str]) -> Corpus {
    let tag = tizilim_lex::re::new(r"(?s)<script.*?</script>|<style.*?</style>|<[^>]*>").unwrap();
    let mut c = Corpus::default();
    c.add_formulas();
    for dir in ["fixtures/html", "fixtures/seeds"] {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if exclude.iter().any(|x| name.contains(x)) {
                continue;
            }
            let t = std::fs::read_to_string(&f).unwrap_or_default();
            let t = if name.ends_with(".html") {
                tag.replace_all(&t, " ").to_string()
            } else {
                t
            };
            c.add_text(&t);
        }
    }
    c
}

/// The act of the pairs (seed 000 / 001, kaz_V2100022243).
const PAIRS_ACT: &[&str] = &["22243", "000_", "001_"];

fn evaluate(r: &Repairer, pairs: &[(usize, &(String, String))], show: bool) -> (f64, f64, f64) {
    let (mut m, mut mf, mut n) = (0usize, 0usize, 0usize);
    let t = Instant::now();
    // The garbled lines are repaired together, as the page of text they would be.
    let page: Vec<&str> = pairs.iter().map(|(_, p)| p.1.as_str()).collect();
    let out = r.repair(&page.join("\n")).text;
    let lines: Vec<&str> = out.split('\n').collect();
    for (k, (i, (clean, garbled))) in pairs.iter().enumerate() {
        let got = lines.get(k).copied().unwrap_or("");
        let (a, b) = eval::word_matches(clean, got, false);
        let (af, _) = eval::word_matches(clean, got, true);
        m += a;
        mf += af;
        n += b;
        if show && a < b {
            println!("#{i}\n  clean: {clean}\n  garb:  {garbled}\n  got:   {got}");
        }
    }
    let secs = t.elapsed().as_secs_f64();
    (
        m as f64 / n.max(1) as f64,
        mf as f64 / n.max(1) as f64,
        secs,
    )
}

/// Word accuracy over the words with a Cyrillic letter only (what the repair reads back; digits
/// and signs left out).
fn cyrillic_accuracy(r: &Repairer, pairs: &[(usize, &(String, String))]) -> f64 {
    let page: Vec<&str> = pairs.iter().map(|(_, p)| p.1.as_str()).collect();
    let out = r.repair(&page.join("\n")).text;
    let keep = |line: &str| -> String {
        eval::words(line)
            .into_iter()
            .filter(|w| w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (mut m, mut n) = (0usize, 0usize);
    for ((_, (clean, _)), got) in pairs.iter().zip(out.split('\n')) {
        let (a, b) = eval::word_matches(&keep(clean), &keep(got), false);
        m += a;
        n += b;
    }
    m as f64 / n.max(1) as f64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let has = |s: &str| args.iter().any(|a| a == s);
    if has("--ru") {
        return russian(&args);
    }
    if let Some(dir) = args.iter().find_map(|a| a.strip_prefix("--pairs=")) {
        return real_pairs(Path::new(dir), &args);
    }
    let pairs = load_pairs("fixtures/ocr-pairs/kaz_pairs.jsonl");
    let train: Vec<(usize, &(String, String))> = pairs
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 != 4)
        .collect();
    let held: Vec<(usize, &(String, String))> = pairs
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 5 == 4)
        .collect();
    if has("--write-lexicon") {
        let mut c = corpus(&[]);
        // `--with-train=DIR`: also the texts of the training acts of DIR/train.jsonl
        // (scripts/ocr_pairs.py), found under the act folders given by `--acts=A,B,...`; the
        // held-out acts are never read.
        if let Some(dir) = args.iter().find_map(|a| a.strip_prefix("--with-train=")) {
            let roots: Vec<&str> = args
                .iter()
                .find_map(|a| a.strip_prefix("--acts="))
                .map(|r| r.split(',').collect())
                .unwrap_or_default();
            let train = load_real(&Path::new(dir).join("train.jsonl"));
            let held = load_real(&Path::new(dir).join("heldout.jsonl"));
            let held: std::collections::BTreeSet<&str> =
                held.iter().map(|p| p.act.as_str()).collect();
            let acts: std::collections::BTreeSet<&str> = train
                .iter()
                .map(|p| p.act.as_str())
                .filter(|a| !held.contains(a))
                .collect();
            let mut n = 0;
            for act in &acts {
                for root in &roots {
                    for f in ["kaz.md", "rus.md"] {
                        if let Ok(t) = std::fs::read_to_string(Path::new(root).join(act).join(f)) {
                            c.add_text(&t);
                            n += 1;
                        }
                    }
                }
            }
            println!("added {n} texts of {} training acts", acts.len());
        }
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        std::io::Write::write_all(&mut gz, c.to_tsv().as_bytes()).unwrap();
        std::fs::write(
            "crates/repair/data/kk_ru_words.tsv.gz",
            gz.finish().unwrap(),
        )
        .unwrap();
        println!(
            "wrote crates/repair/data/kk_ru_words.tsv.gz: {} words",
            c.len()
        );
        return;
    }
    if has("--cv") {
        return cross_validate(&train, &args);
    }
    let mut channel_tsv = None;
    if has("--learn") {
        let tr: Vec<(String, String)> = train.iter().map(|(_, p)| (*p).clone()).collect();
        channel_tsv = Some(learn_and_write(&tr));
    }
    let t = Instant::now();
    let (mut r, diags) = Repairer::build(RepairConfig {
        channel_tsv: channel_tsv.clone(),
        attested: if has("--no-attested") {
            Default::default()
        } else {
            tizilim::text::repair::builtin_attested()
        },
        web_pairs: if has("--no-web") {
            Default::default()
        } else {
            tizilim::text::repair::builtin_web_pairs()
        },
        ..RepairConfig::with_corpus(corpus(PAIRS_ACT), true)
    });
    println!(
        "built in {:.1} s: {:?}",
        t.elapsed().as_secs_f64(),
        r.stats()
    );
    for d in &diags {
        println!("  {:?}: {}", d.severity, d.message);
    }
    set_weights(&mut r, &args);
    if let Some(n) = args
        .iter()
        .find_map(|a| a.strip_prefix("--train-first=")?.parse::<usize>().ok())
    {
        let sub: Vec<_> = train.iter().take(n).copied().collect();
        let (a, af, s) = evaluate(&r, &sub, false);
        println!("train first {n}: word accuracy {a:.4} (case-folded {af:.4}) in {s:.1} s");
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--repair") {
        let text = args[i + 1..].join("\n");
        let out = r.repair(&text);
        println!("{}", out.text);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--explain") {
        for tok in args.iter().skip(i + 1) {
            println!("{tok}:");
            for (w, c, t) in r.explain(tok, 6) {
                println!("  {w}\tchannel {c:.2}\ttotal {t:.2}");
            }
        }
        return;
    }
    if has("--train") {
        let (a, af, s) = evaluate(&r, &train, has("--show"));
        println!(
            "train ({} pairs): word accuracy {a:.4} (case-folded {af:.4}) in {s:.1} s",
            train.len()
        );
    }
    let (a, af, s) = evaluate(&r, &held, false);
    println!("held-out ({} pairs), Hunspell + corpus of the other acts: word accuracy {a:.4} (case-folded {af:.4}) in {s:.1} s", held.len());
    println!(
        "held-out, Cyrillic words only: word accuracy {:.4}",
        cyrillic_accuracy(&r, &held)
    );
    if has("--all") {
        let (r2, _) = Repairer::build(RepairConfig {
            channel_tsv: channel_tsv.clone(),
            ..RepairConfig::with_corpus(corpus(PAIRS_ACT), false)
        });
        let (a, af, _) = evaluate(&r2, &held, false);
        println!(
            "held-out, corpus of the other acts only (no Hunspell): {a:.4} (case-folded {af:.4})"
        );
        let (mut r3, _) = Repairer::build(RepairConfig {
            channel_tsv,
            ..RepairConfig::default()
        });
        set_weights(&mut r3, &args);
        let (a, af, _) = evaluate(&r3, &held, false);
        println!("held-out, shipped configuration (Hunspell + committed corpus list, which contains this act): {a:.4} (case-folded {af:.4})");
    }
}

/// Four-fold cross-validation within the training pairs: the channel is learned on three folds
/// and measured on the fourth, so that what generalises to unseen garbage can be tuned without
/// the held-out pairs.
fn cross_validate(train: &[(usize, &(String, String))], args: &[String]) {
    let (mut m, mut n) = (0.0f64, 0usize);
    for fold in 0..4 {
        let (test, learn): (Vec<_>, Vec<_>) = train
            .iter()
            .copied()
            .partition(|(i, _)| (i / 5) % 4 == fold);
        let pairs: Vec<(String, String)> = learn.iter().map(|(_, p)| (*p).clone()).collect();
        let (mut r, _) = Repairer::build(RepairConfig {
            channel_tsv: Some(eval::learn_channel_tsv(&pairs, 3)),
            ..RepairConfig::with_corpus(corpus(PAIRS_ACT), true)
        });
        set_weights(&mut r, args);
        let (a, _, _) = evaluate(&r, &test, false);
        println!("fold {fold} ({} pairs): {a:.4}", test.len());
        m += a * test.len() as f64;
        n += test.len();
    }
    println!(
        "cross-validated on the training pairs: word accuracy {:.4}",
        m / n.max(1) as f64
    );
}

/// Word accuracy on the Russian pairs, all of them held out (nothing was tuned on them).
fn russian(args: &[String]) {
    let pairs = load_pairs("fixtures/ocr-pairs/rus_pairs.jsonl");
    let all: Vec<(usize, &(String, String))> = pairs.iter().enumerate().collect();
    let (mut r, _) = Repairer::build(RepairConfig::with_corpus(
        corpus(&["37538"]),
        !args.iter().any(|a| a == "--no-hunspell"),
    ));
    set_weights(&mut r, args);
    let (a, af, s) = evaluate(&r, &all, args.iter().any(|a| a == "--show"));
    println!(
        "Russian pairs ({}), {} + corpus of the other acts: word accuracy {a:.4} (case-folded {af:.4}) in {s:.1} s",
        all.len(),
        if args.iter().any(|a| a == "--no-hunspell") {
            "no Hunspell"
        } else {
            "Hunspell"
        }
    );
}

/// A pair of scripts/ocr_pairs.py: the act, its language, the drawing style, clean and garbled.
#[derive(Clone)]
struct RealPair {
    act: String,
    lang: String,
    style: String,
    clean: String,
    garbled: String,
}

fn load_real(path: &Path) -> Vec<RealPair> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (make it with scripts/ocr_pairs.py)",
            path.display()
        )
    });
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            Some(RealPair {
                act: v["act"].as_str()?.to_string(),
                lang: v["lang"].as_str()?.to_string(),
                style: v["style"].as_str()?.to_string(),
                clean: v["clean"].as_str()?.to_string(),
                garbled: v["garbled"].as_str()?.to_string(),
            })
        })
        .collect()
}

/// Word accuracy per language (and per style) on pairs made from real acts by
/// scripts/ocr_pairs.py, split by act: `--pairs=DIR` measures DIR/heldout.jsonl (acts never
/// learned from); `--learn` first re-learns crates/repair/data/channel.tsv from DIR/train.jsonl
/// and the fixture pairs' training split; `--on-train` measures the training acts instead (and
/// `--show` prints their errors: held-out errors are never printed); `--learn-case` re-learns
/// and writes crates/repair/data/case.tsv alone (the other tables as committed), to try a case
/// feature without relearning the channel; `--no-hunspell` leaves the
/// Hunspell dictionaries out. The repairer is the shipped configuration (the committed corpus
/// list has none of these acts). Each act's lines are repaired together, as its page would be.
/// `--on-train --lex-split --acts=ROOTS` measures half of the training acts with tables and a
/// corpus lexicon made from the other half only: a development set as unseen as the held-out one.
fn real_pairs(dir: &Path, args: &[String]) {
    let has = |s: &str| args.iter().any(|a| a == s);
    let train = load_real(&dir.join("train.jsonl"));
    let mut channel_tsv = None;
    let mut tokens_tsv = None;
    let kaz_train = || {
        load_pairs("fixtures/ocr-pairs/kaz_pairs.jsonl")
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % 5 != 4)
            .map(|(_, p)| p)
    };
    if has("--learn") {
        let mut tr: Vec<(String, String)> = train
            .iter()
            .map(|p| (p.clean.clone(), p.garbled.clone()))
            .collect();
        tr.extend(kaz_train());
        channel_tsv = Some(learn_and_write(&tr));
        let tsv = tizilim::text::repair::tokens::learn_tsv(&tr);
        std::fs::write("crates/repair/data/tokens.tsv", &tsv).unwrap();
        println!(
            "wrote crates/repair/data/tokens.tsv ({} tokens) from {} training pairs",
            tsv.lines().count().saturating_sub(1),
            tr.len()
        );
        tokens_tsv = Some(tsv);
    }
    // `--token-split`: the token table learned on half of the training acts and measured on
    // the other half (for tuning its weight without the held-out acts).
    let half = |act: &str| act.bytes().map(u32::from).sum::<u32>() % 2 == 0;
    // `--lex-split`: as `--token-split`, and the corpus lexicon holds the fixtures, the formulas
    // and the texts of the first half only (not the committed list, which has every training
    // act): the measured acts are then as unseen as held-out ones, for tuning what helps on words
    // the corpus does not know.
    let split = has("--token-split") || has("--lex-split");
    if split {
        let mut tr: Vec<(String, String)> = train
            .iter()
            .filter(|p| half(&p.act))
            .map(|p| (p.clean.clone(), p.garbled.clone()))
            .collect();
        tr.extend(kaz_train());
        tokens_tsv = Some(tizilim::text::repair::tokens::learn_tsv(&tr));
    }
    // `--channel=FILE`: another channel table (a former one, to compare).
    if let Some(f) = args.iter().find_map(|a| a.strip_prefix("--channel=")) {
        channel_tsv = std::fs::read_to_string(f).ok();
    }
    if has("--no-tokens") {
        tokens_tsv = Some(String::new());
    }
    let pairs: Vec<RealPair> = if has("--on-train") {
        train
            .iter()
            .filter(|p| !split || !half(&p.act))
            .cloned()
            .collect()
    } else {
        load_real(&dir.join("heldout.jsonl"))
    };
    let roots: Vec<String> = args
        .iter()
        .find_map(|a| a.strip_prefix("--acts="))
        .map(|r| r.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let base = if has("--lex-split") {
        let mut c = corpus(&[]);
        let acts: std::collections::BTreeSet<&str> = train
            .iter()
            .filter(|p| half(&p.act))
            .map(|p| p.act.as_str())
            .collect();
        for act in acts {
            for root in &roots {
                for f in ["kaz.md", "rus.md"] {
                    if let Ok(t) = std::fs::read_to_string(Path::new(root).join(act).join(f)) {
                        c.add_text(&t);
                    }
                }
            }
        }
        RepairConfig::with_corpus(c, false)
    } else {
        RepairConfig::default()
    };
    let (mut r, _) = Repairer::build(RepairConfig {
        hunspell_dir: (!has("--no-hunspell"))
            .then(|| Path::new(tizilim::text::repair::HUNSPELL_DIR).to_path_buf()),
        channel_tsv,
        tokens_tsv,
        ..base
    });
    set_weights(&mut r, args);
    // The case model: learned from the training acts (with `--token-split`, from half of them);
    // `--learn-case` relearns and writes it alone (the other tables as committed).
    let learn_case = has("--learn") || has("--learn-case");
    if learn_case || split {
        let mut texts: std::collections::BTreeMap<(&str, &str), Vec<(String, String)>> =
            Default::default();
        for p in &train {
            if split && !half(&p.act) {
                continue;
            }
            let clean = tizilim::lex::lookalike::fix_lookalikes(&p.clean);
            texts
                .entry((&p.act, &p.lang))
                .or_default()
                .push((clean, p.garbled.clone()));
        }
        // Leave-one-act-out corpus features: the committed word list holds the training acts'
        // own texts (`--write-lexicon --with-train`), which an unseen act's words are not in.
        let texts: Vec<tizilim::text::repair::CaseText> = texts
            .into_iter()
            .map(|((act, _), lines)| {
                let mut own = Corpus::default();
                let mut any = false;
                for root in &roots {
                    for f in ["kaz.md", "rus.md"] {
                        if let Ok(t) = std::fs::read_to_string(Path::new(root).join(act).join(f)) {
                            own.add_text(&t);
                            any = true;
                        }
                    }
                }
                (lines, any.then_some(own))
            })
            .collect();
        let own = texts.iter().filter(|t| t.1.is_some()).count();
        println!(
            "case model: {own} of {} texts with their own act text left out of the corpus features",
            texts.len()
        );
        r.set_case_tsv("");
        let examples = r.case_examples(&texts);
        let tsv = tizilim::text::repair::case::train(&examples);
        r.set_case_tsv(&tsv);
        let (rule, model) = r.case_accuracy(&examples);
        println!(
            "case model: {} examples, rule {rule:.4}, model {model:.4} (on its training examples)",
            examples.len()
        );
        if learn_case && !split {
            std::fs::write("crates/repair/data/case.tsv", &tsv).unwrap();
            println!(
                "wrote crates/repair/data/case.tsv ({} weights)",
                tsv.lines().count().saturating_sub(1)
            );
        }
    }
    if has("--no-case-model") {
        r.set_case_tsv("");
    }
    // `--oracle` (training acts only): the wrong words of lines read back with as many words as
    // the clean line, by kind: a wrong case only, a word the lexicon does not hold, a word among
    // the n-best readings of its garbled token but not chosen, or one the search did not reach.
    if has("--oracle") && has("--on-train") {
        let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
        for (p, got) in repaired_lines(&r, &pairs) {
            let lang = &p.lang;
            let clean = eval::words(&tizilim::lex::lookalike::fix_lookalikes(&p.clean));
            let got = eval::words(&got);
            let garb = eval::words(&p.garbled);
            *kinds.entry(format!("{lang} words")).or_default() += clean.len();
            if clean.len() != got.len() || clean.len() != garb.len() {
                let wrong = clean.iter().filter(|w| !got.contains(w)).count();
                *kinds
                    .entry(format!("{lang} other (split/glued)"))
                    .or_default() += wrong;
                continue;
            }
            for ((c, g), o) in clean.iter().zip(&garb).zip(&got) {
                if c == o {
                    continue;
                }
                let kind = if c.to_lowercase() == o.to_lowercase() {
                    "case only"
                } else if c.chars().any(|ch| ch.is_ascii_digit()) {
                    "with digits"
                } else if !r.knows(c) {
                    "not in lexicon"
                } else if let Some(k) = r
                    .explain(g, 8)
                    .iter()
                    .position(|(w, _, _)| *w == c.to_lowercase())
                {
                    ["", "n-best 2nd", "n-best 3rd", "n-best 4th"]
                        .get(k)
                        .copied()
                        .unwrap_or("n-best 5th-8th")
                } else {
                    "in lexicon, not reached"
                };
                *kinds.entry(format!("{lang} {kind}")).or_default() += 1;
                if has("--show") {
                    println!("{lang} {kind}: {c} <- {g} -> {o}");
                }
            }
        }
        for (k, n) in &kinds {
            println!("  {k:<36} {n:>6}");
        }
        return;
    }
    let show = has("--show") && has("--on-train");
    let t = Instant::now();
    // (language or style) -> (matches, words)
    let mut by: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
    for (p, got) in repaired_lines(&r, &pairs) {
        let (lang, got) = (&p.lang, got.as_str());
        // A Latin «i» typed in a Kazakh word of the source («бөлiмi») is read back as the
        // Cyrillic «і» it stands for: the clean side is compared with its look-alikes folded.
        let clean = tizilim::lex::lookalike::fix_lookalikes(&p.clean);
        let (a, n) = eval::word_matches(&clean, got, false);
        let (af, _) = eval::word_matches(&clean, got, true);
        for key in [lang.to_string(), format!("{lang}/{}", p.style)] {
            let e = by.entry(key).or_default();
            e.0 += a;
            e.1 += af;
            e.2 += n;
        }
        if show && a < n {
            println!(
                "{}\n  clean: {}\n  garb:  {}\n  got:   {got}",
                p.act, p.clean, p.garbled
            );
        }
    }
    let acts: std::collections::BTreeSet<&str> = pairs.iter().map(|p| p.act.as_str()).collect();
    println!(
        "{} pairs of {} acts ({}), {}, in {:.1} s",
        pairs.len(),
        acts.len(),
        if has("--on-train") {
            "training acts"
        } else {
            "held-out acts"
        },
        if has("--no-hunspell") {
            "no Hunspell"
        } else {
            "Hunspell"
        },
        t.elapsed().as_secs_f64()
    );
    for (k, (m, mf, n)) in &by {
        println!(
            "  {k:<22} {n:>6} words: word accuracy {:.4} (case-folded {:.4})",
            *m as f64 / (*n).max(1) as f64,
            *mf as f64 / (*n).max(1) as f64
        );
    }
}

/// The pairs' garbled lines repaired a page at a time (the lines of one act and language
/// together, as a document is), each with its pair.
fn repaired_lines<'a>(r: &Repairer, pairs: &'a [RealPair]) -> Vec<(&'a RealPair, String)> {
    let mut groups: std::collections::BTreeMap<(&str, &str), Vec<&RealPair>> = Default::default();
    for p in pairs {
        groups.entry((&p.act, &p.lang)).or_default().push(p);
    }
    let mut out = Vec::new();
    for group in groups.values() {
        let page: Vec<&str> = group.iter().map(|p| p.garbled.as_str()).collect();
        let text = r.repair(&page.join("\n")).text;
        out.extend(
            group
                .iter()
                .copied()
                .zip(text.split('\n').map(str::to_string)),
        );
    }
    out
}

/// Learns the channel from `pairs` and writes it to crates/repair/data/channel.tsv.
fn learn_and_write(pairs: &[(String, String)]) -> String {
    let tsv = eval::learn_channel_tsv(pairs, 3);
    std::fs::write("crates/repair/data/channel.tsv", &tsv).unwrap();
    println!(
        "wrote crates/repair/data/channel.tsv ({} lines) from {} training pairs",
        tsv.lines().count(),
        pairs.len()
    );
    tsv
}

/// Applies the `--set=NAME=VALUE` arguments.
fn set_weights(r: &mut Repairer, args: &[String]) {
    for a in args {
        if let Some((k, v)) = a.strip_prefix("--set=").and_then(|x| x.split_once('=')) {
            let ok = v.parse::<f32>().is_ok_and(|v| r.set_weight(k, v));
            println!("set {k} = {v}: {}", if ok { "ok" } else { "unknown" });
        }
    }
}
