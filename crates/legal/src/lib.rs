//! `tizilim-legal`: what an act does — the acts it references, amends and repeals, its amendment notes,
//! definitions and the state services it names.
//!
//! Extraction works from the patterns of the language (Russian and Kazakh equally), never from
//! the particulars of one act. Every extractor returns values plus diagnostics.

pub mod amend;
mod attrs;
pub mod defs;
pub mod notes;
pub mod services;

use serde::Serialize;
use tizilim_lex::{norm, refs};

use tizilim_lex::ActRef;
use tizilim_lex::Language;

/// A pattern of this crate with Unicode word boundaries, behind its pre-test
/// ([`tizilim_lex::gated::Gated`]). The patterns are written in the source: one that does not
/// compile is a bug that every test reaching it shows.
fn gated(pattern: &str) -> tizilim_lex::gated::Gated {
    tizilim_lex::gated::Gated::new(pattern).expect("static regex")
}

/// The operation of an amendment (CONTRACT.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmendOp {
    /// A unit, appendix or whole Rules in a new edition.
    NewEdition,
    /// A new unit inserted.
    Insert,
    /// A unit excluded.
    Exclude,
    /// Words replaced by other words.
    SubstituteWords,
    /// A whole act repealed.
    RepealAct,
    /// The effect of an act or of its units suspended («приостановить действие», «қолданылуы
    /// тоқтатыла тұрсын»), usually until a date.
    Suspend,
}

/// One operation of an amending act.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Amendment {
    /// The operation.
    pub op: AmendOp,
    /// The act it changes.
    pub target_act: ActRef,
    /// The unit it changes (`point:5/subpoint:1`, `appendix:2/row:1`, `appendix:3`), `""` for the
    /// whole act or its Rules.
    pub target_path: String,
    /// The new text (new edition, insertion), when given inline or by reference.
    pub new_text: Option<String>,
    /// Words replaced (substitution).
    pub old_words: Option<String>,
    /// Replacement words (substitution).
    pub new_words: Option<String>,
    /// Where in this act the operation is written.
    pub source_path: String,
    /// The text of the unit where the operation is written (at most 400 characters): the
    /// clause an analyst reads as evidence.
    #[serde(default)]
    pub quote: String,
    /// When the operation is framed inside the Rules approved by the target act («в Правилах
    /// ..., утвержденных указанным приказом», «көрсетілген бұйрықпен бекітілген ...
    /// Қағидаларында»): the Rules' name as written; `target_path` is then relative to the Rules
    /// ("" = the whole Rules).
    pub target_rules: Option<String>,
}

/// The operation recorded by an amendment note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteOp {
    /// The unit was given a new edition.
    NewEdition,
    /// The unit was amended.
    Amended,
    /// The unit was excluded.
    Excluded,
    /// The unit was inserted.
    Inserted,
    /// The act was repealed.
    Repeal,
}

/// An amendment note (`Сноска.` / `Ескерту.`): one event in the act's history.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Note {
    /// The unit the note is about (`point:5`, `appendix:1/point:9`, `title`, `act`).
    pub target_path: String,
    /// What happened.
    pub op: NoteOp,
    /// The amending act.
    pub by: ActRef,
    /// The effective clause («вводится в действие ...»), or a date.
    pub effective: Option<String>,
    /// Where the note stands.
    pub source_path: String,
}

/// A defined term.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Definition {
    /// The term as written.
    pub term: String,
    /// Its short form («далее – ...», «бұдан әрі – ...»).
    pub short: Option<String>,
    /// The definition's text.
    pub text: String,
    /// Where it stands.
    pub source_path: String,
}

/// How a service was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// Named in a title or definition of the Rules of providing it.
    Definition,
    /// Named in quotes with a service marker phrase.
    Mention,
    /// From a standard table («Перечень основных требований ...»).
    StandardTable,
    /// A function with the shape of a service (DOMAIN.md §7).
    Candidate,
}

/// A state service the act names or implies.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Service {
    /// The name as written (without the enclosing quotes).
    pub name: String,
    /// Language of the name.
    pub language: Language,
    /// How it was found.
    pub kind: ServiceKind,
    /// Provider (услугодатель / көрсетілетін қызметті беруші).
    pub provider: Option<String>,
    /// Term (срок / мерзімі).
    pub term: Option<String>,
    /// Form (электронная / бумажная ...).
    pub form: Option<String>,
    /// Fee (бесплатно / тегін / paid with basis).
    pub fee: Option<String>,
    /// Result.
    pub result: Option<String>,
    /// Recipients (физические и юридические лица ...).
    pub recipients: Option<String>,
    /// Confidence 0..1.
    pub confidence: f32,
    /// Where it was found.
    pub source_path: String,
    /// The sentence that justifies it.
    pub quote: String,
    /// Other spellings of the same service in this act (an approving clause or an appendix
    /// heading that words the name differently from the act's title).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Service {
    /// A service with no attributes yet.
    pub fn new(
        name: impl Into<String>,
        language: Language,
        kind: ServiceKind,
        confidence: f32,
        source_path: impl Into<String>,
        quote: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            language,
            kind,
            provider: None,
            term: None,
            form: None,
            fee: None,
            result: None,
            recipients: None,
            confidence,
            source_path: source_path.into(),
            quote: quote.into(),
            aliases: Vec::new(),
        }
    }
}

/// Everything the `legal` stage extracts from one act.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct LegalContent {
    /// Acts referenced anywhere in the text, with the path where each reference stands.
    pub references: Vec<(String, ActRef)>,
    /// Amendment operations (including repeals of whole acts).
    pub amendments: Vec<Amendment>,
    /// Amendment notes.
    pub notes: Vec<Note>,
    /// Definitions.
    pub definitions: Vec<Definition>,
    /// Services.
    pub services: Vec<Service>,
    /// Diagnostics.
    pub diagnostics: tizilim_lex::diag::Diagnostics,
}

/// Extracts the legal content of a parsed act: references (with the path where each stands),
/// amendments, amendment notes, definitions and services. Never fails.
pub fn extract(doc: &tizilim_structure::Document) -> LegalContent {
    use tizilim_structure::NodeKind;
    let mut out = LegalContent::default();
    let title = doc.act.id.title.as_deref().map(norm::clean);
    let title_quotes = title.as_deref().map(norm::quote_spans).unwrap_or_default();
    // Every node's heading and own text cleaned once: references, notes and services read them.
    let nodes = clean_nodes(&doc.tree);

    // References, wherever they stand (the title first).
    if let Some(t) = &title {
        for r in refs::find_refs(t) {
            out.references.push(("title".to_string(), r.act));
        }
    }
    for c in &nodes {
        let n = c.node;
        if matches!(n.kind, NodeKind::Signature | NodeKind::Approval) {
            continue;
        }
        let found = match (&n.table, n.kind, &c.text) {
            (Some(t), NodeKind::Table, _) => {
                let text = t.text();
                if !refs::may_refer(&text) {
                    continue;
                }
                refs::find_refs(&norm::clean(&text))
            }
            (_, _, Some(text)) => refs::find_refs_quoted(text, &c.text_quotes),
            _ => continue,
        };
        for r in found {
            out.references.push((n.path.clone(), r.act));
        }
    }

    let (mut amendments, diags) = amend::extract(&doc.tree);
    for am in &mut amendments {
        am.quote = quote_of(doc, &am.source_path);
    }
    out.amendments = amendments;
    out.diagnostics.extend(diags);

    let mut last_unit = "";
    for c in &nodes {
        let n = c.node;
        let text = c.text.as_deref().unwrap_or("");
        if n.kind == NodeKind::Note {
            let container = n.path.rsplit_once('/').map_or("", |(c, _)| c);
            out.notes
                .extend(notes::parse_clean_note(text, container, last_unit, &n.path));
        } else if n.kind.is_unit() {
            last_unit = &n.path;
            if matches!(
                n.kind,
                NodeKind::Point | NodeKind::Subpoint | NodeKind::Item | NodeKind::Row
            ) {
                out.notes.extend(notes::gone_clean_unit(text, &n.path));
            }
        }
    }

    // A note that names the act itself («действовал до 31.12.2018 в соответствии с пунктом 4
    // настоящего приказа»): the act is this one.
    for n in &mut out.notes {
        if n.by.number.is_none() && n.by.date.is_none() {
            n.by = ActRef {
                title: None,
                issuer: doc.act.id.issuer.clone(),
                ..doc.act.id.clone()
            };
        }
    }

    out.definitions = defs::extract(&doc.tree);
    let def_paths: Vec<String> = out
        .definitions
        .iter()
        .map(|d| d.source_path.clone())
        .collect();
    // The services' texts: the title, then each node's heading and own text (not a table's), in
    // document order, to the depth the services read.
    let mut texts: Vec<services::CleanText<'_>> = Vec::with_capacity(nodes.len() * 2);
    if let Some(t) = &title {
        texts.push(("title", t, NodeKind::Heading, &title_quotes));
    }
    for c in nodes.iter().filter(|c| c.depth <= services::MAX_DEPTH) {
        if let Some(h) = &c.heading {
            texts.push((&c.node.path, h, NodeKind::Heading, &c.heading_quotes));
        }
        if let Some(t) = c.text.as_deref().filter(|_| c.node.kind != NodeKind::Table) {
            texts.push((&c.node.path, t, c.node.kind, &c.text_quotes));
        }
    }
    out.services = services::extract(
        &doc.tree,
        &texts,
        doc.act.id.title.as_deref(),
        doc.language,
        &def_paths,
    );
    out
}

/// A node with its heading and own text [`norm::clean`]ed (`None` when it has none) and their
/// quoted stretches ([`norm::quote_spans`]), and its depth in the tree (0 for the top level).
struct CleanNode<'a> {
    node: &'a tizilim_structure::Node,
    depth: usize,
    heading: Option<String>,
    heading_quotes: Vec<norm::QuoteSpan>,
    text: Option<String>,
    text_quotes: Vec<norm::QuoteSpan>,
}

/// The nodes of `tree` in document order, each text cleaned once (an explicit stack: a tree
/// of any depth is read without recursion).
fn clean_nodes(tree: &[tizilim_structure::Node]) -> Vec<CleanNode<'_>> {
    let quotes = |t: &Option<String>| t.as_deref().map(norm::quote_spans).unwrap_or_default();
    let mut out = Vec::new();
    let mut stack: Vec<(&tizilim_structure::Node, usize)> =
        tree.iter().rev().map(|n| (n, 0)).collect();
    while let Some((n, depth)) = stack.pop() {
        let heading = n.heading.as_deref().map(norm::clean);
        let text = (!n.text.is_empty()).then(|| norm::clean(&n.text));
        out.push(CleanNode {
            node: n,
            depth,
            heading_quotes: quotes(&heading),
            heading,
            text_quotes: quotes(&text),
            text,
        });
        stack.extend(n.children.iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

/// The text of the unit at `path`, cut to a readable length on a char boundary.
pub fn quote_of(doc: &tizilim_structure::Document, path: &str) -> String {
    const MAX: usize = 400;
    let text = doc.find(path).map(|n| n.text.trim()).unwrap_or("");
    let mut out: String = text.chars().take(MAX).collect();
    if text.chars().count() > MAX {
        out.push('…');
    }
    out
}

/// Completes the act's metadata with what its notes say: a note «Күші жойылды ...» /
/// «Утратил силу ...» on the whole act marks it repealed and names the repealing act when the
/// header did not.
pub fn complete_meta(meta: &mut tizilim_structure::ActMeta, notes: &[Note]) {
    let Some(n) = notes
        .iter()
        .find(|n| n.op == NoteOp::Repeal && n.target_path == "act")
    else {
        return;
    };
    if meta.status.is_none() {
        meta.status = Some("repealed".to_string());
    }
    if meta.repealed_by.is_none() {
        meta.repealed_by = Some(n.by.clone());
    }
}
