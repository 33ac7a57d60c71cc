//! The pages, in Kazakh or Russian (a switch in the header; labels side by side where a glance
//! at both helps). maud escapes every interpolated string: act text, quotes, comments and
//! file names are always text, never markup.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use maud::{html, Markup, DOCTYPE};
use tizilim_findings::{human_path, FindingKind};
use tizilim_forms::Lang;
use tizilim_lex::Language;
use tizilim_report::TextUnit;
use tizilim_store::{Decision, RunRecord, Store};

use crate::review::{self, Filter, Item, RowView, Status, KINDS, SORTS};
use crate::web::App;
use crate::Error;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    /// Kazakh.
    Kk,
    /// Russian.
    Ru,
}

impl Ui {
    /// `kk` → Kazakh; anything else → Russian.
    pub fn parse(s: &str) -> Self {
        if s.trim() == "kk" {
            Ui::Kk
        } else {
            Ui::Ru
        }
    }

    /// `kk` / `ru`.
    pub fn code(self) -> &'static str {
        match self {
            Ui::Kk => "kk",
            Ui::Ru => "ru",
        }
    }

    /// The text in this language.
    pub fn t(self, kk: &'static str, ru: &'static str) -> &'static str {
        match self {
            Ui::Kk => kk,
            Ui::Ru => ru,
        }
    }

    fn kind(self, k: FindingKind) -> &'static str {
        match k {
            FindingKind::Hidden => self.t("тізілімде жоқ", "нет в реестре"),
            FindingKind::Obsolete => self.t("ескірген", "устаревшая"),
            FindingKind::Changed => self.t("өзгерген", "изменённая"),
        }
    }

    fn status(self, s: Status) -> &'static str {
        match s {
            Status::Undecided => self.t("қаралмаған", "не рассмотрено"),
            Status::Accept => self.t("қабылданды", "принято"),
            Status::Reject => self.t("қабылданбады", "отклонено"),
            Status::NeedsWork => self.t("пысықтау керек", "на доработку"),
        }
    }

    fn stale(self) -> &'static str {
        self.t("қайта қарау керек", "нужно пересмотреть")
    }
}

fn lang_name(l: Lang) -> &'static str {
    match l {
        Lang::Kk => "Қазақша",
        Lang::Ru => "Русский",
    }
}

/// The page frame: header with navigation, language switch and user; the CSRF token in a meta
/// tag for the script.
fn layout(app: &App, ui: Ui, title: &str, here: &str, body: Markup) -> Markup {
    let back = url_encode(here);
    html! {
        (DOCTYPE)
        html lang=(ui.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="csrf-token" content=(app.csrf);
                title { (title) " · tizilim" }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "tizilim" }
                    nav {
                        a href="/" { (ui.t("Шолу", "Сводка")) }
                        a href="/findings" { (ui.t("Анықталғандар", "Находки")) }
                    }
                    span.spacer {}
                    span.langs {
                        a class=(if ui == Ui::Kk { "on" } else { "" }) href={ "/lang/kk?back=" (back) } { "Қазақша" }
                        a class=(if ui == Ui::Ru { "on" } else { "" }) href={ "/lang/ru?back=" (back) } { "Русский" }
                    }
                    span.user title=(ui.t("Шешімдер осы атпен жазылады", "Решения записываются под этим именем")) { (app.user) }
                }
                main { (body) }
            }
        }
    }
}

/// Percent-encodes a path for a query value.
fn url_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An error page.
pub fn error(app: &App, ui: Ui, status: StatusCode, message: &str) -> Markup {
    layout(
        app,
        ui,
        status.as_str(),
        "/",
        html! {
            h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) }
            p.error { (message) }
            p { a href="/findings" { (ui.t("Анықталғандар тізіміне", "К списку находок")) } }
        },
    )
}

/// What the summary page shows.
pub struct SummaryData {
    runs: Vec<RunRecord>,
    counts: Option<serde_json::Value>,
    items: Vec<Item>,
    export_files: Vec<String>,
}

impl SummaryData {
    /// Reads it from the store.
    pub fn load(s: &mut Store) -> Result<Self, Error> {
        let runs: Vec<RunRecord> = s
            .runs()?
            .into_iter()
            .filter(|r| r.status == "committed")
            .collect();
        let counts = match runs.last() {
            Some(r) => {
                let diff = s.run_diff(runs.iter().rev().nth(1).map(|p| p.id), r.id)?;
                Some(serde_json::json!({
                    "acts": s.act_counts(r.id)?,
                    "findings_added": diff.findings_added.len(),
                    "findings_resolved": diff.findings_resolved.len(),
                    "findings_changed": diff.findings_changed.len(),
                }))
            }
            None => None,
        };
        let items = review::items(s)?;
        let export_files = review::accepted_forms(s)?
            .files
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        Ok(Self {
            runs,
            counts,
            items,
            export_files,
        })
    }
}

/// `/`: the last run, the run-to-run diffs, the state of the review, the accepted forms.
pub fn summary(app: &App, ui: Ui, d: &SummaryData) -> Markup {
    let count = |s: Status| d.items.iter().filter(|i| i.status == s).count();
    let stale = d.items.iter().filter(|i| i.needs_another_look).count();
    let n = |v: &serde_json::Value, a: &str, b: &str| v[a][b].as_u64().unwrap_or(0);
    let body = html! {
        h1 { (ui.t("Шолу", "Сводка")) }
        @match (d.runs.last(), &d.counts) {
            (Some(last), Some(c)) => {
                section.card {
                    h2 { (ui.t("Соңғы іске қосу", "Последний запуск")) " " span.mono { "run:" (last.id) } }
                    table.kv {
                        tr { th { (ui.t("Аяқталды", "Завершён")) } td { (last.finished.as_deref().unwrap_or("—")) } }
                        tr { th { (ui.t("Актілер", "Акты")) }
                             td { (ui.t("жаңа", "новые")) " " (n(c, "acts", "new")) ", "
                                  (ui.t("өзгерген", "изменённые")) " " (n(c, "acts", "changed")) ", "
                                  (ui.t("өзгермеген", "без изменений")) " " (n(c, "acts", "unchanged")) ", "
                                  (ui.t("жойылған", "удалённые")) " " (n(c, "acts", "removed")) ", "
                                  (ui.t("қате", "с ошибкой")) " " (n(c, "acts", "failed")) } }
                        tr { th { (ui.t("Анықталғандар", "Находки")) }
                             td { (d.items.len()) " — "
                                  (ui.t("жаңа", "новые")) " " (c["findings_added"].as_u64().unwrap_or(0)) ", "
                                  (ui.t("шешілген", "снятые")) " " (c["findings_resolved"].as_u64().unwrap_or(0)) ", "
                                  (ui.t("өзгерген", "изменённые")) " " (c["findings_changed"].as_u64().unwrap_or(0)) } }
                    }
                    p { a href={ "/runs/" (last.id) } { (ui.t("Алдыңғы іске қосумен айырмасы →", "Разница с предыдущим запуском →")) } }
                }
            }
            _ => {
                p.muted { (ui.t("Әзірге аяқталған іске қосу жоқ: алдымен tizilim refresh орындаңыз.",
                                "Завершённых запусков пока нет: сначала выполните tizilim refresh.")) }
            }
        }
        section.card {
            h2 { (ui.t("Қарау барысы", "Ход рассмотрения")) }
            div.tiles {
                @for s in [Status::Undecided, Status::Accept, Status::Reject, Status::NeedsWork] {
                    a class={"tile " (s.as_str())} href={ "/findings?status=" (s.as_str()) } {
                        span.num { (count(s)) } span { (ui.status(s)) }
                    }
                }
                a.tile.stale href="/findings?status=stale" { span.num { (stale) } span { (ui.stale()) } }
            }
        }
        section.card {
            h2 { (ui.t("Қабылданғандардың нысандары", "Формы по принятым находкам")) }
            p.muted { (ui.t("Тек қабылданған анықталғандар, өңделген редакциясымен.",
                            "Только принятые находки, с отредактированными формулировками.")) }
            ul.files {
                @for f in &d.export_files {
                    li { a href={ "/export/" (f) } download { (f) } }
                }
            }
        }
        @if d.runs.len() > 1 {
            section.card {
                h2 { (ui.t("Іске қосулар", "Запуски")) }
                table.runs {
                    tr { th { "run" } th { (ui.t("Басталды", "Начат")) } th { (ui.t("Аяқталды", "Завершён")) } th {} }
                    @for r in d.runs.iter().rev() {
                        tr { td.mono { (r.id) } td { (r.started) } td { (r.finished.as_deref().unwrap_or("—")) }
                             td { a href={ "/runs/" (r.id) } { (ui.t("айырма", "разница")) } } }
                    }
                }
            }
        }
    };
    layout(app, ui, ui.t("Шолу", "Сводка"), "/", body)
}

fn opt_select(
    name: &str,
    label: &str,
    current: &str,
    options: &[(String, String)],
    any: &str,
) -> Markup {
    html! {
        label {
            span { (label) }
            select name=(name) {
                option value="" selected[current.is_empty()] { (any) }
                @for (v, text) in options {
                    option value=(v) selected[current == v] { (text) }
                }
            }
        }
    }
}

fn language_label(l: Option<Language>) -> &'static str {
    match l {
        Some(Language::Kk) => "kk",
        Some(Language::Ru) => "ru",
        None => "—",
    }
}

fn status_badge(ui: Ui, item: &Item) -> Markup {
    html! {
        span class={"badge " (item.status.as_str())} { (ui.status(item.status)) }
        @if item.needs_another_look {
            " " span.badge.stale title=(ui.t("Шешімнен кейін дәлел өзгерді", "Обоснование изменилось после решения")) { "⚠ " (ui.stale()) }
        }
    }
}

/// `/findings`: the list with its filters.
pub fn list(app: &App, ui: Ui, filter: &Filter, all: &[Item]) -> Markup {
    let ministries: BTreeSet<String> = all.iter().filter_map(|i| i.ministry.clone()).collect();
    let acts: BTreeSet<(String, String)> = all
        .iter()
        .map(|i| (i.finding().evidence.file.clone(), i.act_label().to_string()))
        .collect();
    let items = filter.clone().apply(all.to_vec());
    let kinds: Vec<(String, String)> = KINDS
        .iter()
        .map(|k| (k.as_str().to_string(), ui.kind(*k).to_string()))
        .collect();
    let statuses: Vec<(String, String)> = [
        Status::Undecided,
        Status::Accept,
        Status::Reject,
        Status::NeedsWork,
    ]
    .iter()
    .map(|s| (s.as_str().to_string(), ui.status(*s).to_string()))
    .chain(std::iter::once((
        "stale".to_string(),
        ui.stale().to_string(),
    )))
    .collect();
    let ministry_opts: Vec<(String, String)> =
        ministries.iter().map(|m| (m.clone(), m.clone())).collect();
    let act_opts: Vec<(String, String)> = acts
        .iter()
        .map(|(f, t)| {
            (
                f.clone(),
                if t == f {
                    f.clone()
                } else {
                    format!("{t} ({f})")
                },
            )
        })
        .collect();
    let langs = vec![
        ("kk".to_string(), "Қазақша (kk)".to_string()),
        ("ru".to_string(), "Русский (ru)".to_string()),
    ];
    let sorts: Vec<(String, String)> = SORTS
        .iter()
        .map(|s| {
            let t = match *s {
                "order" => ui.t("анықталу ретімен", "по порядку обнаружения"),
                "kind" => ui.t("түрі бойынша", "по виду"),
                "confidence" => ui.t("сенімділік бойынша", "по уверенности"),
                "service" => ui.t("қызмет бойынша", "по услуге"),
                "act" => ui.t("акт бойынша", "по акту"),
                _ => ui.t("мәртебесі бойынша", "по статусу"),
            };
            (s.to_string(), t.to_string())
        })
        .collect();
    let any = ui.t("барлығы", "все");
    let body = html! {
        h1 { (ui.t("Анықталғандар", "Находки")) " " span.muted { (items.len()) " / " (all.len()) } }
        form.filters method="get" action="/findings" {
            (opt_select("kind", ui.t("Түрі", "Вид"), &filter.kind, &kinds, any))
            (opt_select("status", ui.t("Мәртебесі", "Статус"), &filter.status, &statuses, any))
            (opt_select("ministry", ui.t("Министрлік", "Министерство"), &filter.ministry, &ministry_opts, any))
            (opt_select("act", ui.t("Акт", "Акт"), &filter.act, &act_opts, any))
            (opt_select("lang", ui.t("Тілі", "Язык"), &filter.lang, &langs, any))
            (opt_select("sort", ui.t("Сұрыптау", "Сортировка"), &filter.sort, &sorts, ui.t("әдепкі", "по умолчанию")))
            label.search {
                span { (ui.t("Іздеу", "Поиск")) }
                input type="search" name="q" value=(filter.q) placeholder=(ui.t("қызмет, код, дәйексөз…", "услуга, код, цитата…"));
            }
            button type="submit" { (ui.t("Көрсету", "Показать")) }
            a.reset href="/findings" { (ui.t("Тазарту", "Сбросить")) }
        }
        @if items.is_empty() {
            p.muted { (ui.t("Сүзгіге сәйкес анықталған жоқ.", "Нет находок по этому фильтру.")) }
        } @else {
            table.findings {
                thead { tr {
                    th { (ui.t("Түрі", "Вид")) }
                    th { (ui.t("Қызмет", "Услуга")) }
                    th { (ui.t("Коды", "Код")) }
                    th { (ui.t("Акт", "Акт")) }
                    th { (ui.t("Тілі", "Язык")) }
                    th.num { (ui.t("Сенімділік", "Увер.")) }
                    th { (ui.t("Мәртебесі", "Статус")) }
                } }
                tbody {
                    @for i in &items {
                        @let f = i.finding();
                        tr data-id=(f.id) class=(if i.needs_another_look { "stale" } else { "" }) {
                            td { span class={"kind " (f.kind.as_str())} { (ui.kind(f.kind)) } }
                            td.service { a href={ "/findings/" (f.id) } { (f.service) } }
                            td.mono { (f.register_code.as_deref().unwrap_or("—")) }
                            td.act title=(f.evidence.file) { (i.act_label()) }
                            td { (language_label(i.language())) }
                            td.num { (format!("{:.2}", f.confidence)) }
                            td.status { (status_badge(ui, i)) }
                        }
                    }
                }
            }
        }
    };
    let here = format!("/findings?{}", serde_urlencoded_like(filter));
    layout(app, ui, ui.t("Анықталғандар", "Находки"), &here, body)
}

/// The filter as a query string (for the language switch to come back to the same list).
fn serde_urlencoded_like(f: &Filter) -> String {
    [
        ("kind", &f.kind),
        ("status", &f.status),
        ("ministry", &f.ministry),
        ("act", &f.act),
        ("lang", &f.lang),
        ("q", &f.q),
        ("sort", &f.sort),
    ]
    .iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}={}", url_encode(v)))
    .collect::<Vec<_>>()
    .join("&")
}

/// What a finding's page shows.
pub struct FindingData {
    item: Item,
    history: Vec<Decision>,
    /// Units of the act around the evidence: (unit, is the evidence unit).
    context: Vec<(TextUnit, bool)>,
    /// The act is in the store with a readable tree.
    act_found: bool,
    /// The runs in which the act's stored version changed.
    versions: Vec<i64>,
}

/// Units shown before and after the evidence unit.
const CONTEXT_UNITS: usize = 2;

impl FindingData {
    /// Reads it from the store; None when there is no such finding.
    pub fn load(s: &mut Store, id: &str) -> Result<Option<Self>, Error> {
        let Some(item) = review::item(s, id)? else {
            return Ok(None);
        };
        let history = s.decision_history(id)?;
        let f = item.finding();
        let path = item.act.as_ref().map(|a| a.path.clone());
        let stored = match &path {
            Some(p) => s.act(p)?,
            None => None,
        };
        let (context, act_found) = match stored {
            Some((doc, _)) => {
                let units = tizilim_report::units_of(&doc);
                let at = units
                    .iter()
                    .position(|u| u.path == f.evidence.path)
                    .or_else(|| {
                        units
                            .iter()
                            .position(|u| review::locate(&u.text, &f.evidence.quote).is_some())
                    });
                let ctx = match at {
                    Some(i) => units
                        .iter()
                        .enumerate()
                        .skip(i.saturating_sub(CONTEXT_UNITS))
                        .take(2 * CONTEXT_UNITS + 1)
                        .map(|(j, u)| (u.clone(), j == i))
                        .collect(),
                    None => Vec::new(),
                };
                (ctx, true)
            }
            None => (Vec::new(), false),
        };
        let versions = match &path {
            Some(p) => s.act_version_runs(p)?,
            None => Vec::new(),
        };
        Ok(Some(Self {
            history,
            context,
            act_found,
            versions,
            item,
        }))
    }
}

/// The unit's text with the quote marked.
fn highlighted(text: &str, quote: &str, mark: bool) -> Markup {
    match review::locate(text, quote).filter(|_| mark) {
        Some((a, q, b)) => html! { (a) mark.quote { (q) } (b) },
        None => html! { (text) },
    }
}

fn decision_line(ui: Ui, d: &Decision) -> Markup {
    html! {
        span class={"badge " (d.decision.as_str())} { (ui.status(review_status(d))) }
        " " span.who { (d.user) } " · " span.when { (d.decided_at) }
        @if let Some(r) = d.run { " · " span.mono { "run:" (r) } }
        @if let Some(c) = &d.comment { div.comment { (c) } }
    }
}

fn review_status(d: &Decision) -> Status {
    match d.decision {
        tizilim_store::Verdict::Accept => Status::Accept,
        tizilim_store::Verdict::Reject => Status::Reject,
        tizilim_store::Verdict::NeedsWork => Status::NeedsWork,
    }
}

fn form_row(ui: Ui, row: &RowView) -> Markup {
    html! {
        div.formrow lang=(row.lang.as_str()) {
            h3 { (lang_name(row.lang)) " · " span.mono { (tizilim_forms::file_stem(row.form, row.lang)) } }
            table.cells {
                @for (i, header) in row.headers.iter().enumerate() {
                    @let key = row.keys.get(i).copied().flatten();
                    @let gen = row.generated.get(i).cloned().flatten().unwrap_or_default();
                    @let cur = row.cells.get(i).cloned().flatten().unwrap_or_default();
                    tr {
                        th { (header) }
                        td {
                            @match key {
                                Some(k) => {
                                    textarea.cell name={ (row.lang.as_str()) "." (k) } data-lang=(row.lang.as_str()) data-key=(k) data-generated=(gen) rows="2" { (cur) }
                                    @if cur != gen { div.edited { (ui.t("өңделген", "изменено")) } }
                                }
                                None => { span.mono { (cur) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `/findings/{id}`: the evidence (the act's text around the quote, the register entry side
/// by side), the form row in both languages, the decision and its history.
pub fn finding(app: &App, ui: Ui, d: &FindingData) -> Markup {
    let item = &d.item;
    let f = item.finding();
    let entry = (|| {
        let code = f.register_code.as_deref()?;
        let e = app.register.as_ref()?.by_code(code)?;
        serde_json::to_value(e).ok()
    })();
    let lang = item.language().unwrap_or(Language::Ru);
    let rows = review::rows(f, item.wording().as_ref());
    let current = item.decision.as_ref();
    let act_path = item
        .act
        .as_ref()
        .map(|a| a.path.clone())
        .unwrap_or_default();
    let body = html! {
        p.crumbs { a href="/findings" { "← " (ui.t("Анықталғандар", "Находки")) } }
        h1 { span class={"kind " (f.kind.as_str())} { (ui.kind(f.kind)) } " " (f.service) }
        div.meta {
            span.mono { "id " (f.id) }
            @if let Some(c) = &f.register_code { " · " (ui.t("коды", "код")) " " span.mono { (c) } }
            " · " (ui.t("сенімділік", "уверенность")) " " (format!("{:.2}", f.confidence))
            " · " (ui.t("нысан", "форма")) " " span.mono { (tizilim_forms::target_form(f).as_str()) }
            " · " (ui.t("алғаш", "впервые")) " " span.mono { "run:" (item.stored.first_run) }
            @if let Some(r) = item.stored.resolved_run { " · " span.badge.reject { (ui.t("шешілген", "снята")) " run:" (r) } }
            " · " (status_badge(ui, item))
        }
        @if item.needs_another_look {
            p.warn { "⚠ " (ui.t("Шешім қабылданғаннан кейін бұл анықталғанның дәлелі өзгерді: қайта қараңыз.",
                               "Обоснование этой находки изменилось после решения: посмотрите ещё раз.")) }
        }
        @if let (Some(field), true) = (f.field, f.current.is_some() || f.proposed.is_some()) {
            p.change { span.mono { (field.as_str()) } ": "
                span.old { (f.current.as_deref().unwrap_or("—")) } " → " span.new { (f.proposed.as_deref().unwrap_or("—")) } }
        }
        div.evidence {
            section.card.act {
                h2 { (ui.t("Акт мәтіні", "Текст акта")) }
                p.muted { span.mono { (f.evidence.file) } " · " (human_path(&f.evidence.path, lang)) " " span.mono { "(" (f.evidence.path) ")" } }
                @if let Some(a) = &item.act { @if let Some(t) = &a.act.id.title { p.title { (t) } } }
                @if d.context.is_empty() {
                    p.muted { @if d.act_found { (ui.t("Бұл бөлік акт мәтінінен табылмады; дәйексөз:", "Этот элемент не найден в тексте акта; цитата:")) }
                              @else { (ui.t("Акт қоймада жоқ; дәйексөз:", "Акта нет в хранилище; цитата:")) } }
                    blockquote { mark.quote { (f.evidence.quote) } }
                } @else {
                    @for (u, here) in &d.context {
                        div class={"unit " (if *here { "here" } else { "" })} {
                            span.path { (u.path) }
                            div.text { (highlighted(&u.text, &f.evidence.quote, *here)) }
                        }
                    }
                }
                @if !f.justification.is_empty() { p.justification { (f.justification) } }
                @if d.versions.len() > 1 {
                    @let n = d.versions.len();
                    p { a href={ "/acts/diff?file=" (url_encode(&act_path)) "&from=" (d.versions[n - 2]) "&to=" (d.versions[n - 1]) } {
                        (ui.t("Акт нұсқаларының айырмасы", "Разница версий акта")) " run:" (d.versions[n - 2]) " → run:" (d.versions[n - 1]) } }
                }
                @if let Some(dr) = current.and_then(|c| c.run) {
                    @if let Some(&last) = d.versions.last() { @if last > dr && (d.versions.len() < 2 || d.versions[d.versions.len() - 2] != dr) {
                        p { a href={ "/acts/diff?file=" (url_encode(&act_path)) "&from=" (dr) "&to=" (last) } {
                            (ui.t("Шешімнен бергі өзгерістер", "Что изменилось в акте после решения")) } }
                    } }
                }
            }
            section.card.entry {
                h2 { (ui.t("Тізілім жазбасы", "Запись реестра")) }
                @match (&entry, &f.register_code) {
                    (Some(e), _) => {
                        table.kv {
                            @if let Some(o) = e.as_object() {
                                @for (k, v) in o {
                                    @let text = entry_value(v);
                                    @if !text.is_empty() && k != "row" { tr { th { (field_label(ui, k)) } td { (text) } } }
                                }
                            }
                        }
                    }
                    (None, Some(code)) => {
                        p.muted { (ui.t("Тізілімде коды бар жазба:", "Запись реестра с кодом:")) " " span.mono { (code) } }
                        @if let Some(c) = &f.current { p { (c) } }
                        @if let Some(note) = &app.register_note { p.muted { (note) } }
                    }
                    (None, None) => {
                        p.muted { (ui.t("Бұл қызмет тізілімде жоқ: қосу ұсынылады (4 немесе 6-қосымша).",
                                        "Этой услуги нет в реестре: предлагается дополнение (приложение 4 или 6).")) }
                    }
                }
                @if let Some(details) = f.details.as_ref().and_then(|d| serde_json::to_value(d).ok()) {
                    h3 { (ui.t("Акт бойынша қызмет", "Услуга по тексту акта")) }
                    table.kv {
                        @if let Some(o) = details.as_object() {
                            @for (k, v) in o {
                                @let text = entry_value(v);
                                @if !text.is_empty() { tr { th { (field_label(ui, k)) } td { (text) } } }
                            }
                        }
                    }
                }
            }
        }
        section.card {
            h2 { (ui.t("Ұсынылатын нысан жолы", "Предлагаемая строка формы")) }
            p.muted { (ui.t("Ұяшықтарды өңдеуге болады: өзгертілген мәтін экспортталатын нысанға түседі.",
                            "Ячейки можно править: изменённый текст попадёт в выгружаемую форму.")) }
            form #decision data-id=(f.id) {
                div.rows { @for r in &rows { (form_row(ui, r)) } }
                fieldset.verdict {
                    legend { (ui.t("Шешім", "Решение")) }
                    @for (v, kk, ru) in [("accept", "Қабылдау", "Принять"), ("reject", "Қабылдамау", "Отклонить"), ("needs_work", "Пысықтауға", "На доработку")] {
                        label class={"choice " (v)} {
                            input type="radio" name="decision" value=(v) checked[current.is_some_and(|c| c.decision.as_str() == v)];
                            " " (ui.t(kk, ru))
                        }
                    }
                }
                label.comment {
                    span { (ui.t("Түсініктеме", "Комментарий")) }
                    textarea name="comment" rows="3" { (current.and_then(|c| c.comment.as_deref()).unwrap_or("")) }
                }
                div.actions {
                    button type="submit" { (ui.t("Шешімді сақтау", "Сохранить решение")) }
                    span #result role="status" {}
                }
            }
        }
        section.card {
            h2 { (ui.t("Шешімдер тарихы", "История решений")) }
            @if d.history.is_empty() {
                p.muted { (ui.t("Әзірге шешім жоқ.", "Решений пока нет.")) }
            } @else {
                ol.history { @for h in d.history.iter().rev() { li { (decision_line(ui, h)) } } }
            }
        }
    };
    layout(
        app,
        ui,
        &f.service,
        &format!("/findings/{}", url_encode(&f.id)),
        body,
    )
}

/// The label of a register entry's or a service's field.
fn field_label(ui: Ui, key: &str) -> String {
    let (kk, ru) = match key {
        "code" => ("Коды", "Код"),
        "kind" => ("Түрі", "Вид"),
        "name_ru" => ("Атауы (орыс.)", "Наименование (рус.)"),
        "name_kk" => ("Атауы (қаз.)", "Наименование (каз.)"),
        "subtype" | "subtype_ru" => ("Кіші түрі", "Подвид"),
        "subtype_kk" => ("Кіші түрі (қаз.)", "Подвид (каз.)"),
        "recipients" => ("Алушылар", "Услугополучатели"),
        "ministry" | "ministry_ru" => (
            "Орталық мемлекеттік орган",
            "Центральный государственный орган",
        ),
        "ministry_kk" => (
            "Орталық мемлекеттік орган (қаз.)",
            "Центральный государственный орган (каз.)",
        ),
        "provider" | "provider_ru" => ("Көрсетілетін қызметті беруші", "Услугодатель"),
        "provider_kk" => ("Көрсетілетін қызметті беруші (қаз.)", "Услугодатель (каз.)"),
        "intake" | "intake_ru" => ("Өтініштерді қабылдайтын ұйымдар", "Приём заявлений"),
        "intake_kk" => (
            "Өтініштерді қабылдайтын ұйымдар (қаз.)",
            "Приём заявлений (каз.)",
        ),
        "paid" => ("Ақылы болуы", "Платность"),
        "fee_basis" => ("Төлемнің құқықтық негізі", "Правовое основание платы"),
        "fee_amount" => ("Төлем мөлшері", "Размер платы"),
        "result_form" => ("Нәтиже нысаны", "Форма результата"),
        "term" => ("Мерзімі", "Срок"),
        "form" => ("Көрсету нысаны", "Форма оказания"),
        "info_system" => ("Ақпараттық жүйе", "Информационная система"),
        "documents" => ("Құжаттар", "Перечень документов"),
        "bylaw_title_ru" => ("Заңға тәуелді акт", "Подзаконный акт"),
        "bylaw_title_kk" => ("Заңға тәуелді акт (қаз.)", "Подзаконный акт (каз.)"),
        "bylaw_number" => ("Актінің нөмірі", "Номер акта"),
        "bylaw_date" => ("Актінің күні", "Дата акта"),
        "bylaw_registration_number" => ("Тіркеу нөмірі", "Регистрационный номер"),
        other => return other.to_string(),
    };
    ui.t(kk, ru).to_string()
}

/// A register value as text: strings as they are, lists joined, null empty.
fn entry_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(entry_value).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
