//! Answers a request from the current snapshot: site files, the server's own files under
//! `/__daybrief/`, folder redirects and the not-found page. Pure: no I/O, so it is tested directly.

use super::inject::{SCRIPT_PATH, with_live_script};
use super::mime::content_type;
use super::state::Snapshot;
use super::url_path::{site_path, to_url};

/// Paths under this prefix belong to the server, not to the site.
pub const RESERVED: &str = "/__daybrief/";
/// The Server-Sent Events stream that tells pages to reload.
pub const EVENTS_PATH: &str = "/__daybrief/events";
/// The current build state as JSON (build number and findings).
pub const STATUS_PATH: &str = "/__daybrief/status.json";
/// The overlay's stylesheet, loaded by the live script.
pub const STYLE_PATH: &str = "/__daybrief/live.css";

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

/// What to do with a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// Send this reply.
    Reply(Reply),
    /// Hold the connection open and stream build events, as seen by the page of this site
    /// file (see [`page_of`]).
    Events {
        /// The site file of the page listening.
        page: String,
    },
}

/// A complete response.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// `Location`, for redirects.
    pub location: Option<String>,
    /// `Allow`, for a refused method.
    pub allow: Option<&'static str>,
    /// Whether the body never changes at this address (a file named by its content), so the
    /// browser may keep it instead of fetching it again on every reload.
    pub immutable: bool,
    /// The body (a HEAD request gets the same headers without it).
    pub body: Vec<u8>,
}

impl Reply {
    fn ok(content_type: &'static str, body: Vec<u8>) -> Route {
        Route::Reply(Reply::new(content_type, body))
    }

    /// A plain-text reply with this status.
    pub fn plain(status: u16, body: &str) -> Reply {
        Reply {
            status,
            ..Reply::new("text/plain; charset=utf-8", body.as_bytes().to_vec())
        }
    }

    fn new(content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            content_type,
            location: None,
            allow: None,
            immutable: false,
            body,
        }
    }
}

/// Routes one request. `method` is the HTTP method, `url` the request target.
pub fn route(method: &str, url: &str, snapshot: &Snapshot) -> Route {
    if method != "GET" && method != "HEAD" {
        return Route::Reply(Reply {
            status: 405,
            content_type: "text/plain; charset=utf-8",
            location: None,
            allow: Some("GET, HEAD"),
            immutable: false,
            body: b"405 method not allowed: only GET and HEAD\n".to_vec(),
        });
    }
    let path_only = &url[..url.find(['?', '#']).unwrap_or(url.len())];
    if path_only.starts_with(RESERVED) {
        return match path_only {
            EVENTS_PATH if method == "GET" => Route::Events { page: page_of(url) },
            EVENTS_PATH => Reply::ok("text/event-stream; charset=utf-8", Vec::new()),
            SCRIPT_PATH => Reply::ok(content_type("live.js"), LIVE_JS.as_bytes().to_vec()),
            STYLE_PATH => Reply::ok(content_type("live.css"), LIVE_CSS.as_bytes().to_vec()),
            STATUS_PATH => Reply::ok(
                content_type("status.json"),
                snapshot.status_json(&page_of(url)).into(),
            ),
            _ => not_found(snapshot),
        };
    }
    let Some(site) = site_path(url) else {
        return not_found(snapshot);
    };
    let wanted = file_of(&site);
    if let Some(bytes) = snapshot.file(&wanted) {
        let kind = content_type(&wanted);
        let body = if kind.starts_with("text/html") {
            with_live_script(bytes, snapshot.version_of(&wanted))
        } else {
            bytes.to_vec()
        };
        return Route::Reply(Reply {
            immutable: crate::render::shared::is_named_by_content(&wanted),
            ..Reply::new(kind, body)
        });
    }
    // A folder asked for without its slash: redirect, so its relative links resolve.
    if !site.folder && snapshot.file(&index_of(&site.path)).is_some() {
        return Route::Reply(Reply {
            status: 302,
            content_type: "text/plain; charset=utf-8",
            location: Some(to_url(&format!("{}/", site.path))),
            allow: None,
            immutable: false,
            body: Vec::new(),
        });
    }
    // A chart or CSV file at the address earlier builds gave it: to its shared file, as nginx
    // does with the same map (`render::shared`).
    if let Some(location) = moved_to(snapshot, &wanted) {
        return Route::Reply(Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            location: Some(location),
            allow: None,
            immutable: false,
            body: Vec::new(),
        });
    }
    not_found(snapshot)
}

/// Where the site's moved map sends `path` (relative to it), if it lists it.
fn moved_to(snapshot: &Snapshot, path: &str) -> Option<String> {
    if !(path.ends_with(".svg") || path.ends_with(".csv")) {
        return None;
    }
    let map = snapshot.file(crate::render::shared::MOVED_MAP)?;
    let key = format!("\"{path}\" \"");
    let map = std::str::from_utf8(map).ok()?;
    let line = map.lines().find(|line| line.starts_with(&key))?;
    let location = line[key.len()..].split('"').next()?;
    Some(location.to_owned())
}

/// The site file of the page that a reserved URL's `page` parameter names (the page's
/// `location.pathname`, as the live script sends it); "" when there is none.
fn page_of(url: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let page = query.split('&').find_map(|pair| pair.strip_prefix("page="));
    page.and_then(site_path)
        .map(|site| file_of(&site))
        .unwrap_or_default()
}

/// The file a site path names: a folder's `index.html`.
fn file_of(site: &super::url_path::SitePath) -> String {
    if site.folder {
        index_of(&site.path)
    } else {
        site.path.clone()
    }
}

fn index_of(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".into()
    } else {
        format!("{folder}/index.html")
    }
}

/// The not-found page. It carries the live script, so it shows the overlay of a failed build
/// and turns into the page once a build creates it.
fn not_found(snapshot: &Snapshot) -> Route {
    let note = if snapshot.build == 0 {
        "Chưa có bản dựng thành công nào: sửa lỗi trong nội dung, trang sẽ tự tải lại."
    } else {
        "Trang này không có trong bản dựng hiện tại."
    };
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n\
         <title>Không tìm thấy trang</title>\n</head>\n<body>\n\
         <h1>404 — Không tìm thấy trang</h1>\n<p>{note}</p>\n\
         <p><a href=\"/index.html\">Về trang chủ</a></p>\n</body>\n</html>\n"
    );
    Route::Reply(Reply {
        status: 404,
        content_type: content_type("404.html"),
        location: None,
        allow: None,
        immutable: false,
        body: with_live_script(html.as_bytes(), snapshot.build),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;

    fn site() -> Snapshot {
        let files: HashMap<String, Arc<[u8]>> = [
            ("index.html", "<html><body>home</body></html>"),
            ("2025/08/09/index.html", "<body>day</body>"),
            ("2025/08/09/charts/a.svg", "<svg/>"),
            ("assets/style.css", "p{}"),
            ("files/b.0123456789abcdef.svg", "<svg/>"),
            (
                ".daybrief-moved.map",
                "\"2025/08/09/charts/b.svg\" \"../../../../files/b.0123456789abcdef.svg\";\n",
            ),
        ]
        .into_iter()
        .map(|(p, b)| (p.to_string(), Arc::from(b.as_bytes())))
        .collect();
        Snapshot {
            build: 3,
            versions: Arc::new(files.keys().map(|path| (path.clone(), 3)).collect()),
            theme: 3,
            files: Arc::new(files),
            ahead: Arc::default(),
            problem: None,
        }
    }

    fn reply(method: &str, url: &str) -> Reply {
        match route(method, url, &site()) {
            Route::Reply(r) => r,
            Route::Events { .. } => panic!("{url} routed to events"),
        }
    }

    fn body(r: &Reply) -> &str {
        std::str::from_utf8(&r.body).unwrap()
    }

    #[test]
    fn html_gets_the_live_script_and_folders_their_index() {
        let r = reply("GET", "/");
        assert_eq!(
            (r.status, r.content_type),
            (200, "text/html; charset=utf-8")
        );
        assert_eq!(
            body(&r),
            "<html><body>home<script src=\"/__daybrief/live.js\" data-build=\"3\"></script>\n</body></html>"
        );
        let day = reply("GET", "/2025/08/09/?x=1");
        assert_eq!(day.status, 200);
        assert!(body(&day).starts_with("<body>day<script src=\"/__daybrief/live.js\""));
    }

    #[test]
    fn other_files_are_served_as_they_are() {
        let svg = reply("GET", "/2025/08/09/charts/a.svg");
        assert_eq!(
            (svg.status, svg.content_type, body(&svg)),
            (200, "image/svg+xml", "<svg/>")
        );
        let css = reply("HEAD", "/assets/style.css");
        assert_eq!(
            (css.status, css.content_type),
            (200, "text/css; charset=utf-8")
        );
        assert_eq!(body(&css), "p{}");
    }

    #[test]
    fn only_files_named_by_their_content_may_be_kept_by_the_browser() {
        let kept = |url| reply("GET", url).immutable;
        assert!(kept("/files/b.0123456789abcdef.svg"));
        for url in [
            "/",
            "/2025/08/09/",
            "/2025/08/09/charts/a.svg",
            "/assets/style.css",
            "/2025/08/09/charts/b.svg",
            "/__daybrief/live.js",
            "/nope.html",
        ] {
            assert!(!kept(url), "{url}");
        }
    }

    #[test]
    fn a_folder_without_slash_redirects() {
        let r = reply("GET", "/2025/08/09");
        assert_eq!(
            (r.status, r.location.as_deref()),
            (302, Some("/2025/08/09/"))
        );
    }

    #[test]
    fn an_old_chart_address_redirects_to_its_shared_file() {
        let r = reply("GET", "/2025/08/09/charts/b.svg");
        assert_eq!(
            (r.status, r.location.as_deref()),
            (301, Some("../../../../files/b.0123456789abcdef.svg"))
        );
        assert_eq!(reply("GET", "/2025/08/09/charts/c.svg").status, 404);
    }

    #[test]
    fn missing_and_climbing_paths_are_not_found() {
        for url in [
            "/nope.html",
            "/2025/08/",
            "/../Cargo.toml",
            "/assets/%2e%2e/%2e%2e/x",
            "/__daybrief/x",
        ] {
            let r = reply("GET", url);
            assert_eq!(r.status, 404, "{url}");
            assert!(body(&r).contains("404 — Không tìm thấy trang"), "{url}");
            assert!(body(&r).contains("data-build=\"3\""), "{url}");
        }
    }

    #[test]
    fn server_paths() {
        assert_eq!(
            route("GET", "/__daybrief/events", &site()),
            Route::Events { page: "".into() }
        );
        assert_eq!(
            route("GET", "/__daybrief/events?page=/2025/08/09/", &site()),
            Route::Events {
                page: "2025/08/09/index.html".into()
            }
        );
        let head = reply("HEAD", "/__daybrief/events");
        assert_eq!(
            (head.status, head.content_type),
            (200, "text/event-stream; charset=utf-8")
        );
        let js = reply("GET", "/__daybrief/live.js");
        assert_eq!(js.content_type, "text/javascript; charset=utf-8");
        assert_eq!(body(&js), LIVE_JS);
        let status = reply("GET", "/__daybrief/status.json");
        assert_eq!(status.content_type, "application/json");
        assert_eq!(
            body(&status),
            r#"{"build":3,"page":3,"ok":true,"findings":[]}"#
        );
    }

    #[test]
    fn only_get_and_head() {
        let r = reply("POST", "/");
        assert_eq!((r.status, r.allow), (405, Some("GET, HEAD")));
    }
}
