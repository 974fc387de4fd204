//! Reading a request's head (request line and headers) from a connection, bounded in size:
//! all `serve` needs of a request is its method, its target and whether the connection may
//! stay open. A request with a body is answered, then its connection closed (nothing here
//! takes a body, so where the next request would start is not known).

use std::io::{BufRead, Read};

/// The longest head read: request line and headers together. A browser's are under 2 KB.
pub const MAX_HEAD: u64 = 16 * 1024;

/// What `serve` uses of a request.
#[derive(Debug, PartialEq, Eq)]
pub struct Head {
    /// The method, as sent (`GET`, `HEAD`, …).
    pub method: String,
    /// The request target, as sent (`/2025/08/09/?x=1`).
    pub target: String,
    /// Whether the connection may carry another request after this one's response.
    pub keep_alive: bool,
}

/// Why a head was refused: the status to answer with before closing the connection.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// 400: not an HTTP/1.x request line and headers in UTF-8.
    Malformed,
    /// 431: longer than [`MAX_HEAD`].
    TooLarge,
}

impl Refused {
    /// The status code to answer with.
    pub fn status(&self) -> u16 {
        match self {
            Refused::Malformed => 400,
            Refused::TooLarge => 431,
        }
    }
}

/// Reads the next request's head. `Ok(None)` when the connection ended or stayed idle past its
/// read timeout before a whole head came.
pub fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, Refused> {
    let mut limited = reader.take(MAX_HEAD);
    let mut lines = Vec::new();
    loop {
        let mut line = Vec::new();
        match limited.read_until(b'\n', &mut line) {
            Ok(0) if limited.limit() == 0 => return Err(Refused::TooLarge),
            Ok(0) => return Ok(None),
            Ok(_) if !line.ends_with(b"\n") => {
                return if limited.limit() == 0 {
                    Err(Refused::TooLarge)
                } else {
                    Ok(None)
                };
            }
            Ok(_) => {}
            // Idle past the read timeout, or reset: no request.
            Err(_) => return Ok(None),
        }
        let text = String::from_utf8(line).map_err(|_| Refused::Malformed)?;
        let text = text.trim_end_matches(['\r', '\n']);
        // Empty lines before the request line are allowed (RFC 9112, 2.2).
        if text.is_empty() && lines.is_empty() {
            continue;
        }
        if text.is_empty() {
            break;
        }
        lines.push(text.to_owned());
    }
    parse(&lines).map(Some)
}

fn parse(lines: &[String]) -> Result<Head, Refused> {
    let (request_line, headers) = lines.split_first().ok_or(Refused::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refused::Malformed);
    };
    let is_token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    if !is_token(method) || target.is_empty() {
        return Err(Refused::Malformed);
    }
    let http_1_1 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(Refused::Malformed),
    };
    let mut keep_alive = http_1_1;
    for header in headers {
        let (name, value) = header.split_once(':').ok_or(Refused::Malformed)?;
        let value = value.trim().to_ascii_lowercase();
        if name.eq_ignore_ascii_case("connection") {
            if value.split(',').any(|v| v.trim() == "close") {
                keep_alive = false;
            } else if value.split(',').any(|v| v.trim() == "keep-alive") {
                keep_alive = true;
            }
        }
        let has_body = (name.eq_ignore_ascii_case("content-length") && value != "0")
            || name.eq_ignore_ascii_case("transfer-encoding");
        if has_body {
            keep_alive = false;
        }
    }
    Ok(Head {
        method: method.to_owned(),
        target: target.to_owned(),
        keep_alive,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    fn head(text: &str) -> Result<Option<Head>, Refused> {
        read_head(&mut io::Cursor::new(text.as_bytes().to_vec()))
    }

    fn get(target: &str, keep_alive: bool) -> Result<Option<Head>, Refused> {
        Ok(Some(Head {
            method: "GET".into(),
            target: target.into(),
            keep_alive,
        }))
    }

    #[test]
    fn a_browsers_request_keeps_its_connection_unless_it_says_close() {
        let chromium = "GET /2025/08/09/ HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\
                        Connection: keep-alive\r\nAccept: text/html\r\n\r\n";
        assert_eq!(head(chromium), get("/2025/08/09/", true));
        assert_eq!(
            head("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            get("/a", false)
        );
        assert_eq!(head("\r\nGET /a HTTP/1.1\r\n\r\n"), get("/a", true));
    }

    #[test]
    fn http_1_0_closes_unless_asked_to_keep_alive() {
        assert_eq!(head("GET /a HTTP/1.0\r\n\r\n"), get("/a", false));
        assert_eq!(
            head("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"),
            get("/a", true)
        );
    }

    #[test]
    fn a_request_with_a_body_closes_its_connection() {
        assert_eq!(
            head("GET /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
            get("/a", false)
        );
        assert_eq!(
            head("GET /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            get("/a", false)
        );
    }

    #[test]
    fn a_connection_ended_before_a_whole_head_is_no_request() {
        assert_eq!(head(""), Ok(None));
        assert_eq!(head("GET /a HTTP/1.1\r\nHost: x"), Ok(None));
        assert_eq!(head("GET /a HTTP/1.1\r\n"), Ok(None));
    }

    #[test]
    fn malformed_heads_are_refused() {
        for text in [
            "GET /a\r\n\r\n",
            "GET /a HTTP/2.0\r\n\r\n",
            "GET  /a HTTP/1.1\r\n\r\n",
            "G3T /a HTTP/1.1\r\n\r\n",
            "GET /a HTTP/1.1 x\r\n\r\n",
            "GET /a HTTP/1.1\r\nno colon\r\n\r\n",
        ] {
            assert_eq!(head(text), Err(Refused::Malformed), "{text:?}");
        }
        let not_utf8 = b"GET /\xff HTTP/1.1\r\n\r\n".to_vec();
        assert_eq!(
            read_head(&mut io::Cursor::new(not_utf8)),
            Err(Refused::Malformed)
        );
    }

    #[test]
    fn a_head_longer_than_the_limit_is_refused() {
        let long = format!("GET /a HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(head(&long), Err(Refused::TooLarge));
        let endless = "x".repeat(20_000);
        assert_eq!(head(&endless), Err(Refused::TooLarge));
    }
}
