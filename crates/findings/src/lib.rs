//! `tizilim-findings`: hidden, obsolete and changed services, each with its evidence.

use serde::Serialize;

/// The kind of a finding.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// In law, not in the register.
    Hidden,
    /// A register entry whose legal basis is gone.
    Obsolete,
    /// A register entry that an amendment changes.
    Changed,
}

impl FindingKind {
    /// `hidden`, `obsolete`, `changed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::Hidden => "hidden",
            FindingKind::Obsolete => "obsolete",
            FindingKind::Changed => "changed",
        }
    }
}

/// The register field a finding concerns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The service's name.
    Name,
    /// The provider.
    Provider,
    /// The form of provision.
    Form,
    /// The term.
    Term,
    /// The fee.
    Fee,
    /// The by-law that defines the order of provision.
    Bylaw,
}

impl Field {
    /// `name`, `provider`, `form`, `term`, `fee`, `bylaw`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Provider => "provider",
            Field::Form => "form",
            Field::Term => "term",
            Field::Fee => "fee",
            Field::Bylaw => "bylaw",
        }
    }
}

/// The proposal form a finding goes to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FormId {
    /// Appendix 3: changes (state services).
    App3,
    /// Appendix 4: additions (state services).
    App4,
    /// Appendix 5: changes (socially significant services).
    App5,
    /// Appendix 6: additions (socially significant services).
    App6,
}

impl FormId {
    /// `app3` ... `app6`.
    pub fn as_str(self) -> &'static str {
        match self {
            FormId::App3 => "app3",
            FormId::App4 => "app4",
            FormId::App5 => "app5",
            FormId::App6 => "app6",
        }
    }
}

/// Where a finding comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// The act file.
    pub file: String,
    /// The structural path.
    pub path: String,
    /// The quoted text.
    pub quote: String,
}

/// Everything the forms need about a service the act gives (for additions, Appendix 4/6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ServiceDetails {
    /// Name in Russian, when known.
    pub name_ru: Option<String>,
    /// Name in Kazakh, when known.
    pub name_kk: Option<String>,
    /// Subtype.
    pub subtype: Option<String>,
    /// Recipients category.
    pub recipients: Option<String>,
    /// Central body that develops the by-law.
    pub ministry: Option<String>,
    /// Provider.
    pub provider: Option<String>,
    /// Organisations accepting applications and issuing results.
    pub intake: Option<String>,
    /// Paid or free.
    pub paid: Option<String>,
    /// Legal basis of the fee.
    pub fee_basis: Option<String>,
    /// Fee amount.
    pub fee_amount: Option<String>,
    /// Form of the result.
    pub result_form: Option<String>,
    /// Term.
    pub term: Option<String>,
    /// Provider's information system.
    pub info_system: Option<String>,
    /// Order of provision (documents).
    pub documents: Option<String>,
}

/// One finding (CONTRACT.md `findings`).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Finding {
    /// hidden / obsolete / changed.
    pub kind: FindingKind,
    /// The register entry's code, when there is one.
    pub register_code: Option<String>,
    /// The service's name.
    pub service: String,
    /// The field concerned (changed), or null.
    pub field: Option<Field>,
    /// Current wording (from the register).
    pub current: Option<String>,
    /// Proposed wording (from the act).
    pub proposed: Option<String>,
    /// Evidence.
    pub evidence: Evidence,
    /// Confidence 0..1.
    pub confidence: f32,
    /// The form it goes to.
    pub form: FormId,
    /// Justification: the act's full reference and point («приказ ... от ... № ..., п. 3»).
    pub justification: String,
    /// Service details for additions (hidden).
    pub details: Option<ServiceDetails>,
    /// A stable id (hash of kind, code, service, field), for diffs between runs and form rows.
    pub id: String,
}

/// What detection needs of one act: its file, language and header, and the services and
/// amendments the legal stage found (each amendment with its clause as `quote`). Small next to
/// the act's document, so that a whole corpus of them fits in memory.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct ActFacts {
    /// The act's file.
    pub file: String,
    /// Its language.
    pub language: Language,
    /// Its header.
    pub act: ActMeta,
    /// The services it names.
    pub services: Vec<Service>,
    /// The amendments it makes to registered acts (their `new_text` dropped: detection reads
    /// neither it nor amendments of acts without a registration number).
    pub amendments: Vec<Amendment>,
}

impl ActFacts {
    /// The facts of a parsed act (an amendment without its clause gets it from the document).
    pub fn of(doc: &Document, legal: &LegalContent) -> Self {
        let mut amendments = legal.amendments.clone();
        for a in amendments.iter_mut().filter(|a| a.quote.is_empty()) {
            a.quote = tizilim_legal::quote_of(doc, &a.source_path);
        }
        Self::from_parts(
            doc.file.clone(),
            doc.language,
            doc.act.clone(),
            legal.services.clone(),
            amendments,
        )
    }

    /// The facts from their parts (as a store keeps them).
    pub fn from_parts(
        file: String,
        language: Language,
        act: ActMeta,
        services: Vec<Service>,
        mut amendments: Vec<Amendment>,
    ) -> Self {
        // Detection reads only the amendments of acts the register can name (by registration
        // number), and never their new text.
        amendments.retain(|a| {
            a.target_act
                .registration_number
                .as_deref()
                .is_some_and(|r| !r.trim().is_empty())
        });
        for a in &mut amendments {
            a.new_text = None;
        }
        amendments.shrink_to_fit();
        ActFacts {
            file,
            language,
            act,
            services,
            amendments,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Detection.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use tizilim_legal::{AmendOp, Amendment, LegalContent, Service, ServiceKind};
use tizilim_lex::Language;
use tizilim_registry::matcher::{similarity, MATCH_THRESHOLD};
use tizilim_registry::normalize::normalize;
use tizilim_registry::{Entry, Kind, Matcher, Paid, Register, ServiceForm};
use tizilim_structure::{ActMeta, ActRef, Document};

/// A service found only as a candidate (a function with the shape of a service) is reported
/// as hidden from this confidence on.
pub const CANDIDATE_MIN_CONFIDENCE: f32 = 0.6;
/// Two provider (or other field) wordings with at least this word overlap are the same.
pub const SAME_FIELD_SIMILARITY: f32 = 0.8;
/// Confidence of an obsolete finding from an explicit repeal.
const REPEAL_CONFIDENCE: f32 = 0.95;
/// Confidence of a changed finding from a word substitution in the entry's by-law.
const SUBSTITUTION_CONFIDENCE: f32 = 0.9;

/// A structural path in words: `appendix:1/point:3/subpoint:2` → «приложение 1, пункт 3,
/// подпункт 2)» / «1-қосымша, 3-тармақ, 2) тармақша».
pub fn human_path(path: &str, lang: Language) -> String {
    let mut parts = Vec::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        let (unit, num) = seg.split_once(':').unwrap_or((seg, ""));
        let num = num.split('#').next().unwrap_or(num);
        let text = match tizilim_lex::units::UnitKind::from_seg(unit) {
            Some(kind) if !num.is_empty() => kind.in_words(num, lang),
            _ => seg.to_string(),
        };
        parts.push(text);
    }
    parts.join(", ")
}

/// The full reference of an act for a justification, cited in the grammar of `lang`
/// ([`tizilim_lex::cite`]) and followed by the point: «приказ Министра … от 4 декабря 2025 года
/// № 614/НҚ (зарегистрирован в Реестре государственной регистрации нормативных правовых актов под
/// № 12345), пункт 1».
fn reference(r: &ActRef, lang: Language, path: &str) -> String {
    let s = match lang {
        Language::Ru => tizilim_lex::cite::cite_ru(r),
        Language::Kk => tizilim_lex::cite::cite_kk(r),
    };
    let p = human_path(path, lang);
    if p.is_empty() {
        s
    } else {
        format!("{s}, {p}")
    }
}

/// The stable id of a finding: the first 16 hex digits of SHA-256 over kind, code, normalised
/// service name and field.
pub fn finding_id(
    kind: FindingKind,
    code: Option<&str>,
    service: &str,
    field: Option<Field>,
) -> String {
    let mut h = Sha256::new();
    h.update(
        format!(
            "{kind:?}|{}|{}|{field:?}",
            code.unwrap_or(""),
            normalize(service)
        )
        .as_bytes(),
    );
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The key that makes a kk act and its ru version one act: the registration number, else the
/// file.
fn act_key(doc: &ActFacts) -> String {
    reg_of(doc)
        .map(|r| format!("reg:{r}"))
        .unwrap_or_else(|| format!("file:{}", doc.file))
}

fn reg_of(doc: &ActFacts) -> Option<&str> {
    nonempty(doc.act.id.registration_number.as_deref())
}

/// A registration number that is there and not blank, trimmed.
fn nonempty(reg: Option<&str>) -> Option<&str> {
    reg.map(str::trim).filter(|r| !r.is_empty())
}

fn is_socially_significant(svc: &Service) -> bool {
    let t = normalize(&format!("{} {}", svc.name, svc.quote));
    t.contains("общественно значим") || t.contains("қоғамдық маңызы бар")
}

/// What the act says about the fee, as the register's paid/free and amount.
fn fee_parts(fee: &str) -> (Option<Paid>, Option<String>) {
    let f = normalize(fee);
    if f.contains("бесплатн") || f.contains("тегін") || f.contains("безвозмездн")
    {
        (Some(Paid::Free), None)
    } else if f.is_empty() {
        (None, None)
    } else {
        (Some(Paid::Paid), Some(fee.trim().to_string()))
    }
}

/// The forms of provision a wording names.
fn forms_in(text: &str) -> Vec<ServiceForm> {
    let t = normalize(text);
    let mut out = Vec::new();
    if t.contains("электрон") {
        if t.contains("частично") || t.contains("ішінара") {
            out.push(ServiceForm::ElectronicPartial);
        } else {
            out.push(ServiceForm::ElectronicFull);
        }
    }
    if t.contains("бумажн") || t.contains("қағаз") {
        out.push(ServiceForm::Paper);
    }
    if t.contains("проактив") {
        out.push(ServiceForm::Proactive);
    }
    out
}

fn forms_words(forms: &[ServiceForm], lang: Language) -> String {
    forms
        .iter()
        .map(|f| match (f, lang) {
            (ServiceForm::ElectronicFull, Language::Ru) => {
                "электронная (полностью автоматизированная)"
            }
            (ServiceForm::ElectronicFull, Language::Kk) => "электрондық (толық автоматтандырылған)",
            (ServiceForm::ElectronicPartial, Language::Ru) => {
                "электронная (частично автоматизированная)"
            }
            (ServiceForm::ElectronicPartial, Language::Kk) => {
                "электрондық (ішінара автоматтандырылған)"
            }
            (ServiceForm::Paper, Language::Ru) => "бумажная",
            (ServiceForm::Paper, Language::Kk) => "қағаз түрінде",
            (ServiceForm::Proactive, Language::Ru) => "проактивная",
            (ServiceForm::Proactive, Language::Kk) => "проактивті",
            (ServiceForm::Informational, Language::Ru) => "информационная",
            (ServiceForm::Informational, Language::Kk) => "ақпараттық",
            (ServiceForm::OneApplication, Language::Ru) => "по одному заявлению",
            (ServiceForm::OneApplication, Language::Kk) => "бір өтініш бойынша",
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn exclusion_words(lang: Language) -> &'static str {
    match lang {
        Language::Ru => "исключить",
        Language::Kk => "алып тасталсын",
    }
}

/// A corpus of act facts that detection reads twice, one act at a time and in file order, so
/// that the corpus never has to be in memory at once: a slice, or a store that reads its rows
/// again for each pass.
pub trait FactSource {
    /// Calls `f` with the facts of each act, in the same order on every call. Fails only when
    /// the source cannot be read.
    fn each(&self, f: &mut dyn FnMut(&ActFacts)) -> Result<(), String>;
}

impl FactSource for [ActFacts] {
    fn each(&self, f: &mut dyn FnMut(&ActFacts)) -> Result<(), String> {
        self.iter().for_each(f);
        Ok(())
    }
}

impl FactSource for Vec<ActFacts> {
    fn each(&self, f: &mut dyn FnMut(&ActFacts)) -> Result<(), String> {
        self.as_slice().each(f)
    }
}

/// What a finding made after a pass keeps of the act it cites.
#[derive(Debug, Clone)]
struct Cited {
    file: String,
    language: Language,
    id: ActRef,
}

impl Cited {
    fn of(doc: &ActFacts) -> Self {
        Cited {
            file: doc.file.clone(),
            language: doc.language,
            id: doc.act.id.clone(),
        }
    }
}

/// A by-law the corpus repeals (by a clause or by the act's own status): the first pass
/// collects them.
struct Repeal {
    reg: String,
    evidence: Evidence,
    justification: String,
    lang: Language,
}

/// A clause that excludes a unit of a registered act: the first pass collects them.
struct Exclusion {
    /// (the excluding act, its amendment): the order of its findings.
    order: (usize, usize),
    reg: String,
    target_path: String,
    evidence: Evidence,
    justification: String,
    lang: Language,
}

/// A service that matched no entry, waiting for the end of the pass (its other language
/// version may still match).
struct Pending {
    unit: (String, String),
    act: Cited,
    svc: Service,
    near: bool,
}

/// What the second pass gathers from the acts as they go by.
#[derive(Default)]
struct Scan {
    /// Units (act, path) where some language version of a service matched an entry.
    matched_units: HashSet<(String, String)>,
    pending: Vec<Pending>,
    /// Entry index → the by-laws repealed under it whose replacement is looked for.
    wanted: HashMap<usize, Vec<String>>,
    /// (entry index, repealed by-law) → the first act in force, other than that by-law, that
    /// defines the entry's service, with the service.
    replacements: HashMap<(usize, String), (Cited, Service)>,
    exclusions: Vec<Exclusion>,
    /// Registration number → indices into `exclusions`.
    exclusions_by_reg: HashMap<String, Vec<usize>>,
    /// Obsolete findings of exclusions, keyed by (excluding act, amendment, excluded act,
    /// service) so that they come out in the order of a walk over the excluding acts.
    excluded: Vec<((usize, usize, usize, usize), Finding)>,
}

/// An amendment's clause as evidence, and the reference to it as justification.
fn clause_of(doc: &ActFacts, am: &Amendment) -> (Evidence, String) {
    (
        Evidence {
            file: doc.file.clone(),
            path: am.source_path.clone(),
            quote: am.quote.clone(),
        },
        reference(&doc.act.id, doc.language, &am.source_path),
    )
}

/// The repeals and exclusions of one act (the first pass).
fn collect_repeals(
    k: usize,
    doc: &ActFacts,
    repeals: &mut Vec<Repeal>,
    exclusions: &mut Vec<Exclusion>,
) {
    for am in &doc.amendments {
        if am.op != AmendOp::RepealAct {
            continue;
        }
        let Some(reg) = nonempty(am.target_act.registration_number.as_deref()) else {
            continue;
        };
        let (evidence, justification) = clause_of(doc, am);
        repeals.push(Repeal {
            reg: reg.to_string(),
            evidence,
            justification,
            lang: doc.language,
        });
    }
    if doc.act.status.as_deref() == Some("repealed") {
        if let Some(reg) = reg_of(doc) {
            let justification = match &doc.act.repealed_by {
                Some(by) => reference(by, doc.language, ""),
                None => match doc.language {
                    Language::Ru => "акт утратил силу".to_string(),
                    Language::Kk => "акт күшін жойды".to_string(),
                },
            };
            repeals.push(Repeal {
                reg: reg.to_string(),
                evidence: Evidence {
                    file: doc.file.clone(),
                    path: String::new(),
                    quote: doc.act.id.title.clone().unwrap_or_default(),
                },
                justification,
                lang: doc.language,
            });
        }
    }
    for (a, am) in doc.amendments.iter().enumerate() {
        if am.op != AmendOp::Exclude || am.target_path.is_empty() {
            continue;
        }
        let Some(reg) = nonempty(am.target_act.registration_number.as_deref()) else {
            continue;
        };
        let (evidence, justification) = clause_of(doc, am);
        exclusions.push(Exclusion {
            order: (k, a),
            reg: reg.to_string(),
            target_path: am.target_path.clone(),
            evidence,
            justification,
            lang: doc.language,
        });
    }
}

struct Detector<'a> {
    register: &'a Register,
    matcher: Matcher<'a>,
    /// The findings of the step under way, in the order they are made (duplicates are dropped
    /// when the steps are put together).
    out: Vec<Finding>,
}

impl<'a> Detector<'a> {
    fn push(&mut self, f: Finding) {
        self.out.push(f);
    }

    fn changes_form(&self, entry: &Entry) -> FormId {
        match entry.kind {
            Kind::State => FormId::App3,
            Kind::SociallySignificant => FormId::App5,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn changed(
        &mut self,
        entry: &Entry,
        lang: Language,
        field: Field,
        current: String,
        proposed: String,
        evidence: Evidence,
        justification: String,
        confidence: f32,
    ) {
        let service = entry.name(lang).to_string();
        let id = finding_id(
            FindingKind::Changed,
            entry.code.as_deref(),
            &service,
            Some(field),
        );
        let form = self.changes_form(entry);
        self.push(Finding {
            kind: FindingKind::Changed,
            register_code: entry.code.clone(),
            service,
            field: Some(field),
            current: Some(current),
            proposed: Some(proposed),
            evidence,
            confidence,
            form,
            justification,
            details: None,
            id,
        });
    }

    fn obsolete_finding(
        &self,
        entry: &Entry,
        lang: Language,
        evidence: Evidence,
        justification: String,
        confidence: f32,
    ) -> Finding {
        let service = entry.name(lang).to_string();
        let id = finding_id(FindingKind::Obsolete, entry.code.as_deref(), &service, None);
        Finding {
            kind: FindingKind::Obsolete,
            register_code: entry.code.clone(),
            service: service.clone(),
            field: None,
            current: Some(service),
            proposed: Some(exclusion_words(lang).to_string()),
            evidence,
            confidence,
            form: self.changes_form(entry),
            justification,
            details: None,
            id,
        }
    }

    /// The second pass over one act (the `k`-th): its services that match no entry, the
    /// replacements of repealed by-laws it defines, the exclusions that strike its services,
    /// and the changes its amendments make.
    fn visit(&mut self, k: usize, doc: &ActFacts, scan: &mut Scan) {
        self.hidden_in(doc, scan);
        self.replacements_in(doc, scan);
        self.exclusions_in(k, doc, scan);
        self.changed_in(doc);
    }

    /// The services of an act that match no entry (pending until the end of the pass).
    fn hidden_in(&self, doc: &ActFacts, scan: &mut Scan) {
        let reg = reg_of(doc);
        let own_entries = reg.map(|r| self.matcher.by_bylaw(r)).unwrap_or(&[]);
        let mut cited: Option<Cited> = None;
        for svc in &doc.services {
            if svc.kind == ServiceKind::Candidate && svc.confidence < CANDIDATE_MIN_CONFIDENCE {
                continue;
            }
            if svc.name.trim().is_empty() {
                continue;
            }
            let unit = (act_key(doc), svc.source_path.clone());
            if self
                .matcher
                .best_in_act(&svc.name, svc.language, reg)
                .is_some()
            {
                scan.matched_units.insert(unit);
                continue;
            }
            // The act is an entry's by-law but the register has no name in this language to
            // compare with: nothing shows that the service is missing.
            let lang_named = |e: &Entry| match svc.language {
                Language::Ru => e.name_ru.is_some(),
                Language::Kk => e.name_kk.is_some(),
            };
            if !own_entries.is_empty()
                && !own_entries
                    .iter()
                    .any(|&i| self.register.entries.get(i).is_some_and(lang_named))
            {
                scan.matched_units.insert(unit);
                continue;
            }
            let near = self
                .matcher
                .candidates(&svc.name, svc.language, 1)
                .first()
                .is_some_and(|c| c.score >= MATCH_THRESHOLD * 0.7);
            scan.pending.push(Pending {
                unit,
                act: cited.get_or_insert_with(|| Cited::of(doc)).clone(),
                svc: svc.clone(),
                near,
            });
        }
    }

    /// Services the acts define, in the languages they are written in, that no entry matches:
    /// the pending services of the pass, one finding per unit.
    fn hidden(&mut self, matched_units: &HashSet<(String, String)>, pending: Vec<Pending>) {
        // One finding per unit: the kk and ru versions of one act merge.
        let mut by_unit: Vec<Vec<Pending>> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        for p in pending {
            if matched_units.contains(&p.unit) {
                continue;
            }
            match index.get(&p.unit) {
                Some(&i) => by_unit[i].push(p),
                None => {
                    index.insert(p.unit.clone(), by_unit.len());
                    by_unit.push(vec![p]);
                }
            }
        }
        let mut seen_names: HashSet<String> = HashSet::new();
        for mut group in by_unit {
            // The finding speaks for the Russian version when there is one (its name, evidence
            // and details come first), so that its id and content do not change when a Kazakh
            // version joins the corpus or is listed first.
            group.sort_by_key(|p| p.svc.language != Language::Ru);
            // A unit may name one service more than once (title and table): keep one per language.
            let mut details = ServiceDetails::default();
            let mut confidence: f32 = 0.0;
            let mut social = false;
            let mut near = false;
            for p in &group {
                let slot = match p.svc.language {
                    Language::Ru => &mut details.name_ru,
                    Language::Kk => &mut details.name_kk,
                };
                if slot.is_none() {
                    *slot = Some(p.svc.name.trim().to_string());
                }
                confidence = confidence.max(p.svc.confidence);
                social |= is_socially_significant(&p.svc);
                near |= p.near;
                let s = &p.svc;
                details.provider = details.provider.take().or_else(|| s.provider.clone());
                details.term = details.term.take().or_else(|| s.term.clone());
                details.result_form = details.result_form.take().or_else(|| s.result.clone());
                details.recipients = details.recipients.take().or_else(|| s.recipients.clone());
                if let Some(fee) = &s.fee {
                    let (paid, amount) = fee_parts(fee);
                    if details.paid.is_none() {
                        details.paid = paid.map(|p| p.as_str().to_string());
                        details.fee_amount = amount;
                    }
                }
                if matches!(s.kind, ServiceKind::Definition | ServiceKind::StandardTable)
                    && details.ministry.is_none()
                {
                    details.ministry = p.act.id.issuer.clone();
                }
            }
            let Some(p) = group.first() else { continue };
            let names_key = format!(
                "{}|{}",
                details
                    .name_ru
                    .as_deref()
                    .map(normalize)
                    .unwrap_or_default(),
                details
                    .name_kk
                    .as_deref()
                    .map(normalize)
                    .unwrap_or_default()
            );
            if !seen_names.insert(names_key) {
                continue; // the same service in another unit or act
            }
            let lang = p.svc.language;
            let service = p.svc.name.trim().to_string();
            let quote = if p.svc.quote.trim().is_empty() {
                service.clone()
            } else {
                p.svc.quote.trim().to_string()
            };
            let id = finding_id(FindingKind::Hidden, None, &service, None);
            let justification = reference(&p.act.id, lang, &p.svc.source_path);
            self.push(Finding {
                kind: FindingKind::Hidden,
                register_code: None,
                service,
                field: None,
                current: None,
                proposed: None,
                evidence: Evidence {
                    file: p.act.file.clone(),
                    path: p.svc.source_path.clone(),
                    quote,
                },
                // A register entry close to it may be the same service renamed: less sure.
                confidence: if near { confidence * 0.8 } else { confidence },
                form: if social { FormId::App6 } else { FormId::App4 },
                justification,
                details: Some(details),
                id,
            });
        }
    }

    /// Entries whose by-law the corpus repeals: obsolete, or a by-law change when an act in
    /// force defines the service again (found during the pass).
    fn repealed(
        &mut self,
        repeals: &[Repeal],
        replacements: &HashMap<(usize, String), (Cited, Service)>,
    ) {
        for r in repeals {
            let entries: Vec<usize> = self.matcher.by_bylaw(&r.reg).to_vec();
            for i in entries {
                let Some(entry) = self.register.entries.get(i) else {
                    continue;
                };
                if let Some((act, svc)) = replacements.get(&(i, r.reg.clone())) {
                    // The service lives on under a new by-law: the by-law changes.
                    let current = [
                        entry.bylaw_title(r.lang).map(str::to_string),
                        entry.bylaw_number.as_ref().map(|n| format!("№ {n}")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                    let proposed = act
                        .id
                        .title
                        .clone()
                        .map(|t| match &act.id.number {
                            Some(n) => format!("{t} № {n}"),
                            None => t,
                        })
                        .unwrap_or_else(|| reference(&act.id, act.language, ""));
                    let ev = Evidence {
                        file: act.file.clone(),
                        path: svc.source_path.clone(),
                        quote: svc.quote.clone(),
                    };
                    let just = reference(&act.id, act.language, &svc.source_path);
                    self.changed(
                        entry,
                        act.language,
                        Field::Bylaw,
                        current,
                        proposed,
                        ev,
                        just,
                        svc.confidence.min(0.9),
                    );
                } else {
                    let f = self.obsolete_finding(
                        entry,
                        r.lang,
                        r.evidence.clone(),
                        r.justification.clone(),
                        REPEAL_CONFIDENCE,
                    );
                    self.push(f);
                }
            }
        }
    }

    /// The services of an act in force that stand in for an entry of a repealed by-law: the
    /// first such act of the corpus (other than the repealed by-law) is its replacement.
    fn replacements_in(&self, doc: &ActFacts, scan: &mut Scan) {
        if scan.wanted.is_empty() || doc.act.status.as_deref() == Some("repealed") {
            return;
        }
        let reg = reg_of(doc);
        for svc in &doc.services {
            if !matches!(
                svc.kind,
                ServiceKind::Definition | ServiceKind::StandardTable
            ) {
                continue;
            }
            let Some(hit) = self.matcher.best(&svc.name, svc.language) else {
                continue;
            };
            let Some(olds) = scan.wanted.get(&hit.entry_index) else {
                continue;
            };
            for old in olds {
                if reg == Some(old.as_str()) {
                    continue;
                }
                scan.replacements
                    .entry((hit.entry_index, old.clone()))
                    .or_insert_with(|| (Cited::of(doc), svc.clone()));
            }
        }
    }

    /// Exclusions (collected in the first pass) of a unit of this act that defines a service.
    fn exclusions_in(&self, k: usize, doc: &ActFacts, scan: &mut Scan) {
        let Some(reg) = reg_of(doc) else { return };
        let Some(list) = scan.exclusions_by_reg.get(reg) else {
            return;
        };
        for &x in list {
            let ex = &scan.exclusions[x];
            let prefix = format!("{}/", ex.target_path);
            for (s, svc) in doc.services.iter().enumerate() {
                if svc.source_path != ex.target_path && !svc.source_path.starts_with(&prefix) {
                    continue;
                }
                let Some(m) = self.matcher.best_in_act(&svc.name, svc.language, Some(reg)) else {
                    continue;
                };
                let Some(entry) = self.register.entries.get(m.entry_index) else {
                    continue;
                };
                let f = self.obsolete_finding(
                    entry,
                    ex.lang,
                    ex.evidence.clone(),
                    ex.justification.clone(),
                    0.85 * m.score.max(0.5),
                );
                scan.excluded.push(((ex.order.0, ex.order.1, k, s), f));
            }
        }
    }

    /// Amendments of one act that change an entry's name, provider, form, term, fee or by-law
    /// title.
    fn changed_in(&mut self, doc: &ActFacts) {
        let lang = doc.language;
        for am in &doc.amendments {
            let Some(reg) = nonempty(am.target_act.registration_number.as_deref()) else {
                continue;
            };
            let entries: Vec<usize> = self.matcher.by_bylaw(reg).to_vec();
            if entries.is_empty() {
                continue;
            }
            let (evidence, justification) = clause_of(doc, am);
            match am.op {
                AmendOp::SubstituteWords => {
                    let (Some(old), Some(new)) = (am.old_words.as_deref(), am.new_words.as_deref())
                    else {
                        continue;
                    };
                    for &i in &entries {
                        let Some(entry) = self.register.entries.get(i) else {
                            continue;
                        };
                        let fields: [(Field, Option<&str>); 5] = [
                            (
                                Field::Name,
                                Some(entry.name(lang)).filter(|n| !n.is_empty()),
                            ),
                            (Field::Provider, entry.provider(lang)),
                            (Field::Term, entry.term.as_deref()),
                            (Field::Fee, entry.fee_amount.as_deref()),
                            (Field::Bylaw, entry.bylaw_title(lang)),
                        ];
                        for (field, value) in fields {
                            let Some(value) = value else { continue };
                            if let Some(proposed) = substitute(value, old, new) {
                                let mut ev = evidence.clone();
                                if ev.quote.is_empty() {
                                    ev.quote = format!("«{old}» → «{new}»");
                                }
                                self.changed(
                                    entry,
                                    lang,
                                    field,
                                    value.to_string(),
                                    proposed,
                                    ev,
                                    justification.clone(),
                                    SUBSTITUTION_CONFIDENCE,
                                );
                            }
                        }
                    }
                }
                AmendOp::NewEdition | AmendOp::Insert => {
                    let prefix = format!("{}/", am.source_path);
                    let services: Vec<&Service> = doc
                        .services
                        .iter()
                        .filter(|s| {
                            s.source_path == am.source_path
                                || s.source_path.starts_with(&prefix)
                                || am.source_path.is_empty()
                        })
                        .collect();
                    for svc in services {
                        self.compare(&entries, svc, reg, &evidence, &justification);
                    }
                }
                AmendOp::Exclude | AmendOp::RepealAct | AmendOp::Suspend => {}
            }
        }
    }

    /// Compares a service in an amendment's new text with the entries of the by-law it amends.
    fn compare(
        &mut self,
        entries: &[usize],
        svc: &Service,
        reg: &str,
        evidence: &Evidence,
        justification: &str,
    ) {
        let lang = svc.language;
        let hit = self.matcher.best_in_act(&svc.name, lang, Some(reg));
        let entry_index = match hit {
            Some(h) if entries.contains(&h.entry_index) => Some((h.entry_index, h.score)),
            // The by-law defines one service and the new text names one: a rename.
            _ if entries.len() == 1 && svc.kind == ServiceKind::Definition => {
                entries.first().map(|&i| (i, 0.0))
            }
            _ => None,
        };
        let Some((i, score)) = entry_index else {
            return;
        };
        let Some(entry) = self.register.entries.get(i) else {
            return;
        };
        let ev = Evidence {
            file: evidence.file.clone(),
            path: svc.source_path.clone(),
            quote: if svc.quote.trim().is_empty() {
                evidence.quote.clone()
            } else {
                svc.quote.clone()
            },
        };
        let conf = svc.confidence.min(0.9);
        let name = entry.name(lang).to_string();
        if !name.is_empty() && score < MATCH_THRESHOLD && normalize(&name) != normalize(&svc.name) {
            self.changed(
                entry,
                lang,
                Field::Name,
                name,
                svc.name.trim().to_string(),
                ev.clone(),
                justification.to_string(),
                conf * 0.8,
            );
        }
        if let (Some(cur), Some(new)) = (entry.provider(lang), svc.provider.as_deref()) {
            if similarity(cur, new, lang) < SAME_FIELD_SIMILARITY {
                self.changed(
                    entry,
                    lang,
                    Field::Provider,
                    cur.to_string(),
                    new.trim().to_string(),
                    ev.clone(),
                    justification.to_string(),
                    conf,
                );
            }
        }
        if let (Some(cur), Some(new)) = (entry.term.as_deref(), svc.term.as_deref()) {
            if values_differ(cur, new, lang) {
                self.changed(
                    entry,
                    lang,
                    Field::Term,
                    cur.to_string(),
                    new.trim().to_string(),
                    ev.clone(),
                    justification.to_string(),
                    conf,
                );
            }
        }
        if let Some(new) = svc.fee.as_deref() {
            let (paid, amount) = fee_parts(new);
            let differs = match (entry.paid, paid) {
                (Some(a), Some(b)) if a != b => true,
                (Some(Paid::Paid), Some(Paid::Paid)) => match (&entry.fee_amount, &amount) {
                    (Some(a), Some(b)) => values_differ(a, b, lang),
                    _ => false,
                },
                _ => false,
            };
            if differs {
                let cur = match entry.paid {
                    Some(Paid::Free) => match lang {
                        Language::Ru => "бесплатно".to_string(),
                        Language::Kk => "тегін".to_string(),
                    },
                    _ => entry.fee_amount.clone().unwrap_or_else(|| "paid".into()),
                };
                self.changed(
                    entry,
                    lang,
                    Field::Fee,
                    cur,
                    new.trim().to_string(),
                    ev.clone(),
                    justification.to_string(),
                    conf,
                );
            }
        }
        if let Some(new) = svc.form.as_deref() {
            let new_forms = forms_in(new);
            let mut a = entry.form.clone();
            let mut b = new_forms.clone();
            a.sort_by_key(|f| f.as_str());
            b.sort_by_key(|f| f.as_str());
            if !a.is_empty() && !b.is_empty() && a != b {
                self.changed(
                    entry,
                    lang,
                    Field::Form,
                    forms_words(&entry.form, lang),
                    new.trim().to_string(),
                    ev,
                    justification.to_string(),
                    conf,
                );
            }
        }
    }
}

/// The numbers written in a text, in order.
fn numbers(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect()
}

/// True when two wordings of a term or an amount differ: by their numbers when both have some
/// («15 рабочих дней» = «15 жұмыс күні», «10 МРП» = «10 АЕК»), else by their words.
fn values_differ(a: &str, b: &str, lang: Language) -> bool {
    let (na, nb) = (numbers(a), numbers(b));
    if !na.is_empty() && !nb.is_empty() {
        return na != nb;
    }
    similarity(a, b, lang) < SAME_FIELD_SIMILARITY
}

/// Replaces `old` by `new` in `value` when `value` contains `old` (compared after
/// normalisation). Returns the new wording, or `None` when `old` is not in `value`.
fn substitute(value: &str, old: &str, new: &str) -> Option<String> {
    let nv = normalize(value);
    let no = normalize(old);
    if no.is_empty() || !nv.contains(&no) {
        return None;
    }
    // Replace in the original when it holds the words as written (ignoring case).
    let lower = value.to_lowercase();
    let old_lower = old.trim().to_lowercase();
    if !old_lower.is_empty() && lower.len() == value.len() {
        if let Some(pos) = lower.find(&old_lower) {
            if value.is_char_boundary(pos) && value.is_char_boundary(pos + old_lower.len()) {
                return Some(format!(
                    "{}{}{}",
                    &value[..pos],
                    new.trim(),
                    &value[pos + old_lower.len()..]
                ));
            }
        }
    }
    Some(nv.replacen(&no, &normalize(new), 1))
}

/// Detects hidden, obsolete and changed services: what the acts define or change, against the
/// register. Never fails; findings come in a stable order (kind, code, service).
pub fn detect(register: &Register, acts: &[ActFacts]) -> Vec<Finding> {
    // A slice is always read whole.
    detect_from(register, acts).unwrap_or_default()
}

/// [`detect`] over acts read from a source, in two passes of one act at a time: the first
/// collects the repeals and exclusions (few), the second everything else. What stays in memory
/// is the register, the findings and, per act, the units whose services matched; the result is
/// the one a walk over all acts at once gives. Fails only when the source cannot be read.
pub fn detect_from<S: FactSource + ?Sized>(
    register: &Register,
    acts: &S,
) -> Result<Vec<Finding>, String> {
    let mut d = Detector {
        register,
        matcher: Matcher::new(register),
        out: Vec::new(),
    };
    let mut repeals = Vec::new();
    let mut scan = Scan::default();
    let mut k = 0;
    acts.each(&mut |doc| {
        collect_repeals(k, doc, &mut repeals, &mut scan.exclusions);
        k += 1;
    })?;
    for r in &repeals {
        for &i in d.matcher.by_bylaw(&r.reg) {
            let olds = scan.wanted.entry(i).or_default();
            if !olds.contains(&r.reg) {
                olds.push(r.reg.clone());
            }
        }
    }
    for (x, ex) in scan.exclusions.iter().enumerate() {
        scan.exclusions_by_reg
            .entry(ex.reg.clone())
            .or_default()
            .push(x);
    }
    let mut k = 0;
    acts.each(&mut |doc| {
        d.visit(k, doc, &mut scan);
        k += 1;
    })?;
    let changed = std::mem::take(&mut d.out);
    d.hidden(&scan.matched_units, std::mem::take(&mut scan.pending));
    let hidden = std::mem::take(&mut d.out);
    d.repealed(&repeals, &scan.replacements);
    let repealed = std::mem::take(&mut d.out);
    scan.excluded.sort_by_key(|(key, _)| *key);
    // The steps in the order of a walk over all acts at once: hidden, repeals, exclusions,
    // changes; the first finding of an id wins.
    let mut seen: HashSet<String> = HashSet::new();
    let mut out: Vec<Finding> = hidden
        .into_iter()
        .chain(repealed)
        .chain(scan.excluded.into_iter().map(|(_, f)| f))
        .chain(changed)
        .filter(|f| seen.insert(f.id.clone()))
        .collect();
    // An entry both changed and obsolete is obsolete: drop the changes.
    let gone: HashSet<Option<String>> = out
        .iter()
        .filter(|f| f.kind == FindingKind::Obsolete)
        .map(|f| f.register_code.clone())
        .collect();
    out.retain(|f| {
        f.kind != FindingKind::Changed
            || f.field == Some(Field::Bylaw)
            || !gone.contains(&f.register_code)
    });
    sort(&mut out);
    Ok(out)
}

/// Puts findings in their report and form order: by kind, register code, service and field,
/// then by evidence and id, so that the order is total (findings reloaded from the store come
/// out in the order detection gave them).
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.kind,
            &a.register_code,
            &a.service,
            a.field.map(|f| f as u8),
            &a.evidence.file,
            &a.evidence.path,
            &a.id,
        )
            .cmp(&(
                b.kind,
                &b.register_code,
                &b.service,
                b.field.map(|f| f as u8),
                &b.evidence.file,
                &b.evidence.path,
                &b.id,
            ))
    });
}
