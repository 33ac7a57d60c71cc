//! CSV writer: UTF-8 with a BOM (so Excel opens Cyrillic correctly), comma-separated, RFC 4180 quoting.
//!
//! Layout: one flattened header row ([`FormTable::flat_headers`] plus `ID`), the column-number row
//! (1 2 3 ...), then the data rows with the finding id last. Text that a spreadsheet would evaluate as
//! a formula gets a leading `'` (see the module docs of `forms`).

use super::{looks_like_formula, spec, FormTable};

const BOM: &str = "\u{feff}";

/// The CSV file of a form, BOM included.
pub fn csv_bytes(table: &FormTable) -> Vec<u8> {
    let mut out = String::from(BOM);
    let mut header = table.flat_headers();
    header.push(spec::ID_HEADER.to_string());
    push_record(&mut out, header.iter().map(String::as_str));

    let numbers: Vec<String> = (1..=table.columns()).map(|n| n.to_string()).collect();
    push_record(
        &mut out,
        numbers
            .iter()
            .map(String::as_str)
            .chain(std::iter::once("")),
    );

    for row in &table.rows {
        push_record(
            &mut out,
            row.cells
                .iter()
                .map(|c| c.as_deref().unwrap_or(""))
                .chain(std::iter::once(row.finding_id.as_str())),
        );
    }
    out.into_bytes()
}

fn push_record<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, field);
    }
    out.push_str("\r\n");
}

fn push_field(out: &mut String, field: &str) {
    let guarded = looks_like_formula(field);
    let needs_quotes = guarded || field.contains([',', '"', '\n', '\r']);
    if needs_quotes {
        out.push('"');
    }
    if guarded {
        out.push('\'');
    }
    for ch in field.chars() {
        if ch == '"' {
            out.push('"');
        }
        out.push(ch);
    }
    if needs_quotes {
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(s: &str) -> String {
        let mut out = String::new();
        push_field(&mut out, s);
        out
    }

    #[test]
    fn quotes_and_guards_fields() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("=1+2"), "\"'=1+2\"");
        assert_eq!(field("-5"), "\"'-5\"");
        assert_eq!(field("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(field("\tx"), "\"'\tx\"");
        assert_eq!(field(""), "");
    }
}
