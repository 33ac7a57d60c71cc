//! Prints the positioned lines the PDF reader sees (indent, alignment, gap, page): a debugging aid.
//! With `--plain`, prints the reading-order text that is compared with `pdftotext` instead.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let plain = args.iter().any(|a| a == "--plain");
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: pdf_lines [--plain] FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_default();
    if plain {
        print!("{}", tizilim::text::pdf::plain_text(&bytes).0);
        return;
    }
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
