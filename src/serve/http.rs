//! The HTTP side, on the standard library: a thread per connection reads its requests
//! ([`super::request`]) and answers each from the current snapshot, keeping the connection
//! open for the next (HTTP/1.1 keep-alive) until the browser closes it or it idles; an event
//! stream keeps its connection to itself.
//!
//! Not tiny_http, used until December 2026: its pool of connection threads counted a thread
//! woken for a new connection as idle until it had taken it, so a burst of connections (a
//! page's first load) could leave some queued behind kept-alive ones for as long as the
//! browser kept those open: a freshly started `serve` answered 4 of 12 connections opened at
//! once (README, "serve-reload").

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::thread;
use std::time::Duration;

use super::Shared;
use super::events::state_event;
use super::request::{Head, read_head};
use super::routes::{Reply, Route, route};

/// An idle event stream gets a comment this often, so a closed page is noticed and dropped.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// A kept-alive connection with no request for this long is closed.
const IDLE: Duration = Duration::from_secs(60);
/// Connections served at once; more are closed as they come (one person's browser opens
/// six or so, and one event stream per open page).
const MAX_CONNECTIONS: usize = 256;

/// Listens on `address`.
pub fn listen(address: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(address)
}

/// Accepts connections on `listener`, each on a thread of its own, until the process ends.
pub fn spawn_server(listener: TcpListener, shared: Arc<Shared>) {
    thread::spawn(move || {
        let open = Arc::new(AtomicUsize::new(0));
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                // Out of file handles, say: wait for some to be freed rather than spin.
                thread::sleep(Duration::from_millis(10));
                continue;
            };
            if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
                open.fetch_sub(1, Ordering::AcqRel);
                continue;
            }
            let (shared, served) = (shared.clone(), open.clone());
            let spawned = thread::Builder::new().spawn(move || {
                serve_connection(stream, &shared);
                served.fetch_sub(1, Ordering::AcqRel);
            });
            if spawned.is_err() {
                open.fetch_sub(1, Ordering::AcqRel);
            }
        }
    });
}

/// Answers the requests of one connection in turn.
fn serve_connection(stream: TcpStream, shared: &Shared) {
    // Each response is one write, but the event stream's are several: without this, each
    // would wait for the browser's delayed acknowledgement of the one before.
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(IDLE));
    let Ok(reading) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reading);
    let mut writer = stream;
    loop {
        let head = match read_head(&mut reader) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(refused) => {
                let reply = Reply::plain(refused.status(), "bad request\n");
                let _ = writer.write_all(&response_bytes(&reply, false, false));
                return;
            }
        };
        let Head {
            method,
            target,
            keep_alive,
        } = head;
        match route(&method, &target, &shared.state.current()) {
            Route::Reply(reply) => {
                let bytes = response_bytes(&reply, method == "HEAD", keep_alive);
                // The browser may have gone already; nothing to tell anyone.
                if writer.write_all(&bytes).is_err() || !keep_alive {
                    return;
                }
            }
            Route::Events { page } => return stream_events(writer, &page, shared),
        }
    }
}

/// The whole response to `reply`, written at once.
fn response_bytes(reply: &Reply, head_only: bool, keep_alive: bool) -> Vec<u8> {
    let length = reply.body.len().to_string();
    let headers = [
        ("Content-Type", Some(reply.content_type)),
        ("Content-Length", Some(length.as_str())),
        ("Cache-Control", Some(cache_control(reply.immutable))),
        ("X-Content-Type-Options", Some("nosniff")),
        ("Location", reply.location.as_deref()),
        ("Allow", reply.allow),
        (
            "Connection",
            Some(if keep_alive { "keep-alive" } else { "close" }),
        ),
    ];
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in headers {
        // A value that could end the header early is left out (ours are ASCII: `to_url`
        // escapes the rest).
        if let Some(value) = value.filter(|v| v.bytes().all(|b| (b' '..=b'~').contains(&b))) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    bytes
}

/// The reason phrase of the statuses `serve` answers with.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "",
    }
}

/// Files named by their content are kept a year, as `docs/nginx.conf` has them: a reload then
/// fetches the page, not its charts again. Everything else is fetched afresh on each load.
fn cache_control(immutable: bool) -> &'static str {
    if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-store"
    }
}

/// Streams the build events to a page, on its connection, until the page goes.
/// Each event is the state as the page of `page` sees it then (see `Snapshot::version_of`).
fn stream_events(mut writer: TcpStream, page: &str, shared: &Shared) {
    let events = shared.hub.subscribe();
    let state = || state_event(&shared.state.current().status_json(page));
    let first = state();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n\
                Cache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n";
    if send(&mut writer, &format!("{head}{first}")).is_err() {
        return;
    }
    loop {
        let message = match events.recv_timeout(KEEP_ALIVE) {
            // Builds that ended meanwhile are told once: the state is the latest.
            Ok(()) => {
                while events.try_recv().is_ok() {}
                state()
            }
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_owned(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut writer, &message).is_err() {
            return;
        }
    }
}

fn send(writer: &mut TcpStream, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::{IpAddr, Ipv4Addr, TcpStream};
    use std::sync::Arc;

    fn reply(status: u16, location: Option<&str>, body: &str) -> super::Reply {
        super::Reply {
            location: location.map(str::to_owned),
            ..super::Reply::plain(status, body)
        }
    }

    #[test]
    fn a_reply_is_sent_whole_saying_whether_the_connection_stays() {
        let sent = super::response_bytes(&reply(200, None, "trang"), false, true);
        assert_eq!(
            String::from_utf8(sent).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: 5\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Connection: keep-alive\r\n\r\ntrang"
        );
    }

    #[test]
    fn a_head_request_gets_the_headers_alone_and_a_redirect_its_location() {
        let sent = super::response_bytes(&reply(301, Some("../files/a.svg"), "x"), true, false);
        assert_eq!(
            String::from_utf8(sent).unwrap(),
            "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Length: 1\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\
             Location: ../files/a.svg\r\nConnection: close\r\n\r\n"
        );
        let split = reply(302, Some("/a\r\nSet-Cookie: x"), "");
        let sent = String::from_utf8(super::response_bytes(&split, false, true)).unwrap();
        assert!(!sent.contains("Set-Cookie"), "{sent}");
    }

    /// Sends `request` on `stream` and reads one response of `length` body bytes.
    fn exchange(stream: &mut TcpStream, request: &str) -> String {
        stream.write_all(request.as_bytes()).unwrap();
        let mut received = Vec::new();
        let mut buffer = [0; 4096];
        while !received.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "closed before a response");
            received.extend_from_slice(&buffer[..n]);
        }
        String::from_utf8_lossy(&received).into_owned()
    }

    #[test]
    fn every_connection_of_a_burst_is_answered_and_kept_alive() {
        let listener = super::listen((IpAddr::V4(Ipv4Addr::LOCALHOST), 0).into()).unwrap();
        let address = listener.local_addr().unwrap();
        super::spawn_server(listener, Arc::new(super::Shared::default()));
        // All opened before any is used, as a browser does on a page's first load; tiny_http
        // left some of these queued for as long as the others stayed open.
        let mut streams: Vec<TcpStream> = (0..12)
            .map(|_| TcpStream::connect(address).unwrap())
            .collect();
        for stream in &mut streams {
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(120)))
                .unwrap();
        }
        for round in 0..2 {
            for stream in &mut streams {
                let answer = exchange(stream, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
                assert!(
                    answer.starts_with("HTTP/1.1 404 Not Found\r\n"),
                    "{round}: {answer}"
                );
                assert!(answer.contains("Connection: keep-alive\r\n"), "{answer}");
            }
        }
    }

    #[test]
    fn a_malformed_request_is_refused_and_its_connection_closed() {
        let listener = super::listen((IpAddr::V4(Ipv4Addr::LOCALHOST), 0).into()).unwrap();
        let address = listener.local_addr().unwrap();
        super::spawn_server(listener, Arc::new(super::Shared::default()));
        let mut stream = TcpStream::connect(address).unwrap();
        stream.write_all(b"BONJOUR\r\n\r\n").unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{answer}"
        );
        assert!(
            answer.ends_with("Connection: close\r\n\r\nbad request\n"),
            "{answer}"
        );
    }
}
