//! `tizilim-registry`: the register of state services — loading, validation, classification, matching.
//!
//! A [`Register`] is loaded from one of the formats analysts hold (DOMAIN.md §8): the CSV of the
//! contract, an Excel workbook with the same columns, or the register act's HTML page from adilet
//! (the table of Appendix 1 of the 2025 Rules). The format is detected from the bytes
//! ([`load()`]). Loading fails only when the file cannot be read or its columns are wrong; every
//! row-level problem is a diagnostic (`row:N`) and [`check()`] turns them, plus code, duplicate
//! and classification checks, into a [`CheckReport`].
//!
//! Matching ([`matcher`]) normalises names ([`normalize`]), stems them ([`stem`]) and finds
//! candidates through an inverted index; `tizilim-findings` uses it to flag hidden, obsolete and
//! changed services.

pub mod check;
pub mod classification;
pub mod load;
pub mod matcher;
pub mod normalize;
pub mod stem;

use serde::Serialize;

use tizilim_lex::diag::Diagnostics;

pub use check::{check, check_register, CheckReport, Problem};
pub use load::{load, load_bytes, RegisterError, COLUMNS};
pub use matcher::{Match, MatchHow, Matcher};

/// The part of the register an entry belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// «Государственные услуги» / «Мемлекеттік көрсетілетін қызметтер».
    #[default]
    State,
    /// «Общественно значимые услуги» / «Қоғамдық маңызы бар көрсетілетін қызметтер».
    SociallySignificant,
}

impl Kind {
    /// `state` or `socially_significant`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::State => "state",
            Kind::SociallySignificant => "socially_significant",
        }
    }

    /// Parses the CSV value.
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim() {
            "state" => Some(Kind::State),
            "socially_significant" => Some(Kind::SociallySignificant),
            _ => None,
        }
    }
}

/// A category of recipients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// Individuals (физические лица / жеке тұлғалар).
    Individual,
    /// Legal entities (юридические лица / заңды тұлғалар).
    Legal,
}

impl Recipient {
    /// The CSV value.
    pub fn as_str(self) -> &'static str {
        match self {
            Recipient::Individual => "individual",
            Recipient::Legal => "legal",
        }
    }

    /// Parses one CSV value.
    pub fn parse(s: &str) -> Option<Recipient> {
        match s.trim() {
            "individual" => Some(Recipient::Individual),
            "legal" => Some(Recipient::Legal),
            _ => None,
        }
    }
}

/// Paid or free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Paid {
    /// Платно / ақылы.
    Paid,
    /// Бесплатно / тегін.
    Free,
}

impl Paid {
    /// The CSV value.
    pub fn as_str(self) -> &'static str {
        match self {
            Paid::Paid => "paid",
            Paid::Free => "free",
        }
    }

    /// Parses the CSV value.
    pub fn parse(s: &str) -> Option<Paid> {
        match s.trim() {
            "paid" => Some(Paid::Paid),
            "free" => Some(Paid::Free),
            _ => None,
        }
    }
}

/// A form of provision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceForm {
    /// Electronic, fully automated.
    ElectronicFull,
    /// Electronic, partially automated.
    ElectronicPartial,
    /// On paper.
    Paper,
    /// Proactive.
    Proactive,
    /// Informational.
    Informational,
    /// By one application.
    OneApplication,
}

impl ServiceForm {
    /// Every value, in CSV spelling order.
    pub const ALL: [ServiceForm; 6] = [
        ServiceForm::ElectronicFull,
        ServiceForm::ElectronicPartial,
        ServiceForm::Paper,
        ServiceForm::Proactive,
        ServiceForm::Informational,
        ServiceForm::OneApplication,
    ];

    /// The CSV value.
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceForm::ElectronicFull => "electronic_full",
            ServiceForm::ElectronicPartial => "electronic_partial",
            ServiceForm::Paper => "paper",
            ServiceForm::Proactive => "proactive",
            ServiceForm::Informational => "informational",
            ServiceForm::OneApplication => "one_application",
        }
    }

    /// Parses one CSV value.
    pub fn parse(s: &str) -> Option<ServiceForm> {
        let s = s.trim();
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// One row of the register (DOMAIN.md §8). Optional text is `None` when the cell is empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Entry {
    /// The row in the source (1-based; the header is row 1 in CSV and Excel, the table row in HTML).
    pub row: usize,
    /// 8-digit code; `None` for a proposed entry.
    pub code: Option<String>,
    /// State or socially significant.
    pub kind: Kind,
    /// Name in Russian.
    pub name_ru: Option<String>,
    /// Name in Kazakh.
    pub name_kk: Option<String>,
    /// Subtype in Russian.
    pub subtype_ru: Option<String>,
    /// Subtype in Kazakh.
    pub subtype_kk: Option<String>,
    /// Recipients.
    pub recipients: Vec<Recipient>,
    /// Central body that develops the by-law, ru.
    pub ministry_ru: Option<String>,
    /// Central body, kk.
    pub ministry_kk: Option<String>,
    /// Provider, ru.
    pub provider_ru: Option<String>,
    /// Provider, kk.
    pub provider_kk: Option<String>,
    /// Organisations accepting applications and issuing results, ru.
    pub intake_ru: Option<String>,
    /// Intake organisations, kk.
    pub intake_kk: Option<String>,
    /// Paid or free, when known.
    pub paid: Option<Paid>,
    /// Legal basis of the fee.
    pub fee_basis: Option<String>,
    /// Fee amount.
    pub fee_amount: Option<String>,
    /// Form of the result.
    pub result_form: Option<String>,
    /// Term.
    pub term: Option<String>,
    /// Forms of provision.
    pub form: Vec<ServiceForm>,
    /// Provider's information system.
    pub info_system: Option<String>,
    /// Title of the by-law that sets the order of provision, ru.
    pub bylaw_title_ru: Option<String>,
    /// By-law title, kk.
    pub bylaw_title_kk: Option<String>,
    /// By-law number (`58/НҚ`).
    pub bylaw_number: Option<String>,
    /// By-law date, `YYYY-MM-DD`.
    pub bylaw_date: Option<String>,
    /// By-law registration number in the state register of normative legal acts.
    pub bylaw_registration_number: Option<String>,
}

impl Entry {
    /// The name in `lang`, falling back to the other language.
    pub fn name(&self, lang: tizilim_lex::Language) -> &str {
        let (a, b) = match lang {
            tizilim_lex::Language::Ru => (&self.name_ru, &self.name_kk),
            tizilim_lex::Language::Kk => (&self.name_kk, &self.name_ru),
        };
        a.as_deref().or(b.as_deref()).unwrap_or("")
    }

    /// The provider in `lang`, falling back to the other language.
    pub fn provider(&self, lang: tizilim_lex::Language) -> Option<&str> {
        let (a, b) = match lang {
            tizilim_lex::Language::Ru => (&self.provider_ru, &self.provider_kk),
            tizilim_lex::Language::Kk => (&self.provider_kk, &self.provider_ru),
        };
        a.as_deref().or(b.as_deref())
    }

    /// The by-law title in `lang`, falling back to the other language.
    pub fn bylaw_title(&self, lang: tizilim_lex::Language) -> Option<&str> {
        let (a, b) = match lang {
            tizilim_lex::Language::Ru => (&self.bylaw_title_ru, &self.bylaw_title_kk),
            tizilim_lex::Language::Kk => (&self.bylaw_title_kk, &self.bylaw_title_ru),
        };
        a.as_deref().or(b.as_deref())
    }

    /// The section code (first 3 digits of the code).
    pub fn section(&self) -> Option<&str> {
        self.code.as_deref().and_then(|c| c.get(..3))
    }
}

/// The format a register was loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegisterFormat {
    /// CSV of DOMAIN.md §8.
    Csv,
    /// Excel workbook (xlsx, xls, ods) with the same columns.
    Excel,
    /// The register act's adilet HTML page.
    Html,
}

/// A loaded register.
#[derive(Debug, Clone, Serialize)]
pub struct Register {
    /// The entries, in file order.
    pub entries: Vec<Entry>,
    /// Where it was loaded from (the path as given).
    pub source: String,
    /// The format it was loaded from.
    pub format: RegisterFormat,
    /// Row-level problems found while loading (`row:N`).
    pub diagnostics: Diagnostics,
}

impl Register {
    /// A register from entries built in memory (tests, generators).
    pub fn from_entries(source: impl Into<String>, entries: Vec<Entry>) -> Self {
        Self {
            entries,
            source: source.into(),
            format: RegisterFormat::Csv,
            diagnostics: Diagnostics::new(),
        }
    }

    /// The entries whose by-law has this registration number.
    pub fn by_bylaw<'a>(
        &'a self,
        registration_number: &'a str,
    ) -> impl Iterator<Item = (usize, &'a Entry)> + 'a {
        let key = registration_number.trim();
        self.entries.iter().enumerate().filter(move |(_, e)| {
            !key.is_empty() && e.bylaw_registration_number.as_deref().map(str::trim) == Some(key)
        })
    }

    /// The entry with this code.
    pub fn by_code(&self, code: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.code.as_deref() == Some(code))
    }
}
