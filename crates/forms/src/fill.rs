//! Filling: findings → form rows, column by column, from what each column's [`Src`] names.

use tizilim_findings::{Finding, FindingKind, FormId, ServiceDetails};

use super::spec::{self, ColSpec, Src};
use super::{target_form, FormRow, FormTable, HeaderCell, Lang};

/// Builds the table of `form` in `lang` from the findings routed to it.
pub(crate) fn build(form: FormId, lang: Lang, findings: &[Finding]) -> FormTable {
    let spec = spec::spec(form);
    let (header_rows, header) = header_cells(spec.columns, lang);
    let rows = findings
        .iter()
        .filter(|f| target_form(f) == form)
        .enumerate()
        .map(|(i, f)| row(spec.columns, lang, i + 1, f))
        .collect();
    FormTable {
        form,
        lang,
        appendix_note: spec::appendix_note(spec.number, lang),
        form_word: spec::FORM_WORD.get(lang).to_string(),
        title: spec.title.get(lang).to_string(),
        sheet_name: spec::sheet_name(spec.number, lang),
        header_rows,
        header,
        widths: spec.columns.iter().map(|c| c.width).collect(),
        rows,
    }
}

/// The header block: a column without a group spans all header rows; adjacent columns with the same
/// group share one merged cell in the upper row and have their own text in the lower row.
fn header_cells(columns: &[ColSpec], lang: Lang) -> (u16, Vec<HeaderCell>) {
    let two_level = columns.iter().any(|c| c.group.is_some());
    let rows: u16 = if two_level { 2 } else { 1 };
    let mut cells = Vec::new();
    let mut i = 0usize;
    while i < columns.len() {
        let c = columns[i];
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        match c.group {
            None => {
                cells.push(HeaderCell {
                    row: 0,
                    col,
                    rowspan: rows,
                    colspan: 1,
                    text: c.text.get(lang).to_string(),
                });
                i += 1;
            }
            Some(group) => {
                let group_text = group.get(lang);
                let mut j = i;
                while j < columns.len() && columns[j].group.map(|g| g.get(lang)) == Some(group_text)
                {
                    cells.push(HeaderCell {
                        row: 1,
                        col: u16::try_from(j).unwrap_or(u16::MAX),
                        rowspan: 1,
                        colspan: 1,
                        text: columns[j].text.get(lang).to_string(),
                    });
                    j += 1;
                }
                cells.push(HeaderCell {
                    row: 0,
                    col,
                    rowspan: 1,
                    colspan: u16::try_from(j - i).unwrap_or(1),
                    text: group_text.to_string(),
                });
                i = j;
            }
        }
    }
    cells.sort_by_key(|h| (h.row, h.col));
    (rows, cells)
}

fn row(columns: &[ColSpec], lang: Lang, ordinal: usize, f: &Finding) -> FormRow {
    FormRow {
        cells: columns
            .iter()
            .map(|c| cell(c.src, lang, ordinal, f))
            .collect(),
        finding_id: f.id.clone(),
        file: f.evidence.file.clone(),
        path: f.evidence.path.clone(),
        quote: f.evidence.quote.clone(),
        confidence: f.confidence,
    }
}

/// `Some(trimmed)` when the text has something in it.
fn known(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

fn detail(f: &Finding, pick: fn(&ServiceDetails) -> Option<&String>) -> Option<String> {
    known(f.details.as_ref().and_then(pick).map(String::as_str))
}

/// The service's name in `lang` when the details give it, else in the other language, else
/// `finding.service`.
fn name(f: &Finding, lang: Lang) -> Option<String> {
    let (own, other) = match lang {
        Lang::Ru => (
            detail(f, |d| d.name_ru.as_ref()),
            detail(f, |d| d.name_kk.as_ref()),
        ),
        Lang::Kk => (
            detail(f, |d| d.name_kk.as_ref()),
            detail(f, |d| d.name_ru.as_ref()),
        ),
    };
    own.or(other).or_else(|| known(Some(&f.service)))
}

/// Spells out the register's codes (`paid`, `free`, `individual;legal`) in words; other text is kept.
fn words(text: Option<String>, lang: Lang) -> Option<String> {
    let text = text?;
    let parts: Vec<&str> = text.split(';').map(str::trim).collect();
    let spelled: Option<Vec<&str>> = parts
        .iter()
        .map(|p| {
            spec::CODE_WORDS
                .iter()
                .find(|(code, _)| code == p)
                .map(|(_, t)| t.get(lang))
        })
        .collect();
    match spelled {
        Some(w) => Some(w.join(", ")),
        None => Some(text),
    }
}

/// «00101001 «Name» — field» for a changes row.
fn structural_element(f: &Finding, lang: Lang) -> Option<String> {
    let mut out = String::new();
    if let Some(code) = known(f.register_code.as_deref()) {
        out.push_str(&code);
    }
    if let Some(n) = name(f, lang) {
        if !out.is_empty() {
            out.push(' ');
        }
        if n.starts_with('«') || n.starts_with('"') {
            out.push_str(&n);
        } else {
            out.push('«');
            out.push_str(&n);
            out.push('»');
        }
    }
    if let Some(field) = f.field {
        if !out.is_empty() {
            out.push_str(" — ");
        }
        out.push_str(spec::field_label(field).get(lang));
    }
    (!out.is_empty()).then_some(out)
}

fn cell(src: Src, lang: Lang, ordinal: usize, f: &Finding) -> Option<String> {
    match src {
        Src::Ordinal => Some(ordinal.to_string()),
        Src::StructuralElement => structural_element(f, lang),
        Src::Current => match f.kind {
            // An exclusion quotes the entry as it stands: the register's wording, or at least its name.
            FindingKind::Obsolete => known(f.current.as_deref()).or_else(|| name(f, lang)),
            _ => known(f.current.as_deref()),
        },
        Src::Proposed => match f.kind {
            FindingKind::Obsolete => Some(spec::EXCLUDE.get(lang).to_string()),
            _ => known(f.proposed.as_deref()),
        },
        Src::Justification => known(Some(&f.justification)),
        Src::Code => known(f.register_code.as_deref()),
        Src::Name => name(f, lang),
        Src::Subtype => detail(f, |d| d.subtype.as_ref()),
        Src::Recipients => words(detail(f, |d| d.recipients.as_ref()), lang),
        Src::Ministry => detail(f, |d| d.ministry.as_ref()),
        Src::Provider => detail(f, |d| d.provider.as_ref()),
        Src::Intake => detail(f, |d| d.intake.as_ref()),
        Src::Paid => words(detail(f, |d| d.paid.as_ref()), lang),
        Src::FeeBasis => detail(f, |d| d.fee_basis.as_ref()),
        Src::FeeAmount => detail(f, |d| d.fee_amount.as_ref()),
        Src::ResultForm => detail(f, |d| d.result_form.as_ref()),
        Src::Term => detail(f, |d| d.term.as_ref()),
        Src::InfoSystem => detail(f, |d| d.info_system.as_ref()),
        Src::Documents => detail(f, |d| d.documents.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app4_header_has_two_levels_with_group_over_nine_and_ten() {
        for lang in Lang::ALL {
            let (rows, cells) = header_cells(spec::spec(FormId::App4).columns, lang);
            assert_eq!(rows, 2);
            // 13 columns spanning both rows, the group cell, and its two sub-columns.
            assert_eq!(cells.len(), 16);
            let group = cells.iter().find(|h| h.colspan == 2).unwrap();
            assert_eq!((group.row, group.col), (0, 8));
            let lower: Vec<u16> = cells.iter().filter(|h| h.row == 1).map(|h| h.col).collect();
            assert_eq!(lower, vec![8, 9]);
        }
    }

    #[test]
    fn register_codes_are_spelled_out_and_free_text_is_kept() {
        assert_eq!(
            words(Some("individual;legal".into()), Lang::Ru).as_deref(),
            Some("физические лица, юридические лица")
        );
        assert_eq!(
            words(Some("free".into()), Lang::Kk).as_deref(),
            Some("тегін")
        );
        assert_eq!(
            words(Some("платно, МРП".into()), Lang::Ru).as_deref(),
            Some("платно, МРП")
        );
    }
}
