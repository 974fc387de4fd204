//! `daybrief serve` end to end: the real binary on a free port, serving a copy of the fixture;
//! a page is fetched, a day file edited, and the reload event and the new bytes observed; a
//! broken file gives the overlay data while the last good page is still served.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use common::{copy_tree, fixture, render};

/// Generous: the waits only guard against a hang, they measure nothing.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `daybrief serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_daybrief"))
        .args(["serve", "--port", "0", "--content", "content"])
        .current_dir(site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("daybrief starts");
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    thread::spawn(move || {
        // Reads to the end even when nobody listens, so the server never writes to a closed pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut server = Server {
        child,
        address: String::new(),
    };
    loop {
        let line = received
            .recv_timeout(PATIENCE)
            .expect("serve prints its URL");
        if let Some(url) = line.strip_prefix("serving http://") {
            server.address = url.trim_end_matches('/').to_owned();
            return server;
        }
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

fn request(address: &str, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    Reply {
        status: head[9..12].parse().unwrap(),
        head: format!("{}\r\n", head.to_ascii_lowercase()),
        body: body.to_owned(),
    }
}

fn get(address: &str, path: &str) -> Reply {
    request(address, "GET", path)
}

/// Opens the event stream of the page at `page`, as its live script does; yields the `data:`
/// of each event.
fn events(address: &str, page: &str) -> Receiver<String> {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET /__daybrief/events?page={page} HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .unwrap();
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ")
                && sender.send(data.to_owned()).is_err()
            {
                break;
            }
        }
    });
    receiver
}

/// Waits for the first event whose data starts with `prefix`.
fn wait_for(events: &Receiver<String>, prefix: &str) -> String {
    loop {
        let data = events
            .recv_timeout(PATIENCE)
            .unwrap_or_else(|_| panic!("no event starting with {prefix}"));
        if data.starts_with(prefix) {
            return data;
        }
    }
}

/// Saves as editors do: a scratch file renamed over the real one, so the watcher sees one change.
fn save(path: &Path, text: &str) {
    let scratch = path.with_file_name(".daybrief-test-save.tmp");
    std::fs::write(&scratch, text).unwrap();
    std::fs::rename(&scratch, path).unwrap();
}

#[test]
fn edits_reload_and_errors_keep_the_last_good_page() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), dir.path());
    let day = dir.path().join("content/2025/08/09.yaml");
    let original = std::fs::read_to_string(&day).unwrap();
    let server = start(dir.path());
    let address = server.address.as_str();

    let page = get(address, "/2025/08/09/");
    assert_eq!(page.status, 200);
    assert!(page.head.contains("content-type: text/html; charset=utf-8"));
    assert!(page.body.contains(">16/17<"));
    assert!(
        page.body
            .contains("<script src=\"/__daybrief/live.js\" data-build=\"1\"></script>\n</body>")
    );

    let stream = events(address, "/2025/08/09/");
    let home = events(address, "/");
    let other_day = events(address, "/2025/08/08/index.html");
    assert_eq!(
        wait_for(&stream, "{"),
        r#"{"build":1,"page":1,"ok":true,"findings":[]}"#
    );

    // Correct a figure: the changed days' pages are served first (build 2), the site-wide pages
    // next (build 3). Each page is told its own version: the open day page reloads once, into
    // the new bytes; the home page (it shows the build id) reloads after the site-wide step; a
    // day the change does not touch is left alone.
    let corrected = original.replace("\"16/17\"", "\"15/17\"");
    assert_ne!(corrected, original);
    save(&day, &corrected);
    assert_eq!(
        wait_for(&stream, r#"{"build":3"#),
        r#"{"build":3,"page":2,"ok":true,"findings":[]}"#
    );
    assert_eq!(
        wait_for(&home, r#"{"build":3"#),
        r#"{"build":3,"page":3,"ok":true,"findings":[]}"#
    );
    assert_eq!(
        wait_for(&other_day, r#"{"build":3"#),
        r#"{"build":3,"page":1,"ok":true,"findings":[]}"#
    );
    let page = get(address, "/2025/08/09/");
    assert!(page.body.contains(">15/17<"));
    assert!(!page.body.contains(">16/17<"));
    assert!(page.body.contains("data-build=\"2\""));

    // Break the file: the overlay data names the place; the last good page stays.
    save(&day, &corrected.replacen("title:", "titel:", 1));
    let failed = wait_for(&stream, r#"{"build":3,"page":2,"ok":false"#);
    let expected_start = concat!(
        r#"{"build":3,"page":2,"ok":false,"findings":[{"severity":"error","#,
        r#""file":"content/2025/08/09.yaml","line":3,"column":1,"#,
        r#""message":"unknown field `titel`","#,
        r#""text":"error: unknown field `titel`\n --> content/2025/08/09.yaml:3:1\n  |\n"#,
        r#"3 | titel: \"Về tình hình thử nghiệm\"\n  | ^^^^^ one of: date,"#,
    );
    assert!(failed.starts_with(expected_start), "{failed}");
    assert!(
        failed.ends_with(r#"\n  = help: did you mean `title`?"}]}"#),
        "{failed}"
    );
    assert_eq!(
        get(address, "/__daybrief/status.json?page=/2025/08/09/").body,
        failed
    );
    let kept = get(address, "/2025/08/09/");
    assert_eq!(kept.status, 200);
    assert!(kept.body.contains(">15/17<"));
    assert!(kept.body.contains("data-build=\"2\""));

    // Fix it: the next build clears the overlay; the page is as it was, so it stays.
    save(&day, &corrected);
    assert_eq!(
        wait_for(&stream, r#"{"build":4"#),
        r#"{"build":4,"page":2,"ok":true,"findings":[]}"#
    );
    assert_eq!(
        get(address, "/__daybrief/status.json").body,
        r#"{"build":4,"page":4,"ok":true,"findings":[]}"#
    );
}

#[test]
fn serves_types_heads_and_refuses_what_is_not_there() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("base"), dir.path());
    let server = start(dir.path());
    let address = server.address.as_str();

    // Charts and CSV files are shared files named by their content; their old addresses
    // redirect there.
    let shared = |old: &str| {
        let moved = get(address, old);
        assert_eq!(moved.status, 301, "{old}");
        let location = moved
            .head
            .lines()
            .find_map(|l| l.strip_prefix("location: "))
            .expect("a Location header")
            .to_owned();
        let name = location.rsplit('/').next().unwrap_or_default();
        assert!(location.starts_with("../../../../files/"), "{location}");
        format!("/files/{name}")
    };
    let ban_do = shared("/2025/08/09/charts/ban_do.svg");
    let tien_do = shared("/2025/08/09/appendices/tien_do.csv");
    let types = [
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/deck.js", "text/javascript; charset=utf-8"),
        (ban_do.as_str(), "image/svg+xml"),
        (tien_do.as_str(), "text/csv; charset=utf-8"),
        ("/__daybrief/live.js", "text/javascript; charset=utf-8"),
        ("/__daybrief/status.json", "application/json"),
    ];
    for (path, kind) in types {
        let reply = get(address, path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.head.contains(&format!("content-type: {kind}\r\n")),
            "{path}"
        );
    }

    let full = get(address, "/index.html");
    let head = request(address, "HEAD", "/index.html");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    let length = format!("content-length: {}\r\n", full.body.len());
    assert!(head.head.contains(&length), "{}", head.head);

    let folder = get(address, "/2025/08/09");
    assert_eq!(folder.status, 302);
    assert!(folder.head.contains("location: /2025/08/09/\r\n"));

    for path in [
        "/2025/08/11/",
        "/../Cargo.toml",
        "/%2e%2e/content/publication.yaml",
    ] {
        let missing = get(address, path);
        assert_eq!(missing.status, 404, "{path}");
        assert!(
            missing.body.contains("404 — Không tìm thấy trang"),
            "{path}"
        );
    }
    assert_eq!(request(address, "POST", "/").status, 405);
}

#[test]
fn nothing_of_the_live_reload_is_in_a_built_site() {
    let site = render(&fixture("base/content"));
    assert!(site.len() > 10);
    for (path, text) in &site {
        assert!(!text.contains("__daybrief"), "{path}");
    }
}
