//! `findings`: hidden, obsolete and changed services, each with its evidence.

use serde::Serialize;

/// The kind of a finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// In law, not in the register.
    Hidden,
    /// A register entry whose legal basis is gone.
    Obsolete,
    /// A register entry that an amendment changes.
    Changed,
}

/// The register field a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The service's name.
    Name,
    /// The provider.
    Provider,
    /// The form of provision.
    Form,
    /// The term.
    Term,
    /// The fee.
    Fee,
    /// The by-law that defines the order of provision.
    Bylaw,
}

/// The proposal form a finding goes to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FormId {
    /// Appendix 3: changes (state services).
    App3,
    /// Appendix 4: additions (state services).
    App4,
    /// Appendix 5: changes (socially significant services).
    App5,
    /// Appendix 6: additions (socially significant services).
    App6,
}

impl FormId {
    /// `app3` ... `app6`.
    pub fn as_str(self) -> &'static str {
        match self {
            FormId::App3 => "app3",
            FormId::App4 => "app4",
            FormId::App5 => "app5",
            FormId::App6 => "app6",
        }
    }
}

/// Where a finding comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// The act file.
    pub file: String,
    /// The structural path.
    pub path: String,
    /// The quoted text.
    pub quote: String,
}

/// Everything the forms need about a service the act gives (for additions, Appendix 4/6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ServiceDetails {
    /// Name in Russian, when known.
    pub name_ru: Option<String>,
    /// Name in Kazakh, when known.
    pub name_kk: Option<String>,
    /// Subtype.
    pub subtype: Option<String>,
    /// Recipients category.
    pub recipients: Option<String>,
    /// Central body that develops the by-law.
    pub ministry: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// Organisations accepting applications and issuing results.
    pub intake: Option<String>,
    /// Paid or free.
    pub paid: Option<String>,
    /// Legal basis of the fee.
    pub fee_basis: Option<String>,
    /// Fee amount.
    pub fee_amount: Option<String>,
    /// Form of the result.
    pub result_form: Option<String>,
    /// Term.
    pub term: Option<String>,
    /// Provider's information system.
    pub info_system: Option<String>,
    /// Order of provision (documents).
    pub documents: Option<String>,
}

/// One finding (CONTRACT.md `findings`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Finding {
    /// hidden / obsolete / changed.
    pub kind: FindingKind,
    /// The register entry's code, when there is one.
    pub register_code: Option<String>,
    /// The service's name.
    pub service: String,
    /// The field concerned (changed), or null.
    pub field: Option<Field>,
    /// Current wording (from the register).
    pub current: Option<String>,
    /// Proposed wording (from the act).
    pub proposed: Option<String>,
    /// Evidence.
    pub evidence: Evidence,
    /// Confidence 0..1.
    pub confidence: f32,
    /// The form it goes to.
    pub form: FormId,
    /// Justification: the act's full reference and point («приказ ... от ... № ..., п. 3»).
    pub justification: String,
    /// Service details for additions (hidden).
    pub details: Option<ServiceDetails>,
    /// A stable id (hash of kind, code, service, field), for diffs between runs and form rows.
    pub id: String,
}
