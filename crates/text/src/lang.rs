//! Language detection (kk/ru) and text-quality verdicts (clean / garbled / empty) per page.
//!
//! Kazakh is told from Russian by the letters Russian lacks (ә ғ қ ң ө ұ ү һ і): in running
//! Kazakh text they are several per cent of all Cyrillic letters, in Russian text they are absent
//! but for names. A page is *garbled* when its letters are mostly Latin although the corpus is
//! Kazakh/Russian: that is what wrong-language OCR produces (DOMAIN.md §2.4); it is *empty* when it
//! has no letters at all.

use super::{Language, PageInfo, PageQuality, TextDoc};
use tizilim_lex::diag::Diagnostic;

/// Letters needed before a page can be called garbled (short pages are left clean).
const MIN_LETTERS_FOR_VERDICT: usize = 40;
/// Share of Latin letters above which a page is garbled.
const GARBLED_LATIN_SHARE: f32 = 0.6;
/// Share of Kazakh-specific letters among Cyrillic letters above which a text is Kazakh.
const KAZAKH_LETTER_SHARE: f32 = 0.012;

/// [`TWO_BYTE`] flags: a Cyrillic letter, a Kazakh-specific one, another letter.
const CYR: u8 = 1;
const KAZ: u8 = 2;
const OTHER_LETTER: u8 = 4;

/// The letter flags of U+0400–U+053F, by code point less 0x400: every code point of
/// U+0400–U+0481 and U+048A–U+052F is a Cyrillic letter; U+0482–U+0489 (a sign and combining
/// marks) are not letters; U+0530–U+053F is Armenian (letters from U+0531).
static TWO_BYTE: [u8; 0x140] = {
    let mut t = [0u8; 0x140];
    let mut i = 0;
    while i < 0x140 {
        let cp = 0x400 + i as u32;
        t[i] = if cp <= 0x481 || (cp >= 0x48A && cp <= 0x52F) {
            CYR
        } else if cp >= 0x531 {
            OTHER_LETTER
        } else {
            0
        };
        i += 1;
    }
    let kazakh = [
        'ә', 'Ә', 'ғ', 'Ғ', 'қ', 'Қ', 'ң', 'Ң', 'ө', 'Ө', 'ұ', 'Ұ', 'ү', 'Ү', 'һ', 'Һ', 'і', 'І',
    ];
    let mut k = 0;
    while k < kazakh.len() {
        t[kazakh[k] as usize - 0x400] |= KAZ;
        k += 1;
    }
    t
};

/// The letter counts of a block of UTF-8 bytes (`next` is the block one byte on: each byte's
/// successor) when it holds only ASCII, the two-byte Cyrillic letters U+0400–U+04FF (leads 0xD0
/// to 0xD3) other than the sign and marks U+0482–U+0489, the non-letters of U+0080–U+00BF (lead
/// 0xC2: all but «ª», «µ», «º») and the punctuation of U+2000–U+203F (0xE2 0x80: dashes,
/// quotes, spaces), and bytes inside characters: (ASCII letters, Cyrillic letters, Kazakh
/// letters), each Cyrillic letter counted at its lead byte. `None` for any other block.
fn count_block(block: &[u8], next: &[u8]) -> Option<(usize, usize, usize)> {
    let (mut odd, mut ascii, mut cyr, mut kaz) = (0u8, 0u8, 0u8, 0u8);
    for (&x, &n) in block.iter().zip(next) {
        let cyr_lead = x.wrapping_sub(0xD0) <= 3;
        let allowed = (x < 0xC0)
            | (cyr_lead & !((x == 0xD2) & (n.wrapping_sub(0x82) <= 7)))
            | ((x == 0xC2) & (n != 0xAA) & (n != 0xB5) & (n != 0xBA))
            | ((x == 0xE2) & (n == 0x80));
        odd |= u8::from(!allowed);
        ascii += u8::from((x | 0x20).wrapping_sub(b'a') < 26);
        cyr += u8::from(cyr_lead);
        let kz = ((x == 0xD0) & (n == 0x86))
            | ((x == 0xD1) & (n == 0x96))
            | ((x == 0xD2)
                & ((n | 1 == 0x93)
                    | (n | 1 == 0x9B)
                    | (n | 1 == 0xA3)
                    | (n | 1 == 0xAF)
                    | (n | 1 == 0xB1)
                    | (n | 1 == 0xBB)))
            | ((x == 0xD3) & ((n | 1 == 0x99) | (n | 1 == 0xA9)));
        kaz += u8::from(kz);
    }
    (odd == 0).then_some((usize::from(ascii), usize::from(cyr), usize::from(kaz)))
}

/// Letter counts of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LetterStats {
    /// All alphabetic characters.
    pub letters: usize,
    /// Cyrillic letters.
    pub cyrillic: usize,
    /// ASCII Latin letters.
    pub latin: usize,
    /// Kazakh-specific Cyrillic letters.
    pub kazakh: usize,
}

impl LetterStats {
    /// Counts the letters of `text`.
    pub fn of(text: &str) -> Self {
        let mut s = LetterStats::default();
        s.add(text);
        s
    }

    /// Adds the letters of `text`.
    ///
    /// A byte scan: ASCII and the two-byte characters U+0400–U+053F (Cyrillic) are decided
    /// without decoding through `chars` or the Unicode tables (the same counts as
    /// `char::is_alphabetic`, which a test checks code point by code point): the table look-up per
    /// character was a quarter of the HTML reader's time.
    pub fn add(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut i = 0usize;
        while i < b.len() {
            // A block of 32 bytes of the common characters is counted with comparisons the
            // compiler vectorises ([`count_block`]); any other block a character at a time.
            if let (Some(block), Some(next)) = (b.get(i..i + 32), b.get(i + 1..i + 33)) {
                if let Some((ascii_letters, cyrillic, kazakh)) = count_block(block, next) {
                    self.letters += ascii_letters + cyrillic;
                    self.latin += ascii_letters;
                    self.cyrillic += cyrillic;
                    self.kazakh += kazakh;
                    i += 32;
                    continue;
                }
            }
            let end = (i + 32).min(b.len());
            while i < end {
                i = self.add_char(text, i);
            }
        }
    }

    /// Counts the character at byte `i` of `text` and returns where the next one starts. A
    /// byte inside a character (the rest of one a block counted) is passed over.
    fn add_char(&mut self, text: &str, i: usize) -> usize {
        let b = text.as_bytes();
        let x = b[i];
        if x < 0x80 {
            if x.is_ascii_alphabetic() {
                self.letters += 1;
                self.latin += 1;
            }
            i + 1
        } else if x & 0xC0 == 0x80 {
            i + 1
        } else if (0xD0..=0xD4).contains(&x) && i + 1 < b.len() {
            // U+0400–U+053F, two bytes: decoded by hand and looked up in a table.
            let cp = (usize::from(x & 0x1F) << 6) | usize::from(b[i + 1] & 0x3F);
            let kind = TWO_BYTE.get(cp - 0x400).copied().unwrap_or(0);
            self.letters += usize::from(kind & (CYR | OTHER_LETTER) != 0);
            self.cyrillic += usize::from(kind & CYR != 0);
            self.kazakh += usize::from(kind & KAZ != 0);
            i + 2
        } else {
            let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
                return b.len();
            };
            if c.is_alphabetic() {
                self.letters += 1;
            }
            i + c.len_utf8()
        }
    }

    /// Share of Cyrillic letters among letters.
    pub fn cyrillic_share(&self) -> f32 {
        if self.letters == 0 {
            0.0
        } else {
            self.cyrillic as f32 / self.letters as f32
        }
    }

    /// The verdict for a page with these letters.
    pub fn quality(&self) -> PageQuality {
        if self.letters == 0 {
            PageQuality::Empty
        } else if self.letters >= MIN_LETTERS_FOR_VERDICT
            && self.latin as f32 / self.letters as f32 > GARBLED_LATIN_SHARE
        {
            PageQuality::Garbled
        } else {
            PageQuality::Clean
        }
    }

    /// The language these letters suggest.
    pub fn language(&self) -> Language {
        if self.cyrillic > 0 && self.kazakh as f32 / self.cyrillic as f32 > KAZAKH_LETTER_SHARE {
            Language::Kk
        } else if self.cyrillic == 0 && self.latin > 0 {
            garbled_language_hint(self)
        } else {
            Language::Ru
        }
    }
}

/// Latin garbage keeps no Kazakh letters; it is Russian by default.
fn garbled_language_hint(_s: &LetterStats) -> Language {
    Language::Ru
}

/// Detects the language of a text.
pub fn detect(text: &str) -> Language {
    LetterStats::of(text).language()
}

/// [`detect_doc`] of `doc` from the letter counts of its blocks, `blocks` (as [`assess`] returns
/// them), without counting them again: the same answer, since `detect_doc` reads every block
/// when header and blocks hold at most 200,000 letters and the text is not wholly Latin (else it
/// is asked).
pub fn language_with(doc: &TextDoc, blocks: LetterStats) -> Language {
    let mut s = blocks;
    for t in [&doc.header.title, &doc.header.header_line]
        .into_iter()
        .flatten()
    {
        s.add(t);
    }
    if s.letters > DETECT_LETTERS || (s.cyrillic == 0 && s.latin > 0) {
        return detect_doc(doc);
    }
    s.language()
}

/// The letters [`detect_doc`] reads before it decides.
const DETECT_LETTERS: usize = 200_000;

/// Detects the language of a whole document from its header and blocks.
pub fn detect_doc(doc: &TextDoc) -> Language {
    let mut s = LetterStats::default();
    for t in [&doc.header.title, &doc.header.header_line]
        .into_iter()
        .flatten()
    {
        s.add(t);
    }
    for b in &doc.blocks {
        s.add(&b.text);
        if s.letters > DETECT_LETTERS {
            break;
        }
    }
    if s.cyrillic == 0 && s.latin > 0 {
        // Wrong-language OCR of Kazakh keeps telltales of Kazakh endings in Latin dress.
        let mut text = String::new();
        for b in doc.blocks.iter().take(400) {
            text.push_str(&b.text);
            text.push(' ');
        }
        return garbled_language(&text);
    }
    s.language()
}

/// Guesses the language of Latin look-alike garbage: Kazakh words end in «-ның/-нің» («-HbIH»),
/// «-лары» and have «ТІ»/«ІК» («TI», «IK») sequences that Russian lacks.
pub fn garbled_language(text: &str) -> Language {
    let upper = text.to_uppercase();
    let kk_cues = [
        "HbIH", "HIH", "TIK", "IIIK", "JIAP", "JIEP", "FA ", "KbI", "EKEMT", "TIP", "CbIH",
    ];
    let ru_cues = [
        "OCTb", "HOCTb", "OBAH", "EHHbI", "PEC", "CTBO", "OГO", "OTO",
    ];
    let kk: usize = kk_cues.iter().map(|c| upper.matches(c).count()).sum();
    let ru: usize = ru_cues.iter().map(|c| upper.matches(c).count()).sum();
    if kk >= ru {
        Language::Kk
    } else {
        Language::Ru
    }
}

/// Sets page qualities and the quality flags of `doc` from its blocks. `paged`: the pages are
/// a PDF's, where an empty page has no text layer; in other inputs pages come from form feeds,
/// and an empty one is only a blank page (warned about only when the whole input has no text).
/// Returns the letter counts of all the blocks.
pub fn assess(doc: &mut TextDoc, paged: bool) -> LetterStats {
    assess_with(doc, paged, |_| false)
}

/// [`assess`], where a text whose letters are mostly Latin is garbage only when `latin_prose`
/// (asked once, and only then) says its words are not ordinary words: a README or notes in
/// English, which text repair would rewrite into Cyrillic nonsense, is clean, with a warning
/// that says what it is.
pub fn assess_with(
    doc: &mut TextDoc,
    paged: bool,
    latin_prose: impl FnOnce(&TextDoc) -> bool,
) -> LetterStats {
    let max_page = doc.blocks.iter().filter_map(|b| b.page).max().unwrap_or(1);
    let n_pages = (doc.pages.len() as u32).max(max_page).max(1);
    let mut stats = vec![LetterStats::default(); n_pages as usize];
    for b in &doc.blocks {
        let p = b.page.unwrap_or(1).clamp(1, n_pages) as usize - 1;
        if let Some(s) = stats.get_mut(p) {
            s.add(&b.text);
        }
    }
    let prose = stats.iter().any(|s| s.quality() == PageQuality::Garbled) && latin_prose(doc);
    if prose {
        doc.diagnostics.push(Diagnostic::warning(
            "",
            "the text is in Latin letters that read as ordinary words, not as the look-alikes of \
             Kazakh or Russian OCR'd in the wrong language: it is read as it is, not repaired",
        ));
    }
    let mut pages = Vec::with_capacity(stats.len());
    for (i, s) in stats.iter().enumerate() {
        let number = i as u32 + 1;
        let quality = match s.quality() {
            PageQuality::Garbled if prose => PageQuality::Clean,
            q => q,
        };
        match quality {
            PageQuality::Garbled => doc.diagnostics.push(Diagnostic::warning(
                format!("page:{number}"),
                format!(
                    "text layer is Latin look-alike garbage (wrong-language OCR): {:.0}% of {} letters are Latin",
                    100.0 * s.latin as f32 / s.letters.max(1) as f32,
                    s.letters
                ),
            )),
            PageQuality::Empty if paged && (doc.pages.len() > 1 || doc.blocks.is_empty()) => {
                doc.diagnostics.push(Diagnostic::warning(
                    format!("page:{number}"),
                    "no text layer",
                ))
            }
            _ => {}
        }
        pages.push(PageInfo {
            number,
            quality,
            letters: s.letters,
            cyrillic_share: s.cyrillic_share(),
        });
    }
    // A PDF's single image page with no text is empty; text and HTML inputs with no text too.
    doc.quality.garbled |= pages.iter().any(|p| p.quality == PageQuality::Garbled);
    if paged {
        doc.quality.missing_text |= pages.iter().any(|p| p.quality == PageQuality::Empty);
    } else if doc.blocks.is_empty() {
        doc.quality.missing_text = true;
        doc.diagnostics.push(Diagnostic::warning("", "no text"));
    }
    doc.pages = pages;
    let mut all = LetterStats::default();
    for s in &stats {
        all.letters += s.letters;
        all.cyrillic += s.cyrillic;
        all.latin += s.latin;
        all.kazakh += s.kazakh;
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The counts as they were defined first, with `char::is_alphabetic` for every character.
    /// The Kazakh-specific letters, as the reference count has them.
    fn is_kazakh_letter(c: char) -> bool {
        matches!(
            c,
            'ә' | 'Ә'
                | 'ғ'
                | 'Ғ'
                | 'қ'
                | 'Қ'
                | 'ң'
                | 'Ң'
                | 'ө'
                | 'Ө'
                | 'ұ'
                | 'Ұ'
                | 'ү'
                | 'Ү'
                | 'һ'
                | 'Һ'
                | 'і'
                | 'І'
        )
    }

    fn add_reference(s: &mut LetterStats, text: &str) {
        for c in text.chars() {
            if !c.is_alphabetic() {
                continue;
            }
            s.letters += 1;
            if c.is_ascii_alphabetic() {
                s.latin += 1;
            } else if matches!(c, '\u{0400}'..='\u{052F}') {
                s.cyrillic += 1;
                if is_kazakh_letter(c) {
                    s.kazakh += 1;
                }
            }
        }
    }

    #[test]
    fn block_counts_equal_the_unicode_definition_at_every_offset() {
        // Every character of U+0080–U+07FF and the punctuation and letters around U+2000,
        // at every place of the 32-byte blocks, among Russian, Kazakh and ASCII text.
        let odd = (0x80u32..0x800)
            .chain(0x2000..0x2140)
            .chain([0x3000, 0xFEFF, 0x1F600])
            .filter_map(char::from_u32);
        for c in odd {
            for k in 0..34 {
                for fill in ["ж", "і", "a", "қ "] {
                    let text = format!("{}{c}{}", fill.repeat(k), "ыә b".repeat(12));
                    let mut reference = LetterStats::default();
                    add_reference(&mut reference, &text);
                    assert_eq!(LetterStats::of(&text), reference, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn fast_letter_counts_equal_the_unicode_definition() {
        // Every code point up to U+FFFF one by one, then whole texts of both languages.
        for cp in 0u32..0x1_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let text = c.to_string();
            let mut reference = LetterStats::default();
            add_reference(&mut reference, &text);
            assert_eq!(LetterStats::of(&text), reference, "U+{cp:04X}");
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
        let mut seen = 0;
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            let mut reference = LetterStats::default();
            add_reference(&mut reference, &text);
            assert_eq!(LetterStats::of(&text), reference, "{}", e.path().display());
            seen += usize::from(reference.kazakh > 0) + 1;
        }
        assert!(seen >= 7, "the seeds of both languages were read");
    }

    #[test]
    fn tells_kazakh_from_russian() {
        assert_eq!(
            detect("Мемлекеттік көрсетілетін қызметтер тізілімін жүргізу қағидалары"),
            Language::Kk
        );
        assert_eq!(
            detect("Правила ведения реестра государственных услуг"),
            Language::Ru
        );
    }

    #[test]
    fn garbage_is_flagged_and_clean_is_not() {
        let garbage = "MeMIIEKETTIK KbI3METTEP KOPCETY TipKeJIreH Ne 350 OyiipbIFbIHa ©3repicTep";
        assert_eq!(LetterStats::of(garbage).quality(), PageQuality::Garbled);
        let clean = "Осы бұйрық алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі, e-mail, www.egov.kz";
        assert_eq!(LetterStats::of(clean).quality(), PageQuality::Clean);
        assert_eq!(garbled_language(garbage), Language::Kk);
    }
}
