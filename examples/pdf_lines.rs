//! Prints the positioned lines the PDF reader sees (indent, alignment, gap, page): a debugging aid.
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_lines FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_default();
    let (pages, diags) = tizilim::text::pdf::extract_lines(&bytes);
    for d in diags {
        eprintln!("{d:?}");
    }
    for (i, lines) in pages.iter().enumerate() {
        for l in lines {
            println!(
                "p{} ind={:5.1} gap={:4.1} {:?} b={} | {}",
                i + 1,
                l.indent,
                l.gap_before,
                l.align,
                l.bold,
                l.text
            );
        }
    }
}
