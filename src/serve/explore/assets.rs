//! The files the explorer's pages load, embedded in the binary: its style sheet, the
//! query page's script, and the vendored YASGUI editor (`vendor/yasgui/`, MIT).

use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use http::{Response, StatusCode};

/// Path, media type and contents of every asset.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "/assets/explorer.css",
        "text/css; charset=utf-8",
        include_bytes!("assets/explorer.css"),
    ),
    (
        "/assets/query.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/query.js"),
    ),
    (
        "/assets/yasgui.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../../../vendor/yasgui/yasgui.min.js"),
    ),
    (
        "/assets/yasgui.min.css",
        "text/css; charset=utf-8",
        include_bytes!("../../../vendor/yasgui/yasgui.min.css"),
    ),
    (
        "/assets/yasgui-LICENSE.txt",
        "text/plain; charset=utf-8",
        include_bytes!("../../../vendor/yasgui/LICENSE"),
    ),
];

/// The asset at `path`, if there is one (cached by browsers for a day).
pub(super) fn respond(path: &str) -> Option<Response<Vec<u8>>> {
    let (_, media, body) = ASSETS.iter().find(|(p, _, _)| *p == path)?;
    Some(
        Response::builder()
            .status(StatusCode::OK)
            .header(CONTENT_TYPE, *media)
            .header(CACHE_CONTROL, "public, max-age=86400")
            .body(body.to_vec())
            .expect("a valid response"),
    )
}
