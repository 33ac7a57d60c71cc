//! `tizilim-lex`: the language of Kazakh and Russian legal acts, shared by every stage.
//!
//! What an act's words mean, independent of any file format or pipeline stage: the act's
//! language ([`Language`]), Latin look-alike letters of wrong-language OCR ([`lookalike`]), dates
//! in both languages ([`dates`]), the words of structural units ([`units`]), references to other
//! acts ([`refs`], with their identity [`ActRef`]) and citations of an act in each language's
//! grammar ([`cite`]). Every stage that needs one of these ideas takes it from here, so that each
//! exists once. Nothing here reads files or knows about documents: functions take text and
//! return values (plus [`diag::Diagnostic`]s where something could not be read).

pub mod bytes;
pub mod cite;
pub mod dates;
pub mod diag;
pub mod gated;
pub mod lookalike;
pub mod norm;
pub mod re;
pub mod refs;
pub mod stems;
pub mod units;

use serde::Serialize;

/// The language of an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Default)]
pub enum Language {
    /// Kazakh.
    #[serde(rename = "kk")]
    Kk,
    /// Russian.
    #[serde(rename = "ru")]
    #[default]
    Ru,
}

impl Language {
    /// `kk` or `ru`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Kk => "kk",
            Language::Ru => "ru",
        }
    }
}

/// A reference to an act: what a header, a repeal line or an amendment names. The one identity
/// of an act in tizilim: an act's own metadata holds one too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
pub struct ActRef {
    /// Act type as written in the nominative (`приказ`, `бұйрық`, `постановление`, ...).
    #[serde(rename = "type")]
    pub act_type: Option<String>,
    /// Number (`58/НҚ`, `126`, `414-V ЗРК`).
    pub number: Option<String>,
    /// Adoption date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Registration number in the state register of normative legal acts.
    pub registration_number: Option<String>,
    /// The issuing body or official, in the nominative.
    pub issuer: Option<String>,
    /// The act's title.
    pub title: Option<String>,
}
