//! The HTTP side: routes, the guard every request passes, the handlers of pages and API.
//!
//! Guard (see [`guard`]): when bound to loopback, a request whose `Host` is not the server's own
//! address is refused (403; DNS rebinding). A request that changes something (any method but
//! GET and HEAD) must also come from the server's own pages: an `Origin` other than
//! `http://HOST` or a `Sec-Fetch-Site` of another site is refused (403), and the request must
//! carry the per-process random token of the pages in `X-CSRF-Token` (403 without it). Bodies
//! are limited to [`BODY_LIMIT`] (413) and must be JSON (415). Every response carries a
//! Content-Security-Policy that allows only the server's own script and style.
//!
//! API errors are JSON: `{"error": "..."}` with 400, 403, 404, 413, 415 or 500.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tizilim_registry::Register;
use tizilim_store::{NewDecision, Store, Verdict};

use crate::pages::{self, Ui};
use crate::review::{self, Filter};
use crate::{Error, ServeOptions};

/// The largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 64 * 1024;
/// The longest comment accepted (characters).
pub const COMMENT_LIMIT: usize = 10_000;
/// The header that carries the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// The cookie that keeps the interface language.
const UI_COOKIE: &str = "tizilim_ui";

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");

/// The pages' policy: the server's own script and style only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/// The report pages (the `report` crate's self-contained HTML) carry their CSS inline; they
/// have no script at all.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline' 'self'; script-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The application's state.
pub struct App {
    store: Mutex<Store>,
    /// The CSRF token of this process.
    pub csrf: String,
    /// Who decides.
    pub user: String,
    /// The register, when it could be loaded.
    pub register: Option<Register>,
    /// The register file and why it is not loaded, to say so on the pages.
    pub register_note: Option<String>,
    allowed_hosts: Vec<String>,
}

impl App {
    /// Opens the store (bringing its schema up to date), loads the register and makes the
    /// CSRF token.
    pub fn open(opts: &ServeOptions) -> Result<Self, Error> {
        let store = Store::open(&opts.db)?;
        let (register, register_note) = match &opts.registry {
            Some(p) if p.is_file() => match tizilim_registry::load(p) {
                Ok(r) => (Some(r), None),
                Err(e) => (None, Some(e.to_string())),
            },
            Some(p) => (None, Some(format!("{}: no such file", p.display()))),
            None => (None, Some("no register given".to_string())),
        };
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
        let csrf = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Self {
            store: Mutex::new(store),
            csrf,
            user: opts.user.clone(),
            register,
            register_note,
            allowed_hosts: Vec::new(),
        })
    }
}

/// Binds `addr`, prints the URL and serves until Ctrl-C.
pub async fn run(mut app: App, addr: SocketAddr) -> Result<(), Error> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| Error::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| Error::Bind { addr, source })?;
    if local.ip().is_loopback() {
        let p = local.port();
        app.allowed_hosts = vec![
            local.to_string(),
            format!("localhost:{p}"),
            format!("127.0.0.1:{p}"),
            format!("[::1]:{p}"),
        ];
    } else {
        eprintln!(
            "tizilim serve: listening on {local}, not loopback: anyone who can reach this address can read and decide"
        );
    }
    let url = if local.ip().is_loopback() || !local.ip().is_unspecified() {
        format!("http://{local}/")
    } else {
        format!("http://127.0.0.1:{}/", local.port())
    };
    println!("{url}");
    eprintln!("tizilim serve: {url} (user {}; Ctrl-C stops)", app.user);
    let router = router(Arc::new(app));
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|source| Error::Bind { addr, source })
}

/// The routes, behind the guard.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(summary_page))
        .route("/findings", get(list_page))
        .route("/findings/{id}", get(finding_page))
        .route("/runs/{run}", get(run_diff_page))
        .route("/acts/diff", get(act_diff_page))
        .route("/export/{name}", get(export_file))
        .route("/lang/{lang}", get(set_lang))
        .route(
            "/assets/app.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", JS) }),
        )
        .route("/api/findings", get(api_list))
        .route("/api/findings/{id}", get(api_finding))
        .route("/api/findings/{id}/decision", post(api_decide))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// A JSON error.
fn api_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// The guard in front of every route (see the module docs).
async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !app.allowed_hosts.is_empty() && !app.allowed_hosts.contains(&host) {
        return api_error(
            StatusCode::FORBIDDEN,
            format!("host {host:?} is not this server"),
        );
    }
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        if let Some(origin) = headers.get(header::ORIGIN) {
            let ok = origin.to_str().is_ok_and(|o| o == format!("http://{host}"));
            if !ok {
                return api_error(StatusCode::FORBIDDEN, "cross-origin request refused");
            }
        }
        let site = headers
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("same-origin");
        if !matches!(site, "same-origin" | "none") {
            return api_error(StatusCode::FORBIDDEN, "cross-site request refused");
        }
        let token = headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !same_token(token, &app.csrf) {
            return api_error(
                StatusCode::FORBIDDEN,
                "missing or wrong CSRF token (X-CSRF-Token)",
            );
        }
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

/// Compares tokens in time independent of where they differ.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The interface language from the cookie (Russian by default).
fn ui_of(headers: &HeaderMap) -> Ui {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == UI_COOKIE)
        .map_or(Ui::Ru, |(_, v)| Ui::parse(v))
}

/// Runs `f` on the store in a blocking thread.
async fn with_store<T, F>(app: &Arc<App>, f: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&mut Store, &App) -> Result<T, Error> + Send + 'static,
{
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = app
            .store
            .lock()
            .map_err(|_| Error::Internal("the store lock was poisoned".into()))?;
        f(&mut store, &app)
    })
    .await
    .map_err(|e| Error::Internal(format!("worker failed: {e}")))?
}

fn html(markup: maud::Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

fn page_error(app: &App, ui: Ui, status: StatusCode, message: &str) -> Response {
    (status, html(pages::error(app, ui, status, message))).into_response()
}

async fn summary_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let ui = ui_of(&headers);
    match with_store(&app, |s, _| pages::SummaryData::load(s)).await {
        Ok(data) => html(pages::summary(&app, ui, &data)),
        Err(e) => page_error(&app, ui, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn list_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Response {
    let ui = ui_of(&headers);
    let Ok(Query(filter)) = filter else {
        return page_error(&app, ui, StatusCode::BAD_REQUEST, "bad filter");
    };
    match with_store(&app, |s, _| review::items(s)).await {
        Ok(all) => html(pages::list(&app, ui, &filter, &all)),
        Err(e) => page_error(&app, ui, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

async fn finding_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let ui = ui_of(&headers);
    let found = with_store(&app, move |s, _| pages::FindingData::load(s, &id)).await;
    match found {
        Ok(Some(data)) => html(pages::finding(&app, ui, &data)),
        Ok(None) => page_error(&app, ui, StatusCode::NOT_FOUND, "no such finding"),
        Err(e) => page_error(&app, ui, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// A page of the `report` crate, with a link back to the application.
fn report_page(ui: Ui, report_html: &str) -> Response {
    let nav = format!(
        "<p><a href=\"/\">← tizilim</a> · <a href=\"/findings\">{}</a></p>\n",
        ui.t("Анықталғандар", "Находки")
    );
    let body = report_html.replacen("<body>\n", &format!("<body>\n{nav}"), 1);
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, REPORT_CSP),
        ],
        body,
    )
        .into_response()
}

/// `/runs/N?from=M`: what changed from run M (default: the committed run before N) to run N,
/// as `tizilim diff run:M run:N` renders it.
async fn run_diff_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(run): Path<String>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let ui = ui_of(&headers);
    let from = q.get("from").cloned();
    let r = with_store(&app, move |s, _| {
        let Ok(new) = s.resolve_run(&run) else {
            return Ok(None);
        };
        let old = match from.as_deref() {
            Some(f) => match s.resolve_run(f) {
                Ok(o) => Some(o),
                Err(_) => return Ok(None),
            },
            None => s
                .runs()?
                .into_iter()
                .filter(|r| r.status == "committed" && r.id < new)
                .map(|r| r.id)
                .max(),
        };
        let d = s.run_diff(old, new)?;
        Ok(Some(tizilim_report::render_html(
            &tizilim_refresh::run_report(&d),
        )))
    })
    .await;
    match r {
        Ok(Some(page)) => report_page(ui, &page),
        Ok(None) => page_error(&app, ui, StatusCode::NOT_FOUND, "no such committed run"),
        Err(e) => page_error(&app, ui, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

#[derive(Deserialize)]
struct ActDiffQuery {
    file: String,
    from: i64,
    to: i64,
}

/// `/acts/diff?file=F&from=A&to=B`: the act in corpus file F as stored at run A against run B, as
/// `tizilim diff OLD NEW` renders two versions of an act.
async fn act_diff_page(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    q: Result<Query<ActDiffQuery>, QueryRejection>,
) -> Response {
    let ui = ui_of(&headers);
    let Ok(Query(q)) = q else {
        return page_error(
            &app,
            ui,
            StatusCode::BAD_REQUEST,
            "expected ?file=FILE&from=RUN&to=RUN",
        );
    };
    let r = with_store(&app, move |s, _| {
        let (Some(old), Some(new)) = (
            s.act_tree_at(&q.file, q.from)?,
            s.act_tree_at(&q.file, q.to)?,
        ) else {
            return Ok(None);
        };
        let meta = s
            .act_head_by_path(&q.file)?
            .map(|a| a.act)
            .unwrap_or_default();
        let d = tizilim_report::Diff::from_act_diff(
            &format!("{} (run:{})", q.file, q.from),
            &format!("{} (run:{})", q.file, q.to),
            &meta,
            tizilim_report::act_diff_trees(&old, &new),
        );
        Ok(Some(tizilim_report::render_html(&d)))
    })
    .await;
    match r {
        Ok(Some(page)) => report_page(ui, &page),
        Ok(None) => page_error(&app, ui, StatusCode::NOT_FOUND, "no such act at those runs"),
        Err(e) => page_error(&app, ui, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// `/export/NAME`: one file of the accepted forms (`app4_ru.xlsx`, `app3_kk.csv`, ...).
async fn export_file(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(name): Path<String>,
) -> Response {
    let ui = ui_of(&headers);
    let r = with_store(&app, |s, _| review::accepted_forms(s)).await;
    let export = match r {
        Ok(e) => e,
        Err(e) => return page_error(&app, ui, StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    let Some((name, bytes)) = export.files.into_iter().find(|(n, _)| *n == name) else {
        return page_error(&app, ui, StatusCode::NOT_FOUND, "no such form file");
    };
    let content_type = if name.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else if name.ends_with(".csv") {
        "text/csv; charset=utf-8"
    } else {
        "application/json"
    };
    // The names are the forms crate's own (ASCII letters, digits, `_`, `.`).
    let disposition = format!("attachment; filename=\"{name}\"");
    let mut resp = Response::new(Body::from(bytes));
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

/// `/lang/kk?back=/findings`: sets the interface language and goes back.
async fn set_lang(
    Path(lang): Path<String>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let ui = Ui::parse(&lang);
    // Only a path of this server: `/x`, never `//host` or `/\host`.
    let back = q
        .get("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.starts_with("/\\"))
        .cloned()
        .unwrap_or_else(|| "/".to_string());
    let mut resp = Redirect::to(&back).into_response();
    let cookie = format!(
        "{UI_COOKIE}={}; Path=/; SameSite=Strict; Max-Age=31536000",
        ui.code()
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

async fn not_found(State(app): State<Arc<App>>, req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        api_error(StatusCode::NOT_FOUND, "no such API route")
    } else {
        page_error(
            &app,
            ui_of(req.headers()),
            StatusCode::NOT_FOUND,
            "no such page",
        )
    }
}

fn internal(e: Error) -> Response {
    api_error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
}

/// `GET /api/findings?kind=&status=&ministry=&act=&lang=&q=&sort=`: the findings of the last
/// run with their decisions, `{"count": n, "findings": [...]}`.
async fn api_list(
    State(app): State<Arc<App>>,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Response {
    let filter = match filter {
        Ok(Query(f)) => f,
        Err(e) => return api_error(StatusCode::BAD_REQUEST, e.body_text()),
    };
    match with_store(&app, |s, _| review::items(s)).await {
        Ok(all) => {
            let items = filter.apply(all);
            Json(serde_json::json!({ "count": items.len(), "findings": items })).into_response()
        }
        Err(e) => internal(e),
    }
}

/// A finding with its decision history and its form rows in both languages.
fn finding_json(item: &review::Item, history: &[tizilim_store::Decision]) -> serde_json::Value {
    let mut v = serde_json::to_value(item).unwrap_or(serde_json::Value::Null);
    let rows = review::rows(item.finding(), item.wording().as_ref());
    if let Some(o) = v.as_object_mut() {
        o.insert(
            "history".into(),
            serde_json::to_value(history).unwrap_or_default(),
        );
        o.insert(
            "form_rows".into(),
            serde_json::to_value(rows).unwrap_or_default(),
        );
    }
    v
}

/// `GET /api/findings/{id}`.
async fn api_finding(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let r = with_store(&app, move |s, _| {
        let Some(item) = review::item(s, &id)? else {
            return Ok(None);
        };
        let history = s.decision_history(&id)?;
        Ok(Some(finding_json(&item, &history)))
    })
    .await;
    match r {
        Ok(Some(v)) => Json(v).into_response(),
        Ok(None) => api_error(StatusCode::NOT_FOUND, "no such finding"),
        Err(e) => internal(e),
    }
}

/// Why a decision was not recorded.
enum Refusal {
    NotFound,
    Bad(String),
}

/// The body of a decision.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionBody {
    decision: String,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    wording: Option<serde_json::Value>,
}

/// `POST /api/findings/{id}/decision` with `{"decision": "accept|reject|needs_work",
/// "comment": "...", "wording": {"ru": {KEY: TEXT}, "kk": {...}}}`: records the decision
/// with the server's user and the time; answers with the finding as `GET` gives it.
async fn api_decide(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return api_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be JSON (Content-Type: application/json)",
        );
    }
    let body = match body {
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("the body is larger than {BODY_LIMIT} bytes"),
            )
        }
        Err(e) => return api_error(e.status(), e.body_text()),
    };
    let parsed: DecisionBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return api_error(StatusCode::BAD_REQUEST, format!("invalid body: {e}")),
    };
    let Some(verdict) = Verdict::parse(&parsed.decision) else {
        return api_error(
            StatusCode::BAD_REQUEST,
            format!(
                "decision must be accept, reject or needs_work, not {:?}",
                parsed.decision
            ),
        );
    };
    if parsed
        .comment
        .as_ref()
        .is_some_and(|c| c.chars().count() > COMMENT_LIMIT)
    {
        return api_error(
            StatusCode::BAD_REQUEST,
            format!("the comment is longer than {COMMENT_LIMIT} characters"),
        );
    }
    let wording: Option<tizilim_forms::Wording> = match parsed.wording {
        None | Some(serde_json::Value::Null) => None,
        Some(w) => match serde_json::from_value(w) {
            Ok(w) => Some(w),
            Err(e) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    format!("wording must be {{\"ru\": {{KEY: TEXT}}, \"kk\": {{...}}}}: {e}"),
                )
            }
        },
    };
    let comment = parsed.comment;
    let r = with_store(&app, move |s, app| {
        let Some(found) = s.finding(&id)? else {
            return Ok(Err(Refusal::NotFound));
        };
        let wording = match wording.map(|w| review::clean_wording(&found.finding, w)) {
            Some(Err(msg)) => return Ok(Err(Refusal::Bad(msg))),
            Some(Ok(w)) if !w.is_empty() => {
                Some(serde_json::to_value(w).map_err(|e| Error::Internal(e.to_string()))?)
            }
            _ => None,
        };
        let new = NewDecision {
            decision: verdict,
            comment,
            wording,
            user: app.user.clone(),
        };
        s.decide(&id, &new)?;
        let Some(item) = review::item(s, &id)? else {
            return Ok(Err(Refusal::NotFound));
        };
        let history = s.decision_history(&id)?;
        Ok(Ok(finding_json(&item, &history)))
    })
    .await;
    match r {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(Refusal::NotFound)) => api_error(StatusCode::NOT_FOUND, "no such finding"),
        Ok(Err(Refusal::Bad(msg))) => api_error(StatusCode::BAD_REQUEST, msg),
        Err(e) => internal(e),
    }
}
