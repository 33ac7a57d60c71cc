//! The act header: type, issuer, date, number, registration, status, repealing act, signature.

use crate::diag::Diagnostics;
use crate::structure::ActMeta;
use crate::text::{Language, PageHeader};

/// What the structure parser found that describes the act itself.
#[derive(Debug, Clone, Copy)]
pub struct HeaderInput<'a> {
    /// adilet's page header (HTML inputs).
    pub page: &'a PageHeader,
    /// Text blocks before the act body (title lines, status line, header line), in order.
    pub lead: &'a [String],
    /// The signature block's text.
    pub signature: Option<&'a str>,
    /// The header blocks of the top-level appendices.
    pub appendix_asides: &'a [String],
    /// The body's points, for the entry-into-force clause.
    pub body_text: &'a str,
    /// The act's language.
    pub language: Language,
}

/// Parses the act's metadata. Never fails.
pub fn parse(input: &HeaderInput) -> (ActMeta, Diagnostics) {
    let meta = ActMeta {
        title: input.page.title.clone(),
        ..Default::default()
    };
    (meta, Diagnostics::new())
}
