//! End-to-end tests of the explorer of `kgraph serve`: every page kind fetched over HTTP
//! from the real binary, hostile names rendered as text, and a headless Chromium that
//! goes from search to an entity, a neighbour and a document, saving screenshots.

#[allow(
    dead_code,
    reason = "the shared helpers serve every test file; this one uses a few"
)]
mod util;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use util::Workspace;

/// GETs `path` from the server at `url` (`http://HOST:PORT`): status, headers (lower
/// case) and body.
fn get(url: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(url.strip_prefix("http://").unwrap()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: kgraph\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8(response).expect("UTF-8 answer");
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

/// GETs `path` and expects a 200 HTML page.
fn page(url: &str, path: &str) -> String {
    let (status, head, body) = get(url, path);
    assert_eq!(status, 200, "{path}: {body}");
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{path}: {head}"
    );
    assert!(body.starts_with("<!DOCTYPE html>"), "{path}: {body}");
    body
}

/// Asserts `page` contains every one of `wanted`.
fn has(page: &str, what: &str, wanted: &[&str]) {
    for text in wanted {
        assert!(page.contains(text), "{what}: no {text:?} in\n{page}");
    }
}

#[test]
fn every_page_kind_shows_the_seeds_graph() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&[]);
    let url = &served.url;

    // The home page is the search form and runs no query.
    has(&page(url, "/"), "home", &["<form", "name=\"q\"", "/query"]);

    // Search: any case, any name, results linking to entity pages, ranked by mentions.
    let search = page(url, "/search?q=BUKELE");
    has(
        &search,
        "search",
        &[
            "href=\"/entity/person/nayib-bukele\"",
            ">Nayib Bukele</a>",
            "9 mentions in 2 documents",
            "exact name",
        ],
    );
    let salvador = page(url, "/search?q=salvador");
    let el_salvador = salvador.find("/entity/place/el-salvador").unwrap();
    let san_salvador = salvador.find("/entity/place/san-salvador").unwrap();
    assert!(el_salvador < san_salvador, "ranked by mentions: {salvador}");
    let places = page(url, "/search?q=salvador&type=person");
    assert!(!places.contains("/entity/place/"), "{places}");
    has(&places, "type filter", &["value=\"person\" checked"]);
    has(
        &page(url, "/search?q=nobody-at-all"),
        "no match",
        &["No entity has a name containing"],
    );

    // Entity page.
    let entity = page(url, "/entity/person/nayib-bukele");
    has(
        &entity,
        "entity",
        &[
            "<h1><span class=\"person\">Nayib Bukele</span></h1>",
            "9 mentions in 2 documents",
            "Also named: <q>Bukele</q>",
            "<code>surname</code>",
            "Nayib Bukele — position held →",
            ">President of El Salvador</a>",
            "Nayib Bukele — country of citizenship →",
            "href=\"/entity/place/el-salvador\"",
            "<mark>Salvadoran President Nayib Bukele</mark>",
            "href=\"/document/000_a57ef51889807de0.txt\"",
            "href=\"/graph/person/nayib-bukele\"",
            "id=\"mentions\"",
        ],
    );
    assert_eq!(
        entity.matches("<mark>").count(),
        9 + 4,
        "9 mentions and 4 statements: {entity}"
    );
    let gazetteer_place = page(url, "/entity/place/el-salvador");
    has(
        &gazetteer_place,
        "sameAs",
        &["Same as: ", "https://sws.geonames.org/"],
    );
    // The same page by IRI.
    let by_iri = page(
        url,
        "/entity?iri=http%3A%2F%2Fexample.org%2Fkgraph%2Fperson%2Fnayib-bukele",
    );
    assert_eq!(by_iri, entity);
    let (status, _, body) = get(url, "/entity/person/nobody");
    assert_eq!(status, 404, "{body}");
    let (status, _, body) = get(url, "/entity/person/nayib-bukele?mentions=x");
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("mentions=&quot;x&quot; is not a whole number"),
        "{body}"
    );

    // Neighbourhood picture, by Graphviz when installed and by the built-in layout.
    for layout in ["", "&layout=built-in"] {
        let picture = page(url, &format!("/graph/person/nayib-bukele?depth=1{layout}"));
        has(
            &picture,
            "picture",
            &["<svg", "/entity/place/el-salvador\"", "Nayib Bukele"],
        );
        let deeper = page(url, &format!("/graph/person/nayib-bukele?depth=2{layout}"));
        let links = |page: &str| page.matches("href=\"/entity/").count();
        assert!(links(&deeper) > links(&picture), "depth 2 adds entities");
    }
    let people = page(
        url,
        "/graph/person/donald-trump?type=person&layout=built-in",
    );
    assert!(!people.contains("/entity/place/"), "{people}");
    let (status, _, body) = get(url, "/graph/person/nayib-bukele?depth=3");
    assert_eq!(status, 400, "{body}");
    let (status, _, body) = get(url, "/graph/person/nayib-bukele?relation=married");
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("no relation called"), "{body}");

    // Document page: the whole text (a sentence that names nothing too) with every mention
    // linked, and its statements.
    let document = page(url, "/document/000_a57ef51889807de0.txt");
    has(
        &document,
        "document",
        &[
            "<a class=\"mention person\" href=\"/entity/person/donald-trump\"",
            ">Donald Trump</a> has deported",
            "Trump has reinvoked the Alien Enemies Act",
            ">invoked</td>",
            "What do human rights advocates say?",
        ],
    );
    assert!(!document.contains("[…]"), "no gap in a whole text");
    let (status, _, body) = get(url, "/document/no-such.txt");
    assert_eq!(status, 404, "{body}");

    // The query page and its embedded editor.
    let query = page(url, "/query");
    has(
        &query,
        "query",
        &[
            "<textarea name=\"query\"",
            "PREFIX person: &lt;http://example.org/kgraph/person/&gt;",
            "/assets/yasgui.min.js",
        ],
    );
    let (status, head, script) = get(url, "/assets/yasgui.min.js");
    assert_eq!(status, 200);
    assert!(head.contains("text/javascript"), "{head}");
    assert!(script.len() > 500_000 && script.contains("Yasgui"));
    let (status, _, licence) = get(url, "/assets/yasgui-LICENSE.txt");
    assert_eq!(status, 200);
    assert!(licence.contains("MIT"), "{licence}");
    let (status, _, _) = get(url, "/assets/nothing.js");
    assert_eq!(status, 404);
}

#[test]
fn hostile_names_and_texts_render_as_text() {
    let ws = Workspace::new();
    ws.write(
        "docs/hostile.txt",
        "Zoë \"Zed\" O'Brien met Ann <script>alert(1)</script> Lee in Paris on Monday.\n\
         President Zoë \"Zed\" O'Brien of Acme & Sons said the deal was <b>done</b> 😀.\n\
         Acme & Sons hired Zoë \"Zed\" O'Brien in Paris.\n\
         The <script>alert(2)</script> Holdings & \"Partners\" sued Acme & Sons.\n",
    );
    // Enough mentions of one name for a second page of them.
    let many: String = (0..60)
        .map(|i| format!("Zoë \"Zed\" O'Brien spoke on day {i}.\n"))
        .collect();
    ws.write("docs/many.txt", many);
    ws.write(
        "gazetteer.tsv",
        "Zoë \"Zed\" O'Brien\tPERSON\thttp://example.org/who?a=1&b=%22x%22\tZed\n\
         Acme & Sons\tORG\thttp://example.org/acme?x=1&y=2\t\n",
    );
    ws.ok(&["build", "docs", "--gazetteer", "gazetteer.tsv"]);
    let served = ws.serve(&[]);
    let url = &served.url;
    let pages = [
        "/search?q=zed",
        "/search?q=%3Cscript%3Ealert(3)%3C%2Fscript%3E",
        "/search?q=%22%3E%3Cscript%3Ealert(4)%3C%2Fscript%3E",
        "/entity/person/zoe-zed-obrien",
        "/entity/person/zoe-zed-obrien?mentions=2",
        "/entity/org/acme-sons",
        "/graph/person/zoe-zed-obrien",
        "/graph/person/zoe-zed-obrien?layout=built-in",
        "/document/hostile.txt",
    ];
    for path in pages {
        let body = page(url, path);
        for script in ["<script>alert", "<b>done", "\"><script"] {
            assert!(
                !body.contains(script),
                "{path}: markup {script:?} from the data in\n{body}"
            );
        }
        assert!(
            !body.contains("<script"),
            "{path}: a script element in\n{body}"
        );
    }
    let entity = page(url, "/entity/person/zoe-zed-obrien");
    has(
        &entity,
        "hostile entity",
        &[
            "Zoë &quot;Zed&quot; O'Brien</span></h1>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "href=\"http://example.org/who?a=1&amp;b=%22x%22\"",
            "66 mentions",
            "rel=\"next\" href=\"/entity/person/zoe-zed-obrien?statements=1&amp;mentions=2#mentions\"",
        ],
    );
    let second = page(url, "/entity/person/zoe-zed-obrien?mentions=2");
    has(&second, "second page", &["page 2", "rel=\"prev\""]);
    let mentions = &second[second.find("id=\"mentions\"").unwrap()..];
    assert_eq!(mentions.matches("<mark>").count(), 66 - 50, "{mentions}");
    let search = page(url, "/search?q=%3Cscript%3Ealert(3)%3C%2Fscript%3E");
    has(
        &search,
        "reflected search",
        &["value=\"&lt;script&gt;alert(3)&lt;/script&gt;\""],
    );
    let document = page(url, "/document/hostile.txt");
    has(
        &document,
        "hostile document",
        &[
            "&lt;b&gt;done&lt;/b&gt; 😀",
            "&lt;script&gt;alert(2)&lt;/script&gt; Holdings &amp; &quot;Partners&quot;",
            ">Acme &amp; Sons</a>",
        ],
    );
    let acme = page(url, "/entity/org/acme-sons");
    has(
        &acme,
        "ampersand",
        &["<span class=\"org\">Acme &amp; Sons</span>"],
    );
}

/// Explorer pages take the endpoint's query slots and timeout: with the one slot held by a
/// long query, a page is answered 503 at once (the search form needs no slot), and the
/// server answers pages again once the slot is free.
#[test]
fn explorer_pages_share_the_query_slots() {
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&["--timeout", "4", "--max-queries", "1"]);
    let url = served.url.clone();
    let cartesian = "query=SELECT+(COUNT(*)+AS+%3Fn)+WHERE+%7B+%3Fa+%3Fb+%3Fc+.+%3Fd+%3Fe+%3Ff+.+%3Fg+%3Fh+%3Fi+%7D";
    let running = std::thread::spawn(move || get(&url, &format!("/sparql?{cartesian}")).0);
    std::thread::sleep(Duration::from_secs(1));
    let (status, head, body) = get(&served.url, "/entity/person/nayib-bukele");
    assert_eq!(status, 503, "{body}");
    assert!(head.contains("retry-after: 1"), "{head}");
    assert_eq!(get(&served.url, "/").0, 200);
    assert_eq!(running.join().unwrap(), 503);
    page(&served.url, "/entity/person/nayib-bukele");
}

/// The headless Chromium to drive: `KGRAPH_CHROMIUM`, else the first of the usual names
/// that runs.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("KGRAPH_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .map(PathBuf::from)
}

/// Runs headless Chromium on `url` with `extra` arguments and returns its standard output.
fn browse(browser: &Path, profile: &Path, url: &str, extra: &[&str]) -> String {
    let mut command = Command::new(browser);
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
        "--window-size=1280,1500",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    let output = command
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The first `href="/KIND/..."` in `dom` after `from`, other than `not`.
fn first_link(dom: &str, from: &str, kind: &str, not: &str) -> String {
    let start = dom
        .find(from)
        .unwrap_or_else(|| panic!("no {from:?} in\n{dom}"));
    dom[start..]
        .split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().replace("&amp;", "&"))
        .find(|href| href.starts_with(&format!("/{kind}/")) && href != not)
        .unwrap_or_else(|| panic!("no link to /{kind}/ after {from:?} in\n{dom}"))
}

/// Search -> entity -> neighbourhood -> a neighbour -> one of its documents, each page
/// rendered by Chromium (none has a script: they work with JavaScript off), its links
/// followed as a click would, and a screenshot of each; then the query page, where the
/// editor must load from the binary.
#[test]
#[expect(
    clippy::print_stderr,
    reason = "a skipped browser test, and where its screenshots are, are said on stderr"
)]
fn chromium_goes_from_search_to_a_neighbours_document() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "headless Chromium must be installed in CI (.ci/run installs it)"
        );
        eprintln!("skipped: no chromium (apt-get install chromium, or set KGRAPH_CHROMIUM)");
        return;
    };
    let ws = Workspace::with_seeds();
    ws.ok(&["build", "seeds"]);
    let served = ws.serve(&[]);
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("explorer-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let visit = |path: &str, name: &str, script: bool| -> String {
        let url = format!("{}{path}", served.url);
        let shot = shots.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&shot);
        browse(
            &browser,
            profile.path(),
            &url,
            &[&format!("--screenshot={}", shot.display())],
        );
        let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
        assert!(size > 10_000, "{name}: screenshot of {size} bytes");
        let dom = browse(&browser, profile.path(), &url, &["--dump-dom"]);
        // The explorer's pages have no script: they work with JavaScript off.
        assert_eq!(dom.contains("<script"), script, "{path}: {dom}");
        dom
    };
    let search = visit("/search?q=bukele", "1-search", false);
    let entity_path = first_link(&search, "<ol class=\"results\"", "entity", "");
    assert_eq!(entity_path, "/entity/person/nayib-bukele");
    let entity = visit(&entity_path, "2-entity", false);
    assert!(entity.contains("Nayib Bukele"), "{entity}");
    let graph_path = first_link(&entity, "<main", "graph", "");
    let graph = visit(&graph_path, "3-neighbourhood", false);
    assert!(graph.contains("<svg"), "{graph}");
    let neighbour = first_link(&graph, "<figure", "entity", &entity_path);
    let neighbour_page = visit(&neighbour, "4-neighbour", false);
    let document_path = first_link(&neighbour_page, "<main", "document", "");
    let document = visit(&document_path, "5-document", false);
    assert!(document.contains("class=\"mention"), "{document}");
    let query = visit("/query", "6-query", true);
    assert!(
        query.contains("class=\"yasqe") || query.contains("CodeMirror"),
        "the editor did not load: {query}"
    );
    // A linked query runs; the IRIs in its result table open in the explorer.
    let people = "/query?query=SELECT+%3Fperson+%3Fname+WHERE+%7B+%3Fperson+a+schema%3APerson+%3B+rdfs%3Alabel+%3Fname+%7D+ORDER+BY+%3Fname+LIMIT+3";
    let results = visit(people, "7-query-results", true);
    assert!(
        results.contains(
            "href=\"/entity?iri=http%3A%2F%2Fexample.org%2Fkgraph%2Fperson%2Faraya-vlogs\""
        ),
        "no explorer link in the results: {results}"
    );
    eprintln!("screenshots in {}", shots.display());
}
