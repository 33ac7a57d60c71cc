//! Byte scans over text that is mostly Cyrillic (whose bytes are never ASCII): tests run over
//! 32 bytes at a time as comparisons the compiler turns into vector instructions, instead of a
//! table look-up or an iterator step per byte.

/// The first byte of `b` that `set` (a table by byte value of ASCII letters and the ASCII marks
/// `#`, `*`, `[` only) holds. Texts are mostly Cyrillic, whose bytes are never ASCII: the scan
/// tests 32 bytes at a time with comparisons the compiler turns into vector instructions (any
/// ASCII letter or mark at all), and looks a block up byte by byte only when it has one. A
/// table look-up per byte cost a nanosecond a byte, several times over each text.
pub fn position_marked(b: &[u8], set: &[bool; 256]) -> Option<usize> {
    let mut at = 0usize;
    for block in b.chunks(32) {
        // No early exit inside the block, so that the loop vectorises.
        let any = block.iter().fold(0u8, |acc, &x| acc | may_be_marked(x));
        if any != 0 {
            if let Some(i) = block.iter().position(|&x| set[usize::from(x)]) {
                return Some(at + i);
            }
        }
        at += block.len();
    }
    None
}

/// The offsets of the bytes of `b` for which `pred` holds, in order. `pred` should be a
/// branch-free test of the byte alone (comparisons): it is run over 32 bytes at a time into a
/// bit mask, which the compiler does with vector compares, and the set bits are read off.
pub fn byte_positions<'a>(
    b: &'a [u8],
    pred: impl Fn(u8) -> bool + Copy + 'a,
) -> impl Iterator<Item = usize> + 'a {
    b.chunks(32).enumerate().flat_map(move |(k, block)| {
        let mut mask = 0u32;
        for (i, &x) in block.iter().enumerate() {
            mask |= u32::from(pred(x)) << i;
        }
        std::iter::from_fn(move || {
            (mask != 0).then(|| {
                let i = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                k * 32 + i
            })
        })
    })
}

/// 1 for an ASCII letter and for `#`, `*`, `[` (a superset of the sets [`position_marked`]
/// takes), else 0; branch-free.
#[inline]
fn may_be_marked(x: u8) -> u8 {
    u8::from((x | 0x20).wrapping_sub(b'a') < 26)
        | u8::from(x == b'#')
        | u8::from(x == b'*')
        | u8::from(x == b'[')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_positions_are_the_filtered_offsets() {
        let text = format!("{}\n«а»\"{}– \n", "ж".repeat(20), "б ".repeat(30));
        for start in 0..text.len() {
            let b = &text.as_bytes()[start..];
            let pred = |x: u8| (x == b'"') | (x == b'\n') | (x == 0xC2) | (x == 0xE2);
            let want: Vec<usize> = (0..b.len()).filter(|&i| pred(b[i])).collect();
            assert_eq!(
                byte_positions(b, pred).collect::<Vec<_>>(),
                want,
                "from {start}"
            );
        }
    }

    #[test]
    fn marked_bytes_are_found_as_a_byte_scan_finds_them() {
        // The vector pre-test admits every byte of the tables it is used with.
        for x in 0..=255u8 {
            assert!(
                !crate::lookalike::TWIN_BYTES[usize::from(x)] || may_be_marked(x) != 0,
                "{x:#x}"
            );
        }
        let mut marks = crate::lookalike::TWIN_BYTES;
        marks[usize::from(b'#')] = true;
        marks[usize::from(b'*')] = true;
        marks[usize::from(b'[')] = true;
        let texts = [
            String::new(),
            "Қазақстан Республикасы".to_string(),
            format!("{}Кoдекс", "ж".repeat(40)),
            format!("{}[bookmark: z1]", "а".repeat(31)),
            format!("{} Z {}*", "б".repeat(70), "в".repeat(3)),
            "abc 123 «№ 5» – q".to_string(),
        ];
        for t in &texts {
            for start in 0..t.len().min(40) {
                let b = &t.as_bytes()[start..];
                for set in [&crate::lookalike::TWIN_BYTES, &marks] {
                    assert_eq!(
                        position_marked(b, set),
                        b.iter().position(|&x| set[usize::from(x)]),
                        "{t:?} from {start}"
                    );
                }
            }
        }
    }
}
