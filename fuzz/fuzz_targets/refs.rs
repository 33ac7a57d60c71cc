//! The legal text parsers one by one on arbitrary text: dates, act references, unit references,
//! notes, definitions, amendment segments, header clauses and the position helpers of
//! `legal::norm` (with a position taken from the input, to catch slicing off char boundaries).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use tizilim::legal::{amend, defs, notes};
use tizilim::lex::{dates, norm, refs, units};
use tizilim::structure::header;

fuzz_target!(|data: &[u8]| {
    common::init();
    let (pos, rest) = match data {
        [a, b, rest @ ..] => (usize::from(u16::from_le_bytes([*a, *b])), rest),
        _ => (0, data),
    };
    let s = String::from_utf8_lossy(rest);
    let s = s.as_ref();
    let _ = dates::find_dates(s);
    let _ = dates::parse_date(s);
    let _ = refs::find_refs(s);
    let _ = refs::first_number(s);
    let _ = refs::registration_in(s);
    let _ = refs::nominative_type(s);
    let _ = units::find_units(s);
    let _ = units::join(s, s.get(..s.len() / 2).unwrap_or(""));
    let _ = notes::parse_note(s, "point:1", "point:1");
    let _ = defs::split_definition(s);
    let _ = amend::from_segments(&amend::segments_from_text(s));
    let _ = header::entry_into_force(s);
    let _ = header::signer(s);
    let _ = norm::clean(s);
    let _ = norm::deglue(s);
    let spans = norm::quote_spans(s);
    let _ = norm::quote_at(s, &spans, pos);
    let _ = norm::quote_before(s, &spans, pos);
    let _ = norm::paren_at(s, pos);
    let _ = norm::paren_before(s, pos);
    let _ = norm::floor_boundary(s, pos);
    let _ = norm::ceil_boundary(s, pos);
    let _ = norm::nominative_ru(s);
    let _ = norm::nominative_kk(s);
    let _ = norm::ru_ordinal(s);
    let _ = norm::kk_ordinal(s);
});
