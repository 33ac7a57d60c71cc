//! Prints what the amendment reader sees in an act: the segments of its body and of the
//! appendices that list changes or repealed acts, then the operations it reads.
//!
//! ```sh
//! cargo run --release --example amend_trace -- act.md
//! ```

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: amend_trace FILE");
        std::process::exit(2);
    };
    let opts = tizilim::text::ExtractOptions {
        ocr: false,
        ..Default::default()
    };
    let doc = match tizilim::pipeline::parse_path_with(std::path::Path::new(&path), &opts) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let segs = tizilim::legal::amend::segments(&doc.tree);
    for s in &segs {
        let text: String = s.text.chars().take(160).collect();
        println!(
            "SEG {:<28} {:<10} top={} list={} | {}",
            s.path,
            format!("{:?}", s.kind),
            s.top,
            s.repeal_list,
            text.replace('\n', " ⏎ ")
        );
    }
    let (ams, diags) = tizilim::legal::amend::from_segments(&segs);
    for a in ams {
        println!(
            "AM  {:?} {:?} in {:?} of {:?} № {:?} {:?} (at {})",
            a.op,
            a.target_path,
            a.target_rules,
            a.target_act.act_type,
            a.target_act.number,
            a.target_act.date,
            a.source_path
        );
    }
    for d in diags {
        println!("DIAG {} {}", d.path, d.message);
    }
}
