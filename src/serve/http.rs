//! The HTTP side, on `tiny_http`: a few worker threads answer requests from the current
//! snapshot; each event stream gets a thread of its own, since it stays open.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::thread;
use std::time::Duration;

use tiny_http::{Header, Request, Response, Server};

use super::Shared;
use super::events::state_event;
use super::routes::{Reply, Route, route};

/// Request threads. Replies come from memory, so a few are plenty for one person's browser.
const WORKERS: usize = 4;
/// An idle event stream gets a comment this often, so a closed page is noticed and dropped.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The server listening on `address`, with Nagle's algorithm off for its connections.
///
/// tiny_http writes a response's head and body in separate writes. On a connection the browser
/// keeps alive, Nagle's algorithm then holds the body until the head is acknowledged, and the
/// browser delays that acknowledgement (40 ms on Linux, 200 ms on Windows): every stylesheet
/// and chart of a reloaded page waited that long. Linux gives each accepted connection the
/// listener's `TCP_NODELAY`; elsewhere connections keep the system's default.
pub fn listen(address: SocketAddr) -> Result<Server, Box<dyn std::error::Error + Send + Sync>> {
    Server::from_listener(listener(address)?, None)
}

fn listener(address: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(address)?;
    #[cfg(target_os = "linux")]
    rustix::net::sockopt::set_tcp_nodelay(&listener, true)?;
    Ok(listener)
}

/// Starts the request threads.
pub fn spawn_workers(server: Arc<Server>, shared: Arc<Shared>) {
    for _ in 0..WORKERS {
        let server = server.clone();
        let shared = shared.clone();
        thread::spawn(move || {
            for request in server.incoming_requests() {
                handle(request, &shared);
            }
        });
    }
}

fn handle(request: Request, shared: &Arc<Shared>) {
    let snapshot = shared.state.current();
    match route(request.method().as_str(), request.url(), &snapshot) {
        Route::Reply(reply) => {
            // The browser may have gone already; nothing to tell anyone.
            let _ = request.respond(response(reply));
        }
        Route::Events { page } => {
            let shared = shared.clone();
            thread::spawn(move || stream_events(request, &page, &shared));
        }
    }
}

fn response(reply: Reply) -> Response<std::io::Cursor<Vec<u8>>> {
    let headers = [
        ("Content-Type", Some(reply.content_type)),
        ("Cache-Control", Some(cache_control(reply.immutable))),
        ("X-Content-Type-Options", Some("nosniff")),
        ("Location", reply.location.as_deref()),
        ("Allow", reply.allow),
    ];
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in headers {
        // Our names and values are ASCII (`to_url` escapes the rest), so none is refused.
        if let Some(Ok(header)) = value.map(|v| Header::from_bytes(name, v)) {
            response = response.with_header(header);
        }
    }
    response
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

/// Writes the response head by hand and flushes each event: tiny_http's own responses buffer
/// a chunked body, which would hold events back.
/// Each event is the state as the page of `page` sees it then (see `Snapshot::version_of`).
fn stream_events(request: Request, page: &str, shared: &Shared) {
    let events = shared.hub.subscribe();
    let state = || state_event(&shared.state.current().status_json(page));
    let first = state();
    let mut writer = request.into_writer();
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

fn send(writer: &mut Box<dyn Write + Send>, text: &str) -> std::io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::net::{IpAddr, Ipv4Addr, TcpStream};

    #[test]
    fn the_listener_accepts_connections_without_delay() {
        let listener = super::listener((IpAddr::V4(Ipv4Addr::LOCALHOST), 0).into()).unwrap();
        let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (accepted, _) = listener.accept().unwrap();
        assert!(accepted.nodelay().unwrap());
    }
}
