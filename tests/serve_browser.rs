//! The review pages in a real browser: headless Chromium driven through chromedriver (WebDriver,
//! the `fantoccini` client) on loopback. Open the list, open a finding, reject it with a comment
//! through the page's own form, refresh the corpus alongside, reload: the decision is kept. The
//! act's text carries `<script>`: the page shows it as text and no script of it ran.
//!
//! Without chromium and chromedriver (`apt-get install chromium chromium-driver`) the test says
//! so and checks the same pages over plain HTTP instead: the markup is escaped and a decision
//! posted like the page posts it is kept across a refresh.

mod serve_common;

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use serve_common::*;

const COMMENT: &str = "Не услуга: это требование к разрешению <b>x</b>";

fn on_path(tool: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(tool))
            .find(|f| f.is_file())
    })
}

/// A chromedriver child on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(program: &std::path::Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn setup() -> (tempfile::TempDir, Server) {
    let tmp = tempfile::tempdir().unwrap();
    corpus(
        tmp.path(),
        &[
            ("bylaw_ru.txt", &hostile_bylaw()),
            ("bylaw2_ru.txt", &second_bylaw()),
        ],
    );
    refresh(tmp.path());
    let server = Server::start(tmp.path(), "aigerim");
    (tmp, server)
}

/// The act changes (a word in another point) and the corpus is refreshed again.
fn change_corpus_and_refresh(dir: &std::path::Path) {
    let text = hostile_bylaw().replacen(
        "3. Контроль за исполнением",
        "3. Контроль за точным исполнением",
        1,
    );
    std::fs::write(dir.join("corpus/bylaw_ru.txt"), text).unwrap();
    refresh(dir);
}

#[test]
fn review_in_chromium_keeps_a_decision_across_a_refresh_and_act_text_stays_text() {
    let (tmp, server) = setup();
    let browser = on_path("chromium").or_else(|| on_path("chromium-browser"));
    let driver = on_path("chromedriver");
    match (browser, driver) {
        (Some(browser), Some(driver)) => {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            let driver = Driver::start(&driver);
            rt.block_on(in_browser(&browser, driver.port, &server, tmp.path()));
        }
        _ => {
            eprintln!(
                "SKIPPED the browser part: chromium and chromedriver are not installed \
                 (apt-get install chromium chromium-driver); checking the pages over plain HTTP"
            );
            over_http(&server, tmp.path());
        }
    }
}

async fn in_browser(browser: &std::path::Path, port: u16, server: &Server, dir: &std::path::Path) {
    let profile = tempfile::tempdir().unwrap();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": browser,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,900",
                     format!("--user-data-dir={}", profile.path().display())],
        }),
    );
    let c: Client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a chromedriver session");
    let result = steps(&c, server, dir).await;
    let _ = c.close().await;
    result.unwrap();
}

async fn steps(
    c: &Client,
    server: &Server,
    dir: &std::path::Path,
) -> Result<(), fantoccini::error::CmdError> {
    let wait = Duration::from_secs(15);
    // The list: two findings, undecided.
    c.goto(&format!("{}findings", server.url)).await?;
    let rows = c.find_all(Locator::Css("table.findings tbody tr")).await?;
    assert_eq!(rows.len(), 2);
    let link = c
        .find(Locator::XPath(
            "//td[contains(@class,'service')]/a[contains(., 'вырубку')]",
        ))
        .await?;
    link.click().await?;

    // The finding's page: evidence with the quote marked, the form row in both languages.
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css("form#decision"))
        .await?;
    let here = c
        .find(Locator::Css(".unit.here .text"))
        .await?
        .text()
        .await?;
    assert!(
        here.contains("<script>document.body.setAttribute"),
        "act text shown as text: {here}"
    );
    c.find(Locator::Css(".unit.here mark.quote")).await?;
    assert_eq!(
        c.find_all(Locator::Css(".formrow")).await?.len(),
        2,
        "ru and kk rows"
    );
    c.find(Locator::Css(".formrow[lang=kk]")).await?;
    let pwned = c
        .execute("return document.body.getAttribute('data-pwned')", vec![])
        .await?;
    assert_eq!(pwned, Value::Null, "a script from act text ran");
    let scripts = c.execute("return document.scripts.length", vec![]).await?;
    assert_eq!(scripts, json!(1), "only the application's own script");

    // Reject it with a comment, through the page.
    c.find(Locator::Css("input[name=decision][value=reject]"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css("textarea[name=comment]"))
        .await?
        .send_keys(COMMENT)
        .await?;
    c.find(Locator::Css("form#decision button[type=submit]"))
        .await?
        .click()
        .await?;
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css("ol.history li"))
        .await?;
    let history = c.find(Locator::Css("ol.history")).await?.text().await?;
    assert!(
        history.contains("aigerim") && history.contains(COMMENT),
        "{history}"
    );

    // A refresh of the changed corpus alongside; reload: the decision is kept.
    change_corpus_and_refresh(dir);
    c.refresh().await?;
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css("form#decision"))
        .await?;
    let checked = c
        .execute(
            "return document.querySelector('input[name=decision]:checked').value",
            vec![],
        )
        .await?;
    assert_eq!(checked, json!("reject"));
    let comment = c
        .find(Locator::Css("textarea[name=comment]"))
        .await?
        .prop("value")
        .await?;
    assert_eq!(comment.as_deref(), Some(COMMENT));
    let meta = c.find(Locator::Css(".meta")).await?.text().await?;
    assert!(meta.contains("отклонено"), "{meta}");

    // The list shows it rejected; in Kazakh too.
    c.goto(&format!("{}findings?status=reject", server.url))
        .await?;
    let rows = c.find_all(Locator::Css("table.findings tbody tr")).await?;
    assert_eq!(rows.len(), 1);
    c.find(Locator::LinkText("Қазақша")).await?.click().await?;
    c.wait()
        .at_most(wait)
        .for_element(Locator::Css("html[lang=kk]"))
        .await?;
    let status = c.find(Locator::Css("td.status")).await?.text().await?;
    assert!(status.contains("қабылданбады"), "{status}");
    let pwned = c
        .execute("return document.body.getAttribute('data-pwned')", vec![])
        .await?;
    assert_eq!(pwned, Value::Null);
    Ok(())
}

/// The same checks without a browser.
fn over_http(server: &Server, dir: &std::path::Path) {
    let agent = http();
    let (s, list) = get(&agent, &format!("{}findings", server.url));
    assert_eq!(s, 200);
    let v: Value =
        serde_json::from_str(&get(&agent, &format!("{}api/findings", server.url)).1).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["service"].as_str().unwrap().contains("вырубку"))
        .unwrap();
    let id = f["id"].as_str().unwrap();
    assert!(list.contains(&format!("/findings/{id}")));
    let (s, page) = get(&agent, &format!("{}findings/{id}", server.url));
    assert_eq!(s, 200);
    assert!(
        page.contains("&lt;script&gt;document.body.setAttribute"),
        "escaped act text"
    );
    assert!(
        !page.contains("<script>document"),
        "raw act markup in the page"
    );
    let token = csrf_of(&page);
    let mut r = agent
        .post(format!("{}api/findings/{id}/decision", server.url))
        .header("Content-Type", "application/json")
        .header("X-CSRF-Token", &token)
        .header("Origin", &format!("http://{}", server.host))
        .send(json!({"decision": "reject", "comment": COMMENT}).to_string())
        .unwrap();
    assert_eq!(
        r.status().as_u16(),
        200,
        "{}",
        r.body_mut().read_to_string().unwrap()
    );
    change_corpus_and_refresh(dir);
    let (_, page) = get(&agent, &format!("{}findings/{id}", server.url));
    assert!(
        page.contains("value=\"reject\" checked"),
        "the decision is kept"
    );
    assert!(
        page.contains("&lt;b&gt;x&lt;/b&gt;"),
        "the comment is escaped"
    );
}
