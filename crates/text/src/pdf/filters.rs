//! Bounded stream decoding: Flate, LZW, ASCIIHex, ASCII85, RunLength and PNG/TIFF predictors.
//!
//! lopdf's own decompression reads to the end of whatever a stream inflates to; a decompression
//! bomb (a few KB inflating to gigabytes) would exhaust memory. Every decoder here stops at a cap
//! and reports the stream as too large instead.

use std::io::{Read, Write};

use lopdf::{Dictionary, Object, Stream};

/// The largest decoded stream we accept (64 MiB).
pub(super) const MAX_STREAM: usize = 64 << 20;

/// Why a stream could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum DecodeError {
    /// The decoded data would exceed the cap.
    TooLarge,
    /// A filter we do not decode (image codecs).
    Unsupported(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::TooLarge => write!(
                f,
                "stream decodes to more than {} MiB ({})",
                MAX_STREAM >> 20,
                super::OVER_LIMIT
            ),
            DecodeError::Unsupported(n) => write!(f, "unsupported filter {n}"),
        }
    }
}

/// The filters of a stream with their parameters, in decoding order.
fn filters(dict: &Dictionary) -> Vec<(&[u8], Option<&Dictionary>)> {
    let names: Vec<&[u8]> = match dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.as_slice()],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
        _ => Vec::new(),
    };
    let parms: Vec<Option<&Dictionary>> = match dict.get(b"DecodeParms").or(dict.get(b"DP")) {
        Ok(Object::Dictionary(d)) => vec![Some(d)],
        Ok(Object::Array(a)) => a.iter().map(|o| o.as_dict().ok()).collect(),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, parms.get(i).copied().flatten()))
        .collect()
}

/// Decodes a stream's content, never producing more than `cap` bytes.
pub(super) fn decode(stream: &Stream, cap: usize) -> Result<Vec<u8>, DecodeError> {
    let fs = filters(&stream.dict);
    if fs.is_empty() {
        return if stream.content.len() > cap {
            Err(DecodeError::TooLarge)
        } else {
            Ok(stream.content.clone())
        };
    }
    let mut data: Option<Vec<u8>> = None;
    for (name, parms) in fs {
        let input = data.as_deref().unwrap_or(&stream.content);
        let out = match name {
            b"FlateDecode" | b"Fl" => predict(inflate(input, cap)?, parms, cap)?,
            b"LZWDecode" | b"LZW" => predict(lzw(input, parms, cap)?, parms, cap)?,
            b"ASCIIHexDecode" | b"AHx" => ascii_hex(input),
            b"ASCII85Decode" | b"A85" => ascii85(input),
            b"RunLengthDecode" | b"RL" => run_length(input, cap)?,
            b"Crypt" => input.to_vec(),
            other => {
                return Err(DecodeError::Unsupported(
                    String::from_utf8_lossy(other).into_owned(),
                ))
            }
        };
        if out.len() > cap {
            return Err(DecodeError::TooLarge);
        }
        data = Some(out);
    }
    Ok(data.unwrap_or_default())
}

/// Inflates zlib (or, failing that, raw deflate) data. Corrupt data keeps what was inflated
/// before the corruption, as viewers do.
fn inflate(input: &[u8], cap: usize) -> Result<Vec<u8>, DecodeError> {
    let limit = cap as u64 + 1;
    let mut out = Vec::with_capacity(input.len().saturating_mul(4).min(cap));
    let res = flate2::read::ZlibDecoder::new(input)
        .take(limit)
        .read_to_end(&mut out);
    if res.is_err() && out.is_empty() {
        let _ = flate2::read::DeflateDecoder::new(input)
            .take(limit)
            .read_to_end(&mut out);
    }
    if out.len() > cap {
        return Err(DecodeError::TooLarge);
    }
    Ok(out)
}

/// A writer that refuses to grow past a cap.
struct Capped {
    buf: Vec<u8>,
    cap: usize,
}

impl Write for Capped {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + b.len() > self.cap {
            return Err(std::io::Error::other("cap"));
        }
        self.buf.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lzw(input: &[u8], parms: Option<&Dictionary>, cap: usize) -> Result<Vec<u8>, DecodeError> {
    use weezl::{decode::Decoder, BitOrder};
    let early = parms
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|o| o.as_i64().ok())
        .is_none_or(|v| v != 0);
    let mut dec = if early {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut w = Capped {
        buf: Vec::new(),
        cap,
    };
    let res = dec.into_stream(&mut w).decode_all(input);
    if res.status.is_err() && w.buf.len() + 4096 >= cap {
        return Err(DecodeError::TooLarge);
    }
    Ok(w.buf)
}

fn ascii_hex(input: &[u8]) -> Vec<u8> {
    let end = input.iter().position(|&c| c == b'>').unwrap_or(input.len());
    let mut out = Vec::with_capacity(end / 2 + 1);
    super::lexer::decode_string(&input[..end], true, &mut out);
    out
}

fn ascii85(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 5 * 4 + 4);
    let mut group: u64 = 0;
    let mut n = 0;
    let body = input.strip_prefix(b"<~").unwrap_or(input);
    for &c in body {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                group = group * 85 + u64::from(c - b'!');
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&(group as u32).to_be_bytes());
                    group = 0;
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for _ in n..5 {
            group = group * 85 + 84;
        }
        let b = (group as u32).to_be_bytes();
        out.extend_from_slice(b.get(..n - 1).unwrap_or(&[]));
    }
    out
}

fn run_length(input: &[u8], cap: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&len) = input.get(i) {
        i += 1;
        match len {
            128 => break,
            0..=127 => {
                let n = usize::from(len) + 1;
                let end = (i + n).min(input.len());
                out.extend_from_slice(&input[i..end]);
                i = end;
            }
            _ => {
                let Some(&b) = input.get(i) else { break };
                i += 1;
                out.resize(out.len() + 257 - usize::from(len), b);
            }
        }
        if out.len() > cap {
            return Err(DecodeError::TooLarge);
        }
    }
    Ok(out)
}

/// Undoes a PNG (10..15) or TIFF (2) predictor.
fn predict(data: Vec<u8>, parms: Option<&Dictionary>, cap: usize) -> Result<Vec<u8>, DecodeError> {
    let Some(p) = parms else { return Ok(data) };
    let get = |k: &[u8], d: i64| p.get(k).ok().and_then(|o| o.as_i64().ok()).unwrap_or(d);
    let predictor = get(b"Predictor", 1);
    if predictor < 2 {
        return Ok(data);
    }
    let colors = get(b"Colors", 1).clamp(1, 32) as usize;
    let bpc = get(b"BitsPerComponent", 8).clamp(1, 16) as usize;
    let columns = get(b"Columns", 1).clamp(1, 1 << 20) as usize;
    let bpp = (colors * bpc).div_ceil(8).max(1);
    let row_len = (colors * bpc * columns).div_ceil(8);
    if predictor == 2 {
        if bpc != 8 {
            return Ok(data);
        }
        let mut data = data;
        for row in data.chunks_mut(row_len.max(1)) {
            for i in bpp..row.len() {
                row[i] = row[i].wrapping_add(row[i - bpp]);
            }
        }
        return Ok(data);
    }
    let mut out = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; row_len];
    for chunk in data.chunks(row_len + 1) {
        let Some((&kind, row)) = chunk.split_first() else {
            continue;
        };
        let mut cur = row.to_vec();
        cur.resize(row_len, 0);
        for i in 0..row_len {
            let a = if i >= bpp { cur[i - bpp] } else { 0 };
            let b = prev[i];
            let c = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = match kind {
                1 => cur[i].wrapping_add(a),
                2 => cur[i].wrapping_add(b),
                3 => cur[i].wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                4 => cur[i].wrapping_add(paeth(a, b, c)),
                _ => cur[i],
            };
        }
        out.extend_from_slice(&cur[..row.len().min(row_len)]);
        if out.len() > cap {
            return Err(DecodeError::TooLarge);
        }
        prev = cur;
    }
    Ok(out)
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flate_stream(data: &[u8]) -> Stream {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = e.write_all(data);
        let z = e.finish().unwrap_or_default();
        let mut d = Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        Stream::new(d, z)
    }

    #[test]
    fn inflates_within_the_cap() {
        let s = flate_stream(b"BT (Hello) Tj ET");
        assert_eq!(decode(&s, 1000), Ok(b"BT (Hello) Tj ET".to_vec()));
    }

    #[test]
    fn a_bomb_stops_at_the_cap() {
        let s = flate_stream(&vec![b'0'; 10 << 20]);
        assert!(s.content.len() < 100_000);
        assert_eq!(decode(&s, 1 << 20), Err(DecodeError::TooLarge));
    }

    #[test]
    fn ascii_filters_decode() {
        assert_eq!(ascii_hex(b"48 65 6c6C6f>"), b"Hello");
        assert_eq!(ascii85(b"<~87cURD]i,\"Ebo80~>"), b"Hello World!");
        assert_eq!(ascii85(b"<~87cURD]i,\"Ebo7~>"), b"Hello World");
        assert_eq!(
            run_length(&[2, b'a', b'b', b'c', 254, b'x', 128], 100),
            Ok(b"abcxxx".to_vec())
        );
    }

    #[test]
    fn png_up_predictor() {
        let mut p = Dictionary::new();
        p.set("Predictor", 12);
        p.set("Columns", 3);
        let data = vec![2, 1, 2, 3, 2, 1, 1, 1];
        assert_eq!(predict(data, Some(&p), 100), Ok(vec![1, 2, 3, 2, 3, 4]));
    }
}
