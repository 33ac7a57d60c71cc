//! The classification of the register: sections (3 digits) and subsections (5 digits) in Russian
//! and Kazakh.
//!
//! The data file `classification.tsv` (columns `code`, `kind`, `name_ru`, `name_kk`) was
//! extracted from Appendix 2 of the 2025 Rules (ru, 33 sections, 87 subsections) and Appendix 4
//! of the 2021 Rules (kk, 31 sections, 80 subsections); the 2025 additions (subsection 03105,
//! sections 032–033 of socially significant services) have no Kazakh name until the official
//! Kazakh text of the 2025 Rules is at hand. `tests/registry_classification.rs` checks the file
//! against the seeds and rewrites it with `TIZILIM_BLESS=1`.

use std::sync::LazyLock;

use super::Kind;

/// The data file, as committed.
pub const DATA: &str = include_str!("classification.tsv");

/// Section or subsection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// A section: 3 digits.
    Section,
    /// A subsection: 5 digits (section + 2).
    Subsection,
}

/// One section or subsection of the classification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    /// `001` or `00101`.
    pub code: &'static str,
    /// Section or subsection.
    pub level: Level,
    /// The part of the register it belongs to.
    pub kind: Kind,
    /// Russian name.
    pub name_ru: &'static str,
    /// Kazakh name, when the Kazakh text has one.
    pub name_kk: Option<&'static str>,
}

impl Class {
    /// The section code (first 3 digits).
    pub fn section(&self) -> &'static str {
        self.code.get(..3).unwrap_or(self.code)
    }
}

static ALL: LazyLock<Vec<Class>> = LazyLock::new(|| {
    DATA.lines()
        .skip(1)
        .filter_map(|line| {
            let mut f = line.split('\t');
            let code = f.next()?;
            let kind = Kind::parse(f.next()?)?;
            let name_ru = f.next()?;
            let name_kk = f.next().filter(|s| !s.is_empty());
            let level = match code.len() {
                3 => Level::Section,
                5 => Level::Subsection,
                _ => return None,
            };
            Some(Class {
                code,
                level,
                kind,
                name_ru,
                name_kk,
            })
        })
        .collect()
});

/// Every section and subsection, in code order.
pub fn all() -> &'static [Class] {
    &ALL
}

/// The section or subsection with this code.
pub fn get(code: &str) -> Option<&'static Class> {
    ALL.iter().find(|c| c.code == code)
}

/// The subsections of a section.
pub fn subsections_of(section: &str) -> impl Iterator<Item = &'static Class> + '_ {
    ALL.iter()
        .filter(move |c| c.level == Level::Subsection && c.section() == section)
}
